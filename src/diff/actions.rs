//! Comparing the V1 actions of a surface present in both versions: their
//! intent, V1 endpoint, landing or pending reason, and progress evidence.
//!
//! Actions pair by the fullest key first (verb, intent, V1 endpoint and
//! outcome), then by looser ones down to the verb alone, each action used
//! once: two actions with one verb and intent are told apart by what else
//! they say, so reordering them is no change.

use super::matrix::Locate;
use super::pairing::{Pairing, endpoint_key};
use super::{Change, ChangeCode};
use crate::coverage;
use crate::matrix::{Action, Evidence, Landing, Pattern, Pending, PendingReason, Pos, Surface};

/// The changes to the actions of `bs` (base) and `hs` (head).
pub(super) fn actions(bs: &Surface, hs: &Surface, here: &Locate<'_>, there: &Locate<'_>, changes: &mut Vec<Change>) {
    let intent = |action: &Action| action.intent.value.clone();
    let pairing = Pairing::new(&bs.actions, &hs.actions)
        .by(|a| (verb_key(a), intent(a), endpoint(a), outcome_key(a)))
        .by(|a| (verb_key(a), intent(a), endpoint(a)))
        .by(|a| (verb_key(a), intent(a), outcome_key(a)))
        .by(|a| (verb_key(a), intent(a)))
        .by(|a| (verb_key(a), endpoint(a)))
        .by(verb_key);
    let id = hs.id.as_str();
    for (old, action) in pairing.pairs() {
        if let Some(old) = old {
            changes.extend(paired(Pair { bs, old, hs, action }, here, there));
        } else {
            let message = format!("`{id}`: new {} action `{}`", action.intent.value, action.verb.value);
            let change = about(id, action, ChangeCode::ActionAdded, message);
            changes.push(change.values(None, Some(outcome(action))).at(here(action.verb.pos), None));
        }
    }
    for old in pairing.unpaired_base() {
        let message = format!("`{id}`: {} action `{}` was removed", old.intent.value, old.verb.value);
        let change = about(id, old, ChangeCode::ActionRemoved, message);
        changes.push(change.values(Some(outcome(old)), None).at(here(hs.id.pos), there(old.verb.pos)));
    }
}

/// A change that names the surface and the action it concerns.
fn about(id: &str, action: &Action, code: ChangeCode, message: String) -> Change {
    Change::new(code, message).surface(id).subject(format!("action {}", action.verb.value))
}

/// One action in both versions, with the surfaces it belongs to (whose
/// shared evidence it may use).
#[derive(Clone, Copy)]
struct Pair<'a> {
    bs: &'a Surface,
    old: &'a Action,
    hs: &'a Surface,
    action: &'a Action,
}

/// What changed in one action present in both versions.
fn paired(pair: Pair<'_>, here: &Locate<'_>, there: &Locate<'_>) -> Vec<Change> {
    let Pair { bs, old, hs, action } = pair;
    let id = hs.id.as_str();
    let change = |code: ChangeCode, message: String| {
        about(id, action, code, format!("`{id}`: action `{}` {message}", action.verb.value))
    };
    let mut changes = Vec::new();
    if old.intent.value != action.intent.value {
        let message = format!("moved from {} to {}", old.intent.value, action.intent.value);
        changes.push(
            change(ChangeCode::ActionIntentChanged, message)
                .values(Some(old.intent.value.clone()), Some(action.intent.value.clone()))
                .at(here(action.intent.pos), there(old.intent.pos)),
        );
    }
    if let Some(message) = endpoint_change(old, action) {
        let written = |a: &Action| a.v1.as_ref().map(|v1| v1.value.clone());
        let pos = |a: &Action| a.v1.as_ref().map_or(a.verb.pos, |v1| v1.pos);
        changes.push(
            change(ChangeCode::ActionV1EndpointChanged, message)
                .values(written(old), written(action))
                .at(here(pos(action)), there(pos(old))),
        );
    }
    if let Some((code, message)) = outcome_change(old, action) {
        let pos = action.landing.as_ref().map_or(action.verb.pos, |landing| landing.pattern.pos);
        changes.push(
            change(code, message.to_owned())
                .values(Some(outcome(old)), Some(outcome(action)))
                .at(here(pos), there(old.verb.pos)),
        );
    }
    if let Some((code, message, pos)) = evidence_change(bs, old, hs, action) {
        let (before, after) = (list(&evidence(bs, old)), list(&evidence(hs, action)));
        changes.push(change(code, message).values(Some(before), Some(after)).at(here(pos), there(old.verb.pos)));
    }
    changes
}

/// An action's verb as it identifies the action: case and surrounding
/// spaces do not matter.
fn verb_key(action: &Action) -> String {
    action.verb.trim().to_lowercase()
}

/// The identity of the V1 endpoint an action names, if any.
fn endpoint(action: &Action) -> Option<String> {
    action.v1.as_ref().map(|v1| endpoint_key(v1))
}

/// Where an action stands, as its identity: the landing's key, or why it
/// is pending.
fn outcome_key(action: &Action) -> String {
    action.landing.as_ref().map_or_else(|| pending_text(action.pending.as_ref()), landing_key)
}

