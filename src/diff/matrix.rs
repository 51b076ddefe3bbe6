//! Comparing two matrices: surfaces, their statuses, targets and actions,
//! then follow-ups, gaps and waivers.

use std::collections::{HashMap, HashSet};

use jiff::civil::Date;

use super::{Change, ChangeCode};
use crate::coverage::{self, Cell};
use crate::finding::Location;
use crate::matrix::{
    Action, Evidence, FileId, Intent, Landing, Loaded, Matrix, Pattern, Pending, Pos, Sources, Surface,
};
use crate::route::RoutePattern;

/// One side of a diff: a loaded matrix, what to call it, and the day it
/// stands for (its commit date, or today for files on disk), against which
/// waiver expiry is judged.
#[derive(Debug)]
pub struct Version {
    pub label: String,
    pub loaded: Loaded,
    pub date: Date,
}

/// Every change from `base` to `head`, in the head version's order.
#[must_use]
pub fn compare_matrices(base: &Version, head: &Version) -> Vec<Change> {
    let (b, h) = (Side::of(base), Side::of(head));
    let mut changes = Vec::new();
    surfaces(&b, &h, &mut changes);
    follow_ups(&b, &h, &mut changes);
    gaps(&b, &h, &mut changes);
    waivers(&b, &h, &mut changes);
    changes
}

/// A version's matrix with what locating its items needs.
struct Side<'a> {
    matrix: &'a Matrix,
    sources: &'a Sources,
    date: Date,
}

impl<'a> Side<'a> {
    fn of(version: &'a Version) -> Self {
        Self { matrix: &version.loaded.matrix, sources: &version.loaded.sources, date: version.date }
    }

    fn at(&self, file: FileId, pos: Pos) -> Option<Location> {
        (file.0 < self.sources.files().len()).then(|| self.sources.locate(file, pos))
    }
}

/// A route's identity: its shape, with parameter names erased, so that
/// renaming `{id}` to `{nodeId}` is no change.
fn shape(route: &str) -> String {
    RoutePattern::parse(route).map_or_else(|_| route.to_owned(), |pattern| pattern.shape())
}

/// The V1 routes of a surface as a set of shapes, for rename detection.
fn route_key(surface: &Surface) -> Vec<String> {
    let mut key: Vec<String> = surface.v1.iter().map(|route| shape(route)).collect();
    key.sort();
    key.dedup();
    key
}

fn surfaces(b: &Side<'_>, h: &Side<'_>, changes: &mut Vec<Change>) {
    let mut base_by_id: HashMap<&str, usize> = HashMap::new();
    for (index, surface) in b.matrix.surfaces.iter().enumerate() {
        base_by_id.entry(surface.id.as_str()).or_insert(index);
    }
    let head_ids: HashSet<&str> = h.matrix.surfaces.iter().map(|s| s.id.as_str()).collect();
    // Base surfaces whose id the head no longer has, by their V1 routes: the
    // candidates for a rename.
    let mut orphans_by_routes: HashMap<Vec<String>, Vec<usize>> = HashMap::new();
    for (index, surface) in b.matrix.surfaces.iter().enumerate().rev() {
        if !head_ids.contains(surface.id.as_str()) && !surface.v1.is_empty() {
            orphans_by_routes.entry(route_key(surface)).or_default().push(index);
        }
    }
    let mut matched = vec![false; b.matrix.surfaces.len()];
    let mut seen_head: HashSet<&str> = HashSet::new();
    for hs in &h.matrix.surfaces {
        if !seen_head.insert(hs.id.as_str()) {
            continue; // a duplicate id: validation reports it
        }
        let id_location = h.at(hs.file, hs.id.pos);
        if let Some(&index) = base_by_id.get(hs.id.as_str()) {
            matched[index] = true;
            compare_surface(b, &b.matrix.surfaces[index], h, hs, changes);
        } else if let Some(index) = orphans_by_routes.get_mut(&route_key(hs)).and_then(Vec::pop) {
            matched[index] = true;
            let bs = &b.matrix.surfaces[index];
            changes.push(
                Change::new(
                    ChangeCode::SurfaceRenamed,
                    format!("surface `{}` is now `{}` (same V1 routes)", bs.id.value, hs.id.value),
                )
                .surface(&hs.id)
                .values(Some(bs.id.value.clone()), Some(hs.id.value.clone()))
                .at(id_location, b.at(bs.file, bs.id.pos)),
            );
            compare_surface(b, bs, h, hs, changes);
        } else {
            changes.push(
                Change::new(
                    ChangeCode::SurfaceAdded,
                    format!("new surface `{}` ({}), declared {}", hs.id.value, routes(hs), hs.status.value),
                )
                .surface(&hs.id)
                .values(None, Some(hs.status.value.to_string()))
                .at(id_location, None),
            );
        }
    }
    for (bs, _) in b.matrix.surfaces.iter().zip(&matched).filter(|(_, matched)| !**matched) {
        if seen_head.contains(bs.id.as_str()) {
            continue; // a duplicate id in the base
        }
        changes.push(
            Change::new(
                ChangeCode::SurfaceRemoved,
                format!("surface `{}` ({}) was removed; it was {}", bs.id.value, routes(bs), bs.status.value),
            )
            .surface(&bs.id)
            .values(Some(bs.status.value.to_string()), None)
            .at(None, b.at(bs.file, bs.id.pos)),
        );
    }
}

