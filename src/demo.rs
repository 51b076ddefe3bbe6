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

use crate::check::{CheckOutcome, CheckSetup, RenderSetup};
use crate::config::{Config, RenderMode};
use crate::matrix::{Loaded, Matrix, Surface};
use crate::probe::Role;
use crate::render::RenderOptions;
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
    pub spa_preview: Option<Preview>,
}

/// What the single-page preview's router draws: every V3 page of the
/// matrix, with a button per action of the surfaces that list it and a tab
/// per progress evidence, except as said here. Only a browser tells these
/// apart: over HTTP every path answers the same shell.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Preview {
    /// Routes the router draws as its "Page not found" view.
    #[serde(default)]
    pub missing: Vec<String>,
    /// Routes the router sends to `/login`.
    #[serde(default)]
    pub login: Vec<String>,
    /// Per surface id, action verbs and progress evidence its pages leave out.
    #[serde(default)]
    pub hidden: BTreeMap<String, Vec<String>>,
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
    /// A single-page app: the router script it serves at `/app.js`, and
    /// the same shell for every other path.
    spa: Option<String>,
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
/// With `render` (a browser was found), the single-page preview is judged
/// in the browser, as `parity check --render` would.
pub async fn check(loaded: &Loaded, render: Option<RenderOptions>) -> Result<CheckOutcome, DemoError> {
    let site = site().map_err(DemoError::Site)?;
    let mut config = config().map_err(DemoError::Config)?;
    let matrix = &loaded.matrix;
    let v1 = start(matrix, &config, Role::V1, &site.v1).await?;
    let v3 = start(matrix, &config, Role::V3, &site.v3).await?;
    config.set_deployment_url("v1", Role::V1, &format!("http://{v1}"));
    config.set_deployment_url("v3", Role::V3, &format!("http://{v3}"));
    let mut rendering = None;
    if let Some(preview) = &site.spa_preview {
        let address = start_spa(matrix, &config, preview).await?;
        config.set_deployment_url(PREVIEW, Role::V3, &format!("http://{address}"));
        rendering = render
            .map(|options| RenderSetup { options, modes: BTreeMap::from([(PREVIEW.to_owned(), RenderMode::Auto)]) });
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
        render: rendering.as_ref(),
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
        spa: None,
    };
    serve(server).await
}

/// Starts a pure single-page app: the same shell for every path, views
/// drawn by its router from the matrix's V3 pages.
pub async fn start_spa(matrix: &Matrix, config: &Config, preview: &Preview) -> std::io::Result<SocketAddr> {
    let script = router_script(matrix, config, preview);
    serve(Server { answers: HashMap::new(), soft_not_found: false, spa: Some(script) }).await
}

async fn serve(server: Server) -> std::io::Result<SocketAddr> {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
    let address = listener.local_addr()?;
    let app = axum::Router::new().fallback(answer).with_state(Arc::new(server));
    tokio::spawn(async move { axum::serve(listener, app).await });
    Ok(address)
}

/// A surface's V3 pages: its targets, where they resolve to, and the pages
/// its actions landed on.
fn v3_pages(surface: &Surface) -> Vec<&str> {
    surface
        .v3
        .iter()
        .flat_map(|t| std::iter::once(t.route.as_str()).chain(t.resolves_to.as_deref().map(String::as_str)))
        .chain(surface.actions.iter().filter_map(|a| a.landing.as_ref()?.v3.as_deref().map(String::as_str)))
        .filter(|route| route.starts_with('/'))
        .collect()
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
            Role::V3 => v3_pages(surface),
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
    let path = uri.path();
    if let Some(script) = &server.spa {
        if path == "/app.js" {
            let kind = HeaderValue::from_static("text/javascript; charset=utf-8");
            return (StatusCode::OK, [(header::CONTENT_TYPE, kind)], script.clone()).into_response();
        }
        return html(StatusCode::OK, "V3 preview", "<main id=\"app\"></main><script src=\"/app.js\"></script>");
    }
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

/// The name of the single-page preview deployment.
pub const PREVIEW: &str = "v3-preview";

/// The preview's router: its views (path → a page's heading, buttons and
/// tabs, or `"login"`) as JSON, and the script that draws the one of the
/// current path, or a not-found view.
fn router_script(matrix: &Matrix, config: &Config, preview: &Preview) -> String {
    let fill = |written: &str| -> Option<String> {
        let pattern = RoutePattern::parse(written).ok()?;
        pattern.fill(|name| config.param(written, name)).ok()
    };
    let missing: Vec<String> = preview.missing.iter().filter_map(|route| fill(route)).collect();
    let login: Vec<String> = preview.login.iter().filter_map(|route| fill(route)).collect();
    let mut views: BTreeMap<String, serde_json::Value> = BTreeMap::new();
    for surface in &matrix.surfaces {
        let hidden = preview.hidden.get(surface.id.as_str()).map_or(&[][..], Vec::as_slice);
        let shown = |word: &str| !hidden.iter().any(|hide| hide == word);
        let buttons: Vec<&str> =
            surface.actions.iter().map(|action| action.verb.as_str()).filter(|verb| shown(verb)).collect();
        let landed = surface.actions.iter().filter_map(|action| action.landing.as_ref()?.progress.as_ref()).flatten();
        let evidence = surface.progress.iter().chain(landed);
        let tabs: Vec<&str> = evidence.map(|word| word.as_str()).filter(|word| shown(word)).collect();
        for route in v3_pages(surface) {
            let Some(path) = fill(route).filter(|path| path.starts_with('/') && !missing.contains(path)) else {
                continue;
            };
            if login.contains(&path) {
                views.insert(path, serde_json::Value::from("login"));
                continue;
            }
            let view =
                views.entry(path).or_insert_with(|| serde_json::json!({ "title": route, "buttons": [], "tabs": [] }));
            for (key, words) in [("buttons", &buttons), ("tabs", &tabs)] {
                if let Some(list) = view[key].as_array_mut() {
                    list.extend(words.iter().map(|word| serde_json::Value::from(*word)));
                }
            }
        }
    }
    let views = serde_json::to_string(&views).unwrap_or_else(|_| "{}".to_owned());
    format!("const views = {views};\n{ROUTER}")
}

/// Draws the view of the current path (see [`router_script`]).
const ROUTER: &str = r#""use strict";
const app = document.getElementById("app");
const path = location.pathname;
const view = views[path];
const esc = (text) => String(text).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
const list = (words, draw) => [...new Set(words)].map(draw).join("");
if (view === "login") {
  history.replaceState(null, "", `/login?next=${encodeURIComponent(path)}`);
  document.title = "Sign in";
  app.innerHTML = `<h1>Sign in</h1><form><label>User <input name="user"></label></form>`;
} else if (view) {
  document.title = view.title;
  app.innerHTML = `<h1>${esc(view.title)}</h1>`
    + `<div role="toolbar" aria-label="Actions">${list(view.buttons, (verb) => `<button>${esc(verb)}</button>`)}</div>`
    + `<div role="tablist">${list(["Overview", ...view.tabs], (tab) => `<button role="tab">${esc(tab)}</button>`)}</div>`
    + `<p>Preview of ${esc(path)}.</p>`;
} else {
  document.title = "Page not found";
  app.innerHTML = `<h1>Page not found</h1><p>No page at ${esc(path)}.</p>`;
}
"#;

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
