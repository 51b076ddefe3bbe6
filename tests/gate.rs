//! `parity check` as a CI gate, run as CI runs it: the binary against a
//! deployment on 127.0.0.1. A matrix the check could not read completely
//! fails the run, at the line to fix, in every format; what `--surface` and
//! `--partition` leave out says nothing; the durations of `--timeout`
//! and `[probe]` reach the prober with their units; and ids and routes of
//! 70,000 characters make a table of a few lines, whole in JSON.

use std::path::Path;
use std::sync::{Arc, Mutex};

use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

use crate::support::{Run, parity};

/// The surfaces: the second V3 target of `reports` (line 6) is written
/// without its leading `/`, which `parity validate` rejects; `drain` shows no
/// progress evidence, a warning (line 25).
const SURFACES: &str = r#"surfaces:
  - id: reports
    v1: [/reports]
    v3:
      - route: /v3/reports
      - route: "reports/{report}.json"
    status: partial
    actions:
      - verb: create
        intent: setup
        v1: POST /reports/new
        landing:
          pattern: resource-operations-panel
          v3: POST /v3/api/reports
          progress: [task]
  - id: nodes
    v1: [/nodes]
    v3:
      - route: /v3/nodes
    status: partial
    actions:
      - verb: drain
        intent: maintenance
        landing:
          pattern: resource-operations-panel
"#;

/// Where the malformed route is reported: inside the quotes, at its first
/// character.
const MALFORMED_AT: &str = "parity/10-surfaces.yaml:6:17";

/// What the deployment was asked: method and path of every request.
type Asked = Arc<Mutex<Vec<(Method, String)>>>;

/// One deployment for both roles: every page of the matrix, the two
/// endpoints (OPTIONS lists POST, GET is refused), a slow page, and 404 for
/// anything else.
async fn deployment(asked: Asked) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await.unwrap();
    let address = listener.local_addr().unwrap();
    let app = axum::Router::new().fallback(move |method: Method, uri: Uri| {
        asked.lock().unwrap().push((method.clone(), uri.path().to_owned()));
        answer(method, uri.path().to_owned())
    });
    tokio::spawn(async move { axum::serve(listener, app).await });
    address
}

