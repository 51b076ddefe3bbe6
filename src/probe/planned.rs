//! One request a plan asks the prober to make. The prober takes these as
//! given: which routes to plan, and why, is the check's business
//! (`crate::check::plan`), so the prober knows nothing of the matrix.

use serde::Serialize;

/// What a planned request checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProbeKind {
    /// A page route (a V1 route or a V3 target): fetched with GET.
    Route,
    /// An action endpoint `METHOD /path`: checked without side effects
    /// unless mutating requests are allowed.
    Endpoint,
}

/// One request of the plan. Identical requests are planned once.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct PlannedProbe {
    /// The deployment's name.
    pub deployment: String,
    pub kind: ProbeKind,
    /// The method the matrix names (GET for routes).
    pub method: String,
    /// The route as written in the matrix, e.g. `/v3-prod/workloads/{id}`.
    pub route: String,
    /// The ids of the surfaces that list the route or endpoint, in matrix
    /// order: one request can serve several.
    pub surfaces: Vec<String>,
    /// The absolute URL, parameters filled.
    pub url: String,
    /// The absolute URL a redirect chain should end at (the target's
    /// `resolves_to`, filled).
    pub resolves_to: Option<String>,
    /// A regular expression the body must match to count as present.
    pub marker: Option<String>,
    /// An endpoint of a `destructive` or `recovery` action (the strictest
    /// intent of the actions that share it): unless its real method may be
    /// sent, only OPTIONS is sent, never GET or HEAD, since a legacy handler
    /// that ignores the method would run the action.
    pub options_only: bool,
}
