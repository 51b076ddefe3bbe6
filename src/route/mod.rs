//! Route patterns in the one syntax of `docs/routes.md`: `/x/{id}`,
//! `/x/{id?}` (optional), `/x/{*rest}` (catch-all), `/x/{id}.json` (text
//! and parameters in one segment), with the spellings of common routers
//! (`:id`, `[id]`, `[[id]]`, `[...rest]`, `*`) accepted and normalised, plus
//! `METHOD /path` endpoints. [`syntax`] reads one segment.
//!
//! Parsing is strict because a malformed route would later be probed
//! literally; every error says where in the route it is. The matrix, the
//! prober and `parity scan` share this one parser, so a route means the same
//! thing wherever it is written; [`matching`] says when one route serves
//! another.

pub mod matching;
pub mod syntax;

use std::borrow::Cow;
use std::fmt;

pub use matching::Cover;
pub use syntax::{Part, RouteError, Segment};

/// At most this many optional segments in one route: each doubles the
/// variants a route expands into.
pub const MAX_OPTIONAL_SEGMENTS: usize = 6;

/// A parsed, normalised route pattern.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RoutePattern {
    segments: Vec<Segment>,
}

impl RoutePattern {
    /// Parses a route pattern such as `/v3-prod/workloads/{id}`.
    ///
    /// # Errors
    /// When the text is not an absolute path of segments as
    /// [`syntax`] reads them, has more than [`MAX_OPTIONAL_SEGMENTS`]
    /// optional segments, or a parameter name repeats.
    pub fn parse(text: &str) -> Result<Self, RouteError> {
        if !text.starts_with('/') {
            return Err(RouteError::at(0, "a route must start with `/`"));
        }
        if let Some((at, c)) = text.chars().enumerate().find(|(_, c)| c.is_whitespace() || *c == '#') {
            let what = if c.is_whitespace() { "white space" } else { "a query or fragment" };
            return Err(RouteError::at(at, format!("a route cannot contain {what}")));
        }
        if text == "/" {
            return Ok(Self { segments: Vec::new() });
        }
        let mut segments: Vec<Segment> = Vec::new();
        let mut names = Vec::new();
        let mut offset = 1;
        for raw in text[1..].split('/') {
            let segment =
                syntax::parse_segment(raw, &mut names).map_err(|e| RouteError::at(offset + e.offset, e.message))?;
            segments.push(segment);
            offset += raw.chars().count() + 1;
        }
        if segments.iter().filter(|s| s.is_optional()).count() > MAX_OPTIONAL_SEGMENTS {
            return Err(RouteError::at(0, format!("at most {MAX_OPTIONAL_SEGMENTS} optional segments in one route")));
        }
        Ok(Self { segments })
    }

    /// The route with every parameter name erased (`/nodes/{}`): two routes
    /// with the same shape match the same requests.
    #[must_use]
    pub fn shape(&self) -> String {
        let mut shape = String::new();
        for segment in &self.segments {
            shape.push('/');
            // Writing to a String cannot fail.
            let _ = segment.write(&mut shape, false);
        }
        if shape.is_empty() { "/".to_owned() } else { shape }
    }

    /// The segments, in order.
    #[must_use]
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// The names of the parameters, in order (optional and catch-all too).
    pub fn params(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().flat_map(Segment::params)
    }

    /// The names of the parameters a URL cannot leave out (not `{x?}`, not
    /// `{*x?}`): those a probe needs a value for.
    pub fn required_params(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().filter(|s| !s.is_optional()).flat_map(Segment::params)
    }

    /// Fills every parameter, or names the first one `value` cannot fill.
    ///
    /// An optional segment without a value is left out (`/x/{id?}` → `/x`);
    /// a catch-all needs a value, which may hold slashes (`a/b`); text around
    /// a parameter stays as written (`/r/{id}.json` → `/r/42.json`).
    ///
    /// # Errors
    /// The name of a required parameter without a value.
    pub fn fill<'a>(&'a self, value: impl Fn(&str) -> Option<&'a str>) -> Result<String, &'a str> {
        let segments = self.fill_segments(value)?;
        if segments.is_empty() {
            return Ok("/".to_owned());
        }
        Ok(segments.iter().fold(String::new(), |path, segment| path + "/" + segment))
    }

    /// The path segments of a filled route, unescaped, for URL builders that
    /// escape each segment themselves (so a value's `/` or `?` stays in its
    /// segment).
    ///
    /// # Errors
    /// The name of a required parameter without a value.
    pub fn fill_segments<'a>(&'a self, value: impl Fn(&str) -> Option<&'a str>) -> Result<Vec<Cow<'a, str>>, &'a str> {
        let mut filled = Vec::new();
        for segment in &self.segments {
            match segment {
                Segment::Literal(text) => filled.push(Cow::Borrowed(text.as_str())),
                Segment::Param(name) => filled.push(Cow::Borrowed(value(name).ok_or(name.as_str())?)),
                Segment::Mixed(parts) => filled.push(Cow::Owned(syntax::fill_parts(parts, &value)?)),
                Segment::Optional(name) => filled.extend(value(name).map(Cow::Borrowed)),
                Segment::CatchAll { name, optional } => match value(name) {
                    Some(rest) => filled.extend(rest.split('/').filter(|part| !part.is_empty()).map(Cow::Borrowed)),
                    None if *optional => {}
                    None => return Err(name),
                },
            }
        }
        Ok(filled)
    }
}

