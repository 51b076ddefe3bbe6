//! Nuxt 3 and 4: pages under `pages/` (Nuxt 4: `app/pages/`, its `app/`
//! source folder), and the server handlers Nitro scans under `server/api/`
//! (served under `/api`) and `server/routes/`.
//!
//! Pages answer GET. A file or folder name is a segment: `index` adds none,
//! `(group)` adds none, `[id]` is `{id}`, `[[id]]` is `{id?}`, `[...slug]`
//! is `{*slug?}` (Vue Router's `:slug(.*)*` also matches nothing), and text
//! mixes with parameters (`prefix-[id]`, `@[account]`) as in SvelteKit. A
//! page `parent.vue` beside a folder `parent/` renders the folder's pages
//! inside it: their URLs are the folder's, so nesting needs nothing more.
//! `definePageMeta({ path, alias })` with literals moves the page or gives
//! it more URLs, in Vue Router's syntax (`/:id?`), as Nuxt reads them at
//! build time.
//!
//! A server handler answers the method its name ends with (`users.post.ts`,
//! `[id].get.ts`) or any method (`*`); `.dev` handlers exist only on the
//! development server and are not listed; `[...slug]` is `{*slug}` (Nitro's
//! `**:slug` needs one segment at least). `server/middleware/` runs before
//! every request and defines no route. Files Nuxt ignores (a leading `-`,
//! `*.test.*`, `*.spec.*`, `*.stories.*`, `*.d.ts`) are no routes.
//!
//! The folders of `layers/` are layers Nuxt registers by itself: their
//! pages and handlers are the app's, read the same way, whether or not a
//! layer has a `package.json` of its own. `srcDir`, `dir.pages`,
//! `serverDir` and `app.baseURL` are read from `nuxt.config.*` when literal
//! (`src/scan/config.rs`).

use std::path::Path;

use super::sveltekit::segment;
use super::{get, module_stem, route, under};
use crate::scan::code::canon::{self, Colon};
use crate::scan::code::lex::Lang;
use crate::scan::code::tree::{self, Tree};
use crate::scan::framework::{ExtractError, Extractor, Framework, Marker, PerFile, Reading};
use crate::scan::{Confidence, DiscoveredRoute};

/// The pages folder Nuxt reads unless its config moves it.
pub const PAGES: &str = "pages";
/// The server folder Nitro reads unless `serverDir` moves it.
pub const SERVER: &str = "server";
const PAGE_ROUTERS: &[&str] = &["app/pages", PAGES];
/// The handler folders, and the prefix each one's routes are under.
const HANDLER_ROUTERS: &[(&str, &str)] = &[("server/api", "api"), ("server/routes", "")];
/// Nuxt's `extensions`: what a page may be written in.
const PAGE_EXTENSIONS: &[&str] = &["vue", "js", "jsx", "mjs", "ts", "tsx"];
/// What Nitro scans for handlers.
const HANDLER_EXTENSIONS: &[&str] = &["js", "mjs", "cjs", "ts", "mts", "cts", "tsx", "jsx"];
/// The config files Nuxt loads.
pub const CONFIG_NAMES: &[&str] =
    &["nuxt.config.ts", "nuxt.config.js", "nuxt.config.mjs", "nuxt.config.mts", "nuxt.config.cjs", "nuxt.config.cts"];
/// The method suffixes of a handler's name (Nitro's).
const METHODS: &[&str] = &["connect", "delete", "get", "head", "options", "patch", "post", "put", "trace"];

pub const NUXT: Framework = Framework {
    name: "nuxt",
    about: "Nuxt 3 and 4: pages/**, server/api/** and server/routes/** handlers",
    markers: &[Marker::Npm("nuxt")],
    extractor: Extractor::PerFile(PerFile {
        wants: |name, _| module_stem(name, PAGE_EXTENSIONS).or_else(|| module_stem(name, HANDLER_EXTENSIONS)).is_some(),
        reads: |relative| match file(relative) {
            // A page's text may hold `definePageMeta({ path, alias })`.
            Some(File::Page { .. }) => Reading::Text,
            Some(File::Handler { .. }) => Reading::Path,
            None => Reading::Skip,
        },
        // Nuxt 4 reads `app/pages` (its `app/` source folder) when it exists.
        preferred: &[(PAGES, "app/pages")],
        preferred_modules: &[],
        generated: &[],
        extract,
    }),
};

