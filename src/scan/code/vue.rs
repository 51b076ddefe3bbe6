//! Vue Router: route records in arrays (`createRouter({ routes })`,
//! `new Router({ routes: constantRoutes })`, `const routes:
//! RouteRecordRaw[] = […]`, `export const asyncRoutes = […]` added later
//! with `router.addRoutes`, `export default […]` of a routes file). Records
//! nest like React Router's objects: a child path is relative unless it
//! starts with `/`, and a parent matches on its own. Parameters: `:id`,
//! `:id?`, `:id(\\d+)`, `:pathMatch(.*)*`; Vue Router 3's `*` is
//! `:pathMatch(.*)*`.
//!
//! Records are followed where real apps keep them: an element that names a
//! record (`chartsRouter`, a `const` here or the default export of an
//! imported module), a spread array (`...adminRoutes`), `children:
//! childRoutes`. An array is a root when it is a `routes` field, a default
//! export, or a binding whose name says it holds routes (`constantRoutes`,
//! `routerMap`): a menu array of `{ path }` objects is not a route table.
//! An array that another one nests or spreads is listed only there, at its
//! place. Test and mock modules (a mock server's copy of the routes) are
//! not read ([`js::test_or_mock`]). A top-level path without a leading `/` (a menu's external link)
//! matches no URL in Vue Router 3 and is refused by 4: it is not listed.

use std::collections::HashSet;

use super::canon::{self, Colon};
use super::js::{self, Module};
use super::tree::{self, Group, Tree};
use super::{Files, page};
use crate::scan::DiscoveredRoute;

/// Arrays and records followed deeper than this are a cycle.
const MAX_DEPTH: usize = 16;

/// The Vue Router routes of `files`.
#[must_use]
pub fn extract(files: &Files<'_>, framework: &'static str) -> Vec<DiscoveredRoute> {
    let modules = js::parse_all(files);
    let mut scan = Scan { modules: &modules, files, framework, nested: HashSet::new() };
    let mut listed = Vec::new();
    for module in modules.iter().filter(|m| !js::test_or_mock(&m.file.path)) {
        for array in route_arrays(module) {
            let mut out = Vec::new();
            scan.records(array, "/", true, module, 0, &mut out);
            if !out.is_empty() {
                listed.push((std::ptr::from_ref(array), out));
            }
        }
    }
    listed.into_iter().filter(|(array, _)| !scan.nested.contains(array)).flat_map(|(_, out)| out).collect()
}

struct Scan<'a> {
    modules: &'a [Module<'a>],
    files: &'a Files<'a>,
    framework: &'static str,
    /// Arrays reached as another array's children or spread.
    nested: HashSet<*const Group>,
}

impl<'a> Scan<'a> {
    /// The records of `array` under `parent`; `top` for the router's own
    /// list, where a path must start with `/`.
    fn records(
        &mut self,
        array: &'a Group,
        parent: &str,
        top: bool,
        module: &'a Module<'a>,
        depth: usize,
        out: &mut Vec<DiscoveredRoute>,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        for element in tree::split(&array.items, ',') {
            match element {
                [Tree::Group(object)] if object.open == '{' => self.record(object, parent, top, module, depth, out),
                [dot1, dot2, dot3, name @ ..] if [dot1, dot2, dot3].iter().all(|t| t.is_punct('.')) => {
                    if let Some((spread, holder)) = self.value(name, module, '[') {
                        self.nested.insert(std::ptr::from_ref(spread));
                        self.records(spread, parent, top, holder, depth + 1, out);
                    }
                }
                name => {
                    if let Some((object, holder)) = self.value(name, module, '{') {
                        self.record(object, parent, top, holder, depth + 1, out);
                    }
                }
            }
        }
    }

