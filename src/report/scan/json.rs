//! The JSON scan report (`docs/json.md`): versioned, sorted, stable.

use std::io::{self, Write};

use serde::Serialize;

use super::ScanReport;
use crate::finding::{Finding, Severity};
use crate::report::json::FORMAT_VERSION;
use crate::scan::against::RouteCoverage;
use crate::scan::{DiscoveredRoute, Note, Project};

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    trees: Vec<Tree<'a>>,
    coverage: Option<RouteCoverage>,
    findings: &'a [Finding],
    summary: Summary,
}

#[derive(Serialize)]
struct Tree<'a> {
    role: Option<&'static str>,
    root: String,
    projects: &'a [Project],
    routes: &'a [DiscoveredRoute],
    notes: &'a [Note],
}

/// The counts of a scan: the JSON report's `summary`, and with the
/// coverage the SARIF run's properties.
#[derive(Serialize)]
pub struct Summary {
    routes: usize,
    errors: usize,
    warnings: usize,
    notes: usize,
    /// Findings a live waiver of the matrix set aside (not listed).
    waived: usize,
    failed: bool,
}

/// Writes the report as one JSON document.
pub fn write(out: &mut dyn Write, report: &ScanReport<'_>) -> io::Result<()> {
    let findings = &report.findings();
    let document = Document {
        version: FORMAT_VERSION,
        trees: report
            .trees
            .iter()
            .map(|tree| Tree {
                role: tree.role,
                root: tree.scan.root.display().to_string(),
                projects: &tree.scan.projects,
                routes: &tree.scan.routes,
                notes: &tree.scan.notes,
            })
            .collect(),
        coverage: report.comparison.map(|comparison| comparison.coverage),
        findings,
        summary: summary(report),
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}

/// The counts of `report`.
#[must_use]
pub fn summary(report: &ScanReport<'_>) -> Summary {
    let findings = report.findings();
    let count = |severity| findings.iter().filter(|f| f.severity == severity).count();
    Summary {
        routes: report.trees.iter().map(|t| t.scan.routes.len()).sum(),
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        notes: count(Severity::Note),
        waived: report.comparison.map_or(0, |comparison| comparison.waived),
        failed: findings.iter().any(|f| f.fails(report.fail_on)),
    }
}
