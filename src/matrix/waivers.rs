//! Waivers: findings a team accepted for a while, with a reason and an
//! expiry. A waiver that has expired stops applying and is itself reported;
//! so is one that matches nothing, so waivers cannot pile up unnoticed.

use super::merged::Matrix;
use super::model::Waiver;
use super::source::Sources;
use crate::finding::{Code, Finding, Kind, suggestion};

/// The findings of a validation run, split by whether a waiver set them
/// aside: applying the waivers is the last step, so this is its result.
#[derive(Debug, Default)]
pub struct Validation {
    pub findings: Vec<Finding>,
    pub waived: Vec<Finding>,
}

/// Sets aside the findings that a live waiver covers, and reports waivers
/// that have expired or match nothing.
#[must_use]
pub fn apply(matrix: &Matrix, sources: &Sources, findings: Vec<Finding>, today: jiff::civil::Date) -> Validation {
    let mut validation = Validation::default();
    let mut used = vec![false; matrix.waivers.len()];
    for finding in findings {
        let waiver = matrix.waivers.iter().enumerate().find(|(_, waiver)| covers(waiver, &finding, today));
        match waiver {
            Some((index, _)) => {
                used[index] = true;
                validation.waived.push(finding);
            }
            None => validation.findings.push(finding),
        }
    }
    for (waiver, used) in matrix.waivers.iter().zip(used) {
        // Probe and scan findings exist only in `parity check` and `parity
        // scan`, which apply the waiver; validation cannot tell whether it
        // still matches.
        let probed = Code::parse(&waiver.code).is_some_and(|code| matches!(code.kind(), Kind::Probe | Kind::Scan));
        let finding = if waiver.expires.value < today {
            Some(expired(waiver, sources))
        } else if used || probed {
            None
        } else {
            Some(unmatched(waiver, matrix, sources))
        };
        validation.findings.extend(finding.map(|f| f.surface(&waiver.surface)));
    }
    validation
}

/// Whether a live waiver sets `finding` aside: same code and surface, not expired.
fn covers(waiver: &Waiver, finding: &Finding, today: jiff::civil::Date) -> bool {
    waiver.expires.value >= today
        && waiver.code.as_str() == finding.code.as_str()
        && finding.surface.as_deref() == Some(waiver.surface.as_str())
}

/// Splits the findings of `parity check` or `parity scan` into those reported and those a
/// live waiver of the matrix sets aside. Expired and unmatched waivers are
/// `parity validate`'s to report.
#[must_use]
pub fn set_aside(matrix: &Matrix, findings: Vec<Finding>, today: jiff::civil::Date) -> (Vec<Finding>, Vec<Finding>) {
    findings.into_iter().partition(|finding| !matrix.waivers.iter().any(|waiver| covers(waiver, finding, today)))
}

fn expired(waiver: &Waiver, sources: &Sources) -> Finding {
    let message =
        format!("the waiver of `{}` on `{}` expired on {}", *waiver.code, *waiver.surface, waiver.expires.value);
    Finding::new(Code::WaiverExpired, message)
        .label("expired")
        .help("fix the finding, or renew the waiver with a new date and reason")
        .at(sources.locate(waiver.file, waiver.expires.pos))
}

/// Says why a live waiver matches nothing, pointing at the part to fix.
fn unmatched(waiver: &Waiver, matrix: &Matrix, sources: &Sources) -> Finding {
    let message = format!("the waiver of `{}` on `{}` matches no finding", *waiver.code, *waiver.surface);
    let finding = Finding::new(Code::WaiverUnmatched, message).label("matches nothing");
    let Some(code) = Code::parse(&waiver.code) else {
        let help = suggestion(&waiver.code, Code::ALL.iter().map(|c| c.as_str()))
            .unwrap_or_else(|| "`parity explain --list` shows every code".into());
        return finding.help(help).at(sources.locate(waiver.file, waiver.code.pos));
    };
    if matrix.surface(&waiver.surface).is_none() {
        let ids = matrix.surfaces.iter().map(|s| s.id.as_str());
        let help =
            suggestion(&waiver.surface, ids).unwrap_or_else(|| format!("there is no surface `{}`", *waiver.surface));
        return finding.label("unknown surface").help(help).at(sources.locate(waiver.file, waiver.surface.pos));
    }
    let help = if code.concerns_a_surface() {
        "the finding it waived is gone: delete the waiver".to_owned()
    } else {
        format!("`{code}` findings concern no surface, so no waiver can match them")
    };
    finding.help(help).at(sources.locate(waiver.file, waiver.code.pos))
}
