//! Probing live V1 and V3 deployments over HTTP: which requests to make
//! ([`plan`]), making them safely and reliably ([`client`], [`engine`]), and
//! what each answer means ([`verdict`], [`baseline`]).
//!
//! Safety first: only GET, HEAD and OPTIONS are sent unless a deployment is
//! `mutable` *and* the run allows mutating requests; secrets live in
//! [`Secret`] values that never print.

pub mod baseline;
pub mod client;
pub mod engine;
pub mod exchange;
pub mod plan;
pub mod redirect;
pub mod retry;
pub mod strategy;
mod tally;
pub mod verdict;

use std::fmt;
use std::num::NonZeroU32;
use std::time::Duration;

use serde::{Deserialize, Serialize};

pub use verdict::Verdict;

/// Which side of the migration a deployment serves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    V1,
    V3,
}

/// A header value, token or cookie read from the environment. It never
/// appears in any output: `Debug` and `Display` print `<redacted>`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    #[must_use]
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value, for the one place that needs it: the request's headers.
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// A deployment to probe, with its credentials resolved from the environment.
#[derive(Clone, Debug)]
pub struct Deployment {
    /// The name in `parity.toml` (`v1`, `v3`, `staging-v3` …).
    pub name: String,
    pub role: Role,
    /// Every planned URL starts with this.
    pub base_url: url::Url,
    /// Headers sent with every request (bearer token, cookie, configured
    /// headers); names are public, values are secrets.
    pub headers: Vec<(String, Secret)>,
    /// The deployment accepts mutating requests (with `--allow-mutating`).
    pub mutable: bool,
}

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

/// One hop of a redirect chain: the URL requested and the status it answered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hop {
    pub url: String,
    pub status: u16,
}

/// The outcome of one planned probe: the JSON report's `probes` items.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProbeResult {
    pub deployment: String,
    /// The route as written in the matrix.
    pub route: String,
    /// The ids of the surfaces that list the route or endpoint, in matrix
    /// order: one request can serve several. Reports written before this
    /// field existed read as none.
    #[serde(default)]
    pub surfaces: Vec<String>,
    /// The method the matrix names; `sent` lists what was actually sent.
    pub method: String,
    pub url: String,
    pub verdict: Verdict,
    /// The last HTTP status seen, if any answer came.
    pub status: Option<u16>,
    /// The URL that gave the last answer, after redirects.
    pub final_url: Option<String>,
    /// Every hop that answered 3xx, in order.
    pub redirect_chain: Vec<Hop>,
    /// Methods actually sent, in order (`OPTIONS`, then `GET` …).
    pub sent: Vec<String>,
    /// Requests made, retries included.
    pub attempts: u32,
    pub elapsed_ms: u64,
    /// Why the verdict was reached, for people ("matches the not-found
    /// baseline of /v3-prod", "connection refused").
    pub detail: Option<String>,
}

/// How hard and how fast to probe.
#[derive(Clone, Debug)]
pub struct ProbePolicy {
    /// Requests in flight at once, across all hosts.
    pub concurrency: usize,
    /// Requests in flight at once to one host.
    pub per_host_concurrency: usize,
    /// Requests per second to one host; `None` is unlimited.
    pub per_host_rate: Option<NonZeroU32>,
    /// Deadline of one attempt, body included.
    pub timeout: Duration,
    /// Retries after the first attempt (429, 502, 503, 504, timeouts), for
    /// GET, HEAD and OPTIONS only: other methods are sent once.
    pub retries: u32,
    /// The longest `Retry-After` honoured; longer ones are cut to this.
    pub max_retry_after: Duration,
    pub max_redirects: u32,
    pub user_agent: String,
    /// Bytes of a body read for fingerprints and markers.
    pub body_cap: usize,
    /// Send the real method of mutating endpoints to `mutable` deployments.
    pub allow_mutating: bool,
}

impl Default for ProbePolicy {
    fn default() -> Self {
        Self {
            concurrency: 64,
            per_host_concurrency: 16,
            per_host_rate: None,
            timeout: Duration::from_secs(10),
            retries: 2,
            max_retry_after: Duration::from_secs(5),
            max_redirects: 10,
            user_agent: concat!("parity/", env!("CARGO_PKG_VERSION")).to_owned(),
            body_cap: 256 * 1024,
            allow_mutating: false,
        }
    }
}
