//! Flask: `@app.route("/x", methods=[…])`, `@bp.get("/x")` and
//! `add_url_rule` on `Flask()` apps and `Blueprint`s, joined by
//! `register_blueprint(bp, url_prefix=…)` across modules (nested blueprints
//! too), in app factories (`create_app`) as at module level. Werkzeug's
//! `<int:id>` converters are parameters, `<path:p>` a catch-all.
//!
//! A blueprint's `url_prefix` is its default: the one given to
//! `register_blueprint` replaces it, as Flask does, so blueprints are read
//! first and mounted with the prefix that wins. `Flask()` serves
//! `/static/<path:filename>` by itself (its `url_map` lists it) unless
//! `static_folder=None`, and a blueprint with a `static_folder` serves one
//! of its own: both are listed. A route's methods are `methods=`, the
//! decorator's verb, or the handlers of a `MethodView` handed to
//! `add_url_rule`; `GET` otherwise (Flask adds `HEAD` and `OPTIONS` by
//! itself, which parity does not list). An app may be an instance of a
//! project class deriving from `Flask` (`class CTFdFlask(Flask)`).
//!
//! Flask-RESTX (and Flask-RESTPlus) and Flask-RESTful: an `Api(app_or_bp,
//! prefix=…)` is mounted where its app or blueprint is (or where
//! `api.init_app(app)` puts it); a `Namespace("name", path=…)` is served at
//! `/name` unless its `path` or `api.add_namespace(ns, path=…)` says
//! otherwise (`api.namespace(…)` adds one). `@ns.route("/a", "/b")` on a
//! `Resource` class, `@api.resource(…)` and `api.add_resource(Res, "/a")`
//! answer the handlers the class defines (`def get`, `def post`). A
//! Flask-RESTX `Api` also serves its Swagger document (`/swagger.json`)
//! and its root under its prefix, and its documentation page at `doc=`
//! when that is a literal path.

use std::collections::HashMap;

use super::Files;
use super::canon::Colon;
use super::graph::{Endpoint, Graph, Orphans, Prefix};
use super::python::{self, Constants, Module, Modules};
use super::tree::{self, Tree};
use crate::scan::DiscoveredRoute;

const VERBS: &[&str] = &["get", "post", "put", "delete", "patch"];
const HANDLERS: &[&str] = &["get", "post", "put", "delete", "patch", "head", "options", "trace"];

/// The Flask routes of `files`.
#[must_use]
pub fn extract(files: &Files<'_>, framework: &'static str) -> Vec<DiscoveredRoute> {
    let modules = Modules::served(files);
    let constants = Constants::new(&modules);
    let mut prefixes = HashMap::new();
    let mut graph = Graph::default();
    // An app may be an instance of a project class deriving from Flask.
    let apps = modules.class_names(&["Flask"]);
    let may_route = |text: &str| may_route(text, &apps);
    for module in modules.filtered(may_route) {
        let reader = Reader { module, constants: &constants, modules: &modules, files, apps: &apps };
        constructors(&reader, &mut graph, &mut prefixes);
    }
    for module in modules.filtered(may_route) {
        calls(&Reader { module, constants: &constants, modules: &modules, files, apps: &apps }, &mut graph, &prefixes);
    }
    graph.routes(framework, Colon::Literal, Orphans::Unresolved)
}

/// Whether a module's text can make, mount or hold a route: it names an
/// app (`Flask` or a project class deriving from it, `apps`), a
/// blueprint, an extension's `Api`/`Namespace`/resource, a route decorator
/// or rule, a registration, or hands an app over with `init_app`; or a
/// line of it is a verb decorator (`@bp.get(…)`). The others (models,
/// forms, helpers: a third of `CTFd`'s and `PowerDNS-Admin`'s Python) are not
/// lexed for routes; a constant or a class one of them defines is still
/// read when a route's prefix or view names it.
fn may_route(text: &str, apps: &[String]) -> bool {
    const WORDS: &[&str] =
        &["route", "add_url_rule", "register_blueprint", "Blueprint", "Api", "Namespace", "resource", "init_app"];
    const VERB_CALLS: &[&str] = &[".get(", ".post(", ".put(", ".delete(", ".patch("];
    WORDS.iter().any(|word| text.contains(word))
        || apps.iter().any(|app| text.contains(app.as_str()))
        || text.lines().any(|line| line.trim_start().starts_with('@') && VERB_CALLS.iter().any(|v| line.contains(v)))
}

