//! Astro: pages and endpoints under `src/pages/` (or `<srcDir>/pages`), and
//! the `redirects` of `astro.config.*`.
//!
//! A page (`.astro`, `.html`, Markdown, `.mdx`, `.mdoc`) answers GET; an
//! endpoint (`.ts`, `.js`) answers the methods it exports (`GET`, `POST`…;
//! `ALL` is any), read like a Next.js route handler; one exporting only
//! Astro 2's lower-case `get` answers nothing since Astro 3 (a note). The name without its
//! last extension is the segment, so `rss.xml.ts` is `/rss.xml` and
//! `[id].json.ts` is `/{id}.json`; `index` adds none; `[id]` is `{id}` and
//! `[...slug]` is `{*slug?}` (an Astro rest parameter also matches
//! nothing), also where two follow each other (`[...blog]/[...page].astro`
//! is `/{*blog?}/{*page?}`). A file or folder whose name starts with `_` is
//! no route.
//!
//! `redirects: { "/old": "/new", "/a/[id]": { status: 302, destination:
//! "/b/[id]" } }` lists each source as a redirect (301 unless a status is
//! given), written in the route syntax like a page's path. `srcDir` and
//! `base` are read from the config when literal (`src/scan/config.rs`).

use std::path::{Path, PathBuf};

use super::exports::Exports;
use super::sveltekit::segment;
use super::{get, module_stem, nextjs, route, under};
use crate::scan::code::lex::{Kind, Lang};
use crate::scan::code::tree::{self, Group, Tree};
use crate::scan::config::config_object;
use crate::scan::framework::{ExtractError, Extractor, Framework, Marker, PerFile, Reading, in_folder};
use crate::scan::{Confidence, DiscoveredRoute, Forward, ForwardKind, RouteSource};

/// The pages folder Astro reads unless `srcDir` moves it.
pub const PAGES: &str = "src/pages";
const ROUTERS: &[&str] = &[PAGES];
/// Astro's page extensions, with those of its MDX and Markdoc integrations.
const PAGE_EXTENSIONS: &[&str] = &["astro", "html", "md", "markdown", "mdown", "mkdn", "mkd", "mdwn", "mdx", "mdoc"];
const ENDPOINT_EXTENSIONS: &[&str] = &["js", "ts"];
/// The config files Astro loads.
pub const CONFIG_NAMES: &[&str] = &[
    "astro.config.mjs",
    "astro.config.js",
    "astro.config.ts",
    "astro.config.mts",
    "astro.config.cjs",
    "astro.config.cts",
];

pub const ASTRO: Framework = Framework {
    name: "astro",
    about: "Astro: src/pages/** pages and endpoints, astro.config redirects",
    markers: &[Marker::Npm("astro")],
    extractor: Extractor::PerFile(PerFile {
        wants: |name, path| {
            in_folder(path, "pages") && (module_stem(name, PAGE_EXTENSIONS).is_some() || endpoint(name))
        },
        // The config's redirects are read with the project's config
        // values (`src/scan/config.rs`), which may follow its imports.
        reads: |relative| match file(relative) {
            Some((_, name)) if endpoint(name) => Reading::Module,
            Some(_) => Reading::Path,
            None => Reading::Skip,
        },
        preferred: &[],
        preferred_modules: &[],
        generated: &[],
        extract,
    }),
};

fn endpoint(name: &str) -> bool {
    module_stem(name, ENDPOINT_EXTENSIONS).is_some()
}

/// The folders and name of a page or endpoint; `None` for other files and
/// for what a `_` name keeps out.
fn file(relative: &Path) -> Option<(Vec<&str>, &str)> {
    let (dirs, name) = under(relative, ROUTERS)?;
    let routable = module_stem(name, PAGE_EXTENSIONS).is_some() || endpoint(name);
    let private = name.starts_with('_') || dirs.iter().any(|dir| dir.starts_with('_'));
    (routable && !private).then_some((dirs, name))
}

