//! Angular: `Routes` arrays passed to `RouterModule.forRoot` or
//! `provideRouter`, with `children`, `redirectTo`, `**` and lazy
//! `loadChildren: () => import('./x').then(m => m.X)`.
//!
//! Paths are always relative to the parent. A route with `children` (or
//! `loadChildren`) is listed itself too: when the URL ends at it and no
//! child matches the empty rest, Angular's recognizer still accepts the
//! match (no leftover segments), so the URL is served. A lazy import is
//! followed when it names a file of the set; otherwise its subtree is listed
//! as one unresolved catch-all under the parent.

use super::canon::{self, Colon};
use super::js::{self, Module};
use super::tree::{self, Group, Tree};
use super::{Files, page};
use crate::scan::{Confidence, DiscoveredRoute};

/// Calls whose argument is the root routes array.
const ROOT_CALLS: &[&str] = &["forRoot", "provideRouter"];

/// Lazy imports deeper than this are a cycle.
const MAX_DEPTH: usize = 8;

struct Scan<'a> {
    modules: &'a [Module<'a>],
    files: &'a Files<'a>,
    /// The row's name, which every route records.
    framework: &'static str,
    out: Vec<DiscoveredRoute>,
}

/// What a module must write to matter here: a root or child call, or a
/// route array (whose objects have a `path`, or which is typed `Routes`)
/// that one of those calls or a `loadChildren` import reaches. Components,
/// services and templates (most of an app) are left unlexed, and so are
/// tests ([`js::test_or_mock`]): a spec's `RouterModule.forRoot(…)` sets up
/// a test bed, not the app.
const ROUTE_WORDS: &[&str] = &["forRoot", "provideRouter", "forChild", "path", "Routes"];

/// The Angular routes of `files`.
#[must_use]
pub fn extract(files: &Files<'_>, framework: &'static str) -> Vec<DiscoveredRoute> {
    let modules = js::parse_where(files, |file| {
        !js::test_or_mock(&file.path) && ROUTE_WORDS.iter().any(|word| file.text().contains(word))
    });
    let mut scan = Scan { modules: &modules, files, framework, out: Vec::new() };
    for module in &modules {
        for (array, holder) in scan.calls(module, ROOT_CALLS) {
            scan.routes(array, "/", holder, 0);
        }
    }
    scan.out
}

impl<'a> Scan<'a> {
    /// The route arrays passed to `callees` in a module (a literal, a
    /// `const`, an import), with the module that holds each.
    fn calls(&self, module: &'a Module<'a>, callees: &[&str]) -> Vec<(&'a Group, &'a Module<'a>)> {
        let mut args = Vec::new();
        tree::visit(&module.trees, &mut |level| {
            for (i, item) in level.iter().enumerate() {
                let called = item.ident().is_some_and(|n| callees.contains(&n));
                if let Some(group) = level.get(i + 1).and_then(|t| t.group('(')).filter(|_| called) {
                    args.push(group);
                }
            }
        });
        args.into_iter()
            .filter_map(|args| {
                let first = tree::split(&args.items, ',').first().copied()?;
                let (array, file) = js::route_array(first, module, self.modules, self.files)?;
                Some((array, self.modules.iter().find(|m| m.file.path == file.path)?))
            })
            .collect()
    }
}

impl<'a> Scan<'a> {
    /// The route objects of `array` under `parent`.
    fn routes(&mut self, array: &'a Group, parent: &str, module: &'a Module<'a>, depth: usize) {
        for object in tree::split(&array.items, ',') {
            let [Tree::Group(object)] = object else { continue };
            if object.open != '{' {
                continue;
            }
            let path = tree::field(object, "path").and_then(tree::string);
            let full = canon::concat(parent, path.map_or("", |p| p.text.as_str()));
            let line = path.map_or(object.line, |p| p.line);
            self.out.push(page(canon::canonical(&full, Colon::Param), module.file, line, self.framework));
            if let Some([Tree::Group(children)]) = tree::field(object, "children") {
                self.routes(children, &full, module, depth);
            } else if let Some(lazy) = tree::field(object, "loadChildren") {
                self.lazy(lazy, &full, module, line, depth);
            }
        }
    }

    /// `loadChildren: () => import('./x').then(m => m.X)`: the routes of `X`
    /// (a `Routes` const, or the `forChild` array of an `NgModule`) in `./x`.
    fn lazy(&mut self, expr: &'a [Tree], full: &str, module: &'a Module<'a>, line: u32, depth: usize) {
        let target = lazy_target(expr)
            .and_then(|(spec, export)| Some((js::resolve(&module.file.path, spec, self.files)?, export)))
            .and_then(|(path, export)| Some((self.modules.iter().find(|m| m.file.path == path)?, export)));
        let array = target.filter(|_| depth < MAX_DEPTH).and_then(|(target, export)| {
            let exports = js::exports(target);
            let local = exports.get(export.as_str()).cloned().unwrap_or(export);
            let array = js::const_value(&target.trees, &local).and_then(|v| v.first()?.group('['));
            array.map(|a| (a, target)).or_else(|| self.calls(target, &["forChild"]).into_iter().next())
        });
        if let Some((array, target)) = array {
            self.routes(array, full, target, depth + 1);
            return;
        }
        let mut route =
            page(canon::canonical(&canon::concat(full, "**"), Colon::Param), module.file, line, self.framework);
        route.confidence = Confidence::Unresolved;
        route.unresolved_prefix = Some(tree::source(module.file.text(), expr).to_owned());
        self.out.push(route);
    }
}

/// The module and export a lazy import names: `('./x', 'X')`, `default` without `.then`.
fn lazy_target(expr: &[Tree]) -> Option<(&str, String)> {
    let mut spec = None;
    let mut export = "default".to_owned();
    tree::visit(expr, &mut |level| {
        for (i, item) in level.iter().enumerate() {
            if item.is_ident("import") {
                if let Some(args) = level.get(i + 1).and_then(|t| t.group('(')) {
                    spec = spec.or_else(|| tree::string(&args.items).map(|t| t.text.as_str()));
                }
            }
            if item.is_ident("then") {
                if let Some(args) = level.get(i + 1).and_then(|t| t.group('(')) {
                    if let Some(last) = args.items.iter().rev().find_map(Tree::ident) {
                        last.clone_into(&mut export);
                    }
                }
            }
        }
    });
    Some((spec?, export))
}
