//! Following redirects by hand: where the next hop goes, when to stop, and
//! whether a chain ended on a login page.
//!
//! reqwest could follow redirects itself, but then the hops are invisible;
//! parity records each one (the audit compares the end of the chain with a
//! target's `resolves_to`) and turns a loop or a broken `Location` into a
//! clear answer instead of an error deep in the stack.

use std::collections::HashSet;
use std::hash::BuildHasher;

use percent_encoding::{AsciiSet, percent_encode};
use url::Url;

use super::exchange::{Failure, FailureKind};

/// Path words that mark a login page: a chain ending there means "behind
/// auth". A path segment matches when it starts with one of them and the
/// next character, if any, is not a letter (`/login.php`, `/oauth2`, not
/// `/authors`).
pub const LOGIN_WORDS: &[&str] =
    &["login", "log-in", "log_in", "signin", "sign-in", "sign_in", "sso", "auth", "oauth", "saml", "cas"];

/// The longest piece of a `Location` quoted in a detail.
const QUOTE_LIMIT: usize = 200;

/// No ASCII byte is encoded: only the bytes that are not ASCII, which is
/// every byte of a sequence that is not UTF-8.
const NOT_ASCII: &AsciiSet = &AsciiSet::EMPTY;

/// The text of a raw `Location` value. HTTP allows any byte from 0x80 up
/// (obs-text) but a URL is ASCII: a `Location` that is UTF-8 is taken as it
/// is (joining encodes its characters as UTF-8 bytes anyway), and one that
/// is not has its bytes above 0x7F percent-encoded, so `/caf\xff` is
/// followed to `/caf%FF` — the bytes the server wrote — and never to the
/// U+FFFD characters of a lossy decoding (`/caf%EF%BF%BD`).
#[must_use]
pub fn location_text(raw: &[u8]) -> String {
    match std::str::from_utf8(raw) {
        Ok(text) => text.to_owned(),
        Err(_) => percent_encode(raw, NOT_ASCII).to_string(),
    }
}

/// Statuses whose `Location` is followed.
#[must_use]
pub fn is_redirect(status: u16) -> bool {
    matches!(status, 301 | 302 | 303 | 307 | 308)
}

/// The method of the next hop: 303 (and the historical 301/302 after POST)
/// turn into GET; HEAD stays HEAD.
#[must_use]
pub fn redirected_method(status: u16, method: &str) -> String {
    let to_get = match status {
        303 => method != "HEAD",
        301 | 302 => method == "POST",
        _ => false,
    };
    if to_get { "GET".to_owned() } else { method.to_owned() }
}

/// Resolves the next hop of a chain that has made `hops` redirects so far.
pub fn next_hop<S: BuildHasher>(
    current: &Url,
    status: u16,
    location: Option<&str>,
    seen: &HashSet<String, S>,
    hops: usize,
    max_redirects: u32,
) -> Result<Url, Failure> {
    let failure = |detail: String| Failure::new(FailureKind::Redirect, detail);
    let location = location.ok_or_else(|| failure(format!("{status} without a Location header")))?;
    let next = current
        .join(location.trim())
        .map_err(|error| failure(format!("{status} with an invalid Location `{}`: {error}", quote(location))))?;
    if !matches!(next.scheme(), "http" | "https") {
        return Err(failure(format!("{status} to a non-HTTP Location `{}`", quote(location))));
    }
    if seen.contains(next.as_str()) {
        return Err(failure(format!("redirect loop: {next} was already visited")));
    }
    if hops > usize::try_from(max_redirects).unwrap_or(usize::MAX) {
        return Err(failure(format!("more than {max_redirects} redirects")));
    }
    Ok(next)
}

/// Whether a URL (absolute, or a `Location` relative to `base`) is a login page.
#[must_use]
pub fn is_login_url(url: &str, base: Option<&Url>) -> bool {
    let parsed = match base {
        Some(base) => base.join(url),
        None => Url::parse(url),
    };
    let Ok(parsed) = parsed else { return false };
    parsed.path_segments().into_iter().flatten().any(is_login_segment)
}

/// Whether a chain that ended at `landed` ended where `expected` (a
/// target's `resolves_to`) says: the same URL once parsed, a trailing slash
/// and the fragment aside. The verdict and the audit both ask this.
#[must_use]
pub fn lands_at(expected: &str, landed: &str) -> bool {
    let normal = |text: &str| match Url::parse(text) {
        Ok(mut url) => {
            url.set_fragment(None);
            let path = url.path().trim_end_matches('/').to_owned();
            url.set_path(&path);
            url.to_string()
        }
        Err(_) => text.trim_end_matches('/').to_owned(),
    };
    normal(expected) == normal(landed)
}

/// Whether a chain that started at `requested` and ended at `landed` only
/// added or removed a trailing slash: the same origin and the same path but
/// for one final `/`, query and fragment aside. Frameworks canonicalise
/// paths so (Django's `APPEND_SLASH`, `redirect_slashes` in `FastAPI`, nginx
/// directories), and it is the same target, as [`lands_at`] says too.
#[must_use]
pub fn slash_only(requested: &str, landed: &str) -> bool {
    let (Ok(requested), Ok(landed)) = (Url::parse(requested), Url::parse(landed)) else { return false };
    let (from, to) = (requested.path(), landed.path());
    requested.origin() == landed.origin() && (to.strip_suffix('/') == Some(from) || from.strip_suffix('/') == Some(to))
}