fn extract(_: &str, relative: &Path, text: &str) -> Result<Vec<DiscoveredRoute>, ExtractError> {
    let Some((dirs, name)) = file(relative) else { return Ok(Vec::new()) };
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    let names = dirs.iter().copied().chain((stem != "index").then_some(stem));
    let (segments, confidence) = segments(names)?;
    if endpoint(name) {
        let exports = Exports::read(text);
        if let Some(old) = exports.as_ref().ok().and_then(astro2_handler) {
            return Err(ExtractError::Unparsable(format!(
                "it exports `{old}`, an Astro 2 handler, and no upper-case method: Astro 3 and later call none of \
                 its functions, so the endpoint answers nothing"
            )));
        }
        let mut routes = nextjs::route_handler(ASTRO.name, relative, &segments, exports);
        if confidence == Confidence::Heuristic {
            if let Ok(found) = &mut routes {
                for route in found {
                    route.confidence = confidence;
                }
            }
        }
        return routes;
    }
    Ok(vec![route(ASTRO.name, relative, &segments, get(), confidence)?])
}

/// The lower-case handler (`get`, `post`, `del`, `all`) of an endpoint
/// written for Astro 2, when it exports no handler Astro 3 and later call.
fn astro2_handler(exports: &Exports) -> Option<&'static str> {
    let current = exports.methods();
    let old = ["get", "post", "put", "patch", "del", "delete", "all"].into_iter().find(|name| exports.has(name))?;
    current.is_empty().then_some(old)
}

/// Segments in the route syntax, and whether they say exactly what they match.
fn segments<'a>(names: impl Iterator<Item = &'a str>) -> Result<(Vec<String>, Confidence), ExtractError> {
    let mut confidence = Confidence::Exact;
    let mut segments = Vec::new();
    for name in names {
        let (segment, exact) = segment(name)?;
        if !exact {
            confidence = Confidence::Heuristic;
        }
        segments.push(segment);
    }
    Ok((segments, confidence))
}

/// A module a config imports, by its specifier: its path (relative to the
/// project) and text, when it is a file of the project.
pub type Import<'a> = &'a dyn Fn(&str) -> Option<(PathBuf, String)>;

/// The redirects of an `astro.config.*` at `relative`, and what could not
/// be read, a sentence each. An entry `...name` spreads the object a
/// project module exports by default (`import name from "./redirects.js"`),
/// read through `import`.
#[must_use]
pub fn redirects(relative: &Path, text: &str, import: Import<'_>) -> (Vec<DiscoveredRoute>, Vec<String>) {
    let mut routes = Vec::new();
    let mut unread = Vec::new();
    let Some(items) = tree::parse(text, Lang::Js) else {
        return (routes, vec!["`redirects` not read: the file could not be lexed".to_owned()]);
    };
    let Some(value) = config_object(&items).and_then(|config| tree::field(config, "redirects")) else {
        return (routes, unread);
    };
    let Some(object) = value.first().and_then(|t| t.group('{')).filter(|_| value.len() == 1) else {
        let line = value.first().map_or(1, Tree::line);
        return (routes, vec![format!("`redirects` (line {line}) is not a literal object: its routes are not listed")]);
    };
    for entry in tree::split(&object.items, ',') {
        let spread = match entry {
            [a, b, c, name] if [a, b, c].iter().all(|t| t.is_punct('.')) => name.ident(),
            _ => None,
        };
        if let Some(name) = spread {
            match imported_object(&items, name, import) {
                Some((file, text)) => entries_of_default(&file, &text, &mut routes, &mut unread),
                None => unread.push(format!(
                    "`...{name}` (line {}) is not a literal object of a project module: its redirects are not listed",
                    entry[0].line()
                )),
            }
            continue;
        }
        match redirect(relative, entry) {
            Some(route) => routes.push(route),
            None => {
                unread
                    .push(format!("the redirect on line {} is not a literal source and destination", entry[0].line()));
            }
        }
    }
    (routes, unread)
}

/// The module `import name from "spec"` names, read through `import`.
fn imported_object(items: &[Tree], name: &str, import: Import<'_>) -> Option<(PathBuf, String)> {
    let spec = items.windows(4).find_map(|w| match w {
        [import, local, from, Tree::Tok(spec)]
            if import.is_ident("import") && local.is_ident(name) && from.is_ident("from") && spec.kind == Kind::Str =>
        {
            Some(spec.text.clone())
        }
        _ => None,
    })?;
    import(&spec)
}

/// The entries of the object a module exports by default, as redirects.
fn entries_of_default(file: &Path, text: &str, routes: &mut Vec<DiscoveredRoute>, unread: &mut Vec<String>) {
    let items = tree::parse(text, Lang::Js);
    let Some(object) = items.as_deref().and_then(config_object) else {
        unread.push(format!("`{}` exports no literal object: its redirects are not listed", file.display()));
        return;
    };
    for entry in tree::split(&object.items, ',') {
        match redirect(file, entry) {
            Some(route) => routes.push(route),
            None => unread.push(format!(
                "the redirect on line {} of `{}` is not a literal source and destination",
                entry[0].line(),
                file.display()
            )),
        }
    }
}

