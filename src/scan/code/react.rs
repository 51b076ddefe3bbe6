//! React Router: JSX `<Route>` trees, route objects (`createBrowserRouter`,
//! `useRoutes`) and the v7 route config (`routes.ts`: `route`, `index`,
//! `layout`, `prefix`, and file conventions it calls, read by
//! [`route_files`]).
//!
//! Child paths are relative to their parent unless absolute; an `index`
//! route serves its parent's path; a layout route (no path) adds nothing.
//! Every route with a path matches on its own (React Router ranks parents
//! as branches too), so parents are listed as well as leaves.

use super::canon::{self, Colon};
use super::tree::{self, Group, Tree};
use super::{Files, SourceFile, page};
use super::{js, route_files};
use crate::scan::DiscoveredRoute;

/// Functions whose first argument is a route-object array.
const ROUTER_CALLS: &[&str] =
    &["createBrowserRouter", "createHashRouter", "createMemoryRouter", "createStaticRouter", "useRoutes"];

/// Routes of JSX `<Route>` elements and route objects.
#[must_use]
pub fn extract(files: &Files<'_>, framework: &'static str) -> Vec<DiscoveredRoute> {
    let modules = js::parse_all(files);
    let mut out = Vec::new();
    for module in &modules {
        tree::visit(&module.trees, &mut |level| jsx(level, module.file, framework, &mut out));
        tree::visit(&module.trees, &mut |level| {
            for (i, item) in level.iter().enumerate() {
                let called = item.ident().is_some_and(|n| ROUTER_CALLS.contains(&n));
                let Some(args) = level.get(i + 1).and_then(|t| t.group('(')).filter(|_| called) else { continue };
                let args = tree::split(&args.items, ',');
                let first = args.first().copied().unwrap_or_default();
                if let Some((array, file)) = js::route_array(first, module, &modules, files) {
                    objects(array, &basename(args.get(1).copied()), file, framework, &mut out);
                }
            }
        });
    }
    out
}

/// The `basename` option of a router (`createBrowserRouter(routes, {
/// basename: '/app' })`): every route lives below it.
fn basename(options: Option<&[Tree]>) -> String {
    let base = match options {
        Some([Tree::Group(options)]) if options.open == '{' => tree::field(options, "basename").and_then(tree::string),
        _ => None,
    };
    base.map_or_else(|| "/".to_owned(), |b| b.text.clone())
}

/// Route objects `{ path, index, children }`, joined under `parent`; Vue
/// Router's records have the same shape and meaning.
pub fn objects(
    array: &Group,
    parent: &str,
    file: &SourceFile,
    framework: &'static str,
    out: &mut Vec<DiscoveredRoute>,
) {
    for object in tree::split(&array.items, ',') {
        let [Tree::Group(object)] = object else { continue };
        if object.open != '{' {
            continue;
        }
        let path = tree::field(object, "path").and_then(tree::string);
        let index = tree::field(object, "index").is_some_and(|v| matches!(v, [t] if t.is_ident("true")));
        let full = path.map_or_else(|| parent.to_owned(), |p| canon::nest(parent, &p.text));
        if path.is_some() || index {
            let line = path.map_or(object.line, |p| p.line);
            out.push(page(canon::canonical(&full, Colon::Param), file, line, framework));
        }
        if let Some([Tree::Group(children)]) = tree::field(object, "children") {
            objects(children, &full, file, framework, out);
        }
    }
}

/// An open `<Route>` element: the path its children are relative to.
struct Open {
    path: String,
}

/// `<Route …>` elements of one level, nested by their closing tags.
fn jsx(level: &[Tree], file: &SourceFile, framework: &'static str, out: &mut Vec<DiscoveredRoute>) {
    let mut stack: Vec<Open> = Vec::new();
    let mut i = 0;
    while i < level.len() {
        let closing = level[i].is_punct('<') && level.get(i + 1).is_some_and(|t| t.is_punct('/'));
        if closing && level.get(i + 2).is_some_and(|t| t.is_ident("Route")) {
            stack.pop();
            i += 3;
            continue;
        }
        if !(level[i].is_punct('<') && level.get(i + 1).is_some_and(|t| t.is_ident("Route"))) {
            i += 1;
            continue;
        }
        let line = level[i].line();
        let (attrs, self_closing, next) = attributes(&level[i + 2..]);
        i += 2 + next;
        let parent = stack.last().map_or("/", |o| o.path.as_str()).to_owned();
        let path = attrs.iter().find(|(k, _)| *k == "path").and_then(|(_, v)| v.clone());
        let index = attrs.iter().any(|(k, _)| *k == "index");
        let full = path.as_deref().map_or_else(|| parent.clone(), |p| canon::nest(&parent, p));
        if path.is_some() || index {
            out.push(page(canon::canonical(&full, Colon::Param), file, line, framework));
        }
        if !self_closing {
            stack.push(Open { path: full });
        }
    }
}

