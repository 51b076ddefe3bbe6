//! axum 0.7 (`/:id`, `/*rest`) and 0.8 (`/{id}`, `/{*rest}`):
//! `Router::new()` chains of `.route(path, get(a).post(b))`, `.nest(path,
//! router)`, `.merge(router)` and `.nest_service`. A nested router may be
//! inline, a `let` binding of the same function, or a function anywhere in
//! the crate (`users::routes()`), which is a router of its own.

use super::canon::Colon;
use super::graph::{Endpoint, Graph, Orphans, Prefix};
use super::lex::Lang;
use super::tree::{self, Tree};
use super::{Files, SourceFile};
use crate::scan::DiscoveredRoute;

const METHODS: &[&str] = &["get", "post", "put", "delete", "patch", "head", "options", "trace"];

/// The axum routes of `files`.
#[must_use]
pub fn extract(files: &Files<'_>, framework: &'static str) -> Vec<DiscoveredRoute> {
    let mut graph = Graph::default();
    for file in files {
        let Some(trees) = files.parse(file, Lang::Rust) else { continue };
        tree::visit(&trees, &mut |level| {
            for (i, item) in level.iter().enumerate() {
                if !item.is_ident("fn") {
                    continue;
                }
                let Some(fn_name) = level.get(i + 1).and_then(Tree::ident) else { continue };
                let Some(body) = level[i + 2..].iter().find_map(|t| t.group('{')) else { continue };
                let mut scope = Scope { file, fn_name, graph: &mut graph };
                scope.level(&body.items);
            }
        });
    }
    graph.routes(framework, Colon::Param, Orphans::Root)
}

struct Scope<'a> {
    file: &'a SourceFile,
    fn_name: &'a str,
    graph: &'a mut Graph,
}

/// The length of `Router::new()` (or `Router::<S>::new()`) at the start of `items`.
fn router_new(items: &[Tree]) -> Option<usize> {
    if !items.first()?.is_ident("Router") {
        return None;
    }
    let new = items.iter().take(12).position(|t| t.is_ident("new"))?;
    items.get(new + 1)?.group('(')?;
    Some(new + 2)
}

impl Scope<'_> {
    fn var_key(&self, var: &str) -> String {
        format!("{}#{}#{var}", self.file.path.display(), self.fn_name)
    }

    /// Finds the router chains of one level (and of groups outside them).
    fn level(&mut self, items: &[Tree]) {
        let mut i = 0;
        while i < items.len() {
            if let Some(len) = router_new(&items[i..]) {
                let key = match &items[..i] {
                    [.., kw, var, eq] | [.., kw, _, var, eq] if kw.is_ident("let") && eq.is_punct('=') => {
                        self.var_key(var.ident().unwrap_or("_"))
                    }
                    [.., kw, var, _, _, eq] if kw.is_ident("let") && eq.is_punct('=') => {
                        self.var_key(var.ident().unwrap_or("_"))
                    }
                    _ => format!("fn#{}", self.fn_name),
                };
                i += len + self.chain(&items[i + len..], &key);
                continue;
            }
            if let Tree::Group(g) = &items[i] {
                self.level(&g.items);
            }
            i += 1;
        }
    }

    /// `.route(…)`, `.nest(…)`, … calls after `Router::new()`; returns how many items they span.
    fn chain(&mut self, items: &[Tree], key: &str) -> usize {
        let mut used = 0;
        while let [dot, method, Tree::Group(args), ..] = &items[used..] {
            if !dot.is_punct('.') || args.open != '(' {
                break;
            }
            let args = tree::split(&args.items, ',');
            let path = args.first().and_then(|a| tree::string(a));
            match (method.ident().unwrap_or(""), path) {
                ("route", Some(path)) => {
                    self.endpoint(key, &path.text, path.line, methods(args.get(1).copied().unwrap_or_default()));
                }
                ("route_service", Some(path)) => self.endpoint(key, &path.text, path.line, vec!["*".to_owned()]),
                ("nest_service", Some(path)) => {
                    self.endpoint(
                        key,
                        &format!("{}/*", path.text.trim_end_matches('/')),
                        path.line,
                        vec!["*".to_owned()],
                    );
                }
                ("nest", Some(path)) => self.mount(key, &path.text, args.get(1).copied().unwrap_or_default()),
                ("merge", _) => self.mount(key, "", args.first().copied().unwrap_or_default()),
                _ => {}
            }
            used += 3;
        }
        used
    }

    fn endpoint(&mut self, key: &str, path: &str, line: u32, methods: Vec<String>) {
        let endpoint = Endpoint { path: path.to_owned(), methods, file: self.file.path.clone(), line };
        self.graph.node(key).endpoints.push(endpoint);
    }

    /// The router an argument is: an inline chain, a function call, a variable.
    fn mount(&mut self, key: &str, prefix: &str, router: &[Tree]) {
        let child = if let Some(len) = router_new(router) {
            let child = format!("{}#{}", self.file.path.display(), router[0].line());
            self.chain(&router[len..], &child);
            child
        } else {
            match router {
                [.., callee, Tree::Group(args)] if args.open == '(' => format!("fn#{}", callee.ident().unwrap_or("_")),
                [var] => self.var_key(var.ident().unwrap_or("_")),
                _ => return,
            }
        };
        self.graph.mount(key, Prefix::Literal(prefix.to_owned()), &child);
    }
}

/// The methods of a `MethodRouter` chain: `get(a).post(b)`, `any(h)`, `routing::get_service(s)`.
fn methods(expr: &[Tree]) -> Vec<String> {
    let mut out = Vec::new();
    for pair in expr.windows(2) {
        let (Some(name), Some(_)) = (pair[0].ident(), pair[1].group('(')) else { continue };
        let name = name.strip_suffix("_service").unwrap_or(name);
        if name == "any" {
            out.push("*".to_owned());
        } else if METHODS.contains(&name) {
            out.push(name.to_uppercase());
        }
    }
    out
}
