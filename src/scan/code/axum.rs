//! axum 0.7 (`/:id`, `/*rest`) and 0.8 (`/{id}`, `/{*rest}`):
//! `Router::new()` chains of `.route(path, get(a).post(b))`, `.nest(path,
//! router)`, `.merge(router)` and `.nest_service`. A nested router may be
//! inline, a `let` binding of the same function, or a function anywhere in
//! the crate (`users::routes()`), which is a router of its own.

use std::collections::HashMap;

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
    let parsed: Vec<(&SourceFile, Vec<Tree>)> =
        files.iter().filter_map(|file| Some((file, files.parse(file, Lang::Rust)?))).collect();
    let consts = constants(parsed.iter().map(|(_, trees)| trees.as_slice()));
    for (file, trees) in &parsed {
        tree::visit(trees, &mut |level| {
            for (i, item) in level.iter().enumerate() {
                if !item.is_ident("fn") {
                    continue;
                }
                let Some(fn_name) = level.get(i + 1).and_then(Tree::ident) else { continue };
                let Some(body) = level[i + 2..].iter().find_map(|t| t.group('{')) else { continue };
                let mut scope = Scope { file, fn_name, graph: &mut graph, consts: &consts };
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
    /// The crate's `const`/`static` string items, by name.
    consts: &'a HashMap<String, String>,
}

/// `const NAME: &str = "…";` and `static NAME: &str = "…";` of every file
/// (any visibility): a `nest` prefix is often one, named by its path
/// (`API_PREFIX`, `config::API_PREFIX`), which is looked up by its last name.
fn constants<'t>(files: impl Iterator<Item = &'t [Tree]>) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for trees in files {
        tree::visit(trees, &mut |level| {
            for i in 0..level.len() {
                if !(level[i].is_ident("const") || level[i].is_ident("static")) {
                    continue;
                }
                let Some(semi) = level[i..].iter().take(16).position(|t| t.is_punct(';')) else { continue };
                if let [_, name, colon, .., eq, value] = &level[i..i + semi] {
                    if colon.is_punct(':') && eq.is_punct('=') {
                        if let (Some(name), Some(value)) = (name.ident(), tree::string(std::slice::from_ref(value))) {
                            out.entry(name.to_owned()).or_insert_with(|| value.text.clone());
                        }
                    }
                }
            }
        });
    }
    out
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
                ("nest", Some(path)) => {
                    self.mount(key, Prefix::Literal(path.text.clone()), args.get(1).copied().unwrap_or_default());
                }
                ("nest", None) => {
                    let prefix = args.first().map_or(Prefix::Literal(String::new()), |a| self.prefix(a));
                    self.mount(key, prefix, args.get(1).copied().unwrap_or_default());
                }
                ("merge", _) => {
                    self.mount(key, Prefix::Literal(String::new()), args.first().copied().unwrap_or_default())
                }
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

    /// A `nest` prefix that is no literal: a `const` of the crate (by its
    /// last path segment), or unresolved.
    fn prefix(&self, arg: &[Tree]) -> Prefix {
        let name = match arg {
            [.., colon, name] if colon.is_punct(':') => name.ident(),
            [name] => name.ident(),
            _ => None,
        };
        match name.and_then(|n| self.consts.get(n)) {
            Some(path) => Prefix::Literal(path.clone()),
            None => Prefix::Unresolved(tree::source(&self.file.text, arg).to_owned()),
        }
    }

    /// The router an argument is: an inline chain, a function call, a variable.
    fn mount(&mut self, key: &str, prefix: Prefix, router: &[Tree]) {
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
        self.graph.mount(key, prefix, &child);
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
