//! Go routers: net/http 1.22 patterns (`mux.HandleFunc("GET /x/{id}", h)`),
//! chi (`r.Get`, `r.Route("/p", func(r chi.Router) {…})`, `r.Mount("/p",
//! sub())`, `r.Group`) and gin (`r.GET`, `g := r.Group("/p")`, `r.Any`).
//!
//! Variables are scoped to the function that declares them; a function that
//! returns a router (`func adminRouter() chi.Router { …; return r }`) is a
//! router of its own, so `Mount("/admin", adminRouter())` joins across files.
//! A prefix may be a package constant of any file (`config.APIPrefix`).

use std::collections::HashMap;

use super::canon::Colon;
use super::graph::{Endpoint, Graph, Orphans, Prefix};
use super::lex::Lang;
use super::tree::{self, Tree};
use super::{Files, SourceFile};
use crate::scan::DiscoveredRoute;

/// The Go router library a framework row reads: the three share one
/// reader, and differ in constructors, method names and parameter syntax.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Router {
    NetHttp,
    Chi,
    Gin,
}

/// The routes of net/http `ServeMux` patterns in `files`.
#[must_use]
pub fn net_http(files: &Files<'_>, framework: &'static str) -> Vec<DiscoveredRoute> {
    extract(Router::NetHttp, files, framework)
}

/// The routes of chi routers in `files`.
#[must_use]
pub fn chi(files: &Files<'_>, framework: &'static str) -> Vec<DiscoveredRoute> {
    extract(Router::Chi, files, framework)
}

/// The routes of gin engines and groups in `files`.
#[must_use]
pub fn gin(files: &Files<'_>, framework: &'static str) -> Vec<DiscoveredRoute> {
    extract(Router::Gin, files, framework)
}

fn extract(router: Router, files: &Files<'_>, framework: &'static str) -> Vec<DiscoveredRoute> {
    let mut graph = Graph::default();
    let parsed: Vec<(&SourceFile, Vec<Tree>)> =
        files.iter().filter_map(|file| Some((file, files.parse(file, Lang::Go)?))).collect();
    let consts = constants(parsed.iter().map(|(_, trees)| trees.as_slice()));
    for (file, trees) in &parsed {
        for (fn_name, body) in functions(trees) {
            let mut scope = Scope { router, file, fn_name, vars: HashMap::new(), consts: &consts };
            scope.block(&body.items, &mut graph);
        }
    }
    // gin writes `:id`; net/http and chi take a colon literally.
    let colon = if router == Router::Gin { Colon::Param } else { Colon::Literal };
    graph.routes(framework, colon, Orphans::Root)
}

/// Top-level functions and methods: their names and bodies.
fn functions(trees: &[Tree]) -> Vec<(&str, &tree::Group)> {
    let mut out = Vec::new();
    for (i, item) in trees.iter().enumerate() {
        if !item.is_ident("func") {
            continue;
        }
        let rest = &trees[i + 1..];
        let skip = usize::from(rest.first().is_some_and(|t| t.group('(').is_some()));
        let Some(name) = rest.get(skip).and_then(Tree::ident) else { continue };
        if let Some(body) = rest.iter().skip(skip + 1).take_while(|t| !t.is_ident("func")).find_map(|t| t.group('{')) {
            out.push((name, body));
        }
    }
    out
}

struct Scope<'a> {
    router: Router,
    file: &'a SourceFile,
    fn_name: &'a str,
    /// Router variables of this function, by name, as graph keys.
    vars: HashMap<String, String>,
    /// The project's package-level string constants, by name.
    consts: &'a HashMap<String, String>,
}

