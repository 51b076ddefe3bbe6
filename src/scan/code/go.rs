//! Go routers: net/http 1.22 patterns (`mux.HandleFunc("GET /x/{id}", h)`),
//! chi (`r.Get`, `r.Route("/p", func(r chi.Router) {…})`, `r.Mount("/p",
//! sub())`, `r.Group`) and gin (`r.GET`, `g := r.Group("/p")`, `r.Any`).
//!
//! Variables are scoped to the function that declares them; a function that
//! returns a router (`func adminRouter() chi.Router { …; return r }`) is a
//! router of its own, so `Mount("/admin", adminRouter())` joins across files.
//! A prefix may be a package constant of any file (`config.APIPrefix`).

use std::collections::{HashMap, HashSet};

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
    // A `_test.go` file is compiled only into the package's tests, never into the app.
    let parsed: Vec<(&SourceFile, Vec<Tree>)> = files
        .iter()
        .filter(|file| !file.path.to_string_lossy().ends_with("_test.go"))
        .filter_map(|file| Some((file, files.parse(file, Lang::Go)?)))
        .collect();
    let consts = constants(parsed.iter().map(|(_, trees)| trees.as_slice()));
    let dirs: HashSet<String> = parsed.iter().map(|(file, _)| package_dir(file)).collect();
    let packages: Vec<(String, HashMap<String, String>)> =
        parsed.iter().map(|(file, trees)| (package_dir(file), imports(trees, &dirs))).collect();
    let mut index = Index::default();
    for ((_, trees), (package, imports)) in parsed.iter().zip(&packages) {
        for func in functions(trees) {
            index.add(package, imports, &func);
        }
    }
    for ((file, trees), (package, imports)) in parsed.iter().zip(&packages) {
        for func in functions(trees) {
            let mut vars = HashMap::new();
            for (k, param) in router_params(func.params) {
                vars.insert(param.to_owned(), param_key(&Index::key(package, func.receiver, func.name), k));
            }
            let (fn_name, types) = (func.name, HashMap::new());
            let mut scope =
                Scope { router, file, package, imports, fn_name, vars, types, consts: &consts, index: &index };
            scope.block(&func.body.items, &mut graph);
        }
    }
    // gin writes `:id`; net/http and chi take a colon literally.
    let colon = if router == Router::Gin { Colon::Param } else { Colon::Literal };
    graph.routes(framework, colon, Orphans::Root)
}

/// A top-level function or method.
struct Func<'t> {
    /// The receiver's type of a method (`Handler` of `func (h *Handler) …`).
    receiver: Option<&'t str>,
    name: &'t str,
    params: &'t tree::Group,
    /// What it returns, up to its body (`*Handler`, `(chi.Router, error)`).
    returns: &'t [Tree],
    body: &'t tree::Group,
}

/// Top-level functions and methods.
fn functions(trees: &[Tree]) -> Vec<Func<'_>> {
    let mut out = Vec::new();
    for (i, item) in trees.iter().enumerate() {
        if !item.is_ident("func") {
            continue;
        }
        let rest = &trees[i + 1..];
        let recv = rest.first().and_then(|t| t.group('('));
        let skip = usize::from(recv.is_some());
        let receiver = recv.and_then(|g| g.items.iter().rev().find_map(Tree::ident));
        let Some(name) = rest.get(skip).and_then(Tree::ident) else { continue };
        let Some(params) = rest.get(skip + 1).and_then(|t| t.group('(')) else { continue };
        let tail = &rest[skip + 2..];
        let Some(at) = tail.iter().take_while(|t| !t.is_ident("func")).position(|t| t.group('{').is_some()) else {
            continue;
        };
        let Some(body) = tail[at].group('{') else { continue };
        out.push(Func { receiver, name, params, returns: &tail[..at], body });
    }
    out
}

/// The package a file is in: its folder (a Go package is a folder).
fn package_dir(file: &SourceFile) -> String {
    file.path.parent().map(|p| p.to_string_lossy().into_owned()).unwrap_or_default()
}

