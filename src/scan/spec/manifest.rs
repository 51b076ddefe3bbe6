//! Manifests written by a framework's own tools, which know the routes for
//! certain: Next.js's `.next/app-path-routes-manifest.json` (app path →
//! URL path) and the output of `react-router routes --json` (the nested
//! route tree, saved as `react-router-routes.json`).

use std::path::Path;

use serde::Deserialize;

use super::key_line;
use crate::route::RoutePattern;
use crate::scan::framework::ExtractError;
use crate::scan::{Confidence, DiscoveredRoute, RouteSource, param_name};

fn manifest_route(
    framework: &'static str,
    file: &Path,
    pattern: &str,
    methods: Vec<String>,
    line: u32,
) -> Option<DiscoveredRoute> {
    Some(DiscoveredRoute {
        pattern: RoutePattern::parse(&with_valid_names(pattern)).ok()?.to_string(),
        methods,
        file: file.to_path_buf(),
        line,
        framework,
        source: RouteSource::Manifest,
        confidence: Confidence::Exact,
        unresolved_prefix: None,
        forward: None,
    })
}

/// `pattern` with its parameter names made valid (`[user-id]`, `:user-id`
/// → `user_id`), as the file-system routers spell them.
fn with_valid_names(pattern: &str) -> String {
    const FORMS: [(&str, &str); 6] = [("[[...", "]]"), ("[[", "]]"), ("[...", "]"), ("[", "]"), (":", "?"), (":", "")];
    let segments: Vec<String> = pattern
        .split('/')
        .map(|segment| {
            FORMS
                .iter()
                .find_map(|(open, close)| {
                    let name = segment.strip_prefix(open)?.strip_suffix(close)?;
                    Some(format!("{open}{}{close}", param_name(name)))
                })
                .unwrap_or_else(|| segment.to_owned())
        })
        .collect();
    segments.join("/")
}

/// `{"/users/[id]/page": "/users/[id]", "/api/x/route": "/api/x"}`: pages
/// answer GET; the manifest does not say which methods a route handler
/// exports, so those answer any (`*`). Next.js's internal pages and the
/// variants of metadata routes are left out (see `internal_or_metadata`).
///
/// # Errors
/// When the file is not a JSON object of strings, or a path is not a route.
pub fn nextjs_app_paths(
    framework: &'static str,
    file: &Path,
    text: &str,
) -> Result<Vec<DiscoveredRoute>, ExtractError> {
    let entries: std::collections::BTreeMap<String, String> =
        serde_json::from_str(text).map_err(|e| ExtractError::Invalid(e.to_string()))?;
    let mut routes = Vec::new();
    for (app_path, url) in entries.iter().filter(|(app_path, _)| !internal_or_metadata(app_path)) {
        let methods = if app_path.ends_with("/route") { vec!["*".to_owned()] } else { vec!["GET".to_owned()] };
        let route = manifest_route(framework, file, url, methods, key_line(text, app_path))
            .ok_or_else(|| ExtractError::Invalid(format!("`{url}` (for `{app_path}`) is not a route")))?;
        routes.push(route);
    }
    Ok(routes)
}

/// True for a manifest entry the file-system scan would not list: Next.js's
/// own pages (`/_not-found`, `/_global-error`: a first segment starting
/// with `_`) and the variants of generated metadata files
/// (`/icon/[__metadata_id__]`), whose parameter the file-system scan names
/// only when the module exports `generateImageMetadata`. Metadata routes
/// (`/favicon.ico`, `/opengraph-image`, `/sitemap.xml`) are kept: the
/// file-system scan lists them from their files too.
fn internal_or_metadata(app_path: &str) -> bool {
    let mut segments = app_path.split('/').filter(|s| !s.is_empty());
    segments.next().is_some_and(|first| first.starts_with('_')) || app_path.contains("/[__metadata_id__]")
}

/// One node of `react-router routes --json`.
#[derive(Deserialize)]
struct RouteNode {
    id: String,
    path: Option<String>,
    #[serde(default)]
    index: bool,
    #[serde(default)]
    children: Vec<RouteNode>,
}

/// The nested route tree: paths are joined down the tree, an index route
/// takes its parent's path, a pathless layout adds nothing and has no URL
/// of its own, and an optional literal (`en?`) gives both variants.
///
/// # Errors
/// When the file is not that JSON shape, or a joined path is not a route.
pub fn react_router_routes(
    framework: &'static str,
    file: &Path,
    text: &str,
) -> Result<Vec<DiscoveredRoute>, ExtractError> {
    let tree: Vec<RouteNode> = serde_json::from_str(text).map_err(|e| ExtractError::Invalid(e.to_string()))?;
    let mut routes = Vec::new();
    let mut stack: Vec<(&RouteNode, Vec<Vec<String>>)> = tree.iter().rev().map(|n| (n, vec![Vec::new()])).collect();
    while let Some((node, parents)) = stack.pop() {
        let mut variants = parents;
        for segment in node.path.iter().flat_map(|p| p.split('/')).filter(|s| !s.is_empty()) {
            variants = match segment.strip_suffix('?').filter(|s| !s.starts_with(':')) {
                Some(literal) => {
                    variants.iter().flat_map(|v| [[v.clone(), vec![literal.to_owned()]].concat(), v.clone()]).collect()
                }
                None => variants.into_iter().map(|v| [v, vec![segment.to_owned()]].concat()).collect(),
            };
        }
        if node.index || node.path.is_some() {
            let line = line_of_value(text, &node.id);
            for variant in &variants {
                let pattern = format!("/{}", variant.join("/"));
                let route =
                    manifest_route(framework, file, &pattern, vec!["GET".to_owned()], line).ok_or_else(|| {
                        ExtractError::Invalid(format!("`{pattern}` (route `{}`) is not a route", node.id))
                    })?;
                routes.push(route);
            }
        }
        stack.extend(node.children.iter().rev().map(|child| (child, variants.clone())));
    }
    Ok(routes)
}

/// The line of `"id": "<id>"`.
fn line_of_value(text: &str, id: &str) -> u32 {
    let needle = format!("\"{id}\"");
    text.lines().position(|line| line.contains(&needle)).map_or(1, |at| u32::try_from(at + 1).unwrap_or(u32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_pages_and_metadata_variants_are_not_listed() {
        for app_path in [
            "/_not-found/page",
            "/_global-error/page",
            "/_internal/x/page",
            "/products/sitemap/[__metadata_id__]/route",
        ] {
            assert!(internal_or_metadata(app_path), "{app_path}");
        }
        // Metadata routes are listed, as the file-system scan lists them.
        for app_path in ["/%5Fmeta/page", "/icons/page", "/favicon.ico/route", "/icon/route", "/sitemap.xml/route"] {
            assert!(!internal_or_metadata(app_path), "{app_path}");
        }
    }
}
