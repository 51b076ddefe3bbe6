//! Comparing two `parity check` JSON reports: the verdict of every probe,
//! matched by deployment, method and route (the route as the matrix writes
//! it, so a different sample parameter is still the same probe).
//!
//! Probes pair by the route as written and the URL first, then by the route
//! alone, then by its shape (with the URL, then without), each probe used
//! once: two probes of one shape (`/a/{id}` and `/a/{slug}`) stay apart.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::pairing::{Pairing, shape};
use super::{Change, ChangeCode};
use crate::probe::{ProbeResult, Verdict};
use crate::report::json::FORMAT_VERSION;

/// The part of a check report a diff (and the web report) reads.
#[derive(Debug, Deserialize)]
pub struct CheckReportFile {
    pub version: u32,
    pub probes: Vec<ProbeResult>,
    /// Read only by `parity report`; a diff compares verdicts.
    #[serde(default)]
    pub findings: Vec<ReportedFinding>,
}

/// A finding as a check report stores it, read with its words as text so a
/// report from a parity with more codes still reads.
#[derive(Debug, Deserialize)]
pub struct ReportedFinding {
    pub code: String,
    pub severity: String,
    #[serde(default)]
    pub surface: Option<String>,
    #[serde(default)]
    pub subject: Option<String>,
    pub message: String,
    #[serde(default)]
    pub location: Option<ReportedLocation>,
    #[serde(default)]
    pub help: Option<String>,
}

/// Where a reported finding points.
#[derive(Debug, Deserialize)]
pub struct ReportedLocation {
    pub path: String,
    pub line: u32,
    pub column: u32,
}

/// Why a file is not a report `parity diff` can compare.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("cannot read report `{}`", .path.display())]
    Unreadable { path: PathBuf, source: crate::file::ReadError },
    #[error("`{}` is not a parity check JSON report (write one with `parity check --format json`)", .path.display())]
    NotAReport { path: PathBuf, source: serde_json::Error },
    #[error("`{}` is a version {version} report; this parity reads version {FORMAT_VERSION}", .path.display())]
    OtherVersion { path: PathBuf, version: u32 },
}

/// Reads a report written by `parity check --format json`.
///
/// # Errors
/// When the file cannot be read, is not such a report (with the line and
/// column where JSON parsing stopped), or has another format version.
pub fn read_report(path: &Path) -> Result<CheckReportFile, ReportError> {
    let path_buf = || path.to_path_buf();
    let text = crate::file::read_text(path).map_err(|source| ReportError::Unreadable { path: path_buf(), source })?;
    let report: CheckReportFile =
        serde_json::from_str(&text).map_err(|source| ReportError::NotAReport { path: path_buf(), source })?;
    if report.version != FORMAT_VERSION {
        return Err(ReportError::OtherVersion { path: path_buf(), version: report.version });
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

/// `v3 GET /nodes/{id}`: a probe as reports name it.
fn subject(probe: &ProbeResult) -> String {
    format!("{} {} {}", probe.deployment, probe.method, probe.route)
}

/// Pairs the probes of two reports: the route as written, with the URL and
/// without, then its shape, so renaming a parameter in the matrix between
/// the two runs is no change.
fn pairing<'a>(base: &'a [ProbeResult], head: &'a [ProbeResult]) -> Pairing<'a, ProbeResult> {
    let request = |p: &ProbeResult| (p.deployment.clone(), p.method.clone());
    Pairing::new(base, head)
        .by(|p| (request(p), p.route.clone(), p.url.clone()))
        .by(|p| (request(p), p.route.clone()))
        .by(|p| (request(p), shape(&p.route), p.url.clone()))
        .by(|p| (request(p), shape(&p.route)))
}

/// Names the surfaces a probe's change speaks for (one request can serve
/// several). Reports written before probes named surfaces name none.
fn for_surfaces(mut change: Change, probe: &ProbeResult) -> Change {
    if let Some((first, others)) = probe.surfaces.split_first() {
        change = change.surface(first);
        change.other_surfaces = others.to_vec();
    }
    change
}

/// Every verdict change from `base` to `head`, in the head report's order.
#[must_use]
pub fn compare_reports(base: &CheckReportFile, head: &CheckReportFile) -> Vec<Change> {
    let pairing = pairing(&base.probes, &head.probes);
    let mut changes = Vec::new();
    for (old, probe) in pairing.pairs() {
        let name = subject(probe);
        let now = probe.verdict.as_str();
        let change = match old {
            None => Change::new(ChangeCode::ProbeAdded, format!("{name}: newly probed, {now}"))
                .values(None, Some(now.into())),
            // Same verdict, but a redirect now ends elsewhere.
            Some(old) if old.verdict == probe.verdict && old.final_url != probe.final_url => {
                let end = |p: &ProbeResult| String::from(p.final_url.clone().unwrap_or_else(|| p.url.clone()));
                let message = format!("{name}: {now}, now ending at {} (was {})", end(probe), end(old));
                Change::new(ChangeCode::VerdictChanged, message).values(Some(end(old)), Some(end(probe)))
            }
            Some(old) if old.verdict == probe.verdict => continue,
            Some(old) => {
                let code = match standing(probe.verdict).cmp(&standing(old.verdict)) {
                    std::cmp::Ordering::Less => ChangeCode::VerdictRegressed,
                    std::cmp::Ordering::Greater => ChangeCode::VerdictImproved,
                    std::cmp::Ordering::Equal => ChangeCode::VerdictChanged,
                };
                let was = old.verdict.as_str();
                let detail = probe.detail.as_deref().map(|d| format!(" ({d})")).unwrap_or_default();
                Change::new(code, format!("{name}: {was} → {now}{detail}")).values(Some(was.into()), Some(now.into()))
            }
        };
        changes.push(for_surfaces(change.subject(name), probe));
    }
    for probe in pairing.unpaired_base() {
        let name = subject(probe);
        let was = probe.verdict.as_str();
        let change = Change::new(ChangeCode::ProbeRemoved, format!("{name}: no longer probed (was {was})"))
            .subject(name)
            .values(Some(was.into()), None);
        changes.push(for_surfaces(change, probe));
    }
    changes
}