/// The packages of the module a file imports, by the name the file calls
/// each (its alias, else the last element of its path), as folders: an
/// import path ends with the folder of the package, below the module's path.
fn imports(trees: &[Tree], dirs: &HashSet<String>) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for (i, item) in trees.iter().enumerate() {
        if !item.is_ident("import") {
            continue;
        }
        let specs = match trees.get(i + 1) {
            Some(Tree::Group(block)) if block.open == '(' => lines(&block.items),
            Some(_) => vec![&trees[i + 1..(i + 3).min(trees.len())]],
            None => Vec::new(),
        };
        for spec in specs {
            let (alias, path) = match spec {
                [alias, path, ..] if alias.ident().is_some() => {
                    (alias.ident(), tree::string(std::slice::from_ref(path)))
                }
                [path, ..] => (None, tree::string(std::slice::from_ref(path))),
                [] => continue,
            };
            let Some(path) = path.map(|p| p.text.as_str()) else { continue };
            let dir = dirs
                .iter()
                .filter(|d| !d.is_empty() && (path == *d || path.ends_with(&format!("/{d}"))))
                .max_by_key(|d| d.len());
            if let Some(dir) = dir {
                let name = alias.unwrap_or_else(|| path.rsplit('/').next().unwrap_or(path));
                out.insert(name.to_owned(), dir.clone());
            }
        }
    }
    out
}

/// The parameters of a function that are routers (`router chi.Router`,
/// `r *gin.Engine`, `g *gin.RouterGroup`, `mux *http.ServeMux`): their
/// position and name.
fn router_params(params: &tree::Group) -> Vec<(usize, &str)> {
    const TYPES: &[&str] = &["Router", "Mux", "Engine", "RouterGroup", "IRouter", "IRoutes", "ServeMux"];
    let mut out = Vec::new();
    for (k, param) in tree::split(&params.items, ',').into_iter().enumerate() {
        let (Some(name), Some(ty)) = (param.first().and_then(Tree::ident), param.last().and_then(Tree::ident)) else {
            continue;
        };
        let qualified = param.len() >= 3 && param[param.len() - 2].is_punct('.');
        if qualified && TYPES.contains(&ty) && param.len() > 3 {
            out.push((k, name));
        }
    }
    out
}

/// The graph key of a function's router parameter at position `k`: a
/// caller that passes its router there mounts it (`h.RegisterRoutes(api)`).
fn param_key(func: &str, k: usize) -> String {
    format!("param#{func}#{k}")
}

/// The module's functions and methods, to follow a router handed to one.
#[derive(Default)]
struct Index {
    /// The type a function returns, by `package.Name` (`routes.NewHandler` → `routes.Handler`).
    returns: HashMap<String, String>,
    /// The router parameters of functions and methods, by key.
    params: HashMap<String, Vec<usize>>,
}

impl Index {
    /// `package.Name` of a function, `package.Type.Name` of a method.
    fn key(package: &str, receiver: Option<&str>, name: &str) -> String {
        match receiver {
            Some(ty) => format!("{package}.{ty}.{name}"),
            None => format!("{package}.{name}"),
        }
    }

    fn add(&mut self, package: &str, imports: &HashMap<String, String>, func: &Func<'_>) {
        let key = Self::key(package, func.receiver, func.name);
        let params: Vec<usize> = router_params(func.params).into_iter().map(|(k, _)| k).collect();
        if !params.is_empty() {
            self.params.insert(key.clone(), params);
        }
        if func.receiver.is_none() {
            let ty = match func.returns {
                [star, ty] if star.is_punct('*') => ty.ident().map(|t| format!("{package}.{t}")),
                [ty] => ty.ident().map(|t| format!("{package}.{t}")),
                [star, pkg, dot, ty] if star.is_punct('*') && dot.is_punct('.') => {
                    let pkg = pkg.ident().unwrap_or("");
                    Some(format!("{}.{}", imports.get(pkg).map_or(pkg, String::as_str), ty.ident().unwrap_or("")))
                }
                _ => None,
            };
            if let Some(ty) = ty {
                self.returns.insert(key, ty);
            }
        }
    }
}

struct Scope<'a> {
    router: Router,
    file: &'a SourceFile,
    /// The folder of the file's package, and the module's packages it imports.
    package: &'a str,
    imports: &'a HashMap<String, String>,
    fn_name: &'a str,
    /// Router variables of this function, by name, as graph keys.
    vars: HashMap<String, String>,
    /// Variables of this function whose type is known (`h := routes.NewHandler(…)`), as `package.Type`.
    types: HashMap<String, String>,
    /// The project's package-level string constants, by name.
    consts: &'a HashMap<String, String>,
    index: &'a Index,
}

