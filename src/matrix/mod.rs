//! The parity matrix: the model read from YAML, the loader with precise
//! diagnostics, and the validation rules. A matrix file goes through these
//! stages, driven by `load`:
//!
//! 1. read bytes, refusing a file past `limits`;
//! 2. split the YAML stream into its one document (`yaml_stream`);
//! 3. parse a tree of positioned nodes (`tree`);
//! 4. walk that tree beside the model's JSON Schema (`schema_walk`, with
//!    `constraints`), reporting every `problem` at once;
//! 5. deserialize the `model`, with positions (`span`), merging every file
//!    into one [`Matrix`] (`merged`) and keeping its text (`source`);
//! 6. run the validation `rules` (over the fixed `vocabulary`), then set
//!    aside what `waivers` cover.
//!
//! The typed read of step 5 is tried first; steps 3 and 4 run only to explain
//! a file it refuses, since serde stops at the first problem. This file only
//! declares and re-exports: each module imports from lower ones, never back
//! (`tests/architecture.rs`).

mod constraints;
mod limits;
mod load;
mod merged;
mod model;
mod problem;
mod rules;
mod schema_walk;
mod source;
mod span;
mod tree;
mod vocabulary;
mod waivers;
mod yaml_stream;

pub use limits::MAX_FILE_BYTES;
pub use load::{Loaded, is_matrix_file, load};
pub use merged::Matrix;
pub use model::{
    Action, DetailedStatus, Document, FileId, FollowUp, Gap, Landing, LifecycleRule, MatrixFile, MigrationRule,
    Pending, Status, Surface, Target, Waiver,
};
pub use rules::validate;
pub use source::{SourceFile, Sources};
pub use span::{Pos, Spanned};
pub use vocabulary::{Evidence, Intent, Level, Pattern, PendingReason};
pub use waivers::{Validation, set_aside as waive_check_findings};
