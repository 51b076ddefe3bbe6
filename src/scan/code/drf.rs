//! Django REST Framework routers: `router = DefaultRouter()` (or
//! `SimpleRouter()`, or a project class built on one) and
//! `router.register(r"articles", ArticleViewSet)`, listed where the `URLconf`
//! includes `router.urls`. Each registration gives the routes DRF's router
//! makes: the list route (`GET` for `list`, `POST` for `create`), the
//! detail route under the `ViewSet`'s `lookup_url_kwarg` or `lookup_field`
//! (`pk` by default: `GET` retrieve, `PUT` update, `PATCH` partial
//! update, `DELETE` destroy), each only with the actions the `ViewSet` has
//! from its mixins and its own methods, and one route per `@action`. A
//! `DefaultRouter` adds its API root (`GET` at the include's prefix) and,
//! as DRF's `format_suffix_patterns` does, a `.{format}` twin of every
//! route.

use std::collections::HashMap;
use std::path::PathBuf;

use super::django::{self, Project};
use super::django_regex;
use super::django_views::{self, Class};
use super::python;
use super::tree::{self, Tree};
use crate::scan::DiscoveredRoute;

/// The routers of a project, by graph key (`file#name`).
#[derive(Default)]
pub struct Routers {
    routers: HashMap<String, Router>,
}

struct Router {
    default: bool,
    file: PathBuf,
    line: u32,
    registrations: Vec<Registration>,
}

struct Registration {
    prefix: String,
    viewset: Vec<Tree>,
    file: PathBuf,
    line: u32,
}

/// The routes a registration's `ViewSet` actions make, by route.
const LIST: &[(&str, &str)] = &[("list", "GET"), ("create", "POST")];
const DETAIL: &[(&str, &str)] =
    &[("retrieve", "GET"), ("update", "PUT"), ("partial_update", "PATCH"), ("destroy", "DELETE")];

impl Routers {
    /// Every router constructed in the project, and what is registered on it.
    #[must_use]
    pub fn read(project: &Project) -> Self {
        let mut routers = Routers::default();
        // A router is only found when a class chain ends at one of these
        // names, and every name followed is an identifier of some module's
        // text: a project that never writes them has no router, and most
        // Django projects are spared a look-up for every `x = Call(…)`.
        if !["DefaultRouter", "SimpleRouter"].iter().any(|n| project.modules.any_contains(n)) {
            return routers;
        }
        // Only modules that write a router class's name can construct one.
        let names = project.modules.class_names(&["DefaultRouter", "SimpleRouter"]);
        for module in project.modules.containing_any(&names) {
            tree::visit(&module.trees, &mut |level| {
                for i in 0..level.len() {
                    let [var, eq, rest @ ..] = &level[i..] else { continue };
                    let Some(default) = eq.is_punct('=').then(|| router_kind(project, module, rest)).flatten() else {
                        continue;
                    };
                    let Some(key) = python::key(module, std::slice::from_ref(var)) else { continue };
                    let (file, line) = (module.file.path.clone(), var.line());
                    routers.routers.insert(key, Router { default, file, line, registrations: Vec::new() });
                }
            });
        }
        for module in project.modules.containing("register") {
            tree::visit(&module.trees, &mut |level| {
                for i in 0..level.len() {
                    let [receiver, dot, register, Tree::Group(args), ..] = &level[i..] else { continue };
                    if !dot.is_punct('.') || !register.is_ident("register") {
                        continue;
                    }
                    let Some(key) = python::key(module, std::slice::from_ref(receiver)) else { continue };
                    let Some(router) = routers.routers.get_mut(&key) else { continue };
                    let args = tree::split(&args.items, ',');
                    let (Some(prefix), Some(viewset)) = (args.first(), args.get(1)) else { continue };
                    let Some(prefix) = project.constants.value(module, prefix) else { continue };
                    let line = args[0].first().map_or(receiver.line(), Tree::line);
                    let (viewset, file) = (viewset.to_vec(), module.file.path.clone());
                    router.registrations.push(Registration { prefix, viewset, file, line });
                }
            });
        }
        routers
    }

    #[must_use]
    pub fn has(&self, key: &str) -> bool {
        self.routers.contains_key(key)
    }

