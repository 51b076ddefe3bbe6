//! Next.js routers: the app router (`app/**/page.tsx`, `app/**/route.ts`)
//! and the pages router (`pages/**`), under the project or its `src/`.
//!
//! App router folders: `(group)` and `@slot` add no segment (a slot's pages
//! render inside the parent URL); `_private` folders and interception routes
//! (`(.)x`, `(..)x`, `(..)(..)x`, `(...)x`) define no URL of their own and are
//! skipped with their subtree; `%5Fx` is a literal `_x`. `[x]` is `{x}`,
//! `[...x]` is `{*x}`, `[[...x]]` is `{*x?}`. A page answers GET; a route
//! handler answers the methods it exports. Like Next.js, `src/app` and
//! `src/pages` are ignored when `app` or `pages` exists beside `src`. The build's
//! `.next/app-path-routes-manifest.json` is read when present and wins.

use std::path::Path;

use super::exports::Exports;
use super::{get, metadata, module_stem, modules, next_config, route, under};
use crate::scan::framework::{ExtractError, Extractor, Framework, Marker, PerFile, Reading, in_folder};
use crate::scan::{Confidence, DiscoveredRoute, param_name, spec};

const APP_ROUTERS: &[&str] = &["app", "src/app"];
const PAGES_ROUTERS: &[&str] = &["pages", "src/pages"];
const PAGE_EXTENSIONS: &[&str] = &["js", "jsx", "ts", "tsx", "mdx"];
const MANIFEST: &str = ".next/app-path-routes-manifest.json";

pub const APP: Framework = Framework {
    name: "nextjs-app",
    about: "Next.js app router: app/**/page.tsx and route.ts",
    markers: &[Marker::Npm("next")],
    extractor: Extractor::PerFile(PerFile {
        wants: |name, _| {
            module_stem(name, PAGE_EXTENSIONS).is_some_and(|stem| stem == "page" || stem == "route")
                || metadata::classify(name, true).is_some()
                || next_config::NAMES.contains(&name)
        },
        reads: app_reading,
        preferred: &[("src/app", "app")],
        preferred_modules: &[],
        generated: &[MANIFEST],
        extract: extract_app,
    }),
};

pub const PAGES: Framework = Framework {
    name: "nextjs-pages",
    about: "Next.js pages router: pages/**, pages/api/** answers any method",
    markers: &[Marker::Npm("next")],
    extractor: Extractor::PerFile(PerFile {
        wants: |name, path| module_stem(name, PAGE_EXTENSIONS).is_some() && in_folder(path, "pages"),
        reads: |relative| if pages_route(relative).is_some() { Reading::Path } else { Reading::Skip },
        preferred: &[("src/pages", "pages")],
        preferred_modules: &[],
        generated: &[],
        extract: |_, relative, _| {
            let Some((segments, api)) = pages_route(relative) else { return Ok(Vec::new()) };
            let methods = if api { vec!["*".to_owned()] } else { get() };
            Ok(vec![route(PAGES.name, relative, &segments, methods, Confidence::Exact)?])
        },
    }),
};

/// Pages are their path; a route handler is read with the modules it
/// re-exports; a generated metadata file is read for its variants.
fn app_reading(relative: &Path) -> Reading {
    if is_config(relative) {
        return Reading::Text;
    }
    let Some((dirs, name)) = under(relative, APP_ROUTERS) else { return Reading::Skip };
    match module_stem(name, PAGE_EXTENSIONS) {
        Some("page") => Reading::Path,
        Some("route") => Reading::Module,
        _ => match metadata::classify(name, dirs.is_empty()) {
            Some(file) if file.dynamic => Reading::Text,
            Some(_) => Reading::Path,
            None => Reading::Skip,
        },
    }
}

fn extract_app(_: &str, relative: &Path, text: &str) -> Result<Vec<DiscoveredRoute>, ExtractError> {
    if relative == Path::new(MANIFEST) {
        return spec::manifest::nextjs_app_paths(APP.name, relative, text);
    }
    if is_config(relative) {
        return config_routes(relative, text);
    }
    let Some((dirs, name)) = under(relative, APP_ROUTERS) else { return Ok(Vec::new()) };
    let Some(mut segments) = app_segments(&dirs) else { return Ok(Vec::new()) };
    match module_stem(name, PAGE_EXTENSIONS) {
        Some("page") => Ok(vec![route(APP.name, relative, &segments, get(), Confidence::Exact)?]),
        Some("route") => route_handler(APP.name, relative, &segments, Exports::read(text)),
        _ => {
            let Some(file) = metadata::classify(name, dirs.is_empty()) else { return Ok(Vec::new()) };
            segments.extend(file.segments(&dirs, text));
            Ok(vec![route(APP.name, relative, &segments, get(), Confidence::Exact)?])
        }
    }
}

/// True for the project's `next.config.*`.
fn is_config(relative: &Path) -> bool {
    relative.to_str().is_some_and(|path| next_config::NAMES.contains(&path))
}

