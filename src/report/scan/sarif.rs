//! Code-scanning reports of a scan against the matrix: SARIF and GitLab
//! Code Quality. A route in code that no surface lists is a result at the
//! source line that defines it; a target no code defines, at the matrix
//! line. The route coverage and the tally are the SARIF run's properties.

use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;

use super::ScanReport;
use crate::report::issues::Issue;
use crate::report::{codequality, sarif};
use crate::scan::against::RouteCoverage;

#[derive(Serialize)]
struct Properties {
    #[serde(skip_serializing_if = "Option::is_none")]
    coverage: Option<RouteCoverage>,
    #[serde(flatten)]
    summary: super::json::Summary,
}

/// Writes the SARIF log.
pub fn write(out: &mut dyn Write, report: &ScanReport<'_>) -> io::Result<()> {
    let properties = Properties {
        coverage: report.comparison.map(|comparison| comparison.coverage),
        summary: super::json::summary(report),
    };
    sarif::write(out, "scan", &Issue::of_findings(&report.findings()), &properties)
}

/// Writes the Code Quality issues; what concerns no line goes on `fallback`.
pub fn write_codequality(out: &mut dyn Write, report: &ScanReport<'_>, fallback: &Path) -> io::Result<()> {
    codequality::write(out, &Issue::of_findings(&report.findings()), fallback)
}
