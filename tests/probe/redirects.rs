//! Redirect chains: where they end, and whether the page they end on is
//! the one the matrix expects.

use axum::Router;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use parity::probe::Quiet;
use parity::probe::engine::run;
use parity::probe::{Hop, PlannedProbe, Verdict};

use super::servers::{closed_port, page, serve};
use super::{deployment, policy, probe_one, route};

/// Soft 404 by redirect where the not-found URL reflects the path
/// (`/not-found?path=…`, very common): the random baseline paths never land
/// on the *same* URL, so a missing route was `redirected` — and for a V1
/// route (redirects are free) no finding at all.
#[tokio::test]
async fn a_soft_404_redirect_that_reflects_the_path_in_the_query_is_soft_missing() {
    let app = Router::new()
        .route("/v3-prod/workloads", get(|| async { Html(page("Workloads", "web-1 running, db-1 stopped.")) }))
        .route("/not-found", get(|| async { Html(page("Not found", "Nothing lives here, sorry.")) }))
        .fallback(|request: Request| async move {
            let to = format!("/not-found?path={}", request.uri().path());
            (StatusCode::FOUND, [(header::LOCATION, to)]).into_response()
        });
    let base = serve(app).await;
    let plan = [route("v1", &base, "/v3-prod/workloads"), route("v1", &base, "/v3-prod/removed-page")];
    let results = run(&plan, &[deployment("v1", &base)], &policy(), &Quiet).await;
    assert_eq!(results[0].verdict, Verdict::Present);
    assert_eq!(results[1].verdict, Verdict::SoftMissing, "{:?}", results[1]);
}

/// Trailing-slash canonicalisation (Django `APPEND_SLASH`, Next.js
/// `trailingSlash`, nginx directories; the route syntax forbids a trailing
/// `/`): every route is 301'd to `…/`, and the page the chain ended on was
/// never compared with the soft-404 samples nor with the target's `marker`:
/// a missing page and a marker-less page both came out `redirected`. The
/// page that exists is `present` (a trailing slash is the same target), its
/// hop still in the chain.
#[tokio::test]
async fn the_page_at_the_end_of_a_redirect_is_checked_for_soft_404_and_marker() {
    let app = Router::new()
        .route("/v3-prod/workloads/", get(|| async { Html(page("Workloads", "web-1 running, db-1 stopped.")) }))
        .fallback(|request: Request| async move {
            let path = request.uri().path().to_owned();
            if !path.ends_with('/') {
                return (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, format!("{path}/"))]).into_response();
            }
            Html(page("Page not found", &format!("We looked everywhere for {path} but could not find it.")))
                .into_response()
        });
    let base = serve(app).await;
    let plan = [
        route("v3", &base, "/v3-prod/workloads"),
        route("v3", &base, "/v3-prod/removed"),
        PlannedProbe { marker: Some("data-page=\"nodes\"".to_owned()), ..route("v3", &base, "/v3-prod/nodes") },
    ];
    let results = run(&plan, &[deployment("v3", &base)], &policy(), &Quiet).await;
    let verdicts: Vec<Verdict> = results.iter().map(|r| r.verdict).collect();
    assert_eq!(verdicts, [Verdict::Present, Verdict::SoftMissing, Verdict::SoftMissing], "{results:#?}");
    assert_eq!(results[0].redirect_chain, [Hop { url: format!("{base}/v3-prod/workloads"), status: 301 }]);
    let detail = results[1].detail.as_deref().unwrap_or_default();
    assert!(
        detail.contains(
            "/v3-prod/removed/ (the same path with a trailing slash), which answered 200 with the not-found page"
        ),
        "{detail}"
    );
    assert!(results[2].detail.as_deref().unwrap_or_default().contains("marker"), "{:?}", results[2]);
}

