//! The Markdown scan report: a table of routes per tree, the findings and
//! the coverage, for a pull-request comment or a step summary.

use std::io::{self, Write};

use super::ScanReport;

/// Writes the report.
pub fn write(out: &mut dyn Write, report: &ScanReport<'_>) -> io::Result<()> {
    writeln!(out, "## parity scan\n")?;
    for tree in report.trees {
        let role = tree.role.map(|r| format!("{} ", r.to_uppercase())).unwrap_or_default();
        writeln!(out, "### {role}`{}`\n", tree.scan.root.display())?;
        writeln!(out, "| methods | route | framework | confidence | defined at |")?;
        writeln!(out, "| --- | --- | --- | --- | --- |")?;
        for route in &tree.scan.routes {
            let confidence = serde_json::to_value(route.confidence).ok();
            let confidence = confidence.as_ref().and_then(|v| v.as_str()).unwrap_or_default();
            let prefix = route.unresolved_prefix.as_ref().map(|p| format!(": prefix `{p}`")).unwrap_or_default();
            let forward = route.forward.as_ref().map(|f| format!(" ({f})")).unwrap_or_default();
            writeln!(
                out,
                "| {} | `{}` | {} | {confidence}{prefix} | `{}:{}`{forward} |",
                route.methods.join(", "),
                route.pattern,
                route.framework,
                route.file.display(),
                route.line
            )?;
        }
        for note in &tree.scan.notes {
            writeln!(out, "\n- note: `{}`: {}", note.file.display(), note.message)?;
        }
        writeln!(out)?;
    }
    let findings = report.findings();
    if !findings.is_empty() {
        writeln!(out, "### Findings\n")?;
        for finding in &findings {
            let place = finding.location.as_ref().map(|l| format!(" (`{l}`)")).unwrap_or_default();
            writeln!(out, "- **{}** `{}`: {}{place}", finding.severity, finding.code, finding.message)?;
        }
        writeln!(out)?;
    }
    writeln!(out, "{}", report.summary())
}
