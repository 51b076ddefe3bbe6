//! The file conventions of React Router and Remix: which files under a
//! routes folder are route modules, and the URL each one's name spells.
//!
//! Three conventions share one name syntax (`.` and folders separate
//! segments, `$id` a parameter, a lone `$` the splat, `($lang)` and `(en)`
//! optional, `[.]` escapes, a leading `_` a pathless segment, a trailing `_`
//! no nesting) and differ in which files count and which names are special:
//!
//! - [`Convention::FlatRoutes`]: Remix v2 and `@react-router/fs-routes`.
//!   Files directly in the folder, or a folder's `route` or `index`
//!   module; `_index` is an index route; a name ending in a `_` segment is
//!   a pathless layout with no URL of its own.
//! - [`Convention::RemixFlatRoutes`]: the `remix-flat-routes` package. A
//!   folder ending in `+` joins its name to its files' (`users+/$id.tsx` is
//!   `users.$id`); in other folders only `route`, `index`, `layout`, `page`,
//!   `_…` and `….route` modules count, named after the folder; `index` and
//!   `_index` are index routes, a last `route` segment and (in a `+` name) a
//!   last `_…` segment name the layout of what precedes them.
//! - [`Convention::AutoRoutes`]: `react-router-auto-routes`. Every folder is
//!   a segment; `index` and `_index` are index routes, `_layout` the layout
//!   of its folder, a last `route` or `_route` below a folder is dropped;
//!   anything under a `+`-prefixed name is colocated code, not a route.
//!
//! In the last two, `.server` modules are never routes, and a pathless
//! segment (`_auth`) is dropped wherever it stands.

use std::path::Path;

use crate::scan::framework::ExtractError;
use crate::scan::param_name;

/// Which file convention a routes folder follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Convention {
    FlatRoutes,
    RemixFlatRoutes,
    AutoRoutes,
}

/// The extensions of route modules.
pub const EXTENSIONS: &[&str] = &["js", "jsx", "ts", "tsx", "md", "mdx"];

impl Convention {
    /// The name of the route module at `relative` (a path under the routes
    /// folder, `/`-separated, extension included), or `None` when the file
    /// is not a route module in this convention.
    #[must_use]
    pub fn route_name(self, relative: &Path) -> Option<String> {
        let parts: Vec<&str> = relative.iter().map(|p| p.to_str()).collect::<Option<_>>()?;
        let (file, dirs) = parts.split_last()?;
        let stem = super::module_stem(file, EXTENSIONS)?;
        // Route names are case-sensitive, like the packages' own regexes.
        let suffix = |word: &str| stem.rsplit_once('.').is_some_and(|(_, last)| last == word);
        let server = suffix("server");
        match self {
            Self::FlatRoutes => match dirs {
                [] => Some(stem.to_owned()),
                // A `+` folder is remix-flat-routes', never a route folder here.
                [folder] if (stem == "route" || stem == "index") && !folder.ends_with('+') => {
                    Some((*folder).to_owned())
                }
                _ => None,
            },
            Self::RemixFlatRoutes => {
                let in_plus = dirs.last().is_some_and(|d| d.ends_with('+'));
                let special =
                    ["index", "route", "layout", "page"].contains(&stem) || stem.starts_with('_') || suffix("route");
                if server || !(dirs.is_empty() || in_plus || special) {
                    return None;
                }
                // `+/` is kept so that `segments` knows a `+` folder was joined.
                let mut name: Vec<&str> = dirs.to_vec();
                // A file in a folder without `+` is that folder's module.
                if in_plus || dirs.is_empty() || suffix("route") {
                    name.push(stem);
                }
                Some(name.join("/"))
            }
            Self::AutoRoutes => {
                if server || parts.iter().any(|p| p.starts_with('+')) {
                    return None;
                }
                let mut name: Vec<&str> = dirs.to_vec();
                name.push(stem);
                Some(name.join("/"))
            }
        }
    }