async fn answer(method: Method, path: String) -> Response {
    match path.as_str() {
        "/reports" | "/v3/reports" | "/v3/reports/archive" | "/nodes" | "/v3/nodes" => {
            let words = path.replace('/', " ");
            format!(
                "<html><head><title>{path}</title></head><body><h1>{words}</h1><p>The {words} page.</p></body></html>"
            )
            .into_response()
        }
        "/reports/new" | "/v3/api/reports" if method == Method::OPTIONS => {
            (StatusCode::NO_CONTENT, [(header::ALLOW, HeaderValue::from_static("OPTIONS, POST"))]).into_response()
        }
        "/reports/new" | "/v3/api/reports" => StatusCode::METHOD_NOT_ALLOWED.into_response(),
        "/v3/slow" => {
            tokio::time::sleep(std::time::Duration::from_secs(5)).await;
            "<html><head><title>Slow</title></head><body>Finally.</body></html>".into_response()
        }
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

/// A project with the check fixture's document, `surfaces`, and a
/// `parity.toml` pointing both roles at `address`.
fn project(dir: &Path, surfaces: &str, address: std::net::SocketAddr, probe: &str) {
    std::fs::create_dir_all(dir.join("parity")).unwrap();
    std::fs::copy(super::support::root().join("fixtures/check/00-document.yaml"), dir.join("parity/00-document.yaml"))
        .unwrap();
    std::fs::write(dir.join("parity/10-surfaces.yaml"), surfaces).unwrap();
    let config = format!(
        "[deployments.v1]\nbase_url = \"http://{address}\"\nrole = \"v1\"\n\
         [deployments.v3]\nbase_url = \"http://{address}\"\nrole = \"v3\"\n[probe]\nretries = 0\n{probe}"
    );
    std::fs::write(dir.join("parity.toml"), config).unwrap();
}

/// The findings of a JSON report, as `(code, severity, "path:line:column")`.
fn findings(run: &Run) -> Vec<(String, String, String)> {
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap_or_else(|_| panic!("{}", run.stdout));
    let at = |f: &serde_json::Value| {
        let l = &f["location"];
        format!("{}:{}:{}", l["path"].as_str().unwrap_or("-"), l["line"], l["column"])
    };
    let findings = report["findings"].as_array().unwrap();
    findings.iter().map(|f| (f["code"].as_str().unwrap().to_owned(), f["severity"].to_string(), at(f))).collect()
}

fn malformed() -> (String, String, String) {
    ("route-malformed".to_owned(), "\"error\"".to_owned(), MALFORMED_AT.to_owned())
}

#[test]
fn a_matrix_validation_error_fails_the_check_at_its_line_in_every_format() {
    let asked = Asked::default();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let address = runtime.block_on(deployment(Arc::clone(&asked)));
    let dir = tempfile::tempdir().unwrap();
    project(dir.path(), SURFACES, address, "");

    let json = parity(dir.path(), &["check", "--format", "json"]);
    assert_eq!(json.code, 1, "{}", json.transcript());
    // The only finding: every probe found what it looked for.
    assert_eq!(findings(&json), [malformed()], "{}", json.stdout);
    assert!(json.stdout.contains("`reports/{report}.json` was not probed: it is not a valid route"), "{}", json.stdout);

    let table = parity(dir.path(), &["check"]);
    assert_eq!(table.code, 1, "{}", table.transcript());
    assert!(table.stdout.contains(&format!("error[route-malformed] {MALFORMED_AT}: ")), "{}", table.stdout);
    let github = parity(dir.path(), &["check", "--format", "github"]);
    assert!(github.stdout.contains("::error file=parity/10-surfaces.yaml,line=6,"), "{}", github.stdout);
    let markdown = parity(dir.path(), &["check", "--format", "markdown"]);
    assert!(markdown.stdout.contains(&format!("**error** `route-malformed` ({MALFORMED_AT})")), "{}", markdown.stdout);
    let junit = parity(dir.path(), &["check", "--format", "junit"]);
    assert!(
        junit.stdout.contains("<failure message=\"route-malformed: `reports/{report}.json` was not probed"),
        "{}",
        junit.stdout
    );
    for run in [&github, &markdown, &junit] {
        assert_eq!(run.code, 1, "{}", run.transcript());
    }

    // The same matrix with the route written right passes.
    let fixed = SURFACES.replace("\"reports/{report}.json\"", "/v3/reports/archive");
    project(dir.path(), &fixed, address, "");
    let clean = parity(dir.path(), &["check", "--format", "json"]);
    assert_eq!((clean.code, findings(&clean)), (0, vec![]), "{}", clean.transcript());

    let asked = asked.lock().unwrap();
    assert!(asked.iter().any(|(_, path)| path == "/v3/api/reports"), "the endpoints were probed: {asked:?}");
    for (method, path) in asked.iter() {
        assert!(matches!(method.as_str(), "GET" | "HEAD" | "OPTIONS"), "sent {method} {path}");
        assert!(!path.contains(".json") && !path.contains('{'), "the malformed route was requested: {path}");
    }
}

#[test]
fn the_matrix_findings_of_a_check_are_those_at_or_above_its_failure_level() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let address = runtime.block_on(deployment(Asked::default()));
    let dir = tempfile::tempdir().unwrap();
    project(dir.path(), SURFACES, address, "");
    let strict = parity(dir.path(), &["check", "--format", "json", "--fail-on", "warning"]);
    let evidence =
        ("landing-without-evidence".to_owned(), "\"warning\"".to_owned(), "parity/10-surfaces.yaml:25:20".to_owned());
    assert_eq!((strict.code, findings(&strict)), (1, vec![malformed(), evidence]), "{}", strict.transcript());
    // By default the warning is `parity validate`'s to show: it would not fail the run.
    let default = parity(dir.path(), &["check", "--format", "json"]);
    assert_eq!(findings(&default), [malformed()], "{}", default.stdout);
    // A known finding does not fail the run, as for probe findings.
    let baseline = dir.path().join("baseline.json");
    std::fs::write(&baseline, &default.stdout).unwrap();
    let known = parity(dir.path(), &["check", "--baseline", baseline.to_str().unwrap()]);
    assert_eq!(known.code, 0, "{}", known.transcript());
}

#[test]
fn what_surface_and_partition_leave_out_reports_nothing_and_shares_report_it_once() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let address = runtime.block_on(deployment(Asked::default()));
    let dir = tempfile::tempdir().unwrap();
    project(dir.path(), SURFACES, address, "");
    let run = |extra: &[&str]| {
        let mut args = vec!["check", "--format", "json"];
        args.extend_from_slice(extra);
        let run = parity(dir.path(), &args);
        (run.code, findings(&run))
    };
    assert_eq!(run(&["--surface", "nodes"]), (0, vec![]), "the malformed route is in `reports`");
    assert_eq!(run(&["--surface", "reports"]), (1, vec![malformed()]));
    // `reports` is the first surface: the first share owns it.
    assert_eq!(run(&["--partition", "1/2"]), (1, vec![malformed()]));
    assert_eq!(run(&["--partition", "2/2"]), (0, vec![]));
}

