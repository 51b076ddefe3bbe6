//! Servers that behave like the frameworks migrations run on: `FastAPI`'s
//! `redirect_slashes` (307 to `/items/`), Django's `APPEND_SLASH` (301 to
//! `/items/`), and a detail template rendered for any id. Each test runs the
//! whole check (plan, probes, audit) and asserts the verdicts, the findings
//! and that no mutating method reached the server.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use parity::probe::{Hop, ProbeResult, Quiet, Verdict};

use super::plan::{matrix, setup};
use super::servers::{page, serve};
use super::{deployment, policy};

/// Every request a framework server saw: method and path.
type Seen = Arc<Mutex<Vec<(Method, String)>>>;

/// How a framework canonicalises a path without its trailing slash.
#[derive(Clone, Copy)]
struct Slash {
    status: StatusCode,
    /// `FastAPI` writes an absolute `Location`, Django a path.
    absolute: bool,
}

const FASTAPI: Slash = Slash { status: StatusCode::TEMPORARY_REDIRECT, absolute: true };
const DJANGO: Slash = Slash { status: StatusCode::MOVED_PERMANENTLY, absolute: false };

/// `/items/` (GET lists, POST creates, OPTIONS 405 with `Allow`), `/jobs/`
/// (POST only: GET 405; OPTIONS answered by a proxy without `Allow`); a path
/// whose slashed form is a route is redirected there, any method; the rest
/// is the framework's 404.
async fn framework(slash: Slash) -> (String, Seen) {
    let seen: Seen = Arc::default();
    let app = Router::new().fallback(move |State(seen): State<Seen>, request: Request| async move {
        let (method, path) = (request.method().clone(), request.uri().path().to_owned());
        seen.lock().expect("server lock").push((method.clone(), path.clone()));
        let host = request.headers().get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or_default().to_owned();
        answer(slash, &method, &path, &host)
    });
    let seen_here = Arc::clone(&seen);
    (serve(app.with_state(seen_here)).await, seen)
}

fn answer(slash: Slash, method: &Method, path: &str, host: &str) -> Response {
    if matches!(path, "/items" | "/jobs") {
        let to = if slash.absolute { format!("http://{host}{path}/") } else { format!("{path}/") };
        return (slash.status, [(header::LOCATION, to)]).into_response();
    }
    match (path, method.as_str()) {
        ("/items/", "GET") => Html(page("Items", "item-1 ready, item-2 pending; create an item.")).into_response(),
        ("/items/", "POST") => StatusCode::CREATED.into_response(),
        ("/items/", _) => (StatusCode::METHOD_NOT_ALLOWED, [(header::ALLOW, "GET, POST")]).into_response(),
        ("/jobs/", "OPTIONS") => StatusCode::NO_CONTENT.into_response(),
        ("/jobs/", "POST") => StatusCode::ACCEPTED.into_response(),
        ("/jobs/", _) => (StatusCode::METHOD_NOT_ALLOWED, [(header::ALLOW, "POST")]).into_response(),
        _ => (StatusCode::NOT_FOUND, Html(page("Not Found", "The requested resource was not found."))).into_response(),
    }
}

const ITEMS: &str = "surfaces:\n  - id: items\n    v1: [/items]\n    v3:\n      - route: /items\n    status: partial\n\
                     \x20   progress: [task]\n    actions:\n\
                     \x20     - {verb: create, intent: setup, landing: {pattern: resource-operations-panel, v3: POST /items}}\n\
                     \x20     - {verb: start, intent: maintenance, landing: {pattern: workbench-action-queue, v3: POST /jobs}}\n";

/// Runs a whole check of `surfaces` against one V3 deployment at `base`:
/// the results and the findings as `code subject` lines.
async fn check(base: &str, surfaces: &str, params: &str) -> (Vec<ProbeResult>, Vec<String>) {
    let loaded = matrix(surfaces);
    let config: parity::config::Config = toml::from_str(params).expect("a config");
    let deployments = [deployment("v3", base)];
    let policy = policy();
    let outcome = parity::check::run_async(&setup(&loaded, &config, &deployments, &policy, None), &Quiet).await;
    let findings = outcome
        .findings
        .iter()
        .map(|finding| format!("{} {}", finding.code, finding.subject.as_deref().unwrap_or_default()))
        .collect();
    (outcome.results, findings)
}

fn by_route<'a>(results: &'a [ProbeResult], method: &str, route: &str) -> &'a ProbeResult {
    results.iter().find(|r| r.method == method && r.route == route).unwrap_or_else(|| panic!("{method} {route}"))
}

