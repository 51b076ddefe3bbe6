//! The terminal view of a check: per surface, the V1 and V3 verdicts side by
//! side with a tally of its findings, then one line per finding pointing at
//! the matrix.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

use comfy_table::{ContentArrangement, Table, presets};

use super::{CheckReport, Line};
use crate::audit::ALIKE_LABEL;
use crate::finding::{Code, Finding};
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
    let grouped = indeterminate_by_deployment(report.findings);
    for finding in report.findings {
        match grouped.iter().find(|(_, group)| group.iter().any(|f| std::ptr::eq(*f, finding))) {
            // One line for the whole deployment, where its first finding stood.
            Some((deployment, group)) if std::ptr::eq(group[0], finding) => {
                writeln!(out, "{}", grouped_line(deployment, group))?;
            }
            Some(_) => {}
            None => writeln!(out, "{}", finding_line(finding))?,
        }
    }
    writeln!(out, "{}", report.summary())
}

/// A deployment that answers every path alike (a pure single-page app)
/// makes every route `probe-indeterminate` for one cause: from this many on,
/// the table says so once instead of once per route (JSON and the other
/// formats keep every finding).
const GROUPED_FROM: usize = 4;

/// The `probe-indeterminate` findings of each deployment that has at least
/// [`GROUPED_FROM`] of them, in report order.
fn indeterminate_by_deployment(findings: &[Finding]) -> Vec<(String, Vec<&Finding>)> {
    let mut groups: Vec<(String, Vec<&Finding>)> = Vec::new();
    let alike = |f: &&Finding| f.code == Code::ProbeIndeterminate && f.label.as_deref() == Some(ALIKE_LABEL);
    for finding in findings.iter().filter(alike) {
        let deployment = finding.subject.as_deref().and_then(|s| s.split_whitespace().next()).unwrap_or_default();
        match groups.iter_mut().find(|(name, _)| name == deployment) {
            Some((_, group)) => group.push(finding),
            None => groups.push((deployment.to_owned(), vec![finding])),
        }
    }
    groups.retain(|(_, group)| group.len() >= GROUPED_FROM);
    groups
}

/// `warning[probe-indeterminate] 30 probes on v3-preview …: … (the first at …)`.
fn grouped_line(deployment: &str, group: &[&Finding]) -> String {
    let first = group[0];
    let at = first.location.as_ref().map(|l| format!(" (the first at {l})")).unwrap_or_default();
    let known = group.iter().filter(|f| f.in_baseline).count();
    let known = if known > 0 { format!(", {known} in baseline") } else { String::new() };
    format!(
        "{}[{}] {} probes on {deployment} cannot be told apart from a missing page: the deployment answers every \
         path alike{at}{known}; `--format json` lists each",
        first.severity,
        first.code,
        group.len()
    )
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

#[cfg(test)]
mod grouping_tests {
    use super::*;

    fn indeterminate(deployment: &str, n: usize) -> Finding {
        Finding::new(Code::ProbeIndeterminate, "x")
            .subject(format!("{deployment} GET http://127.0.0.1/p{n}"))
            .label(ALIKE_LABEL)
    }

    #[test]
    fn a_deployment_answering_every_path_alike_is_one_line_from_four_probes_on() {
        let mut findings: Vec<Finding> = (0..3).map(|n| indeterminate("v3", n)).collect();
        findings.extend((0..4).map(|n| indeterminate("preview", n)));
        findings.push(Finding::new(Code::RouteMissing, "gone").subject("preview GET http://127.0.0.1/gone"));
        // Endpoints sent OPTIONS only are indeterminate for a cause of their own.
        let not_sent = |n| {
            Finding::new(Code::ProbeIndeterminate, "x")
                .subject(format!("v3 DELETE http://127.0.0.1/d{n}"))
                .label(crate::audit::NOT_SENT_LABEL)
        };
        findings.extend((0..4).map(not_sent));
        let groups = indeterminate_by_deployment(&findings);
        assert_eq!(groups.len(), 1, "three on v3 stay separate lines");
        assert_eq!((groups[0].0.as_str(), groups[0].1.len()), ("preview", 4));
        assert!(grouped_line("preview", &groups[0].1).starts_with("warning[probe-indeterminate] 4 probes on preview "));
    }
}
