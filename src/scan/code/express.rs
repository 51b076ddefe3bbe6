//! Express 4 and 5: `app.get('/x', h)`, `router.post(…)`, `app.route('/x')
//! .get().post()`, and `app.use('/api', router)` mounts across files.
//!
//! Receivers are trusted when the file creates them (`express()`,
//! `express.Router()`) or when their name says what they are (`app`,
//! `router`, `adminRouter`): an HTTP *client* call such as `axios.get(url,
//! cb)` must not become a route.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::Files;
use super::canon::Colon;
use super::graph::{Endpoint, Graph, Orphans, Prefix};
use super::js::{self, Import, Module};
use super::js_value::Values;
use super::tree::{self, Tree};
use crate::scan::DiscoveredRoute;

const METHODS: &[&str] = &["get", "post", "put", "delete", "patch", "options", "head", "all"];

/// A router a mount names: a local variable, or a name imported from a file.
enum Child {
    Local(String),
    Imported(Import),
}

/// What one file declares, before mounts across files are resolved.
#[derive(Default)]
struct Facts {
    file: PathBuf,
    /// Local router variables; `true` for apps (`express()`).
    routers: HashMap<String, bool>,
    imports: HashMap<String, Import>,
    exports: HashMap<String, String>,
    endpoints: Vec<(String, Endpoint)>,
    mounts: Vec<(String, Prefix, Child)>,
}

/// The Express routes of `files`.
#[must_use]
pub fn extract(files: &Files<'_>, framework: &'static str) -> Vec<DiscoveredRoute> {
    let modules = js::parse_all(files);
    let values = Values { modules: &modules, files };
    let facts: Vec<Facts> = modules.iter().map(|m| read(m, &values)).collect();
    let by_file: ByFile = facts.iter().map(|f| (f.file.as_path(), f)).collect();
    let mut graph = Graph::default();
    for f in &facts {
        let key = |var: &str| format!("{}#{var}", f.file.display());
        for (var, app) in &f.routers {
            graph.node(&key(var)).root |= *app;
        }
        for (receiver, endpoint) in &f.endpoints {
            let node = receiver_key(f, &by_file, receiver);
            graph.node(&node).endpoints.push(endpoint.clone());
        }
        for (receiver, prefix, child) in &f.mounts {
            let parent = receiver_key(f, &by_file, receiver);
            if let Some(child) = child_key(f, &by_file, child) {
                graph.mount(&parent, prefix.clone(), &child);
            }
        }
    }
    graph.routes(framework, Colon::Param, Orphans::Unresolved)
}

/// The node of a receiver: a router of this file or one it imports; else a
/// node of its own, served as it is when it is named like an app.
fn receiver_key(f: &Facts, all: &ByFile, receiver: &str) -> String {
    if let Some(key) = child_key(f, all, &Child::Local(receiver.to_owned())) {
        return key;
    }
    format!("{}#{receiver}", f.file.display())
}

/// Every file's facts by its path: mounts name the file they import.
type ByFile<'a> = HashMap<&'a Path, &'a Facts>;

fn child_key(f: &Facts, all: &ByFile, child: &Child) -> Option<String> {
    match child {
        Child::Local(var) if f.routers.contains_key(var) => Some(format!("{}#{var}", f.file.display())),
        Child::Local(var) => child_key(f, all, &Child::Imported(f.imports.get(var)?.clone())),
        Child::Imported((file, export)) => {
            let target = all.get(file.as_path())?;
            let local = target.exports.get(export)?;
            target.routers.contains_key(local).then(|| format!("{}#{local}", file.display()))
        }
    }
}

fn read(module: &Module, values: &Values) -> Facts {
    let files = values.files;
    let mut facts = Facts {
        file: module.file.path.clone(),
        imports: js::imports(module, files),
        exports: js::exports(module),
        ..Facts::default()
    };
    tree::visit(&module.trees, &mut |level| {
        for i in 0..level.len() {
            declaration(&level[i..], &mut facts);
            call(&level[i..], module, values, &mut facts);
        }
    });
    let known: HashSet<String> = facts.routers.keys().cloned().collect();
    facts.endpoints.retain(|(receiver, _)| known.contains(receiver) || looks_like_router(receiver));
    facts.mounts.retain(|(receiver, _, _)| known.contains(receiver) || looks_like_router(receiver));
    for (receiver, _) in &facts.endpoints {
        if !known.contains(receiver) && looks_like_app(receiver) {
            facts.routers.insert(receiver.clone(), true);
        }
    }
    facts
}

fn looks_like_app(name: &str) -> bool {
    matches!(name, "app" | "server" | "api") || name.ends_with("App")
}

fn looks_like_router(name: &str) -> bool {
    looks_like_app(name) || name == "router" || name.ends_with("Router") || name.ends_with("router")
}