/// A module being read, with the project's constants to resolve prefixes.
struct Reader<'r, 'm, 'a> {
    module: &'r Module<'a>,
    constants: &'r Constants<'m, 'a>,
    modules: &'m Modules<'m, 'a>,
    files: &'r Files<'a>,
    /// The names a class deriving from `Flask` may go by ([`Modules::class_names`]):
    /// only a call of one of them is looked up as a class.
    apps: &'r [String],
}

impl Reader<'_, '_, '_> {
    fn prefix(&self, expr: &[Tree]) -> Prefix {
        match self.constants.value(self.module, expr) {
            Some(path) => Prefix::Literal(path),
            None => Prefix::Unresolved(tree::source(self.module.file.text(), expr).to_owned()),
        }
    }

    fn endpoint(&self, path: &str, methods: Vec<String>, line: u32) -> Endpoint {
        Endpoint { path: python::angle_params(path), methods, file: self.module.file.path.clone(), line }
    }
}

/// `app = Flask(…)` (a root, with its static route) and `bp = Blueprint(…)`
/// (its default `url_prefix`, and its static route when it has a folder).
fn constructors(reader: &Reader, graph: &mut Graph, prefixes: &mut HashMap<String, Prefix>) {
    tree::visit(&reader.module.trees, &mut |level| {
        for i in 0..level.len() {
            let [var, eq, rest @ ..] = &level[i..] else { continue };
            if !eq.is_punct('=') {
                continue;
            }
            let Some(key) = python::key(reader.module, std::slice::from_ref(var)) else { continue };
            if let [owner, dot, namespace, Tree::Group(args), ..] = rest
                && dot.is_punct('.')
                && namespace.is_ident("namespace")
                && let Some(api) = python::key(reader.module, std::slice::from_ref(owner))
            {
                // `ns = api.namespace("name", path=…)`
                let args = tree::split(&args.items, ',');
                let path = namespace_path(reader, &args);
                prefixes.insert(key.clone(), path.clone());
                graph.mount(&api, path, &key);
                graph.node(&key).resources = true;
                continue;
            }
            let Some((made, Tree::Group(args))) = constructor(reader, rest) else { continue };
            let args = tree::split(&args.items, ',');
            let kwargs = tree::keyword_args(&args);
            let kwarg = |name: &str| kwargs.iter().find(|(k, _)| *k == name).map(|(_, v)| *v);
            match made {
                Made::Api { restx } => {
                    api(reader, graph, &key, &args, restx, var.line());
                    continue;
                }
                Made::Namespace => {
                    prefixes.insert(key.clone(), namespace_path(reader, &args));
                    graph.node(&key).resources = true;
                    continue;
                }
                Made::App | Made::Blueprint => {}
            }
            let app = made == Made::App;
            if app {
                graph.node(&key).root = true;
            } else {
                let prefix = kwarg("url_prefix").map_or(Prefix::Literal(String::new()), |p| reader.prefix(p));
                prefixes.insert(key.clone(), prefix);
            }
            // An app's folder that is computed (`os.path.join(…, "static")`)
            // is still a folder: its name is most likely the default's.
            let folder = match kwarg("static_folder") {
                Some([none]) if none.is_ident("None") => None,
                None => app.then(|| "static".to_owned()),
                Some(value) => {
                    reader.constants.value(reader.module, value).or_else(|| app.then(|| "static".to_owned()))
                }
            };
            let Some(folder) = folder else { continue };
            let url = kwarg("static_url_path").and_then(|v| reader.constants.value(reader.module, v));
            let basename = folder.trim_end_matches('/').rsplit('/').next().unwrap_or_default().to_owned();
            let url = url.unwrap_or_else(|| format!("/{basename}"));
            let endpoint = reader.endpoint(&format!("{url}/<path:filename>"), vec!["GET".to_owned()], var.line());
            graph.node(&key).endpoints.push(endpoint);
        }
    });
}

/// What a constructor call makes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Made {
    App,
    Blueprint,
    /// A Flask-RESTX (`restx`) or Flask-RESTful `Api`.
    Api {
        restx: bool,
    },
    /// A Flask-RESTX `Namespace`.
    Namespace,
}

