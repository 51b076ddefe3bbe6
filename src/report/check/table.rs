//! The terminal view of a check: per surface, the V1 and V3 verdicts side by
//! side with a tally of its findings, then one line per finding pointing at
//! the matrix.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

use comfy_table::{ContentArrangement, Table, presets};

use super::grouping::{Grouping, Shown};
use super::{CheckReport, Line};
use crate::finding::Finding;
use crate::probe::Role;
use crate::report::wrap_route;

/// Writes the side-by-side table, the findings and the summary.
pub fn write(out: &mut dyn Write, report: &CheckReport<'_>, width: u16) -> io::Result<()> {
    let surfaces = report.surfaces();
    let id_width = surfaces.iter().map(|(s, _)| s.id.chars().count()).max().unwrap_or(8);
    // Borders and padding take 13 columns, findings about 26; the sides share the rest.
    let side_width = usize::from(width).saturating_sub(id_width + 39).max(24) / 2;
    let named = deployments_to_name(report);
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(width)
        .set_header(["Surface", "V1", "V3", "Findings"]);
    for (surface, lines) in surfaces {
        let side = |role: Role| -> String {
            let texts: Vec<String> = lines
                .iter()
                .filter(|l| l.role == role)
                .map(|l| wrap_route(&line_text(l, named.contains(&l.role)), side_width))
                .collect();
            texts.join("\n")
        };
        let tally = tally(report.findings_of(&surface.id));
        table.add_row([surface.id.value.clone(), side(Role::V1), side(Role::V3), tally]);
    }
    writeln!(out, "{table}")?;
    let grouping = Grouping::of(report);
    for finding in report.findings {
        match grouping.shown(finding) {
            Shown::Alone => writeln!(out, "{}", finding_line(finding))?,
            // One line for the whole deployment, where its first finding stood.
            Shown::Group { first, text } => writeln!(out, "{}[{}] {text}", first.severity, first.code)?,
            Shown::Said => {}
        }
    }
    writeln!(out, "{}", report.summary())
}

/// Roles probed on more than one deployment: their lines name the deployment.
fn deployments_to_name(report: &CheckReport<'_>) -> BTreeSet<Role> {
    let mut per_role: BTreeMap<Role, BTreeSet<&str>> = BTreeMap::new();
    for usage in &report.plan.uses {
        let deployment = report.plan.probes[usage.probe].deployment.as_str();
        per_role.entry(usage.subject.role()).or_default().insert(deployment);
    }
    per_role.into_iter().filter(|(_, names)| names.len() > 1).map(|(role, _)| role).collect()
}

fn line_text(line: &Line<'_>, name_deployment: bool) -> String {
    let method = if line.method == "GET" { String::new() } else { format!("{} ", line.method) };
    let deployment = if name_deployment { format!("{}: ", line.result.deployment) } else { String::new() };
    format!("{deployment}{} {method}{}", line.result.verdict, line.route)
}

/// "2× warning probe-indeterminate" per severity and code, worst first.
fn tally<'a>(findings: impl Iterator<Item = &'a Finding>) -> String {
    let mut counts: BTreeMap<_, usize> = BTreeMap::new();
    for finding in findings {
        *counts.entry((std::cmp::Reverse(finding.severity), finding.code)).or_default() += 1;
    }
    let lines: Vec<String> = counts
        .into_iter()
        .map(|((severity, code), n)| {
            let times = if n > 1 { format!("{n}× ") } else { String::new() };
            format!("{times}{} {code}", severity.0)
        })
        .collect();
    lines.join("\n")
}

/// `error[route-missing] parity/x.yaml:12:7: message`.
fn finding_line(finding: &Finding) -> String {
    let at = finding.location.as_ref().map(|l| format!(" {l}:")).unwrap_or_default();
    let known = if finding.in_baseline { " (in baseline)" } else { "" };
    format!("{}[{}]{at} {}{known}", finding.severity, finding.code, finding.message)
}
