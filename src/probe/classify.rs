//! How an HTTP exchange maps to a verdict (documented in docs/verdicts.md).
//!
//! Classification is pure: it reads an [`Exchange`] already fetched and the
//! deployment's not-found [`Baseline`], so every rule is unit-tested without
//! a network and the engine only decides which requests to send.

use regex::Regex;

use super::baseline::{Baseline, Fingerprint, UNSAMPLED, allow_lists};
use super::exchange::Exchange;
use super::planned::ProbeKind;
use super::redirect::{is_login_url, is_redirect, lands_at, slash_only};
use super::verdict::Verdict;

/// A verdict with its reason, and whether the answer looked like the
/// not-found baseline (the input of the indeterminate rule).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Classification {
    pub verdict: Verdict,
    pub detail: Option<String>,
    /// A 2xx page (directly, or at the end of a redirect chain) was
    /// compared with the baseline: the deployment answered with a page.
    pub answered_page: bool,
    /// A 2xx answer matched the baseline of its prefix.
    pub baseline_matched: bool,
}

impl Classification {
    fn new(verdict: Verdict, detail: impl Into<String>) -> Self {
        Self { verdict, detail: Some(detail.into()), answered_page: false, baseline_matched: false }
    }
}

/// What a probe expects besides the status: its kind, its marker, and what
/// unknown paths under its prefix look like.
#[derive(Clone, Copy, Debug)]
pub struct Expectation<'a> {
    pub kind: ProbeKind,
    pub marker: Option<&'a Regex>,
    pub baseline: Option<&'a Baseline>,
    /// Where the target should resolve to; a redirect there is never a soft 404.
    pub resolves_to: Option<&'a str>,
}

impl Expectation<'_> {
    fn present(&self) -> Verdict {
        match self.kind {
            ProbeKind::Route => Verdict::Present,
            ProbeKind::Endpoint => Verdict::EndpointPresent,
        }
    }
}

/// Classifies a safe request (GET, HEAD, OPTIONS) to a route or endpoint.
#[must_use]
pub fn classify_page(exchange: &Exchange, method: &str, expect: &Expectation<'_>) -> Classification {
    // Being sent to a login page means "behind auth", even when the login
    // page itself (an identity provider the runner cannot reach) fails.
    let final_url = exchange.final_url.as_deref().unwrap_or_default();
    if !exchange.chain.is_empty() && is_login_url(final_url, None) {
        let failed = exchange.failure.as_ref().map(|failure| format!(", which failed: {}", failure.detail));
        let detail = format!("redirected to a login page: {final_url}{}", failed.unwrap_or_default());
        return Classification::new(Verdict::Unauthorized, detail);
    }
    let status = match answered(exchange) {
        Ok(status) => status,
        Err(classification) => return classification,
    };
    match status {
        200..=299 if exchange.chain.is_empty() => classify_content(exchange, status, method, expect),
        200..=299 if slash_redirect(exchange) => classify_slashed(exchange, status, method, expect),
        200..=299 => classify_redirected(exchange, status, method, expect),
        405 if expect.kind == ProbeKind::Route => {
            Classification::new(Verdict::Present, format!("{method} answered 405: the path exists"))
        }
        _ => classify_status(status, exchange.attempts),
    }
}

/// The last status, or the verdict of a fetch that got no usable answer.
fn answered(exchange: &Exchange) -> Result<u16, Classification> {
    if let Some(failure) = &exchange.failure {
        return Err(Classification::new(failure.kind.verdict(), failure.detail.clone()));
    }
    exchange.status.ok_or_else(|| Classification::new(Verdict::Error, "no answer and no failure recorded"))
}

/// The statuses whose meaning does not depend on the body.
fn classify_status(status: u16, attempts: u32) -> Classification {
    match status {
        404 | 410 => Classification::new(Verdict::Missing, format!("answered {status}")),
        401 | 403 => Classification::new(Verdict::Unauthorized, format!("answered {status}")),
        429 | 500..=599 => Classification::new(Verdict::Error, format!("answered {status} after {attempts} attempts")),
        300..=399 => {
            Classification::new(Verdict::Error, format!("answered {status}, a redirect parity does not follow"))
        }
        _ => Classification::new(Verdict::Error, format!("answered {status}")),
    }
}

