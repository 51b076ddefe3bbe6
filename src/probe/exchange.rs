//! What one fetch brought back, and what went wrong when nothing usable did.
//!
//! Network failures are values, not errors: a refused connection or a reset
//! is a fact about a deployment that the audit reports, so the client turns
//! every `reqwest::Error` into a [`Failure`] with a kind that decides the
//! verdict and a detail written for people. Details are built from the error
//! chain *below* reqwest's own message, which would repeat the URL, and never
//! from request headers, so no secret can reach them.

use std::error::Error as _;
use std::io;

use super::result::Hop;
use super::verdict::Verdict;

/// The answer to one fetch, redirects followed and retries done.
#[derive(Clone, Debug, Default)]
pub struct Exchange {
    /// The last HTTP status seen, if any answer came.
    pub status: Option<u16>,
    /// The URL that gave the last answer.
    pub final_url: Option<String>,
    /// Every hop that answered 3xx and was followed, in order.
    pub chain: Vec<Hop>,
    /// The `Allow` header of the last answer (for OPTIONS).
    pub allow: Option<String>,
    /// The `Location` of a last answer that is a redirect left unfollowed.
    pub location: Option<String>,
    /// The body of the last answer, at most `body_cap` bytes.
    pub body: Vec<u8>,
    /// The body was longer than the cap and only its start was read.
    pub truncated: bool,
    /// Requests made, retries and hops included.
    pub attempts: u32,
    /// Why the fetch gave no usable answer.
    pub failure: Option<Failure>,
}

impl Exchange {
    /// The body as text, invalid UTF-8 replaced, for titles, words and markers.
    #[must_use]
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }
}

/// Why a request gave no usable answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub kind: FailureKind,
    /// For people: what happened, never a header value.
    pub detail: String,
}

impl Failure {
    #[must_use]
    pub fn new(kind: FailureKind, detail: impl Into<String>) -> Self {
        Self { kind, detail: detail.into() }
    }
}

/// The kinds of failure, each with one verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailureKind {
    /// Nothing listens on the port: never retried.
    Refused,
    /// The host name does not resolve.
    Dns,
    /// Any other failure to connect.
    Connect,
    /// The TLS handshake failed (certificate, protocol).
    Tls,
    /// No complete answer within the deadline (headers and body).
    Timeout,
    /// The peer reset or closed the connection before answering.
    Reset,
    /// The answer started but its body broke off.
    Body,
    /// A redirect parity cannot follow: a loop, too many hops, a missing or
    /// invalid `Location`.
    Redirect,
    /// The request could not be built (bad URL, header name or value).
    Request,
}

impl FailureKind {
    /// Failures before any answer mean the deployment cannot be reached;
    /// the rest are answers parity cannot use.
    #[must_use]
    pub fn verdict(self) -> Verdict {
        match self {
            Self::Refused | Self::Dns | Self::Connect | Self::Tls | Self::Timeout | Self::Reset => Verdict::Unreachable,
            Self::Body | Self::Redirect | Self::Request => Verdict::Error,
        }
    }

    /// Timeouts are worth another try; a refused connection or a broken
    /// certificate will not heal in a second.
    #[must_use]
    pub fn is_retryable(self) -> bool {
        self == Self::Timeout
    }
}

/// Turns a reqwest error into a failure; `reading_body` tells a broken body
/// from a broken connection.
#[must_use]
pub fn failure_from(error: &reqwest::Error, reading_body: bool) -> Failure {
    let cause = cause_chain(error);
    let lower = cause.to_lowercase();
    let kind = if error.is_timeout() || io_kind(error) == Some(io::ErrorKind::TimedOut) {
        FailureKind::Timeout
    } else if io_kind(error) == Some(io::ErrorKind::ConnectionRefused) {
        FailureKind::Refused
    } else if lower.contains("dns error") || lower.contains("failed to lookup address") {
        FailureKind::Dns
    } else if is_tls(error) || lower.contains("certificate") || lower.contains("tls") || lower.contains("handshake") {
        FailureKind::Tls
    } else if reading_body || error.is_body() || error.is_decode() {
        FailureKind::Body
    } else if error.is_connect() {
        FailureKind::Connect
    } else if error.is_builder() {
        FailureKind::Request
    } else {
        FailureKind::Reset
    };
    let label = label(kind);
    // `Connection refused (os error 111)` already says what the label would:
    // `connection refused (os error 111)`, not `connection refused: Connection refused …`.
    let detail = match cause.get(..label.len()).zip(cause.get(label.len()..)) {
        _ if cause.is_empty() => label.to_owned(),
        Some((said, rest)) if said.eq_ignore_ascii_case(label) => format!("{label}{rest}"),
        _ => format!("{label}: {cause}"),
    };
    Failure::new(kind, detail)
}

