//! GitHub Actions: a workflow-command annotation per finding at its YAML
//! line, so a failure lands on the right line of the pull request. A flood
//! with one cause (a deployment down, a parameter without a sample) is one
//! annotation, as in the table: GitHub shows only the first ten errors and
//! ten warnings of a step, and a flood would hide the findings that matter.

use std::io::{self, Write};

use super::CheckReport;
use super::grouping::{Grouping, Shown};
use crate::finding::{Finding, Location, Severity};

/// Annotations of one kind GitHub shows per step; it drops the rest silently.
const SHOWN_PER_KIND: usize = 10;

/// Writes one annotation per finding, or per group of one-cause findings,
/// then a notice counting what GitHub will not show.
pub fn write(out: &mut dyn Write, report: &CheckReport<'_>) -> io::Result<()> {
    let grouping = Grouping::of(report);
    let mut written: [usize; 3] = [0; 3];
    for finding in report.findings {
        let line = match grouping.shown(finding) {
            Shown::Alone => annotation(finding),
            Shown::Group { first, text } => {
                workflow_command(command(first.severity), first.location.as_ref(), first.code.as_str(), &text)
            }
            Shown::Said => continue,
        };
        written[finding.severity as usize] += 1;
        writeln!(out, "{line}")?;
    }
    let hidden: Vec<String> = [Severity::Error, Severity::Warning, Severity::Note]
        .into_iter()
        .filter_map(|severity| {
            let beyond = written[severity as usize].checked_sub(SHOWN_PER_KIND).filter(|n| *n > 0)?;
            Some(format!("{beyond} more {}", command(severity)))
        })
        .collect();
    if !hidden.is_empty() {
        let message = format!(
            "GitHub shows {SHOWN_PER_KIND} annotations of a kind per step: {} annotations are only in this log",
            hidden.join(" and ")
        );
        writeln!(out, "{}", workflow_command("notice", None, "parity", &message))?;
    }
    writeln!(out, "{}", escape_data(&report.summary()))
}

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    }
}

/// `::error file=…,line=…,col=…,title=…::message`.
#[must_use]
pub fn annotation(finding: &Finding) -> String {
    let command = command(finding.severity);
    let mut message = finding.message.clone();
    if let Some(help) = &finding.help {
        message = format!("{message}\nhelp: {help}");
    }
    workflow_command(command, finding.location.as_ref(), finding.code.as_str(), &message)
}

/// A workflow command (`error`, `warning`, `notice`) at a YAML location,
/// with every property and the message escaped.
#[must_use]
pub fn workflow_command(command: &str, location: Option<&Location>, title: &str, message: &str) -> String {
    let mut properties = Vec::new();
    if let Some(location) = location {
        properties.push(format!("file={}", escape_property(&location.path.to_string_lossy())));
        properties.push(format!("line={}", location.line));
        properties.push(format!("col={}", location.column));
    }
    properties.push(format!("title={}", escape_property(title)));
    format!("::{command} {}::{}", properties.join(","), escape_data(message))
}

/// Escapes a workflow-command message.
#[must_use]
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a workflow-command property value.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// GitHub drops the eleventh error annotation of a step without a word;
    /// the notice says how many it will not show.
    #[test]
    fn annotations_github_will_not_show_are_counted_in_a_notice() {
        let findings: Vec<Finding> = (0..12)
            .map(|n| Finding::new(Code::RouteMissing, format!("gone {n}")).subject(format!("v3 GET /p{n}")))
            .chain([Finding::new(Code::AuthRequired, "behind auth").severity(Severity::Warning)])
            .collect();
        let outcome = crate::check::CheckOutcome {
            plan: crate::probe::plan::Plan::default(),
            results: Vec::new(),
            findings,
            waived: Vec::new(),
        };
        let matrix = crate::matrix::Matrix::default();
        let mut out = Vec::new();
        write(&mut out, &CheckReport::new(&matrix, &outcome, Severity::Error)).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert_eq!(out.lines().filter(|line| line.starts_with("::error ")).count(), 12);
        assert!(
            out.contains(
                "::notice title=parity::GitHub shows 10 annotations of a kind per step: 2 more error annotations \
                 are only in this log\n"
            ),
            "{out}"
        );
    }
    use crate::finding::Code;
    use crate::matrix::Pos;

    #[test]
    fn annotations_escape_what_github_would_misread() {
        let pos = Pos { line: 12, column: 5, offset: 0, len: 1 };
        let finding = Finding::new(Code::RouteMissing, "50% gone\nreally")
            .at(Location::new("parity/a,b:c.yaml".into(), pos))
            .help("fix it");
        assert_eq!(
            annotation(&finding),
            "::error file=parity/a%2Cb%3Ac.yaml,line=12,col=5,title=route-missing::50%25 gone%0Areally%0Ahelp: fix it"
        );
    }
}
