//! What one segment of a route is made of, and how it is read and written:
//! a literal, a parameter filling the segment (`{id}`, `{id?}`, `{*rest}`,
//! in the spellings of common routers too), or literal text around `{name}`
//! parameters (`{id}.json`, `v{version}`, `{name}.{ext}`).
//!
//! The character-level rules live here, apart from the path-level ones of
//! [`super::RoutePattern`], so that what a segment may hold, and the exact
//! character every error points at, read in one place.

use std::fmt;

/// One path segment of a route pattern.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Segment {
    Literal(String),
    /// `{name}`: exactly one segment.
    Param(String),
    /// Literal text and `{name}` parameters in one segment (`{id}.json`,
    /// `v{version}`, `{name}.{ext}`): at least one of each, and text between
    /// any two parameters.
    Mixed(Vec<Part>),
    /// `{name?}`: one segment, or none.
    Optional(String),
    /// `{*name}`: one or more segments (`optional`: zero or more); last only.
    CatchAll {
        name: String,
        optional: bool,
    },
}

/// A piece of a [`Segment::Mixed`]: literal text or a one-segment parameter.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Part {
    Text(String),
    Param(String),
}

impl Segment {
    /// The names of the segment's parameters, in order.
    pub fn params(&self) -> impl Iterator<Item = &str> {
        let (whole, parts) = match self {
            Self::Literal(_) => (None, &[][..]),
            Self::Param(name) | Self::Optional(name) | Self::CatchAll { name, .. } => (Some(name.as_str()), &[][..]),
            Self::Mixed(parts) => (None, parts.as_slice()),
        };
        let inside = parts.iter().filter_map(|part| match part {
            Part::Param(name) => Some(name.as_str()),
            Part::Text(_) => None,
        });
        whole.into_iter().chain(inside)
    }

    /// True when the segment may be left out (so the route has variants).
    #[must_use]
    pub fn is_optional(&self) -> bool {
        matches!(self, Self::Optional(_) | Self::CatchAll { optional: true, .. })
    }

    /// The segment in canonical syntax, with each parameter's name (`named`,
    /// for display) or without (`{}`, for shapes).
    pub(super) fn write(&self, f: &mut impl fmt::Write, named: bool) -> fmt::Result {
        let name = |name: &str| if named { name.to_owned() } else { String::new() };
        match self {
            Self::Literal(text) => f.write_str(text),
            Self::Param(n) => write!(f, "{{{}}}", name(n)),
            Self::Optional(n) => write!(f, "{{{}?}}", name(n)),
            Self::CatchAll { name: n, optional } => write!(f, "{{*{}{}}}", name(n), if *optional { "?" } else { "" }),
            Self::Mixed(parts) => parts.iter().try_for_each(|part| match part {
                Part::Text(text) => f.write_str(text),
                Part::Param(n) => write!(f, "{{{}}}", name(n)),
            }),
        }
    }
}

impl fmt::Display for Segment {
    /// The canonical form with names: `users`, `{id}`, `{id}.json`, `{*rest?}`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, true)
    }
}

/// Why a route or endpoint could not be parsed, and where (a character offset
/// within the text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteError {
    pub message: String,
    pub offset: usize,
}

impl RouteError {
    pub(super) fn at(offset: usize, message: impl Into<String>) -> Self {
        Self { message: message.into(), offset }
    }
}

/// A piece of a segment as written, before the segment is judged as a whole.
enum Token {
    Text(String),
    Param { name: String, optional: bool, catch_all: bool },
}

/// Reads one segment in any accepted spelling. `names` holds the parameters
/// of the segments before it and gains this segment's. Error offsets count
/// characters from the segment's start.
pub(super) fn parse_segment(raw: &str, names: &mut Vec<String>) -> Result<Segment, RouteError> {
    if raw.is_empty() {
        return Err(RouteError::at(0, "empty path segment (`//` or a trailing `/`)"));
    }
    // `:id`, `:id?`, `*rest` and `*` fill their segment: a `:` or `*` later in
    // a segment is literal text (`items:batch`).
    let tokens = if raw.starts_with([':', '*']) { vec![(0, whole_segment(raw)?)] } else { tokens(raw)? };
    for (at, token) in &tokens {
        if let Token::Param { name, .. } = token {
            if names.contains(name) {
                return Err(RouteError::at(*at, format!("parameter `{name}` appears twice")));
            }
            names.push(name.clone());
        }
    }
    assemble(tokens)
}

/// `:id`, `:id?`, `*rest` (`*rest?`), and `*`, React Router's and Express
/// 4's unnamed splat.
fn whole_segment(raw: &str) -> Result<Token, RouteError> {
    if raw == "*" {
        return Ok(Token::Param { name: "splat".to_owned(), optional: false, catch_all: true });
    }
    match raw.strip_prefix(':') {
        Some(inner) => param(inner, 1, false),
        None => param(raw, 0, false),
    }
}

