//! The JSON report of a check: a stable, versioned contract (docs/json.md).

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::CheckReport;
use crate::finding::{Finding, Severity};
use crate::probe::{ProbeResult, Verdict};
use crate::report::json::FORMAT_VERSION;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    summary: Summary,
    probes: &'a [ProbeResult],
    findings: &'a [Finding],
}

/// The counts of a check: the JSON report's `summary`, and the SARIF run's
/// properties.
#[derive(Serialize)]
pub struct Summary {
    probes: usize,
    verdicts: BTreeMap<Verdict, usize>,
    errors: usize,
    warnings: usize,
    notes: usize,
    in_baseline: usize,
    waived: usize,
    failing: usize,
}

/// Writes the report.
pub fn write(out: &mut dyn Write, report: &CheckReport<'_>) -> io::Result<()> {
    let document =
        Report { version: FORMAT_VERSION, summary: summary(report), probes: report.results, findings: report.findings };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}

/// The counts of `report`.
#[must_use]
pub fn summary(report: &CheckReport<'_>) -> Summary {
    let count = |severity| report.findings.iter().filter(|f| f.severity == severity).count();
    Summary {
        probes: report.results.len(),
        verdicts: report.verdict_counts(),
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        notes: count(Severity::Note),
        in_baseline: report.findings.iter().filter(|f| f.in_baseline).count(),
        waived: report.waived,
        failing: report.findings.iter().filter(|f| f.fails(report.fail_on)).count(),
    }
}
