//! Collects results as probes finish, holds back those that hinge on a
//! not-found baseline, and applies the indeterminate rule per deployment.
//!
//! A single-page app answers every path with the same shell, so its routes
//! all match the baseline: calling them `soft-missing` would be a guess and
//! calling them `present` a lie. When nothing a deployment answered with 2xx
//! differed from its baseline, those results become `indeterminate`.

use std::collections::HashMap;

use super::observer::Observer;
use super::planned::PlannedProbe;
use super::result::ProbeResult;
use super::strategy::Outcome;
use super::verdict::Verdict;

/// Results of a run, by plan index, and the state of each deployment.
pub struct Tally {
    slots: Vec<Option<ProbeResult>>,
    deployments: HashMap<String, DeploymentTally>,
}

#[derive(Default)]
struct DeploymentTally {
    remaining: usize,
    /// Some 2xx answer differed from the baseline: the deployment tells
    /// known paths from unknown ones.
    distinguishes: bool,
    /// Probes of the whole matrix outside this run can still decide.
    reserve: bool,
    held: Vec<(usize, ProbeResult)>,
}

impl Tally {
    #[must_use]
    pub fn new(probes: usize) -> Self {
        Self { slots: vec![None; probes], deployments: HashMap::new() }
    }

    /// Announces `count` more probes of a deployment.
    pub fn expect(&mut self, deployment: &str, count: usize) {
        self.deployments.entry(deployment.to_owned()).or_default().remaining += count;
    }

    /// Stores a final result at once.
    pub fn settle(&mut self, index: usize, outcome: Outcome, observer: &dyn Observer) {
        observer.probe_done(&outcome.result);
        if let Some(slot) = self.slots.get_mut(index) {
            *slot = Some(outcome.result);
        }
    }

    /// Notes that the deployment has reserve probes: probes of the whole
    /// matrix outside this run, asked when its own leave the rule undecided.
    pub fn has_reserve(&mut self, deployment: &str) {
        self.deployments.entry(deployment.to_owned()).or_default().reserve = true;
    }

    /// Stores a result of an announced deployment, holding it back if the
    /// indeterminate rule may still change it.
    pub fn record(&mut self, index: usize, outcome: Outcome, observer: &dyn Observer) {
        let name = outcome.result.deployment.clone();
        let Some(tally) = self.deployments.get_mut(name.as_str()) else {
            return self.settle(index, outcome, observer);
        };
        tally.distinguishes |= distinguishes(&outcome);
        tally.remaining = tally.remaining.saturating_sub(1);
        // Undecided with a reserve to ask: held until the reserve has spoken.
        let done = tally.remaining == 0 && (tally.distinguishes || !tally.reserve);
        if outcome.hinges_on_baseline {
            tally.held.push((index, outcome.result));
        } else {
            self.settle(index, outcome, observer);
        }
        if done {
            self.release(&name, observer);
        }
    }

    /// Deployments whose own probes are all done, whose held results wait on
    /// the rule, and which have not told a known path from an unknown one.
    #[must_use]
    pub fn undecided(&self) -> Vec<String> {
        let waiting = |tally: &DeploymentTally| tally.remaining == 0 && !tally.distinguishes && !tally.held.is_empty();
        self.deployments.iter().filter(|(_, tally)| waiting(tally)).map(|(name, _)| name.clone()).collect()
    }

    /// A reserve probe's answer: it counts for the rule, and is not reported.
    pub fn reserve_answered(&mut self, deployment: &str, outcome: &Outcome) {
        if let Some(tally) = self.deployments.get_mut(deployment) {
            tally.distinguishes |= distinguishes(outcome);
        }
    }

    /// Releases a deployment's held results, indeterminate if it never
    /// told a known path from an unknown one.
    fn release(&mut self, name: &str, observer: &dyn Observer) {
        let Some(tally) = self.deployments.get_mut(name) else { return };
        let indeterminate = !tally.distinguishes;
        for (index, mut result) in std::mem::take(&mut tally.held) {
            if indeterminate {
                make_indeterminate(&mut result);
            }
            observer.probe_done(&result);
            if let Some(slot) = self.slots.get_mut(index) {
                *slot = Some(result);
            }
        }
    }

    /// Every result in plan order; a probe whose task died gets an error.
    pub fn finish(mut self, plan: &[PlannedProbe], observer: &dyn Observer) -> Vec<ProbeResult> {
        let names: Vec<String> = self.deployments.keys().cloned().collect();
        for name in names {
            self.release(&name, observer);
        }
        // In place: the slots become the results, with no second buffer of
        // 30,000 results beside them (docs/benchmarks.md).
        let died = |planned: &PlannedProbe| {
            let outcome = Outcome::failed(planned, Verdict::Error, "internal error: the probe ended without a result");
            observer.probe_done(&outcome.result);
            outcome.result
        };
        self.slots.into_iter().zip(plan).map(|(slot, planned)| slot.unwrap_or_else(|| died(planned))).collect()
    }
}

/// A page that differs from its not-found baseline.
fn distinguishes(outcome: &Outcome) -> bool {
    outcome.answered_success && !outcome.baseline_matched
}

fn make_indeterminate(result: &mut ProbeResult) {
    result.verdict = Verdict::Indeterminate;
    result.detail = Some(format!(
        "`{}` answers every path with the same page (a single-page app?), so HTTP cannot tell whether this route \
         exists; declare a `marker` regex for it or provide a route manifest",
        result.deployment
    ));
}
