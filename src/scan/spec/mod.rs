//! Explicit route declarations: OpenAPI documents and the manifests a
//! framework's own build or CLI writes. They are authoritative, so a
//! malformed one is an input error, and they win over source heuristics.

pub mod manifest;
pub mod openapi;

use crate::route::RoutePattern;
use crate::scan::{Confidence, param_name};

/// A declared path in canonical syntax: `{id}`-style parameters keep their
/// place, names are made valid (`{user-id}` → `{user_id}`), and text around
/// them stays (`{name}.{ext}`). A segment the route syntax cannot spell (two
/// parameters side by side) becomes one parameter with `heuristic`
/// confidence. `None` when it is still not a route.
#[must_use]
pub fn canonical_path(path: &str) -> Option<(String, Confidence)> {
    let mut confidence = Confidence::Exact;
    let mut spelled = Vec::new();
    for segment in path.trim_end_matches('/').split('/').skip(1) {
        let (segment, exact) = canonical_segment(segment);
        if !exact {
            confidence = Confidence::Heuristic;
        }
        spelled.push(segment);
    }
    let pattern = RoutePattern::parse(&format!("/{}", spelled.join("/"))).ok()?;
    Some((pattern.to_string(), confidence))
}

/// One declared segment in canonical syntax, and whether it is exact.
fn canonical_segment(segment: &str) -> (String, bool) {
    if !segment.contains('{') {
        return (segment.to_owned(), true);
    }
    let mut names = Vec::new();
    let mut spelled = segment.split('{').next().unwrap_or_default().to_owned();
    for part in segment.split('{').skip(1) {
        let (name, text) = part.split_once('}').unwrap_or((part, ""));
        let name = param_name(name);
        spelled.extend(["{", &name, "}", text]);
        names.push(name);
    }
    if RoutePattern::parse(&format!("/{spelled}")).is_ok() {
        (spelled, true)
    } else {
        (format!("{{{}}}", names.join("_")), false)
    }
}

/// The 1-based line where `key` is a mapping key (`key:`, `"key":`,
/// `'key':`, YAML or JSON), else 1.
#[must_use]
pub fn key_line(text: &str, key: &str) -> u32 {
    let followed_by_colon = |rest: &str| rest.trim_start().starts_with(':');
    let needles = ['"', '\''].map(|quote| format!("{quote}{key}{quote}"));
    let is_key = |line: &str| {
        let bare = line.trim_start().strip_prefix(key).is_some_and(followed_by_colon);
        let quoted = needles.iter().any(|needle| {
            line.match_indices(needle.as_str()).any(|(at, _)| followed_by_colon(&line[at + needle.len()..]))
        });
        bare || quoted
    };
    // Only the lines holding `key` are looked at, found by one search of
    // the text: a search per line (and its needles made per line) was most
    // of the time `parity scan` spent on a 67 KB `openapi.yml`.
    if key.is_empty() {
        return text.lines().position(is_key).map_or(1, |at| u32::try_from(at + 1).unwrap_or(u32::MAX));
    }
    let mut checked = usize::MAX;
    for (at, _) in text.match_indices(key) {
        let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        if start == checked {
            continue;
        }
        checked = start;
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        if is_key(text[start..end].trim_end_matches('\r')) {
            let line = text[..start].matches('\n').count() + 1;
            return u32::try_from(line).unwrap_or(u32::MAX);
        }
    }
    1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spells_declared_paths_canonically() {
        assert_eq!(canonical_path("/users/{user-id}/"), Some(("/users/{user_id}".to_owned(), Confidence::Exact)));
        assert_eq!(canonical_path("/files/{name}.{ext}"), Some(("/files/{name}.{ext}".to_owned(), Confidence::Exact)));
        assert_eq!(canonical_path("/v{api-version}/x"), Some(("/v{api_version}/x".to_owned(), Confidence::Exact)));
        assert_eq!(canonical_path("/files/{name}{ext}"), Some(("/files/{name_ext}".to_owned(), Confidence::Heuristic)));
        assert_eq!(canonical_path("/"), Some(("/".to_owned(), Confidence::Exact)));
        assert_eq!(canonical_path("/a b"), None);
    }

    #[test]
    fn finds_the_line_of_a_key() {
        let yaml = "paths:\n  /admin/users:\n    get: {}\n  /users:\n";
        assert_eq!(key_line(yaml, "/users"), 4);
        assert_eq!(key_line("{\n  \"/users\": {}\n}", "/users"), 2);
        assert_eq!(key_line("{\n  \"paths\": { \"/users\": {} }\n}", "/users"), 2);
        assert_eq!(key_line(yaml, "/none"), 1);
    }
}