impl fmt::Display for RoutePattern {
    /// The normalised form: `{name}`, `{name?}`, `{*name}`, `{*name?}`,
    /// `{name}.json`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.segments.is_empty() {
            return f.write_str("/");
        }
        for segment in &self.segments {
            f.write_str("/")?;
            segment.write(f, true)?;
        }
        Ok(())
    }
}

/// HTTP methods an action endpoint may name.
pub const METHODS: &[&str] = &["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"];

/// An action endpoint: an optional method and a route pattern.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Endpoint {
    pub method: Option<String>,
    pub route: RoutePattern,
}

impl Endpoint {
    /// Parses `METHOD /path` or a bare `/path`.
    ///
    /// # Errors
    /// When the method is unknown or the route is malformed.
    pub fn parse(text: &str) -> Result<Self, RouteError> {
        let Some((method, path)) = text.split_once(' ') else {
            return Ok(Self { method: None, route: RoutePattern::parse(text)? });
        };
        if !METHODS.contains(&method) {
            return Err(RouteError::at(0, format!("`{method}` is not an HTTP method ({})", METHODS.join(", "))));
        }
        let skip = method.chars().count() + 1;
        let route = RoutePattern::parse(path).map_err(|e| RouteError::at(skip + e.offset, e.message))?;
        Ok(Self { method: Some(method.to_owned()), route })
    }

