//! Parameters inside a segment (`/reports/{report}.json`, `/@{user}`) are
//! filled and probed like any other by the real `parity check`: a matrix
//! route with one used to be refused and never requested.

use std::process::Command;
use std::sync::{Arc, Mutex};

use axum::http::{StatusCode, Uri};
use axum::response::{Html, IntoResponse};

use super::servers::{page, serve};

const SURFACES: &str = "surfaces:\n  - id: report-export\n    v1: [\"/reports/{report}.json\", \"/@{user}\"]\n    \
                        v3:\n      - route: /v3/reports/{report}.json\n    status: mostly-covered\n";

/// The pages that exist, as raw (percent-encoded) request paths; anything
/// else is a 404. Every path asked is recorded.
async fn reports_site(seen: Arc<Mutex<Vec<String>>>) -> String {
    let app = axum::Router::new().fallback(move |uri: Uri| {
        seen.lock().unwrap().push(uri.path().to_owned());
        async move {
            match uri.path() {
                "/reports/42.json" | "/v3/reports/42.json" => {
                    Html(page("Report 42", "Totals by week.")).into_response()
                }
                "/@ada%20l%2Fx" => Html(page("Ada", "Her profile.")).into_response(),
                _ => StatusCode::NOT_FOUND.into_response(),
            }
        }
    });
    serve(app).await
}

/// `(route, url, verdict)` of every probe of a `--format json` report.
fn probes(report: &serde_json::Value) -> Vec<(String, String, String)> {
    let text = |probe: &serde_json::Value, key: &str| probe[key].as_str().unwrap_or_default().to_owned();
    let probes = report["probes"].as_array().expect("a JSON report lists its probes");
    probes.iter().map(|p| (text(p, "route"), text(p, "url"), text(p, "verdict"))).collect()
}

#[test]
fn a_parameter_inside_a_segment_is_filled_probed_and_present() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let base = runtime.block_on(reports_site(Arc::clone(&seen)));
    let dir = tempfile::tempdir().unwrap();
    let document = crate::support::root().join("fixtures/validate/common/document.yaml");
    std::fs::copy(document, dir.path().join("00-document.yaml")).unwrap();
    std::fs::write(dir.path().join("10-surfaces.yaml"), SURFACES).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_parity"))
        .args(["check", "--v1", &base, "--v3", &base, "--param", "report=42", "--param", "user=ada l/x"])
        .args(["--format", "json", "--retries", "0", "."])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    let mut probes = probes(&report);
    probes.sort();
    assert_eq!(
        probes,
        [
            ("/@{user}".to_owned(), format!("{base}/@ada%20l%2Fx"), "present".to_owned()),
            ("/reports/{report}.json".to_owned(), format!("{base}/reports/42.json"), "present".to_owned()),
            ("/v3/reports/{report}.json".to_owned(), format!("{base}/v3/reports/42.json"), "present".to_owned()),
        ],
        "only the filled value is percent-encoded; the text around it is sent as written\n{stderr}"
    );
    let seen = seen.lock().unwrap();
    for path in ["/reports/42.json", "/v3/reports/42.json", "/@ada%20l%2Fx"] {
        assert!(seen.iter().any(|p| p == path), "{path} was requested: {seen:?}");
    }
}
