//! Soft-404 detection: fingerprints of what a deployment answers for paths
//! that cannot exist, compared with every 2xx answer.
//!
//! Many apps answer 200 with a "page not found" page, or with the same
//! single-page-app shell for every path, so a 200 proves nothing by itself.
//! As feroxbuster's wildcard heuristics do, parity first asks each deployment
//! for a few random paths under each route prefix and remembers what the
//! answers look like; a route that answers the same way is `soft-missing`.
//! The rule for "the same page" is [`Fingerprint::matches`].
//!
//! A sample must be a path that cannot exist, so it is never one a route of
//! the matrix matches: `/allocations/parity-404-…` *is* `/allocations/{id}`,
//! and a server that renders the detail page for any id would make the real
//! page look like its own not-found page. [`sample_shape`] goes deeper, or
//! beside the prefix, until no route matches; where no path is left, the
//! baseline is [`inconclusive`](Baseline::inconclusive).

use url::Url;

use super::client::{Call, Client, Follow, RequestLog};
use super::deployment::Deployment;
use super::exchange::Exchange;
use crate::route::{RoutePattern, Segment};

/// Random paths asked per (deployment, prefix).
pub const SAMPLES: usize = 3;

/// The most random segments a sample path has: enough to pass every route
/// of a real matrix, bounded for one that lists absurdly deep ones.
const MAX_RANDOM_SEGMENTS: usize = 16;

/// The words of a detail that says no not-found sample could be asked (the
/// audit tells this `indeterminate` from a single-page app's by them).
pub const UNSAMPLED: &str = "no not-found sample could be asked";

/// Simhashes this close (in differing bits of 64) are the same page: the
/// near-duplicate threshold of Manku et al., "Detecting near-duplicates for
/// web crawling" (2007), which feroxbuster uses too.
pub const MAX_HAMMING_DISTANCE: u32 = 3;

/// Bodies whose lengths differ by at most this many bytes, or a twentieth
/// (5 %) of the longer one, are "close": room for a reflected path or a nonce.
const LENGTH_SLACK_BYTES: usize = 64;
const LENGTH_SLACK_DIVISOR: usize = 20;

/// What a page looks like, reduced to numbers that survive small changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fingerprint {
    pub status: u16,
    pub length: usize,
    pub title: Option<String>,
    pub words: usize,
    pub lines: usize,
    pub simhash: u64,
}

impl Fingerprint {
    #[must_use]
    pub fn of(status: u16, body: &str) -> Self {
        let tokens: Vec<String> = words(body).collect();
        Self {
            status,
            length: body.len(),
            title: title(body),
            words: tokens.len(),
            lines: body.lines().count(),
            simhash: simhash(tokens.iter().map(String::as_str)),
        }
    }

    /// Two answers are the same page when their statuses are equal and
    /// either their titles are equal (both present) and their lengths close,
    /// or their word simhashes differ in at most [`MAX_HAMMING_DISTANCE`] bits.
    #[must_use]
    pub fn matches(&self, other: &Self) -> bool {
        if self.status != other.status {
            return false;
        }
        let same_title = self.title.is_some() && self.title == other.title;
        (same_title && lengths_close(self.length, other.length))
            || (self.simhash ^ other.simhash).count_ones() <= MAX_HAMMING_DISTANCE
    }
}

fn lengths_close(a: usize, b: usize) -> bool {
    a.abs_diff(b) <= LENGTH_SLACK_BYTES.max(a.max(b) / LENGTH_SLACK_DIVISOR)
}

/// The text of the first `<title>`, whitespace collapsed.
#[must_use]
pub fn title(body: &str) -> Option<String> {
    let lower = body.to_ascii_lowercase();
    let open = lower.find("<title")?;
    let start = open + lower[open..].find('>')? + 1;
    let end = start + lower[start..].find("</title")?;
    let text = body.get(start..end)?.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(text)
}

/// Lower-case alphanumeric words, markup included: two shells with the same
/// scripts and styles share most of their words.
fn words(body: &str) -> impl Iterator<Item = String> + '_ {
    body.split(|c: char| !c.is_alphanumeric()).filter(|word| !word.is_empty()).map(str::to_lowercase)
}