/// `resolves_to: /v3-prod` while the app redirects to `/v3-prod/`: the audit
/// treated the two as equal but the verdict compared exactly, so when unknown
/// paths are also sent home the target became `soft-missing`
/// (route-soft-missing, an error) though it landed where the matrix says.
#[tokio::test]
async fn resolves_to_ignores_a_trailing_slash_in_the_verdict_as_in_the_audit() {
    let app = Router::new()
        .route("/v3-prod/", get(|| async { Html(page("Home", "Welcome back. Workloads, nodes, settings.")) }))
        .fallback(|| async { (StatusCode::FOUND, [(header::LOCATION, "/v3-prod/")]).into_response() });
    let base = serve(app).await;
    let probe =
        PlannedProbe { resolves_to: Some(format!("{base}/v3-prod")), ..route("v3", &base, "/v3-prod/old-home") };
    let result = probe_one(probe, &deployment("v3", &base), &policy()).await;
    assert_eq!(result.verdict, Verdict::Redirected, "{result:?}");
}

/// A redirect chain that points at a login page means "behind auth", even if
/// the identity provider itself cannot be reached from the CI runner. The
/// failure used to win: `unreachable` → probe-error (an error) instead of
/// auth-required (a warning).
#[tokio::test]
async fn a_redirect_to_an_unreachable_login_page_is_unauthorized() {
    let idp = closed_port().await;
    let location = format!("{idp}/login?next=/v3-prod/settings");
    let app = Router::new()
        .route("/v3-prod/settings", get(move || async move { (StatusCode::FOUND, [(header::LOCATION, location)]) }))
        .fallback(|| async { StatusCode::NOT_FOUND });
    let base = serve(app).await;
    let result = probe_one(route("v3", &base, "/v3-prod/settings"), &deployment("v3", &base), &policy()).await;
    assert_eq!(result.verdict, Verdict::Unauthorized, "{result:?}");
    assert!(result.detail.as_deref().unwrap_or_default().contains("which failed: connection refused"), "{result:?}");
}

/// A `Location` with bytes that are not UTF-8 (`/caf\xff/next`, raw, as an
/// old Latin-1 server writes it) was decoded lossily and followed to
/// `/caf%EF%BF%BD/next`, a page the server never named. The raw bytes are
/// percent-encoded instead: the next request line carries `%FF`.
#[tokio::test]
async fn a_location_that_is_not_utf8_is_followed_to_its_percent_encoded_bytes() {
    use std::sync::{Arc, Mutex};
    use tokio::io::AsyncWriteExt as _;

    let requested: Arc<Mutex<Vec<String>>> = Arc::default();
    let seen = Arc::clone(&requested);
    let base = super::servers::raw(move |mut stream, path| {
        seen.lock().expect("request list").push(path.clone());
        async move {
            if path.contains("parity-404-") {
                return super::servers::not_found(stream).await;
            }
            let answer: Vec<u8> = if path == "/start" {
                b"HTTP/1.1 302 Found\r\nlocation: /caf\xff/next\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                    .to_vec()
            } else {
                let body = page("Cafe", "The page the redirect names, written in Latin-1.");
                format!("HTTP/1.1 200 OK\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}", body.len())
                    .into_bytes()
            };
            let _ = stream.write_all(&answer).await;
        }
    })
    .await;
    let result = probe_one(route("v3", &base, "/start"), &deployment("v3", &base), &policy()).await;
    let requested = requested.lock().expect("request list").clone();
    let followed: Vec<&String> = requested.iter().filter(|path| !path.contains("parity-404-")).collect();
    assert_eq!(followed, ["/start", "/caf%FF/next"], "request targets after the redirect");
    assert_eq!(result.redirect_chain, vec![Hop { url: format!("{base}/start"), status: 302 }]);
    assert_eq!(result.final_url.as_deref(), Some(format!("{base}/caf%FF/next").as_str()), "{result:?}");
    assert_eq!((result.verdict, result.status), (Verdict::Redirected, Some(200)), "{result:?}");
}
