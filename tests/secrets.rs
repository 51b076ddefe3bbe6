//! Tokens, cookies and configured headers never appear in any output, log
//! or error of `parity check`, in any format.

use std::process::Command;

use crate::support::root;

const TOKEN: &str = "tok-7f3a9c-SECRET";
const COOKIE: &str = "session=cookie-5e1d-SECRET";
const TENANT: &str = "tenant-8b2e-SECRET";

/// A deployment on loopback that answers every path: pages, a redirect to
/// another origin, a 401.
async fn server() -> std::net::SocketAddr {
    use axum::http::{StatusCode, Uri, header};
    use axum::response::IntoResponse;
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await.unwrap();
    let address = listener.local_addr().unwrap();
    let app = axum::Router::new().fallback(|uri: Uri| async move {
        match uri.path() {
            "/v3-prod/platform/finance" => StatusCode::UNAUTHORIZED.into_response(),
            "/v3-prod/allocations/demo-1" => {
                (StatusCode::FOUND, [(header::LOCATION, "http://localhost:9/elsewhere")]).into_response()
            }
            path => format!("<html><head><title>{path}</title></head><body>{path}</body></html>").into_response(),
        }
    });
    tokio::spawn(async move { axum::serve(listener, app).await });
    address
}

#[test]
fn secrets_never_appear_in_any_format_or_the_log() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let address = runtime.block_on(server());
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("parity.toml");
    std::fs::write(
        &config,
        format!(
            "[matrix]\npaths = [\"{}\"]\n[deployments.v1]\nbase_url = \"http://{address}\"\nrole = \"v1\"\n\
             [deployments.v3]\nbase_url = \"http://{address}\"\nrole = \"v3\"\ncookie_env = \"SECRET_COOKIE\"\n\
             headers = {{ X-Tenant = \"SECRET_TENANT\" }}\n[params]\nid = \"demo-1\"\nsiteId = \"lab-1\"\nslug = \"jupyter\"\n\
             [probe]\ntimeout = 1\nretries = 0\n",
            root().join("parity").display()
        ),
    )
    .unwrap();
    for format in ["table", "json", "junit", "github", "markdown"] {
        let log = dir.path().join(format!("{format}.log"));
        let summary = dir.path().join(format!("{format}.summary.md"));
        let output = Command::new(env!("CARGO_BIN_EXE_parity"))
            .args(["check", "--config", config.to_str().unwrap(), "--format", format, "--log", log.to_str().unwrap()])
            .env("PARITY_V1_TOKEN", TOKEN)
            .env("SECRET_COOKIE", COOKIE)
            .env("SECRET_TENANT", TENANT)
            .env("GITHUB_STEP_SUMMARY", &summary)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        assert!(matches!(output.status.code(), Some(0 | 1)), "{format}: {}", String::from_utf8_lossy(&output.stderr));
        let mut everything = String::from_utf8_lossy(&output.stdout).into_owned();
        everything.push_str(&String::from_utf8_lossy(&output.stderr));
        let log = std::fs::read_to_string(&log).unwrap();
        for header in ["\"authorization\"", "\"cookie\"", "\"x-tenant\""] {
            assert!(log.contains(header), "the log names the headers sent ({header}):\n{log}");
        }
        everything.push_str(&log);
        everything.push_str(&std::fs::read_to_string(&summary).unwrap_or_default());
        for secret in [TOKEN, COOKIE, TENANT, "cookie-5e1d", "tok-7f3a9c", "tenant-8b2e"] {
            assert!(!everything.contains(secret), "`{secret}` leaked in the {format} run:\n{everything}");
        }
    }
}

#[test]
fn a_missing_secret_variable_is_a_clear_error_without_values() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("parity.toml");
    std::fs::write(
        &config,
        "[deployments.v3]\nbase_url = \"http://127.0.0.1:9\"\nrole = \"v3\"\ntoken_env = \"NOT_SET_ANYWHERE\"\n",
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_parity"))
        .args(["check", "--config", config.to_str().unwrap(), root().join("parity").to_str().unwrap()])
        .env_remove("NOT_SET_ANYWHERE")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("$NOT_SET_ANYWHERE, which is not set"), "{stderr}");
}