/// A chain that ends in a page: redirected, unless unknown paths of the
/// prefix are redirected to the same place (a soft 404 by redirect), or the
/// page is the not-found page or lacks the marker. Where the chain ends at the
/// target's `resolves_to`, the matrix says the route lives there: only the
/// marker is checked.
fn classify_redirected(exchange: &Exchange, status: u16, method: &str, expect: &Expectation<'_>) -> Classification {
    let final_url = exchange.final_url.as_deref().unwrap_or_default();
    let expected = expect.resolves_to.is_some_and(|expected| lands_at(expected, final_url));
    if let Some(baseline) = expect.baseline.filter(|baseline| !expected && baseline.redirects_to(final_url)) {
        let detail =
            format!("redirected to {final_url}, where unknown paths under {} are redirected too", baseline.prefix);
        return Classification { baseline_matched: true, ..Classification::new(Verdict::SoftMissing, detail) };
    }
    let baseline = if expected { None } else { expect.baseline };
    let page = classify_content(exchange, status, method, &Expectation { baseline, ..*expect });
    let marker = if expect.marker.is_some() { "; the marker matched" } else { "" };
    let detail = match page.verdict {
        Verdict::SoftMissing => format!("redirected to {final_url}, which {}", page.detail.unwrap_or_default()),
        _ => format!("redirected to {final_url}{marker}"),
    };
    let verdict = if page.verdict == Verdict::SoftMissing { Verdict::SoftMissing } else { Verdict::Redirected };
    Classification { verdict, detail: Some(detail), answered_page: !expected, ..page }
}

/// Whether a chain ended where it started but for a trailing slash.
fn slash_redirect(exchange: &Exchange) -> bool {
    match (exchange.chain.first(), exchange.final_url.as_deref()) {
        (Some(first), Some(landed)) => slash_only(&first.url, landed),
        _ => false,
    }
}

/// How a detail opens when a trailing-slash redirect came before the answer.
fn slash_lead(exchange: &Exchange) -> String {
    let landed = exchange.final_url.as_deref().unwrap_or_default();
    format!("redirected to {landed} (the same path with a trailing slash), which ")
}

/// A chain that only added (or removed) a trailing slash reached the same
/// target: its page is judged as a direct answer would be, the hop kept in
/// the chain. A page unknown paths are sent to says nothing about itself, so
/// the baseline is left out then.
fn classify_slashed(exchange: &Exchange, status: u16, method: &str, expect: &Expectation<'_>) -> Classification {
    let landed = exchange.final_url.as_deref().unwrap_or_default();
    let baseline = expect.baseline.filter(|baseline| !baseline.redirects_to(landed));
    let page = classify_content(exchange, status, method, &Expectation { baseline, ..*expect });
    let detail = format!("{}{}", slash_lead(exchange), page.detail.as_deref().unwrap_or_default());
    Classification { detail: Some(detail), ..page }
}

/// A direct 2xx: the marker decides when there is one, else the baseline.
fn classify_content(exchange: &Exchange, status: u16, method: &str, expect: &Expectation<'_>) -> Classification {
    if let Some(baseline) = expect.baseline.filter(|baseline| baseline.inconclusive && expect.marker.is_none()) {
        return unsampled(status, method, baseline);
    }
    let baseline = expect.baseline.filter(|baseline| baseline.answers_success());
    let bodiless = matches!(method, "HEAD" | "OPTIONS");
    let baseline_matched =
        baseline.is_some_and(|baseline| bodiless || baseline.matches(&Fingerprint::of(status, &exchange.text())));
    let (verdict, detail) = match (expect.marker, baseline) {
        (Some(marker), _) if marker.is_match(&exchange.text()) => {
            (expect.present(), format!("answered {status}; the marker matched"))
        }
        (Some(marker), _) => {
            (Verdict::SoftMissing, format!("answered {status} but the marker `{marker}` is not in the body"))
        }
        (None, Some(baseline)) if baseline_matched && bodiless => {
            (Verdict::SoftMissing, format!("{method} answered {status}, as unknown paths under {} do", baseline.prefix))
        }
        (None, Some(baseline)) if baseline_matched => {
            (Verdict::SoftMissing, format!("answered {status} with the not-found page of {}", baseline.prefix))
        }
        (None, _) => (expect.present(), format!("answered {status}")),
    };
    Classification { verdict, detail: Some(detail), answered_page: true, baseline_matched }
}