/// `Flask(`, `Blueprint(`, `flask.Flask(`, `Api(`, `Namespace(`, or an
/// instance of a project class deriving from `Flask`: what it makes and
/// its arguments.
fn constructor<'t>(reader: &Reader, rest: &'t [Tree]) -> Option<(Made, &'t Tree)> {
    let (name, args) = match rest {
        [module, dot, name, args, ..] if module.ident().is_some() && dot.is_punct('.') => (name, args),
        [name, args, ..] => (name, args),
        _ => return None,
    };
    args.group('(')?;
    // Asked only of an `Api(` or `Namespace(`: a module's whole text is searched.
    let restx = || ["flask_restx", "flask_restplus"].iter().any(|package| reader.module.file.text().contains(package));
    let made = match name.ident()? {
        "Flask" => Made::App,
        "Blueprint" => Made::Blueprint,
        "Api" if restx() => Made::Api { restx: true },
        "Api" if reader.module.file.text().contains("flask_restful") => Made::Api { restx: false },
        "Namespace" if restx() => Made::Namespace,
        other
            if reader.apps.iter().any(|app| app == other)
                && derives_from_flask(reader.constants, reader.module, other, 0) =>
        {
            Made::App
        }
        _ => return None,
    };
    Some((made, args))
}

/// Whether the project class `name` (as `module` sees it) has `Flask`
/// among its bases, directly or through others of the project.
fn derives_from_flask(constants: &Constants, module: &Module, name: &str, depth: usize) -> bool {
    let Some((home, class)) = constants.class(module, name).filter(|_| depth < 8) else { return false };
    python::class_bases(home, &class)
        .into_iter()
        .filter_map(python::base_name)
        .any(|base| base == "Flask" || (base != class && derives_from_flask(constants, home, base, depth + 1)))
}

/// A namespace's path: `path=`, else `/` and its name.
fn namespace_path(reader: &Reader, args: &[&[Tree]]) -> Prefix {
    let kwargs = tree::keyword_args(args);
    if let Some((_, path)) = kwargs.iter().find(|(k, _)| *k == "path") {
        return reader.prefix(path);
    }
    match args.first().and_then(|a| tree::string(a)) {
        Some(name) => Prefix::Literal(format!("/{}", name.text)),
        None => reader.prefix(args.first().copied().unwrap_or_default()),
    }
}

/// `api = Api(app_or_bp, prefix=…, doc=…)`: mounted on what it is given
/// (else by `api.init_app(app)` later), with Flask-RESTX's own routes.
fn api(reader: &Reader, graph: &mut Graph, key: &str, args: &[&[Tree]], restx: bool, line: u32) {
    let kwargs = tree::keyword_args(args);
    let kwarg = |name: &str| kwargs.iter().find(|(k, _)| *k == name).map(|(_, v)| *v);
    let node = graph.node(key);
    node.resources = true;
    node.base = kwarg("prefix").and_then(|p| reader.constants.value(reader.module, p)).unwrap_or_default();
    let target = args.first().filter(|a| !a.iter().any(|t| t.is_punct('='))).copied().or(kwarg("app"));
    let target = target.and_then(|t| python::key(reader.module, t));
    if let Some(target) = &target {
        graph.mount(target, Prefix::Literal(String::new()), key);
    }
    if !restx {
        return;
    }
    // Flask-RESTX registers its Swagger document and a root page under the
    // prefix, and the documentation page at `doc` (default `/`, `False`
    // for none) on the app itself.
    let get = || vec!["GET".to_owned()];
    let node = graph.node(key);
    node.endpoints.push(reader.endpoint("/swagger.json", get(), line));
    node.endpoints.push(reader.endpoint("/", get(), line));
    let doc = match kwarg("doc") {
        None => None,
        Some(value) => reader.constants.value(reader.module, value).filter(|d| d != "/"),
    };
    if let (Some(doc), Some(target)) = (doc, &target) {
        graph.node(target).endpoints.push(reader.endpoint(&doc, get(), line));
    }
    // The Swagger UI's files, from a blueprint Flask-RESTX registers on the
    // app once, whatever the `Api` is mounted on.
    let apidoc = graph.node(APIDOC);
    if apidoc.endpoints.is_empty() {
        apidoc.root = true;
        apidoc.endpoints.push(reader.endpoint("/swaggerui/<path:filename>", get(), line));
    }
}

/// The graph key of Flask-RESTX's own blueprint, `restx_doc`.
const APIDOC: &str = "flask_restx#apidoc";

