//! The probe engine against real servers on 127.0.0.1: every verdict, every
//! fault, and the safety promises (no mutation by default, no leaked secret).

mod endpoints;
mod frameworks;
mod indeterminate;
mod plan;
mod redirects;
mod safety;
mod segments;
mod servers;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use parity::probe::engine::run;
use parity::probe::{
    Deployment, Hop, Observer, PlannedProbe, ProbeKind, ProbePolicy, ProbeResult, Quiet, Role, Secret, SentRequest,
    Verdict,
};
use tokio::io::AsyncWriteExt;

use servers::{closed_port, hold, not_found, ok_head, raw, recorder, site, spa};

/// Short deadlines keep the suite fast; every bound below derives from them.
fn policy() -> ProbePolicy {
    ProbePolicy {
        timeout: Duration::from_millis(300),
        retries: 2,
        max_retry_after: Duration::from_millis(100),
        body_cap: 64 * 1024,
        ..ProbePolicy::default()
    }
}

fn deployment(name: &str, base: &str) -> Deployment {
    Deployment {
        name: name.to_owned(),
        role: Role::V3,
        base_url: url::Url::parse(base).expect("a test base URL"),
        headers: Vec::new(),
        mutable: false,
    }
}

fn route(name: &str, base: &str, path: &str) -> PlannedProbe {
    PlannedProbe {
        deployment: name.into(),
        kind: ProbeKind::Route,
        method: "GET".into(),
        route: path.into(),
        surfaces: vec!["probed".to_owned()].into(),
        url: format!("{base}{path}").into(),
        resolves_to: None,
        marker: None,
        options_only: false,
    }
}

fn endpoint(name: &str, base: &str, method: &str, path: &str) -> PlannedProbe {
    PlannedProbe { kind: ProbeKind::Endpoint, method: method.into(), ..route(name, base, path) }
}

fn marked(probe: PlannedProbe, marker: &str) -> PlannedProbe {
    PlannedProbe { marker: Some(marker.to_owned()), ..probe }
}

async fn probe_one(probe: PlannedProbe, target: &Deployment, policy: &ProbePolicy) -> ProbeResult {
    let mut results = run(&[probe], std::slice::from_ref(target), policy, &Quiet).await;
    assert_eq!(results.len(), 1, "one result per planned probe");
    results.remove(0)
}

/// Remembers everything an observer is told.
#[derive(Default)]
struct Recorder {
    sent: Mutex<Vec<SentRequest>>,
    done: Mutex<Vec<ProbeResult>>,
}

impl Observer for Recorder {
    fn request_sent(&self, request: &SentRequest) {
        self.sent.lock().expect("observer lock").push(request.clone());
    }
    fn probe_done(&self, result: &ProbeResult) {
        self.done.lock().expect("observer lock").push(result.clone());
    }
}

#[tokio::test]
async fn each_page_answer_has_its_verdict() {
    let base = site().await;
    let v3 = deployment("v3", &base);
    let cases = [
        ("/v3-prod/workloads", None, Verdict::Present, "answered 200"),
        ("/v3-prod/does-not-exist", None, Verdict::SoftMissing, "not-found page of /v3-prod"),
        ("/v3-prod/marked", Some("data-page=\"marked\""), Verdict::Present, "marker matched"),
        ("/v3-prod/nodes", Some("data-page=\"nodes\""), Verdict::SoftMissing, "marker"),
        ("/v3-prod/deleted", None, Verdict::Missing, "answered 404"),
        ("/gone", None, Verdict::Missing, "answered 410"),
        ("/v3-prod/secret", None, Verdict::Unauthorized, "answered 401"),
        ("/v3-prod/forbidden", None, Verdict::Unauthorized, "answered 403"),
        ("/v3-prod/settings", None, Verdict::Unauthorized, "login page"),
        ("/v3-prod/api/restart", None, Verdict::Present, "405"),
        ("/v3-prod/teapot", None, Verdict::Error, "answered 418"),
        ("/old/a", None, Verdict::Redirected, "redirected to"),
        ("/loop/a", None, Verdict::Error, "redirect loop"),
        ("/bad-location", None, Verdict::Error, "invalid Location"),
        ("/no-location", None, Verdict::Error, "without a Location header"),
        ("/v3-prod/workloads", Some("(unclosed"), Verdict::Error, "not a valid regular expression"),
    ];
    let plan: Vec<PlannedProbe> = cases
        .iter()
        .map(|(path, marker, ..)| {
            let probe = route("v3", &base, path);
            marker.map_or(probe.clone(), |marker| marked(probe, marker))
        })
        .collect();
    let results = run(&plan, &[v3], &policy(), &Quiet).await;
    assert_eq!(results.len(), cases.len());
    for ((path, _, verdict, detail), result) in cases.iter().zip(&results) {
        assert_eq!(&result.route, path, "results come back in plan order");
        assert_eq!(result.verdict, *verdict, "{path}: {result:?}");
        let found = result.detail.as_deref().unwrap_or_default();
        assert!(found.contains(detail), "{path}: detail {found:?} lacks {detail:?}");
    }
}