/// `const name = express()` / `express.Router()` / `Router()` / `new Router()`.
fn declaration(items: &[Tree], facts: &mut Facts) {
    let [kw, name, eq, init @ ..] = items else { return };
    if !kw.ident().is_some_and(|k| matches!(k, "const" | "let" | "var")) || !eq.is_punct('=') {
        return;
    }
    let Some(name) = name.ident() else { return };
    let init = &init[..init.len().min(6)];
    let called = |callee: &str| init.windows(2).any(|w| w[0].is_ident(callee) && w[1].group('(').is_some());
    if called("Router") {
        facts.routers.insert(name.to_owned(), false);
    } else if init.first().is_some_and(|t| t.is_ident("express")) && called("express") {
        facts.routers.insert(name.to_owned(), true);
    }
}

/// `receiver.method(path, …)`, `receiver.route(path).get(…)…`, `receiver.use(…)`.
fn call(items: &[Tree], module: &Module, values: &Values, facts: &mut Facts) {
    let [receiver, dot, method, Tree::Group(args), rest @ ..] = items else { return };
    let (Some(receiver), Some(method)) = (receiver.ident(), method.ident()) else { return };
    if !dot.is_punct('.') || args.open != '(' {
        return;
    }
    let args = tree::split(&args.items, ',');
    let file = module.file.path.clone();
    match method {
        "use" => mount(receiver, &args, module, values, facts),
        "route" => {
            let Some(path) = args.first().and_then(|a| tree::string(a)) else { return };
            let methods: Vec<String> = rest
                .chunks(3)
                .map_while(|c| match c {
                    [dot, m, g] if dot.is_punct('.') && g.group('(').is_some() => m.ident(),
                    _ => None,
                })
                .filter(|m| METHODS.contains(m))
                .map(method_name)
                .collect();
            let endpoint = Endpoint { path: express5(&path.text), methods, file, line: path.line };
            facts.endpoints.push((receiver.to_owned(), endpoint));
        }
        _ if METHODS.contains(&method) && args.len() >= 2 => {
            for path in paths(args[0]) {
                let endpoint = Endpoint {
                    path: express5(&path.text),
                    methods: vec![method_name(method)],
                    file: file.clone(),
                    line: path.line,
                };
                facts.endpoints.push((receiver.to_owned(), endpoint));
            }
        }
        _ => {}
    }
}

/// The path strings of a route's first argument: one string or an array of them.
fn paths(arg: &[Tree]) -> Vec<&super::lex::Token> {
    if let Some(path) = tree::string(arg) {
        return vec![path];
    }
    match arg {
        [Tree::Group(list)] if list.open == '[' => {
            tree::split(&list.items, ',').into_iter().filter_map(tree::string).collect()
        }
        _ => Vec::new(),
    }
}

fn method_name(method: &str) -> String {
    if method == "all" { "*".to_owned() } else { method.to_uppercase() }
}

/// Express 5's optional group `{/:id}` is Express 4's `/:id?`.
fn express5(path: &str) -> String {
    let mut out = path.to_owned();
    while let Some(open) = out.find("{/") {
        let Some(close) = out[open..].find('}').map(|c| open + c) else { break };
        let inner = out[open + 1..close].to_owned();
        out.replace_range(open..=close, &format!("{inner}?"));
    }
    out
}

/// `receiver.use([prefix,] …routers)`: every argument naming a router is mounted.
fn mount(receiver: &str, args: &[&[Tree]], module: &Module, values: &Values, facts: &mut Facts) {
    let files = values.files;
    let Some(first) = args.first() else { return };
    // A name imported from another file may be a router or a prefix: its value says which.
    let constant = (args.len() >= 2).then(|| values.value(module, first)).flatten();
    let (prefix, children) = match constant {
        Some(path) => (Prefix::Literal(path), &args[1..]),
        None if args.len() >= 2 && !is_router_ref(first, facts) => (prefix_of(first, module), &args[1..]),
        None => (Prefix::Literal(String::new()), args),
    };
    for child in children {
        let child = match child {
            [name] => name.ident().map(|n| Child::Local(n.to_owned())),
            _ => js::require_spec(child)
                .and_then(|spec| js::resolve(&module.file.path, spec, files))
                .map(|file| Child::Imported((file, "default".to_owned()))),
        };
        if let Some(child) = child {
            facts.mounts.push((receiver.to_owned(), prefix.clone(), child));
        }
    }
}

/// A prefix whose value the project's code does not say: reported unresolved.
fn prefix_of(expr: &[Tree], module: &Module) -> Prefix {
    Prefix::Unresolved(tree::source(module.file.text(), expr).to_owned())
}

/// A router variable, an imported name or a `require(…)`: what a router
/// argument looks like, as opposed to a prefix (`config.base`, `BASE`).
fn is_router_ref(arg: &[Tree], facts: &Facts) -> bool {
    match arg {
        [name] => name.ident().is_some_and(|n| facts.routers.contains_key(n) || facts.imports.contains_key(n)),
        _ => js::require_spec(arg).is_some(),
    }
}
