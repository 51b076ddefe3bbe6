//! Converting each framework's parameter syntax to the canonical one of
//! `docs/routes.md` (`{id}`, `{id?}`, `{*rest}`), and joining prefixes.
//! One converter serves every framework because their syntaxes do not
//! collide once we know whether a leading `:` means a parameter.

/// The name given to a wildcard the framework leaves unnamed (`*`, `**`, a
/// Go subtree pattern); React Router and Express 5 call it a splat too.
pub const SPLAT: &str = "splat";

/// Whether `:name` starts a parameter (Express, React Router, Vue, axum 0.7,
/// gin, Rails) or is literal text (`FastAPI`, Go, chi).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Colon {
    Param,
    Literal,
}

/// Converts a whole path to canonical syntax; regex constraints are dropped.
#[must_use]
pub fn canonical(path: &str, colon: Colon) -> String {
    let segments: Vec<String> = segments(path).into_iter().filter_map(|s| segment(s, colon)).collect();
    normalize(&segments.join("/"))
}

/// Splits at `/` outside `()` and `{}` (regex constraints may hold a `/`).
fn segments(path: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut from) = (0i32, 0);
    for (i, c) in path.char_indices() {
        match c {
            '(' | '{' => depth += 1,
            ')' | '}' => depth -= 1,
            '/' if depth <= 0 => {
                parts.push(&path[from..i]);
                from = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&path[from..]);
    parts
}

/// One segment in canonical form; `None` drops it (Go's `{$}`).
fn segment(raw: &str, colon: Colon) -> Option<String> {
    if raw == "*" || raw == "**" {
        return Some(format!("{{*{SPLAT}}}"));
    }
    if let Some(name) = raw.strip_prefix('*') {
        let optional = if name.ends_with('?') { "?" } else { "" };
        return Some(format!("{{*{}{optional}}}", ident(name).unwrap_or(SPLAT)));
    }
    if let Some(inner) = whole_braces(raw) {
        return braced(inner);
    }
    match raw.strip_prefix(':') {
        Some(rest) if colon == Colon::Param => Some(colon_param(rest)),
        _ => Some(raw.to_owned()),
    }
}

/// The inside of a segment that is one braced parameter (`{id}`,
/// `{id:[0-9]{3}}`); `None` for `{name}.{ext}`, text and parameters the
/// route syntax reads as they are.
fn whole_braces(raw: &str) -> Option<&str> {
    let inner = raw.strip_prefix('{')?.strip_suffix('}')?;
    let mut depth = 0i32;
    for c in inner.chars() {
        depth += match c {
            '{' => 1,
            '}' => -1,
            _ => 0,
        };
        if depth < 0 {
            return None;
        }
    }
    Some(inner)
}

/// `{id}`, `{id?}`, `{*rest}`, `{rest...}`, `{id:[0-9]+}`, `{p:path}`, `{$}`.
fn braced(inner: &str) -> Option<String> {
    if inner == "$" {
        return None;
    }
    if let Some(name) = inner.strip_prefix('*') {
        let optional = if name.ends_with('?') { "?" } else { "" };
        return Some(format!("{{*{}{optional}}}", ident(name).unwrap_or(SPLAT)));
    }
    let name = ident(inner).unwrap_or(inner);
    let rest = &inner[name.len()..];
    // Go's `{rest...}` also matches an empty rest.
    if rest == "..." {
        return Some(format!("{{*{name}?}}"));
    }
    if rest == ":path" {
        return Some(format!("{{*{name}}}"));
    }
    let optional = if rest == "?" { "?" } else { "" };
    Some(format!("{{{name}{optional}}}"))
}

/// `:id`, `:id?`, `:id(\\d+)`, `:pathMatch(.*)*`, `:chapters+`.
fn colon_param(rest: &str) -> String {
    let name = ident(rest).unwrap_or(rest);
    let mut tail = &rest[name.len()..];
    let mut regex = "";
    if tail.starts_with('(') {
        let close = tail.rfind(')').unwrap_or(tail.len() - 1);
        regex = &tail[1..close];
        tail = &tail[close + 1..];
    }
    match tail {
        // Vue: `*` repeats zero or more times, `+` one or more.
        "*" => format!("{{*{name}?}}"),
        "+" => format!("{{*{name}}}"),
        "?" => format!("{{{name}?}}"),
        // Vue's `:pathMatch(.*)` without repetition still matches slashes.
        _ if regex.contains(".*") => format!("{{*{name}}}"),
        _ => format!("{{{name}}}"),
    }
}

/// The leading identifier of `s`, when it has one.
fn ident(s: &str) -> Option<&str> {
    let end = s.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(s.len());
    (end > 0).then(|| &s[..end])
}

/// Collapses `//`, adds the leading `/` and drops a trailing one.
#[must_use]
pub fn normalize(path: &str) -> String {
    let parts: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    format!("/{}", parts.join("/"))
}

/// A mount prefix followed by a path (Express, `FastAPI`, axum, chi, gin):
/// the path is appended whether or not it starts with `/`.
#[must_use]
pub fn concat(prefix: &str, path: &str) -> String {
    format!("{}/{}", prefix.trim_end_matches('/'), path.trim_start_matches('/'))
}

/// A child route under its parent (React Router, Vue): an absolute child
/// path stands on its own, a relative one is appended.
#[must_use]
pub fn nest(parent: &str, child: &str) -> String {
    if child.starts_with('/') { child.to_owned() } else { concat(parent, child) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colon_parameters_become_braces() {
        assert_eq!(canonical("/users/:id", Colon::Param), "/users/{id}");
        assert_eq!(canonical("/users/:id?", Colon::Param), "/users/{id?}");
        assert_eq!(canonical(r"/users/:id(\\d+)", Colon::Param), "/users/{id}");
        assert_eq!(canonical("/:pathMatch(.*)*", Colon::Param), "/{*pathMatch?}");
        assert_eq!(canonical("/:chapters+", Colon::Param), "/{*chapters}");
        assert_eq!(canonical("/x/*splat?", Colon::Param), "/x/{*splat?}");
        assert_eq!(canonical("/files/*rest", Colon::Param), "/files/{*rest}");
        assert_eq!(canonical("/files/*", Colon::Param), "/files/{*splat}");
        assert_eq!(canonical("/v1/items:batch", Colon::Param), "/v1/items:batch");
    }

    #[test]
    fn braced_parameters_lose_their_constraints() {
        assert_eq!(canonical("/x/{id:[0-9/]+}/y", Colon::Literal), "/x/{id}/y");
        assert_eq!(canonical("/files/{rest...}", Colon::Literal), "/files/{*rest?}");
        assert_eq!(canonical("/files/{p:path}", Colon::Literal), "/files/{*p}");
        assert_eq!(canonical("/files/{*p?}", Colon::Literal), "/files/{*p?}", "already canonical");
        assert_eq!(canonical("/x/{$}", Colon::Literal), "/x");
        assert_eq!(canonical("/:id", Colon::Literal), "/:id");
        assert_eq!(canonical("/x/{id:[0-9]{3}}", Colon::Literal), "/x/{id}");
    }

    #[test]
    fn text_around_braced_parameters_stays() {
        assert_eq!(canonical("/files/{name}.{ext}", Colon::Literal), "/files/{name}.{ext}");
        assert_eq!(canonical("/reports/{id}.json", Colon::Literal), "/reports/{id}.json");
        assert_eq!(canonical("/v{version}/items", Colon::Literal), "/v{version}/items");
    }

    #[test]
    fn joining_keeps_one_slash() {
        assert_eq!(normalize(&concat("/api/", "/users/")), "/api/users");
        assert_eq!(normalize(&concat("", "/")), "/");
        assert_eq!(nest("/a", "/b"), "/b");
        assert_eq!(normalize(&nest("/a", "b")), "/a/b");
    }
}
