//! Route patterns in the one syntax of `docs/routes.md`: `/x/{id}`,
//! `/x/{id?}` (optional), `/x/{*rest}` (catch-all), with the spellings of
//! common routers (`:id`, `[id]`, `[[id]]`, `[...rest]`, `*`) accepted and
//! normalised, plus `METHOD /path` endpoints.
//!
//! Parsing is strict because a malformed route would later be probed
//! literally; every error says where in the route it is. The matrix, the
//! prober and `parity scan` share this one parser, so a route means the same
//! thing wherever it is written; [`matching`] says when one route serves
//! another.

pub mod matching;

use std::fmt;

pub use matching::Cover;

/// One path segment of a route pattern.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Segment {
    Literal(String),
    /// `{name}`: exactly one segment.
    Param(String),
    /// `{name?}`: one segment, or none.
    Optional(String),
    /// `{*name}`: one or more segments (`optional`: zero or more); last only.
    CatchAll {
        name: String,
        optional: bool,
    },
}

impl Segment {
    /// The parameter's name, for every segment but a literal.
    #[must_use]
    pub fn param_name(&self) -> Option<&str> {
        match self {
            Self::Literal(_) => None,
            Self::Param(name) | Self::Optional(name) | Self::CatchAll { name, .. } => Some(name),
        }
    }

    /// True when the segment may be left out (so the route has variants).
    #[must_use]
    pub fn is_optional(&self) -> bool {
        matches!(self, Self::Optional(_) | Self::CatchAll { optional: true, .. })
    }

    /// The segment in canonical syntax, with `name` for every parameter
    /// (`{}` for shapes, the real name for display).
    fn write(&self, f: &mut impl fmt::Write, named: bool) -> fmt::Result {
        let name = if named { self.param_name().unwrap_or_default() } else { "" };
        match self {
            Self::Literal(text) => f.write_str(text),
            Self::Param(_) => write!(f, "{{{name}}}"),
            Self::Optional(_) => write!(f, "{{{name}?}}"),
            Self::CatchAll { optional, .. } => write!(f, "{{*{name}{}}}", if *optional { "?" } else { "" }),
        }
    }
}

/// At most this many optional segments in one route: each doubles the
/// variants a route expands into.
pub const MAX_OPTIONAL_SEGMENTS: usize = 6;

/// A parsed, normalised route pattern.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RoutePattern {
    segments: Vec<Segment>,
}

/// Why a route or endpoint could not be parsed, and where (a character offset
/// within the text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteError {
    pub message: String,
    pub offset: usize,
}

impl RouteError {
    fn at(offset: usize, message: impl Into<String>) -> Self {
        Self { message: message.into(), offset }
    }
}

impl RoutePattern {
    /// Parses a route pattern such as `/v3-prod/workloads/{id}`.
    ///
    /// # Errors
    /// When the text is not an absolute path of literal and parameter
    /// segments, a catch-all is not last, or a parameter name repeats.
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
        let (mut offset, mut previous) = (1, 1);
        for raw in text[1..].split('/') {
            let segment = parse_segment(raw).map_err(|e| RouteError::at(offset + e.offset, e.message))?;
            if segments.last().is_some_and(|last| matches!(last, Segment::CatchAll { .. })) {
                return Err(RouteError::at(previous, "a catch-all `{*name}` must be the last segment"));
            }
            if let Some(name) = segment.param_name() {
                if segments.iter().any(|s| s.param_name() == Some(name)) {
                    return Err(RouteError::at(offset, format!("parameter `{name}` appears twice")));
                }
            }
            segments.push(segment);
            previous = offset;
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
        self.segments.iter().filter_map(Segment::param_name)
    }

    /// The names of the parameters a URL cannot leave out (not `{x?}`, not
    /// `{*x?}`): those a probe needs a value for.
    pub fn required_params(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().filter(|s| !s.is_optional()).filter_map(Segment::param_name)
    }

