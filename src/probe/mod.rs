//! Probing live V1 and V3 deployments over HTTP: making the requests a plan
//! asks for safely and reliably ([`client`], [`engine`]), and what each
//! answer means ([`classify`], [`baseline`]). Which requests to make is the
//! check's business (`crate::check::plan`): the prober knows nothing of the
//! matrix.
//!
//! Safety first: only GET, HEAD and OPTIONS are sent unless a deployment is
//! `mutable` *and* the run allows mutating requests; secrets live in
//! [`Secret`] values that never print.
//!
//! The files read top to bottom, each using only those above it:
//! [`SharedText`] (what a plan and its results share), [`Deployment`],
//! [`ProbePolicy`], [`PlannedProbe`] and [`Verdict`] first, then
//! [`ProbeResult`], the [`Observer`] of a run, the safe methods, what
//! one fetch brings back ([`exchange`], [`redirect`], [`retry`]), the
//! [`client`], the soft-404 [`baseline`], [`classify`], the [`strategy`]
//! of one probe, the tally of a run, and the [`engine`] on top.

mod text;

mod deployment;
mod method;
mod observer;
mod planned;
mod policy;
mod result;
pub mod verdict;

pub mod exchange;
pub mod redirect;
pub mod retry;

pub mod baseline;
pub mod classify;
pub mod client;
pub mod strategy;
mod tally;

pub mod engine;

pub use deployment::{Deployment, Role, Secret};
pub(crate) use method::is_mutating;
pub use method::is_safe_method;
pub use observer::{Observer, Quiet, SentRequest};
pub use planned::{KnownRoutes, PlannedProbe, ProbeKind};
pub use policy::ProbePolicy;
pub use result::{Hop, ProbeResult};
pub use text::SharedText;
pub use verdict::Verdict;
