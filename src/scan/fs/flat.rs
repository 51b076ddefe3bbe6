//! Remix v2 flat routes (and `@react-router/fs-routes`, named with
//! `--framework flat-routes`; in a React Router v7 app `react-router-config`
//! reads them through `app/routes.ts` with the options it passes):
//! every module in `app/routes/` (or a folder there holding `route.tsx` or
//! `index.tsx`) is a route whose name, split at unescaped dots, is its path.
//!
//! `$id` is `{id}`, a lone `$` the splat `{*splat}`, `($lang)` is `{lang?}`,
//! `(en)` an optional literal (both variants are listed), `_index` the index
//! of its parent, a leading `_` a pathless layout (no segment; as the last
//! segment, no URL of its own), a trailing `_` opts out of layout nesting
//! without changing the URL, and `[...]` escapes its characters
//! (`sitemap[.]xml` is `/sitemap.xml`). A module exporting an `action`
//! answers POST, PUT, PATCH and DELETE, and GET when it also exports a
//! `loader` or a default component; any other module answers GET. The `react-router routes --json` output,
//! saved as `react-router-routes.json`, is read when present and wins.

use std::path::{Path, PathBuf};

use super::convention::{Convention, EXTENSIONS};
use super::exports::Exports;
use super::{get, module_stem, route, under};
use crate::route::METHODS;
use crate::scan::framework::{ExtractError, Extractor, Framework, Marker, PerFile, Reading, in_folder};
use crate::scan::{Confidence, DiscoveredRoute, spec};

const ROUTERS: &[&str] = &["app/routes"];
const MANIFEST: &str = "react-router-routes.json";

pub const FLAT_ROUTES: Framework = Framework {
    name: "flat-routes",
    about: "React Router v7 / Remix flat routes: app/routes/*.tsx",
    // A React Router v7 app names its routes in `app/routes.ts`, which
    // `react-router-config` follows into `flatRoutes()` with its options.
    markers: &[Marker::Npm("@remix-run/dev")],
    extractor: Extractor::PerFile(PerFile {
        wants: |name, path| name == MANIFEST || (module_stem(name, EXTENSIONS).is_some() && in_folder(path, "routes")),
        reads: |relative| {
            if relative == Path::new(MANIFEST) || route_name(relative).is_some() {
                Reading::Text
            } else {
                Reading::Skip
            }
        },
        preferred: &[],
        preferred_modules: &[("index", "route")],
        generated: &[],
        extract,
    }),
};

fn extract(_: &str, relative: &Path, text: &str) -> Result<Vec<DiscoveredRoute>, ExtractError> {
    if relative == Path::new(MANIFEST) {
        return spec::manifest::react_router_routes(FLAT_ROUTES.name, relative, text);
    }
    let Some(name) = route_name(relative) else { return Ok(Vec::new()) };
    module_routes(FLAT_ROUTES.name, relative, Convention::FlatRoutes, &name, text)
}

/// The routes of the route module `file` named `name` in `convention`,
/// answering what its exports say (a markdown module is a page).
///
/// # Errors
/// When the name is not a route or the module cannot be lexed.
pub fn module_routes(
    framework: &'static str,
    file: &Path,
    convention: Convention,
    name: &str,
    text: &str,
) -> Result<Vec<DiscoveredRoute>, ExtractError> {
    let markdown = file.extension().is_some_and(|ext| ext == "md" || ext == "mdx");
    let methods = if markdown { get() } else { module_methods(&Exports::read(text)?) };
    let Some(variants) = convention.segments(name)? else { return Ok(Vec::new()) };
    variants.iter().map(|segments| route(framework, file, segments, methods.clone(), Confidence::Exact)).collect()
}

/// What a route module answers: an `action` handles every method but GET
/// (a form or `fetch` may send any of them); GET is answered by a `loader`
/// or a default component, and by a module with no action at all (a route
/// renders even without either). A resource route exporting only an action
/// answers no GET.
fn module_methods(exports: &Exports) -> Vec<String> {
    let action = exports.has("action");
    let get = !action || exports.has("loader") || exports.has("default");
    METHODS
        .iter()
        .filter(|m| if **m == "GET" { get } else { action && ACTION_METHODS.contains(m) })
        .map(|m| (*m).to_owned())
        .collect()
}

/// The methods an `action` answers.
const ACTION_METHODS: &[&str] = &["POST", "PUT", "PATCH", "DELETE"];

/// The route name of a module: its stem directly in `app/routes/`, or its
/// folder's name for the folder's route module, `app/routes/<name>/route.tsx`
/// or `app/routes/<name>/index.tsx`.
fn route_name(relative: &Path) -> Option<String> {
    let (dirs, file) = under(relative, ROUTERS)?;
    let inside: PathBuf = dirs.iter().chain(std::iter::once(&file)).collect();
    Convention::FlatRoutes.route_name(&inside)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(text: &str) -> Vec<String> {
        module_methods(&Exports::read(text).unwrap())
    }

    #[test]
    fn an_action_answers_every_method_but_get() {
        let page = "export const action = async () => {};\nexport default function Page() {}";
        assert_eq!(answers(page), ["GET", "POST", "PUT", "PATCH", "DELETE"]);
        assert_eq!(answers("export async function action() {}"), ["POST", "PUT", "PATCH", "DELETE"]);
        assert_eq!(answers("export { action, loader } from './shared';").len(), 5);
        assert_eq!(answers("export const loader = () => null;"), ["GET"]);
        assert_eq!(answers("export default function Page() {}"), ["GET"]);
        assert_eq!(answers("// export const action = 1;\nexport default function P() {}"), ["GET"]);
    }

    #[test]
    fn a_folder_route_module_is_route_or_index() {
        let name = |path: &'static str| route_name(Path::new(path));
        assert_eq!(name("app/routes/app.settings/route.tsx").as_deref(), Some("app.settings"));
        assert_eq!(name("app/routes/app.billing/index.tsx").as_deref(), Some("app.billing"));
        assert_eq!(name("app/routes/app.billing/form.tsx"), None);
        assert_eq!(name("app/routes/a/b/index.tsx"), None);
    }
}