/// A matrix-wide problem (no `document` section) concerns every run, and
/// only the first share of a sharded one.
#[test]
fn a_finding_of_the_whole_matrix_fails_every_run_and_the_first_share() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let address = runtime.block_on(deployment(Asked::default()));
    let dir = tempfile::tempdir().unwrap();
    let fixed = SURFACES.replace("\"reports/{report}.json\"", "/v3/reports/archive");
    project(dir.path(), &fixed, address, "");
    std::fs::remove_file(dir.path().join("parity/00-document.yaml")).unwrap();
    let codes = |extra: &[&str]| {
        let mut args = vec!["check", "--format", "json"];
        args.extend_from_slice(extra);
        let run = parity(dir.path(), &args);
        (run.code, findings(&run).into_iter().map(|(code, ..)| code).collect::<Vec<_>>())
    };
    let missing = vec!["document-missing".to_owned()];
    assert_eq!(codes(&[]), (1, missing.clone()));
    assert_eq!(codes(&["--surface", "nodes"]), (1, missing.clone()));
    assert_eq!(codes(&["--partition", "1/2"]), (1, missing));
    assert_eq!(codes(&["--partition", "2/2"]), (0, vec![]));
}

/// `--timeout 300ms` and `timeout = "300ms"` are 300 milliseconds, not
/// 300 seconds: the slow page is given up on long before it answers.
#[test]
fn a_timeout_with_units_reaches_the_prober() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let address = runtime.block_on(deployment(Asked::default()));
    let dir = tempfile::tempdir().unwrap();
    let slow = "surfaces:\n  - id: slow\n    v1: [/nodes]\n    v3:\n      - route: /v3/slow\n    status: not-started\n";
    for (flag, probe) in [(Some("--timeout=300ms"), "timeout = 60\n"), (None, "timeout = \"300ms\"\n")] {
        project(dir.path(), slow, address, probe);
        let mut args = vec!["check", "--format", "json"];
        args.extend(flag);
        let started = std::time::Instant::now();
        let run = parity(dir.path(), &args);
        assert!(started.elapsed() < std::time::Duration::from_secs(4), "{flag:?}: waited for the slow page");
        let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let probes = report["probes"].as_array().unwrap();
        let probe = probes.iter().find(|p| p["route"] == "/v3/slow").expect("the slow page was probed");
        assert_eq!(probe["detail"], "no answer within 300 ms", "{flag:?}: {}", run.stdout);
    }
}

/// `check --format table` took 16.7 s on a surface id of 70,000 characters
/// and printed it, and every route, whole: the grid cuts an id wider than the
/// line, a route after eight lines and a segment wider than a line, and a
/// finding's message cuts a word past 480 characters. Bounded by the size of
/// what it prints, not by a timer; JSON keeps every text whole.
#[test]
fn ids_and_routes_of_70000_characters_make_a_table_of_a_few_lines_and_whole_json() {
    let id = "s".repeat(70_000);
    let segments: String = (0..10_000).map(|n| ["/seg".to_owned(), n.to_string()].concat()).collect();
    let many = &segments[..70_000];
    let one = format!("/{}", "r".repeat(70_000));
    let surfaces = format!(
        "surfaces:\n  - id: {id}\n    v1: [{many}]\n    v3:\n      - route: {one}\n    status: partial\n\
         \x20 - id: nodes\n    v1: [/nodes]\n    v3:\n      - route: /v3/nodes\n    status: partial\n"
    );
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let address = runtime.block_on(deployment(Asked::default()));
    let dir = tempfile::tempdir().unwrap();
    project(dir.path(), &surfaces, address, "");

    let table = parity(dir.path(), &["check", "--format", "table"]);
    assert_eq!(table.code, 1, "{}", &table.transcript()[..2_000]);
    assert!(table.stdout.len() < 12_000, "{} bytes", table.stdout.len());
    let widest = table.stdout.lines().map(|line| line.chars().count()).max().unwrap_or(0);
    assert!(widest <= 600, "a line of {widest} characters");
    assert!(table.stdout.contains("sss..."), "the id is cut: {}", table.stdout);
    assert!(table.stdout.contains("rrr..."), "the one long segment is cut: {}", table.stdout);
    assert!(table.stdout.contains("/nodes "), "the other surface is shown: {}", table.stdout);
    let route_lines = table.stdout.lines().filter(|line| line.contains("seg")).count();
    assert!(route_lines <= 8 + 2, "{route_lines} lines show the route of many segments");

    let json = parity(dir.path(), &["check", "--format", "json"]);
    assert_eq!(json.code, 1);
    for text in [id.as_str(), many, one.as_str()] {
        assert!(json.stdout.contains(text), "JSON keeps every text whole");
    }
}
