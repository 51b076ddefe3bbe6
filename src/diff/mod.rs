//! What changed in parity between two versions, for release review.
//!
//! Two matrices (from paths or from git revisions) or two `parity check`
//! JSON reports are compared item by item, matched by stable keys so that
//! file order never matters: the document section field by field, surfaces
//! by id (or, when the id changed, by their V1 routes), targets by route,
//! actions by verb, intent, V1 endpoint and outcome (the `pairing` module says
//! how fuller keys pair first), follow-ups by number, gaps by id, waivers by
//! code and surface, probes by deployment, method and route. Each difference
//! becomes a [`Change`] with a stable [code](ChangeCode) and a
//! [`Direction`]; regressions fail the run.

mod actions;
mod codes;
mod document;
pub mod git;
mod matrix;
mod pairing;
mod reports;
mod targets;

use std::path::PathBuf;

use serde::Serialize;

pub use codes::{ChangeCode, Direction};
pub use matrix::{Version, compare_matrices};
pub use reports::{CheckReportFile, ReportError, ReportedFinding, ReportedLocation, compare_reports, read_report};

use crate::finding::Location;

/// One difference between the base and the head version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    pub code: ChangeCode,
    pub direction: Direction,
    /// The id of the surface concerned (the head's id when it was renamed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub surface: Option<String>,
    /// Further surfaces the change concerns: a probed request can serve
    /// several surfaces, and its verdict speaks for each.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub other_surfaces: Vec<String>,
    /// What within the surface changed: `action re-enroll`, `target /v3/x`,
    /// `v3 GET /nodes/{id}` for a probe.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The value in the base version, when it had one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
    /// The value in the head version, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// One sentence for people.
    pub message: String,
    /// Where in the head version's YAML the change is (for a removal, the
    /// enclosing item that remains, if any): where annotations land.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// Where the item was in the base version, when it was there.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_location: Option<Location>,
}

impl Change {
    /// A change of `code`, not yet described further.
    #[must_use]
    pub fn new(code: ChangeCode, message: impl Into<String>) -> Self {
        Self {
            code,
            direction: code.direction(),
            surface: None,
            other_surfaces: Vec::new(),
            subject: None,
            before: None,
            after: None,
            message: message.into(),
            location: None,
            base_location: None,
        }
    }

    #[must_use]
    pub fn surface(mut self, id: &str) -> Self {
        self.surface = Some(id.to_owned());
        self
    }

    #[must_use]
    pub fn subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }

    /// The values on both sides (`None` where the item is absent).
    #[must_use]
    pub fn values(mut self, before: Option<String>, after: Option<String>) -> Self {
        self.before = before;
        self.after = after;
        self
    }

    #[must_use]
    pub fn at(mut self, head: Option<Location>, base: Option<Location>) -> Self {
        self.location = head;
        self.base_location = base;
        self
    }

    /// `before → after`, `+ after` or `− before`, for tables.
    #[must_use]
    pub fn transition(&self) -> String {
        match (&self.before, &self.after) {
            (Some(before), Some(after)) => format!("{before} → {after}"),
            (None, Some(after)) => format!("+ {after}"),
            (Some(before), None) => format!("− {before}"),
            (None, None) => String::new(),
        }
    }
}

/// Which changes make `parity diff` exit 1.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Any regression (the default).
    #[default]
    Regression,
    /// Any regression or other change; improvements never fail.
    Change,
    /// Never: report only.
    Never,
}

/// Everything that changed between two versions.
#[derive(Clone, Debug, Serialize)]
pub struct Diff {
    /// How the base version was named (`main:parity`, `old.json`).
    pub base: String,
    /// How the head version was named (`parity` for the working tree).
    pub head: String,
    /// Regressions first, then improvements, then other changes; each group
    /// in the head version's order.
    pub changes: Vec<Change>,
}

impl Diff {
    /// Orders the changes for reports: by direction, keeping the order of
    /// discovery (which follows the head version) within each direction.
    #[must_use]
    pub fn new(base: String, head: String, mut changes: Vec<Change>) -> Self {
        changes.sort_by_key(|change| change.direction);
        Self { base, head, changes }
    }

    /// The changes of one direction.
    pub fn of(&self, direction: Direction) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(move |change| change.direction == direction)
    }

    /// How many changes of each direction, in report order.
    #[must_use]
    pub fn counts(&self) -> [(Direction, usize); 3] {
        Direction::ALL.map(|direction| (direction, self.of(direction).count()))
    }

    /// "1 regression, 2 improvements, 0 other changes", or "no changes".
    #[must_use]
    pub fn summary(&self) -> String {
        if self.changes.is_empty() {
            return "no changes".to_owned();
        }
        self.counts().map(|(direction, n)| direction.count(n)).join(", ")
    }

    /// Whether the changes fail a run with `fail_on`.
    #[must_use]
    pub fn fails(&self, fail_on: FailOn) -> bool {
        match fail_on {
            FailOn::Regression => self.of(Direction::Regression).next().is_some(),
            FailOn::Change => self.changes.iter().any(|change| change.direction != Direction::Improvement),
            FailOn::Never => false,
        }
    }
}

/// A matrix version as the user named it: a path on disk, or a path at a
/// git revision (`REV:path`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    Path(PathBuf),
    Git { rev: String, path: PathBuf },
}

impl Source {
    /// Reads `REV:path` as a git source unless the text is a path that
    /// exists (so `dir:with:colons` stays a path).
    #[must_use]
    pub fn parse(text: &str) -> Self {
        if !std::path::Path::new(text).exists() {
            if let Some((rev, path)) = text.split_once(':').filter(|(rev, _)| !rev.is_empty()) {
                let path = if path.is_empty() { "." } else { path };
                return Self::Git { rev: rev.to_owned(), path: PathBuf::from(path) };
            }
        }
        Self::Path(PathBuf::from(text))
    }
}