/// The text and bracketed parameters of a segment, with where each starts.
fn tokens(raw: &str) -> Result<Vec<(usize, Token)>, RouteError> {
    let chars: Vec<char> = raw.chars().collect();
    let mut tokens: Vec<(usize, Token)> = Vec::new();
    let mut at = 0;
    while let Some(&c) = chars.get(at) {
        match c {
            '{' | '[' => {
                let (token, end) = bracketed(&chars, at)?;
                tokens.push((at, token));
                at = end;
                continue;
            }
            '}' | ']' => return Err(RouteError::at(at, format!("`{c}` closes no parameter"))),
            // `?` only marks an optional parameter; anywhere else it starts a query.
            '?' => return Err(RouteError::at(at, "a route cannot contain a query or fragment")),
            _ => match tokens.last_mut() {
                Some((_, Token::Text(text))) => text.push(c),
                _ => tokens.push((at, Token::Text(c.to_string()))),
            },
        }
        at += 1;
    }
    Ok(tokens)
}

/// The parameter whose bracket opens at `open` (`{x}`, `[x]`, `[[x]]`), and
/// the offset just past its closing bracket.
fn bracketed(chars: &[char], open: usize) -> Result<(Token, usize), RouteError> {
    let (close, inner_at, optional): (&[char], usize, bool) = match chars[open..] {
        ['{', ..] => (&['}'], open + 1, false),
        ['[', '[', ..] => (&[']', ']'], open + 2, true),
        _ => (&[']'], open + 1, false),
    };
    let Some(length) = chars[inner_at..].windows(close.len()).position(|w| w == close) else {
        let closer: String = close.iter().collect();
        return Err(RouteError::at(open, format!("`{}` opens a parameter that no `{closer}` closes", chars[open])));
    };
    let inner: String = chars[inner_at..inner_at + length].iter().collect();
    Ok((param(&inner, inner_at, optional)?, inner_at + length + close.len()))
}

/// The parameter inside brackets (or after `:`) that starts at `at`: a name,
/// `*name` or `...name` for a catch-all, a trailing `?` for optional.
fn param(inner: &str, at: usize, optional: bool) -> Result<Token, RouteError> {
    let (body, marked) = inner.strip_suffix('?').map_or((inner, false), |body| (body, true));
    let (name, catch_all, skip) = match (body.strip_prefix('*'), body.strip_prefix("...")) {
        (Some(name), _) => (name, true, 1),
        (None, Some(name)) => (name, true, 3),
        (None, None) => (body, false, 0),
    };
    let valid = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !valid {
        let message = if name.is_empty() {
            "a parameter needs a name (letters, digits, `_`)".to_owned()
        } else {
            format!("`{name}` is not a parameter name (letters, digits, `_`)")
        };
        return Err(RouteError::at(at + skip, message));
    }
    Ok(Token::Param { name: name.to_owned(), optional: optional || marked, catch_all })
}

/// The segment the tokens make: one token alone is a literal or a
/// whole-segment parameter; several are text and `{name}` parameters.
fn assemble(tokens: Vec<(usize, Token)>) -> Result<Segment, RouteError> {
    if tokens.len() == 1 {
        let (_, token) = tokens.into_iter().next().expect("one token");
        return Ok(match token {
            Token::Text(text) => Segment::Literal(text),
            Token::Param { name, catch_all: true, optional } => Segment::CatchAll { name, optional },
            Token::Param { name, optional: true, .. } => Segment::Optional(name),
            Token::Param { name, .. } => Segment::Param(name),
        });
    }
    let mut parts = Vec::new();
    for (at, token) in tokens {
        let name = match token {
            Token::Text(text) => {
                parts.push(Part::Text(text));
                continue;
            }
            Token::Param { catch_all: true, .. } => return Err(RouteError::at(at, INSIDE_CATCH_ALL)),
            Token::Param { optional: true, .. } => return Err(RouteError::at(at, INSIDE_OPTIONAL)),
            Token::Param { name, .. } => name,
        };
        if matches!(parts.last(), Some(Part::Param(_))) {
            return Err(RouteError::at(at, SIDE_BY_SIDE));
        }
        parts.push(Part::Param(name));
    }
    Ok(Segment::Mixed(parts))
}

const INSIDE_CATCH_ALL: &str =
    "a catch-all must be a whole segment (`/{*name}`): only `{name}` can share a segment with text";
const INSIDE_OPTIONAL: &str =
    "an optional parameter must be a whole segment (`/{name?}`): only `{name}` can share a segment with text";
const SIDE_BY_SIDE: &str =
    "two parameters side by side are ambiguous (where would one end?): put text between them, as in `{a}-{b}`";

/// Fills the parts of a [`Segment::Mixed`]: its text as written, each
/// parameter with its value.
pub(super) fn fill_parts<'a>(parts: &'a [Part], value: &impl Fn(&str) -> Option<&'a str>) -> Result<String, &'a str> {
    let mut filled = String::new();
    for part in parts {
        match part {
            Part::Text(text) => filled.push_str(text),
            Part::Param(name) => filled.push_str(value(name).ok_or(name.as_str())?),
        }
    }
    Ok(filled)
}