/// `--v3 URL` on another origin than the configured deployment is another
/// server: the deployment's credentials and `mutable` must not follow it.
#[test]
fn a_url_flag_to_another_origin_sends_no_credentials_and_no_mutation() {
    use axum::http::{HeaderMap, Method};
    type Seen = std::sync::Arc<std::sync::Mutex<Vec<(Method, HeaderMap)>>>;
    let seen: Seen = Seen::default();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let address = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await.unwrap();
        let address = listener.local_addr().unwrap();
        let record = std::sync::Arc::clone(&seen);
        let app = axum::Router::new().fallback(move |method: Method, headers: HeaderMap| {
            record.lock().unwrap().push((method, headers));
            async { "<html><head><title>Elsewhere</title></head><body>Another server.</body></html>" }
        });
        tokio::spawn(async move { axum::serve(listener, app).await });
        address
    });
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("parity.toml");
    std::fs::write(
        &config,
        "[deployments.v3]\nbase_url = \"http://127.0.0.1:9/app/\"\nrole = \"v3\"\nmutable = true\n\
         cookie_env = \"SECRET_COOKIE\"\nheaders = { X-Tenant = \"SECRET_TENANT\" }\n\
         [params]\nid = \"7\"\n[probe]\ntimeout = 1\nretries = 0\n",
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_parity"))
        .args(["check", "--config", config.to_str().unwrap(), "--v3", &format!("http://{address}/app/")])
        .args(["--allow-mutating", "--format", "json", root().join("fixtures/check").to_str().unwrap()])
        .env("PARITY_V3_TOKEN", TOKEN)
        .env("SECRET_COOKIE", COOKIE)
        .env("SECRET_TENANT", TENANT)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(matches!(output.status.code(), Some(0 | 1)), "{stderr}");
    let warnings: Vec<&str> = stderr.lines().filter(|line| line.starts_with("warning: --v3")).collect();
    assert_eq!(warnings.len(), 1, "{stderr}");
    assert!(warnings[0].contains("deployment `v3`") && !warnings[0].contains("127.0.0.1"), "{stderr}");
    let seen = seen.lock().unwrap();
    assert!(!seen.is_empty(), "the other server was probed");
    for (method, headers) in seen.iter() {
        assert!(matches!(method.as_str(), "GET" | "HEAD" | "OPTIONS"), "sent {method}: `mutable` followed the URL");
        for header in ["authorization", "cookie", "x-tenant"] {
            assert!(!headers.contains_key(header), "{header} was sent to another origin");
        }
    }
    let everything = format!("{}{stderr}", String::from_utf8_lossy(&output.stdout));
    for secret in [TOKEN, COOKIE, TENANT] {
        assert!(!everything.contains(secret), "`{secret}` leaked:\n{everything}");
    }
}

/// A password in a base URL is a credential in the wrong place: refused
/// with a pointer to `token_env`, never printed — neither from the flag nor
/// from parity.toml, whose offending line is not quoted, in no format and
/// not in `--log` — and never sent: the deployment, listening on loopback,
/// gets no connection, so no request can carry `Authorization: Basic` beside
/// the deployment's own token.
#[test]
fn a_password_in_a_base_url_is_refused_and_never_printed() {
    let listener = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
    listener.set_nonblocking(true).unwrap();
    let with_password = format!("http://alice:hunter2@{}", listener.local_addr().unwrap());
    let dir = tempfile::tempdir().unwrap();
    let matrix = root().join("parity");
    let matrix = matrix.to_str().unwrap();
    let run = |args: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_parity"))
            .current_dir(dir.path())
            .args(args)
            .env("PARITY_V1_TOKEN", TOKEN)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        (
            output.status.code(),
            format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr)),
        )
    };
    let mut runs = Vec::new();
    for format in ["table", "json", "junit"] {
        runs.push(run(&["check", "--v1", &with_password, matrix, "--format", format, "--log", "flag.log"]));
    }
    std::fs::write(
        dir.path().join("parity.toml"),
        format!("[deployments.v1]\nrole = \"v1\"\nbase_url = \"{with_password}\"\n"),
    )
    .unwrap();
    for format in ["table", "json", "junit"] {
        runs.push(run(&["check", matrix, "--format", format, "--log", "file.log"]));
    }
    for (code, transcript) in runs {
        assert_eq!(code, Some(2), "{transcript}");
        assert!(transcript.contains("token_env"), "{transcript}");
        assert!(!transcript.contains("hunter2"), "{transcript}");
    }
    for log in ["flag.log", "file.log"] {
        let log = std::fs::read_to_string(dir.path().join(log)).unwrap_or_default();
        assert!(!log.contains("hunter2"), "{log}");
    }
    let accepted = listener.accept();
    assert!(
        matches!(&accepted, Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
        "the deployment was contacted: {accepted:?}"
    );
}

#[test]
fn a_base_url_that_is_no_url_or_not_http_is_located_in_parity_toml() {
    let dir = tempfile::tempdir().unwrap();
    let matrix = root().join("parity");
    for (url, message) in [("ftp://x", "must start with http:// or https://, not `ftp:`"), ("no url", "is not a URL")] {
        std::fs::write(
            dir.path().join("parity.toml"),
            format!("[deployments.v1]\nrole = \"v1\"\nbase_url = \"{url}\"\n"),
        )
        .unwrap();
        let run = crate::support::parity(dir.path(), &["check", matrix.to_str().unwrap()]);
        assert_eq!(run.code, 2, "{}", run.transcript());
        assert!(run.stderr.contains(message) && run.stderr.contains("parity.toml:3:12"), "{}", run.stderr);
    }
}
