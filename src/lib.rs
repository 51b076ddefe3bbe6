//! parity audits a web-app migration from V1 pages to V3 workflow-first pages.
//!
//! The data flows one way: a YAML parity matrix is [loaded](matrix::load)
//! with precise diagnostics, [validated](matrix::validate) by rules that
//! produce [findings](finding::Finding), its lifecycle [coverage] is computed,
//! and [reports](report) render it as a terminal table, JSON, Markdown or the
//! audit document itself.

mod catalogue;
pub mod check;
pub mod config;
pub mod coverage;
pub mod demo;
pub mod diff;
pub mod duration;
pub mod finding;
pub mod matrix;
pub mod probe;
pub mod report;
pub mod route;
pub mod scan;
pub mod schema;

pub use coverage::{Cell, Coverage};
pub use finding::{Code, Finding, Location, Severity};
pub use matrix::{Intent, Level, Matrix, Pattern, Surface};