impl Scope<'_> {
    /// A prefix argument: a literal, a string constant of the project
    /// (`apiPrefix`, `config.APIPrefix`, `"/api" + version`), or unresolved.
    fn prefix(&self, arg: &[Tree]) -> Prefix {
        match constant(arg, self.consts) {
            Some(path) => Prefix::Literal(path),
            None => Prefix::Unresolved(tree::source(&self.file.text, arg).to_owned()),
        }
    }

    fn key(&self, var: &str) -> String {
        self.vars.get(var).cloned().unwrap_or_else(|| format!("{}#{}#{var}", self.file.path.display(), self.fn_name))
    }

    fn block(&mut self, items: &[Tree], graph: &mut Graph) {
        let mut i = 0;
        while i < items.len() {
            i += self.statement(&items[i..], graph).max(1);
        }
    }

    /// Reads what starts at `items[0]`; returns how many items it used.
    fn statement(&mut self, items: &[Tree], graph: &mut Graph) -> usize {
        match items {
            [var, colon, eq, rest @ ..] if colon.is_punct(':') && eq.is_punct('=') => {
                let Some(var) = var.ident() else { return 1 };
                self.assign(var, rest, graph);
                3
            }
            [ret, var, ..] if ret.is_ident("return") => {
                if let Some(var) = var.ident().filter(|v| self.vars.contains_key(*v)) {
                    graph.mount(&format!("fn#{}", self.fn_name), Prefix::Literal(String::new()), &self.key(var));
                }
                2
            }
            [receiver, dot, method, Tree::Group(args), ..] if dot.is_punct('.') => {
                let (Some(receiver), Some(method)) = (receiver.ident(), method.ident()) else { return 1 };
                self.call(receiver, method, &tree::split(&args.items, ','), graph);
                4
            }
            [Tree::Group(g), ..] => {
                self.block(&g.items, graph);
                1
            }
            _ => 1,
        }
    }

    /// `x := chi.NewRouter()`, `v1 := r.Group("/v1")`.
    fn assign(&mut self, var: &str, value: &[Tree], graph: &mut Graph) {
        let key = format!("{}#{}#{var}", self.file.path.display(), self.fn_name);
        match value {
            [pkg, dot, ctor, Tree::Group(_), ..] if dot.is_punct('.') => {
                let ctor = (pkg.ident().unwrap_or(""), ctor.ident().unwrap_or(""));
                let known = matches!(
                    (self.router, ctor),
                    (Router::NetHttp, ("http", "NewServeMux"))
                        | (Router::Chi, ("chi", "NewRouter" | "NewMux"))
                        | (Router::Gin, ("gin", "Default" | "New"))
                );
                if known {
                    graph.node(&key);
                    self.vars.insert(var.to_owned(), key.clone());
                }
            }
            _ => {}
        }
        if let [parent, dot, group, Tree::Group(args), ..] = value {
            let path = tree::split(&args.items, ',').first().map(|a| self.prefix(a));
            if self.router == Router::Gin && dot.is_punct('.') && group.is_ident("Group") {
                if let (Some(parent), Some(path)) = (parent.ident(), path) {
                    graph.mount(&self.key(parent), path, &key);
                    self.vars.insert(var.to_owned(), key);
                }
            }
        }
    }

    fn call(&mut self, receiver: &str, method: &str, args: &[&[Tree]], graph: &mut Graph) {
        let string = |k: usize| args.get(k).and_then(|a| tree::string(a));
        let route = match (self.router, method) {
            (Router::NetHttp, "HandleFunc" | "Handle") if receiver == "http" || self.vars.contains_key(receiver) => {
                string(0).map(|p| (go_pattern(&p.text), p.line))
            }
            (Router::Chi, "Get" | "Post" | "Put" | "Delete" | "Patch" | "Head" | "Options" | "Connect" | "Trace") => {
                string(0).map(|p| ((method.to_uppercase(), p.text.clone()), p.line))
            }
            (Router::Chi, "Handle" | "HandleFunc") | (Router::Gin, "Any") => {
                string(0).map(|p| (("*".to_owned(), p.text.clone()), p.line))
            }
            (Router::Chi, "Method" | "MethodFunc") | (Router::Gin, "Handle") => {
                string(1).zip(string(0)).map(|(p, m)| ((m.text.to_uppercase(), p.text.clone()), p.line))
            }
            (Router::Gin, "GET" | "POST" | "PUT" | "DELETE" | "PATCH" | "HEAD" | "OPTIONS") => {
                string(0).map(|p| ((method.to_owned(), p.text.clone()), p.line))
            }
            (Router::Chi, "Route" | "Group" | "Mount") => {
                self.sub_router(receiver, method, args, graph);
                None
            }
            _ => None,
        };
        if let Some(((method, path), line)) = route {
            let endpoint = Endpoint { path, methods: vec![method], file: self.file.path.clone(), line };
            graph.node(&self.key(receiver)).endpoints.push(endpoint);
        }
    }

    /// chi's `Route("/p", func(r chi.Router) {…})`, `Group(func(r chi.Router) {…})`
    /// and `Mount("/p", sub)`.
    fn sub_router(&mut self, receiver: &str, method: &str, args: &[&[Tree]], graph: &mut Graph) {
        let parent = self.key(receiver);
        let prefix =
            if method == "Group" { Some(Prefix::Literal(String::new())) } else { args.first().map(|a| self.prefix(a)) };
        let Some(prefix) = prefix else { return };
        let Some(last) = args.last() else { return };
        match *last {
            [func, Tree::Group(params), .., Tree::Group(body)] if func.is_ident("func") && body.open == '{' => {
                let Some(param) = params.items.first().and_then(Tree::ident) else { return };
                let key = format!("{}#{}#{}:{}", self.file.path.display(), self.fn_name, param, body.line);
                graph.mount(&parent, prefix, &key);
                let saved = self.vars.insert(param.to_owned(), key);
                self.block(&body.items, graph);
                match saved {
                    Some(saved) => self.vars.insert(param.to_owned(), saved),
                    None => self.vars.remove(param),
                };
            }
            [.., callee, Tree::Group(call)] if call.open == '(' => {
                if let Some(callee) = callee.ident() {
                    graph.mount(&parent, prefix, &format!("fn#{callee}"));
                }
            }
            [var] => {
                if let Some(var) = var.ident() {
                    graph.mount(&parent, prefix, &self.key(var));
                }
            }
            _ => {}
        }
    }
}