/// A 2xx that no not-found sample can be compared with, no marker declared:
/// every path under and beside the prefix is a route of the matrix, so
/// nothing shows what a missing page looks like. It tells nothing apart.
fn unsampled(status: u16, method: &str, baseline: &Baseline) -> Classification {
    Classification::new(
        Verdict::Indeterminate,
        format!(
            "{method} answered {status}, but {UNSAMPLED} under {}: every path below and beside it is a route of \
             the matrix, so nothing shows what a missing page looks like there",
            baseline.prefix
        ),
    )
}

/// OPTIONS before the safe GET of a mutating endpoint: decisive only when
/// it answered at the endpoint itself (directly or after a trailing-slash
/// redirect) and the path is gone, or `Allow` lists the method and unknown
/// paths of the prefix do not answer OPTIONS listing it too.
#[must_use]
pub fn classify_options(exchange: &Exchange, method: &str, baseline: Option<&Baseline>) -> Option<Classification> {
    let slashed = slash_redirect(exchange);
    if exchange.failure.is_some() || !(exchange.chain.is_empty() || slashed) {
        return None;
    }
    let status = exchange.status?;
    let lead = if slashed { format!("OPTIONS {}", slash_lead(exchange)) } else { "OPTIONS ".to_owned() };
    if matches!(status, 404 | 410) {
        return Some(Classification::new(Verdict::Missing, format!("{lead}answered {status}")));
    }
    let allow = exchange.allow.as_deref()?;
    let anywhere = baseline.is_some_and(|baseline| baseline.allows_anywhere(method));
    (allow_lists(allow, method) && !anywhere)
        .then(|| Classification::new(Verdict::EndpointPresent, format!("{lead}answered {status} with Allow: {allow}")))
}

/// An OPTIONS that did not decide, for an endpoint that gets no GET (a
/// destructive or recovery action): a failure or a status that means the same
/// for every method keeps its verdict; anything else is `indeterminate`.
#[must_use]
pub fn classify_options_only(exchange: &Exchange, method: &str, baseline: Option<&Baseline>) -> Classification {
    let status = match answered(exchange) {
        Ok(status) => status,
        Err(classification) => return classification,
    };
    if matches!(status, 401 | 403 | 429 | 500..=599) {
        return classify_status(status, exchange.attempts);
    }
    let mut allow = exchange.allow.as_deref().map(|allow| format!(" with Allow: {allow}")).unwrap_or_default();
    if let Some(baseline) = baseline.filter(|baseline| baseline.allows_anywhere(method)) {
        allow = format!("{allow} (as unknown paths under {} do)", baseline.prefix);
    }
    // Followed elsewhere on the deployment's origin: the answer is another path's.
    let elsewhere = match (exchange.chain.is_empty(), exchange.final_url.as_deref()) {
        (false, Some(landed)) => format!(" at {landed}"),
        _ => String::new(),
    };
    Classification::new(
        Verdict::Indeterminate,
        format!(
            "OPTIONS answered {status}{elsewhere}{allow}, which does not prove {method}; GET is not sent to the \
             endpoint of a destructive or recovery action, since a handler that ignores the method would run it"
        ),
    )
}

/// The safe GET of a mutating endpoint: 405 proves the path exists.
#[must_use]
pub fn classify_endpoint_get(exchange: &Exchange, method: &str, expect: &Expectation<'_>) -> Classification {
    if exchange.failure.is_none() && exchange.status == Some(405) {
        return Classification::new(
            Verdict::EndpointPresent,
            format!("GET answered 405: the path exists ({method} not sent)"),
        );
    }
    let mut classification = classify_page(exchange, "GET", expect);
    if classification.verdict == Verdict::EndpointPresent {
        let detail = classification.detail.take().unwrap_or_default();
        classification.detail = Some(format!("{detail} to GET ({method} not sent)"));
    }
    classification
}

