//! `FastAPI`: `@app.get("/x/{id}")` on `FastAPI()` apps and
//! `APIRouter(prefix=…)` routers, joined by `include_router(r, prefix=…)`
//! across modules (`from .routers import users`, `from app.api import router
//! as api_router`). `{p:path}` is a catch-all. A prefix written as a
//! constant is resolved through the project's modules (`python::Constants`);
//! one that stays unknown leaves the included routes unresolved. The pages
//! `FastAPI()` adds by itself (`/openapi.json`, `/docs`, `/redoc`) and
//! `frontend("/", directory=…)` are routes too: `app.routes` lists them.

use super::Files;
use super::canon::Colon;
use super::graph::{Endpoint, Graph, Orphans, Prefix};
use super::python::{self, Constants, Module, Modules};
use super::tree::{self, Tree};
use crate::scan::DiscoveredRoute;

const METHODS: &[&str] = &["get", "post", "put", "delete", "patch", "options", "head", "trace"];

/// The `FastAPI` routes of `files`.
#[must_use]
pub fn extract(files: &Files<'_>, framework: &'static str) -> Vec<DiscoveredRoute> {
    let mut graph = Graph::default();
    let modules = Modules::all(files);
    let constants = Constants::new(&modules);
    for module in modules.iter() {
        read(&Reader { module, constants: &constants }, &mut graph);
    }
    graph.routes(framework, Colon::Literal, Orphans::Unresolved)
}

/// A module being read, with the project's constants to resolve prefixes.
struct Reader<'r, 'm, 'a> {
    module: &'r Module<'a>,
    constants: &'r Constants<'m, 'a>,
}

impl Reader<'_, '_, '_> {
    /// A path or prefix argument: a literal, or a constant the project
    /// defines; otherwise the expression's source text, unresolved.
    fn prefix(&self, expr: &[Tree]) -> Prefix {
        match self.constants.value(self.module, expr) {
            Some(path) => Prefix::Literal(path),
            None => Prefix::Unresolved(tree::source(self.module.file.text(), expr).to_owned()),
        }
    }

    /// The graph key of a router expression: `name` or `module.name`.
    fn key(&self, expr: &[Tree]) -> Option<String> {
        python::key(self.module, expr)
    }
}

fn read(reader: &Reader, graph: &mut Graph) {
    tree::visit(&reader.module.trees, &mut |level| {
        for i in 0..level.len() {
            match &level[i..] {
                [var, eq, ctor, Tree::Group(args), ..] if eq.is_punct('=') => {
                    let Some(key) = reader.key(std::slice::from_ref(var)) else { continue };
                    let args = tree::split(&args.items, ',');
                    let prefix = tree::keyword_args(&args).into_iter().find(|(k, _)| *k == "prefix");
                    if ctor.is_ident("FastAPI") {
                        graph.node(&key).root = true;
                        graph.node(&key).endpoints.extend(documentation(reader, &args, ctor.line()));
                    } else if let (true, Some((_, prefix))) = (ctor.is_ident("APIRouter"), prefix) {
                        if let Prefix::Literal(base) = reader.prefix(prefix) {
                            graph.node(&key).base = base;
                        }
                    }
                }
                [receiver, dot, method, Tree::Group(args), ..] if dot.is_punct('.') => {
                    let Some(key) = reader.key(std::slice::from_ref(receiver)) else { continue };
                    let args = tree::split(&args.items, ',');
                    let decorator = i > 0 && level[i - 1].is_punct('@');
                    call(reader, graph, &key, method.ident().unwrap_or(""), &args, decorator);
                }
                _ => {}
            }
        }
    });
}

/// The pages `FastAPI()` serves by itself unless told otherwise: the
/// `OpenAPI` document, Swagger UI with its `OAuth2` redirect, and `ReDoc`. A
/// keyword set to `None` (or to what we cannot resolve) removes its page;
/// without the document there are no documentation pages.
fn documentation(reader: &Reader, args: &[&[Tree]], line: u32) -> Vec<Endpoint> {
    let kwargs = tree::keyword_args(args);
    let url = |name: &str, default: &str| match kwargs.iter().find(|(k, _)| *k == name) {
        None => Some(default.to_owned()),
        Some((_, value)) => match reader.prefix(value) {
            Prefix::Literal(path) => Some(path),
            Prefix::Unresolved(_) => None,
        },
    };
    let Some(openapi) = url("openapi_url", "/openapi.json") else { return Vec::new() };
    let docs = url("docs_url", "/docs");
    let oauth2 = docs.as_ref().and(url("swagger_ui_oauth2_redirect_url", "/docs/oauth2-redirect"));
    let pages = [Some(openapi), docs, oauth2, url("redoc_url", "/redoc")];
    let file = &reader.module.file.path;
    pages
        .into_iter()
        .flatten()
        .map(|path| Endpoint { path, methods: vec!["GET".to_owned()], file: file.clone(), line })
        .collect()
}

/// A decorator route, `add_api_route` or `include_router` on `key`.
fn call(reader: &Reader, graph: &mut Graph, key: &str, method: &str, args: &[&[Tree]], decorator: bool) {
    let kwargs = tree::keyword_args(args);
    let kwarg = |name: &str| kwargs.iter().find(|(k, _)| *k == name).map(|(_, v)| *v);
    let path = args.first().and_then(|a| tree::string(a)).or_else(|| kwarg("path").and_then(tree::string));
    let methods = match method {
        m if decorator && METHODS.contains(&m) => vec![m.to_uppercase()],
        "api_route" if decorator => methods_kwarg(kwarg("methods")),
        "add_api_route" => methods_kwarg(kwarg("methods")),
        // A directory of static files with a page fallback, everything below the path.
        "frontend" => {
            let Some(path) = path else { return };
            let file = reader.module.file.path.clone();
            let (line, path) = (path.line, format!("{}/*path?", path.text.trim_end_matches('/')));
            graph.node(key).endpoints.push(Endpoint { path, methods: vec!["GET".to_owned()], file, line });
            return;
        }
        "include_router" => {
            let Some(child) = args.first().and_then(|a| reader.key(a)) else { return };
            let prefix = kwarg("prefix").map_or(Prefix::Literal(String::new()), |v| reader.prefix(v));
            graph.mount(key, prefix, &child);
            return;
        }
        _ => return,
    };
    if let Some(path) = path {
        let file = reader.module.file.path.clone();
        graph.node(key).endpoints.push(Endpoint { path: path.text.clone(), methods, file, line: path.line });
    }
}

/// `methods=["GET", "POST"]`; `GET` when absent, as `FastAPI` defaults.
fn methods_kwarg(value: Option<&[Tree]>) -> Vec<String> {
    let listed: Vec<String> = match value {
        Some([Tree::Group(list)]) => {
            tree::split(&list.items, ',').into_iter().filter_map(tree::string).map(|t| t.text.to_uppercase()).collect()
        }
        _ => Vec::new(),
    };
    if listed.is_empty() { vec!["GET".to_owned()] } else { listed }
}