fn routes(surface: &Surface) -> String {
    surface.v1.iter().map(|route| route.as_str()).collect::<Vec<_>>().join(", ")
}

/// The changes within one surface present in both versions.
fn compare_surface(b: &Side<'_>, bs: &Surface, h: &Side<'_>, hs: &Surface, changes: &mut Vec<Change>) {
    let id = hs.id.as_str();
    let here = |pos: Pos| h.at(hs.file, pos);
    let there = |pos: Pos| b.at(bs.file, pos);
    let change = |code: ChangeCode, message: String| Change::new(code, message).surface(id);

    if route_key(bs) != route_key(hs) {
        changes.push(
            change(ChangeCode::V1RoutesChanged, format!("`{id}`: V1 routes changed"))
                .values(Some(routes(bs)), Some(routes(hs)))
                .at(here(hs.v1.first().map_or(hs.id.pos, |route| route.pos)), there(bs.id.pos)),
        );
    }

    let notes = |surface: &Surface| surface.notes.as_deref().map(str::trim).unwrap_or_default().to_owned();
    if notes(bs) != notes(hs) {
        let shown = |text: String| (!text.is_empty()).then_some(text);
        changes.push(
            change(ChangeCode::NotesChanged, format!("`{id}`: notes changed"))
                .values(shown(notes(bs)), shown(notes(hs)))
                .at(here(hs.id.pos), there(bs.id.pos)),
        );
    }

    let (before, after) = (&bs.status.value, &hs.status.value);
    let declared = match Moved::between(before.level().rank(), after.level().rank()) {
        Some(moved) => Some((moved.pick(ChangeCode::StatusRegressed, ChangeCode::StatusImproved), moved.word())),
        None => (before.to_string() != after.to_string()).then_some((ChangeCode::StatusReworded, "changed")),
    };
    if let Some((code, verb)) = declared {
        changes.push(
            change(code, format!("`{id}`: declared status {verb} from {before} to {after}"))
                .values(Some(before.to_string()), Some(after.to_string()))
                .at(here(hs.status.pos), there(bs.status.pos)),
        );
    }

    let (cb, ch) = (coverage::coverage(bs), coverage::coverage(hs));
    // A surface without actions earns no status; gaining or losing its
    // actions is reported action by action instead.
    if let (Some(before), Some(after)) = (cb.computed, ch.computed)
        && let Some(moved) = Moved::between(before.rank(), after.rank())
    {
        let (before, after) = (before.label().to_owned(), after.label().to_owned());
        let code = moved.pick(ChangeCode::ComputedStatusRegressed, ChangeCode::ComputedStatusImproved);
        changes.push(
            change(code, format!("`{id}`: computed status {} from {before} to {after}", moved.word()))
                .values(Some(before), Some(after))
                .at(here(hs.id.pos), there(bs.id.pos)),
        );
    }
    for ((intent, before), (_, after)) in cb.strip.iter().zip(&ch.strip) {
        let (Some(rb), Some(rh)) = (cell_rank(*before), cell_rank(*after)) else { continue };
        let Some(moved) = Moved::between(rb, rh) else { continue };
        let code = moved.pick(ChangeCode::IntentCoverageRegressed, ChangeCode::IntentCoverageImproved);
        let first = |surface: &Surface| {
            surface.actions.iter().find(|a| Intent::parse(&a.intent) == Some(*intent)).map(|a| a.intent.pos)
        };
        let (before, after) = (cell_word(*before), cell_word(*after));
        changes.push(
            change(code, format!("`{id}`: {} coverage {} from {before} to {after}", intent.as_str(), moved.word()))
                .subject(format!("intent {}", intent.as_str()))
                .values(Some(before.to_owned()), Some(after.to_owned()))
                .at(here(first(hs).unwrap_or(hs.id.pos)), first(bs).and_then(there)),
        );
    }

    targets(bs, hs, &here, &there, changes);
    actions(bs, hs, &here, &there, changes);
}

