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