/// Package-level `const NAME = "…"`, `const NAME string = "…"`, the same
/// in a `const ( … )` block, and `var NAME = "…"`, of every file: Go
/// packages share their constants across files, and a name qualified by
/// its package (`config.APIPrefix`) is looked up by the name.
fn constants<'t>(files: impl Iterator<Item = &'t [Tree]>) -> HashMap<String, String> {
    let mut raw: HashMap<String, &'t [Tree]> = HashMap::new();
    for trees in files {
        for (i, item) in trees.iter().enumerate() {
            if !(item.is_ident("const") || item.is_ident("var")) {
                continue;
            }
            let specs: Vec<&[Tree]> = match trees.get(i + 1) {
                Some(Tree::Group(block)) if block.open == '(' => lines(&block.items),
                Some(first) => {
                    let len = trees[i + 1..].iter().take_while(|t| t.line() == first.line()).count();
                    vec![&trees[i + 1..i + 1 + len]]
                }
                None => Vec::new(),
            };
            for spec in specs {
                let (Some(name), Some(eq)) =
                    (spec.first().and_then(Tree::ident), spec.iter().position(|t| t.is_punct('=')))
                else {
                    continue;
                };
                raw.entry(name.to_owned()).or_insert(&spec[eq + 1..]);
            }
        }
    }
    let mut out = HashMap::new();
    for (name, value) in &raw {
        let strings: Option<Vec<String>> = tree::split(value, '+')
            .into_iter()
            .map(|term| match term {
                [Tree::Tok(_)] => tree::string(term).map(|t| t.text.clone()),
                _ => None,
            })
            .collect();
        if let Some(strings) = strings {
            out.insert(name.clone(), strings.concat());
        }
    }
    out
}

/// Items split into the lines they start on (a spec per line in a block).
fn lines(items: &[Tree]) -> Vec<&[Tree]> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=items.len() {
        if i == items.len() || items[i].line() != items[start].line() {
            out.push(&items[start..i]);
            start = i;
        }
    }
    out
}

/// The string `expr` always is: literals, package constants and `+` of them.
fn constant(expr: &[Tree], consts: &HashMap<String, String>) -> Option<String> {
    tree::split(expr, '+')
        .into_iter()
        .map(|term| match term {
            [name] if name.ident().is_some() => consts.get(name.ident()?).cloned(),
            [pkg, dot, name] if pkg.ident().is_some() && dot.is_punct('.') => consts.get(name.ident()?).cloned(),
            _ => tree::string(term).map(|t| t.text.clone()),
        })
        .collect::<Option<Vec<String>>>()
        .map(|parts| parts.concat())
}

/// A net/http 1.22 pattern `[METHOD ][HOST]/PATH` as (method, path): no
/// method is any; the host is dropped; a trailing `/` serves the subtree
/// below it unless it ends in `{$}`.
fn go_pattern(pattern: &str) -> (String, String) {
    let (method, rest) = match pattern.split_once(' ') {
        Some((m, rest)) if !m.is_empty() && m.chars().all(|c| c.is_ascii_uppercase()) => {
            (m.to_owned(), rest.trim_start())
        }
        _ => ("*".to_owned(), pattern),
    };
    let path = rest.find('/').map_or("/", |at| &rest[at..]);
    let path = if path.ends_with('/') { format!("{path}{{splat...}}") } else { path.to_owned() };
    (method, path)
}

#[cfg(test)]
mod tests {
    use super::go_pattern;

    #[test]
    fn net_http_patterns_split_method_host_and_subtree() {
        assert_eq!(go_pattern("GET /x/{id}"), ("GET".to_owned(), "/x/{id}".to_owned()));
        assert_eq!(go_pattern("/static/"), ("*".to_owned(), "/static/{splat...}".to_owned()));
        assert_eq!(go_pattern("POST example.com/a"), ("POST".to_owned(), "/a".to_owned()));
        assert_eq!(go_pattern("GET /{$}"), ("GET".to_owned(), "/{$}".to_owned()));
    }
}
