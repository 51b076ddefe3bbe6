//! Comparing two `parity check` JSON reports: the verdict of every probe,
//! matched by deployment, method and route (the route as the matrix writes
//! it, so a different sample parameter is still the same probe).

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, bail};
use serde::Deserialize;

use super::{Change, ChangeCode};
use crate::probe::{ProbeResult, Verdict};
use crate::report::json::FORMAT_VERSION;

/// The part of a check report a diff reads.
#[derive(Debug, Deserialize)]
pub struct CheckReportFile {
    pub version: u32,
    pub probes: Vec<ProbeResult>,
}

/// Reads a report written by `parity check --format json`.
///
/// # Errors
/// When the file cannot be read, is not such a report (with the line and
/// column where JSON parsing stopped), or has another format version.
pub fn read_report(path: &Path) -> anyhow::Result<CheckReportFile> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read report `{}`", path.display()))?;
    let report: CheckReportFile = serde_json::from_str(&text).with_context(|| {
        format!("`{}` is not a parity check JSON report (write one with `parity check --format json`)", path.display())
    })?;
    if report.version != FORMAT_VERSION {
        bail!(
            "`{}` is a version {} report; this parity reads version {FORMAT_VERSION}",
            path.display(),
            report.version
        );
    }
    Ok(report)
}

/// How well a verdict speaks for the route: present in some form, unknown,
/// or broken. Moves between these are regressions or improvements; moves
/// within one (`present → redirected`) are other changes.
fn standing(verdict: Verdict) -> u8 {
    match verdict {
        Verdict::Present | Verdict::EndpointPresent | Verdict::Redirected | Verdict::Unauthorized => 2,
        Verdict::Indeterminate | Verdict::Unreachable => 1,
        Verdict::Missing | Verdict::SoftMissing | Verdict::Error => 0,
    }
}

/// `v3 GET /nodes/{id}`: a probe's identity across reports.
fn subject(probe: &ProbeResult) -> String {
    format!("{} {} {}", probe.deployment, probe.method, probe.route)
}

/// Every verdict change from `base` to `head`, in the head report's order.
#[must_use]
pub fn compare_reports(base: &CheckReportFile, head: &CheckReportFile) -> Vec<Change> {
    let base_by_subject: HashMap<String, &ProbeResult> = base.probes.iter().map(|p| (subject(p), p)).collect();
    let head_by_subject: HashMap<String, &ProbeResult> = head.probes.iter().map(|p| (subject(p), p)).collect();
    let mut changes = Vec::new();
    for probe in &head.probes {
        let key = subject(probe);
        let now = probe.verdict.as_str();
        let change = match base_by_subject.get(&key) {
            None => Change::new(ChangeCode::ProbeAdded, format!("{key}: newly probed, {now}"))
                .values(None, Some(now.into())),
            Some(old) if old.verdict == probe.verdict => continue,
            Some(old) => {
                let code = match standing(probe.verdict).cmp(&standing(old.verdict)) {
                    std::cmp::Ordering::Less => ChangeCode::VerdictRegressed,
                    std::cmp::Ordering::Greater => ChangeCode::VerdictImproved,
                    std::cmp::Ordering::Equal => ChangeCode::VerdictChanged,
                };
                let was = old.verdict.as_str();
                let detail = probe.detail.as_deref().map(|d| format!(" ({d})")).unwrap_or_default();
                Change::new(code, format!("{key}: {was} → {now}{detail}")).values(Some(was.into()), Some(now.into()))
            }
        };
        changes.push(change.subject(key));
    }
    for probe in base.probes.iter().filter(|p| !head_by_subject.contains_key(&subject(p))) {
        let key = subject(probe);
        let was = probe.verdict.as_str();
        changes.push(
            Change::new(ChangeCode::ProbeRemoved, format!("{key}: no longer probed (was {was})"))
                .subject(key)
                .values(Some(was.into()), None),
        );
    }
    changes
}
