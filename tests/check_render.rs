//! `parity check --render` against the fixture single-page app
//! (`fixtures/spa/`), served on 127.0.0.1 by the test with a second
//! loopback server as the third-party origin the app calls. These drive a
//! real Chromium; they skip, saying so, only where none is installed (CI
//! installs one).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::response::Response;
use serde_json::Value;

use crate::support::root;

const TOKEN: &str = "fixture-s3cret-token";
const COOKIE: &str = "session=fixture-c00kie-value";

/// One request a test server received.
#[derive(Clone, Debug)]
struct Seen {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
}

type Log = Arc<Mutex<Vec<Seen>>>;

#[derive(Clone)]
struct App {
    log: Log,
    third_party: String,
}

/// Serves the fixture app (or, with `third_party` empty, a bare beacon
/// endpoint) and records every request.
async fn serve(third_party: &str) -> (String, Log) {
    let log: Log = Arc::default();
    let state = App { log: Arc::clone(&log), third_party: third_party.to_owned() };
    let router = axum::Router::new().fallback(answer).with_state(state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a loopback port");
    let address = listener.local_addr().expect("its address");
    tokio::spawn(async move { axum::serve(listener, router).await.expect("the fixture server runs") });
    (format!("http://{address}"), log)
}

async fn answer(State(app): State<App>, request: Request) -> Response {
    let path = request.uri().path().to_owned();
    let headers = request
        .headers()
        .iter()
        .map(|(name, value)| (name.as_str().to_owned(), value.to_str().unwrap_or_default().to_owned()))
        .collect();
    app.log.lock().expect("the log").push(Seen { method: request.method().to_string(), path: path.clone(), headers });
    let file = |name: &str| std::fs::read_to_string(root().join("fixtures/spa").join(name)).expect("a fixture file");
    let (kind, body) = match path.as_str() {
        _ if app.third_party.is_empty() => ("text/plain", String::new()),
        "/app.js" => ("text/javascript", file("app.js")),
        "/config.js" => ("text/javascript", format!("window.PARITY_FIXTURE_THIRD_PARTY = {:?};", app.third_party)),
        "/api/jobs" => ("application/json", "[1, 2]".to_owned()),
        "/report.csv" => ("text/csv", "id,state\nn-1,ready\n".to_owned()),
        api if api.starts_with("/api/") => ("application/json", "{}".to_owned()),
        _ => ("text/html", file("index.html")),
    };
    let mut response = Response::new(Body::from(body));
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    if path == "/report.csv" {
        let attachment = HeaderValue::from_static("attachment; filename=\"report.csv\"");
        response.headers_mut().insert(header::CONTENT_DISPOSITION, attachment);
    }
    // The beacon is a cross-origin fetch: the browser needs the CORS header to read it.
    response.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    response
}

/// The browser the tests drive, or `None` (with a message) where none is installed.
fn browser() -> Option<PathBuf> {
    let env = |name| std::env::var_os(name);
    let found = parity::render::discover(None, env("PARITY_BROWSER").as_deref(), env("PATH").as_deref());
    match found.into_result() {
        Ok(path) => Some(path),
        Err(why) => {
            eprintln!("skipped: no browser for the render tests ({why})");
            None
        }
    }
}

const MATRIX: &str = "surfaces:
  - id: nodes
    v1: [/admin/nodes]
    v3:
      - route: /nodes
    status: mostly-covered
    progress: [event]
    actions:
      - verb: drain
        intent: maintenance
        landing:
          pattern: resource-operations-panel
      - verb: delete
        intent: destructive
        control: More actions
        landing:
          pattern: resource-operations-panel
      - verb: restart
        intent: maintenance
        landing:
          pattern: resource-operations-panel
  - id: node-detail
    v1: [\"/admin/nodes/{id}\"]
    v3:
      - route: /nodes/{id}
        marker: data-page=\"node\"
    status: mostly-covered
  - id: jobs
    v1: [/admin/jobs]
    v3:
      - route: /jobs
    status: mostly-covered
    progress: [task]
    actions:
      - verb: retry
        intent: recovery
        control: /^(retry|tasks)$/
        landing:
          pattern: lifecycle-activity-tab
  - id: settings
    v1: [/admin/settings]
    v3:
      - route: /settings
    status: mostly-covered
  - id: sandbox
    v1: [/admin/sandbox]
    v3:
      - route: /sandbox
        marker: \"sw:none popup:blocked geo:denied notify:(denied|none)\"
    status: mostly-covered
  - id: broken
    v1: [/admin/broken]
    v3:
      - route: /broken
    status: mostly-covered
  - id: reports
    v1: [/admin/reports]
    v3:
      - route: /reports
    status: mostly-covered
  - id: export
    v1: [/admin/export]
    v3:
      - route: /export
        marker: data-page=\"export\"
    status: mostly-covered
";

/// A project directory: the matrix, and a `parity.toml` naming the app.
fn project(base: &str, extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temp dir");
    std::fs::create_dir(dir.path().join("parity")).expect("the matrix dir");
    std::fs::copy(root().join("fixtures/check/00-document.yaml"), dir.path().join("parity/00-document.yaml"))
        .expect("the document");
    std::fs::write(dir.path().join("parity/10-spa.yaml"), MATRIX).expect("the matrix");
    let config = format!(
        "[deployments.v3]\nbase_url = \"{base}\"\nrole = \"v3\"\ntoken_env = \"FIXTURE_TOKEN\"\n{extra}\n\
         [params]\nid = \"n-1\"\n\n[render]\nconcurrency = 2\nsettle = \"200ms\"\ntimeout = 20\n"
    );
    std::fs::write(dir.path().join("parity.toml"), config).expect("the config");
    dir
}

struct Run {
    stdout: String,
    stderr: String,
    code: i32,
}

fn check(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_parity"));
    command.arg("check").args(args).current_dir(dir).env("NO_COLOR", "1").env("FIXTURE_TOKEN", TOKEN);
    command.env("FIXTURE_COOKIE", COOKIE);
    for name in ["GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "CI"] {
        command.env_remove(name);
    }
    for (name, value) in env {
        command.env(name, value);
    }
    let output = command.output().expect("parity runs");
    let run = Run {
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        code: output.status.code().expect("an exit code"),
    };
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

fn probes(run: &Run) -> Vec<Value> {
    let report: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stderr));
    report["probes"].as_array().expect("probes").clone()
}

fn by_route<'a>(probes: &'a [Value], route: &str) -> &'a Value {
    probes.iter().find(|probe| probe["route"] == route).unwrap_or_else(|| panic!("no probe of {route}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rendered_verdicts_tell_the_pages_of_a_single_page_app_apart() {
    let Some(_) = browser() else { return };
    let (third, third_log) = serve("").await;
    let (base, log) = serve(&third).await;
    let dir = project(&base, "cookie_env = \"FIXTURE_COOKIE\"");
    let http = tokio::task::spawn_blocking({
        let path = dir.path().to_path_buf();
        move || check(&path, &["--format", "json"], &[])
    });
    let http = http.await.expect("the HTTP run");
    let unrendered = probes(&http);
    let http_verdict = |route| by_route(&unrendered, route)["verdict"].as_str().unwrap_or_default().to_owned();
    assert_eq!(http_verdict("/nodes/{id}"), "soft-missing", "the marker is not in the HTML shell");
    for route in ["/nodes", "/jobs", "/settings", "/broken", "/reports"] {
        assert_eq!(http_verdict(route), "indeterminate", "HTTP alone cannot tell {route}");
    }
    let path = dir.path().to_path_buf();
    let temp = tempfile::tempdir().expect("the run's TMPDIR");
    let tmpdir = temp.path().to_str().expect("a UTF-8 path").to_owned();
    // The browser's default download folder is under HOME: give it one to watch.
    let home = tempfile::tempdir().expect("the run's HOME");
    let home_dir = home.path().to_str().expect("a UTF-8 path").to_owned();
    let rendered = tokio::task::spawn_blocking(move || {
        let args = ["--render", "--format", "json", "--log", "requests.jsonl", "--screenshots", "shots"];
        check(&path, &args, &[("TMPDIR", &tmpdir), ("HOME", &home_dir)])
    });
    let profiles = |dir: &Path| -> usize {
        std::fs::read_dir(dir).map_or(0, |entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.file_name().to_string_lossy().starts_with("parity-browser-"))
                .count()
        })
    };
    let mut profile_seen = false;
    let watched = [dir.path(), temp.path(), home.path()];
    let mut saved = Vec::new();
    while !rendered.is_finished() {
        profile_seen |= profiles(temp.path()) > 0;
        downloads(&watched, &mut saved);
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let run = rendered.await.expect("the rendered run");
    downloads(&watched, &mut saved);
    assert!(saved.is_empty(), "the page's download landed nowhere (profile, working dir, HOME): {saved:?}");
    assert!(profile_seen, "the browser's profile was made in TMPDIR");
    assert_eq!(profiles(temp.path()), 0, "and removed after the run");
    let probes = probes(&run);
    let verdict = |route| by_route(&probes, route)["verdict"].as_str().unwrap_or_default().to_owned();
    assert_eq!(verdict("/nodes"), "present", "{probes:#?}");
    assert_eq!(verdict("/nodes/{id}"), "present", "the marker is in the rendered DOM");
    assert_eq!(verdict("/jobs"), "present");
    assert_eq!(verdict("/settings"), "unauthorized", "the app moved to /login on the client");
    assert_eq!(verdict("/reports"), "soft-missing", "the client-side not-found view");
    assert_eq!(verdict("/sandbox"), "present", "no service worker, popup, position or notification: {probes:#?}");
    assert_eq!(verdict("/export"), "present", "a denied download does not stop the verdict: {probes:#?}");
    let broken = by_route(&probes, "/broken");
    assert_eq!(broken["verdict"], "error");
    assert!(broken["detail"].as_str().is_some_and(|d| d.contains("boom: the console config is missing")), "{broken}");

    assert_screenshots(dir.path());
    assert_visibility(&run);

    let settings = &by_route(&probes, "/settings")["rendered"];
    assert!(settings["final_url"].as_str().is_some_and(|url| url.ends_with("/login?next=/settings")), "{settings}");
    assert!(settings["settle_ms"].as_u64().is_some());
    let jobs = &by_route(&probes, "/jobs")["rendered"];
    assert_eq!(jobs["settled"], true);
    let blocked: Vec<&str> = jobs["blocked"].as_array().expect("blocked").iter().filter_map(Value::as_str).collect();
    assert_eq!(blocked, [format!("POST {base}/api/track"), format!("DELETE {base}/api/x")], "{jobs}");

    // Safety: the server never saw a mutating method, and the token never left its origin.
    let seen = log.lock().expect("the log").clone();
    assert!(seen.iter().all(|r| ["GET", "HEAD", "OPTIONS"].contains(&r.method.as_str())), "{seen:?}");
    assert!(seen.iter().any(|r| r.path == "/api/jobs"), "the page's own reads were sent");
    assert!(seen.iter().any(|r| r.path == "/sandbox"), "the sandbox page was rendered");
    assert!(!seen.iter().any(|r| r.path == "/sw.js" || r.path == "/popup"), "no worker script, no popup: {seen:?}");
    let with_token = |r: &Seen| r.headers.iter().any(|(name, value)| name == "authorization" && value.contains(TOKEN));
    assert!(seen.iter().filter(|r| r.path == "/nodes").all(with_token), "the deployment's credentials on its origin");
    // The cookie from `cookie_env` too, on the page and on the app's own fetches.
    let with_cookie = |r: &Seen| r.headers.iter().any(|(name, value)| name == "cookie" && value.contains(COOKIE));
    for own in ["/nodes", "/api/jobs"] {
        let sent: Vec<&Seen> = seen.iter().filter(|r| r.path == own).collect();
        assert!(!sent.is_empty() && sent.iter().all(|r| with_cookie(r)), "the cookie on {own}: {sent:?}");
    }
    assert!(seen.iter().any(|r| r.path == "/report.csv"), "the export page asked for its download");
    let beacons = third_log.lock().expect("the third party's log").clone();
    assert!(!beacons.is_empty(), "the page called the third party");
    let secret = |value: &str| value.contains(TOKEN) || value.contains("c00kie");
    assert!(beacons.iter().all(|r| r.headers.iter().all(|(_, value)| !secret(value))), "{beacons:?}");
    assert!(!run.stdout.contains("c00kie") && !run.stderr.contains("c00kie"), "no cookie in the output");
    assert!(!http.stdout.contains("c00kie") && !http.stderr.contains("c00kie"), "nor in the HTTP run's");
    assert!(beacons.iter().all(|r| r.headers.iter().all(|(name, _)| name != "authorization" && name != "cookie")));

    // The log lists every request the page made, header names only, with the block.
    let lines = std::fs::read_to_string(dir.path().join("requests.jsonl")).expect("the request log");
    assert!(!lines.contains(TOKEN) && !lines.contains("c00kie"), "no secret in the log");
    let entries: Vec<Value> = lines.lines().map(|line| serde_json::from_str(line).expect("a JSON line")).collect();
    let post = entries.iter().find(|e| e["method"] == "POST").expect("the blocked POST is logged");
    assert!(post["error"].as_str().is_some_and(|error| error.contains("blocked")), "{post}");
    // The HTTP probe and the browser both asked for the page, each with the token.
    let pages: Vec<&Value> =
        entries.iter().filter(|e| e["url"] == format!("{base}/nodes") && e["status"] == 200).collect();
    assert_eq!(pages.len(), 2, "{lines}");
    assert!(
        pages.iter().all(|e| e["headers"].as_array().is_some_and(|names| names.iter().any(|n| n == "authorization")))
    );
    assert!(entries.iter().any(|e| e["url"].as_str().is_some_and(|url| url.starts_with(&third))), "third party logged");
}

