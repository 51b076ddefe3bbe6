//! The findings the page lists, from all three places they come from —
//! validation, `parity check` reports (merged across deployments and CI
//! shards) and the changes of `parity diff` — in one shape, so the page can
//! sort them in one table.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use super::data::{At, Files, PageCheck, PageDeployment, PageProbe};
use crate::diff::{Change, CheckReportFile, ReportedFinding};
use crate::finding::Finding;

/// Where a finding came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    Validate,
    Check,
    Diff,
}

/// One row of the page's findings table.
#[derive(Debug, Serialize)]
pub struct PageFinding {
    pub source: Source,
    pub code: String,
    /// `error`, `warning`, `note`; for a change, its direction.
    pub severity: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub surface: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<At>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl PageFinding {
    /// A finding of this run (validation, or the demo's own check).
    pub fn from_finding(finding: &Finding, source: Source, files: &mut Files) -> Self {
        Self {
            source,
            code: finding.code.as_str().to_owned(),
            severity: finding.severity.as_str().to_owned(),
            surface: finding.surface.clone(),
            subject: finding.subject.clone(),
            message: finding.message.clone(),
            at: finding.location.as_ref().map(|l| files.at(l)),
            help: finding.help.clone(),
        }
    }

    fn from_reported(finding: ReportedFinding, files: &mut Files) -> Self {
        Self {
            source: Source::Check,
            code: finding.code,
            severity: finding.severity,
            surface: finding.surface,
            subject: finding.subject,
            message: finding.message,
            at: finding.location.map(|l| (files.index(&l.path), l.line)),
            help: finding.help,
        }
    }

    /// A change since the base revision; its direction stands for a severity.
    pub fn from_change(change: &Change, files: &mut Files) -> Self {
        Self {
            source: Source::Diff,
            code: change.code.as_str().to_owned(),
            severity: change.direction.as_str().to_owned(),
            surface: change.surface.clone(),
            subject: change.subject.clone(),
            message: change.message.clone(),
            at: change.location.as_ref().map(|l| files.at(l)),
            help: None,
        }
    }
}

/// A `parity check` JSON report with the name it was given by.
pub struct NamedReport {
    pub name: String,
    pub report: CheckReportFile,
}

/// Merges check reports (one per deployment set or CI shard): every probe
/// once (a probe is its deployment, method and URL; the first report that
/// has it wins), every finding once, deployments in order of appearance.
pub(super) fn merge_checks(reports: Vec<NamedReport>, files: &mut Files) -> (PageCheck, Vec<PageFinding>) {
    let mut names = Vec::new();
    let mut probes: Vec<PageProbe> = Vec::new();
    let mut findings = Vec::new();
    let (mut seen_probes, mut seen_findings) = (HashSet::new(), HashSet::new());
    for NamedReport { name, report } in reports {
        names.push(name);
        for probe in report.probes {
            if seen_probes.insert((probe.deployment.clone(), probe.method.clone(), probe.url.clone())) {
                probes.push(probe.into());
            }
        }
        for finding in report.findings {
            let key = (finding.code.clone(), finding.surface.clone(), finding.subject.clone(), finding.message.clone());
            if seen_findings.insert(key) {
                findings.push(PageFinding::from_reported(finding, files));
            }
        }
    }
    let deployments = deployments(&probes);
    (PageCheck { reports: names, deployments, probes }, findings)
}

/// Each deployment with its verdict counts, in order of appearance.
pub(super) fn deployments(probes: &[PageProbe]) -> Vec<PageDeployment> {
    let mut deployments: Vec<PageDeployment> = Vec::new();
    for probe in probes {
        let index = deployments.iter().position(|d| d.name == probe.deployment).unwrap_or_else(|| {
            deployments.push(PageDeployment { name: probe.deployment.clone(), verdicts: BTreeMap::new() });
            deployments.len() - 1
        });
        *deployments[index].verdicts.entry(probe.verdict).or_insert(0) += 1;
    }
    deployments
}