impl Scope<'_> {
    /// A prefix argument: a literal, a string constant of the project
    /// (`apiPrefix`, `config.APIPrefix`, `"/api" + version`), or unresolved.
    fn prefix(&self, arg: &[Tree]) -> Prefix {
        match constant(arg, self.consts) {
            Some(path) => Prefix::Literal(path),
            None => Prefix::Unresolved(tree::source(self.file.text(), arg).to_owned()),
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
            [receiver, dot, method, Tree::Group(args), rest @ ..] if dot.is_punct('.') && args.open == '(' => {
                let (Some(receiver), Some(method)) = (receiver.ident(), method.ident()) else { return 1 };
                let args = tree::split(&args.items, ',');
                let owner = self.types.get(receiver).cloned().unwrap_or_else(|| self.package_of(receiver));
                self.hand_over(&owner, method, &args, graph);
                if self.vars.contains_key(receiver) && rest.first().is_some_and(|t| t.is_punct('.')) {
                    return 4 + self.chain(receiver, method, &args, rest, graph);
                }
                self.call(receiver, method, &args, graph);
                4
            }
            [name, Tree::Group(args), ..] if args.open == '(' => {
                if let Some(name) = name.ident() {
                    self.hand_over(self.package, name, &tree::split(&args.items, ','), graph);
                }
                2
            }
            [Tree::Group(g), ..] => {
                self.block(&g.items, graph);
                1
            }
            _ => 1,
        }
    }

    /// The folder of the package a file calls `name` (`routes`, an alias).
    fn package_of(&self, name: &str) -> String {
        self.imports.get(name).cloned().unwrap_or_else(|| name.to_owned())
    }

    /// A call of a function or method of the module that takes routers
    /// (`h.RegisterRoutes(api)`, `ui.Register(g)`): the routers handed to it
    /// are the ones its parameters name. `owner` is the package, or the
    /// `package.Type` of the receiver.
    fn hand_over(&self, owner: &str, name: &str, args: &[&[Tree]], graph: &mut Graph) {
        let func = format!("{owner}.{name}");
        let Some(params) = self.index.params.get(&func) else { return };
        for &k in params {
            if let Some([var]) = args.get(k) {
                if let Some(var) = var.ident().filter(|v| self.vars.contains_key(*v)) {
                    graph.mount(&self.key(var), Prefix::Literal(String::new()), &param_key(&func, k));
                }
            }
        }
    }

    /// The calls chained on a router call: `g.Group("/user").Use(m).POST("", h)`
    /// (gin) and `r.With(m).Get("/", h)` (chi). A gin `Group` is a router of
    /// its own under its prefix; every other call returns the same router.
    fn chain(&mut self, receiver: &str, first: &str, args: &[&[Tree]], rest: &[Tree], graph: &mut Graph) -> usize {
        const LINK: &str = "\u{0}chain";
        let saved = self.vars.get(LINK).cloned();
        let mut key = self.key(receiver);
        let (mut method, mut args) = (first.to_owned(), args.to_vec());
        let mut used = 0;
        loop {
            if self.router == Router::Gin && method == "Group" {
                let child = format!("{}#{}#chain:{}", self.file.path.display(), self.fn_name, rest[used].line());
                let prefix = args.first().map_or(Prefix::Literal(String::new()), |a| self.prefix(a));
                graph.mount(&key, prefix, &child);
                key = child;
            } else {
                self.vars.insert(LINK.to_owned(), key.clone());
                self.call(LINK, &method, &args, graph);
            }
            match &rest[used..] {
                [dot, name, Tree::Group(next), ..] if dot.is_punct('.') && next.open == '(' => {
                    name.ident().unwrap_or("").clone_into(&mut method);
                    args = tree::split(&next.items, ',');
                    used += 3;
                }
                _ => break,
            }
        }
        match saved {
            Some(saved) => self.vars.insert(LINK.to_owned(), saved),
            None => self.vars.remove(LINK),
        };
        used
    }

    /// `x := chi.NewRouter()`, `v1 := r.Group("/v1")`.
    fn assign(&mut self, var: &str, value: &[Tree], graph: &mut Graph) {
        let key = format!("{}#{}#{var}", self.file.path.display(), self.fn_name);
        // The type of `h := routes.NewHandler(…)` or `h := &routes.Handler{…}`, for its methods.
        let ty = match value {
            [pkg, dot, ctor, Tree::Group(_), ..] if dot.is_punct('.') => {
                let pkg = self.package_of(pkg.ident().unwrap_or(""));
                self.index.returns.get(&format!("{pkg}.{}", ctor.ident().unwrap_or(""))).cloned()
            }
            [ctor, Tree::Group(g), ..] if g.open == '(' => {
                self.index.returns.get(&format!("{}.{}", self.package, ctor.ident().unwrap_or(""))).cloned()
            }
            [amp, pkg, dot, ty, Tree::Group(g), ..] if amp.is_punct('&') && dot.is_punct('.') && g.open == '{' => {
                Some(format!("{}.{}", self.package_of(pkg.ident().unwrap_or("")), ty.ident().unwrap_or("")))
            }
            [amp, ty, Tree::Group(g), ..] if amp.is_punct('&') && g.open == '{' => {
                Some(format!("{}.{}", self.package, ty.ident().unwrap_or("")))
            }
            _ => None,
        };
        if let Some(ty) = ty {
            self.types.insert(var.to_owned(), ty);
        }
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
        // chi refuses (panics on) a pattern that does not begin with `/`: a
        // `Get("from")` is `url.Values` or `http.Header`, no route.
        let chi = self.router == Router::Chi;
        let string = |k: usize| args.get(k).and_then(|a| tree::string(a));
        let pattern = |k: usize| string(k).filter(|p| !chi || p.text.starts_with('/'));
        let route = match (self.router, method) {
            (Router::NetHttp, "HandleFunc" | "Handle") if receiver == "http" || self.vars.contains_key(receiver) => {
                string(0).map(|p| (go_pattern(&p.text), p.line))
            }
            (Router::Chi, "Get" | "Post" | "Put" | "Delete" | "Patch" | "Head" | "Options" | "Connect" | "Trace") => {
                pattern(0).map(|p| ((method.to_uppercase(), p.text.clone()), p.line))
            }
            (Router::Chi, "Handle" | "HandleFunc") | (Router::Gin, "Any") => {
                pattern(0).map(|p| (("*".to_owned(), p.text.clone()), p.line))
            }
            (Router::Chi, "Method" | "MethodFunc") | (Router::Gin, "Handle") => {
                pattern(1).zip(string(0)).map(|(p, m)| ((m.text.to_uppercase(), p.text.clone()), p.line))
            }
            (Router::Gin, "GET" | "POST" | "PUT" | "DELETE" | "PATCH" | "HEAD" | "OPTIONS") => {
                string(0).map(|p| ((method.to_owned(), p.text.clone()), p.line))
            }
            // `Match([]string{"GET", "HEAD"}, "/health", h)`: one route per method.
            (Router::Gin, "Match") => {
                let methods = args.first().and_then(|a| a.iter().find_map(|t| t.group('{')));
                if let (Some(methods), Some(path)) = (methods, string(1)) {
                    for m in tree::split(&methods.items, ',').into_iter().filter_map(|m| tree::string(m)) {
                        let endpoint = Endpoint {
                            path: path.text.clone(),
                            methods: vec![m.text.clone()],
                            file: self.file.path.clone(),
                            line: path.line,
                        };
                        graph.node(&self.key(receiver)).endpoints.push(endpoint);
                    }
                }
                None
            }
            // `Static`/`StaticFS` serve a folder below the path (GET, and HEAD
            // with it); `StaticFile`/`StaticFileFS` one file.
            (Router::Gin, "Static" | "StaticFS") => {
                string(0).map(|p| (("GET".to_owned(), format!("{}/*filepath", p.text.trim_end_matches('/'))), p.line))
            }
            (Router::Gin, "StaticFile" | "StaticFileFS") => {
                string(0).map(|p| (("GET".to_owned(), p.text.clone()), p.line))
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