    /// The routes of the router at `key`, under `prefix` (route syntax,
    /// joined as text like Django's own prefixes).
    #[must_use]
    pub fn routes(
        &self,
        project: &Project,
        key: &str,
        prefix: &str,
        unresolved: Option<&str>,
        framework: &'static str,
    ) -> Vec<DiscoveredRoute> {
        let Some(router) = self.routers.get(key) else { return Vec::new() };
        let mut paths: Vec<(String, Vec<String>, PathBuf, u32)> = Vec::new();
        if router.default {
            paths.push((String::new(), vec!["GET".to_owned()], router.file.clone(), router.line));
        }
        for registration in &router.registrations {
            paths.extend(registration_routes(project, registration));
        }
        let suffixes: &[&str] = if router.default { &["", ".{format}"] } else { &[""] };
        let mut out = Vec::new();
        for (path, methods, file, line) in paths {
            for suffix in suffixes {
                let full = format!("{prefix}{path}{suffix}");
                let unresolved = unresolved.map(str::to_owned);
                out.push(django::route(&full, methods.clone(), &file, line, unresolved, framework));
            }
        }
        out
    }
}

/// `DefaultRouter(…)` (true), `SimpleRouter(…)` (false), `routers.X(…)`,
/// or a project class whose bases lead to one of them.
fn router_kind(project: &Project, module: &python::Module, rest: &[Tree]) -> Option<bool> {
    let callee = rest.iter().position(|t| t.ident().is_none() && !t.is_punct('.'))?;
    rest[callee].group('(')?;
    let name = rest[..callee].last()?.ident()?;
    kind_of(project, module, name, 0)
}

fn kind_of(project: &Project, module: &python::Module, name: &str, depth: usize) -> Option<bool> {
    match name {
        "DefaultRouter" => return Some(true),
        "SimpleRouter" => return Some(false),
        _ if depth > 6 => return None,
        _ => {}
    }
    let (home, class) = project.constants.class(module, name)?;
    python::class_bases(home, &class)
        .into_iter()
        .filter_map(python::base_name)
        .find_map(|base| kind_of(project, home, base, depth + 1))
}

/// The list and detail routes of one registration, and its actions:
/// (path relative to the router, methods, file, line).
fn registration_routes(project: &Project, registration: &Registration) -> Vec<(String, Vec<String>, PathBuf, u32)> {
    let Some(module) = project.module(&registration.file) else { return Vec::new() };
    let class = django_views::owner(project, module, &registration.viewset).map_or_else(
        || Class { unknown_base: true, ..Class::default() },
        |(home, name)| Class::read(project, home, name),
    );
    let (prefix, _) = django_regex::regex_route(&registration.prefix);
    let lookup = format!("{{{}}}", crate::scan::param_name(class.lookup.as_deref().unwrap_or("pk")));
    let allowed =
        |method: &str| class.allowed.as_ref().is_none_or(|a| a.iter().any(|m| m.eq_ignore_ascii_case(method)));
    let methods = |actions: &[(&str, &str)]| -> Vec<String> {
        let known = LIST.iter().chain(DETAIL).any(|(action, _)| class.defined.contains(*action));
        if !known && class.unknown_base {
            return vec!["*".to_owned()];
        }
        actions
            .iter()
            .filter(|(action, method)| class.defined.contains(*action) && allowed(method))
            .map(|(_, method)| (*method).to_owned())
            .collect()
    };
    let (file, line) = (registration.file.clone(), registration.line);
    let mut out = Vec::new();
    for (path, methods) in [(prefix.clone(), methods(LIST)), (format!("{prefix}/{lookup}"), methods(DETAIL))] {
        if !methods.is_empty() {
            out.push((path, methods, file.clone(), line));
        }
    }
    for action in &class.actions {
        let base = if action.detail { format!("{prefix}/{lookup}") } else { prefix.clone() };
        let methods: Vec<String> = action.methods.iter().filter(|m| allowed(m)).cloned().collect();
        // DRF joins `url_path` into the route's regex as it is: it may be one.
        let (url_path, _) = django_regex::regex_route(&action.url_path);
        out.push((format!("{base}/{url_path}"), methods, action.file.clone(), action.line));
    }
    out
}
