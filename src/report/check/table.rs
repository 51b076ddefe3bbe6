//! The terminal view of a check, for a person: the grid of verdicts, a
//! column per deployment and a row per route under its surface (see
//! [`super::grid`]); then the findings to act on, at their matrix lines
//! (see [`super::findings`]); then, per deployment, how many probes ended in
//! each verdict. Everything is fitted to the terminal's width, and coloured
//! only when the caller says so; every mark that colours also has a symbol.

use std::io::{self, Write};

use super::findings::flow;
use super::mark::{Tone, paint};
use super::{CheckReport, findings, grid};

/// Writes the grid, the findings and the summary in `width` columns, with
/// colour when `color`.
pub fn write(out: &mut dyn Write, report: &CheckReport<'_>, width: u16, color: bool) -> io::Result<()> {
    grid::write(out, report, width, color)?;
    let width = usize::from(width);
    let findings = findings::lines(report, width, color);
    if !findings.is_empty() {
        writeln!(out)?;
    }
    for line in findings.iter().chain(&[String::new()]).chain(&summary(report, width, color)) {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// A line per deployment with its verdict counts, then the findings' tally.
fn summary(report: &CheckReport<'_>, width: usize, color: bool) -> Vec<String> {
    let deployments = report.deployments();
    let name_width = deployments.iter().map(|(name, _)| name.chars().count()).max().unwrap_or(0) + 2;
    let mut lines = Vec::new();
    for (name, _) in deployments {
        let counts = report.verdict_counts_on(name);
        let probes = counts.values().sum::<usize>();
        let mut units = vec![format!("{name:<name_width$}{probes} probes:")];
        // A count stays with its word: the line breaks only after a comma.
        let comma = |index: usize| if index + 1 < counts.len() { "," } else { "" };
        units.extend(counts.iter().enumerate().map(|(index, (verdict, n))| format!("{n} {verdict}{}", comma(index))));
        let mut deployment = flow(units.iter().map(String::as_str), width, name_width);
        if let Some(first) = deployment.first_mut() {
            *first = format!("{}{}", paint(name, Tone::Strong, color), &first[name.len()..]);
        }
        lines.extend(deployment);
    }
    lines.push(format!("{} probes. Findings: {}.", report.results.len(), report.findings_tally()));
    lines
}
