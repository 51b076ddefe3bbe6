//! Durations as people write them for `--timeout` and the seconds of
//! `[probe]`: a bare number of seconds (`1.5`, what parity has always read,
//! and what curl's `--max-time` takes) or a duration with units as hurl
//! writes them (`500ms`, `2s`, `1m30s`, `250 ms`). The flag and the file share
//! this one parser, so both accept and refuse the same text with the same
//! words.
//!
//! The units are jiff's "friendly" duration format (jiff is already the
//! project's date library; see docs/dependencies.md); only the bare number
//! is read here, since a duration without a unit is no duration to jiff.

use std::fmt;
use std::time::Duration;

/// The forms a duration may take, for every message that refuses one.
pub const FORMS: &str = "seconds (`2.5`) or a duration with a unit (`500ms`, `2s`, `1m30s`)";

/// Whether a duration of zero means something: `max_retry_after = 0` retries
/// at once, but a timeout of zero would fail every request before it left.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Floor {
    /// More than zero (a timeout).
    Positive,
    /// Zero or more (a pause).
    ZeroOrMore,
}

/// Why a text is not a duration parity can use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DurationError {
    /// Neither a number nor a duration with units.
    Unreadable,
    /// Below zero.
    Negative,
    /// Zero (or less than a nanosecond) where only more than zero will do.
    Zero,
    /// Infinite, or longer than a `Duration` holds.
    TooLong,
}

impl fmt::Display for DurationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let problem = match self {
            Self::Unreadable => "not a duration",
            Self::Negative => "a duration cannot be negative",
            Self::Zero => "the duration must be more than 0",
            Self::TooLong => "the duration is too long",
        };
        write!(f, "{problem}: write {FORMS}")
    }
}

impl std::error::Error for DurationError {}

/// Reads `text` as a duration of at least `floor`.
pub fn parse(text: &str, floor: Floor) -> Result<Duration, DurationError> {
    let text = text.trim();
    let duration = match text.parse::<f64>() {
        Ok(seconds) => from_seconds(seconds)?,
        Err(_) => with_units(text)?,
    };
    at_least(duration, floor)
}

/// A number of seconds as a duration, whatever its floor.
pub fn from_seconds(seconds: f64) -> Result<Duration, DurationError> {
    if seconds.is_nan() {
        return Err(DurationError::Unreadable);
    }
    if seconds < 0.0 {
        return Err(DurationError::Negative);
    }
    Duration::try_from_secs_f64(seconds).map_err(|_| DurationError::TooLong)
}

/// Checks `duration` against its floor.
pub fn at_least(duration: Duration, floor: Floor) -> Result<Duration, DurationError> {
    if floor == Floor::Positive && duration.is_zero() {
        return Err(DurationError::Zero);
    }
    Ok(duration)
}

/// `500ms`, `1m30s`: jiff's friendly format, hours and smaller units only
/// (a day is not always 24 hours, and no probe waits that long).
fn with_units(text: &str) -> Result<Duration, DurationError> {
    static PARSER: jiff::fmt::friendly::SpanParser = jiff::fmt::friendly::SpanParser::new();
    PARSER.parse_unsigned_duration(text).map_err(|_| why_not(text))
}

/// Why jiff refused `text`. Its errors are written for programmers
/// ("cannot parse negative duration into unsigned `std::time::Duration`"),
/// so the reason is read from the text: a sign or `ago`, or a whole number
/// of 16 digits or more (hours past what a `Duration` holds, or a number past
/// 64 bits); anything else is no duration at all.
fn why_not(text: &str) -> DurationError {
    if text.starts_with('-') || text.ends_with("ago") {
        DurationError::Negative
    } else if longest_whole_number(text) >= 16 {
        DurationError::TooLong
    } else {
        DurationError::Unreadable
    }
}

/// The most digits in a row in `text`, leaving out the digits of a fraction.
fn longest_whole_number(text: &str) -> usize {
    let (mut longest, mut run, mut fraction, mut previous) = (0, 0, false, ' ');
    for c in text.chars() {
        if c.is_ascii_digit() {
            if run == 0 {
                fraction = matches!(previous, '.' | ',');
            }
            run += 1;
            if !fraction {
                longest = longest.max(run);
            }
        } else {
            run = 0;
        }
        previous = c;
    }
    longest
}

#[cfg(test)]
mod tests {
    use super::*;

    fn positive(text: &str) -> Result<Duration, DurationError> {
        parse(text, Floor::Positive)
    }

    #[test]
    fn a_bare_number_is_seconds() {
        assert_eq!(positive("1.5"), Ok(Duration::from_millis(1500)));
        assert_eq!(positive("2"), Ok(Duration::from_secs(2)));
        assert_eq!(positive(" 10 "), Ok(Duration::from_secs(10)));
        assert_eq!(positive("0.25"), Ok(Duration::from_millis(250)));
    }

    #[test]
    fn units_read_as_hurl_and_curl_users_write_them() {
        for (text, millis) in [
            ("2s", 2000),
            ("500ms", 500),
            ("1m", 60_000),
            ("1m30s", 90_000),
            ("1m 30s", 90_000),
            ("250 ms", 250),
            ("1.5s", 1500),
            ("2 seconds", 2000),
            ("1h", 3_600_000),
        ] {
            assert_eq!(positive(text), Ok(Duration::from_millis(millis)), "{text}");
        }
    }

    #[test]
    fn zero_is_refused_only_where_it_would_mean_nothing_works() {
        for zero in ["0", "0s", "0ms", "0.0000000001"] {
            assert_eq!(positive(zero), Err(DurationError::Zero), "{zero}");
            assert_eq!(parse(zero, Floor::ZeroOrMore), Ok(Duration::ZERO), "{zero}");
        }
    }

    #[test]
    fn what_no_deadline_can_be_is_refused_with_its_reason() {
        for (text, error) in [
            ("-1", DurationError::Negative),
            ("-2s", DurationError::Negative),
            ("inf", DurationError::TooLong),
            ("1e300", DurationError::TooLong),
            ("99999999999999999999h", DurationError::TooLong),
            ("NaN", DurationError::Unreadable),
            ("soon", DurationError::Unreadable),
            ("", DurationError::Unreadable),
            ("2 s ago", DurationError::Negative),
            ("1d", DurationError::Unreadable),
            ("5 parsecs", DurationError::Unreadable),
            ("1.00000000000000000001s", DurationError::Unreadable),
        ] {
            assert_eq!(parse(text, Floor::ZeroOrMore), Err(error.clone()), "{text}");
        }
    }

    #[test]
    fn a_refusal_names_the_accepted_forms() {
        assert_eq!(
            DurationError::Zero.to_string(),
            "the duration must be more than 0: write seconds (`2.5`) or a duration with a unit (`500ms`, `2s`, `1m30s`)"
        );
    }
}
