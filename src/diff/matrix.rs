//! Comparing two matrices: the document section, surfaces and their
//! statuses (targets and actions have modules of their own), then
//! follow-ups, gaps and waivers.

use std::collections::{HashMap, HashSet};

use jiff::civil::Date;

use super::actions::actions;
use super::document::document;
use super::pairing::{Pairing, shape};
use super::targets::targets;
use super::{Change, ChangeCode};
use crate::coverage::{self, Cell};
use crate::finding::Location;
use crate::matrix::{FileId, Intent, Loaded, Matrix, Pos, Sources, Surface};

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
    document(&b, &h, &mut changes);
    surfaces(&b, &h, &mut changes);
    follow_ups(&b, &h, &mut changes);
    gaps(&b, &h, &mut changes);
    waivers(&b, &h, &mut changes);
    changes
}

/// A version's matrix with what locating its items needs.
pub(super) struct Side<'a> {
    pub(super) matrix: &'a Matrix,
    sources: &'a Sources,
    date: Date,
}

impl<'a> Side<'a> {
    fn of(version: &'a Version) -> Self {
        Self { matrix: &version.loaded.matrix, sources: &version.loaded.sources, date: version.date }
    }

    pub(super) fn at(&self, file: FileId, pos: Pos) -> Option<Location> {
        (file.0 < self.sources.files().len()).then(|| self.sources.locate(file, pos))
    }
}

/// Where a position of one surface's file is, in one version.
pub(super) type Locate<'a> = dyn Fn(Pos) -> Option<Location> + 'a;

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

/// Follow-ups pair by number: opened, reworded (title, text or surfaces),
/// closed.
fn follow_ups(b: &Side<'_>, h: &Side<'_>, changes: &mut Vec<Change>) {
    let pairing = Pairing::new(&b.matrix.follow_ups, &h.matrix.follow_ups).by(|f| f.number.value);
    for item in pairing.pairs().filter_map(|(old, item)| old.is_none().then_some(item)) {
        changes.push(
            Change::new(ChangeCode::FollowUpOpened, format!("follow-up {} opened: {}", item.number.value, item.title))
                .subject(format!("follow-up {}", item.number.value))
                .values(None, Some(item.title.clone()))
                .at(h.at(item.file, item.number.pos), None),
        );
    }
    for (old, item) in pairing.pairs().filter_map(|(old, item)| old.map(|old| (old, item))) {
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
    for item in pairing.unpaired_base() {
        changes.push(
            Change::new(ChangeCode::FollowUpClosed, format!("follow-up {} closed: {}", item.number.value, item.title))
                .subject(format!("follow-up {}", item.number.value))
                .values(Some(item.title.clone()), None)
                .at(None, b.at(item.file, item.number.pos)),
        );
    }
}

/// Gaps pair by id: opened, reworded (text or surfaces), closed.
fn gaps(b: &Side<'_>, h: &Side<'_>, changes: &mut Vec<Change>) {
    let pairing = Pairing::new(&b.matrix.gaps, &h.matrix.gaps).by(|g| g.id.as_str());
    for gap in pairing.pairs().filter_map(|(old, gap)| old.is_none().then_some(gap)) {
        changes.push(
            Change::new(ChangeCode::GapOpened, format!("gap `{}` opened: {}", gap.id.value, gap.text.trim()))
                .subject(format!("gap {}", gap.id.value))
                .values(None, Some(gap.text.trim().to_owned()))
                .at(h.at(gap.file, gap.id.pos), None),
        );
    }
    for (old, gap) in pairing.pairs().filter_map(|(old, gap)| old.map(|old| (old, gap))) {
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
    for gap in pairing.unpaired_base() {
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

/// Waivers pair by code and surface: added, lapsed, renewed, removed.
fn waivers(b: &Side<'_>, h: &Side<'_>, changes: &mut Vec<Change>) {
    let pairing = Pairing::new(&b.matrix.waivers, &h.matrix.waivers).by(|w| (w.code.as_str(), w.surface.as_str()));
    for (old, waiver) in pairing.pairs() {
        let (code, surface) = (&waiver.code.value, waiver.surface.as_str());
        let expires = waiver.expires.value;
        let location = h.at(waiver.file, waiver.code.pos);
        let change = match old {
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
    for waiver in pairing.unpaired_base() {
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
