//! How hard and how fast a run may probe: one value the configuration and
//! the flags fill, read by the client, its retries and the engine.

use std::num::NonZeroU32;
use std::time::Duration;

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
