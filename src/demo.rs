//! `parity demo`: simulated V1 and V3 deployments on loopback, built from
//! the matrix and `fixtures/demo/`, with a few gaps, a soft 404, redirects,
//! routes behind auth, a failing and a slow route, action endpoints and a
//! single-page-app preview — so a check against them shows every verdict
//! without any live server.

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::check::{CheckOutcome, CheckSetup};
use crate::config::Config;
use crate::matrix::{Loaded, Matrix};
use crate::probe::Role;
use crate::route::{Endpoint, RoutePattern};

/// The demo's configuration (sample parameters, a short timeout).
pub const CONFIG: &str = include_str!("../fixtures/demo/parity.toml");
/// How the simulated deployments answer.
pub const SITE: &str = include_str!("../fixtures/demo/site.yaml");
/// A demo-only matrix file with action endpoints.
pub const MATRIX: &str = include_str!("../fixtures/demo/matrix/demo-endpoints.yaml");
/// Where [`MATRIX`] lives in the repository, for diagnostics.
pub const MATRIX_PATH: &str = "fixtures/demo/matrix/demo-endpoints.yaml";

/// `fixtures/demo/site.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    pub v1: Behaviour,
    pub v3: Behaviour,
    /// Also start a V3 preview that is a pure single-page app.
    #[serde(default)]
    pub spa_preview: bool,
}

/// How one deployment answers, by matrix route.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Behaviour {
    /// Unknown paths answer 200 with a "Page not found" page.
    #[serde(default)]
    pub soft_not_found: bool,
    #[serde(default)]
    pub missing: Vec<String>,
    #[serde(default)]
    pub gone: Vec<String>,
    #[serde(default)]
    pub redirects: BTreeMap<String, String>,
    #[serde(default)]
    pub auth: Vec<String>,
    #[serde(default)]
    pub login: Vec<String>,
    #[serde(default)]
    pub errors: Vec<String>,
    #[serde(default)]
    pub slow: Vec<String>,
    /// `METHOD /path` → how the endpoint answers.
    #[serde(default)]
    pub endpoints: BTreeMap<String, EndpointAnswer>,
}

/// How a simulated action endpoint answers safe probes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EndpointAnswer {
    /// OPTIONS lists the method in `Allow`.
    Allow,
    /// OPTIONS is not supported; GET answers 405.
    #[serde(rename = "get-405")]
    Get405,
    /// 404 to everything.
    Missing,
}

/// What a path answers.
#[derive(Clone, Debug)]
enum Answer {
    Page(String),
    NotFound,
    Gone,
    Redirect(String),
    Unauthorized,
    Login,
    Unavailable,
    Slow,
    Endpoint(String, EndpointAnswer),
}

/// One simulated deployment's answers.
struct Server {
    answers: HashMap<String, Answer>,
    soft_not_found: bool,
    spa: bool,
}