fn is_login_segment(segment: &str) -> bool {
    let segment = segment.to_ascii_lowercase();
    LOGIN_WORDS
        .iter()
        .any(|word| segment.strip_prefix(word).is_some_and(|rest| !rest.starts_with(|c: char| c.is_ascii_alphabetic())))
}

fn quote(text: &str) -> String {
    if text.chars().count() <= QUOTE_LIMIT {
        return text.to_owned();
    }
    let cut: String = text.chars().take(QUOTE_LIMIT).collect();
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).expect("a valid test URL")
    }

    #[test]
    fn relative_locations_resolve_against_the_current_url() {
        let next = next_hop(&url("http://h/a/b"), 302, Some("../c?x=1"), &HashSet::new(), 1, 10);
        assert_eq!(next.map(|u| u.to_string()), Ok("http://h/c?x=1".to_owned()));
    }

    #[test]
    fn loops_missing_and_invalid_locations_are_failures() {
        let seen = HashSet::from(["http://h/a".to_owned()]);
        let detail = |result: Result<Url, Failure>| result.err().map(|failure| failure.detail).unwrap_or_default();
        assert!(detail(next_hop(&url("http://h/b"), 302, Some("/a"), &seen, 2, 10)).starts_with("redirect loop"));
        assert_eq!(detail(next_hop(&url("http://h/b"), 301, None, &seen, 1, 10)), "301 without a Location header");
        assert!(
            detail(next_hop(&url("http://h/b"), 302, Some("http://[bad"), &seen, 1, 10)).contains("invalid Location")
        );
        assert!(detail(next_hop(&url("http://h/b"), 302, Some("ftp://h/x"), &seen, 1, 10)).contains("non-HTTP"));
        assert_eq!(detail(next_hop(&url("http://h/b"), 302, Some("/c"), &seen, 3, 2)), "more than 2 redirects");
    }

    #[test]
    fn login_pages_are_recognised_by_whole_path_words() {
        assert!(is_login_url("http://h/login", None));
        assert!(is_login_url("/users/sign_in?next=/x", Some(&url("http://h/"))));
        assert!(is_login_url("http://h/oauth2/authorize", None));
        assert!(is_login_url("http://h/auth/realms/x", None));
        assert!(!is_login_url("http://h/authors", None));
        assert!(!is_login_url("http://h/v3/casualties", None));
        assert!(!is_login_url("http://h/dashboard?next=/login", None));
    }

    #[test]
    fn landing_ignores_a_trailing_slash_and_the_fragment() {
        assert!(lands_at("http://h/v3-prod", "http://h/v3-prod/"));
        assert!(lands_at("http://H:80/v3-prod/", "http://h/v3-prod#top"));
        assert!(lands_at("http://h", "http://h/"));
        assert!(!lands_at("http://h/v3-prod", "http://h/v3-prod/x"));
        assert!(!lands_at("http://h/v3-prod?a=1", "http://h/v3-prod?a=2"));
    }

    #[test]
    fn only_a_trailing_slash_on_the_same_origin_is_the_same_target() {
        assert!(slash_only("http://h/items", "http://h/items/"));
        assert!(slash_only("http://h:80/items?page=2", "http://H/items/?page=2"));
        assert!(slash_only("http://h/items/", "http://h/items"), "removing the slash counts too");
        assert!(slash_only("http://h/app/items", "http://h/app/items/?from=slash"), "query aside");
        assert!(!slash_only("http://h/items", "https://h/items/"), "another scheme is another origin");
        assert!(!slash_only("http://h/items", "http://other/items/"));
        assert!(!slash_only("http://h/items", "http://h/items//"));
        assert!(!slash_only("http://h/items", "http://h/items/new"));
        assert!(!slash_only("http://h/items", "http://h/items?x=1"), "no slash added: not this rule");
        assert!(!slash_only("http://h/items", "not a url"));
    }

    #[test]
    fn a_location_that_is_not_utf8_is_percent_encoded_byte_for_byte() {
        assert_eq!(location_text(b"/caf\xff/x?q=\xfe"), "/caf%FF/x?q=%FE");
        // A mix: every byte above 0x7F is encoded, which is what joining does to the UTF-8 ones.
        assert_eq!(location_text(b"/\xc3\xa9\xff"), "/%C3%A9%FF");
        assert_eq!(location_text("/café".as_bytes()), "/café");
        let next = next_hop(&url("http://h/a"), 302, Some(&location_text(b"/caf\xff")), &HashSet::new(), 1, 10);
        assert_eq!(next.map(|u| u.to_string()), Ok("http://h/caf%FF".to_owned()));
        let utf8 = next_hop(&url("http://h/a"), 302, Some("/café"), &HashSet::new(), 1, 10);
        assert_eq!(utf8.map(|u| u.to_string()), Ok("http://h/caf%C3%A9".to_owned()));
    }

    #[test]
    fn see_other_turns_into_get() {
        assert_eq!(redirected_method(303, "POST"), "GET");
        assert_eq!(redirected_method(303, "HEAD"), "HEAD");
        assert_eq!(redirected_method(307, "OPTIONS"), "OPTIONS");
    }
}
