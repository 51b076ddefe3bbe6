//! Running a scan's independent jobs on every core: the walked files in
//! contiguous chunks, the projects' code extractors a batch at a time. Results
//! come back in the jobs' order, so a scan's output does not depend on which
//! thread finished first.

use std::sync::{Mutex, MutexGuard, PoisonError};

/// The stack of a thread that runs a job: a main thread's, since extractors
/// recurse over nesting up to [`code::MAX_DEPTH`](super::code::MAX_DEPTH).
const STACK: usize = 8 * 1024 * 1024;

/// How many jobs run at once: the machine's cores (one when unknown).
#[must_use]
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
}

/// Runs every job, each on a thread of its own but the first, which runs on
/// this one, and returns their results in the jobs' order. This thread then
/// takes any job whose thread has not started yet, or that the system
/// would not start: every job runs at most once, and each once when none
/// panics. A job that panics makes this panic, once every thread started
/// has finished.
pub fn on_threads<T: Send, F: FnOnce() -> T + Send>(jobs: Vec<F>) -> Vec<T> {
    if jobs.len() <= 1 {
        return jobs.into_iter().map(|job| job()).collect();
    }
    let slots: Vec<Mutex<Option<F>>> = jobs.into_iter().map(|job| Mutex::new(Some(job))).collect();
    let results: Vec<Mutex<Option<T>>> = slots.iter().map(|_| Mutex::new(None)).collect();
    let run = |i: usize| {
        let job = lock(&slots[i]).take();
        if let Some(job) = job {
            let result = job();
            *lock(&results[i]) = Some(result);
        }
    };
    std::thread::scope(|scope| {
        for i in 1..slots.len() {
            // Not started: its job is left in its slot for the loop below.
            let _ = std::thread::Builder::new().stack_size(STACK).spawn_scoped(scope, move || run(i));
        }
        (0..slots.len()).for_each(run);
    });
    results
        .into_iter()
        .map(|result| result.into_inner().unwrap_or_else(PoisonError::into_inner).expect("every job ran to its end"))
        .collect()
}

/// A lock whose holder may have panicked: the scope re-raises that panic,
/// so what the lock guards is only read on the way there.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_job_runs_once_and_results_keep_the_jobs_order() {
        let ran = Mutex::new(Vec::new());
        let jobs: Vec<_> = (0..16)
            .map(|i| {
                let ran = &ran;
                move || {
                    // Later jobs finish first.
                    std::thread::sleep(std::time::Duration::from_millis(16 - i));
                    lock(ran).push(i);
                    i * 10
                }
            })
            .collect();
        assert_eq!(on_threads(jobs), (0..16).map(|i| i * 10).collect::<Vec<_>>());
        let mut ran = ran.into_inner().unwrap();
        ran.sort_unstable();
        assert_eq!(ran, (0..16).collect::<Vec<_>>(), "each job exactly once");
    }

    #[test]
    fn a_job_that_panics_is_not_lost() {
        let jobs: Vec<Box<dyn FnOnce() -> u32 + Send>> = vec![Box::new(|| 1), Box::new(|| panic!("a reader's bug"))];
        assert!(std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| on_threads(jobs))).is_err());
    }
}
