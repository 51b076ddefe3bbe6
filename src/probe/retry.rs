//! When to try a request again, how long to wait, and when to give up.
//!
//! A busy or restarting deployment answers 429, 502, 503 or 504, or not at
//! all; one more try after a pause often gets the real answer. The pause is
//! the server's `Retry-After` when it gives one (cut to the policy's limit),
//! else an exponential backoff with jitter (`backon`). A [`Budget`] caps the
//! time a whole fetch may spend on the network and in pauses, so a probe ends
//! within about `timeout × (retries + 1)` plus the pauses, whatever the server
//! does.

use std::time::{Duration, SystemTime};

use backon::{BackoffBuilder, ExponentialBuilder};

use super::policy::ProbePolicy;

/// The first backoff pause; later pauses double.
const FIRST_PAUSE: Duration = Duration::from_millis(100);

/// Statuses that mean "not now" rather than "no".
#[must_use]
pub fn is_retryable_status(status: u16) -> bool {
    matches!(status, 429 | 502 | 503 | 504)
}

/// Parses `Retry-After`: delay seconds or an HTTP date (RFC 9110 §10.2.3).
/// A date in the past means no wait; anything unparsable is ignored.
#[must_use]
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = jiff::fmt::rfc2822::DateTimeParser::new().parse_timestamp(value).ok()?;
    let when = SystemTime::from(when);
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

/// The pauses between attempts: the server's word when it gives one, else
/// exponential backoff; never longer than `max_retry_after`.
pub struct Pauses {
    backoff: backon::ExponentialBackoff,
    longest: Duration,
}

impl Pauses {
    #[must_use]
    pub fn new(policy: &ProbePolicy) -> Self {
        let longest = policy.max_retry_after;
        let backoff = ExponentialBuilder::new()
            .with_min_delay(FIRST_PAUSE.min(longest))
            .with_max_delay(longest)
            .with_factor(2.0)
            .with_jitter()
            .with_jitter_seed(seed())
            .without_max_times()
            .build();
        Self { backoff, longest }
    }

    /// The next pause, honouring the server's `Retry-After` if any.
    pub fn next(&mut self, retry_after: Option<Duration>) -> Duration {
        let computed = self.backoff.next().unwrap_or(self.longest);
        retry_after.unwrap_or(computed).min(self.longest)
    }
}

fn seed() -> u64 {
    SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map_or(0x9e37_79b9, |since| {
        // Nanoseconds differ between probes started in the same second.
        u64::from(since.subsec_nanos()) ^ since.as_secs()
    })
}

/// The time a fetch may still spend on the network and pausing, and the
/// retries it may still make.
#[derive(Clone, Copy, Debug)]
pub struct Budget {
    remaining: Duration,
    retries_left: u32,
}

impl Budget {
    /// `timeout × (retries + 1)` for requests plus `max_retry_after ×
    /// retries` for pauses; waiting for a concurrency slot does not count.
    #[must_use]
    pub fn new(policy: &ProbePolicy) -> Self {
        let attempts = policy.retries.saturating_add(1);
        let remaining = policy
            .timeout
            .saturating_mul(attempts)
            .saturating_add(policy.max_retry_after.saturating_mul(policy.retries));
        Self { remaining, retries_left: policy.retries }
    }

    #[must_use]
    pub fn remaining(&self) -> Duration {
        self.remaining
    }

    #[must_use]
    pub fn is_spent(&self) -> bool {
        self.remaining.is_zero()
    }

    pub fn spend(&mut self, time: Duration) {
        self.remaining = self.remaining.saturating_sub(time);
    }

    /// Takes one retry if any is left.
    pub fn take_retry(&mut self) -> bool {
        if self.retries_left == 0 {
            return false;
        }
        self.retries_left -= 1;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_767);
        assert_eq!(parse_retry_after("3", now), Some(Duration::from_secs(3)));
        // Sun, 06 Nov 1994 08:49:37 GMT is 784111777: ten seconds after now.
        assert_eq!(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now), Some(Duration::from_secs(10)));
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:27 GMT", now + Duration::from_secs(60)),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }

    #[test]
    fn pauses_never_exceed_the_longest_retry_after() {
        let policy = ProbePolicy { max_retry_after: Duration::from_millis(250), ..ProbePolicy::default() };
        let mut pauses = Pauses::new(&policy);
        assert_eq!(pauses.next(Some(Duration::from_secs(3600))), Duration::from_millis(250));
        for _ in 0..10 {
            assert!(pauses.next(None) <= Duration::from_millis(250));
        }
    }

    #[test]
    fn budget_covers_every_attempt_and_pause() {
        let policy = ProbePolicy {
            timeout: Duration::from_millis(300),
            retries: 2,
            max_retry_after: Duration::from_millis(100),
            ..ProbePolicy::default()
        };
        let mut budget = Budget::new(&policy);
        assert_eq!(budget.remaining(), Duration::from_millis(1100));
        assert!(budget.take_retry() && budget.take_retry() && !budget.take_retry());
        budget.spend(Duration::from_secs(5));
        assert!(budget.is_spent());
    }

    #[test]
    fn only_busy_statuses_are_retried() {
        assert!([429, 502, 503, 504].into_iter().all(is_retryable_status));
        assert!(![200, 404, 500, 501].into_iter().any(is_retryable_status));
    }
}
