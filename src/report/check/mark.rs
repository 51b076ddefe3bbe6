//! How the terminal view of a check marks things: every verdict gets an
//! ASCII symbol and its word, and a colour that only repeats what the symbol
//! already says, so a verdict stands out without colour (`NO_COLOR`, a pipe,
//! a colour-blind reader) as well as with it.
//!
//! The symbols are ASCII on purpose: a Linux console, a Windows code page or
//! a CI log viewer shows `x` and `?` where `✗` or a padlock emoji may come
//! out as a box or take two columns and break the alignment.

use crate::Severity;
use crate::probe::Verdict;

/// What a mark's colour says. [`Tone::Plain`] is never coloured, so that
/// everything else stands out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) enum Tone {
    /// Present, or nothing at all: never coloured.
    #[default]
    Plain,
    /// Gone or broken: missing, soft-missing, error, unreachable.
    Bad,
    /// Cannot be confirmed: unauthorized, indeterminate.
    Doubt,
    /// Somewhere else: redirected.
    Moved,
    /// Headings and surface ids.
    Strong,
}

/// A verdict as a grid cell shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Mark {
    pub symbol: char,
    /// The verdict's word; `present` for an endpoint too, since its row
    /// names the method (the summary keeps `endpoint-present`).
    pub word: &'static str,
    pub tone: Tone,
}

impl Mark {
    /// `x missing`: the cell's text, without colour.
    pub fn text(self) -> String {
        format!("{} {}", self.symbol, self.word)
    }
}

/// The mark of `verdict`.
pub(super) fn mark(verdict: Verdict) -> Mark {
    let (symbol, tone) = match verdict {
        Verdict::Present | Verdict::EndpointPresent => ('+', Tone::Plain),
        Verdict::Missing => ('x', Tone::Bad),
        Verdict::SoftMissing => ('~', Tone::Bad),
        Verdict::Redirected => ('>', Tone::Moved),
        Verdict::Unauthorized => ('#', Tone::Doubt),
        Verdict::Error | Verdict::Unreachable => ('!', Tone::Bad),
        Verdict::Indeterminate => ('?', Tone::Doubt),
    };
    let word = if verdict == Verdict::EndpointPresent { Verdict::Present.as_str() } else { verdict.as_str() };
    Mark { symbol, word, tone }
}

/// The tone of a finding's severity, as the diagnostics colour it.
pub(super) fn severity_tone(severity: Severity) -> Tone {
    match severity {
        Severity::Error => Tone::Bad,
        Severity::Warning => Tone::Doubt,
        Severity::Note => Tone::Moved,
    }
}

/// `text` in the colour of `tone` when `color`, else as it is.
pub(super) fn paint(text: &str, tone: Tone, color: bool) -> String {
    let code = match tone {
        _ if !color || text.is_empty() => return text.to_owned(),
        Tone::Plain => return text.to_owned(),
        Tone::Bad => "1;31",
        Tone::Doubt => "33",
        Tone::Moved => "36",
        Tone::Strong => "1",
    };
    format!("\x1b[{code}m{text}\x1b[0m")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_verdict_but_present_has_a_symbol_of_its_own_kind_and_a_tone() {
        for &verdict in Verdict::ALL {
            let mark = mark(verdict);
            assert!(mark.symbol.is_ascii_punctuation() || mark.symbol == 'x', "{verdict}: {mark:?}");
            let present = matches!(verdict, Verdict::Present | Verdict::EndpointPresent);
            assert_eq!(mark.symbol == '+', present, "{verdict}");
            assert_eq!(mark.tone == Tone::Plain, present, "{verdict}");
        }
    }

    #[test]
    fn paint_adds_nothing_without_colour() {
        assert_eq!(paint("x missing", Tone::Bad, false), "x missing");
        assert_eq!(paint("x missing", Tone::Bad, true), "\x1b[1;31mx missing\x1b[0m");
        assert_eq!(paint("+ present", Tone::Plain, true), "+ present");
    }
}
