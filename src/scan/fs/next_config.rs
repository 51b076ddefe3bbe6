//! `next.config.{js,mjs,cjs,ts,mts}`: the `basePath` every URL of a Next.js
//! app lives under, and the `redirects()` and `rewrites()` that answer URLs
//! no page or route module defines. Only literals are read: a `basePath`
//! computed at build time, or a list built by code, is a note, never a guess.
//!
//! A redirect or rewrite becomes a route with its destination (a
//! [`Forward`]); its source, in Next.js's path-to-regexp syntax, is written
//! in the route syntax: `:slug` is `{slug}`, `:slug?` is `{slug?}`,
//! `:path*` is `{*path?}`, `:path+` is `{*path}` (a regular expression after
//! the name is not kept). Its source, and its destination when that is a
//! path of the app, are under the base path unless it says `basePath: false`. `rewrites()` may return `{ beforeFiles, afterFiles, fallback }`.

use std::path::Path;

use crate::route::RoutePattern;
use crate::scan::code::lex::{Kind, Lang};
use crate::scan::code::tree::{self, Group, Tree};
use crate::scan::{Confidence, DiscoveredRoute, Forward, ForwardKind, RouteSource};

/// The config file names Next.js loads, in its order.
pub const NAMES: &[&str] =
    &["next.config.js", "next.config.mjs", "next.config.ts", "next.config.cjs", "next.config.mts"];

/// What a config says about URLs.
#[derive(Debug, Default)]
pub struct NextConfig {
    /// The literal `basePath` (`/docs`), when there is one.
    pub base_path: Option<String>,
    pub routes: Vec<DiscoveredRoute>,
    /// What could not be read, one sentence each.
    pub unread: Vec<String>,
}

/// Reads a config's text; `file` is its path for the routes it defines.
#[must_use]
pub fn read(framework: &'static str, file: &Path, text: &str) -> NextConfig {
    let mut config = NextConfig::default();
    let Some(items) = tree::parse(text, Lang::Js) else {
        config.unread.push("the file could not be lexed".to_owned());
        return config;
    };
    let mut found = Vec::new();
    tree::visit(&items, &mut |level| found.extend(properties(level)));
    // The base path first: it may be written after the lists it prefixes.
    for (_, at, level) in found.iter().filter(|(name, ..)| *name == "basePath") {
        match level.get(at + 2..).and_then(|value| tree::string(first_expr(value))) {
            Some(literal) => config.base_path = Some(literal.text.trim_end_matches('/').to_owned()),
            None => config.unread.push(format!(
                "`basePath` (line {}) is not a literal: routes are listed without it",
                level[*at].line()
            )),
        }
    }
    let base = config.base_path.clone().unwrap_or_default();
    for (name, at, level) in found.into_iter().filter(|(name, ..)| *name != "basePath") {
        let kind = if name == "redirects" { ForwardKind::Redirect } else { ForwardKind::Rewrite };
        match returned(&level[at + 1..]) {
            Some(group) => forwards(&Entries { framework, file, kind, base: &base }, group, &mut config),
            None => config.unread.push(format!(
                "`{name}()` (line {}) does not return a literal array: its routes are not listed",
                level[at].line()
            )),
        }
    }
    config
}

/// What every entry of one list shares.
struct Entries<'a> {
    framework: &'static str,
    file: &'a Path,
    kind: ForwardKind,
    base: &'a str,
}

/// `base` + `pattern`, `/` itself becoming `base`.
#[must_use]
pub fn with_base(base: &str, pattern: &str) -> String {
    if base.is_empty() {
        pattern.to_owned()
    } else if pattern == "/" {
        base.to_owned()
    } else {
        format!("{base}{pattern}")
    }
}

