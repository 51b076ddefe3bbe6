//! File-system routers: the file's path under the router's directory is the
//! route. One module per convention; this one holds what they share: how a
//! route is recorded and where a file lies under its router; [`exports`]
//! reads which HTTP methods a module exports.

pub mod astro;
pub mod convention;
pub mod exports;
pub mod flat;
pub mod metadata;
pub mod modules;
pub mod next_config;
pub mod nextjs;
pub mod nuxt;
pub mod sveltekit;

use std::path::{Component, Path};

use super::framework::ExtractError;
use super::{Confidence, DiscoveredRoute, RouteSource};
use crate::route::RoutePattern;

/// A file-system route of `file`, its segments written in canonical syntax.
///
/// # Errors
/// When the segments do not make a route (`[a]/[a]`: a repeated name).
pub fn route(
    framework: &'static str,
    file: &Path,
    segments: &[String],
    methods: Vec<String>,
    confidence: Confidence,
) -> Result<DiscoveredRoute, ExtractError> {
    let text = format!("/{}", segments.join("/"));
    let pattern = RoutePattern::parse(&text)
        .map_err(|e| ExtractError::Unparsable(format!("`{text}` is not a route: {}", e.message)))?;
    Ok(DiscoveredRoute {
        pattern: pattern.to_string(),
        methods,
        file: file.to_path_buf(),
        line: 1,
        framework,
        source: RouteSource::FileSystem,
        confidence,
        unresolved_prefix: None,
        forward: None,
    })
}

/// The directories of `relative` below `router` (`app`, `src/app`), and the
/// file name; `None` when the file is not under the router.
#[must_use]
pub fn under<'a>(relative: &'a Path, routers: &[&str]) -> Option<(Vec<&'a str>, &'a str)> {
    let parts: Vec<&str> = relative
        .components()
        .map(|c| match c {
            Component::Normal(part) => part.to_str(),
            _ => None,
        })
        .collect::<Option<_>>()?;
    let (name, dirs) = parts.split_last()?;
    routers.iter().find_map(|router| {
        let depth = router.split('/').count();
        let prefix = dirs.get(..depth)?;
        (prefix.join("/") == *router).then(|| (dirs[depth..].to_vec(), *name))
    })
}

/// The stem of `name` when its extension is one of `extensions` and it is
/// not a type declaration (`x.d.ts`).
#[must_use]
pub fn module_stem<'a>(name: &'a str, extensions: &[&str]) -> Option<&'a str> {
    let (stem, ext) = name.rsplit_once('.')?;
    let declaration = stem.rsplit_once('.').is_some_and(|(_, d)| d == "d");
    (extensions.contains(&ext) && !declaration).then_some(stem)
}

/// Just `GET`: what a page answers.
#[must_use]
pub fn get() -> Vec<String> {
    vec!["GET".to_owned()]
}

/// `METHODS /pattern` of each route a file-system router finds in one
/// file, partly read or not: what the routers' unit tests compare.
#[cfg(test)]
pub(crate) fn route_lines(extract: super::framework::Extract, framework: &str, path: &str, text: &str) -> Vec<String> {
    let routes = match extract(framework, Path::new(path), text) {
        Ok(routes) | Err(ExtractError::Partial(routes, _)) => routes,
        Err(error) => panic!("{path}: {error:?}"),
    };
    routes.iter().map(|r| format!("{} {}", r.methods.join(","), r.pattern)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_a_path_under_its_router() {
        let (dirs, name) = under(Path::new("src/app/a/b/page.tsx"), &["app", "src/app"]).unwrap();
        assert_eq!((dirs, name), (vec!["a", "b"], "page.tsx"));
        assert!(under(Path::new("lib/app/page.tsx"), &["app", "src/app"]).is_none());
    }
}
