//! A Markdown summary of a check: the table of surfaces and the findings.
//! Also what `github` appends to `$GITHUB_STEP_SUMMARY`.

use std::io::{self, Write};

use super::CheckReport;
use crate::probe::Role;
use crate::report::markdown::{cell, header, row};

/// Writes the summary.
pub fn write(out: &mut dyn Write, report: &CheckReport<'_>) -> io::Result<()> {
    writeln!(out, "## parity check\n\n{}\n", report.summary())?;
    header(out, &["Surface", "V1", "V3", "Findings"])?;
    for (surface, lines) in report.surfaces() {
        let side = |role: Role| {
            let items: Vec<String> = lines
                .iter()
                .filter(|l| l.role == role)
                .map(|l| format!("{} `{}`", l.result.verdict, l.route))
                .collect();
            items.join("<br>")
        };
        let findings: Vec<String> =
            report.findings_of(&surface.id).map(|f| format!("{} `{}`", f.severity, f.code)).collect();
        row(out, &[format!("`{}`", surface.id.value), side(Role::V1), side(Role::V3), findings.join("<br>")])?;
    }
    if report.findings.is_empty() {
        return Ok(());
    }
    writeln!(out, "\n### Findings\n")?;
    for finding in report.findings {
        let at = finding.location.as_ref().map(|l| format!(" ({l})")).unwrap_or_default();
        let known = if finding.in_baseline { " *(in baseline)*" } else { "" };
        writeln!(out, "- **{}** `{}`{at}: {}{known}", finding.severity, finding.code, cell(&finding.message))?;
    }
    Ok(())
}
