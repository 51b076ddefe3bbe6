//! The findings under the check grid: what to fix, at its matrix line.
//!
//! The grid already shows every verdict, so this section says what it
//! cannot: every finding that fails the run, on a line of its own with its
//! `file:line:col`, and every finding the grid has no cell for (a redirect
//! to the wrong page, an overclaimed status, a route never probed). A flood
//! of one cause is one line (see [`super::grouping`]). A finding that does
//! not fail the run and only says again what a cell shows (`auth-required`
//! beside `# unauthorized`) is counted in one closing line instead; every
//! other format lists each. Lines wrap at spaces, never inside a word, so a
//! route or URL in a message stays whole — up to [`MESSAGE_WORD_CHARS`] characters:
//! a longer word, and a message past 2,000 characters, are cut with `…`
//! (`--format json` has them whole).

use std::collections::BTreeMap;

use super::CheckReport;
use super::grouping::{Grouping, Shown};
use super::mark::{paint, severity_tone};
use crate::finding::{Code, Finding, Severity};
use crate::report::{MESSAGE_WORD_CHARS, clip_prose};

/// Codes that put a probe's verdict into words, and nothing more: the
/// grid's cell says the same.
const RESTATE_A_VERDICT: &[Code] = &[
    Code::RouteMissing,
    Code::RouteSoftMissing,
    Code::EndpointMissing,
    Code::AuthRequired,
    Code::ProbeError,
    Code::ProbeIndeterminate,
];

/// Before the wrapped part of a finding.
const HANGING_INDENT: usize = 2;

/// The section's lines, wrapped to `width` columns; none without findings.
pub(super) fn lines(report: &CheckReport<'_>, width: usize, color: bool) -> Vec<String> {
    let grouping = Grouping::of(report);
    let mut lines = Vec::new();
    let mut repeated = Vec::new();
    for finding in report.findings {
        match grouping.shown(finding) {
            Shown::Said => {}
            Shown::Group { first, text } => lines.extend(entry(first, &text, width, color)),
            Shown::Alone if repeats_the_grid(finding, report.fail_on) => repeated.push(finding),
            Shown::Alone => lines.extend(entry(finding, &located(finding), width, color)),
        }
    }
    if let Some(text) = repeated_line(&repeated) {
        lines.extend(flow(text.split(' '), width, HANGING_INDENT));
    }
    lines
}

/// True when `finding` does not fail the run and only restates a verdict
/// the grid shows.
fn repeats_the_grid(finding: &Finding, fail_on: Severity) -> bool {
    !finding.fails(fail_on) && finding.subject.is_some() && RESTATE_A_VERDICT.contains(&finding.code)
}

/// `error[route-missing] parity/x.yaml:12:7: message`, wrapped; the
/// severity and code coloured.
fn entry(finding: &Finding, text: &str, width: usize, color: bool) -> Vec<String> {
    let head = format!("{}[{}]", finding.severity, finding.code);
    let text = clip_prose(text, MESSAGE_WORD_CHARS);
    let mut lines = flow(std::iter::once(head.as_str()).chain(text.split(' ')), width, HANGING_INDENT);
    if let Some(first) = lines.first_mut() {
        let painted = paint(&head, severity_tone(finding.severity), color);
        *first = format!("{painted}{}", &first[head.len()..]);
    }
    lines
}

/// `parity/x.yaml:12:7: message (in baseline)`.
fn located(finding: &Finding) -> String {
    let at = finding.location.as_ref().map(|l| format!("{l}: ")).unwrap_or_default();
    let known = if finding.in_baseline { " (in baseline)" } else { "" };
    format!("{at}{}{known}", finding.message)
}

/// `3 more findings repeat the grid and do not fail the run: 2
/// auth-required, 1 route-missing; …`, or nothing.
fn repeated_line(repeated: &[&Finding]) -> Option<String> {
    if repeated.is_empty() {
        return None;
    }
    let mut codes: BTreeMap<&str, usize> = BTreeMap::new();
    for finding in repeated {
        *codes.entry(finding.code.as_str()).or_default() += 1;
    }
    let codes: Vec<String> = codes.into_iter().map(|(code, n)| format!("{n} {code}")).collect();
    let n = repeated.len();
    let (findings, verb) = if n == 1 { ("finding repeats", "does") } else { ("findings repeat", "do") };
    Some(format!(
        "{n} more {findings} the grid and {verb} not fail the run: {}; `--format json` lists each",
        codes.join(", ")
    ))
}

/// `words` joined by spaces in lines of at most `width` columns, the later
/// ones indented by `indent`; a word wider than a line stays whole.
pub(super) fn flow<'w>(words: impl IntoIterator<Item = &'w str>, width: usize, indent: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let (mut line, mut used) = (String::new(), 0);
    for word in words.into_iter().filter(|word| !word.is_empty()) {
        let word_width = word.chars().count();
        if line.is_empty() {
            line.push_str(word);
            used = word_width;
        } else if used + 1 + word_width <= width {
            line.push(' ');
            line.push_str(word);
            used += 1 + word_width;
        } else {
            lines.push(std::mem::replace(&mut line, format!("{}{word}", " ".repeat(indent))));
            used = indent + word_width;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flow_wraps_at_spaces_and_keeps_long_words_whole() {
        let words = "route `/v3-prod/platform/lifecycle/decommissions/{id}` on v3 answered 410".split(' ');
        assert_eq!(
            flow(words, 30, 2),
            ["route", "  `/v3-prod/platform/lifecycle/decommissions/{id}`", "  on v3 answered 410"]
        );
        assert_eq!(flow("a b".split(' '), 10, 2), ["a b"]);
    }

    #[test]
    fn a_finding_that_fails_the_run_is_never_folded() {
        let finding = Finding::new(Code::RouteMissing, "gone").subject("v3 GET http://127.0.0.1/gone");
        assert!(!repeats_the_grid(&finding, Severity::Error), "route-missing is an error");
        let warning = Finding { severity: Severity::Warning, ..finding.clone() };
        assert!(repeats_the_grid(&warning, Severity::Error));
        assert!(!repeats_the_grid(&warning, Severity::Warning), "--fail-on warning lists it");
        let overclaim = Finding::new(Code::RedirectMismatch, "elsewhere").subject("v3 GET http://127.0.0.1/x");
        assert!(!repeats_the_grid(&overclaim, Severity::Error), "the grid does not say where it went");
    }
}