/// Collects every file under `dirs` that is the download, finished
/// (`*.csv`) or under way (`*.crdownload`).
fn downloads(dirs: &[&Path], found: &mut Vec<PathBuf>) {
    for entry in dirs.iter().flat_map(|dir| std::fs::read_dir(dir).into_iter().flatten()).filter_map(Result::ok) {
        let path = entry.path();
        let download = path.extension().is_some_and(|ext| ext.eq_ignore_ascii_case("csv") || ext == "crdownload");
        if path.is_dir() {
            downloads(&[&path], found);
        } else if download && !found.contains(&path) {
            found.push(path);
        }
    }
}

#[test]
fn render_without_a_browser_is_a_usage_error_that_says_how_to_install_one() {
    let dir = project("http://127.0.0.1:9", "");
    let empty = tempfile::tempdir().expect("an empty PATH dir");
    let path = empty.path().to_str().expect("a UTF-8 path");
    let run = check(dir.path(), &["--render"], &[("PATH", path), ("PARITY_BROWSER", "")]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--render needs a browser") && run.stderr.contains("apt-get install -y chromium"));
    let missing = check(dir.path(), &["--render"], &[("PARITY_BROWSER", "/nonexistent/chrome")]);
    assert_eq!(missing.code, 2);
    assert!(missing.stderr.contains("PARITY_BROWSER names `/nonexistent/chrome`"), "{}", missing.stderr);
}

#[test]
fn auto_without_a_browser_keeps_http_verdicts_with_one_note() {
    let dir = project("http://127.0.0.1:9", "render = \"auto\"");
    let empty = tempfile::tempdir().expect("an empty PATH dir");
    let path = empty.path().to_str().expect("a UTF-8 path");
    let run = check(dir.path(), &["--format", "json", "--retries", "0"], &[("PATH", path), ("PARITY_BROWSER", "")]);
    assert_ne!(run.code, 2, "{}", run.stderr);
    assert_eq!(run.stderr.matches("note: render = \"auto\" renders nothing").count(), 1, "{}", run.stderr);
    assert!(probes(&run).iter().all(|probe| probe["verdict"] == "unreachable" && probe.get("rendered").is_none()));
}

#[test]
fn render_modes_per_deployment_decide_without_the_flag() {
    let empty = tempfile::tempdir().expect("an empty PATH dir");
    let no_browser = [("PATH", empty.path().to_str().expect("a UTF-8 path")), ("PARITY_BROWSER", "")];
    // `never` wins over --render: no browser is looked for, so none is missing.
    let never = project("http://127.0.0.1:9", "render = \"never\"");
    let run = check(never.path(), &["--render", "--format", "json", "--retries", "0"], &no_browser);
    assert_ne!(run.code, 2, "{}", run.stderr);
    assert!(!run.stderr.contains("browser"), "{}", run.stderr);
    assert!(probes(&run).iter().all(|probe| probe.get("rendered").is_none()));
    // `always` needs a browser without --render.
    let always = project("http://127.0.0.1:9", "render = \"always\"");
    let run = check(always.path(), &["--format", "json", "--retries", "0"], &no_browser);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("needs a browser") && run.stderr.contains("apt-get install -y chromium"));
}

