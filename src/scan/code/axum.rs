//! axum 0.7 (`/:id`, `/*rest`) and 0.8 (`/{id}`, `/{*rest}`):
//! `Router::new()` chains of `.route(path, get(a).post(b))`, `.nest(path,
//! router)`, `.merge(router)` and `.nest_service`. A nested router may be
//! inline, a `let` binding of the same function, or a function anywhere in
//! the crate (`users::routes()`), which is a router of its own.

use std::collections::{HashMap, HashSet};
use std::path::Path;

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
    let mut fns = HashSet::new();
    for (file, trees) in &parsed {
        functions(trees, &module_path(&file.path), &mut |module, name, _| {
            fns.insert(qualify(module, name));
        });
    }
    for (file, trees) in &parsed {
        functions(trees, &module_path(&file.path), &mut |module, fn_name, body| {
            let mut scope = Scope { file, module, fn_name, graph: &mut graph, consts: &consts, fns: &fns };
            scope.level(&body.items);
        });
    }
    graph.routes(framework, Colon::Param, Orphans::Root)
}

/// Every `fn NAME(…) … { body }` of a file, nested ones included, with the
/// module it is in: the file's, or an inline `mod name { … }` inside it.
fn functions<'t>(items: &'t [Tree], module: &str, f: &mut dyn FnMut(&str, &'t str, &'t tree::Group)) {
    for (i, item) in items.iter().enumerate() {
        let name = items.get(i + 1).and_then(Tree::ident);
        let body = || items[i + 2..].iter().find_map(|t| t.group('{'));
        if item.is_ident("mod") {
            if let (Some(name), Some(body)) = (name, items.get(i + 2).and_then(|t| t.group('{'))) {
                functions(&body.items, &qualify(module, name), f);
            }
        } else if item.is_ident("fn") {
            if let (Some(name), Some(body)) = (name, body()) {
                f(module, name, body);
            }
        } else if let Tree::Group(g) = item {
            // An inline module's body was read above, under its own name.
            if i < 2 || !items[i - 2].is_ident("mod") {
                functions(&g.items, module, f);
            }
        }
    }
}

/// The module a file is, by Rust's file layout: `src/http/users.rs` and
/// `src/http/users/mod.rs` are `http::users`; `src/main.rs` and
/// `src/lib.rs` the crate root (empty).
fn module_path(path: &Path) -> String {
    let mut parts: Vec<String> =
        path.with_extension("").components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    if parts.first().is_some_and(|p| p == "src") {
        parts.remove(0);
    }
    if parts.last().is_some_and(|p| p == "mod") || parts.len() == 1 && matches!(parts[0].as_str(), "main" | "lib") {
        parts.pop();
    }
    parts.join("::")
}

fn qualify(module: &str, name: &str) -> String {
    if module.is_empty() { name.to_owned() } else { format!("{module}::{name}") }
}

struct Scope<'a> {
    file: &'a SourceFile,
    /// The module of `file` (`http::users`).
    module: &'a str,
    fn_name: &'a str,
    graph: &'a mut Graph,
    /// The crate's `const`/`static` string items, by name.
    consts: &'a HashMap<String, String>,
    /// Every function of the crate by its full path (`http::users::router`):
    /// a router built by a function is keyed by that path, because every
    /// module of an app may have its own `fn router()`.
    fns: &'a HashSet<String>,
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
    fn fn_key(&self) -> String {
        format!("fn#{}", qualify(self.module, self.fn_name))
    }

    /// The length of a call `a::b::f(…)` of a function of the crate at the start of `items`.
    fn router_call(&self, items: &[Tree]) -> Option<usize> {
        let args = items.iter().take(16).position(|t| t.group('(').is_some())?;
        let path = &items[..args];
        let words = path.iter().all(|t| t.ident().is_some() || t.is_punct(':'));
        (args > 0 && words && path.last()?.ident().is_some() && self.resolve(path).is_some()).then_some(args + 1)
    }

    /// The key of the router a call `a::b::f` returns (given without its arguments).
    fn call_key(&self, path: &[Tree]) -> String {
        let name = path.last().and_then(Tree::ident).unwrap_or("_");
        format!("fn#{}", self.resolve(path).unwrap_or_else(|| name.to_owned()))
    }

    /// The crate function a path names, as Rust resolves it from this module
    /// (`crate::`, `self::`, `super::`, relative, absolute), else the one
    /// function whose path ends with it (a name brought in by `use`).
    fn resolve(&self, path: &[Tree]) -> Option<String> {
        let mut segs: Vec<&str> = path.iter().filter_map(Tree::ident).collect();
        let mut base: Vec<&str> = if self.module.is_empty() { Vec::new() } else { self.module.split("::").collect() };
        let mut anchored = false;
        while let Some(&first) = segs.first() {
            match first {
                "crate" => base.clear(),
                "self" => {}
                "super" => {
                    base.pop();
                }
                _ => break,
            }
            anchored = true;
            segs.remove(0);
        }
        let joined = segs.join("::");
        let relative = qualify(&base.join("::"), &joined);
        if self.fns.contains(&relative) {
            return Some(relative);
        }
        if anchored {
            return None;
        }
        if self.fns.contains(&joined) {
            return Some(joined);
        }
        let suffix = format!("::{joined}");
        let mut ends = self.fns.iter().filter(|f| f.ends_with(&suffix));
        match (ends.next(), ends.next()) {
            (Some(only), None) => Some(only.clone()),
            _ => None,
        }
    }

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
                    _ => self.fn_key(),
                };
                i += len + self.chain(&items[i + len..], &key);
                continue;
            }
            // `users::router().merge(…)`: a chain on the router a function returns.
            let method = i > 0 && items[i - 1].is_punct('.');
            if let Some(len) = self.router_call(&items[i..]).filter(|_| !method) {
                if items[i + len..].first().is_some_and(|t| t.is_punct('.')) {
                    let key = self.fn_key();
                    self.graph.mount(&key, Prefix::Literal(String::new()), &self.call_key(&items[i..i + len - 1]));
                    i += len + self.chain(&items[i + len..], &key);
                    continue;
                }
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
                    self.mount(key, Prefix::Literal(String::new()), args.first().copied().unwrap_or_default());
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
            None => Prefix::Unresolved(tree::source(self.file.text(), arg).to_owned()),
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
                [path @ .., Tree::Group(args)] if args.open == '(' => self.call_key(path),
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
