//! Django's URL regexes (`re_path()`, `url()`, DRF's router prefixes)
//! written in the route syntax. Most are text and named groups, which say
//! exactly one route; what else a regex holds becomes a parameter, and the
//! caller notes that the route is approximate.

use std::fmt::Write as _;

/// A URL regex in the route syntax: `^users/(?P<pk>\d+)/$` is
/// `users/{pk}/`, a group that can match `/` (`(?P<rest>.*)`) is `{*rest}`,
/// escaped characters are themselves, an optional trailing `/?` is the
/// slash. Anything else (a character class, an unnamed group, a
/// quantifier on text) becomes a parameter `{_N}` and the result is not
/// exact.
#[must_use]
pub fn regex_route(regex: &str) -> (String, bool) {
    let body = regex.strip_prefix('^').unwrap_or(regex);
    let body = body.strip_suffix("\\Z").or_else(|| body.strip_suffix('$')).unwrap_or(body);
    let chars: Vec<char> = body.chars().collect();
    let (mut out, mut exact, mut unnamed) = (String::new(), true, 0);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let quantified = |at: usize| chars.get(at).is_some_and(|q| matches!(q, '*' | '+' | '?' | '{'));
        match c {
            '\\' if chars.get(i + 1).is_some_and(|n| !n.is_ascii_alphanumeric()) => {
                out.push(chars[i + 1]);
                i += 2;
                continue;
            }
            '(' => {
                let close = group_end(&chars, i);
                let inner: String = chars[i + 1..close].iter().collect();
                let end = skip_quantifier(&chars, close + 1);
                let optional = matches!(chars.get(close + 1), Some('?' | '*'));
                let whole = whole_segment(&out, &chars, end);
                if let Some(named) = inner.strip_prefix("?P<") {
                    let (name, pattern) = named.split_once('>').unwrap_or((named, ""));
                    let star = if slashes(pattern) { "*" } else { "" };
                    let opt = if optional || (whole && can_be_empty(pattern)) { "?" } else { "" };
                    let _ = write!(out, "{{{star}{}{opt}}}", crate::scan::param_name(name));
                } else if let Some(segment) =
                    inner.strip_prefix("?:").and_then(|inner| optional_segment(inner, optional))
                {
                    // `(?:/(?P<name>.+))?`: one optional segment.
                    out.push_str(&segment);
                } else {
                    unnamed += 1;
                    exact = false;
                    let _ = write!(out, "{{_{unnamed}}}");
                }
                i = end;
                continue;
            }
            '/' if chars.get(i + 1) == Some(&'?') && i + 2 == chars.len() => {
                out.push('/');
                i += 2;
                continue;
            }
            '.' if matches!(chars.get(i + 1), Some('*' | '+'))
                && whole_segment(&out, &chars, skip_quantifier(&chars, i + 1)) =>
            {
                // `.*` or `.+` alone in its segments is anything under it: a catch-all.
                let end = skip_quantifier(&chars, i + 1);
                unnamed += 1;
                let opt = if chars[i + 1] == '*' { "?" } else { "" };
                let _ = write!(out, "{{*_{unnamed}{opt}}}");
                i = end;
                continue;
            }
            '[' | '\\' | '.' if quantified(piece_end(&chars, i)) || c != '.' => {
                let end = skip_quantifier(&chars, piece_end(&chars, i));
                unnamed += 1;
                exact = false;
                let _ = write!(out, "{{_{unnamed}}}");
                i = end;
                continue;
            }
            '*' | '+' | '?' | '{' | '|' | '$' | '^' => exact = false,
            _ => out.push(c),
        }
        i += 1;
    }
    (out, exact)
}

/// Whether what ends at `end` of `chars` fills a whole segment of the route
/// written so far in `out`: it starts one and the regex ends or a `/`
/// follows (an optional trailing `/?` too).
fn whole_segment(out: &str, chars: &[char], end: usize) -> bool {
    let starts = out.is_empty() || out.ends_with('/');
    let rest: String = chars[end.min(chars.len())..].iter().collect();
    starts && (rest.is_empty() || rest.starts_with('/'))
}

/// Whether a group's pattern matches the empty text: one atom under `*`
/// (`.*`, `[^/]*`, `\w*?`).
fn can_be_empty(pattern: &str) -> bool {
    let chars: Vec<char> = pattern.chars().collect();
    !chars.is_empty()
        && chars.get(piece_end(&chars, 0)) == Some(&'*')
        && skip_quantifier(&chars, piece_end(&chars, 0)) == chars.len()
}

/// An optional non-capturing group holding `/` and one segment of its own
/// (`(?:/(?P<name>.+))?`) as the optional segment `/{*name?}`.
fn optional_segment(inner: &str, optional: bool) -> Option<String> {
    let rest = inner.strip_prefix('/').filter(|_| optional)?;
    let (segment, exact) = regex_route(rest);
    let param = segment
        .strip_prefix('{')
        .and_then(|s| s.strip_suffix('}'))
        .filter(|p| exact && !p.contains(['{', '}', '/']))?;
    let param = param.strip_suffix('?').unwrap_or(param);
    Some(format!("/{{{param}?}}"))
}