/// One PNG per rendered V3 target, named from surface id and route.
fn assert_screenshots(dir: &Path) {
    let mut shots: Vec<String> = std::fs::read_dir(dir.join("shots"))
        .expect("the screenshot dir")
        .map(|entry| entry.expect("an entry").file_name().to_string_lossy().into_owned())
        .collect();
    shots.sort();
    let expected = [
        "broken--broken",
        "export--export",
        "jobs--jobs",
        "node-detail--nodes-id",
        "nodes--nodes",
        "reports--reports",
        "sandbox--sandbox",
        "settings--settings",
    ];
    assert_eq!(shots, expected.map(|name| format!("{name}.png")));
    let png = std::fs::read(dir.join("shots/nodes--nodes.png")).expect("a screenshot");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 1000, "a real PNG");
}

/// Seen and not seen: a `restart` button and `event` evidence are nowhere on
/// /nodes, and no control of /jobs matches the `retry` action's regex.
fn assert_visibility(run: &Run) {
    let report: Value = serde_json::from_str(&run.stdout).expect("the report");
    let mut visibility: Vec<(String, String, u64)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["code"] == "action-not-visible" || f["code"] == "evidence-not-visible")
        .map(|f| {
            (
                f["code"].as_str().unwrap_or_default().to_owned(),
                f["surface"].as_str().unwrap_or_default().to_owned(),
                f["location"]["line"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    visibility.sort_by_key(|(_, _, line)| *line);
    let line_of = |text: &str| MATRIX.lines().position(|line| line.contains(text)).map_or(0, |at| at as u64 + 1);
    assert_eq!(
        visibility,
        [
            ("evidence-not-visible".to_owned(), "nodes".to_owned(), line_of("progress: [event]")),
            ("action-not-visible".to_owned(), "nodes".to_owned(), line_of("verb: restart")),
            ("action-not-visible".to_owned(), "jobs".to_owned(), line_of("control: /^(retry|tasks)$/")),
        ],
        "{:#}",
        report["findings"]
    );
}
