//! Django: the `URLconf`, read as Django's resolver walks it. It starts at
//! `ROOT_URLCONF` when a settings module says it as a literal (else at
//! `urls.py` at the project's root, else at every `URLconf` no other one
//! includes), and follows `path()`, `re_path()` and `url()` entries,
//! `include()` of a module path (`"app.urls"`), of an imported module, of
//! a list of patterns or of a Django REST Framework router's `urls`, each
//! under its prefix. `urlpatterns += […]`, `urlpatterns = […] + […]`,
//! `.append`/`.extend` and `*spread` lists all count. Namespaces add no
//! path.
//!
//! Prefixes are joined as Django joins them: as text (`"api/"` then
//! `"users/<int:pk>"`). `<int:pk>` is `{pk}`, `<path:p>` `{*p}`; a regex
//! made of text and named groups is written the same way, and any other
//! regex is listed with its parts as parameters and a note naming it.
//! `admin.site.urls` is one catch-all route, with a note. A view's methods
//! come from `django_views`; DRF routers from `drf`.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::canon::{self, Colon};
use super::drf::Routers;
use super::lex::Kind;
use super::python::{self, Constants, Module, Modules, Target};
use super::tree::{self, Tree};
use super::{Files, django_regex, django_views};
use crate::scan::{Confidence, DiscoveredRoute, RouteSource};

/// Includes deeper than this are a cycle.
const MAX_DEPTH: usize = 16;

/// The Django routes of `files`.
#[must_use]
pub fn extract(files: &Files<'_>, framework: &'static str) -> Vec<DiscoveredRoute> {
    let modules = Modules::served(files);
    let project = Project { modules: &modules, constants: Constants::new(&modules), files };
    let routers = Routers::read(&project);
    let mut walk = Walk { project: &project, routers: &routers, framework, out: Vec::new(), included: HashSet::new() };
    let roots = project.roots();
    if !roots.is_empty() {
        for root in roots {
            walk.urlconf(root, &At::default());
        }
        return walk.out;
    }
    // No root is known: every `URLconf` that no other one includes is one.
    let mut by_root = Vec::new();
    for module in modules.containing("urlpatterns").filter(|m| !urlpatterns_statements(m).is_empty()) {
        let mut alone = Walk { out: Vec::new(), included: HashSet::new(), ..walk };
        alone.urlconf(module, &At::default());
        walk.included.extend(alone.included.into_iter().filter(|f| *f != module.file.path));
        by_root.push((module.file.path.clone(), alone.out));
    }
    by_root.into_iter().filter(|(file, _)| !walk.included.contains(file)).flat_map(|(_, routes)| routes).collect()
}

/// The modules of a project (each read when first needed) and what is
/// looked up across them.
pub struct Project<'m, 'a> {
    pub modules: &'m Modules<'m, 'a>,
    pub constants: Constants<'m, 'a>,
    pub files: &'m Files<'a>,
}

impl<'m, 'a> Project<'m, 'a> {
    pub fn module(&self, path: &Path) -> Option<&'m Module<'a>> {
        self.modules.get(path)
    }

    /// The module a dotted path names (`"app.urls"`).
    fn dotted(&self, dotted: &str) -> Option<&'m Module<'a>> {
        self.module(&python::dotted_module(dotted, self.files)?)
    }

    /// The `URLconfs` `ROOT_URLCONF` names as a literal in any settings
    /// module, else `urls.py` at the project's root.
    fn roots(&self) -> Vec<&'m Module<'a>> {
        let mut roots: Vec<&Module> = Vec::new();
        for module in self.modules.containing("ROOT_URLCONF") {
            let Some(value) = python::assignment(module, "ROOT_URLCONF", None) else { continue };
            let Some(root) = self.constants.value(module, value).and_then(|v| self.dotted(&v)) else { continue };
            if !roots.iter().any(|r| r.file.path == root.file.path) {
                roots.push(root);
            }
        }
        if roots.is_empty() {
            roots.extend(self.module(Path::new("urls.py")));
        }
        roots
    }
}

/// Where the walk stands: the path so far (route syntax, joined as text),
/// and the expression of a prefix whose value is unknown.
#[derive(Clone, Debug, Default)]
struct At {
    prefix: String,
    unresolved: Option<String>,
    depth: usize,
}

impl At {
    fn then(&self, piece: &str) -> At {
        At { prefix: format!("{}{piece}", self.prefix), unresolved: self.unresolved.clone(), depth: self.depth + 1 }
    }
}

struct Walk<'w, 'm, 'a> {
    project: &'w Project<'m, 'a>,
    routers: &'w Routers,
    framework: &'static str,
    out: Vec<DiscoveredRoute>,
    included: HashSet<PathBuf>,
}