/// Only GET and OPTIONS reached the server (HEAD would be as harmless).
fn assert_nothing_mutated(seen: &Seen) {
    let seen = seen.lock().expect("server lock");
    assert!(!seen.is_empty());
    assert!(seen.iter().all(|(method, _)| method == Method::GET || method == Method::OPTIONS), "sent {seen:?}");
}

/// `/items` answered 307 or 301 to `/items/`: the route read `redirected`
/// and warned `redirect-mismatch` (a V3 target without `resolves_to`), and
/// `POST /items` was `redirected` too, though a trailing slash is the same
/// target. Now: present, the hop in the chain, no finding.
async fn trailing_slash_is_the_same_target(slash: Slash) {
    let (base, seen) = framework(slash).await;
    let (results, findings) = check(&base, ITEMS, "").await;
    let items = by_route(&results, "GET", "/items");
    assert_eq!(items.verdict, Verdict::Present, "{items:?}");
    assert_eq!(items.redirect_chain, [Hop { url: format!("{base}/items"), status: slash.status.as_u16() }]);
    assert_eq!(items.final_url.as_deref(), Some(format!("{base}/items/").as_str()));
    assert_eq!(findings, Vec::<String>::new(), "{results:#?}");
    assert_nothing_mutated(&seen);
}

#[tokio::test]
async fn a_fastapi_style_307_to_the_trailing_slash_is_present() {
    trailing_slash_is_the_same_target(FASTAPI).await;
}

#[tokio::test]
async fn a_django_style_append_slash_301_is_present() {
    trailing_slash_is_the_same_target(DJANGO).await;
}

/// `OPTIONS /items` answered 307 to `/items/` and was not followed, so
/// `POST /items` read `redirected`. OPTIONS now follows a redirect on the
/// deployment's own origin: `Allow` at `/items/` proves POST; where OPTIONS
/// shows no `Allow` (`/jobs/`), GET's 405 behind the redirect does. POST is
/// never sent.
#[tokio::test]
async fn an_endpoint_behind_a_trailing_slash_redirect_is_present_without_post() {
    for slash in [FASTAPI, DJANGO] {
        let (base, seen) = framework(slash).await;
        let (results, findings) = check(&base, ITEMS, "").await;
        let create = by_route(&results, "POST", "/items");
        assert_eq!((create.verdict, create.sent.as_slice()), (Verdict::EndpointPresent, &["OPTIONS".to_owned()][..]));
        assert_eq!(create.redirect_chain, [Hop { url: format!("{base}/items"), status: slash.status.as_u16() }]);
        assert!(create.detail.as_deref().unwrap_or_default().contains("Allow: GET, POST"), "{create:?}");
        let start = by_route(&results, "POST", "/jobs");
        assert_eq!(start.verdict, Verdict::EndpointPresent, "{start:?}");
        assert_eq!(start.sent, ["OPTIONS", "GET"]);
        assert_eq!(start.status, Some(405));
        assert_eq!(findings, Vec::<String>::new());
        assert_nothing_mutated(&seen);
        let options_at_slash =
            seen.lock().expect("server lock").iter().any(|(m, p)| m == Method::OPTIONS && p == "/items/");
        assert!(options_at_slash, "OPTIONS followed the redirect");
    }
}

/// A detail template rendered for any id: identical bytes for every
/// `/allocations/{id}`, another page (200) for unknown paths.
async fn detail_for_any_id() -> (String, Seen) {
    let seen: Seen = Arc::default();
    let app = Router::new().fallback(|State(seen): State<Seen>, request: Request| async move {
        let path = request.uri().path().to_owned();
        seen.lock().expect("server lock").push((request.method().clone(), path.clone()));
        let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        if let ["allocations", _id] = segments.as_slice() {
            return Html(page("Allocation", "Owner team-a, state active, 4 GPUs. Release or extend.")).into_response();
        }
        Html(page("Page not found", &format!("Nothing at {path}. Go back home or search."))).into_response()
    });
    let seen_here = Arc::clone(&seen);
    (serve(app.with_state(seen_here)).await, seen)
}

const ALLOCATION: &str = "surfaces:\n  - id: allocation\n    v1: [\"/allocations/{id}\"]\n    v3:\n\
                          \x20     - route: /allocations/{id}\n      - route: /allocations/{id}/usage\n\
                          \x20   status: mostly-covered\n";