    /// Fills every parameter, or names the first one `value` cannot fill.
    ///
    /// An optional segment without a value is left out (`/x/{id?}` → `/x`);
    /// a catch-all needs a value, which may hold slashes (`a/b`).
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
    /// escape each segment themselves.
    ///
    /// # Errors
    /// The name of a required parameter without a value.
    pub fn fill_segments<'a>(&'a self, value: impl Fn(&str) -> Option<&'a str>) -> Result<Vec<&'a str>, &'a str> {
        let mut filled = Vec::new();
        for segment in &self.segments {
            match segment {
                Segment::Literal(text) => filled.push(text.as_str()),
                Segment::Param(name) => filled.push(value(name).ok_or(name.as_str())?),
                Segment::Optional(name) => filled.extend(value(name)),
                Segment::CatchAll { name, optional } => match value(name) {
                    Some(rest) => filled.extend(rest.split('/').filter(|part| !part.is_empty())),
                    None if *optional => {}
                    None => return Err(name),
                },
            }
        }
        Ok(filled)
    }
}

impl fmt::Display for RoutePattern {
    /// The normalised form: `{name}`, `{name?}`, `{*name}`, `{*name?}`.
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

/// Reads one segment in any accepted spelling.
fn parse_segment(raw: &str) -> Result<Segment, RouteError> {
    if raw.is_empty() {
        return Err(RouteError::at(0, "empty path segment (`//` or a trailing `/`)"));
    }
    if raw == "*" {
        // React Router's and Express 4's unnamed splat.
        return Ok(Segment::CatchAll { name: "splat".to_owned(), optional: false });
    }
    let Some((inner, optional)) = param_body(raw) else {
        // `?` only marks an optional parameter; anywhere else it starts a query.
        if let Some(at) = raw.chars().position(|c| c == '?') {
            return Err(RouteError::at(at, "a route cannot contain a query or fragment"));
        }
        if let Some(at) = raw.chars().position(|c| matches!(c, '{' | '}' | '[' | ']')) {
            return Err(RouteError::at(
                at,
                "a parameter must be a whole segment: `{name}`, `{name?}`, `{*name}`, `:name` or `[name]`",
            ));
        }
        return Ok(Segment::Literal(raw.to_owned()));
    };
    let (name, catch_all) = match inner.strip_prefix('*').or_else(|| inner.strip_prefix("...")) {
        Some(name) => (name, true),
        None => (inner, false),
    };
    let valid = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !valid {
        return Err(RouteError::at(1, format!("`{name}` is not a parameter name (letters, digits, `_`)")));
    }
    let name = name.to_owned();
    Ok(match (catch_all, optional) {
        (true, optional) => Segment::CatchAll { name, optional },
        (false, true) => Segment::Optional(name),
        (false, false) => Segment::Param(name),
    })
}

/// The inside of a parameter segment and whether it is optional:
/// `{x}` `{x?}` `{*x}` `:x` `:x?` `*x` `[x]` `[[x]]` `[...x]` `[[...x]]`.
fn param_body(raw: &str) -> Option<(&str, bool)> {
    if let Some(inner) = raw.strip_prefix("[[").and_then(|s| s.strip_suffix("]]")) {
        return Some((inner, true));
    }
    let inner = raw
        .strip_prefix('{')
        .and_then(|s| s.strip_suffix('}'))
        .or_else(|| raw.strip_prefix('[').and_then(|s| s.strip_suffix(']')))
        .or_else(|| raw.strip_prefix(':'))
        .or_else(|| raw.starts_with('*').then_some(raw))?;
    Some(match inner.strip_suffix('?') {
        Some(inner) => (inner, true),
        None => (inner, false),
    })
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
    fn a_catch_all_must_be_last_and_a_query_is_refused() {
        let error = RoutePattern::parse("/a/{*rest}/b").unwrap_err();
        assert_eq!(error.offset, 3);
        assert!(error.message.contains("last segment"), "{}", error.message);
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
    fn parses_endpoints_and_knows_which_mutate() {
        let endpoint = Endpoint::parse("DELETE /nodes/{id}").unwrap();
        assert!(endpoint.is_mutating());
        assert_eq!(endpoint.to_string(), "DELETE /nodes/{id}");
        assert!(!Endpoint::parse("/nodes").unwrap().is_mutating());
        assert_eq!(Endpoint::parse("FETCH /x").unwrap_err().offset, 0);
        assert_eq!(Endpoint::parse("POST x").unwrap_err().offset, 5);
    }
}
