//! Route patterns as written in the matrix: `/x/{id}`, with `:id` and `[id]`
//! accepted and normalised to `{id}`, plus `METHOD /path` endpoints.
//!
//! Parsing is strict because a malformed route would later be probed
//! literally; every error says where in the route it is.

use std::fmt;

/// One path segment of a route pattern.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Segment {
    Literal(String),
    Param(String),
}

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
    /// When the text is not an absolute path of literal and parameter segments.
    pub fn parse(text: &str) -> Result<Self, RouteError> {
        if !text.starts_with('/') {
            return Err(RouteError::at(0, "a route must start with `/`"));
        }
        if let Some((at, c)) = text.chars().enumerate().find(|(_, c)| c.is_whitespace() || matches!(c, '?' | '#')) {
            let what = if c.is_whitespace() { "white space" } else { "a query or fragment" };
            return Err(RouteError::at(at, format!("a route cannot contain {what}")));
        }
        if text == "/" {
            return Ok(Self { segments: Vec::new() });
        }
        let mut segments = Vec::new();
        let mut offset = 1;
        for raw in text[1..].split('/') {
            let segment = parse_segment(raw).map_err(|e| RouteError::at(offset + e.offset, e.message))?;
            if let Segment::Param(name) = &segment {
                if segments.contains(&segment) {
                    return Err(RouteError::at(offset, format!("parameter `{name}` appears twice")));
                }
            }
            segments.push(segment);
            offset += raw.chars().count() + 1;
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
            match segment {
                Segment::Literal(text) => shape.push_str(text),
                Segment::Param(_) => shape.push_str("{}"),
            }
        }
        if shape.is_empty() { "/".to_owned() } else { shape }
    }

    /// The segments, in order.
    #[must_use]
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// The names of the parameters, in order.
    pub fn params(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().filter_map(|segment| match segment {
            Segment::Param(name) => Some(name.as_str()),
            Segment::Literal(_) => None,
        })
    }

    /// Fills every parameter, or names the first one `value` cannot fill.
    ///
    /// # Errors
    /// The name of a parameter without a value.
    pub fn fill<'a>(&'a self, value: impl Fn(&str) -> Option<&'a str>) -> Result<String, &'a str> {
        let mut path = String::new();
        for segment in &self.segments {
            path.push('/');
            match segment {
                Segment::Literal(text) => path.push_str(text),
                Segment::Param(name) => path.push_str(value(name).ok_or(name.as_str())?),
            }
        }
        if path.is_empty() {
            path.push('/');
        }
        Ok(path)
    }
}

impl fmt::Display for RoutePattern {
    /// The normalised form, with every parameter written `{name}`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.segments.is_empty() {
            return f.write_str("/");
        }
        for segment in &self.segments {
            match segment {
                Segment::Literal(text) => write!(f, "/{text}")?,
                Segment::Param(name) => write!(f, "/{{{name}}}")?,
            }
        }
        Ok(())
    }
}

fn parse_segment(raw: &str) -> Result<Segment, RouteError> {
    if raw.is_empty() {
        return Err(RouteError::at(0, "empty path segment (`//` or a trailing `/`)"));
    }
    let param = raw
        .strip_prefix('{')
        .and_then(|s| s.strip_suffix('}'))
        .or_else(|| raw.strip_prefix('[').and_then(|s| s.strip_suffix(']')))
        .or_else(|| raw.strip_prefix(':'));
    if let Some(name) = param {
        let valid = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        return if valid {
            Ok(Segment::Param(name.to_owned()))
        } else {
            Err(RouteError::at(1, format!("`{name}` is not a parameter name (letters, digits, `_`)")))
        };
    }
    if let Some(at) = raw.chars().position(|c| matches!(c, '{' | '}' | '[' | ']')) {
        return Err(RouteError::at(at, "a parameter must be a whole segment: `{name}`, `:name` or `[name]`"));
    }
    Ok(Segment::Literal(raw.to_owned()))
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
    fn parses_endpoints_and_knows_which_mutate() {
        let endpoint = Endpoint::parse("DELETE /nodes/{id}").unwrap();
        assert!(endpoint.is_mutating());
        assert_eq!(endpoint.to_string(), "DELETE /nodes/{id}");
        assert!(!Endpoint::parse("/nodes").unwrap().is_mutating());
        assert_eq!(Endpoint::parse("FETCH /x").unwrap_err().offset, 0);
        assert_eq!(Endpoint::parse("POST x").unwrap_err().offset, 5);
    }
}