fn label(kind: FailureKind) -> &'static str {
    match kind {
        FailureKind::Refused => "connection refused",
        FailureKind::Dns => "host name does not resolve",
        FailureKind::Connect => "cannot connect",
        FailureKind::Tls => "TLS failure",
        FailureKind::Timeout => "timed out",
        FailureKind::Reset => "connection closed without an answer",
        FailureKind::Body => "body broke off",
        FailureKind::Redirect => "redirect not followed",
        FailureKind::Request => "request cannot be built",
    }
}

/// The innermost cause (`Connection reset by peer`, `invalid peer
/// certificate: UnknownIssuer`): below reqwest's own message, which names the
/// URL, and below hyper's wrappers, which say little.
fn cause_chain(error: &reqwest::Error) -> String {
    let mut innermost = None;
    let mut source = error.source();
    while let Some(cause) = source {
        innermost = Some(cause);
        source = cause.source();
    }
    innermost.map(ToString::to_string).unwrap_or_default()
}

/// Whether rustls raised the error anywhere in the chain: by type, not by
/// wording, so a protocol error ("received corrupt message") counts as well
/// as a certificate one. rustls's error arrives wrapped in `io::Error`s,
/// whose `source()` skips the wrapped error, so each is unwrapped by hand.
fn is_tls(error: &reqwest::Error) -> bool {
    let mut source = error.source();
    while let Some(cause) = source {
        let mut layer: &(dyn std::error::Error + 'static) = cause;
        loop {
            if layer.is::<rustls::Error>() {
                return true;
            }
            match layer.downcast_ref::<io::Error>().and_then(io::Error::get_ref) {
                Some(inner) => layer = inner,
                None => break,
            }
        }
        source = cause.source();
    }
    false
}

fn io_kind(error: &reqwest::Error) -> Option<io::ErrorKind> {
    let mut source = error.source();
    while let Some(cause) = source {
        if let Some(io_error) = cause.downcast_ref::<io::Error>() {
            return Some(io_error.kind());
        }
        source = cause.source();
    }
    None
}

/// Hides a deployment's secret values in text: a last guard in case a server
/// echoes a token into a `Location` or an error message.
#[derive(Clone, Debug, Default)]
pub struct Redactor {
    /// Every form a secret may come back in, longest first, so a whole value
    /// is hidden before its parts.
    forms: Vec<String>,
}

impl Redactor {
    /// The forms of each header value (`(name, value)`): the whole value;
    /// the token of an `Authorization` value (after `Bearer `); each
    /// `name=value` pair of a `Cookie` and each of its values of at least
    /// `REDACTED_WORD_LENGTH` characters; each word of a value that long.
    /// All of them raw and percent-encoded, since URLs carry echoed values
    /// encoded.
    #[must_use]
    pub fn new<'a>(headers: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut forms: Vec<String> = Vec::new();
        let mut add = |form: &str| {
            if !form.is_empty() {
                forms.extend([form.to_owned(), percent_encoded(form)]);
            }
        };
        for (name, value) in headers {
            add(value);
            let words = value.split_whitespace().filter(|word| word.len() >= REDACTED_WORD_LENGTH);
            words.for_each(&mut add);
            if name.eq_ignore_ascii_case("authorization") {
                if let Some((_, token)) = value.trim().split_once(char::is_whitespace) {
                    add(token.trim());
                }
            }
            if name.eq_ignore_ascii_case("cookie") {
                for pair in value.split(';').map(str::trim) {
                    add(pair);
                    let cookie = pair.split_once('=').map_or("", |(_, cookie)| cookie.trim().trim_matches('"'));
                    if cookie.len() >= REDACTED_WORD_LENGTH {
                        add(cookie);
                    }
                }
            }
        }
        forms.sort_by_key(|form| std::cmp::Reverse(form.len()));
        forms.dedup();
        Self { forms }
    }

    /// `text` with every form of every secret replaced by `<redacted>`. A
    /// form shorter than `REDACTED_WORD_LENGTH` (a token of two characters)
    /// is hidden only where it stands alone, between characters that are
    /// not letters or digits: hidden anywhere, it would shred every URL and
    /// word that happens to contain it.
    #[must_use]
    pub fn redact(&self, text: &str) -> String {
        self.forms.iter().fold(text.to_owned(), |text, form| {
            if form.len() >= REDACTED_WORD_LENGTH {
                text.replace(form.as_str(), "<redacted>")
            } else {
                alone(&text, form)
            }
        })
    }

    /// [`Self::redact`] in place, and without a copy when no secret form
    /// occurs, which is nearly always: every result passes through here.
    pub fn scrub(&self, text: &mut String) {
        if self.finds(text) {
            *text = self.redact(text);
        }
    }

    /// Whether `text` holds a secret form [`Self::redact`] would replace.
    #[must_use]
    pub fn finds(&self, text: &str) -> bool {
        self.forms.iter().any(|form| text.contains(form.as_str()))
    }
}

