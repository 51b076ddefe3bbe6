//! GitHub Actions: a workflow-command annotation per finding at its YAML
//! line, so a failure lands on the right line of the pull request.

use std::io::{self, Write};

use super::CheckReport;
use crate::finding::{Finding, Severity};

/// Writes one annotation per finding.
pub fn write(out: &mut dyn Write, report: &CheckReport<'_>) -> io::Result<()> {
    for finding in report.findings {
        writeln!(out, "{}", annotation(finding))?;
    }
    writeln!(out, "{}", escape_data(&report.summary()))
}

/// `::error file=…,line=…,col=…,title=…::message`.
#[must_use]
pub fn annotation(finding: &Finding) -> String {
    let command = match finding.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    };
    let mut properties = vec![format!("title={}", escape_property(finding.code.as_str()))];
    if let Some(location) = &finding.location {
        properties.insert(0, format!("file={}", escape_property(&location.path.to_string_lossy())));
        properties.insert(1, format!("line={}", location.line));
        properties.insert(2, format!("col={}", location.column));
    }
    let mut message = finding.message.clone();
    if let Some(help) = &finding.help {
        message = format!("{message}\nhelp: {help}");
    }
    format!("::{command} {}::{}", properties.join(","), escape_data(&message))
}

/// Escapes a workflow-command message.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a workflow-command property value.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Code, Location};
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