/// How the V1 endpoint of a paired action changed, in words; `None` when
/// it names the same endpoint (by method and route shape) or none on both sides.
fn endpoint_change(old: &Action, new: &Action) -> Option<String> {
    if endpoint(old) == endpoint(new) {
        return None;
    }
    Some(match (&old.v1, &new.v1) {
        (Some(before), Some(after)) => format!("now stands for V1 endpoint {} (was {})", after.value, before.value),
        (None, Some(after)) => format!("now names its V1 endpoint {}", after.value),
        (Some(before), None) => format!("no longer names its V1 endpoint (was {})", before.value),
        (None, None) => return None,
    })
}

/// How the outcome of a paired action moved: landed, lost its landing,
/// moved to another landing, or is pending for another reason.
fn outcome_change(old: &Action, new: &Action) -> Option<(ChangeCode, &'static str)> {
    match (placed(old), placed(new)) {
        (Some(_), None) => Some((ChangeCode::ActionLandingLost, "lost its V3 landing")),
        (None, Some(_)) => Some((ChangeCode::ActionLanded, "landed in a V3 pattern")),
        (Some(a), Some(b)) if landing_key(a) != landing_key(b) => {
            Some((ChangeCode::ActionLandingChanged, "moved to another V3 landing"))
        }
        (None, None) if outcome(old) != outcome(new) => {
            Some((ChangeCode::ActionPendingChanged, "is pending for another reason"))
        }
        _ => None,
    }
}

/// How the evidence of an action landed in both versions changed: the
/// code, the message and where the head's evidence is written.
fn evidence_change(bs: &Surface, old: &Action, hs: &Surface, action: &Action) -> Option<(ChangeCode, String, Pos)> {
    let (Some(_), Some(landing)) = (placed(old), placed(action)) else { return None };
    let (before, after) = (evidence(bs, old), evidence(hs, action));
    let dropped: Vec<String> = before.iter().filter(|kind| !after.contains(kind)).cloned().collect();
    let added: Vec<String> = after.iter().filter(|kind| !before.contains(kind)).cloned().collect();
    let (code, message) = match (dropped.is_empty(), added.is_empty()) {
        (true, true) => return None,
        (true, false) => (ChangeCode::EvidenceAdded, format!("gained progress evidence: {}", list(&added))),
        (false, true) => (ChangeCode::EvidenceDropped, format!("lost progress evidence: {}", list(&dropped))),
        (false, false) => (
            ChangeCode::EvidenceDropped,
            format!("lost progress evidence: {} (gained {})", list(&dropped), list(&added)),
        ),
    };
    let pos = landing.progress.as_ref().and_then(|p| p.first()).map_or(landing.pattern.pos, |e| e.pos);
    Some((code, message, pos))
}

/// The landing of an action that sits in one of the four patterns; a
/// landing outside them (a one-off button) counts as no landing, as it does
/// for the computed status.
fn placed(action: &Action) -> Option<&Landing> {
    action.landing.as_ref().filter(|landing| Pattern::parse(&landing.pattern).is_some())
}

/// A landing's identity: its pattern and the shape of its route or
/// endpoint, so renaming a parameter is no change.
fn landing_key(landing: &Landing) -> String {
    match &landing.v3 {
        Some(v3) => format!("{} at {}", landing.pattern.value, endpoint_key(v3)),
        None => landing.pattern.value.clone(),
    }
}

/// The known evidence kinds that apply to an action, sorted: a misspelt
/// kind is a validation finding, not evidence.
fn evidence(surface: &Surface, action: &Action) -> Vec<String> {
    let mut kinds: Vec<String> = coverage::effective_progress(surface, action)
        .iter()
        .filter(|kind| Evidence::parse(kind).is_some())
        .map(|kind| kind.value.clone())
        .collect();
    kinds.sort();
    kinds.dedup();
    kinds
}

fn list(items: &[String]) -> String {
    if items.is_empty() { "none".to_owned() } else { items.join(", ") }
}

/// `resource-operations-panel at POST /api/x`: the pattern as the matrix
/// writes it, and the route or endpoint.
fn landing_text(landing: &Landing) -> String {
    match &landing.v3 {
        Some(v3) => format!("{} at {}", landing.pattern.value, v3.value),
        None => landing.pattern.value.clone(),
    }
}

/// Why an action is pending and what tracks it, all of it, so that any
/// change of reason, follow-up or gap shows: `pending (follow-up 3)`,
/// `pending (contract gap resize-api, follow-up 3)`, `pending (deferred)`.
fn pending_text(pending: Option<&Pending>) -> String {
    let Some(pending) = pending else { return "no outcome".to_owned() };
    let reason = pending.reason.value;
    let follow_up = pending.follow_up.as_ref().map(|number| number.value);
    let gap = pending.gap.as_ref().map(|gap| gap.as_str());
    // The reason names the reference that is its own; any other follows.
    let mut parts = vec![match (reason, follow_up, gap) {
        (PendingReason::FollowUp, Some(number), _) => format!("follow-up {number}"),
        (PendingReason::ContractGap, _, Some(gap)) => format!("{} {gap}", reason.label()),
        _ => reason.label().to_owned(),
    }];
    parts.extend(follow_up.filter(|_| reason != PendingReason::FollowUp).map(|number| format!("follow-up {number}")));
    parts.extend(gap.filter(|_| reason != PendingReason::ContractGap).map(|gap| format!("gap {gap}")));
    format!("pending ({})", parts.join(", "))
}

/// Where an action stands, in words.
fn outcome(action: &Action) -> String {
    match &action.landing {
        Some(landing) => landing_text(landing),
        None => pending_text(action.pending.as_ref()),
    }
}