/// A move along a ladder (statuses, intent cells), where higher is better.
#[derive(Clone, Copy)]
enum Moved {
    Fell,
    Rose,
}

impl Moved {
    fn between(before: u8, after: u8) -> Option<Self> {
        match after.cmp(&before) {
            std::cmp::Ordering::Less => Some(Self::Fell),
            std::cmp::Ordering::Greater => Some(Self::Rose),
            std::cmp::Ordering::Equal => None,
        }
    }

    fn word(self) -> &'static str {
        match self {
            Self::Fell => "fell",
            Self::Rose => "rose",
        }
    }

    fn pick(self, fell: ChangeCode, rose: ChangeCode) -> ChangeCode {
        match self {
            Self::Fell => fell,
            Self::Rose => rose,
        }
    }
}

/// An intent cell's rung; `None` for an intent the surface has no action of,
/// which is not comparable (adding or removing the action is the change).
fn cell_rank(cell: Cell) -> Option<u8> {
    match cell {
        Cell::Landed => Some(2),
        Cell::Partly => Some(1),
        Cell::Missing => Some(0),
        Cell::None => None,
    }
}

fn cell_word(cell: Cell) -> &'static str {
    match cell {
        Cell::Landed => "landed",
        Cell::Partly => "partly landed",
        Cell::Missing => "not landed",
        Cell::None => "no actions",
    }
}

type Locate<'a> = dyn Fn(Pos) -> Option<Location> + 'a;

fn targets(bs: &Surface, hs: &Surface, here: &Locate<'_>, there: &Locate<'_>, changes: &mut Vec<Change>) {
    let id = hs.id.as_str();
    let text = |target: &crate::matrix::Target| match &target.resolves_to {
        Some(to) => format!("{} → {}", target.route.value, to.value),
        None => target.route.value.clone(),
    };
    let resolves = |target: &crate::matrix::Target| target.resolves_to.as_ref().map(|to| shape(to));
    let destination = |target: &crate::matrix::Target| {
        target.resolves_to.as_ref().map_or_else(|| "itself".to_owned(), |to| to.value.clone())
    };
    let base: HashMap<String, &crate::matrix::Target> = bs.v3.iter().map(|t| (shape(&t.route), t)).collect();
    let head: HashSet<String> = hs.v3.iter().map(|t| shape(&t.route)).collect();
    for target in &hs.v3 {
        let subject = format!("target {}", target.route.value);
        match base.get(&shape(&target.route)) {
            None => changes.push(
                Change::new(ChangeCode::TargetAdded, format!("`{id}`: new V3 target {}", text(target)))
                    .surface(id)
                    .subject(subject)
                    .values(None, Some(target.route.value.clone()))
                    .at(here(target.route.pos), None),
            ),
            Some(old) if resolves(old) != resolves(target) => changes.push(
                Change::new(
                    ChangeCode::TargetResolvesChanged,
                    format!(
                        "`{id}`: V3 target {} resolves to {} (was {})",
                        target.route.value,
                        destination(target),
                        destination(old)
                    ),
                )
                .surface(id)
                .subject(subject)
                .values(Some(destination(old)), Some(destination(target)))
                .at(here(target.resolves_to.as_ref().map_or(target.route.pos, |to| to.pos)), there(old.route.pos)),
            ),
            Some(old) => {
                let details = target_details(old, target);
                if !details.is_empty() {
                    changes.push(
                        Change::new(
                            ChangeCode::TargetChanged,
                            format!("`{id}`: V3 target {}: {} changed", target.route.value, details.join(", ")),
                        )
                        .surface(id)
                        .subject(subject)
                        .values(Some(details_text(old, &details)), Some(details_text(target, &details)))
                        .at(here(target.route.pos), there(old.route.pos)),
                    );
                }
            }
        }
    }
    for target in bs.v3.iter().filter(|t| !head.contains(&shape(&t.route))) {
        changes.push(
            Change::new(ChangeCode::TargetRemoved, format!("`{id}`: V3 target {} was removed", text(target)))
                .surface(id)
                .subject(format!("target {}", target.route.value))
                .values(Some(target.route.value.clone()), None)
                .at(here(hs.id.pos), there(target.route.pos)),
        );
    }
}