/// The attributes of a JSX element up to its `>` or `/>`: (name, string
/// value), whether it closes itself, and how many items were read.
fn attributes(items: &[Tree]) -> (Vec<(&str, Option<String>)>, bool, usize) {
    let mut attrs = Vec::new();
    let mut i = 0;
    while i < items.len() {
        if items[i].is_punct('>') {
            return (attrs, false, i + 1);
        }
        if items[i].is_punct('/') && items.get(i + 1).is_some_and(|t| t.is_punct('>')) {
            return (attrs, true, i + 2);
        }
        let Some(key) = items[i].ident() else {
            i += 1;
            continue;
        };
        if items.get(i + 1).is_some_and(|t| t.is_punct('=')) {
            let value = items.get(i + 2).and_then(|v| match v {
                Tree::Group(g) if g.open == '{' => tree::string(&g.items).map(|t| t.text.clone()),
                Tree::Tok(_) => tree::string(std::slice::from_ref(v)).map(|t| t.text.clone()),
                Tree::Group(_) => None,
            });
            attrs.push((key, value));
            i += 3;
        } else {
            attrs.push((key, None));
            i += 1;
        }
    }
    (attrs, true, i)
}

/// Routes of a React Router v7 route config (`app/routes.ts`).
#[must_use]
pub fn extract_config(files: &Files<'_>, framework: &'static str) -> Vec<DiscoveredRoute> {
    let mut out = Vec::new();
    for module in js::parse_all(files) {
        route_files::routes(&module, files, framework, &mut out);
        let items = &module.trees;
        for (i, item) in items.iter().enumerate() {
            if !(item.is_ident("export") && items.get(i + 1).is_some_and(|t| t.is_ident("default"))) {
                continue;
            }
            let array = match items.get(i + 2) {
                Some(Tree::Group(g)) if g.open == '[' => Some(g),
                Some(t) => t.ident().and_then(|n| js::const_value(items, n)).and_then(|v| v.first()?.group('[')),
                None => None,
            };
            if let Some(array) = array {
                config_entries(&array.items, "/", module.file, framework, &mut out);
            }
        }
    }
    out
}

/// `route(path, file, [options,] [children])`, `index(file)`, `layout(file,
/// [children])` and `...prefix(path, [children])` entries under `parent`.
fn config_entries(
    items: &[Tree],
    parent: &str,
    file: &SourceFile,
    framework: &'static str,
    out: &mut Vec<DiscoveredRoute>,
) {
    for entry in tree::split(items, ',') {
        let entry: Vec<&Tree> = entry.iter().filter(|t| !t.is_punct('.')).collect();
        let [callee, Tree::Group(args)] = entry.as_slice() else { continue };
        let args = tree::split(&args.items, ',');
        let children = args.iter().rev().find_map(|a| match a {
            [Tree::Group(g)] if g.open == '[' => Some(g),
            _ => None,
        });
        let path = args.first().and_then(|a| tree::string(a));
        let emit = |full: &str, out: &mut Vec<DiscoveredRoute>| {
            out.push(page(canon::canonical(full, Colon::Param), file, callee.line(), framework));
        };
        let full = match (callee.ident(), path) {
            (Some("route"), Some(path)) => {
                let full = canon::nest(parent, &path.text);
                emit(&full, out);
                full
            }
            (Some("index"), _) => {
                emit(parent, out);
                continue;
            }
            (Some("prefix"), Some(path)) => canon::nest(parent, &path.text),
            (Some("layout"), _) => parent.to_owned(),
            _ => continue,
        };
        if let Some(children) = children {
            config_entries(&children.items, &full, file, framework, out);
        }
    }
}