    /// True for methods that change state on the server.
    #[must_use]
    pub fn is_mutating(&self) -> bool {
        self.method.as_deref().is_some_and(|m| !matches!(m, "GET" | "HEAD" | "OPTIONS"))
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.method {
            Some(method) => write!(f, "{method} {}", self.route),
            None => self.route.fmt(f),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_every_parameter_syntax() {
        let route = RoutePattern::parse("/a/:id/[slug]/{siteId}").unwrap();
        assert_eq!(route.to_string(), "/a/{id}/{slug}/{siteId}");
        assert_eq!(route.params().collect::<Vec<_>>(), ["id", "slug", "siteId"]);
    }

    #[test]
    fn rejects_malformed_routes_with_offsets() {
        assert_eq!(RoutePattern::parse("a/b").unwrap_err().offset, 0);
        assert_eq!(RoutePattern::parse("/a//b").unwrap_err().offset, 3);
        assert_eq!(RoutePattern::parse("/a/{id").unwrap_err().offset, 3);
        assert_eq!(RoutePattern::parse("/a b").unwrap_err().offset, 2);
        assert!(RoutePattern::parse("/a/{id}/{id}").is_err());
        assert!(RoutePattern::parse("/a/").is_err());
        assert!(RoutePattern::parse("/a/{1x}").is_err());
    }

    #[test]
    fn fills_parameters_or_names_the_missing_one() {
        let route = RoutePattern::parse("/n/{id}/x/{slug}").unwrap();
        let filled = route.fill(|name| (name == "id").then_some("7"));
        assert_eq!(filled, Err("slug"));
        assert_eq!(route.fill(|_| Some("v")).unwrap(), "/n/v/x/v");
        assert_eq!(RoutePattern::parse("/").unwrap().fill(|_| None).unwrap(), "/");
    }

    #[test]
    fn reads_optional_and_catch_all_in_every_spelling() {
        for (written, canonical) in [
            ("/a/{id?}", "/a/{id?}"),
            ("/a/:id?", "/a/{id?}"),
            ("/a/[[id]]", "/a/{id?}"),
            ("/a/{*rest}", "/a/{*rest}"),
            ("/a/[...rest]", "/a/{*rest}"),
            ("/a/*rest", "/a/{*rest}"),
            ("/a/*", "/a/{*splat}"),
            ("/a/[[...rest]]", "/a/{*rest?}"),
            ("/a/{*rest?}", "/a/{*rest?}"),
        ] {
            assert_eq!(RoutePattern::parse(written).unwrap().to_string(), canonical, "{written}");
        }
        assert_eq!(RoutePattern::parse("/a/{id?}").unwrap().shape(), "/a/{?}");
    }

    #[test]
    fn catch_alls_anywhere_and_a_query_is_refused() {
        let mid = RoutePattern::parse("/a/{*rest}/b.txt").unwrap();
        assert_eq!(mid.to_string(), "/a/{*rest}/b.txt");
        assert_eq!(mid.fill(|_| Some("x/y")).unwrap(), "/a/x/y/b.txt");
        // Astro's `[...blog]/[...page].astro`: two rest parameters, each filled.
        let two = RoutePattern::parse("/{*blog?}/{*page?}").unwrap();
        assert_eq!(two.to_string(), "/{*blog?}/{*page?}");
        assert_eq!(two.fill(|name| (name == "page").then_some("tag/x")).unwrap(), "/tag/x");
        assert_eq!(two.fill(|_| None).unwrap(), "/");
        assert_eq!(RoutePattern::parse("/a?x=1").unwrap_err().offset, 2);
        assert_eq!(RoutePattern::parse("/a/{id}?").unwrap_err().offset, 7);
        assert!(RoutePattern::parse("/a/{id?}/{*id}").is_err(), "names repeat across kinds");
    }

    #[test]
    fn fills_omit_optional_segments_and_need_a_catch_all_value() {
        let route = RoutePattern::parse("/u/{id?}/files/{*path}").unwrap();
        assert_eq!(route.fill(|name| (name == "path").then_some("a/b")).unwrap(), "/u/files/a/b");
        assert_eq!(route.fill(|_| Some("v")).unwrap(), "/u/v/files/v");
        assert_eq!(route.fill(|_| None), Err("path"));
        assert_eq!(RoutePattern::parse("/d/{*p?}").unwrap().fill(|_| None).unwrap(), "/d");
        assert_eq!(route.required_params().collect::<Vec<_>>(), ["path"]);
    }

    #[test]
    fn reads_text_and_parameters_in_one_segment() {
        for (written, canonical, shape, params) in [
            ("/reports/{id}.json", "/reports/{id}.json", "/reports/{}.json", &["id"][..]),
            ("/v{version}/items", "/v{version}/items", "/v{}/items", &["version"]),
            ("/files/{name}.{ext}", "/files/{name}.{ext}", "/files/{}.{}", &["name", "ext"]),
            ("/files/[name].[ext]", "/files/{name}.{ext}", "/files/{}.{}", &["name", "ext"]),
            ("/@{user}", "/@{user}", "/@{}", &["user"]),
            ("/a/{from}-{to}/x", "/a/{from}-{to}/x", "/a/{}-{}/x", &["from", "to"]),
            ("/v1/items:batch", "/v1/items:batch", "/v1/items:batch", &[]),
        ] {
            let route = RoutePattern::parse(written).unwrap();
            assert_eq!(route.to_string(), canonical, "{written}");
            assert_eq!(route.shape(), shape, "{written}");
            assert_eq!(route.params().collect::<Vec<_>>(), params, "{written}");
            assert_eq!(route.required_params().collect::<Vec<_>>(), params, "{written}");
        }
    }

    #[test]
    fn refuses_what_a_segment_cannot_hold_at_the_exact_column() {
        for (written, offset, says) in [
            ("/r/{a}{b}", 6, "side by side"),
            ("/r/{id?}.json", 3, "optional parameter must be a whole segment"),
            ("/r/x{*rest}", 4, "catch-all must be a whole segment"),
            ("/r/[...rest].json", 3, "catch-all must be a whole segment"),
            ("/r/[[id]]-x", 3, "optional parameter must be a whole segment"),
            ("/r/{id}.{id}", 8, "`id` appears twice"),
            ("/r/{id}/v{id}", 9, "`id` appears twice"),
            ("/r/{id}.json}", 12, "`}` closes no parameter"),
            ("/r/v{1x}", 5, "`1x` is not a parameter name"),
            ("/r/{}.json", 4, "needs a name"),
            ("/r/x{id", 4, "no `}` closes"),
            ("/r/[[id]", 3, "no `]]` closes"),
            ("/r/{id}.json?x", 12, "query"),
        ] {
            let error = RoutePattern::parse(written).unwrap_err();
            assert_eq!(error.offset, offset, "{written}: {}", error.message);
            assert!(error.message.contains(says), "{written}: {}", error.message);
        }
    }

    #[test]
    fn fills_text_around_parameters_as_written() {
        let report = RoutePattern::parse("/reports/{report}.json").unwrap();
        assert_eq!(report.fill(|name| (name == "report").then_some("42")).unwrap(), "/reports/42.json");
        let file = RoutePattern::parse("/files/{name}.{ext}").unwrap();
        assert_eq!(file.fill(|name| (name == "name").then_some("a")), Err("ext"));
        assert_eq!(file.fill(|name| Some(if name == "name" { "a" } else { "tar.gz" })).unwrap(), "/files/a.tar.gz");
        let user = RoutePattern::parse("/@{user}/v{n}").unwrap();
        let segments = user.fill_segments(|_| Some("a b/c")).unwrap();
        assert_eq!(segments, ["@a b/c", "va b/c"], "unescaped: the URL builder escapes each segment");
    }

    #[test]
    fn parses_endpoints_and_knows_which_mutate() {
        let endpoint = Endpoint::parse("DELETE /nodes/{id}").unwrap();
        assert!(endpoint.is_mutating());
        assert_eq!(endpoint.to_string(), "DELETE /nodes/{id}");
        assert!(!Endpoint::parse("/nodes").unwrap().is_mutating());
        assert_eq!(Endpoint::parse("FETCH /x").unwrap_err().offset, 0);
        assert_eq!(Endpoint::parse("POST x").unwrap_err().offset, 5);
    }
}