    fn record(
        &mut self,
        object: &'a Group,
        parent: &str,
        top: bool,
        module: &'a Module<'a>,
        depth: usize,
        out: &mut Vec<DiscoveredRoute>,
    ) {
        let full = match tree::field(object, "path").and_then(tree::string) {
            Some(token) => {
                let raw = token.text.as_str();
                if top && !raw.is_empty() && !raw.starts_with('/') && raw != "*" {
                    return;
                }
                let path = vue_router_3_star(raw);
                let full = canon::nest(parent, &path);
                out.push(page(canon::canonical(&full, Colon::Param), module.file, token.line, self.framework));
                full
            }
            None => parent.to_owned(),
        };
        let Some(children) = tree::field(object, "children") else { return };
        if let [Tree::Group(children)] = children {
            self.records(children, &full, false, module, depth + 1, out);
        } else if let Some((children, holder)) = self.value(children, module, '[') {
            self.nested.insert(std::ptr::from_ref(children));
            self.records(children, &full, false, holder, depth + 1, out);
        }
    }

    /// The `open` literal (`[` an array, `{` a record) an expression is or
    /// names: a `const` of the module, or the export of an imported one.
    fn value(&self, expr: &'a [Tree], module: &'a Module<'a>, open: char) -> Option<(&'a Group, &'a Module<'a>)> {
        match expr {
            [Tree::Group(group)] => (group.open == open).then_some((group, module)),
            [name] => {
                let name = name.ident()?;
                if let Some(value) = js::const_value(&module.trees, name) {
                    return value.first()?.group(open).map(|g| (g, module));
                }
                let (path, export) = js::imports(module, self.files).remove(name)?;
                let target = self.modules.iter().find(|m| m.file.path == path)?;
                if let Some(local) = js::exports(target).remove(&export) {
                    return js::const_value(&target.trees, &local)?.first()?.group(open).map(|g| (g, target));
                }
                let literal = (export == "default").then(|| default_export(target)).flatten()?;
                (literal.open == open).then_some((literal, target))
            }
            _ => None,
        }
    }
}

/// The literal after `export default` (`export default { path: … }`).
fn default_export<'a>(module: &'a Module<'_>) -> Option<&'a Group> {
    let items = &module.trees;
    items.windows(3).find_map(|w| match w {
        [export, default, Tree::Group(group)] if export.is_ident("export") && default.is_ident("default") => {
            Some(group)
        }
        _ => None,
    })
}

/// Vue Router 3's `*` (alone or as the last segment) is the catch-all
/// `:pathMatch(.*)*`, which also matches nothing.
fn vue_router_3_star(path: &str) -> std::borrow::Cow<'_, str> {
    match path.strip_suffix('*') {
        Some(head) if head.is_empty() || head.ends_with('/') => format!("{head}:pathMatch(.*)*").into(),
        _ => path.into(),
    }
}

/// Root arrays of route records: the value of a `routes` field, a default
/// export, or a binding named for routes (`constantRoutes`, `routerMap`).
fn route_arrays<'a>(module: &'a Module) -> Vec<&'a Group> {
    let mut arrays = Vec::new();
    tree::visit(&module.trees, &mut |level| {
        for (i, item) in level.iter().enumerate() {
            // `routes: [` (a field) or `name: Type[] = [` / `name = [` (a binding).
            let field = || match level.get(i + 1..i + 3) {
                Some([colon, Tree::Group(g)]) if colon.is_punct(':') && g.open == '[' => Some(g),
                _ => None,
            };
            let binding = || {
                let declared = i > 0 && level[i - 1].ident().is_some_and(|k| matches!(k, "const" | "let" | "var"));
                let eq = level[i + 1..].iter().take(6).position(|t| t.is_punct('='))?;
                level.get(i + 2 + eq)?.group('[').filter(|_| declared)
            };
            let array = match item.ident() {
                Some("default") if i > 0 && level[i - 1].is_ident("export") => {
                    level.get(i + 1).and_then(|t| t.group('[')).filter(|a| holds_records(a))
                }
                Some("routes") if !level.get(i + 1).is_some_and(|t| t.is_punct(',')) => field().or_else(binding),
                Some(name) if names_routes(name) => binding(),
                _ => None,
            };
            arrays.extend(array);
        }
    });
    arrays
}

/// `constantRoutes`, `asyncRoutes`, `adminRoutes`, `routerMap`: a name that
/// says what the array holds.
fn names_routes(name: &str) -> bool {
    name.to_ascii_lowercase().contains("route")
}

fn holds_records(array: &Group) -> bool {
    matches!(array.items.first(), Some(Tree::Group(g)) if g.open == '{' && tree::field(g, "path").is_some())
}