    /// The URL segments a route name spells, one list per variant (an
    /// optional literal doubles them); `None` when the route has no URL of
    /// its own (a pathless layout).
    ///
    /// # Errors
    /// When the name leaves a `[` open or has an empty segment.
    pub fn segments(self, name: &str) -> Result<Option<Vec<Vec<String>>>, ExtractError> {
        let joined = self == Self::RemixFlatRoutes && name.contains("+/");
        let mut parts = split(&name.replace("+/", "/"))?;
        let is = |part: &[Char], text: &str| !part.iter().any(|c| c.1) && part.iter().map(|c| c.0).eq(text.chars());
        let pathless = |part: &[Char]| part.first().is_some_and(|&(c, escaped)| c == '_' && !escaped);
        // A last `route` names its folder's module: always in
        // remix-flat-routes, below a folder in auto-routes (with `_route`).
        let route = match self {
            Self::FlatRoutes => false,
            Self::RemixFlatRoutes => parts.last().is_some_and(|p| is(p, "route")),
            Self::AutoRoutes => name.contains('/') && parts.last().is_some_and(|p| is(p, "route") || is(p, "_route")),
        };
        if route && parts.len() > 1 {
            parts.pop();
        }
        let index = match self {
            Self::FlatRoutes => parts.last().is_some_and(|p| is(p, "_index")),
            _ => parts.last().is_some_and(|p| is(p, "_index") || is(p, "index")),
        };
        let layout = match self {
            Self::FlatRoutes => false,
            Self::RemixFlatRoutes => joined && parts.last().is_some_and(|p| pathless(p)),
            Self::AutoRoutes => parts.last().is_some_and(|p| is(p, "_layout")),
        };
        if index || (layout && parts.len() > 1) {
            parts.pop();
        }
        if !index && parts.last().is_some_and(|p| pathless(p)) {
            return Ok(None);
        }
        if let Some(at) = parts.iter().position(|p| is(p, "_index")).filter(|_| self == Self::FlatRoutes) {
            if at + 1 < parts.len() {
                return Err(ExtractError::Unparsable("`_index` must be the last segment".to_owned()));
            }
        }
        let mut variants: Vec<Vec<String>> = vec![Vec::new()];
        for part in parts.iter().filter(|p| !pathless(p)) {
            let (segment, optional_literal) = segment(part);
            let without = optional_literal.then(|| variants.clone());
            for variant in &mut variants {
                variant.push(segment.clone());
            }
            variants.extend(without.into_iter().flatten());
        }
        Ok(Some(variants))
    }
}

/// One character of a route name and whether `[...]` escaped it.
type Char = (char, bool);

/// One segment of a route name in canonical syntax, and whether it is an
/// optional literal (`(en)`), which the caller lists with and without.
fn segment(part: &[Char]) -> (String, bool) {
    let unescaped = |index: usize, c: char| part.get(index).is_some_and(|&(x, escaped)| x == c && !escaped);
    let text: String = part.iter().map(|(c, _)| c).collect();
    let text = if unescaped(part.len() - 1, '_') { text[..text.len() - 1].to_owned() } else { text };
    let optional = unescaped(0, '(') && text.ends_with(')') && text.len() > 1;
    let core = if optional { &text[1..text.len() - 1] } else { text.as_str() };
    let dollar = unescaped(usize::from(optional), '$');
    let segment = match (dollar, core) {
        (true, "$") => "{*splat}".to_owned(),
        (true, _) => format!("{{{}{}}}", param_name(&core[1..]), if optional { "?" } else { "" }),
        (false, _) => core.to_owned(),
    };
    (segment, optional && !dollar)
}