/// The not-found sample `/allocations/parity-404-…` *is* `/allocations/{id}`:
/// the detail page equalled its "not-found" sample and a route that exists
/// read `soft-missing` (route-soft-missing, an error). Samples now avoid
/// every route of the matrix: one level deeper (`/allocations/…/…`, which
/// `/allocations/{id}/usage` does not match either).
#[tokio::test]
async fn a_detail_template_for_any_id_is_present_not_soft_missing() {
    let (base, seen) = detail_for_any_id().await;
    let (results, findings) = check(&base, ALLOCATION, "[params]\nid = \"7\"\n").await;
    assert_eq!(by_route(&results, "GET", "/allocations/{id}").verdict, Verdict::Present, "{results:#?}");
    let usage = by_route(&results, "GET", "/allocations/{id}/usage");
    assert_eq!(usage.verdict, Verdict::SoftMissing, "an unknown deeper path is still the not-found page");
    assert_eq!(findings, [format!("route-soft-missing v3 GET {base}/allocations/7/usage")]);
    let seen = seen.lock().expect("server lock");
    let samples: Vec<&String> = seen.iter().map(|(_, path)| path).filter(|path| path.contains("parity-404-")).collect();
    assert_eq!(samples.len(), 3, "{seen:?}");
    for sample in samples {
        let route = |written: &str| parity::route::RoutePattern::parse(written).expect("a route");
        let asked = route(sample);
        assert!(sample.starts_with("/allocations/"), "{sample}");
        assert!(route("/allocations/{id}").cover(&asked).is_none(), "{sample}");
        assert!(route("/allocations/{id}/usage").cover(&asked).is_none(), "{sample}");
    }
}

/// Where a catch-all of the matrix matches every path parity could ask, no
/// not-found sample exists: a 2xx without a marker is `indeterminate`, said
/// so in its own finding, never `soft-missing` (nor `present`).
#[tokio::test]
async fn without_a_conclusive_sample_a_page_is_indeterminate() {
    let (base, seen) = detail_for_any_id().await;
    let surfaces = format!(
        "{ALLOCATION}  - id: everything\n    v1: [/x]\n    v3:\n      - route: \"/{{*path}}\"\n    status: partial\n"
    );
    let (results, findings) = check(&base, &surfaces, "[params]\nid = \"7\"\n").await;
    let detail = by_route(&results, "GET", "/allocations/{id}");
    assert_eq!(detail.verdict, Verdict::Indeterminate, "{detail:?}");
    assert!(detail.detail.as_deref().unwrap_or_default().contains("no not-found sample could be asked"));
    assert_eq!(
        findings,
        [
            format!("probe-indeterminate v3 GET {base}/allocations/7"),
            format!("probe-indeterminate v3 GET {base}/allocations/7/usage"),
            // The matrix's own validation error is a finding of the check too.
            "param-unfillable ".to_owned(),
            "param-missing v3 /{*path}".to_owned(),
        ]
    );
    assert!(seen.lock().expect("server lock").iter().all(|(_, path)| !path.contains("parity-404-")), "nothing asked");
}

/// OPTIONS follows a redirect on the deployment's own origin only: another
/// server never gets the endpoint's OPTIONS, and the GET that does follow
/// there carries none of the deployment's credentials.
#[tokio::test]
async fn options_never_follows_a_redirect_to_another_origin() {
    let (base, here) = super::servers::recorder().await;
    let (elsewhere, there) = super::servers::recorder().await;
    let mut target = deployment("v3", &base);
    target.headers = vec![("Authorization".to_owned(), parity::probe::Secret::new("Bearer tok-elsewhere-SECRET"))];
    let probe = super::endpoint("v3", &base, "POST", &format!("/jump/{}", elsewhere.trim_start_matches("http://")));
    let result = super::probe_one(probe, &target, &policy()).await;
    assert_eq!(
        (result.verdict, result.sent.as_slice()),
        (Verdict::Redirected, &["OPTIONS".to_owned(), "GET".to_owned()][..])
    );
    let there = there.lock().expect("recorder lock");
    assert!(there.iter().all(|(method, ..)| method == "GET"), "{there:?}");
    assert!(there.iter().all(|(_, _, headers)| !headers.contains_key(header::AUTHORIZATION)));
    let here = here.lock().expect("recorder lock");
    assert!(here.iter().any(|(method, ..)| method == "OPTIONS"));
    assert!(here.iter().chain(there.iter()).all(|(method, ..)| method == "GET" || method == "OPTIONS"));
}