/// The config properties at one level: `basePath:` and the `redirects` and
/// `rewrites` methods or function-valued properties, with their index.
fn properties(level: &[Tree]) -> Vec<(&'static str, usize, &[Tree])> {
    let mut found = Vec::new();
    for (at, item) in level.iter().enumerate() {
        let after_dot = at.checked_sub(1).is_some_and(|b| level[b].is_punct('.'));
        let name = match item.ident() {
            // `basePath: false` is an entry's, not the config's.
            Some("basePath")
                if level.get(at + 1).is_some_and(|t| t.is_punct(':'))
                    && !level.get(at + 2).is_some_and(|t| t.is_ident("false") || t.is_ident("true")) =>
            {
                "basePath"
            }
            Some("redirects") if !after_dot => "redirects",
            Some("rewrites") if !after_dot => "rewrites",
            _ => continue,
        };
        let defined = level.get(at + 1).is_some_and(|t| t.is_punct(':') || t.group('(').is_some());
        if defined {
            found.push((name, at, level));
        }
    }
    found
}

/// The expression up to the next top-level `,`.
fn first_expr(items: &[Tree]) -> &[Tree] {
    let end = items.iter().position(|t| t.is_punct(',')).unwrap_or(items.len());
    &items[..end]
}

/// The literal array or object a `redirects`/`rewrites` definition returns:
/// `() { return [...] }`, `: async () => [...]`, `: () => ({...})`.
fn returned(rest: &[Tree]) -> Option<&Group> {
    for (at, item) in rest.iter().enumerate().take(8) {
        if item.is_punct('=') && rest.get(at + 1).is_some_and(|t| t.is_punct('>')) {
            return match rest.get(at + 2)? {
                Tree::Group(g) if g.open == '[' => Some(g),
                Tree::Group(g) if g.open == '(' => match g.items.as_slice() {
                    [Tree::Group(inner)] if inner.open == '{' || inner.open == '[' => Some(inner),
                    _ => None,
                },
                Tree::Group(body) if body.open == '{' => returned_from(body),
                _ => None,
            };
        }
        if let Some(body) = item.group('{') {
            return returned_from(body);
        }
    }
    None
}

/// The literal after the last top-level `return` of a function body.
fn returned_from(body: &Group) -> Option<&Group> {
    let at = body.items.iter().rposition(|t| t.is_ident("return"))?;
    match body.items.get(at + 1)? {
        Tree::Group(g) if g.open == '[' || g.open == '{' => Some(g),
        _ => None,
    }
}

/// The routes of a returned array (or a rewrites object of arrays).
fn forwards(entries: &Entries<'_>, group: &Group, config: &mut NextConfig) {
    let arrays: Vec<&Group> = if group.open == '[' {
        vec![group]
    } else {
        tree::fields(group).into_iter().filter_map(|(_, value)| first_expr(value).first()?.group('[')).collect()
    };
    for array in arrays {
        for entry in tree::split(&array.items, ',') {
            let line = entry[0].line();
            match entry {
                [Tree::Group(object)] if object.open == '{' => match forward(entries, object) {
                    Some(route) => config.routes.push(route),
                    None => config.unread.push(format!(
                        "an entry on line {line} has no literal `source` and `destination`, or a source that is no route"
                    )),
                },
                _ => config.unread.push(format!("an entry on line {line} is not a literal object")),
            }
        }
    }
}

/// One `{ source, destination, permanent }` entry as a route, under the
/// base path unless it says `basePath: false`.
fn forward(entries: &Entries<'_>, object: &Group) -> Option<DiscoveredRoute> {
    let kind = entries.kind;
    let text = |name| tree::string(first_expr(tree::field(object, name)?)).map(|t| t.text.clone());
    let source = text("source")?;
    let destination = text("destination")?;
    let status = (kind == ForwardKind::Redirect).then(|| {
        let code = tree::field(object, "statusCode").and_then(|v| v.first()?.tok()).filter(|t| t.kind == Kind::Num);
        let permanent = tree::field(object, "permanent").is_some_and(|v| v.first().is_some_and(|t| t.is_ident("true")));
        code.and_then(|t| t.text.parse().ok()).unwrap_or(if permanent { 308 } else { 307 })
    });
    let outside_base = tree::field(object, "basePath").is_some_and(|v| v.first().is_some_and(|t| t.is_ident("false")));
    let conditional = tree::field(object, "has").is_some() || tree::field(object, "missing").is_some();
    let base = if outside_base { "" } else { entries.base };
    // Next.js puts an in-app destination under the base path too.
    let destination = if destination.starts_with('/') { with_base(base, &destination) } else { destination };
    let pattern = RoutePattern::parse(&with_base(base, &source_pattern(&source)?)).ok()?.to_string();
    Some(DiscoveredRoute {
        pattern,
        methods: vec!["*".to_owned()],
        file: entries.file.to_path_buf(),
        line: object.line,
        framework: entries.framework,
        source: RouteSource::Code,
        confidence: Confidence::Exact,
        unresolved_prefix: None,
        forward: Some(Forward { kind, destination, status, conditional }),
    })
}