/// Whether a group's pattern can match a `/`: a `.` outside a character
/// class, or a negated class that does not exclude it (`[^?]`).
fn slashes(pattern: &str) -> bool {
    let (mut outside, mut class, mut escaped) = (String::new(), None::<String>, false);
    let mut classes = Vec::new();
    for c in pattern.chars() {
        match (&mut class, c) {
            (_, _) if escaped => escaped = false,
            (_, '\\') => escaped = true,
            (None, '[') => class = Some(String::new()),
            (Some(text), ']') => {
                classes.push(std::mem::take(text));
                class = None;
            }
            (Some(text), c) => text.push(c),
            (None, c) => outside.push(c),
        }
    }
    outside.contains('.') || classes.iter().any(|c| c.starts_with('^') && !c.contains('/'))
}

/// The index of the `)` closing the group opened at `open`.
fn group_end(chars: &[char], open: usize) -> usize {
    let mut depth = 0;
    let mut i = open;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
        i += 1;
    }
    chars.len() - 1
}

/// Where the atom starting at `at` (a class `[…]`, an escape, `.`) ends.
fn piece_end(chars: &[char], at: usize) -> usize {
    match chars[at] {
        '[' => chars[at..].iter().position(|c| *c == ']').map_or(chars.len(), |k| at + k + 1),
        '\\' => (at + 2).min(chars.len()),
        _ => at + 1,
    }
}

/// Past a quantifier at `at` (`*`, `+`, `?`, `{m,n}`, and a lazy `?`).
fn skip_quantifier(chars: &[char], mut at: usize) -> usize {
    match chars.get(at) {
        Some('*' | '+' | '?') => at += 1,
        Some('{') => at = chars[at..].iter().position(|c| *c == '}').map_or(chars.len(), |k| at + k + 1),
        _ => return at,
    }
    if chars.get(at) == Some(&'?') { at + 1 } else { at }
}

#[cfg(test)]
mod tests {
    use super::regex_route;

    #[test]
    fn plain_regexes_become_routes() {
        assert_eq!(regex_route(r"^users/(?P<pk>\d+)/$"), ("users/{pk}/".to_owned(), true));
        assert_eq!(regex_route(r"^profiles/(?P<username>\w+)/?$"), ("profiles/{username}/".to_owned(), true));
        assert_eq!(regex_route(r"^files/(?P<rest>.*)$"), ("files/{*rest?}".to_owned(), true));
        assert_eq!(regex_route(r"^q/(?P<q>[^?]+)$"), ("q/{*q}".to_owned(), true));
        assert_eq!(regex_route(r"^x/(?P<slug>[^/.]+)$"), ("x/{slug}".to_owned(), true));
        assert_eq!(regex_route(r"^robots\.txt$"), ("robots.txt".to_owned(), true));
        assert_eq!(regex_route(r"^api/"), ("api/".to_owned(), true));
        assert_eq!(regex_route(r"^a/(?P<slug>[-\w]+)/b/(?P<n>[\d]+)/?$"), ("a/{slug}/b/{n}/".to_owned(), true));
    }

    #[test]
    fn what_can_be_empty_or_absent_is_optional() {
        // `.*` also matches nothing: `/files/` is served.
        assert_eq!(regex_route(r"^t/(?P<tag>\w*)/$"), ("t/{tag?}/".to_owned(), true));
        assert_eq!(regex_route(r"^logo(?:/(?P<filename>.+))?/?$"), ("logo/{*filename?}/".to_owned(), true));
        assert_eq!(regex_route(r"^p(?:/(?P<n>\d+))?$"), ("p/{n?}".to_owned(), true));
        // A front end's fallback: everything, the root too.
        assert_eq!(regex_route(r".*"), ("{*_1?}".to_owned(), true));
        assert_eq!(regex_route(r"^app/.+$"), ("app/{*_1}".to_owned(), true));
        // Inside a segment a catch-all cannot be spelled: still a parameter.
        assert_eq!(regex_route(r"^x-.*$"), ("x-{_1}".to_owned(), false));
        assert_eq!(regex_route(r"^(?:a|b)/$"), ("{_1}/".to_owned(), false));
    }

    #[test]
    fn other_regexes_are_parameters_and_not_exact() {
        assert_eq!(regex_route(r"^page/[0-9]+/$"), ("page/{_1}/".to_owned(), false));
        assert_eq!(regex_route(r"^(\d{4})/(en|fr)/$"), ("{_1}/{_2}/".to_owned(), false));
        assert_eq!(regex_route(r"^x/\d+$"), ("x/{_1}".to_owned(), false));
    }
}