/// Gives Nuxt to the projects that are layers of a Nuxt app: a folder of
/// its `layers/` (which Nuxt registers by itself) holding a manifest of its
/// own, whose pages and handlers are the app's, in the same URL space. A
/// layer without a manifest is part of the app's project: see [`file`].
pub fn read_layers<P>(projects: &mut [P], parts: impl Fn(&mut P) -> (&Path, &mut Vec<&'static Framework>)) {
    let apps: Vec<std::path::PathBuf> = projects
        .iter_mut()
        .filter_map(|p| {
            let (dir, uses) = parts(p);
            uses.iter().any(|f| f.name == NUXT.name).then(|| dir.join(LAYERS))
        })
        .collect();
    for project in projects {
        let (dir, uses) = parts(project);
        let layer = dir.parent().is_some_and(|parent| apps.iter().any(|layers| layers == parent));
        if layer && !uses.iter().any(|f| f.name == NUXT.name) {
            uses.push(&NUXT);
        }
    }
}

/// The folder whose subfolders Nuxt registers as layers.
const LAYERS: &str = "layers";

/// What a file of a Nuxt project is to the router.
enum File<'a> {
    /// A page: its folders and its name without the extension.
    Page { dirs: Vec<&'a str>, stem: &'a str },
    /// A server handler: its folders, name, and the prefix of its folder.
    Handler { dirs: Vec<&'a str>, stem: &'a str, prefix: &'static str },
}

/// The file at `relative` (to the project); a layer's files
/// (`layers/<name>/…`) are read as the app's.
fn file(relative: &Path) -> Option<File<'_>> {
    let mut parts = relative.components();
    let in_layer = parts.next().is_some_and(|c| c.as_os_str() == LAYERS) && parts.next().is_some();
    let relative = if in_layer { parts.as_path() } else { relative };
    if let Some((dirs, name)) = under(relative, PAGE_ROUTERS) {
        let stem = module_stem(name, PAGE_EXTENSIONS).filter(|_| !ignored(name))?;
        return Some(File::Page { dirs, stem });
    }
    HANDLER_ROUTERS.iter().find_map(|(router, prefix)| {
        let (dirs, name) = under(relative, &[router])?;
        let stem = module_stem(name, HANDLER_EXTENSIONS).filter(|_| !ignored(name))?;
        Some(File::Handler { dirs, stem, prefix })
    })
}

/// Files Nuxt's default `ignore` leaves out: `-` names (`ignorePrefix`),
/// tests, stories.
fn ignored(name: &str) -> bool {
    let words: Vec<&str> = name.split('.').collect();
    name.starts_with('-') || ["test", "spec", "stories"].iter().any(|word| words[1..].contains(word))
}

fn extract(_: &str, relative: &Path, text: &str) -> Result<Vec<DiscoveredRoute>, ExtractError> {
    match file(relative) {
        Some(File::Page { dirs, stem }) => page(relative, &dirs, stem, text),
        Some(File::Handler { dirs, stem, prefix }) => handler(relative, &dirs, stem, prefix),
        None => Ok(Vec::new()),
    }
}

/// The segments of folder and file names, without groups and `index`, and
/// whether they say exactly what they match.
fn segments(names: &[&str]) -> Result<(Vec<String>, Confidence), ExtractError> {
    let mut confidence = Confidence::Exact;
    let mut segments = Vec::new();
    for name in names {
        if *name == "index" || (name.starts_with('(') && name.ends_with(')')) {
            continue;
        }
        let (segment, exact) = segment(name)?;
        if !exact {
            confidence = Confidence::Heuristic;
        }
        segments.push(segment);
    }
    Ok((segments, confidence))
}