#[tokio::test]
async fn a_redirect_chain_is_recorded_hop_by_hop() {
    let base = site().await;
    let result = probe_one(route("v3", &base, "/old/a"), &deployment("v3", &base), &policy()).await;
    assert_eq!(result.verdict, Verdict::Redirected);
    let hops =
        vec![Hop { url: format!("{base}/old/a"), status: 301 }, Hop { url: format!("{base}/old/b"), status: 302 }];
    assert_eq!(result.redirect_chain, hops);
    assert_eq!(result.final_url.as_deref(), Some(format!("{base}/v3-prod/workloads").as_str()));
    assert_eq!(result.status, Some(200));
}

#[tokio::test]
async fn a_429_with_a_long_retry_after_is_retried_after_the_capped_pause() {
    let base = site().await;
    let started = Instant::now();
    let result = probe_one(route("v3", &base, "/v3-prod/busy"), &deployment("v3", &base), &policy()).await;
    assert_eq!(result.verdict, Verdict::Present, "{result:?}");
    assert_eq!(result.attempts, 2);
    assert!(started.elapsed() < Duration::from_secs(2), "Retry-After: 3600 is cut to max_retry_after");
}

#[tokio::test]
async fn a_503_forever_is_an_error_after_every_retry() {
    let base = site().await;
    let result = probe_one(route("v3", &base, "/v3-prod/down"), &deployment("v3", &base), &policy()).await;
    assert_eq!(result.verdict, Verdict::Error);
    assert_eq!((result.status, result.attempts), (Some(503), 3));
    assert_eq!(result.sent, ["GET"]);
}

#[tokio::test]
async fn a_mutating_endpoint_is_checked_with_options_then_get() {
    let base = site().await;
    let plan = [
        endpoint("v3", &base, "POST", "/v3-prod/api/items"),
        endpoint("v3", &base, "POST", "/v3-prod/api/restart"),
        endpoint("v3", &base, "DELETE", "/v3-prod/api/removed"),
        endpoint("v3", &base, "PUT", "/v3-prod/api/nothing"),
        endpoint("v3", &base, "GET", "/v3-prod/api/items"),
    ];
    let results = run(&plan, &[deployment("v3", &base)], &policy(), &Quiet).await;
    let seen: Vec<(Verdict, Vec<String>)> =
        results.iter().map(|result| (result.verdict, result.sent.clone())).collect();
    let sent = |methods: &[&str]| methods.iter().map(|method| (*method).to_owned()).collect::<Vec<_>>();
    assert_eq!(
        seen,
        [
            (Verdict::EndpointPresent, sent(&["OPTIONS"])),
            (Verdict::EndpointPresent, sent(&["OPTIONS", "GET"])),
            (Verdict::Missing, sent(&["OPTIONS"])),
            (Verdict::SoftMissing, sent(&["OPTIONS", "GET"])),
            (Verdict::EndpointPresent, sent(&["GET"])),
        ],
        "{results:#?}"
    );
    assert!(results[0].detail.as_deref().unwrap_or_default().contains("Allow: GET, POST"));
    assert!(results[1].detail.as_deref().unwrap_or_default().contains("POST not sent"));
}

