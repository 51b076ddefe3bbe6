//! Computed status: how much of a surface's V1 lifecycle has landed in V3,
//! by intent, and the rung of the status ladder that coverage earns.
//!
//! The rule (documented in `docs/status.md`): an action counts as landed only
//! when it sits in one of the four patterns *and* shows post-click progress
//! evidence; landing without evidence is only partly done.

use serde::Serialize;

use crate::matrix::{Action, Evidence, Intent, Level, Pattern, PendingReason, Spanned, Surface};

/// Where one V1 action stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionState {
    /// In a V3 pattern with progress evidence.
    Landed,
    /// In a V3 pattern, but nothing shows what happened after the click.
    Unproven,
    /// Not landed yet, for a recorded reason.
    Pending(PendingReason),
    /// Not landed: it sits outside the four patterns, or has no outcome.
    Missing,
}

/// One intent's cell in the intent strip.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cell {
    /// Every action of the intent landed with evidence.
    Landed,
    /// Some landed, or landed without evidence.
    Partly,
    /// Actions exist, none landed.
    Missing,
    /// The surface has no action of this intent.
    None,
}

impl Cell {
    /// The glyph used in the terminal strip.
    #[must_use]
    pub fn glyph(self) -> char {
        match self {
            Self::Landed => '●',
            Self::Partly => '◐',
            Self::Missing => '○',
            Self::None => '·',
        }
    }
}

/// A surface's coverage by intent and the status it earns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// One cell per intent, in [`Intent::ALL`] order.
    pub strip: Vec<(Intent, Cell)>,
    /// The rung earned; `None` when the surface records no actions.
    pub computed: Option<Level>,
    /// Actions landed with evidence, out of `total`.
    pub landed: usize,
    pub total: usize,
}

/// The evidence that applies to an action's landing: its own, else the surface's.
#[must_use]
pub fn effective_progress<'a>(surface: &'a Surface, action: &'a Action) -> &'a [Spanned<String>] {
    action.landing.as_ref().and_then(|landing| landing.progress.as_deref()).unwrap_or(&surface.progress)
}

/// Where one action stands.
#[must_use]
pub fn action_state(surface: &Surface, action: &Action) -> ActionState {
    match (&action.landing, &action.pending) {
        (Some(landing), None) => {
            if Pattern::parse(&landing.pattern).is_none() {
                ActionState::Missing
            } else if effective_progress(surface, action).iter().any(|e| Evidence::parse(e).is_some()) {
                ActionState::Landed
            } else {
                ActionState::Unproven
            }
        }
        (None, Some(pending)) => ActionState::Pending(pending.reason.value),
        _ => ActionState::Missing,
    }
}

/// Computes the intent strip and the earned status of a surface.
#[must_use]
pub fn coverage(surface: &Surface) -> Coverage {
    let states: Vec<(Intent, ActionState)> = surface
        .actions
        .iter()
        .filter_map(|action| Some((Intent::parse(&action.intent)?, action_state(surface, action))))
        .collect();
    let strip: Vec<(Intent, Cell)> = Intent::ALL
        .iter()
        .map(|&intent| (intent, cell(states.iter().filter(|(i, _)| *i == intent).map(|(_, s)| *s))))
        .collect();
    Coverage {
        computed: earned(&states, &strip),
        landed: states.iter().filter(|(_, s)| *s == ActionState::Landed).count(),
        total: states.len(),
        strip,
    }
}

fn cell(states: impl Iterator<Item = ActionState>) -> Cell {
    let (mut landed, mut placed, mut total) = (0, 0, 0);
    for state in states {
        total += 1;
        landed += usize::from(state == ActionState::Landed);
        placed += usize::from(matches!(state, ActionState::Landed | ActionState::Unproven));
    }
    match (total, landed, placed) {
        (0, ..) => Cell::None,
        (t, l, _) if l == t => Cell::Landed,
        (_, _, 0) => Cell::Missing,
        _ => Cell::Partly,
    }
}

fn earned(states: &[(Intent, ActionState)], strip: &[(Intent, Cell)]) -> Option<Level> {
    if states.is_empty() {
        return None;
    }
    let cell_of = |intent| strip.iter().find(|(i, _)| *i == intent).map_or(Cell::None, |(_, c)| *c);
    let level = if strip.iter().all(|(_, c)| matches!(c, Cell::Landed | Cell::None)) {
        Level::Covered
    } else if strip.iter().all(|(_, c)| *c != Cell::Missing)
        && matches!(cell_of(Intent::Destructive), Cell::Landed | Cell::None)
    {
        Level::MostlyCovered
    } else if states.iter().any(|(_, s)| matches!(s, ActionState::Landed | ActionState::Unproven)) {
        Level::Partial
    } else if states.iter().any(|(_, s)| *s == ActionState::Pending(PendingReason::Deferred)) {
        Level::Deferred
    } else {
        Level::NotStarted
    };
    Some(level)
}