/// The real mutating request, sent only to a mutable deployment with
/// mutating requests allowed; its redirects are answers, not followed.
#[must_use]
pub fn classify_mutating(exchange: &Exchange, method: &str) -> Classification {
    let status = match answered(exchange) {
        Ok(status) => status,
        Err(classification) => return classification,
    };
    let base = exchange.final_url.as_deref().and_then(|url| url::Url::parse(url).ok());
    let to_login =
        is_redirect(status) && exchange.location.as_deref().is_some_and(|to| is_login_url(to, base.as_ref()));
    match status {
        405 => Classification::new(Verdict::Missing, format!("{method} answered 405: not allowed there")),
        _ if to_login => Classification::new(Verdict::Unauthorized, format!("{method} redirected to a login page")),
        404 | 410 | 401 | 403 | 429 | 500..=599 => classify_status(status, exchange.attempts),
        _ => Classification::new(Verdict::EndpointPresent, format!("{method} answered {status}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::Hop;
    use crate::probe::exchange::{Failure, FailureKind};

    const NOT_FOUND: &str = "<title>Not found</title><p>Nothing lives at this address, sorry.</p>";

    fn answer(status: u16, body: &str) -> Exchange {
        Exchange {
            status: Some(status),
            final_url: Some("http://h/v3/x".to_owned()),
            body: body.as_bytes().to_vec(),
            attempts: 1,
            ..Exchange::default()
        }
    }

    fn redirected(to: &str) -> Exchange {
        let chain = vec![Hop { url: "http://h/v3/x".to_owned(), status: 302 }];
        Exchange { final_url: Some(to.to_owned()), chain, attempts: 2, ..answer(200, "<title>Elsewhere</title>") }
    }

    fn soft_404() -> Baseline {
        let samples = vec![Fingerprint::of(200, NOT_FOUND)];
        Baseline {
            prefix: "/v3".to_owned(),
            samples,
            redirect_targets: vec!["http://h/".to_owned()],
            options_allow: None,
            inconclusive: false,
        }
    }

    fn route(baseline: Option<&Baseline>) -> Expectation<'_> {
        Expectation { kind: ProbeKind::Route, marker: None, baseline, resolves_to: None }
    }

    fn verdict(exchange: &Exchange, expect: &Expectation<'_>) -> Verdict {
        classify_page(exchange, "GET", expect).verdict
    }

    #[test]
    fn statuses_map_to_their_verdicts() {
        let cases = [
            (200, Verdict::Present),
            (404, Verdict::Missing),
            (410, Verdict::Missing),
            (401, Verdict::Unauthorized),
            (403, Verdict::Unauthorized),
            (405, Verdict::Present),
            (429, Verdict::Error),
            (503, Verdict::Error),
            (418, Verdict::Error),
            (304, Verdict::Error),
        ];
        for (status, expected) in cases {
            assert_eq!(verdict(&answer(status, "page"), &route(None)), expected, "{status}");
        }
        let endpoint = Expectation { kind: ProbeKind::Endpoint, ..route(None) };
        assert_eq!(verdict(&answer(200, "page"), &endpoint), Verdict::EndpointPresent);
    }

    #[test]
    fn the_not_found_page_is_soft_missing_unless_the_marker_matches() {
        let baseline = soft_404();
        let soft = classify_page(&answer(200, NOT_FOUND), "GET", &route(Some(&baseline)));
        assert_eq!((soft.verdict, soft.baseline_matched), (Verdict::SoftMissing, true));
        let marker = Regex::new("Nothing lives").expect("a valid marker");
        let with_marker = Expectation { marker: Some(&marker), ..route(Some(&baseline)) };
        assert_eq!(verdict(&answer(200, NOT_FOUND), &with_marker), Verdict::Present);
        let absent = Regex::new("data-page=x").expect("a valid marker");
        let unmarked = Expectation { marker: Some(&absent), ..route(None) };
        assert_eq!(verdict(&answer(200, "<title>Real</title>"), &unmarked), Verdict::SoftMissing);
        let page = "<title>Workloads</title><table><tr><td>web-1 running</td></tr></table><button>Launch</button>";
        assert_eq!(verdict(&answer(200, page), &route(Some(&baseline))), Verdict::Present);
    }

    #[test]
    fn a_bodiless_success_proves_nothing_where_unknown_paths_succeed() {
        let baseline = soft_404();
        let endpoint = Expectation { kind: ProbeKind::Endpoint, ..route(Some(&baseline)) };
        assert_eq!(classify_page(&answer(200, ""), "HEAD", &endpoint).verdict, Verdict::SoftMissing);
        assert_eq!(classify_page(&answer(200, ""), "HEAD", &route(None)).verdict, Verdict::Present);
    }

    #[test]
    fn redirects_end_redirected_unauthorized_or_soft_missing() {
        let baseline = soft_404();
        assert_eq!(verdict(&redirected("http://h/v3/y"), &route(Some(&baseline))), Verdict::Redirected);
        assert_eq!(verdict(&redirected("http://h/sign-in?next=/v3/x"), &route(None)), Verdict::Unauthorized);
        let idp_down =
            Exchange { failure: Some(Failure::new(FailureKind::Refused, "refused")), ..redirected("http://idp/login") };
        let behind_auth = classify_page(&idp_down, "GET", &route(None));
        assert_eq!(behind_auth.verdict, Verdict::Unauthorized);
        assert_eq!(
            behind_auth.detail.as_deref(),
            Some("redirected to a login page: http://idp/login, which failed: refused")
        );
        assert_eq!(verdict(&redirected("http://h/"), &route(Some(&baseline))), Verdict::SoftMissing);
        let expected_home = Expectation { resolves_to: Some("http://h/"), ..route(Some(&baseline)) };
        assert_eq!(verdict(&redirected("http://h/"), &expected_home), Verdict::Redirected);
        let to_not_found = Exchange { body: NOT_FOUND.as_bytes().to_vec(), ..redirected("http://h/v3/y/") };
        let soft = classify_page(&to_not_found, "GET", &route(Some(&baseline)));
        assert_eq!((soft.verdict, soft.answered_page, soft.baseline_matched), (Verdict::SoftMissing, true, true));
        let marker = Regex::new("data-page=y").expect("a valid marker");
        let with_marker = Expectation { marker: Some(&marker), ..route(None) };
        assert_eq!(verdict(&redirected("http://h/v3/y"), &with_marker), Verdict::SoftMissing);
        let there = Expectation { resolves_to: Some("http://h/v3/y/"), ..route(Some(&baseline)) };
        assert_eq!(verdict(&to_not_found, &there), Verdict::Redirected, "the matrix says it resolves there");
        let mut to_missing = redirected("http://h/v3/y");
        to_missing.status = Some(404);
        assert_eq!(verdict(&to_missing, &route(None)), Verdict::Missing);
    }

    /// `/v3/x` answered 301 or 307 to `/v3/x/`, which answered `body`.
    fn slashed(status: u16, body: &str) -> Exchange {
        let chain = vec![Hop { url: "http://h/v3/x".to_owned(), status }];
        Exchange { final_url: Some("http://h/v3/x/".to_owned()), chain, attempts: 2, ..answer(200, body) }
    }

    #[test]
    fn a_trailing_slash_redirect_is_judged_as_a_direct_answer() {
        let baseline = soft_404();
        let page = "<title>Items</title><ul><li>item-1 ready</li><li>item-2 pending</li></ul><form>New item</form>";
        for status in [301, 307, 308] {
            let present = classify_page(&slashed(status, page), "GET", &route(Some(&baseline)));
            assert_eq!((present.verdict, present.answered_page), (Verdict::Present, true), "{status}");
            let detail = present.detail.unwrap_or_default();
            assert_eq!(
                detail,
                "redirected to http://h/v3/x/ (the same path with a trailing slash), which answered 200"
            );
        }
        let soft = classify_page(&slashed(301, NOT_FOUND), "GET", &route(Some(&baseline)));
        assert_eq!((soft.verdict, soft.baseline_matched), (Verdict::SoftMissing, true));
        let endpoint = Expectation { kind: ProbeKind::Endpoint, ..route(Some(&baseline)) };
        assert_eq!(classify_page(&slashed(307, page), "GET", &endpoint).verdict, Verdict::EndpointPresent);
        let absent = Regex::new("data-page=x").expect("a valid marker");
        let unmarked = Expectation { marker: Some(&absent), ..route(None) };
        assert_eq!(verdict(&slashed(308, page), &unmarked), Verdict::SoftMissing, "the marker still decides");
        let elsewhere = Exchange { final_url: Some("http://h/v3/x/new".to_owned()), ..slashed(301, page) };
        assert_eq!(verdict(&elsewhere, &route(Some(&baseline))), Verdict::Redirected);
        let other_host = Exchange { final_url: Some("http://cdn/v3/x/".to_owned()), ..slashed(301, page) };
        assert_eq!(verdict(&other_host, &route(Some(&baseline))), Verdict::Redirected);
    }

    #[test]
    fn a_page_unknown_paths_are_sent_to_is_not_their_not_found_page() {
        let home = Baseline {
            samples: vec![Fingerprint::of(200, NOT_FOUND)],
            redirect_targets: vec!["http://h/v3/x/".to_owned()],
            ..soft_404()
        };
        assert_eq!(verdict(&slashed(301, NOT_FOUND), &route(Some(&home))), Verdict::Present);
    }

    #[test]
    fn without_a_conclusive_sample_a_page_is_indeterminate_unless_its_marker_decides() {
        let baseline = Baseline { prefix: "/v3".to_owned(), inconclusive: true, ..Baseline::default() };
        let unsampled = classify_page(&answer(200, NOT_FOUND), "GET", &route(Some(&baseline)));
        assert_eq!((unsampled.verdict, unsampled.answered_page), (Verdict::Indeterminate, false));
        assert!(unsampled.detail.unwrap_or_default().contains(&format!("{UNSAMPLED} under /v3")));
        assert_eq!(verdict(&slashed(301, NOT_FOUND), &route(Some(&baseline))), Verdict::Indeterminate);
        let nothing = Regex::new("Nothing lives").expect("a valid marker");
        let with_marker = Expectation { marker: Some(&nothing), ..route(Some(&baseline)) };
        assert_eq!(verdict(&answer(200, NOT_FOUND), &with_marker), Verdict::Present);
        assert_eq!(verdict(&answer(404, ""), &route(Some(&baseline))), Verdict::Missing);
    }

    #[test]
    fn options_after_a_trailing_slash_redirect_decides_elsewhere_not() {
        let allowing = |status| Exchange { allow: Some("GET, POST".to_owned()), ..slashed(status, "") };
        let present = classify_options(&Exchange { status: Some(405), ..allowing(307) }, "POST", None);
        assert_eq!(
            present.map(|c| (c.verdict, c.detail.unwrap_or_default())),
            Some((
                Verdict::EndpointPresent,
                "OPTIONS redirected to http://h/v3/x/ (the same path with a trailing slash), which answered 405 \
                 with Allow: GET, POST"
                    .to_owned()
            ))
        );
        let gone = Exchange { status: Some(404), ..slashed(301, "") };
        assert_eq!(classify_options(&gone, "POST", None).map(|c| c.verdict), Some(Verdict::Missing));
        let moved = Exchange { final_url: Some("http://h/v3/y/".to_owned()), ..allowing(301) };
        assert_eq!(classify_options(&moved, "POST", None), None, "Allow elsewhere proves nothing here");
        let undecided = classify_options_only(&moved, "POST", None);
        assert_eq!(undecided.verdict, Verdict::Indeterminate);
        assert!(undecided.detail.unwrap_or_default().starts_with("OPTIONS answered 200 at http://h/v3/y/ with Allow"));
    }

    #[test]
    fn failures_keep_their_kind_and_detail() {
        let failed = |kind| Exchange { failure: Some(Failure::new(kind, "why")), ..Exchange::default() };
        let refused = classify_page(&failed(FailureKind::Refused), "GET", &route(None));
        assert_eq!((refused.verdict, refused.detail.as_deref()), (Verdict::Unreachable, Some("why")));
        assert_eq!(verdict(&failed(FailureKind::Redirect), &route(None)), Verdict::Error);
        assert_eq!(classify_mutating(&failed(FailureKind::Timeout), "POST").verdict, Verdict::Unreachable);
        assert_eq!(classify_options(&failed(FailureKind::Timeout), "POST", None), None);
    }

    #[test]
    fn options_decides_only_on_allow_or_a_missing_path() {
        let allowing = Exchange { allow: Some("GET, post".to_owned()), ..answer(204, "") };
        assert_eq!(classify_options(&allowing, "POST", None).map(|c| c.verdict), Some(Verdict::EndpointPresent));
        assert_eq!(classify_options(&allowing, "DELETE", None), None);
        assert_eq!(classify_options(&answer(410, ""), "DELETE", None).map(|c| c.verdict), Some(Verdict::Missing));
        assert_eq!(classify_options(&answer(200, ""), "POST", None), None);
        let anywhere = Baseline { options_allow: Some("OPTIONS, GET, POST".to_owned()), ..soft_404() };
        assert_eq!(classify_options(&allowing, "POST", Some(&anywhere)), None, "unknown paths allow POST too");
        let not_post = Baseline { options_allow: Some("OPTIONS, GET".to_owned()), ..soft_404() };
        let decided = classify_options(&allowing, "POST", Some(&not_post)).map(|c| c.verdict);
        assert_eq!(decided, Some(Verdict::EndpointPresent));
        let undecided = classify_options_only(&allowing, "POST", Some(&anywhere));
        assert!(undecided.detail.unwrap_or_default().contains("as unknown paths under /v3 do"));
    }

    #[test]
    fn an_undecided_options_without_a_get_is_indeterminate() {
        let verdict = |exchange: &Exchange| classify_options_only(exchange, "DELETE", None).verdict;
        assert_eq!(verdict(&answer(200, "")), Verdict::Indeterminate);
        assert_eq!(verdict(&answer(405, "")), Verdict::Indeterminate);
        assert_eq!(verdict(&answer(403, "")), Verdict::Unauthorized);
        assert_eq!(verdict(&answer(503, "")), Verdict::Error);
        let refused = Exchange { failure: Some(Failure::new(FailureKind::Refused, "why")), ..Exchange::default() };
        assert_eq!(verdict(&refused), Verdict::Unreachable);
    }

    #[test]
    fn a_safe_get_of_a_mutating_endpoint_reads_405_as_present() {
        let baseline = soft_404();
        let endpoint = Expectation { kind: ProbeKind::Endpoint, ..route(Some(&baseline)) };
        assert_eq!(classify_endpoint_get(&answer(405, ""), "POST", &endpoint).verdict, Verdict::EndpointPresent);
        assert_eq!(classify_endpoint_get(&answer(404, ""), "POST", &endpoint).verdict, Verdict::Missing);
        assert_eq!(classify_endpoint_get(&answer(200, NOT_FOUND), "POST", &endpoint).verdict, Verdict::SoftMissing);
        let present = classify_endpoint_get(&answer(200, "{\"items\":[]}"), "POST", &endpoint);
        assert_eq!(present.verdict, Verdict::EndpointPresent);
        assert_eq!(present.detail.as_deref(), Some("answered 200 to GET (POST not sent)"));
    }

    #[test]
    fn the_real_mutating_request_is_judged_by_its_status() {
        let to = |location: &str| Exchange { location: Some(location.to_owned()), ..answer(303, "") };
        assert_eq!(classify_mutating(&answer(201, ""), "POST").verdict, Verdict::EndpointPresent);
        assert_eq!(classify_mutating(&answer(422, ""), "POST").verdict, Verdict::EndpointPresent);
        assert_eq!(classify_mutating(&answer(405, ""), "POST").verdict, Verdict::Missing);
        assert_eq!(classify_mutating(&answer(404, ""), "POST").verdict, Verdict::Missing);
        assert_eq!(classify_mutating(&answer(403, ""), "POST").verdict, Verdict::Unauthorized);
        assert_eq!(classify_mutating(&answer(500, ""), "POST").verdict, Verdict::Error);
        assert_eq!(classify_mutating(&to("/login"), "POST").verdict, Verdict::Unauthorized);
        assert_eq!(classify_mutating(&to("/v3/x/7"), "POST").verdict, Verdict::EndpointPresent);
    }
}