/// Route decorators, `add_url_rule` and `register_blueprint` calls.
fn calls(reader: &Reader, graph: &mut Graph, prefixes: &HashMap<String, Prefix>) {
    tree::visit(&reader.module.trees, &mut |level| {
        for i in 0..level.len() {
            handed(reader, graph, prefixes, level, i);
            let [receiver, dot, method, Tree::Group(args), ..] = &level[i..] else { continue };
            if !dot.is_punct('.') || args.open != '(' || (i > 0 && level[i - 1].is_punct('.')) {
                continue;
            }
            let Some(key) = python::key(reader.module, std::slice::from_ref(receiver)) else { continue };
            let args = tree::split(&args.items, ',');
            // A decorator, with what follows it (the class it stands over).
            let decorated = (i > 0 && level[i - 1].is_punct('@')).then(|| &level[i + 4..]);
            call(reader, graph, prefixes, &key, method.ident().unwrap_or(""), &args, decorated);
        }
    });
}

fn call(
    reader: &Reader,
    graph: &mut Graph,
    prefixes: &HashMap<String, Prefix>,
    key: &str,
    method: &str,
    args: &[&[Tree]],
    decorated: Option<&[Tree]>,
) {
    let decorator = decorated.is_some();
    let kwargs = tree::keyword_args(args);
    let kwarg = |name: &str| kwargs.iter().find(|(k, _)| *k == name).map(|(_, v)| *v);
    let positional = |at: usize| args.get(at).copied().filter(|a| !matches!(a, [_, eq, ..] if eq.is_punct('=')));
    let resources = graph.nodes.get(key).is_some_and(|n| n.resources);
    let (rule, methods) = match method {
        "route" | "resource" if decorator && resources => {
            resource_routes(reader, graph, key, args, decorated.and_then(decorated_class));
            return;
        }
        "add_resource" if resources => {
            let class = args.first().and_then(|a| a.last()).and_then(Tree::ident);
            resource_routes(reader, graph, key, &args[1.min(args.len())..], class);
            return;
        }
        "init_app" if resources => {
            if let Some(app) = args.first().and_then(|a| python::key(reader.module, a)) {
                graph.mount(&app, Prefix::Literal(String::new()), key);
            }
            return;
        }
        "add_namespace" if resources => {
            let Some(child) = args.first().and_then(|a| python::key(reader.module, a)) else { return };
            let prefix = match kwarg("path").or(positional(1)) {
                Some(value) => reader.prefix(value),
                None => prefixes.get(&child).cloned().unwrap_or(Prefix::Literal(String::new())),
            };
            graph.mount(key, prefix, &child);
            return;
        }
        "route" if decorator => (positional(0).or(kwarg("rule")), methods_of(kwarg("methods"))),
        verb if decorator && VERBS.contains(&verb) => {
            (positional(0).or(kwarg("rule")), Some(vec![verb.to_uppercase()]))
        }
        "add_url_rule" => {
            let listed = methods_of(kwarg("methods"));
            let view = kwarg("view_func").or(positional(2));
            (positional(0).or(kwarg("rule")), listed.or_else(|| view.and_then(|v| view_methods(reader, v))))
        }
        "register_blueprint" => {
            let Some(child) = args.first().and_then(|a| python::key(reader.module, a)) else { return };
            let prefix = match kwarg("url_prefix") {
                Some(value) if !value.first().is_some_and(|t| t.is_ident("None")) => reader.prefix(value),
                _ => prefixes.get(&child).cloned().unwrap_or(Prefix::Literal(String::new())),
            };
            graph.mount(key, prefix, &child);
            return;
        }
        _ => return,
    };
    let Some(rule) = rule else { return };
    let Some(rule) = tree::string(rule).or_else(|| {
        // A computed rule (`rule = "/" + base + "/<path:path>"`) is never
        // dropped silently.
        let line = rule.first().map_or(0, Tree::line);
        let text = tree::source(reader.module.file.text(), rule);
        reader.files.note(
            &reader.module.file.path,
            format!("line {line}: a route whose rule `{text}` is computed is not listed"),
        );
        None
    }) else {
        return;
    };
    let methods = methods.unwrap_or_else(|| vec!["GET".to_owned()]);
    let endpoint = reader.endpoint(&rule.text, methods, rule.line);
    graph.node(key).endpoints.push(endpoint);
}

/// The class a decorator stands over: `class Name` after any other
/// decorators, before any `def`.
fn decorated_class(following: &[Tree]) -> Option<&str> {
    let at = following.iter().position(|t| t.is_ident("class") || t.is_ident("def"))?;
    following.get(at + 1).filter(|_| following[at].is_ident("class")).and_then(Tree::ident)
}