#[tokio::test]
async fn a_single_page_app_is_indeterminate_never_present() {
    let base = spa().await;
    let plan = [
        route("console", &base, "/v3/workloads"),
        route("console", &base, "/v3/nodes/7"),
        route("console", &base, "/dashboard"),
        marked(route("console", &base, "/v3/settings"), "data-page=\"settings\""),
    ];
    let observer = Recorder::default();
    let results = run(&plan, &[deployment("console", &base)], &policy(), &observer).await;
    let verdicts: Vec<Verdict> = results.iter().map(|result| result.verdict).collect();
    assert_eq!(
        verdicts,
        [Verdict::Indeterminate, Verdict::Indeterminate, Verdict::Indeterminate, Verdict::SoftMissing]
    );
    assert!(results[0].detail.as_deref().unwrap_or_default().contains("marker"));
    let reported = observer.done.lock().expect("observer lock");
    assert_eq!(reported.len(), plan.len(), "probe_done once per probe");
    assert!(reported.iter().all(|result| result.verdict != Verdict::SoftMissing || result.marker_declared_in(&plan)));
}

/// Test-only view: whether a result's route declared a marker in the plan.
trait DeclaredMarker {
    fn marker_declared_in(&self, plan: &[PlannedProbe]) -> bool;
}

impl DeclaredMarker for ProbeResult {
    fn marker_declared_in(&self, plan: &[PlannedProbe]) -> bool {
        plan.iter().any(|probe| probe.route == self.route && probe.marker.is_some())
    }
}

#[tokio::test]
async fn an_unknown_deployment_is_an_error_and_plan_order_is_kept() {
    let base = site().await;
    let plan =
        [route("v3", &base, "/gone"), route("nowhere", &base, "/gone"), route("v3", &base, "/v3-prod/workloads")];
    let results = run(&plan, &[deployment("v3", &base)], &policy(), &Quiet).await;
    let verdicts: Vec<(&str, Verdict)> =
        results.iter().map(|result| (result.deployment.as_str(), result.verdict)).collect();
    assert_eq!(verdicts, [("v3", Verdict::Missing), ("nowhere", Verdict::Error), ("v3", Verdict::Present)]);
    assert_eq!(results[1].detail.as_deref(), Some("deployment `nowhere` is not configured"));
    assert_eq!(results[1].attempts, 0);
}

#[tokio::test]
async fn a_silent_server_is_unreachable_within_the_budget() {
    let base = raw(|stream, _| hold(stream)).await;
    let policy = ProbePolicy { retries: 1, ..policy() };
    let started = Instant::now();
    let result = probe_one(route("v3", &base, "/v3-prod/workloads"), &deployment("v3", &base), &policy).await;
    assert_eq!(result.verdict, Verdict::Unreachable, "{result:?}");
    assert_eq!(result.attempts, 2, "a timeout is retried");
    assert!(result.detail.as_deref().unwrap_or_default().contains("no answer within"));
    // Baseline and probe each take at most 2 × 300 ms + one 100 ms pause.
    assert!(started.elapsed() < Duration::from_secs(3), "took {:?}", started.elapsed());
}

#[tokio::test]
async fn a_reset_connection_is_unreachable() {
    let base = raw(|stream, _| async move {
        let _ = stream.set_zero_linger();
        drop(stream);
    })
    .await;
    let result = probe_one(route("v3", &base, "/v3-prod/workloads"), &deployment("v3", &base), &policy()).await;
    assert_eq!(result.verdict, Verdict::Unreachable, "{result:?}");
    assert_eq!(result.attempts, 1, "a reset is not retried");
}