/// Which of a target's details differ: its note, where its parameters'
/// values come from, its marker.
fn target_details(old: &crate::matrix::Target, new: &crate::matrix::Target) -> Vec<&'static str> {
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
fn details_text(target: &crate::matrix::Target, details: &[&str]) -> String {
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

/// An action's identity within its surface.
fn verb_key(action: &Action) -> String {
    action.verb.trim().to_lowercase()
}

fn actions(bs: &Surface, hs: &Surface, here: &Locate<'_>, there: &Locate<'_>, changes: &mut Vec<Change>) {
    let id = hs.id.as_str();
    let mut used = vec![false; bs.actions.len()];
    let mut pairs: Vec<(Option<usize>, &Action)> = Vec::new();
    // First by verb and intent, then by verb alone (an intent change).
    for action in &hs.actions {
        let found = bs.actions.iter().enumerate().position(|(i, old)| {
            !used[i] && verb_key(old) == verb_key(action) && old.intent.value == action.intent.value
        });
        if let Some(index) = found {
            used[index] = true;
        }
        pairs.push((found, action));
    }
    for (found, action) in &mut pairs {
        if found.is_none() {
            *found = (0..bs.actions.len()).find(|&i| !used[i] && verb_key(&bs.actions[i]) == verb_key(action));
            if let Some(index) = *found {
                used[index] = true;
            }
        }
    }
    for (found, action) in pairs {
        let subject = format!("action {}", action.verb.value);
        let Some(old) = found.map(|index| &bs.actions[index]) else {
            changes.push(
                Change::new(
                    ChangeCode::ActionAdded,
                    format!("`{id}`: new {} action `{}`", action.intent.value, action.verb.value),
                )
                .surface(id)
                .subject(subject)
                .values(None, Some(outcome(action)))
                .at(here(action.verb.pos), None),
            );
            continue;
        };
        let change = |code: ChangeCode, message: String| {
            Change::new(code, format!("`{id}`: action `{}` {message}", action.verb.value))
                .surface(id)
                .subject(subject.clone())
        };
        if old.intent.value != action.intent.value {
            changes.push(
                change(
                    ChangeCode::ActionIntentChanged,
                    format!("moved from {} to {}", old.intent.value, action.intent.value),
                )
                .values(Some(old.intent.value.clone()), Some(action.intent.value.clone()))
                .at(here(action.intent.pos), there(old.intent.pos)),
            );
        }
        let outcome_change = match (placed(old), placed(action)) {
            (Some(_), None) => Some((ChangeCode::ActionLandingLost, "lost its V3 landing")),
            (None, Some(_)) => Some((ChangeCode::ActionLanded, "landed in a V3 pattern")),
            (Some(a), Some(b)) if landing_key(a) != landing_key(b) => {
                Some((ChangeCode::ActionLandingChanged, "moved to another V3 landing"))
            }
            (None, None) if outcome(old) != outcome(action) => {
                Some((ChangeCode::ActionPendingChanged, "is pending for another reason"))
            }
            _ => None,
        };
        if let Some((code, message)) = outcome_change {
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
    }
    for old in bs.actions.iter().zip(&used).filter(|(_, used)| !**used).map(|(action, _)| action) {
        changes.push(
            Change::new(
                ChangeCode::ActionRemoved,
                format!("`{id}`: {} action `{}` was removed", old.intent.value, old.verb.value),
            )
            .surface(id)
            .subject(format!("action {}", old.verb.value))
            .values(Some(outcome(old)), None)
            .at(here(hs.id.pos), there(old.verb.pos)),
        );
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
fn landing_key(landing: &Landing) -> (String, Option<String>) {
    let v3 = landing.v3.as_ref().map(|v3| match v3.split_once(' ') {
        Some((method, route)) => format!("{method} {}", shape(route)),
        None => shape(v3),
    });
    (landing.pattern.value.clone(), v3)
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

/// `pending (follow-up 3)`, `pending (contract gap resize-api)`, `pending (deferred)`.
fn pending_text(pending: Option<&Pending>) -> String {
    let Some(pending) = pending else { return "no outcome".to_owned() };
    let reference = match (&pending.follow_up, &pending.gap) {
        (Some(number), _) => format!("follow-up {}", number.value),
        (None, Some(gap)) => format!("{} {}", pending.reason.value.label(), gap.value),
        (None, None) => pending.reason.value.label().to_owned(),
    };
    format!("pending ({reference})")
}

/// Where an action stands, in words.
fn outcome(action: &Action) -> String {
    match &action.landing {
        Some(landing) => landing_text(landing),
        None => pending_text(action.pending.as_ref()),
    }
}

fn follow_ups(b: &Side<'_>, h: &Side<'_>, changes: &mut Vec<Change>) {
    let base: HashMap<u32, &crate::matrix::FollowUp> =
        b.matrix.follow_ups.iter().map(|f| (f.number.value, f)).collect();
    let head: HashSet<u32> = h.matrix.follow_ups.iter().map(|f| f.number.value).collect();
    for item in h.matrix.follow_ups.iter().filter(|f| !base.contains_key(&f.number.value)) {
        changes.push(
            Change::new(ChangeCode::FollowUpOpened, format!("follow-up {} opened: {}", item.number.value, item.title))
                .subject(format!("follow-up {}", item.number.value))
                .values(None, Some(item.title.clone()))
                .at(h.at(item.file, item.number.pos), None),
        );
    }
    for item in &h.matrix.follow_ups {
        let Some(old) = base.get(&item.number.value) else { continue };
        let parts = reworded(&[
            ("title", old.title.trim() != item.title.trim()),
            ("text", old.body.trim() != item.body.trim()),
            ("surfaces", ids(&old.surfaces) != ids(&item.surfaces)),
        ]);
        if !parts.is_empty() {
            changes.push(
                Change::new(
                    ChangeCode::FollowUpReworded,
                    format!("follow-up {}: its {} changed", item.number.value, parts.join(", ")),
                )
                .subject(format!("follow-up {}", item.number.value))
                .values(Some(follow_up_text(old, &parts)), Some(follow_up_text(item, &parts)))
                .at(h.at(item.file, item.number.pos), b.at(old.file, old.number.pos)),
            );
        }
    }
    for item in b.matrix.follow_ups.iter().filter(|f| !head.contains(&f.number.value)) {
        changes.push(
            Change::new(ChangeCode::FollowUpClosed, format!("follow-up {} closed: {}", item.number.value, item.title))
                .subject(format!("follow-up {}", item.number.value))
                .values(Some(item.title.clone()), None)
                .at(None, b.at(item.file, item.number.pos)),
        );
    }
}

fn gaps(b: &Side<'_>, h: &Side<'_>, changes: &mut Vec<Change>) {
    let base: HashMap<&str, &crate::matrix::Gap> = b.matrix.gaps.iter().map(|g| (g.id.as_str(), g)).collect();
    let head: HashSet<&str> = h.matrix.gaps.iter().map(|g| g.id.as_str()).collect();
    for gap in h.matrix.gaps.iter().filter(|g| !base.contains_key(g.id.as_str())) {
        changes.push(
            Change::new(ChangeCode::GapOpened, format!("gap `{}` opened: {}", gap.id.value, gap.text.trim()))
                .subject(format!("gap {}", gap.id.value))
                .values(None, Some(gap.text.trim().to_owned()))
                .at(h.at(gap.file, gap.id.pos), None),
        );
    }
    for gap in &h.matrix.gaps {
        let Some(old) = base.get(gap.id.as_str()) else { continue };
        let parts = reworded(&[
            ("text", old.text.trim() != gap.text.trim()),
            ("surfaces", ids(&old.surfaces) != ids(&gap.surfaces)),
        ]);
        if !parts.is_empty() {
            changes.push(
                Change::new(
                    ChangeCode::GapReworded,
                    format!("gap `{}`: its {} changed", gap.id.value, parts.join(", ")),
                )
                .subject(format!("gap {}", gap.id.value))
                .values(Some(old.text.trim().to_owned()), Some(gap.text.trim().to_owned()))
                .at(h.at(gap.file, gap.id.pos), b.at(old.file, old.id.pos)),
            );
        }
    }
    for gap in b.matrix.gaps.iter().filter(|g| !head.contains(g.id.as_str())) {
        changes.push(
            Change::new(ChangeCode::GapClosed, format!("gap `{}` closed: {}", gap.id.value, gap.text.trim()))
                .subject(format!("gap {}", gap.id.value))
                .values(Some(gap.text.trim().to_owned()), None)
                .at(None, b.at(gap.file, gap.id.pos)),
        );
    }
}

/// The title of a follow-up when it changed, else its text.
fn follow_up_text(item: &crate::matrix::FollowUp, changed: &[&str]) -> String {
    if changed.contains(&"title") { item.title.trim().to_owned() } else { item.body.trim().to_owned() }
}

/// The names of the parts that changed, in order.
fn reworded(parts: &[(&'static str, bool)]) -> Vec<&'static str> {
    parts.iter().filter(|(_, changed)| *changed).map(|(name, _)| *name).collect()
}

/// Surface ids as a sorted set: their order in the file does not matter.
fn ids(surfaces: &[crate::matrix::Spanned<String>]) -> Vec<&str> {
    let mut ids: Vec<&str> = surfaces.iter().map(|s| s.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

fn waivers(b: &Side<'_>, h: &Side<'_>, changes: &mut Vec<Change>) {
    let key = |w: &crate::matrix::Waiver| (w.code.value.clone(), w.surface.value.clone());
    let base: HashMap<_, _> = b.matrix.waivers.iter().map(|w| (key(w), w)).collect();
    let head: HashSet<_> = h.matrix.waivers.iter().map(key).collect();
    for waiver in &h.matrix.waivers {
        let (code, surface) = (&waiver.code.value, waiver.surface.as_str());
        let expires = waiver.expires.value;
        let location = h.at(waiver.file, waiver.code.pos);
        let change = match base.get(&key(waiver)) {
            None => Change::new(
                ChangeCode::WaiverAdded,
                format!("`{surface}`: new waiver of `{code}` until {expires}: {}", waiver.reason.trim()),
            )
            .values(None, Some(format!("until {expires}"))),
            Some(old) if old.expires.value >= b.date && expires < h.date => Change::new(
                ChangeCode::WaiverLapsed,
                format!("`{surface}`: the waiver of `{code}` lapsed on {expires}; its finding is reported again"),
            )
            .values(Some(format!("until {}", old.expires.value)), Some(format!("lapsed {expires}"))),
            Some(old) if old.expires.value != expires || old.reason.trim() != waiver.reason.trim() => Change::new(
                ChangeCode::WaiverRenewed,
                format!("`{surface}`: the waiver of `{code}` now runs until {expires}: {}", waiver.reason.trim()),
            )
            .values(Some(format!("until {}", old.expires.value)), Some(format!("until {expires}"))),
            Some(_) => continue,
        };
        changes.push(change.surface(surface).subject(format!("waiver {code}")).at(location, None));
    }
    for waiver in b.matrix.waivers.iter().filter(|w| !head.contains(&key(w))) {
        let (code, surface) = (&waiver.code.value, waiver.surface.as_str());
        changes.push(
            Change::new(ChangeCode::WaiverRemoved, format!("`{surface}`: the waiver of `{code}` was removed"))
                .surface(surface)
                .subject(format!("waiver {code}"))
                .values(Some(format!("until {}", waiver.expires.value)), None)
                .at(None, b.at(waiver.file, waiver.code.pos)),
        );
    }
}