/// The routes of a resource class at each of `rules` (the strings among
/// them): the handlers it defines, `GET` when it defines none.
fn resource_routes(reader: &Reader, graph: &mut Graph, key: &str, rules: &[&[Tree]], class: Option<&str>) {
    let mut methods = Vec::new();
    if let Some(class) = class {
        class_methods(reader.constants, reader.module, class, 0, &mut methods);
    }
    if methods.is_empty() {
        methods.push("GET".to_owned());
    }
    for rule in rules.iter().filter_map(|rule| tree::string(rule)) {
        let endpoint = reader.endpoint(&rule.text, methods.clone(), rule.line);
        graph.node(key).endpoints.push(endpoint);
    }
}

/// An app or blueprint handed to a function of the project
/// (`routes.init_app(app)`, `register_views(bp)`): what the function does
/// with its parameter (`app.register_blueprint(…)`, `@bp.route`) is done
/// to the argument, so the parameter is mounted where the argument is.
fn handed(reader: &Reader, graph: &mut Graph, prefixes: &HashMap<String, Prefix>, level: &[Tree], at: usize) {
    let Some(Tree::Group(args)) = level.get(at).filter(|t| t.group('(').is_some()) else { return };
    let name_at = at.checked_sub(1).filter(|&k| level[k].ident().is_some());
    let Some(name) = name_at.and_then(|k| level[k].ident()) else { return };
    let owner = name_at.and_then(|k| k.checked_sub(2)).filter(|&k| level[k + 1].is_punct('.'));
    let home = match owner.and_then(|k| level[k].ident()) {
        Some(owner) => match reader.module.imports.get(owner) {
            Some(python::Target { file, attr: None }) => reader.modules.get(file),
            _ => None,
        },
        None if name_at.is_some_and(|k| k > 0 && level[k - 1].is_punct('.')) => None,
        None => match reader.module.imports.get(name) {
            Some(python::Target { file, attr: Some(_) }) => reader.modules.get(file),
            _ => Some(reader.module),
        },
    };
    let args = tree::split(&args.items, ',');
    let known = |arg: &[Tree]| {
        python::key(reader.module, arg)
            .filter(|key| graph.nodes.get(key).is_some_and(|n| n.root) || prefixes.contains_key(key))
    };
    let keys: Vec<Option<String>> = args.iter().map(|arg| known(arg)).collect();
    if keys.iter().all(Option::is_none) {
        return;
    }
    let Some(home) = home else { return };
    let defined = match reader.module.imports.get(name) {
        Some(python::Target { attr: Some(attr), .. }) if owner.is_none() => attr.as_str(),
        _ => name,
    };
    let Some(def) = python::def_named(home, &home.trees, 0, defined) else { return };
    for (key, param) in keys.into_iter().zip(&def.params) {
        let Some(key) = key else { continue };
        let param_key = format!("{}#{param}", home.file.path.display());
        if param_key != key {
            graph.mount(&key, Prefix::Literal(String::new()), &param_key);
        }
    }
}

/// `methods=["GET", "POST"]`, upper-cased; `*` when it is not a literal.
fn methods_of(value: Option<&[Tree]>) -> Option<Vec<String>> {
    let value = value?;
    let listed = python::strings(value).unwrap_or_else(|| vec!["*".to_owned()]);
    Some(listed.iter().map(|m| m.to_uppercase()).collect())
}

/// The methods of `SomeView.as_view("name")`: its `methods` attribute, or
/// the handlers (`def get`, `def post`) of the class and its bases.
fn view_methods(reader: &Reader, view: &[Tree]) -> Option<Vec<String>> {
    let [class @ .., dot, as_view, Tree::Group(_)] = view else { return None };
    if !dot.is_punct('.') || !as_view.is_ident("as_view") {
        return None;
    }
    let name = class.last()?.ident()?;
    let mut methods = Vec::new();
    class_methods(reader.constants, reader.module, name, 0, &mut methods);
    (!methods.is_empty()).then_some(methods)
}

fn class_methods(constants: &Constants, module: &Module, name: &str, depth: usize, out: &mut Vec<String>) {
    let Some((home, class)) = constants.class(module, name).filter(|_| depth < 8) else { return };
    if let Some(listed) = python::assignment(home, "methods", Some(&class)).and_then(python::strings) {
        out.extend(listed.iter().map(|m| m.to_uppercase()));
        return;
    }
    if let Some((body, indent)) = python::class_body(home, &class) {
        let handlers = python::defs(home, body, indent).into_iter().filter(|d| HANDLERS.contains(&d.name));
        out.extend(handlers.map(|d| d.name.to_uppercase()));
    }
    for base in python::class_bases(home, &class) {
        if let Some(base) = python::base_name(base) {
            class_methods(constants, home, base, depth + 1, out);
        }
    }
}