/// Why the demo could not run: its embedded files are broken (a bug in this
/// build), or a simulated deployment could not start.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("the embedded demo site description is invalid")]
    Site(#[source] serde_saphyr::Error),
    #[error("the embedded demo configuration is invalid")]
    Config(#[source] toml::de::Error),
    #[error("{0}")]
    Deployments(String),
    #[error(transparent)]
    Start(#[from] std::io::Error),
}

/// Starts the simulated deployments and checks them: the demo's whole run.
pub async fn check(loaded: &Loaded) -> Result<CheckOutcome, DemoError> {
    let site = site().map_err(DemoError::Site)?;
    let mut config = config().map_err(DemoError::Config)?;
    let matrix = &loaded.matrix;
    let v1 = start(matrix, &config, Role::V1, &site.v1).await?;
    let v3 = start(matrix, &config, Role::V3, &site.v3).await?;
    config.set_deployment_url("v1", Role::V1, &format!("http://{v1}"));
    config.set_deployment_url("v3", Role::V3, &format!("http://{v3}"));
    if site.spa_preview {
        let preview = start_spa().await?;
        config.set_deployment_url("v3-preview", Role::V3, &format!("http://{preview}"));
    }
    let deployments = config.deployments(&|_| None).map_err(|e| DemoError::Deployments(e.finding.message))?;
    let policy = config.policy();
    let setup = CheckSetup {
        loaded,
        config: &config,
        deployments: &deployments,
        policy: &policy,
        surface: None,
        partition: None,
        today: jiff::Zoned::now().date(),
        // The demo exits 0 whatever it finds, and its report fails on errors.
        fail_on: crate::finding::Severity::Error,
        render: None,
    };
    Ok(crate::check::run_async(&setup, &crate::probe::Quiet).await)
}

/// Parses the embedded site description.
pub fn site() -> Result<Site, serde_saphyr::Error> {
    serde_saphyr::from_str(SITE)
}

/// Parses the embedded demo configuration.
pub fn config() -> Result<Config, toml::de::Error> {
    toml::from_str(CONFIG)
}

/// Starts one simulated deployment on 127.0.0.1 with an ephemeral port.
pub async fn start(matrix: &Matrix, config: &Config, role: Role, behaviour: &Behaviour) -> std::io::Result<SocketAddr> {
    let server = Server {
        answers: answers(matrix, config, role, behaviour),
        soft_not_found: behaviour.soft_not_found,
        spa: false,
    };
    serve(server).await
}

/// Starts a pure single-page app: the same shell for every path.
pub async fn start_spa() -> std::io::Result<SocketAddr> {
    serve(Server { answers: HashMap::new(), soft_not_found: false, spa: true }).await
}

async fn serve(server: Server) -> std::io::Result<SocketAddr> {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
    let address = listener.local_addr()?;
    let app = axum::Router::new().fallback(answer).with_state(Arc::new(server));
    tokio::spawn(async move { axum::serve(listener, app).await });
    Ok(address)
}

/// The answer of every matrix route of `role`, filled with the samples.
fn answers(matrix: &Matrix, config: &Config, role: Role, behaviour: &Behaviour) -> HashMap<String, Answer> {
    let fill = |written: &str| -> Option<String> {
        let pattern = RoutePattern::parse(written).ok()?;
        pattern.fill(|name| config.param(written, name)).ok()
    };
    let mut answers = HashMap::new();
    for surface in &matrix.surfaces {
        let routes: Vec<&str> = match role {
            Role::V1 => surface.v1.iter().map(|r| r.as_str()).collect(),
            // Targets, where they resolve to, and the pages actions landed on.
            Role::V3 => surface
                .v3
                .iter()
                .flat_map(|t| std::iter::once(t.route.as_str()).chain(t.resolves_to.as_deref().map(String::as_str)))
                .chain(surface.actions.iter().filter_map(|a| a.landing.as_ref()?.v3.as_deref().map(String::as_str)))
                .filter(|route| route.starts_with('/'))
                .collect(),
        };
        for route in routes {
            if let Some(path) = fill(route) {
                answers.insert(path, Answer::Page(route.to_owned()));
            }
        }
    }
    let special: [(&[String], Answer); 6] = [
        (&behaviour.gone, Answer::Gone),
        (&behaviour.auth, Answer::Unauthorized),
        (&behaviour.login, Answer::Login),
        (&behaviour.errors, Answer::Unavailable),
        (&behaviour.slow, Answer::Slow),
        (&behaviour.missing, Answer::NotFound),
    ];
    for (routes, answer) in special {
        for path in routes.iter().filter_map(|r| fill(r)) {
            answers.insert(path, answer.clone());
        }
    }
    for (from, to) in &behaviour.redirects {
        if let (Some(from), Some(to)) = (fill(from), fill(to)) {
            answers.insert(from, Answer::Redirect(to));
        }
    }
    for (written, how) in &behaviour.endpoints {
        let Ok(endpoint) = Endpoint::parse(written) else { continue };
        let route = endpoint.route.to_string();
        if let (Some(method), Some(path)) = (endpoint.method, fill(&route)) {
            answers.insert(path, Answer::Endpoint(method, *how));
        }
    }
    answers
}

async fn answer(State(server): State<Arc<Server>>, method: Method, uri: Uri) -> Response {
    if server.spa {
        return html(StatusCode::OK, "V3 preview", "<div id=\"root\"></div><script src=\"/app.js\"></script>");
    }
    let path = uri.path();
    if path == "/login" {
        return html(StatusCode::OK, "Sign in", "<form><input name=\"user\"></form>");
    }
    match server.answers.get(path) {
        Some(Answer::Page(route)) => html(StatusCode::OK, route, &format!("<h1>{route}</h1><p>Demo page.</p>")),
        Some(Answer::NotFound) | None => not_found(server.soft_not_found, path),
        Some(Answer::Gone) => html(StatusCode::GONE, "Gone", "<p>This page was removed.</p>"),
        Some(Answer::Redirect(to)) => redirect(to),
        Some(Answer::Unauthorized) => html(StatusCode::UNAUTHORIZED, "Unauthorized", "<p>Sign in first.</p>"),
        Some(Answer::Login) => redirect(&format!("/login?next={path}")),
        Some(Answer::Unavailable) => html(StatusCode::SERVICE_UNAVAILABLE, "Unavailable", "<p>Try later.</p>"),
        Some(Answer::Slow) => {
            tokio::time::sleep(Duration::from_secs(30)).await;
            html(StatusCode::OK, "Slow", "<p>Finally.</p>")
        }
        Some(Answer::Endpoint(allowed, how)) => endpoint(&method, allowed, *how),
    }
}

fn endpoint(method: &Method, allowed: &str, how: EndpointAnswer) -> Response {
    match (how, method) {
        (EndpointAnswer::Missing, _) => StatusCode::NOT_FOUND.into_response(),
        (EndpointAnswer::Allow, &Method::OPTIONS) => {
            let allow =
                HeaderValue::from_str(&format!("OPTIONS, {allowed}")).unwrap_or(HeaderValue::from_static("OPTIONS"));
            (StatusCode::NO_CONTENT, [(header::ALLOW, allow)]).into_response()
        }
        _ => StatusCode::METHOD_NOT_ALLOWED.into_response(),
    }
}

fn not_found(soft: bool, path: &str) -> Response {
    let status = if soft { StatusCode::OK } else { StatusCode::NOT_FOUND };
    html(status, "Page not found", &format!("<p>Nothing lives at {path}. Try the navigation.</p>"))
}

fn redirect(to: &str) -> Response {
    let location = HeaderValue::from_str(to).unwrap_or(HeaderValue::from_static("/"));
    (StatusCode::FOUND, [(header::LOCATION, location)]).into_response()
}

fn html(status: StatusCode, title: &str, body: &str) -> Response {
    let page = format!("<!doctype html><html><head><title>{title}</title></head><body>{body}</body></html>");
    (status, [(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"))], page).into_response()
}