/// One `"/from": "/to"` or `"/from": { status, destination }` entry.
fn redirect(relative: &Path, entry: &[Tree]) -> Option<DiscoveredRoute> {
    let [key, colon, value @ ..] = entry else { return None };
    let source = key.tok().filter(|t| t.kind == Kind::Str && colon.is_punct(':'))?;
    let (destination, status) = match value {
        [Tree::Group(object)] if object.open == '{' => {
            (tree::string(tree::field(object, "destination")?)?, status(object))
        }
        _ => (tree::string(value)?, None),
    };
    let names: Vec<&str> = source.text.split('/').filter(|s| !s.is_empty()).collect();
    let (segments, confidence) = segments(names.into_iter()).ok()?;
    let mut route = route(ASTRO.name, relative, &segments, vec!["*".to_owned()], confidence).ok()?;
    route.line = source.line;
    route.source = RouteSource::Code;
    route.forward = Some(Forward {
        kind: ForwardKind::Redirect,
        destination: destination.text.clone(),
        status: Some(status.unwrap_or(301)),
        conditional: false,
    });
    Some(route)
}

fn status(object: &Group) -> Option<u16> {
    tree::field(object, "status")?.first()?.tok().filter(|t| t.kind == Kind::Num)?.text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(path: &str, text: &str) -> Vec<String> {
        super::super::route_lines(extract, "astro", path, text)
    }

    #[test]
    fn pages_and_endpoints_are_their_path() {
        assert_eq!(urls("src/pages/index.astro", ""), ["GET /"]);
        assert_eq!(urls("src/pages/blog/[...slug].astro", ""), ["GET /blog/{*slug?}"]);
        assert_eq!(urls("src/pages/[...base]/[tag]/[...page].astro", ""), ["GET /{*base?}/{tag}/{*page?}"]);
        assert_eq!(urls("src/pages/about.md", ""), ["GET /about"]);
        assert_eq!(urls("src/pages/rss.xml.ts", "export const GET = () => {};"), ["GET /rss.xml"]);
        assert_eq!(urls("src/pages/api/[id].json.ts", "export function POST() {}"), ["POST /api/{id}.json"]);
        assert_eq!(urls("src/pages/api/any.ts", "export const ALL = h;"), ["* /api/any"]);
        assert!(urls("src/pages/_partial.astro", "").is_empty() && urls("src/pages/_lib/x.ts", "").is_empty());
        assert!(urls("src/pages/component.tsx", "").is_empty());
        let astro2 = extract("astro", Path::new("src/pages/schema.json.js"), "export function get() {}");
        assert!(matches!(astro2, Err(ExtractError::Unparsable(_))), "Astro 3 and later serve no `get`");
    }

    #[test]
    fn literal_redirects_are_routes() {
        let config = "import moved from './moved.js';\nexport default defineConfig({\n  redirects: {\n    '/old': '/new',\n    \
                      '/blog/[...slug]': { status: 302, destination: '/articles/[...slug]' },\n    ...moved,\n  },\n});";
        let import = |spec: &str| {
            (spec == "./moved.js")
                .then(|| (PathBuf::from("moved.js"), "export default {\n  '/a': '/b',\n};".to_owned()))
        };
        let (routes, unread) = redirects(Path::new("astro.config.mjs"), config, &import);
        let found: Vec<_> = routes
            .iter()
            .map(|r| format!("{} {}:{} {}", r.pattern, r.file.display(), r.line, r.forward.as_ref().unwrap()))
            .collect();
        assert_eq!(
            found,
            [
                "/old astro.config.mjs:4 redirect 301 → /new",
                "/blog/{*slug?} astro.config.mjs:5 redirect 302 → /articles/[...slug]",
                "/a moved.js:2 redirect 301 → /b"
            ]
        );
        assert!(unread.is_empty(), "{unread:?}");
        let none = |_: &str| None;
        let (_, unread) = redirects(Path::new("astro.config.mjs"), "export default { redirects: make() }", &none);
        assert_eq!(unread.len(), 1);
        let (_, unread) = redirects(Path::new("astro.config.mjs"), config, &none);
        assert_eq!(unread.len(), 1, "an import that is not followed is a note");
    }
}
