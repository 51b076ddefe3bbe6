//! Comparing the V3 targets of a surface present in both versions.
//!
//! Targets pair by the route as written first, then by its shape, each used
//! once: two targets of one shape (`/v3/a/{id}` and `/v3/a/{slug}`) stay
//! apart, while renaming a parameter is still no change.

use super::matrix::Locate;
use super::pairing::{Pairing, shape};
use super::{Change, ChangeCode};
use crate::matrix::{Surface, Target};

/// The changes to the targets of `bs` (base) and `hs` (head).
pub(super) fn targets(bs: &Surface, hs: &Surface, here: &Locate<'_>, there: &Locate<'_>, changes: &mut Vec<Change>) {
    let id = hs.id.as_str();
    let pairing = Pairing::new(&bs.v3, &hs.v3).by(|t| t.route.value.clone()).by(|t| shape(&t.route));
    for (old, target) in pairing.pairs() {
        let subject = format!("target {}", target.route.value);
        let change = match old {
            None => Change::new(ChangeCode::TargetAdded, format!("`{id}`: new V3 target {}", text(target)))
                .values(None, Some(target.route.value.clone()))
                .at(here(target.route.pos), None),
            Some(old) if resolves(old) != resolves(target) => Change::new(
                ChangeCode::TargetResolvesChanged,
                format!(
                    "`{id}`: V3 target {} resolves to {} (was {})",
                    target.route.value,
                    destination(target),
                    destination(old)
                ),
            )
            .values(Some(destination(old)), Some(destination(target)))
            .at(here(target.resolves_to.as_ref().map_or(target.route.pos, |to| to.pos)), there(old.route.pos)),
            Some(old) => {
                let details = details(old, target);
                if details.is_empty() {
                    continue;
                }
                Change::new(
                    ChangeCode::TargetChanged,
                    format!("`{id}`: V3 target {}: {} changed", target.route.value, details.join(", ")),
                )
                .values(Some(details_text(old, &details)), Some(details_text(target, &details)))
                .at(here(target.route.pos), there(old.route.pos))
            }
        };
        changes.push(change.surface(id).subject(subject));
    }
    for target in pairing.unpaired_base() {
        changes.push(
            Change::new(ChangeCode::TargetRemoved, format!("`{id}`: V3 target {} was removed", text(target)))
                .surface(id)
                .subject(format!("target {}", target.route.value))
                .values(Some(target.route.value.clone()), None)
                .at(here(hs.id.pos), there(target.route.pos)),
        );
    }
}

/// `/v3/x → /v3/y`: a target and where it resolves to.
fn text(target: &Target) -> String {
    match &target.resolves_to {
        Some(to) => format!("{} → {}", target.route.value, to.value),
        None => target.route.value.clone(),
    }
}

/// The shape of the route a target resolves to, if any.
fn resolves(target: &Target) -> Option<String> {
    target.resolves_to.as_ref().map(|to| shape(to))
}

/// Where a target leads: the route it resolves to, or itself.
fn destination(target: &Target) -> String {
    target.resolves_to.as_ref().map_or_else(|| "itself".to_owned(), |to| to.value.clone())
}

/// Which of a target's details differ: its note, where its parameters'
/// values come from, its marker.
fn details(old: &Target, new: &Target) -> Vec<&'static str> {
    let trimmed = |text: &Option<String>| text.as_deref().map(str::trim).map(str::to_owned);
    let mut changed = Vec::new();
    if trimmed(&old.note) != trimmed(&new.note) {
        changed.push("note");
    }
    if old.params != new.params {
        changed.push("params");
    }
    if old.marker != new.marker {
        changed.push("marker");
    }
    changed
}

/// The named details of a target, as `note: …; marker: …`.
fn details_text(target: &Target, details: &[&str]) -> String {
    let text = |detail: &str| match detail {
        "note" => target.note.as_deref().map_or_else(|| "none".to_owned(), |note| note.trim().to_owned()),
        "params" => {
            let params: Vec<String> = target.params.iter().map(|(name, from)| format!("{name} from {from}")).collect();
            if params.is_empty() { "none".to_owned() } else { params.join(", ") }
        }
        _ => target.marker.clone().unwrap_or_else(|| "none".to_owned()),
    };
    details.iter().map(|detail| format!("{detail}: {}", text(detail))).collect::<Vec<_>>().join("; ")
}
