//! A rendered route's verdict: the same words as HTTP probes, reached from
//! what the browser showed. The page is compared with a not-found sample
//! rendered under the same prefix, since a single-page app draws its
//! not-found view with the same shell as every page.

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::snapshot::Snapshot;
use crate::probe::Verdict;
use crate::probe::redirect::is_login_url;

/// What the browser made of one URL.
#[derive(Clone, Debug, Default)]
pub struct Rendered {
    pub snapshot: Snapshot,
    /// The status of the document request, when one answered.
    pub status: Option<u16>,
    /// Where the browser ended: after HTTP redirects and client-side navigation.
    pub final_url: String,
    pub settle_ms: u64,
    /// The page was quiet for the settle time before the deadline.
    pub settled: bool,
    /// The first uncaught exception's message.
    pub exception: Option<String>,
    /// Why the document could not be loaded (`net::ERR_CONNECTION_REFUSED` …).
    pub failure: Option<String>,
    /// Requests the page made that were failed in the browser (`POST /api/track`).
    pub blocked: Vec<String>,
}

/// What the JSON report says about a probe that was rendered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenderNote {
    /// Milliseconds from navigation until the page was settled (or the deadline).
    pub settle_ms: u64,
    /// Whether the page settled before its deadline.
    pub settled: bool,
    /// The browser's URL when the page was read.
    pub final_url: String,
    /// Requests the page made that parity failed before they left the browser.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub blocked: Vec<String>,
}

impl Rendered {
    #[must_use]
    pub fn note(&self) -> RenderNote {
        RenderNote {
            settle_ms: self.settle_ms,
            settled: self.settled,
            final_url: self.final_url.clone(),
            blocked: self.blocked.clone(),
        }
    }
}

/// The verdict of a rendered route at `url`, with the not-found sample of
/// its prefix (`None` when no path there is free of a route, or it could not
/// be rendered) and the target's marker.
#[must_use]
pub fn judge(
    url: &str,
    page: &Rendered,
    not_found: Option<(&str, &Rendered)>,
    marker: Option<&Regex>,
) -> (Verdict, String) {
    if let Some(failure) = &page.failure {
        return (Verdict::Unreachable, format!("the browser could not load the page: {failure}"));
    }
    match page.status {
        Some(404 | 410) => return (Verdict::Missing, format!("the document answered {}", page.status.unwrap_or(404))),
        Some(401 | 403) => return (Verdict::Unauthorized, "the document needs authentication".to_owned()),
        Some(status @ (429 | 500..)) => return (Verdict::Error, format!("the document answered {status}")),
        _ => {}
    }
    if !is_login_url(url, None) && is_login_url(&page.final_url, None) {
        return (Verdict::Unauthorized, format!("the page navigated to a login page: {}", page.final_url));
    }
    if page.snapshot.is_blank() {
        return match &page.exception {
            Some(message) => (Verdict::Error, format!("the page threw before rendering anything: {message}")),
            None => (Verdict::SoftMissing, "the page rendered nothing".to_owned()),
        };
    }
    if let Some(marker) = marker {
        let found = marker.is_match(&page.snapshot.html) || marker.is_match(&page.snapshot.text);
        return if found {
            (Verdict::Present, "rendered; the marker is in the page".to_owned())
        } else {
            (Verdict::SoftMissing, "rendered, but the marker is not in the page".to_owned())
        };
    }
    match not_found {
        Some((sample, rendered)) if page.snapshot.looks_like(&rendered.snapshot, &[path(url), path(sample)]) => {
            (Verdict::SoftMissing, format!("renders like the not-found sample {sample}"))
        }
        Some(_) => (Verdict::Present, "rendered unlike the not-found sample of its prefix".to_owned()),
        None => (Verdict::Present, "rendered (no not-found sample to compare with)".to_owned()),
    }
}

fn path(url: &str) -> &str {
    url.split_once("://").and_then(|(_, rest)| rest.find('/').map(|at| &rest[at..])).unwrap_or(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(heading: &str, text: &str) -> Rendered {
        let mut snapshot = Snapshot { title: "App".to_owned(), text: text.to_owned(), ..Snapshot::default() };
        snapshot.add_node("heading", heading);
        Rendered {
            snapshot,
            status: Some(200),
            final_url: "http://h/x".to_owned(),
            settled: true,
            ..Rendered::default()
        }
    }

    const URL: &str = "http://h/nodes/n-1";
    const SAMPLE: &str = "http://h/nodes/parity-404-0123";

    #[test]
    fn a_page_unlike_the_not_found_view_is_present_and_one_like_it_soft_missing() {
        let not_found = page("Not found", "No page at /nodes/parity-404-0123");
        let real = page("Node n-1", "Node n-1 ready");
        assert_eq!(judge(URL, &real, Some((SAMPLE, &not_found)), None).0, Verdict::Present);
        let echo = page("Not found", "No page at /nodes/n-1");
        let (verdict, detail) = judge(URL, &echo, Some((SAMPLE, &not_found)), None);
        assert_eq!(
            (verdict, detail.as_str()),
            (Verdict::SoftMissing, "renders like the not-found sample http://h/nodes/parity-404-0123")
        );
    }

    #[test]
    fn a_client_side_move_to_login_is_unauthorized() {
        let login = Rendered { final_url: "http://h/login?next=/nodes".to_owned(), ..page("Sign in", "Sign in") };
        assert_eq!(judge(URL, &login, None, None).0, Verdict::Unauthorized);
        assert_eq!(judge("http://h/login", &login, None, None).0, Verdict::Present, "the login page itself");
    }

    #[test]
    fn a_page_that_throws_before_drawing_anything_is_an_error_with_the_message() {
        let broken = Rendered { exception: Some("TypeError: x is undefined".to_owned()), ..page("", "") };
        let (verdict, detail) = judge(URL, &broken, None, None);
        assert_eq!(verdict, Verdict::Error);
        assert!(detail.ends_with("TypeError: x is undefined"), "{detail}");
        let thrown_after = Rendered { exception: Some("late".to_owned()), ..page("Node", "ready") };
        assert_eq!(judge(URL, &thrown_after, None, None).0, Verdict::Present, "drawn, then threw");
    }

    #[test]
    fn the_marker_is_looked_for_in_the_rendered_page() {
        let marker = Regex::new("data-page=\"node\"").expect("a marker");
        let mut drawn = page("Node", "ready");
        assert_eq!(judge(URL, &drawn, None, Some(&marker)).0, Verdict::SoftMissing);
        drawn.snapshot.html = "<main data-page=\"node\">".to_owned();
        assert_eq!(judge(URL, &drawn, None, Some(&marker)).0, Verdict::Present);
    }

    #[test]
    fn document_statuses_and_load_failures_keep_their_http_words() {
        assert_eq!(judge(URL, &Rendered { status: Some(404), ..page("x", "y") }, None, None).0, Verdict::Missing);
        assert_eq!(judge(URL, &Rendered { status: Some(503), ..page("x", "y") }, None, None).0, Verdict::Error);
        let refused = Rendered { failure: Some("net::ERR_CONNECTION_REFUSED".to_owned()), ..Rendered::default() };
        assert_eq!(judge(URL, &refused, None, None).0, Verdict::Unreachable);
    }
}