/// A path-to-regexp source (or an in-app destination) in the route
/// syntax; `None` when a segment is more than a literal or one parameter
/// (an unnamed group `(.*)`), or it is no path (`https://…`).
#[must_use]
pub fn source_pattern(source: &str) -> Option<String> {
    if source == "/" {
        return Some("/".to_owned());
    }
    if !source.starts_with('/') {
        return None;
    }
    let mut out = Vec::new();
    for segment in source.trim_end_matches('/').split('/').skip(1) {
        let Some(param) = segment.strip_prefix(':') else {
            if segment.contains(['(', ':', '*', '+', '?']) {
                return None;
            }
            out.push(segment.to_owned());
            continue;
        };
        let name: String = param.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        let mut rest = &param[name.len()..];
        if rest.starts_with('(') {
            rest = &rest[rest.rfind(')')? + 1..];
        }
        let name = crate::scan::param_name(&name);
        out.push(match rest {
            "" => format!("{{{name}}}"),
            "?" => format!("{{{name}?}}"),
            "*" => format!("{{*{name}?}}"),
            "+" => format!("{{*{name}}}"),
            _ => return None,
        });
    }
    Some(format!("/{}", out.join("/")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_written_in_the_route_syntax() {
        assert_eq!(source_pattern("/blog/:slug").as_deref(), Some("/blog/{slug}"));
        assert_eq!(source_pattern("/docs/:path*").as_deref(), Some("/docs/{*path?}"));
        assert_eq!(source_pattern("/docs/:path+").as_deref(), Some("/docs/{*path}"));
        assert_eq!(source_pattern("/post/:id(\\d{1,})").as_deref(), Some("/post/{id}"));
        assert_eq!(source_pattern("/old/(.*)"), None);
    }

    #[test]
    fn literal_base_path_and_forwards_are_read() {
        let text = "module.exports = withX({\n  basePath: '/docs',\n  async redirects() {\n    return [\n      \
                    { source: '/old', destination: '/new', permanent: true },\n      \
                    { source: '/', destination: '/x', permanent: false, basePath: false },\n      ...more,\n    ];\n  },\n  \
                    rewrites: async () => ({ beforeFiles: [{ source: '/a/:p*', destination: 'https://b/:p*', has: [] }] }),\n});";
        let config = read("nextjs-app", Path::new("next.config.js"), text);
        assert_eq!(config.base_path.as_deref(), Some("/docs"));
        let routes: Vec<_> = config
            .routes
            .iter()
            .map(|r| {
                let f = r.forward.as_ref().unwrap();
                (r.pattern.as_str(), f.destination.as_str(), f.status, f.conditional, r.line)
            })
            .collect();
        assert_eq!(
            routes,
            [
                ("/docs/old", "/docs/new", Some(308), false, 5),
                ("/", "/x", Some(307), false, 6),
                ("/docs/a/{*p?}", "https://b/:p*", None, true, 10)
            ]
        );
        assert_eq!(config.unread.len(), 1, "{:?}", config.unread);
    }

    #[test]
    fn computed_values_are_notes() {
        let text = "export default { basePath: process.env.BASE, redirects: async () => buildRedirects() };";
        let config = read("nextjs-app", Path::new("next.config.mjs"), text);
        assert!(config.base_path.is_none() && config.routes.is_empty());
        assert_eq!(config.unread.len(), 2, "{:?}", config.unread);
    }
}
