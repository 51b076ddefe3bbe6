//! Reports of `parity check`: one module per format, all rendering the same
//! [`CheckReport`].

mod findings;
pub mod github;
mod grid;
mod grouping;
pub mod json;
pub mod junit;
mod mark;
pub mod markdown;
pub mod sarif;
pub mod table;

use std::collections::{BTreeMap, HashMap};

use crate::check::plan::Plan;
use crate::finding::{Finding, Severity};
use crate::matrix::{Matrix, Surface};
use crate::probe::{ProbeResult, Role, Verdict};

/// The output formats of `parity check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    /// Per surface, each route's verdict on every deployment, a column each.
    Table,
    /// The versioned JSON report (see docs/json.md).
    Json,
    /// JUnit XML: a testcase per surface and deployment.
    Junit,
    /// GitHub workflow annotations at the YAML lines, plus a step summary.
    Github,
    /// A Markdown summary.
    Markdown,
    /// SARIF 2.1.0 for code scanning (see docs/ci.md).
    Sarif,
    /// GitLab Code Quality (Code Climate issues; see docs/ci.md).
    Codequality,
}

/// Everything a check report shows.
pub struct CheckReport<'a> {
    pub matrix: &'a Matrix,
    pub plan: &'a Plan,
    /// One per planned probe, in plan order.
    pub results: &'a [ProbeResult],
    pub findings: &'a [Finding],
    /// How many findings a waiver of the matrix set aside.
    pub waived: usize,
    pub fail_on: Severity,
    /// The findings of each surface, so per-surface views read them without
    /// scanning every finding once per surface (30,000 surfaces).
    by_surface: HashMap<&'a str, Vec<&'a Finding>>,
}

/// One probed route of a surface, for the per-surface views.
pub struct Line<'a> {
    pub role: Role,
    pub route: &'a str,
    pub method: &'a str,
    pub result: &'a ProbeResult,
}

impl<'a> CheckReport<'a> {
    /// The report of a finished check.
    #[must_use]
    pub fn new(matrix: &'a Matrix, outcome: &'a crate::check::CheckOutcome, fail_on: Severity) -> Self {
        let mut by_surface: HashMap<&'a str, Vec<&'a Finding>> = HashMap::new();
        for finding in &outcome.findings {
            if let Some(surface) = finding.surface.as_deref() {
                by_surface.entry(surface).or_default().push(finding);
            }
        }
        Self {
            matrix,
            plan: &outcome.plan,
            results: &outcome.results,
            findings: &outcome.findings,
            waived: outcome.waived.len(),
            fail_on,
            by_surface,
        }
    }

    /// Surfaces with at least one probe, in matrix order, with their lines.
    #[must_use]
    pub fn surfaces(&self) -> Vec<(&'a Surface, Vec<Line<'a>>)> {
        let mut by_surface: BTreeMap<usize, Vec<Line<'a>>> = BTreeMap::new();
        for usage in &self.plan.uses {
            let Some(result) = self.results.get(usage.probe) else { continue };
            let probe = &self.plan.probes[usage.probe];
            let line = Line { role: usage.subject.role(), route: &probe.route, method: &probe.method, result };
            let lines = by_surface.entry(usage.surface).or_default();
            if !lines.iter().any(|l| std::ptr::eq(l.result, result)) {
                lines.push(line);
            }
        }
        by_surface.into_iter().map(|(index, lines)| (&self.matrix.surfaces[index], lines)).collect()
    }

    /// The probed deployments, V1 before V3, each role in the order of the
    /// configuration: the plan lists a request's deployments in that order.
    #[must_use]
    pub fn deployments(&self) -> Vec<(&'a str, Role)> {
        let mut seen: Vec<(&'a str, Role)> = Vec::new();
        for usage in &self.plan.uses {
            let name = self.plan.probes[usage.probe].deployment.as_str();
            if !seen.iter().any(|(seen, _)| *seen == name) {
                seen.push((name, usage.subject.role()));
            }
        }
        // A stable sort keeps the configuration's order within a role.
        seen.sort_by_key(|(_, role)| *role);
        seen
    }

    /// How many probes ended in each verdict.
    #[must_use]
    pub fn verdict_counts(&self) -> BTreeMap<Verdict, usize> {
        count_verdicts(self.results.iter())
    }

    /// How many probes of `deployment` ended in each verdict.
    #[must_use]
    pub fn verdict_counts_on(&self, deployment: &str) -> BTreeMap<Verdict, usize> {
        count_verdicts(self.results.iter().filter(|result| result.deployment == deployment))
    }

    /// Findings of one surface, in report order.
    pub fn findings_of<'s>(&'s self, surface: &'s str) -> impl Iterator<Item = &'a Finding> + 's {
        self.by_surface.get(surface).into_iter().flatten().copied()
    }

    /// "3 errors, 1 warning, 0 notes (2 in baseline)" plus the verdict tally.
    #[must_use]
    pub fn summary(&self) -> String {
        let verdicts: Vec<String> = self.verdict_counts().iter().map(|(v, n)| format!("{n} {v}")).collect();
        format!("{} probes: {}. Findings: {}.", self.results.len(), verdicts.join(", "), self.findings_tally())
    }

    /// "3 errors, 1 warning, 0 notes (1 waived) (2 in baseline)".
    #[must_use]
    pub fn findings_tally(&self) -> String {
        let known = self.findings.iter().filter(|f| f.in_baseline).count();
        let findings = crate::report::diagnostics::summary(self.findings, self.waived);
        if known > 0 { format!("{findings} ({known} in baseline)") } else { findings }
    }
}

fn count_verdicts<'r>(results: impl Iterator<Item = &'r ProbeResult>) -> BTreeMap<Verdict, usize> {
    let mut counts = BTreeMap::new();
    for result in results {
        *counts.entry(result.verdict).or_insert(0) += 1;
    }
    counts
}
