//! parity audits a web-app migration from V1 pages to V3 workflow-first pages.
//!
//! The data flows one way, **load → validate → plan → probe → audit →
//! render**, and each stage is a module with a typed hand-off
//! (`docs/architecture.md` draws the map):
//!
//! - **load**: [`matrix::load`] reads the YAML parity matrix into a
//!   [`matrix::Loaded`] (the merged [`Matrix`], its source text, and every
//!   input problem as a [`Finding`] located to file, line and column);
//!   [`config`] reads `parity.toml`.
//! - **validate**: [`matrix::validate`] runs the rules over the matrix, and
//!   [`coverage`] computes each surface's lifecycle coverage and status.
//! - **plan**: [`check::plan()`] turns the matrix and the deployments into
//!   [`probe::PlannedProbe`]s: which request to make to which URL, and why.
//! - **probe**: [`probe`] sends them safely (GET, HEAD and OPTIONS unless
//!   told otherwise) and classifies every answer into a [`probe::Verdict`].
//! - **audit**: [`check::audit`] joins the verdicts with the matrix into
//!   findings at the YAML line they concern; [`check::run`] strings plan,
//!   probe and audit together.
//! - **render**: [`report`] writes a matrix, a check, a diff or a scan as a
//!   terminal table, JSON, JUnit, GitHub annotations, Markdown or the audit
//!   document itself.
//!
//! Beside that flow: [`diff`] compares two versions of the matrix (or two
//! check reports) for release review; [`scan`] discovers the routes a source
//! tree defines and compares them with the matrix; [`route`] is the one
//! route syntax all of them share; [`finding`] holds the catalogue of
//! finding codes; [`demo`] serves simulated deployments for `parity demo`.

mod catalogue;
pub mod check;
pub mod config;
pub mod coverage;
pub mod demo;
pub mod diff;
pub mod duration;
pub mod file;
pub mod finding;
pub mod matrix;
pub mod path_text;
pub mod probe;
pub mod render;
pub mod report;
pub mod route;
pub mod scan;
pub mod schema;

pub use coverage::{Cell, Coverage};
pub use finding::{Code, Finding, Location, Severity};
pub use matrix::{Intent, Level, Matrix, Pattern, Surface};