/// Splits a route name at unescaped dots and slashes, resolving `[...]`
/// escapes.
fn split(name: &str) -> Result<Vec<Vec<Char>>, ExtractError> {
    let mut parts = vec![Vec::new()];
    let mut escaped = false;
    for c in name.chars() {
        match (c, escaped) {
            ('[', false) => escaped = true,
            (']', true) => escaped = false,
            ('.' | '/', false) => parts.push(Vec::new()),
            _ => parts.last_mut().expect("never empty").push((c, escaped)),
        }
    }
    if escaped {
        return Err(ExtractError::Unparsable(format!("`{name}` opens `[` without closing it")));
    }
    if parts.iter().any(Vec::is_empty) {
        return Err(ExtractError::Unparsable(format!("`{name}` has an empty segment")));
    }
    Ok(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each file under the routes folder with the URLs it defines, joined
    /// by ` `: empty for a pathless layout, `-` for a file that is no route.
    fn check(convention: Convention, cases: &[(&str, &str)]) {
        for (file, expected) in cases {
            let urls = match convention.route_name(Path::new(file)) {
                Some(name) => {
                    let variants = convention.segments(&name).unwrap().unwrap_or_default();
                    variants.iter().map(|s| format!("/{}", s.join("/"))).collect::<Vec<_>>().join(" ")
                }
                None => "-".to_owned(),
            };
            assert_eq!(&urls, expected, "{convention:?} {file}");
        }
    }

    #[test]
    fn reads_every_flat_route_convention() {
        check(
            Convention::FlatRoutes,
            &[
                ("_index.tsx", "/"),
                ("concerts.$city.tsx", "/concerts/{city}"),
                ("concerts_.mine.tsx", "/concerts/mine"),
                ("_auth.login.tsx", "/login"),
                ("_auth.tsx", ""),
                ("($lang).about.tsx", "/{lang?}/about"),
                ("(en).about.tsx", "/en/about /about"),
                ("files.$.tsx", "/files/{*splat}"),
                ("teams.$team-id.($2fa).tsx", "/teams/{team_id}/{_2fa?}"),
                ("sitemap[.]xml.ts", "/sitemap.xml"),
                ("[_]x.[$]y.tsx", "/_x/$y"),
                ("index.tsx", "/index"),
                ("a/route.tsx", "/a"),
                ("a/b/route.tsx", "-"),
                ("users+/index.tsx", "-"),
            ],
        );
    }

    #[test]
    fn plus_folders_join_their_names() {
        check(
            Convention::RemixFlatRoutes,
            &[
                ("users+/$username_+/notes.$noteId_.edit.tsx", "/users/{username}/notes/{noteId}/edit"),
                ("_marketing+/index.tsx", "/"),
                ("settings+/profile.index.tsx", "/settings/profile"),
                ("settings+/_layout.tsx", "/settings"),
                ("_auth+/_layout.tsx", ""),
                ("_seo+/robots[.]txt.ts", "/robots.txt"),
                ("admin+/cache_.sqlite.$cacheKey.ts", "/admin/cache/sqlite/{cacheKey}"),
                ("users+/$id/route.tsx", "/users/{id}"),
                ("users+/$id/_layout.tsx", "/users/{id}"),
                ("_marketing+/logos/logos.ts", "-"),
                ("_auth+/login.server.ts", "-"),
            ],
        );
    }

    #[test]
    fn auto_routes_folders_are_segments() {
        check(
            Convention::AutoRoutes,
            &[
                ("index.tsx", "/"),
                ("calls/_layout.tsx", "/calls"),
                ("calls/$season/$episode.tsx", "/calls/{season}/{episode}"),
                ("chats_/$season.$episode_.$slug.tsx", "/chats/{season}/{episode}/{slug}"),
                ("[.]well-known/mcp/server-card[.]json.ts", "/.well-known/mcp/server-card.json"),
                ("_auth/login.tsx", "/login"),
                ("_auth/_layout.tsx", ""),
                ("_marketing/index.tsx", "/"),
                ("users/$id/route.tsx", "/users/{id}"),
                ("dashboard/+components/table.tsx", "-"),
                ("mcp/mcp-lazy.server.ts", "-"),
                ("files/$.tsx", "/files/{*splat}"),
                ("users/$id/_route.tsx", "/users/{id}"),
                ("foo.route.tsx", "/foo/route"),
            ],
        );
    }
}