fn page(relative: &Path, dirs: &[&str], stem: &str, text: &str) -> Result<Vec<DiscoveredRoute>, ExtractError> {
    let mut names = dirs.to_vec();
    names.push(stem);
    let (segments, confidence) = segments(&names)?;
    let meta = PageMeta::read(relative, text);
    // A path without a leading `/` is relative to the parent route, which
    // only the files beside it tell; written paths are absolute in practice.
    let written = |path: &str| vue_path(&canon::nest("/", path));
    let mut paths: Vec<String> = match &meta.path {
        Some(path) => vec![written(path)],
        None => vec![format!("/{}", segments.join("/"))],
    };
    paths.extend(meta.alias.iter().map(|alias| written(alias)));
    let routes = paths
        .iter()
        .map(|path| {
            let parts: Vec<String> = path.split('/').skip(1).filter(|s| !s.is_empty()).map(str::to_owned).collect();
            route(NUXT.name, relative, &parts, get(), confidence)
        })
        .collect::<Result<Vec<_>, _>>()?;
    match meta.unread {
        Some(why) => Err(ExtractError::Partial(routes, why)),
        None => Ok(routes),
    }
}

fn handler(relative: &Path, dirs: &[&str], stem: &str, prefix: &str) -> Result<Vec<DiscoveredRoute>, ExtractError> {
    let (mut stem, mut method) = (stem, None);
    for env in ["dev", "prod", "prerender"] {
        if let Some(rest) = stem.strip_suffix(env).and_then(|rest| rest.strip_suffix('.')) {
            if env == "dev" {
                return Ok(Vec::new());
            }
            stem = rest;
        }
    }
    if let Some((rest, last)) = stem.rsplit_once('.').filter(|(_, last)| METHODS.contains(last)) {
        (stem, method) = (rest, Some(last.to_ascii_uppercase()));
    }
    let mut names: Vec<&str> = std::iter::once(prefix).filter(|p| !p.is_empty()).chain(dirs.iter().copied()).collect();
    names.push(stem);
    let (mut segments, confidence) = segments(&names)?;
    // Nitro's `[...slug]` (`**:slug`) needs a segment, unlike a page's.
    for segment in &mut segments {
        if let Some(name) = segment.strip_prefix("{*").and_then(|s| s.strip_suffix("?}")) {
            *segment = format!("{{*{name}}}");
        }
    }
    let methods = vec![method.unwrap_or_else(|| "*".to_owned())];
    Ok(vec![route(NUXT.name, relative, &segments, methods, confidence)?])
}

/// A Vue Router path in the route syntax, with text before a parameter in
/// one segment (`/@:account`) kept as text.
fn vue_path(path: &str) -> String {
    let segments = path.split('/').map(|segment| match segment.find(':').filter(|&at| at > 0) {
        Some(at) => {
            let param = canon::canonical(&segment[at..], Colon::Param);
            format!("{}{}", &segment[..at], param.trim_start_matches('/'))
        }
        None => segment.to_owned(),
    });
    canon::canonical(&segments.collect::<Vec<_>>().join("/"), Colon::Param)
}

/// What `definePageMeta` says about a page's URLs.
#[derive(Debug, Default, PartialEq, Eq)]
struct PageMeta {
    path: Option<String>,
    alias: Vec<String>,
    /// Why they could not all be read.
    unread: Option<String>,
}

impl PageMeta {
    /// Reads the `definePageMeta({ … })` of a page's scripts (a `.vue`
    /// file's `<script>` blocks, or a whole `.ts`/`.js` page).
    fn read(relative: &Path, text: &str) -> Self {
        let vue = relative.extension().is_some_and(|ext| ext == "vue");
        let scripts = if vue { sfc_scripts(text) } else { vec![text] };
        let mut meta = Self::default();
        for script in scripts.into_iter().filter(|s| s.contains("definePageMeta")) {
            let Some(items) = tree::parse(script, Lang::Js) else {
                meta.unread = Some("`definePageMeta` not read: the script could not be lexed".to_owned());
                continue;
            };
            tree::visit(&items, &mut |level| meta.read_call(level));
        }
        meta
    }

