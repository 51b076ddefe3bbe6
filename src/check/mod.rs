//! `parity check` as a library: the pipeline from a loaded, validated
//! matrix to findings. The files follow the flow: [`plan`](mod@plan) the
//! requests from the matrix, probe them (`crate::probe`), [`audit`] the
//! verdicts into findings, set aside what the `--baseline` report already
//! [knows](read_known); the pipeline ([`CheckSetup`], [`run`]) strings them
//! together, and `crate::report::check` renders the outcome.

pub mod audit;
mod known;
pub mod plan;
pub mod rendering;
pub mod visibility;

mod pipeline;

pub use known::{Known, KnownError, mark_known, read_known};
pub use pipeline::{CheckOutcome, CheckSetup, plan, run, run_async};
pub use rendering::RenderSetup;
