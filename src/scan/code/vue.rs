//! Vue Router: route records in a `routes` array (`createRouter({ routes })`,
//! `const routes: RouteRecordRaw[] = […]`, `export default […]` of a routes
//! file). Records nest like React Router's objects: a child path is
//! relative unless it starts with `/`, and a parent matches on its own.
//! Parameters: `:id`, `:id?`, `:id(\\d+)`, `:pathMatch(.*)*`.

use super::Files;
use super::js::{self, Module};
use super::react::objects;
use super::tree::{Group, Tree};
use crate::scan::DiscoveredRoute;

/// The Vue Router routes of `files`.
#[must_use]
pub fn extract(files: &Files<'_>, framework: &'static str) -> Vec<DiscoveredRoute> {
    let mut out = Vec::new();
    for module in js::parse_all(files) {
        for array in route_arrays(&module) {
            objects(array, "/", module.file, framework, &mut out);
        }
    }
    out
}

/// Arrays of route records: the value of a `routes` field or `const`, or a
/// default export whose first element is an object with a `path`.
fn route_arrays<'a>(module: &'a Module) -> Vec<&'a Group> {
    let mut arrays = Vec::new();
    super::tree::visit(&module.trees, &mut |level| {
        for (i, item) in level.iter().enumerate() {
            // `routes: [` (a field) or `routes: Type[] = [` / `routes = [` (a binding).
            let array = || match level.get(i + 1..i + 3) {
                Some([colon, Tree::Group(g)]) if colon.is_punct(':') && g.open == '[' => Some(g),
                _ => level[i + 1..]
                    .iter()
                    .take(6)
                    .position(|t| t.is_punct('='))
                    .and_then(|eq| level.get(i + 2 + eq)?.group('[')),
            };
            let named_routes = item.is_ident("routes") && !level.get(i + 1).is_some_and(|t| t.is_punct(','));
            let default_export = item.is_ident("default") && i > 0 && level[i - 1].is_ident("export");
            let array = || if default_export { level.get(i + 1).and_then(|t| t.group('[')) } else { array() };
            if !(named_routes || default_export) {
                continue;
            }
            if let Some(array) = array().filter(|a| named_routes || holds_records(a)) {
                arrays.push(array);
            }
        }
    });
    arrays
}

fn holds_records(array: &Group) -> bool {
    matches!(array.items.first(), Some(Tree::Group(g)) if g.open == '{' && super::tree::field(g, "path").is_some())
}