    fn read_call(&mut self, level: &[Tree]) {
        for (at, item) in level.iter().enumerate() {
            let object = level.get(at + 1).and_then(|t| t.group('(')).and_then(|args| args.items.first()?.group('{'));
            let Some(object) = object.filter(|_| item.is_ident("definePageMeta")) else { continue };
            if let Some(value) = tree::field(object, "path") {
                match tree::string(value) {
                    Some(path) => self.path = Some(path.text.clone()),
                    None => self.unread = Some("`definePageMeta` sets a `path` that is not a literal".to_owned()),
                }
            }
            let Some(value) = tree::field(object, "alias") else { continue };
            let aliases: Option<Vec<String>> = match value {
                [Tree::Group(list)] if list.open == '[' => {
                    tree::split(&list.items, ',').into_iter().map(|v| tree::string(v).map(|t| t.text.clone())).collect()
                }
                _ => tree::string(value).map(|t| vec![t.text.clone()]),
            };
            match aliases {
                Some(aliases) => self.alias.extend(aliases),
                None => self.unread = Some("`definePageMeta` sets an `alias` that is not a literal".to_owned()),
            }
        }
    }
}

/// The contents of a single-file component's `<script>` blocks.
fn sfc_scripts(text: &str) -> Vec<&str> {
    let mut scripts = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("<script") {
        let after = &rest[open + "<script".len()..];
        if !after.starts_with(|c: char| c == '>' || c.is_whitespace()) {
            rest = after;
            continue;
        }
        let Some(body) = after.find('>').map(|end| &after[end + 1..]) else { break };
        let Some(close) = body.find("</script") else { break };
        scripts.push(&body[..close]);
        rest = &body[close..];
    }
    scripts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(path: &str, text: &str) -> Vec<String> {
        super::super::route_lines(extract, "nuxt", path, text)
    }

    #[test]
    fn pages_are_their_path() {
        assert_eq!(urls("pages/index.vue", ""), ["GET /"]);
        assert_eq!(urls("app/pages/[[server]]/@[account]/index/media.vue", ""), ["GET /{server?}/@{account}/media"]);
        assert_eq!(urls("pages/(admin)/users/[id].vue", ""), ["GET /users/{id}"]);
        assert_eq!(urls("pages/[...slug].vue", ""), ["GET /{*slug?}"]);
        assert_eq!(urls("pages/prefix-[id].vue", ""), ["GET /prefix-{id}"]);
        assert!(urls("pages/-draft.vue", "").is_empty() && urls("pages/a.test.ts", "").is_empty());
        assert!(urls("components/a.vue", "").is_empty());
    }

    #[test]
    fn page_meta_moves_and_aliases_a_page() {
        let page = "<template><p>it's</p></template>\n<script setup lang=\"ts\">\ndefinePageMeta({\n  \
                    alias: ['/:server?/@:account/statuses/:status'],\n  middleware: 'auth',\n})\n</script>";
        assert_eq!(
            urls("pages/[[server]]/@[account]/[status].vue", page),
            ["GET /{server?}/@{account}/{status}", "GET /{server?}/@{account}/statuses/{status}"]
        );
        let moved = "<script setup>\ndefinePageMeta({ path: '/people/:id(\\\\d+)' })\n</script>";
        assert_eq!(urls("pages/users/[id].vue", moved), ["GET /people/{id}"]);
    }

    #[test]
    fn handlers_answer_their_suffix() {
        assert_eq!(urls("server/api/users.post.ts", ""), ["POST /api/users"]);
        assert_eq!(urls("server/api/users/[id].get.ts", ""), ["GET /api/users/{id}"]);
        assert_eq!(urls("server/api/index.ts", ""), ["* /api"]);
        assert_eq!(urls("server/routes/feed/[...path].ts", ""), ["* /feed/{*path}"]);
        assert_eq!(urls("server/routes/sitemap.xml.ts", ""), ["* /sitemap.xml"]);
        assert_eq!(urls("server/api/(admin)/stats.get.prod.ts", ""), ["GET /api/stats"]);
        assert!(urls("server/api/debug.dev.ts", "").is_empty());
        assert!(urls("server/middleware/auth.ts", "").is_empty());
        assert_eq!(urls("layers/chat/server/api/chats/[id].delete.ts", ""), ["DELETE /api/chats/{id}"]);
        assert_eq!(urls("layers/chat/app/pages/chat/index.vue", ""), ["GET /chat"]);
    }
}
