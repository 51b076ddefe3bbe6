//! What is never sent: no action run by a request parity makes on its own
//! account, whatever the server does with the method.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::Request;
use axum::http::{Method, StatusCode, header};
use axum::response::Html;
use axum::response::IntoResponse;
use parity::probe::engine::run;
use parity::probe::{PlannedProbe, ProbePolicy, ProbeResult, Secret, Verdict};

use super::servers::{hold, page, raw, serve};
use super::{Recorder, deployment, endpoint, policy, probe_one, route};

/// "Never sent unless mutable + --allow-mutating" protects the method, not
/// the action: legacy handlers that ignore the method (PHP scripts, Django
/// function views, Express `app.all`, ASP.NET actions without `[HttpPost]`) run
/// a destructive action for the safe fallback's GET too.
#[tokio::test]
async fn a_destructive_endpoint_gets_no_get_from_the_safe_fallback() {
    let executed = Arc::new(Mutex::new(Vec::<String>::new()));
    let log = Arc::clone(&executed);
    let app = Router::new()
        .route(
            "/api/v1/nodes/7/decommission",
            axum::routing::any(move |method: Method| {
                let log = Arc::clone(&log);
                async move {
                    log.lock().expect("lock").push(method.to_string());
                    Html(page("Done", "Node 7 was decommissioned."))
                }
            }),
        )
        .fallback(|| async { StatusCode::NOT_FOUND });
    let base = serve(app).await;
    for method in ["POST", "GET"] {
        let probe =
            PlannedProbe { options_only: true, ..endpoint("v1", &base, method, "/api/v1/nodes/7/decommission") };
        let result = probe_one(probe, &deployment("v1", &base), &policy()).await;
        assert_eq!((result.verdict, result.sent.as_slice()), (Verdict::Indeterminate, &["OPTIONS".to_owned()][..]));
        assert!(result.detail.as_deref().unwrap_or_default().contains("GET is not sent"), "{result:?}");
    }
    let executed = executed.lock().expect("lock").clone();
    assert_eq!(executed, ["OPTIONS", "OPTIONS"], "only OPTIONS reached the action on a non-mutable deployment");
}

/// A real mutating request (mutable deployment, mutating allowed) is sent
/// once: after a timeout or a gateway error the server may well have acted.
#[tokio::test]
async fn a_real_post_is_not_resent_after_a_timeout() {
    let posts = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&posts);
    let base = raw(move |stream, _| {
        let counter = Arc::clone(&counter);
        async move {
            counter.fetch_add(1, Ordering::SeqCst);
            hold(stream).await; // processes the request, answers too late
        }
    })
    .await;
    let mut target = deployment("v3", &base);
    target.mutable = true;
    let allowing = ProbePolicy { allow_mutating: true, ..policy() };
    let result = probe_one(endpoint("v3", &base, "POST", "/v3-prod/api/items"), &target, &allowing).await;
    assert_eq!(
        (result.verdict, result.sent.as_slice(), result.attempts),
        (Verdict::Unreachable, &["POST".to_owned()][..], 1)
    );
    assert_eq!(posts.load(Ordering::SeqCst), 1, "the POST was sent {} times: {result:?}", result.attempts);
    assert!(result.detail.as_deref().unwrap_or_default().contains("POST is never sent twice"), "{result:?}");
}

/// Sends `planned` for real (mutable deployment, mutating allowed) to a
/// server answering every request with `status`; how many requests arrived,
/// and the result.
async fn sent_for_real(planned: impl Fn(&str) -> PlannedProbe, status: StatusCode) -> (usize, ProbeResult) {
    let seen = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&seen);
    let base = serve(Router::new().fallback(move || {
        counter.fetch_add(1, Ordering::SeqCst);
        async move { status }
    }))
    .await;
    let mut target = deployment("v3", &base);
    target.mutable = true;
    let allowing = ProbePolicy { allow_mutating: true, ..policy() };
    let result = probe_one(planned(&base), &target, &allowing).await;
    (seen.load(Ordering::SeqCst), result)
}

#[tokio::test]
async fn a_real_delete_is_not_resent_after_a_gateway_error() {
    let delete = |base: &str| endpoint("v3", base, "DELETE", "/v3-prod/api/items/7");
    let (sent, result) = sent_for_real(delete, StatusCode::GATEWAY_TIMEOUT).await;
    assert_eq!(sent, 1, "DELETE sent {sent} times: {result:?}");
    assert_eq!((result.verdict, result.status), (Verdict::Error, Some(504)));
}

/// A destructive action behind a GET (`GET /nodes/7/delete`) is the action
/// itself when sent for real: it was retried like any GET, three times.
#[tokio::test]
async fn a_real_destructive_get_is_not_resent_after_a_gateway_error() {
    let delete =
        |base: &str| PlannedProbe { options_only: true, ..endpoint("v3", base, "GET", "/v3-prod/nodes/7/delete") };
    let (sent, result) = sent_for_real(delete, StatusCode::SERVICE_UNAVAILABLE).await;
    assert_eq!(sent, 1, "GET sent {sent} times: {result:?}");
    assert_eq!((result.verdict, result.status, result.attempts), (Verdict::Error, Some(503), 1));
}

/// The last-guard redaction hid the whole Cookie header value and words of
/// 8+ characters, but not the cookie's *value* on its own: a server that puts
/// the session id in a redirect URL leaked it into results and the log.
#[tokio::test]
async fn a_session_cookie_value_echoed_in_a_redirect_is_redacted() {
    const SESSION: &str = "s3ss10n-5e1d-SECRET";
    let app = Router::new().fallback(|request: Request| async move {
        let cookie = request.headers().get(header::COOKIE).and_then(|v| v.to_str().ok()).unwrap_or_default();
        let sid = cookie.split_once('=').map(|(_, v)| v.to_owned()).unwrap_or_default();
        if request.uri().path() == "/v3-prod/home" {
            return (StatusCode::FOUND, [(header::LOCATION, format!("/v3-prod/landing;jsessionid={sid}"))])
                .into_response();
        }
        Html(page("Landing", "Welcome.")).into_response()
    });
    let base = serve(app).await;
    let mut target = deployment("v3", &base);
    target.headers = vec![("Cookie".to_owned(), Secret::new(format!("JSESSIONID={SESSION}")))];
    let observer = Recorder::default();
    let results = run(&[route("v3", &base, "/v3-prod/home")], &[target], &policy(), &observer).await;
    let text = serde_json::to_string(&results).expect("results serialise");
    let logs = serde_json::to_string(&*observer.sent.lock().expect("observer lock")).expect("requests serialise");
    for text in [&text, &logs] {
        assert!(!text.contains(SESSION), "the session id leaked: {text}");
    }
    assert!(text.contains("jsessionid=<redacted>"), "{text}");
}
