//! The reports of `parity scan`: the routes each tree defines and, against
//! a matrix, the findings and the V1 route coverage. One module per format.

pub mod github;
pub mod json;
pub mod markdown;
pub mod sarif;
pub mod table;

use crate::finding::{Finding, Severity};
use crate::matrix::Sources;
use crate::scan::TreeScan;
use crate::scan::against::{RouteCoverage, ScanComparison};

/// The output formats of `parity scan`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ScanFormat {
    /// Routes in aligned columns; findings like rustc.
    Table,
    /// A versioned JSON document (see docs/json.md).
    Json,
    /// Markdown tables.
    Markdown,
    /// GitHub workflow annotations for findings, then the summary.
    Github,
    /// SARIF 2.1.0 for code scanning (see docs/ci.md).
    Sarif,
    /// GitLab Code Quality (Code Climate issues; see docs/ci.md).
    Codequality,
}

/// A scanned tree and its side of the migration, when compared.
#[derive(Debug)]
pub struct ScannedTree {
    /// `v1`, `v3`, or `None` when only listing.
    pub role: Option<&'static str>,
    pub scan: TreeScan,
}

/// Everything a scan report shows.
#[derive(Debug)]
pub struct ScanReport<'a> {
    pub trees: &'a [ScannedTree],
    /// The comparison with the matrix, when one was asked for.
    pub comparison: Option<&'a ScanComparison>,
    /// The matrix files, to show the YAML line of a finding.
    pub sources: Option<&'a Sources>,
    pub fail_on: Severity,
}

impl ScanReport<'_> {
    /// The findings: the comparison's (which include the trees' own), or
    /// when only listing, what the scans themselves found
    /// (`framework-no-routes`).
    #[must_use]
    pub fn findings(&self) -> Vec<Finding> {
        match self.comparison {
            Some(comparison) => comparison.findings.clone(),
            None => self.trees.iter().flat_map(|tree| tree.scan.findings.iter().cloned()).collect(),
        }
    }

    /// One line: routes per tree, then coverage and findings when compared.
    #[must_use]
    pub fn summary(&self) -> String {
        let trees: Vec<String> = self
            .trees
            .iter()
            .map(|tree| {
                let role = tree.role.map(|r| format!("{r} ")).unwrap_or_default();
                let routes = super::diagnostics::plural(tree.scan.routes.len(), "route");
                format!("{role}{}: {routes}", tree.scan.root.display())
            })
            .collect();
        let mut parts = trees;
        if let Some(comparison) = self.comparison {
            parts.push(coverage_text(&comparison.coverage));
            parts.push(super::diagnostics::summary(&comparison.findings, comparison.waived));
        } else if self.trees.iter().any(|tree| !tree.scan.findings.is_empty()) {
            parts.push(super::diagnostics::summary(&self.findings(), 0));
        }
        parts.join("; ")
    }
}

/// "the matrix lists 12 of 15 V1 routes (80%), 1 only by a catch-all, 2 with an unresolved prefix".
#[must_use]
pub fn coverage_text(coverage: &RouteCoverage) -> String {
    let percent = (coverage.mapped * 100).checked_div(coverage.v1_routes).unwrap_or(100);
    let mut parts =
        vec![format!("the matrix lists {} of {} V1 routes ({percent}%)", coverage.mapped, coverage.v1_routes)];
    if coverage.catch_all > 0 {
        parts.push(format!("{} only by a catch-all", coverage.catch_all));
    }
    if coverage.unresolved > 0 {
        parts.push(format!("{} more with an unresolved prefix", coverage.unresolved));
    }
    parts.join(", ")
}