#[tokio::test]
async fn a_body_trickling_past_the_timeout_is_unreachable() {
    let base = raw(|mut stream, path| async move {
        if path.contains("parity-404-") {
            return not_found(stream).await;
        }
        if ok_head(&mut stream, 1000).await.is_err() {
            return;
        }
        for _ in 0..1000 {
            if stream.write_all(b"x").await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
    .await;
    let policy = ProbePolicy { retries: 0, ..policy() };
    let result = probe_one(route("v3", &base, "/v3-prod/workloads"), &deployment("v3", &base), &policy).await;
    assert_eq!(result.verdict, Verdict::Unreachable, "{result:?}");
    assert_eq!(result.status, Some(200), "the head came, the body did not");
    assert!(result.detail.as_deref().unwrap_or_default().contains("body did not complete"));
}

#[tokio::test]
async fn a_non_utf8_body_is_read_lossily() {
    let base = raw(|mut stream, path| async move {
        if path.contains("parity-404-") {
            return not_found(stream).await;
        }
        let body: &[u8] = b"<title>Bytes</title>\xff\xfe\xfd <div id=ready></div> \xc3\x28";
        if ok_head(&mut stream, body.len()).await.is_ok() {
            let _ = stream.write_all(body).await;
        }
    })
    .await;
    let probe = marked(route("v3", &base, "/v3-prod/bytes"), "id=ready");
    let result = probe_one(probe, &deployment("v3", &base), &policy()).await;
    assert_eq!(result.verdict, Verdict::Present, "{result:?}");
}

#[tokio::test]
async fn a_50_mb_body_is_read_only_up_to_the_cap() {
    const FIFTY_MB: usize = 50 * 1024 * 1024;
    let written = Arc::new(AtomicUsize::new(0));
    let finished = Arc::new(AtomicBool::new(false));
    let (counter, flag) = (Arc::clone(&written), Arc::clone(&finished));
    let base = raw(move |mut stream, path| {
        let (counter, flag) = (Arc::clone(&counter), Arc::clone(&flag));
        async move {
            if path.contains("parity-404-") {
                return not_found(stream).await;
            }
            let chunk = vec![b'a'; 64 * 1024];
            if ok_head(&mut stream, FIFTY_MB).await.is_ok() {
                while counter.load(Ordering::SeqCst) < FIFTY_MB && stream.write_all(&chunk).await.is_ok() {
                    counter.fetch_add(chunk.len(), Ordering::SeqCst);
                }
            }
            flag.store(true, Ordering::SeqCst);
        }
    })
    .await;
    let probe = marked(route("v3", &base, "/v3-prod/huge"), "never-in-the-body");
    let result = probe_one(probe, &deployment("v3", &base), &policy()).await;
    assert_eq!(result.verdict, Verdict::SoftMissing, "{result:?}");
    assert!(result.detail.as_deref().unwrap_or_default().contains("only the first 65536 bytes were read"));
    for _ in 0..300 {
        if finished.load(Ordering::SeqCst) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(finished.load(Ordering::SeqCst), "the server saw the connection close");
    let sent = written.load(Ordering::SeqCst);
    assert!(sent < FIFTY_MB / 5, "the client stopped reading early, yet the server wrote {sent} bytes");
}

#[tokio::test]
async fn a_closed_port_is_unreachable_after_one_attempt() {
    let base = closed_port().await;
    let result = probe_one(route("v3", &base, "/v3-prod/workloads"), &deployment("v3", &base), &policy()).await;
    assert_eq!(result.verdict, Verdict::Unreachable);
    assert_eq!(result.attempts, 1, "a refused connection is not retried");
    assert!(result.detail.as_deref().unwrap_or_default().starts_with("connection refused"), "{result:?}");
}

fn mutating_plan(name: &str, base: &str) -> Vec<PlannedProbe> {
    ["POST", "PUT", "PATCH", "DELETE"].iter().map(|method| endpoint(name, base, method, "/v3-prod/api/act")).collect()
}

fn methods_seen(seen: &servers::Seen) -> Vec<String> {
    seen.lock().expect("recorder lock").iter().map(|(method, ..)| method.clone()).collect()
}

#[tokio::test]
async fn no_mutating_method_is_sent_by_default() {
    let (base, seen) = recorder().await;
    let mut target = deployment("v3", &base);
    target.mutable = true; // mutable, but the run does not allow mutating requests
    let results = run(&mutating_plan("v3", &base), &[target], &policy(), &Quiet).await;
    assert!(results.iter().all(|result| result.verdict == Verdict::EndpointPresent), "{results:#?}");
    let methods = methods_seen(&seen);
    assert!(!methods.is_empty());
    assert!(methods.iter().all(|method| method == "GET" || method == "OPTIONS"), "sent {methods:?}");

    let (base, seen) = recorder().await;
    let allowing = ProbePolicy { allow_mutating: true, ..policy() };
    run(&mutating_plan("v3", &base), &[deployment("v3", &base)], &allowing, &Quiet).await;
    let methods = methods_seen(&seen);
    assert!(methods.iter().all(|method| method == "GET" || method == "OPTIONS"), "not mutable: sent {methods:?}");
}

#[tokio::test]
async fn the_real_method_is_sent_to_a_mutable_deployment_when_allowed() {
    let (base, seen) = recorder().await;
    let mut target = deployment("v3", &base);
    target.mutable = true;
    let allowing = ProbePolicy { allow_mutating: true, ..policy() };
    let results = run(&mutating_plan("v3", &base), &[target], &allowing, &Quiet).await;
    assert!(results.iter().all(|result| result.verdict == Verdict::EndpointPresent), "{results:#?}");
    let mut methods = methods_seen(&seen);
    methods.sort();
    assert_eq!(methods, ["DELETE", "PATCH", "POST", "PUT"], "no baseline is needed, only the real methods");
    assert_eq!(results[0].sent, ["POST"]);
    let recorded = seen.lock().expect("recorder lock");
    let (_, _, headers) = recorded.iter().find(|(method, ..)| method == "POST").expect("a POST");
    assert_eq!(headers.get("content-length").map(axum::http::HeaderValue::as_bytes), Some(&b"0"[..]), "an empty body");
}

#[tokio::test]
async fn secrets_never_appear_in_results_logs_or_other_hosts() {
    const TOKEN: &str = "Bearer tok-7f3a9c-SECRET";
    const KEY: &str = "key-19e2-SECRET";
    let (base, recorded_here) = recorder().await;
    let (elsewhere, recorded_elsewhere) = recorder().await;
    let mut target = deployment("v3", &base);
    target.headers = vec![("Authorization".to_owned(), Secret::new(TOKEN)), ("X-Api-Key".to_owned(), Secret::new(KEY))];
    let other_host = elsewhere.trim_start_matches("http://");
    let plan = [route("v3", &base, &format!("/jump/{other_host}")), route("v3", &base, "/echo")];
    let observer = Recorder::default();
    let results = run(&plan, &[target], &policy(), &observer).await;

    let here = recorded_here.lock().expect("recorder lock");
    assert!(here.iter().all(|(.., headers)| headers.get("authorization").is_some_and(|value| value == TOKEN)));
    let there = recorded_elsewhere.lock().expect("recorder lock");
    assert!(!there.is_empty(), "the redirect was followed");
    assert!(
        there.iter().all(|(.., headers)| !headers.contains_key("authorization") && !headers.contains_key("x-api-key"))
    );

    let reports = serde_json::to_string(&results).expect("results serialise");
    let logs = serde_json::to_string(&*observer.sent.lock().expect("observer lock")).expect("requests serialise");
    let debug = format!("{results:?} {:?}", observer.done.lock().expect("observer lock"));
    for text in [&reports, &logs, &debug] {
        assert!(!text.contains("tok-7f3a9c") && !text.contains(KEY), "a secret leaked: {text}");
    }
    assert!(reports.contains("<redacted>"), "the echoed token was redacted: {reports}");
    assert!(logs.contains("\"authorization\""), "header names are logged: {logs}");
}

/// A server that answers 404 after 30 ms, counting requests in flight in
/// `now` and the most ever in flight in `peak` (shared across servers).
async fn gauged(now: &Arc<AtomicUsize>, peak: &Arc<AtomicUsize>) -> String {
    let (gauge, high) = (Arc::clone(now), Arc::clone(peak));
    raw(move |stream, _| {
        let (gauge, high) = (Arc::clone(&gauge), Arc::clone(&high));
        async move {
            let inflight = gauge.fetch_add(1, Ordering::SeqCst) + 1;
            high.fetch_max(inflight, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(30)).await;
            gauge.fetch_sub(1, Ordering::SeqCst);
            not_found(stream).await;
        }
    })
    .await
}

#[tokio::test]
async fn per_host_concurrency_is_respected() {
    let (now, peak) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let base = gauged(&now, &peak).await;
    let plan: Vec<PlannedProbe> = (0..12).map(|n| route("v3", &base, &format!("/v3-prod/page-{n}"))).collect();
    let limited = ProbePolicy { per_host_concurrency: 2, ..policy() };
    let results = run(&plan, &[deployment("v3", &base)], &limited, &Quiet).await;
    assert!(results.iter().all(|result| result.verdict == Verdict::Missing));
    assert!(peak.load(Ordering::SeqCst) <= 2, "peak {}", peak.load(Ordering::SeqCst));
}

#[tokio::test]
async fn per_host_rate_spaces_requests_beyond_the_burst() {
    let base = raw(|stream, _| not_found(stream)).await;
    let plan: Vec<PlannedProbe> = (0..10).map(|n| route("v3", &base, &format!("/v3-prod/page-{n}"))).collect();
    let limited = ProbePolicy { per_host_rate: std::num::NonZeroU32::new(10), ..policy() };
    let started = Instant::now();
    let observer = Recorder::default();
    let results = run(&plan, &[deployment("v3", &base)], &limited, &observer).await;
    assert!(results.iter().all(|result| result.verdict == Verdict::Missing));
    // 3 baseline samples and 10 probes: 3 requests beyond a burst of 10, 100 ms apart.
    assert_eq!(observer.sent.lock().expect("observer lock").len(), 13);
    assert!(started.elapsed() >= Duration::from_millis(250), "took {:?}", started.elapsed());
}

#[tokio::test]
async fn the_global_limit_holds_across_hosts() {
    let (now, peak) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let mut deployments = Vec::new();
    let mut plan = Vec::new();
    // Three hosts (ports), each allowed more at once than the global limit.
    for name in ["a", "b", "c"] {
        let base = gauged(&now, &peak).await;
        plan.extend((0..8).map(|n| route(name, &base, &format!("/v3-prod/page-{n}"))));
        deployments.push(deployment(name, &base));
    }
    let limited = ProbePolicy { concurrency: 3, per_host_concurrency: 8, ..policy() };
    let results = run(&plan, &deployments, &limited, &Quiet).await;
    assert_eq!(results.len(), 24);
    assert!(results.iter().all(|result| result.verdict == Verdict::Missing), "{results:?}");
    let peak = peak.load(Ordering::SeqCst);
    assert!(peak <= 3, "{peak} requests were in flight at once across hosts; the limit is 3");
    assert!(peak >= 2, "the hosts were probed concurrently at all (peak {peak})");
}

#[tokio::test]
async fn a_failed_tls_handshake_is_unreachable_not_a_panic() {
    // A plain-HTTP server behind an https:// URL: the TLS handshake fails.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
    let address = listener.local_addr().expect("local address");
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n").await;
        }
    });
    let base = format!("https://{address}");
    let result = probe_one(route("v3", &base, "/v3-prod/nodes"), &deployment("v3", &base), &policy()).await;
    assert_eq!(result.verdict, Verdict::Unreachable, "{result:?}");
    let detail = result.detail.unwrap_or_default();
    assert!(detail.starts_with("TLS failure"), "the detail names TLS: {detail}");
    assert_eq!(result.attempts, 1, "a broken handshake is not retried");
}
