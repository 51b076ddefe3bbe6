//! What a run tells whoever watches it (the `--log` writer, the progress
//! bar): every request as sent and every verdict as known. The client
//! reports requests and the tally reports verdicts, so these sit below both
//! rather than in the engine that drives them.

use super::result::ProbeResult;

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
    /// Whether [`Self::request_sent`] is worth calling: when not, the client
    /// makes no record of each request (four strings and a list apiece).
    fn wants_requests(&self) -> bool {
        true
    }
    /// Called after every HTTP request, retries included.
    fn request_sent(&self, _request: &SentRequest) {}
    /// Called once per planned probe when its verdict is known.
    fn probe_done(&self, _result: &ProbeResult) {}
}

/// Observes nothing.
pub struct Quiet;

impl Observer for Quiet {
    fn wants_requests(&self) -> bool {
        false
    }
}