/// A 64-bit simhash (Charikar): each word votes on each bit with its hash.
#[must_use]
pub fn simhash<'a>(words: impl Iterator<Item = &'a str>) -> u64 {
    let mut votes = [0_i64; 64];
    for word in words {
        let hash = word_hash(word);
        for (bit, vote) in votes.iter_mut().enumerate() {
            *vote += if hash >> bit & 1 == 1 { 1 } else { -1 };
        }
    }
    votes.iter().enumerate().filter(|(_, vote)| **vote > 0).fold(0, |hash, (bit, _)| hash | 1 << bit)
}

/// FNV-1a then a splitmix64 finaliser: stable across runs and Rust versions
/// (unlike `DefaultHasher`), and well mixed in every bit.
fn word_hash(word: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in word.bytes() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    hash = (hash ^ (hash >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    hash = (hash ^ (hash >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    hash ^ (hash >> 31)
}

/// What one deployment answers for paths under one prefix that cannot exist.
#[derive(Clone, Debug, Default)]
pub struct Baseline {
    /// The prefix, e.g. `/v3-prod`, or `/` for the root.
    pub prefix: String,
    /// One fingerprint per sample that answered.
    pub samples: Vec<Fingerprint>,
    /// Where samples that were redirected ended.
    pub redirect_targets: Vec<String>,
    /// The `Allow` header an unknown path answered OPTIONS with, when asked
    /// (IIS and Apache list methods for any path).
    pub options_allow: Option<String>,
    /// Every path parity could ask below and beside the prefix is matched by
    /// a route of the matrix (a catch-all), so nothing was asked: no answer
    /// can be told from a not-found page.
    pub inconclusive: bool,
}

impl Baseline {
    /// Whether an answer looks like the not-found page of this prefix.
    #[must_use]
    pub fn matches(&self, fingerprint: &Fingerprint) -> bool {
        self.samples.iter().any(|sample| sample.matches(fingerprint))
    }

    /// Whether unknown paths here answer 2xx, so a 2xx proves nothing alone.
    #[must_use]
    pub fn answers_success(&self) -> bool {
        self.samples.iter().any(|sample| (200..300).contains(&sample.status))
    }

    /// Whether unknown paths here are redirected to `url`, query and
    /// fragment aside: a not-found page often reflects the path asked for
    /// (`/not-found?path=/x`).
    #[must_use]
    pub fn redirects_to(&self, url: &str) -> bool {
        self.redirect_targets.iter().any(|target| without_query(target) == without_query(url))
    }

    /// Asks [`SAMPLES`] random paths of the [shape](sample_shape) no route
    /// in `routes` (the deployment's, relative to its base URL) matches under
    /// `prefix` with GET, and with `options` one more with OPTIONS,
    /// concurrently; nothing when no such path exists.
    pub async fn measure(
        client: &Client,
        deployment: &Deployment,
        prefix: &str,
        routes: &[RoutePattern],
        options: bool,
        log: RequestLog<'_>,
    ) -> Self {
        let mut baseline = Self { prefix: prefix.to_owned(), ..Self::default() };
        let Some(shape) = sample_shape(&below_base(prefix, &deployment.base_url), routes) else {
            baseline.inconclusive = true;
            return baseline;
        };
        let [first, second, third, fourth]: [String; SAMPLES + 1] =
            std::array::from_fn(|_| sample_url(&deployment.base_url, &shape));
        // OPTIONS follows as the endpoint's OPTIONS does: on the deployment's origin.
        let follow = |method| if method == "GET" { Follow::Always } else { Follow::SameOrigin };
        let call = |method, url| Call { deployment, method, url, follow: follow(method), once: false };
        let answers = tokio::join!(
            client.fetch(call("GET", &first), log),
            client.fetch(call("GET", &second), log),
            client.fetch(call("GET", &third), log),
            async { if options { Some(client.fetch(call("OPTIONS", &fourth), log).await) } else { None } }
        );
        for exchange in [answers.0, answers.1, answers.2] {
            baseline.add(&exchange);
        }
        baseline.options_allow = answers.3.and_then(|exchange| exchange.allow);
        baseline
    }

    /// Whether unknown paths here answer OPTIONS with an `Allow` that lists
    /// `method`: then an endpoint's `Allow` proves nothing.
    #[must_use]
    pub fn allows_anywhere(&self, method: &str) -> bool {
        self.options_allow.as_deref().is_some_and(|allow| allow_lists(allow, method))
    }

    fn add(&mut self, exchange: &Exchange) {
        let (Some(status), None) = (exchange.status, &exchange.failure) else { return };
        self.samples.push(Fingerprint::of(status, &exchange.text()));
        if let (false, Some(target)) = (exchange.chain.is_empty(), &exchange.final_url) {
            self.redirect_targets.push(target.clone());
        }
    }
}

/// Whether an `Allow` header value lists `method`.
#[must_use]
pub fn allow_lists(allow: &str, method: &str) -> bool {
    allow.split(',').any(|allowed| allowed.trim().eq_ignore_ascii_case(method))
}

/// The prefix a URL's baseline is measured under: the first path segment
/// after the deployment's base path when the route goes deeper than it
/// (`/v3-prod/workloads` → `/v3-prod`), else the base path itself (`/`).
#[must_use]
pub fn prefix_of(url: &Url, base: &Url) -> String {
    let base_segments: Vec<&str> = segments(base).collect();
    let url_segments: Vec<&str> = segments(url).collect();
    let base_path = base_segments.iter().fold(String::new(), |path, segment| format!("{path}/{segment}"));
    let rest = url_segments.strip_prefix(base_segments.as_slice()).unwrap_or(&url_segments);
    match rest {
        [first, _, ..] => format!("{base_path}/{first}"),
        _ if base_path.is_empty() => "/".to_owned(),
        _ => base_path,
    }
}

/// A URL without its query and fragment.
fn without_query(url: &str) -> &str {
    url.split(['?', '#']).next().unwrap_or(url)
}

fn segments(url: &Url) -> impl Iterator<Item = &str> {
    url.path_segments().into_iter().flatten().filter(|segment| !segment.is_empty())
}

/// Where a prefix's samples are asked, below the deployment's base path:
/// `fixed` segments, then `random` ones of `parity-404-` and 24 random hex
/// digits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SampleShape {
    pub fixed: Vec<String>,
    pub random: usize,
}

/// The first shape no route in `routes` matches, for the prefix whose
/// segments below the base path are `prefix`: one random segment under the
/// prefix, else deeper (`/allocations/parity-404-…/parity-404-…` passes
/// `/allocations/{id}`), else beside it at the same depths
/// (`/parity-404-…/parity-404-…` passes `/docs/{*slug}`). `None` when every
/// one is matched: a catch-all covers the prefix and its siblings.
#[must_use]
pub fn sample_shape(prefix: &[String], routes: &[RoutePattern]) -> Option<SampleShape> {
    let deepest = routes.iter().map(|route| route.segments().len()).max().unwrap_or_default();
    let depths = prefix.len() + 1..=(deepest + 1).clamp(prefix.len() + 1, prefix.len() + MAX_RANDOM_SEGMENTS);
    let below = depths.clone().map(|depth| SampleShape { fixed: prefix.to_vec(), random: depth - prefix.len() });
    let parent = prefix.split_last().map(|(_, parent)| parent.to_vec());
    let beside = parent.into_iter().flat_map(move |fixed| {
        depths.clone().map(move |depth| SampleShape { random: depth - fixed.len(), fixed: fixed.clone() })
    });
    below.chain(beside).find(|shape| !shape.matched_by(routes))
}

impl SampleShape {
    /// Whether a route matches paths of this shape. A random segment is a
    /// literal no route names, so only parameters and catch-alls take it.
    fn matched_by(&self, routes: &[RoutePattern]) -> bool {
        let random = std::iter::repeat_n("parity-404-0", self.random);
        let path: Vec<&str> = self.fixed.iter().map(String::as_str).chain(random).collect();
        // A segment that is not a literal route segment names no route either.
        let Ok(concrete) = RoutePattern::parse(&format!("/{}", path.join("/"))) else { return false };
        // Most routes start with another literal: skip them before the full match.
        let first = self.fixed.first().map(String::as_str);
        let may_match = |route: &&RoutePattern| match route.segments().first() {
            Some(Segment::Literal(text)) => Some(text.as_str()) == first,
            _ => true,
        };
        routes.iter().filter(may_match).any(|route| route.cover(&concrete).is_some())
    }
}

/// One URL under `prefix` that no route in `routes` matches (the
/// not-found sample a browser renders), or `None` when a catch-all covers
/// the prefix and its siblings.
#[must_use]
pub fn not_found_sample(base: &Url, prefix: &str, routes: &[RoutePattern]) -> Option<String> {
    let shape = sample_shape(&below_base(prefix, base), routes)?;
    Some(sample_url(base, &shape))
}

/// The segments of an absolute `path` below the base URL's path.
fn below_base(path: &str, base: &Url) -> Vec<String> {
    let base: Vec<&str> = segments(base).collect();
    let all: Vec<&str> = path.split('/').filter(|segment| !segment.is_empty()).collect();
    all.strip_prefix(base.as_slice()).unwrap_or(&all).iter().map(|segment| (*segment).to_owned()).collect()
}

/// A path of `shape` that cannot exist.
fn sample_url(base: &Url, shape: &SampleShape) -> String {
    let mut url = base.clone();
    let random = (0..shape.random).map(|_| format!("parity-404-{}", random_hex()));
    let below: Vec<String> = shape.fixed.iter().cloned().chain(random).collect();
    url.set_path(&format!("{}/{}", base.path().trim_end_matches('/'), below.join("/")));
    url.set_query(None);
    url.set_fragment(None);
    url.to_string()
}

fn random_hex() -> String {
    use rand::{Rng, SeedableRng};
    let mut rng = rand::rngs::StdRng::try_from_os_rng().unwrap_or_else(|_| rand::rngs::StdRng::seed_from_u64(seed()));
    format!("{:016x}{:08x}", rng.random::<u64>(), rng.random::<u32>())
}

fn seed() -> u64 {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    u64::from(now.subsec_nanos()) ^ now.as_secs()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOT_FOUND: &str = "<html><head><title>Not found</title></head><body><h1>Sorry</h1>\
        <p>We looked everywhere for /v3-prod/parity-404-abc but it is not here.</p></body></html>";

    fn url(text: &str) -> Url {
        Url::parse(text).expect("a valid test URL")
    }

    #[test]
    fn title_is_trimmed_and_case_insensitive() {
        assert_eq!(title("<HTML><TITLE lang=en>\n  Not   found </TITLE>"), Some("Not found".to_owned()));
        assert_eq!(title("no title here"), None);
        assert_eq!(title("<title>unterminated"), None);
    }

    #[test]
    fn a_reflected_path_still_matches_the_not_found_page() {
        let baseline = Fingerprint::of(200, NOT_FOUND);
        let reflected = NOT_FOUND.replace("/v3-prod/parity-404-abc", "/v3-prod/workloads/42/settings");
        assert!(baseline.matches(&Fingerprint::of(200, &reflected)));
    }

    #[test]
    fn a_different_page_or_status_does_not_match() {
        let baseline = Fingerprint::of(200, NOT_FOUND);
        let page = "<html><head><title>Workloads</title></head><body><table><tr><td>web-1</td><td>running</td>\
            </tr><tr><td>db-1</td><td>stopped</td></tr></table><button>Launch app</button></body></html>";
        assert!(!baseline.matches(&Fingerprint::of(200, page)));
        assert!(!baseline.matches(&Fingerprint::of(404, NOT_FOUND)));
    }

    #[test]
    fn fingerprint_counts_words_and_lines() {
        let print = Fingerprint::of(200, "one two\nthree");
        assert_eq!((print.words, print.lines, print.length), (3, 2, 13));
        assert_eq!(print.simhash, Fingerprint::of(200, "ONE two\nthree").simhash);
    }

    #[test]
    fn redirect_targets_compare_without_query_or_fragment() {
        let baseline = Baseline {
            redirect_targets: vec!["http://h/not-found?path=/v3/parity-404-abc".to_owned()],
            ..Baseline::default()
        };
        assert!(baseline.redirects_to("http://h/not-found?path=/v3/removed"));
        assert!(baseline.redirects_to("http://h/not-found#top"));
        assert!(!baseline.redirects_to("http://h/not-found/other?path=/v3/removed"));
    }

    #[test]
    fn prefix_is_the_first_segment_below_the_base() {
        let base = url("http://h/");
        assert_eq!(prefix_of(&url("http://h/v3-prod/workloads/7"), &base), "/v3-prod");
        assert_eq!(prefix_of(&url("http://h/admin/"), &base), "/");
        assert_eq!(prefix_of(&url("http://h/dashboard"), &base), "/");
        assert_eq!(prefix_of(&url("http://h/app/admin/users"), &url("http://h/app/")), "/app/admin");
        assert_eq!(prefix_of(&url("http://h/app/home"), &url("http://h/app")), "/app");
    }

    #[test]
    fn sample_urls_are_random_and_of_their_shape() {
        let base = url("http://h/?q=1");
        let under = SampleShape { fixed: vec!["admin".to_owned()], random: 1 };
        let (a, b) = (sample_url(&base, &under), sample_url(&base, &under));
        assert!(a.starts_with("http://h/admin/parity-404-") && a.len() == "http://h/admin/parity-404-".len() + 24);
        assert_ne!(a, b);
        assert!(sample_url(&base, &SampleShape { fixed: Vec::new(), random: 1 }).starts_with("http://h/parity-404-"));
        let deeper =
            sample_url(&url("http://h/app/"), &SampleShape { fixed: vec!["allocations".to_owned()], random: 2 });
        let segments: Vec<&str> = deeper.trim_start_matches("http://h/app/").split('/').collect();
        assert_eq!(segments[0], "allocations");
        assert!(segments[1..].iter().all(|segment| segment.starts_with("parity-404-")) && segments.len() == 3);
    }

    fn routes(written: &[&str]) -> Vec<RoutePattern> {
        written.iter().map(|route| RoutePattern::parse(route).expect("a valid test route")).collect()
    }

    fn shape(fixed: &[&str], random: usize) -> SampleShape {
        SampleShape { fixed: fixed.iter().map(|segment| (*segment).to_owned()).collect(), random }
    }

    #[test]
    fn a_sample_is_never_a_path_a_route_matches() {
        let allocations = ["allocations".to_owned()];
        assert_eq!(
            sample_shape(&allocations, &routes(&["/allocations", "/workloads/{id}"])),
            Some(shape(&["allocations"], 1))
        );
        assert_eq!(
            sample_shape(&allocations, &routes(&["/allocations/{id}"])),
            Some(shape(&["allocations"], 2)),
            "deeper"
        );
        let nested = routes(&["/allocations/{id}", "/allocations/{id}/{tab?}"]);
        assert_eq!(sample_shape(&allocations, &nested), Some(shape(&["allocations"], 3)));
        assert_eq!(sample_shape(&allocations, &routes(&["/allocations/{*path}"])), Some(shape(&[], 2)), "beside");
        assert_eq!(sample_shape(&[], &routes(&["/{slug}", "/dashboard"])), Some(shape(&[], 2)));
        assert_eq!(sample_shape(&[], &routes(&["/{*path?}"])), None, "a catch-all at the root leaves nothing");
        let everywhere = routes(&["/allocations/{*path}", "/{a}/{*rest}"]);
        assert_eq!(sample_shape(&allocations, &everywhere), None);
        assert_eq!(sample_shape(&allocations, &[]), Some(shape(&["allocations"], 1)));
    }

    #[test]
    fn the_prefix_is_read_below_the_base_path() {
        assert_eq!(below_base("/app/admin", &url("http://h/app/")), ["admin"]);
        assert_eq!(below_base("/app", &url("http://h/app")), Vec::<String>::new());
        assert_eq!(below_base("/", &url("http://h/")), Vec::<String>::new());
    }
}