/// The expressions a module gives `urlpatterns`: `= …`, `+= …`,
/// `.append(…)` and `.extend(…)`, in order, at any indentation (a route
/// added under `if settings.DEBUG:` is served where that is true).
fn urlpatterns_statements<'t>(module: &'t Module) -> Vec<&'t [Tree]> {
    let items = &module.trees[..];
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        if !item.is_ident("urlpatterns") || python::column(module, item).is_none() {
            continue;
        }
        let rest = &items[i + 1..];
        let end = rest.iter().position(|t| t.tok().is_some_and(|t| t.first_on_line)).unwrap_or(rest.len());
        let statement = &rest[..end];
        match statement {
            [eq, value @ ..] if eq.is_punct('=') => out.push(value),
            [plus, eq, value @ ..] if plus.is_punct('+') && eq.is_punct('=') => out.push(value),
            [dot, method, Tree::Group(_)] if dot.is_punct('.') && method.is_ident("append") => {
                out.push(&statement[2..]);
            }
            [dot, method, Tree::Group(args)] if dot.is_punct('.') && method.is_ident("extend") => {
                out.push(&args.items);
            }
            _ => {}
        }
    }
    out
}

impl Walk<'_, '_, '_> {
    fn note(&self, module: &Module, line: u32, message: &str) {
        self.project.files.note(&module.file.path, format!("line {line}: {message}"));
    }

    /// Every pattern of a `URLconf` module, under `at`.
    fn urlconf(&mut self, module: &Module, at: &At) {
        if at.depth > MAX_DEPTH {
            return;
        }
        self.included.insert(module.file.path.clone());
        for value in urlpatterns_statements(module) {
            // `urlpatterns = urlpatterns + […]` adds what follows.
            let terms: Vec<&[Tree]> = tree::split(value, '+')
                .into_iter()
                .filter(|t| !matches!(t, [n] if n.is_ident("urlpatterns")))
                .collect();
            for term in terms {
                self.list(module, term, at);
            }
        }
    }

    /// A list of patterns: a literal, `a + b`, a name bound to one (here or
    /// imported), an imported `URLconf` module, or a router's `urls`.
    fn list(&mut self, module: &Module, expr: &[Tree], at: &At) {
        if at.depth > MAX_DEPTH {
            return;
        }
        let terms = tree::split(expr, '+');
        if terms.len() > 1 {
            for term in terms {
                self.list(module, term, at);
            }
            return;
        }
        match expr {
            [Tree::Group(group)] if group.open != '{' => {
                for element in tree::split(&group.items, ',') {
                    match element {
                        [star, rest @ ..] if star.is_punct('*') => self.list(module, rest, at),
                        _ => self.entry(module, element, at),
                    }
                }
            }
            [name] if name.ident().is_some() => self.named(module, name.ident().unwrap_or_default(), at),
            [owner @ .., dot, attr] if dot.is_punct('.') && attr.is_ident("urls") => {
                match python::key(module, owner).filter(|key| self.routers.has(key)) {
                    Some(key) => {
                        let unresolved = at.unresolved.as_deref();
                        let routes = self.routers.routes(self.project, &key, &at.prefix, unresolved, self.framework);
                        self.out.extend(routes);
                    }
                    None => self.unread(module, expr, "not a router this scan knows"),
                }
            }
            [owner, dot, attr] if dot.is_punct('.') && attr.is_ident("urlpatterns") => {
                match module.imports.get(owner.ident().unwrap_or_default()) {
                    Some(Target { file, attr: None }) => self.urlconf_at(file, at),
                    _ => self.unread(module, expr, "not a module of the project"),
                }
            }
            _ => self.unread(module, expr, "not a list of patterns this scan can read"),
        }
    }

    fn unread(&self, module: &Module, expr: &[Tree], why: &str) {
        let line = expr.first().map_or(1, Tree::line);
        let source = tree::source(module.file.text(), expr);
        self.note(module, line, &format!("URL patterns `{source}` not read: {why}"));
    }

    fn urlconf_at(&mut self, file: &Path, at: &At) {
        let project = self.project;
        if let Some(target) = project.module(file) {
            self.urlconf(target, &at.then(""));
        }
    }

    /// A name standing for patterns: a list of this module, or an import.
    fn named(&mut self, module: &Module, name: &str, at: &At) {
        if let Some(value) = python::assignment(module, name, None) {
            return self.list(module, value, &at.then(""));
        }
        let project = self.project;
        match module.imports.get(name) {
            Some(Target { file, attr: None }) => self.urlconf_at(file, at),
            Some(Target { file, attr: Some(attr) }) => {
                if let Some(home) = project.module(file) {
                    self.named(home, attr, &at.then(""));
                }
            }
            None => {
                let line = module.trees.iter().find(|t| t.is_ident(name)).map_or(1, Tree::line);
                self.note(module, line, &format!("URL patterns `{name}` not read: not defined in the project"));
            }
        }
    }

    /// One element of a pattern list: `path(…)`, `re_path(…)`, `url(…)`.
    fn entry(&mut self, module: &Module, element: &[Tree], at: &At) {
        let [.., callee, Tree::Group(args)] = element else { return };
        let kind = match callee.ident() {
            Some("path") => Piece::Route,
            Some("re_path" | "url") => Piece::Regex,
            _ => return self.unread(module, element, "not a call of path(), re_path() or url()"),
        };
        let args = tree::split(&args.items, ',');
        let (Some(route), Some(view)) = (args.first(), args.get(1)) else { return };
        let line = route.first().map_or(callee.line(), Tree::line);
        let next = match self.project.constants.value(module, route) {
            Some(text) => {
                let (piece, exact) = kind.convert(&text);
                if !exact {
                    let what = "a regex the route syntax cannot spell; its parts are listed as parameters";
                    self.note(module, line, &format!("`{text}` is {what}"));
                }
                at.then(&piece)
            }
            None => At {
                prefix: String::new(),
                unresolved: Some(tree::source(module.file.text(), route).to_owned()),
                depth: at.depth + 1,
            },
        };
        self.view(module, view, &next, line);
    }

    /// What a pattern hands requests to: an include, the admin, or a view.
    fn view(&mut self, module: &Module, view: &[Tree], at: &At, line: u32) {
        match view {
            [callee, Tree::Group(args)] if callee.is_ident("include") => {
                let args = tree::split(&args.items, ',');
                if let Some(first) = args.first() {
                    self.include(module, first, at);
                }
            }
            [.., site, dot, urls] if dot.is_punct('.') && urls.is_ident("urls") && site.is_ident("site") => {
                self.note(
                    module,
                    line,
                    "the Django admin's pages are listed as one route: they depend on the models registered with it",
                );
                self.push_catch_all(module, line, at);
            }
            _ => {
                let methods = django_views::methods(self.project, module, view);
                self.push(module, &at.prefix, methods, line, at);
            }
        }
    }

    /// `include("app.urls")`, `include(module)`, `include([…])`,
    /// `include((patterns, "app"))`, `include(router.urls)`.
    fn include(&mut self, module: &Module, what: &[Tree], at: &At) {
        match what {
            [Tree::Tok(t)] if t.kind == Kind::Str => {
                let project = self.project;
                if let Some(target) = project.dotted(&t.text) {
                    self.urlconf(target, &at.then(""));
                } else {
                    let message = format!(
                        "`include(\"{}\")` names no module of the project (an installed package's, not read): \
                         its routes are listed as one catch-all",
                        t.text
                    );
                    self.note(module, t.line, &message);
                    self.push_catch_all(module, t.line, at);
                }
            }
            [Tree::Group(tuple)] if tuple.open == '(' => {
                if let Some(first) = tree::split(&tuple.items, ',').first() {
                    self.include(module, first, at);
                }
            }
            _ => self.list(module, what, at),
        }
    }

    fn push(&mut self, module: &Module, path: &str, methods: Vec<String>, line: u32, at: &At) {
        self.out.push(route(path, methods, &module.file.path, line, at.unresolved.clone(), self.framework));
    }

    /// One route for pages this scan cannot list (the admin's, a package's
    /// URLconf): any method, anything under the prefix.
    fn push_catch_all(&mut self, module: &Module, line: u32, at: &At) {
        self.push(module, &at.prefix, vec!["*".to_owned()], line, at);
        if let Some(route) = self.out.last_mut() {
            route.pattern = format!("{}/{{*path?}}", route.pattern.trim_end_matches('/'));
        }
    }
}

/// A route found in a `URLconf`, its path in the route syntax.
pub fn route(
    path: &str,
    methods: Vec<String>,
    file: &Path,
    line: u32,
    unresolved: Option<String>,
    framework: &'static str,
) -> DiscoveredRoute {
    DiscoveredRoute {
        pattern: canon::canonical(path, Colon::Literal),
        methods,
        file: file.to_path_buf(),
        line,
        framework,
        source: RouteSource::Code,
        confidence: if unresolved.is_some() { Confidence::Unresolved } else { Confidence::Heuristic },
        unresolved_prefix: unresolved,
        forward: None,
    }
}

/// How a pattern is written: `path()`'s route or a regex.
#[derive(Clone, Copy)]
enum Piece {
    Route,
    Regex,
}

impl Piece {
    /// The piece in the route syntax, and whether it says exactly that.
    fn convert(self, text: &str) -> (String, bool) {
        match self {
            Piece::Route => (python::angle_params(text), true),
            Piece::Regex => django_regex::regex_route(text),
        }
    }
}
