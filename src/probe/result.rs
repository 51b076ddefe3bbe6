//! What one planned probe came to: the record every report, the diff of two
//! reports and the audit read, so it sits below everything that fetches.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::text::SharedText;
use super::verdict::Verdict;

/// One hop of a redirect chain: the URL requested and the status it answered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hop {
    pub url: String,
    pub status: u16,
}

/// The outcome of one planned probe: the JSON report's `probes` items.
///
/// What names the probe (deployment, route, surfaces, method, URL) shares
/// the plan's text rather than copying it, and so does a final URL that is
/// the URL itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProbeResult {
    pub deployment: SharedText,
    /// The route as written in the matrix.
    pub route: SharedText,
    /// The ids of the surfaces that list the route or endpoint, in matrix
    /// order: one request can serve several. Reports written before this
    /// field existed read as none.
    #[serde(default)]
    pub surfaces: Arc<[String]>,
    /// The method the matrix names; `sent` lists what was actually sent.
    pub method: SharedText,
    pub url: SharedText,
    pub verdict: Verdict,
    /// The last HTTP status seen, if any answer came.
    pub status: Option<u16>,
    /// The URL that gave the last answer, after redirects.
    pub final_url: Option<SharedText>,
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
    /// Set when the verdict comes from a headless browser (`--render`): the
    /// settle time, whether the page settled, and the browser's final URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// Boxed: few results are rendered, and every result has room for it.
    pub rendered: Option<Box<crate::render::RenderNote>>,
}

#[cfg(test)]
impl ProbeResult {
    /// A GET of `/p` on `deployment` that came to `verdict`, for unit tests.
    pub(crate) fn example(deployment: &str, verdict: Verdict) -> Self {
        Self {
            deployment: deployment.into(),
            route: "/p".into(),
            surfaces: Arc::default(),
            method: "GET".into(),
            url: "http://127.0.0.1/p".into(),
            verdict,
            status: None,
            final_url: None,
            redirect_chain: Vec::new(),
            sent: Vec::new(),
            attempts: 1,
            elapsed_ms: 0,
            detail: None,
            rendered: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_written_before_surfaces_existed_reads_as_none() {
        let json = r#"{"deployment": "v3", "route": "/x", "method": "GET", "url": "http://h/x",
            "verdict": "soft-missing", "status": 200, "final_url": "http://h/x", "redirect_chain": [],
            "sent": ["GET"], "attempts": 1, "elapsed_ms": 3, "detail": null}"#;
        let result: ProbeResult = serde_json::from_str(json).expect("an older probe result");
        assert_eq!((result.surfaces.len(), result.verdict), (0, Verdict::SoftMissing));
    }
}