/// The redirects and rewrites of a `next.config.*`; what it holds that is
/// not a literal is a note.
fn config_routes(relative: &Path, text: &str) -> Result<Vec<DiscoveredRoute>, ExtractError> {
    let config = next_config::read(APP.name, relative, text);
    if config.unread.is_empty() {
        Ok(config.routes)
    } else {
        Err(ExtractError::Partial(config.routes, config.unread.join("; ")))
    }
}

/// A route handler answers the methods it exports. One whose methods are
/// not all known — it re-exports a module that was not followed, exports
/// none the scanner sees, or cannot be lexed — is still a route: listed
/// with the methods it proves (or `*`), `heuristic`, and a note. Astro's
/// endpoints are read the same way.
pub(crate) fn route_handler(
    framework: &'static str,
    relative: &Path,
    segments: &[String],
    exports: Result<Exports, ExtractError>,
) -> Result<Vec<DiscoveredRoute>, ExtractError> {
    let why = match exports {
        Ok(exports) if exports.reexports_unknown() => (
            exports.methods(),
            format!(
                "it re-exports `export * from` a module that was not followed (a package, a file outside the \
                 scanned tree, or more than {} re-exports deep)",
                modules::MAX_DEPTH
            ),
        ),
        Ok(exports) if exports.methods().is_empty() => {
            (Vec::new(), "it exports no HTTP method the scanner can see".to_owned())
        }
        Ok(exports) => {
            return Ok(vec![route(framework, relative, segments, exports.methods(), Confidence::Exact)?]);
        }
        Err(ExtractError::Unparsable(message)) => (Vec::new(), message),
        Err(other) => return Err(other),
    };
    let (methods, message) = why;
    let methods = if methods.is_empty() { vec!["*".to_owned()] } else { methods };
    let listed = route(framework, relative, segments, methods, Confidence::Heuristic)?;
    Err(ExtractError::Partial(
        vec![listed],
        format!("listed with the methods it proves (`*`: unknown) because {message}"),
    ))
}

/// The URL segments of an app-router folder path, or `None` when a folder
/// keeps the subtree out of the URL space (private, interception).
fn app_segments(dirs: &[&str]) -> Option<Vec<String>> {
    let mut segments = Vec::new();
    for dir in dirs {
        if dir.starts_with('_') || dir.starts_with("(.") {
            return None;
        }
        if (dir.starts_with('(') && dir.ends_with(')')) || dir.starts_with('@') {
            continue;
        }
        segments.push(bracket_segment(dir).unwrap_or_else(|| dir.replace("%5F", "_")));
    }
    Some(segments)
}

/// `[x]`, `[...x]`, `[[...x]]` in canonical syntax (`[user-id]` is `{user_id}`).
fn bracket_segment(dir: &str) -> Option<String> {
    if let Some(name) = dir.strip_prefix("[[...").and_then(|s| s.strip_suffix("]]")) {
        return Some(format!("{{*{}?}}", param_name(name)));
    }
    let inner = dir.strip_prefix('[')?.strip_suffix(']')?;
    Some(match inner.strip_prefix("...") {
        Some(name) => format!("{{*{}}}", param_name(name)),
        None => format!("{{{}}}", param_name(inner)),
    })
}

/// The segments of a pages-router file and whether it is an API route;
/// `None` for files that are not routes (`_app`, `_document`, `_error`, and
/// the `404`/`500` error pages).
fn pages_route(relative: &Path) -> Option<(Vec<String>, bool)> {
    let (dirs, name) = under(relative, PAGES_ROUTERS)?;
    let stem = module_stem(name, PAGE_EXTENSIONS)?;
    if dirs.is_empty() && matches!(stem, "_app" | "_document" | "_error" | "404" | "500") {
        return None;
    }
    let api = dirs.first() == Some(&"api");
    let mut segments: Vec<String> =
        dirs.iter().map(|dir| bracket_segment(dir).unwrap_or_else(|| (*dir).to_owned())).collect();
    if stem != "index" {
        segments.push(bracket_segment(stem).unwrap_or_else(|| stem.to_owned()));
    }
    Some((segments, api))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app(path: &str) -> Option<String> {
        let (dirs, _) = under(Path::new(path), APP_ROUTERS)?;
        app_segments(&dirs).map(|s| format!("/{}", s.join("/")))
    }

    #[test]
    fn app_router_folders_that_add_no_segment() {
        assert_eq!(app("app/(shop)/cart/page.tsx").as_deref(), Some("/cart"));
        assert_eq!(app("app/@modal/login/page.tsx").as_deref(), Some("/login"));
        assert_eq!(app("app/_lib/page.tsx"), None);
        assert_eq!(app("app/feed/(..)photo/[id]/page.tsx"), None);
        assert_eq!(app("app/%5Fmeta/page.tsx").as_deref(), Some("/_meta"));
        assert_eq!(app("app/docs/[[...slug]]/page.tsx").as_deref(), Some("/docs/{*slug?}"));
        assert_eq!(
            app("app/teams/[team-id]/[...file.path]/page.tsx").as_deref(),
            Some("/teams/{team_id}/{*file_path}")
        );
    }
}
