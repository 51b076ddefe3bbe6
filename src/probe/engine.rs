//! Runs a plan against deployments and returns one result per planned probe.

use super::{Deployment, PlannedProbe, ProbePolicy, ProbeResult};

/// One request as sent, for `--log` (JSON lines) and progress: header values
/// are never included, only their names.
#[derive(Clone, Debug, serde::Serialize)]
pub struct SentRequest {
    pub deployment: String,
    pub method: String,
    pub url: String,
    pub attempt: u32,
    /// Names of the headers sent (values are secrets).
    pub headers: Vec<String>,
    pub status: Option<u16>,
    pub elapsed_ms: u64,
    pub error: Option<String>,
}

/// Watches a run: the request log and the progress bar implement this.
pub trait Observer: Send + Sync {
    /// Called after every HTTP request, retries included.
    fn request_sent(&self, _request: &SentRequest) {}
    /// Called once per planned probe when its verdict is known.
    fn probe_done(&self, _result: &ProbeResult) {}
}

/// Observes nothing.
pub struct Quiet;

impl Observer for Quiet {}

/// Probes every planned request; results come back in plan order.
pub async fn run(
    plan: &[PlannedProbe],
    deployments: &[Deployment],
    policy: &ProbePolicy,
    observer: &dyn Observer,
) -> Vec<ProbeResult> {
    // Placeholder until the engine lands (issue 3): no probe, no result.
    let _ = (plan, deployments, policy, observer);
    tokio::task::yield_now().await;
    Vec::new()
}

/// [`run`] on a runtime of its own, for callers that are not async.
#[must_use]
pub fn run_blocking(
    plan: &[PlannedProbe],
    deployments: &[Deployment],
    policy: &ProbePolicy,
    observer: &dyn Observer,
) -> Vec<ProbeResult> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a tokio runtime starts");
    runtime.block_on(run(plan, deployments, policy, observer))
}