/// `text` with each occurrence of `form` that stands alone replaced.
fn alone(text: &str, form: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut before: Option<char> = None;
    while let Some(at) = rest.find(form) {
        let prior = rest[..at].chars().next_back().or(before);
        let next = rest[at + form.len()..].chars().next();
        out.push_str(&rest[..at]);
        if prior.is_none_or(|c| !c.is_alphanumeric()) && next.is_none_or(|c| !c.is_alphanumeric()) {
            out.push_str("<redacted>");
        } else {
            out.push_str(form);
        }
        before = form.chars().next_back();
        rest = &rest[at + form.len()..];
    }
    out.push_str(rest);
    out
}

/// Words and cookie values of a secret at least this long are hidden on
/// their own: shorter ones (`en`, `1`, `dark`) are settings, not secrets, and
/// hiding them would garble the URLs the audit compares.
const REDACTED_WORD_LENGTH: usize = 8;

fn percent_encoded(text: &str) -> String {
    text.bytes()
        .map(|byte| {
            if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
                char::from(byte).to_string()
            } else {
                format!("%{byte:02X}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redact(text: &str, headers: &[(&str, &str)]) -> String {
        Redactor::new(headers.iter().copied()).redact(text)
    }

    #[test]
    fn redact_hides_every_occurrence_and_ignores_empty_secrets() {
        let text = "https://x/cb?token=s3cret&again=s3cret";
        let headers = [("X-Key", "s3cret"), ("X-Empty", "")];
        assert_eq!(redact(text, &headers), "https://x/cb?token=<redacted>&again=<redacted>");
    }

    #[test]
    fn redact_hides_encoded_values_and_bearer_tokens() {
        let secret = [("Authorization", "Bearer abc/def+123456")];
        assert_eq!(redact("t=Bearer%20abc%2Fdef%2B123456", &secret), "t=<redacted>");
        assert_eq!(redact("t=Bearer+abc/def+123456", &secret), "t=Bearer+<redacted>");
        let short = [("Authorization", "Bearer tok-1")];
        assert_eq!(redact("/cb?t=tok-1", &short), "/cb?t=<redacted>", "a token is hidden whatever its length");
    }

    #[test]
    fn a_short_secret_is_hidden_where_it_stands_alone_and_does_not_shred_other_text() {
        let short = [("Authorization", "Bearer ab")];
        assert_eq!(redact("/cb?t=ab&u=x", &short), "/cb?t=<redacted>&u=x");
        assert_eq!(redact("/about/tabs/lab", &short), "/about/tabs/lab");
        assert_eq!(redact("ab", &short), "<redacted>");
        assert_eq!(redact("ab-ab", &short), "<redacted>-<redacted>");
    }

    #[test]
    fn redact_hides_each_cookie_pair_and_value() {
        let cookie = [("Cookie", "JSESSIONID=s3ss10n/5e1d; theme=dark; csrf=\"x9y8z7w6v5\"")];
        assert_eq!(redact("/landing;jsessionid=s3ss10n/5e1d", &cookie), "/landing;jsessionid=<redacted>");
        assert_eq!(redact("/landing?sid=s3ss10n%2F5e1d", &cookie), "/landing?sid=<redacted>");
        assert_eq!(redact("c=theme%3Ddark&t=x9y8z7w6v5", &cookie), "c=<redacted>&t=<redacted>");
        assert_eq!(redact("/dark/mode", &cookie), "/dark/mode", "a short value alone is not a secret");
    }

    #[test]
    fn only_connection_failures_are_unreachable() {
        assert_eq!(FailureKind::Refused.verdict(), Verdict::Unreachable);
        assert_eq!(FailureKind::Timeout.verdict(), Verdict::Unreachable);
        assert_eq!(FailureKind::Redirect.verdict(), Verdict::Error);
        assert_eq!(FailureKind::Body.verdict(), Verdict::Error);
        assert!(!FailureKind::Refused.is_retryable());
    }
}
