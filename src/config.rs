//! `parity.toml`: where the matrix is, which deployments to probe and how,
//! and sample values for route parameters. Every key is documented in
//! `docs/config.md`; unknown keys are rejected with file, line and column.
//!
//! Secrets never live in the file: a deployment names the environment
//! variables that hold its token, cookie and header values, and
//! `PARITY_<NAME>_TOKEN` is used as a bearer token when set.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::duration::{self, DurationError, Floor};
use crate::finding::{Code, Finding, Location};
use crate::matrix::Pos;
use crate::probe::{Deployment, ProbePolicy, Role, Secret};

/// The file name looked for in the working directory and its parents.
pub const FILE_NAME: &str = "parity.toml";

/// The whole file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub matrix: MatrixConfig,
    /// Deployments by name; `v1` and `v3` are what `--v1` and `--v3` set.
    #[serde(default)]
    pub deployments: BTreeMap<String, DeploymentConfig>,
    /// Sample values per parameter name (`id`, `siteId`, `slug` …).
    #[serde(default, deserialize_with = "samples")]
    pub params: BTreeMap<String, String>,
    /// Per-route overrides: `[route_params."/v3-prod/launch/app/{slug}"]`.
    #[serde(default, deserialize_with = "samples_by_route")]
    pub route_params: BTreeMap<String, BTreeMap<String, String>>,
    #[serde(default)]
    pub probe: ProbeConfig,
    #[serde(default)]
    pub audit: AuditConfig,
    #[serde(default)]
    pub render: RenderConfig,
    /// The directory the file was read from; relative paths resolve here.
    #[serde(skip)]
    pub base_dir: PathBuf,
}

/// `[matrix]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatrixConfig {
    /// Matrix files or directories, relative to the config file.
    #[serde(default)]
    pub paths: Vec<PathBuf>,
}

/// `[deployments.NAME]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeploymentConfig {
    #[serde(deserialize_with = "base_url")]
    pub base_url: String,
    pub role: Role,
    /// Header name → the environment variable holding its value.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// The environment variable holding a bearer token.
    #[serde(default)]
    pub token_env: Option<String>,
    /// The environment variable holding a `Cookie` header value.
    #[serde(default)]
    pub cookie_env: Option<String>,
    /// Whether mutating requests may be sent (also needs `--allow-mutating`).
    #[serde(default)]
    pub mutable: bool,
    /// When its routes are judged in a browser; unset follows `--render`.
    #[serde(default)]
    pub render: Option<RenderMode>,
    /// `--v1`/`--v3` moved the deployment to another origin: no credential
    /// is read for it, not even `PARITY_<NAME>_TOKEN`.
    #[serde(skip)]
    pub credentials_dropped: bool,
}

/// `[probe]`: how hard and how fast to probe.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProbeConfig {
    #[serde(default, deserialize_with = "at_least_one")]
    pub concurrency: Option<usize>,
    #[serde(default, deserialize_with = "at_least_one")]
    pub per_host_concurrency: Option<usize>,
    /// Requests per second to one host.
    #[serde(default, deserialize_with = "at_least_one")]
    pub per_host_rate: Option<u32>,
    /// Deadline of one attempt, body included: seconds or a duration with units.
    #[serde(default, deserialize_with = "positive_seconds")]
    pub timeout: Option<Duration>,
    pub retries: Option<u32>,
    /// A longer `Retry-After` is cut to this (0: never wait); seconds or a
    /// duration with units.
    #[serde(default, deserialize_with = "seconds_or_zero")]
    pub max_retry_after: Option<Duration>,
    pub max_redirects: Option<u32>,
    pub user_agent: Option<String>,
    /// Bytes of a body read for fingerprints and markers.
    #[serde(default, deserialize_with = "at_least_one")]
    pub body_cap: Option<usize>,
}

/// When a deployment's routes are rendered in a headless browser.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RenderMode {
    /// When HTTP cannot tell its pages apart (every path answers alike);
    /// without a browser, HTTP verdicts stand and one note says so.
    Auto,
    /// Every route; without a browser the run is a usage error.
    Always,
    /// Never, even with `--render`.
    Never,
}

/// `[render]`: the browser behind `--render` and how hard it is driven.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RenderConfig {
    /// A Chromium or Chrome binary (a path, relative to the config file, or
    /// a name on `PATH`); else `PARITY_BROWSER`, else the usual names.
    pub browser: Option<PathBuf>,
    /// Tabs open at once in the one browser.
    #[serde(default, deserialize_with = "at_least_one")]
    pub concurrency: Option<usize>,
    /// Deadline of one page, settling included.
    #[serde(default, deserialize_with = "positive_seconds")]
    pub timeout: Option<Duration>,
    /// How long the page must be quiet (no request in flight, no DOM
    /// change) to count as settled.
    #[serde(default, deserialize_with = "positive_seconds")]
    pub settle: Option<Duration>,
}

/// A count that must be 1 or more: 0 would silently mean something else
/// (no limit, or one at a time), so it is an error at its line.
fn at_least_one<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de> + PartialEq + From<u8>,
{
    let value = T::deserialize(deserializer)?;
    if value == T::from(0) {
        return Err(serde::de::Error::custom("must be 1 or more"));
    }
    Ok(Some(value))
}

const CREDENTIALS_IN_URL: &str = "base_url holds a user name or password";

/// A deployment's base URL: an `http` or `https` URL without credentials.
/// The error never quotes the URL, which may hold a password.
fn checked_base_url(text: &str) -> Result<url::Url, String> {
    let url = url::Url::parse(text).map_err(|e| format!("base_url is not a URL ({e})"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("base_url must start with http:// or https://, not `{}:`", url.scheme()));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(format!(
            "{CREDENTIALS_IN_URL} (`user:password@host`), which would appear in reports and logs and be sent beside \
             the deployment's own credentials: put the secret in an environment variable and name it with \
             `token_env`, `cookie_env` or `headers`"
        ));
    }
    Ok(url)
}

/// `base_url` checked where it is written, so an error points at its line.
fn base_url<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let text = String::deserialize(deserializer)?;
    checked_base_url(&text).map_err(serde::de::Error::custom)?;
    Ok(text)
}

/// A parameter's sample value: never empty, since `/nodes/{id}` filled with
/// nothing is `/nodes/`, the list rather than a page, which can read `present`.
struct Sample(String);

impl<'de> Deserialize<'de> for Sample {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = String::deserialize(deserializer)?;
        if value.is_empty() {
            return Err(serde::de::Error::custom(
                "a sample value must not be empty: it would probe the route without that segment",
            ));
        }
        Ok(Self(value))
    }
}

fn samples<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<BTreeMap<String, String>, D::Error> {
    let samples = BTreeMap::<String, Sample>::deserialize(deserializer)?;
    Ok(samples.into_iter().map(|(name, Sample(value))| (name, value)).collect())
}

fn samples_by_route<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<BTreeMap<String, BTreeMap<String, String>>, D::Error> {
    let routes = BTreeMap::<String, BTreeMap<String, Sample>>::deserialize(deserializer)?;
    Ok(routes
        .into_iter()
        .map(|(route, samples)| (route, samples.into_iter().map(|(name, Sample(value))| (name, value)).collect()))
        .collect())
}

/// A deadline above 0: a number of seconds (`2.5`) or a string with units
/// (`"500ms"`), read by the parser `--timeout` uses.
fn positive_seconds<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<Duration>, D::Error> {
    deserializer.deserialize_any(DurationVisitor(Floor::Positive)).map(Some)
}

/// A pause of 0 or more, written as [`positive_seconds`] are.
fn seconds_or_zero<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<Duration>, D::Error> {
    deserializer.deserialize_any(DurationVisitor(Floor::ZeroOrMore)).map(Some)
}

/// Reads a TOML integer, float or string as a duration of at least its
/// floor; a refusal becomes an error at the value's line.
struct DurationVisitor(Floor);

impl DurationVisitor {
    fn checked<E: serde::de::Error>(&self, read: Result<Duration, DurationError>) -> Result<Duration, E> {
        read.and_then(|duration| duration::at_least(duration, self.0)).map_err(E::custom)
    }
}

impl serde::de::Visitor<'_> for DurationVisitor {
    type Value = Duration;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", duration::FORMS)
    }

    fn visit_i64<E: serde::de::Error>(self, seconds: i64) -> Result<Duration, E> {
        let read = u64::try_from(seconds).map(Duration::from_secs).map_err(|_| DurationError::Negative);
        self.checked(read)
    }

    fn visit_u64<E: serde::de::Error>(self, seconds: u64) -> Result<Duration, E> {
        self.checked(Ok(Duration::from_secs(seconds)))
    }

    fn visit_f64<E: serde::de::Error>(self, seconds: f64) -> Result<Duration, E> {
        self.checked(duration::from_seconds(seconds))
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Duration, E> {
        self.checked(duration::parse(text, self.0))
    }
}

/// How a route behind authentication counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AuthCounts {
    /// As present: no finding.
    Present,
    /// An `auth-required` note.
    Note,
    /// An `auth-required` warning.
    #[default]
    Warning,
    /// An `auth-required` error.
    Error,
}

/// `[audit]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditConfig {
    /// How `unauthorized` counts: present, note, warning (default) or error.
    #[serde(default)]
    pub unauthorized: AuthCounts,
}

/// A configuration problem, located in the file when it can be.
#[derive(Debug)]
pub struct ConfigError {
    pub finding: Finding,
    /// The file's text, to quote the offending line.
    pub text: Option<(PathBuf, String)>,
}

impl ConfigError {
    fn plain(message: impl Into<String>) -> Box<Self> {
        Box::new(Self { finding: Finding::new(Code::ConfigInvalid, message), text: None })
    }
}

impl Config {
    /// Finds `parity.toml` in `cwd` (the current directory) or its nearest
    /// parent, as a path relative to `cwd`: `parity.toml`, `../parity.toml` …
    /// The matrix paths it names are resolved against its directory, and
    /// relative paths keep every file location in reports the same wherever
    /// the checkout lives (GitHub annotations need repository paths).
    #[must_use]
    pub fn discover(cwd: &Path) -> Option<PathBuf> {
        let levels = cwd.ancestors().position(|dir| dir.join(FILE_NAME).is_file())?;
        Some(std::iter::repeat_n("..", levels).collect::<PathBuf>().join(FILE_NAME))
    }

    /// Reads and checks a config file.
    pub fn load(path: &Path) -> Result<Self, Box<ConfigError>> {
        let bytes = crate::file::read_bytes(path).map_err(|error| unreadable(path, error))?;
        Self::from_bytes(path, bytes)
    }

    /// Checks the bytes of a config file read from `path` (or, for the fuzz
    /// target, from nowhere): UTF-8, then TOML, every error located.
    pub fn from_bytes(path: &Path, bytes: Vec<u8>) -> Result<Self, Box<ConfigError>> {
        let text = crate::file::into_text(bytes).map_err(|error| unreadable(path, error))?;
        let mut config: Self = toml::from_str(&text).map_err(|error| {
            let pos = error.span().map(|span| pos_at(&text, span)).unwrap_or_default();
            let finding = Finding::new(Code::ConfigInvalid, error.message().trim().to_owned())
                .at(Location::new(path.to_path_buf(), pos))
                .label("here")
                .help("every key is documented in docs/config.md");
            // The offending line is quoted, unless it holds a password.
            let quotable = !error.message().starts_with(CREDENTIALS_IN_URL);
            Box::new(ConfigError { finding, text: quotable.then(|| (path.to_path_buf(), text.clone())) })
        })?;
        config.base_dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Ok(config)
    }

    /// The matrix paths, resolved against the config file's directory.
    #[must_use]
    pub fn matrix_paths(&self) -> Vec<PathBuf> {
        self.matrix.paths.iter().map(|p| self.base_dir.join(p)).collect()
    }

    /// Sets (or replaces) the deployment `name` from a `--v1`/`--v3` flag.
    ///
    /// A URL with another origin (scheme, host, port) than the configured
    /// `base_url` is another server: the deployment's credentials (token,
    /// cookie, headers, and the `PARITY_<NAME>_TOKEN` convention) and
    /// `mutable` are dropped, so none reaches it. Returns whether they were.
    pub fn set_deployment_url(&mut self, name: &str, role: Role, url: &str) -> bool {
        let configured = self.deployments.contains_key(name);
        let entry = self.deployments.entry(name.to_owned()).or_insert_with(|| DeploymentConfig {
            base_url: url.to_owned(),
            role,
            headers: BTreeMap::new(),
            token_env: None,
            cookie_env: None,
            mutable: false,
            render: None,
            credentials_dropped: false,
        });
        let origin = |text: &str| url::Url::parse(text).ok().map(|url| url.origin()).filter(url::Origin::is_tuple);
        let moved = configured && (origin(&entry.base_url).is_none() || origin(&entry.base_url) != origin(url));
        if moved {
            entry.headers.clear();
            entry.token_env = None;
            entry.cookie_env = None;
            entry.mutable = false;
            entry.credentials_dropped = true;
        }
        url.clone_into(&mut entry.base_url);
        entry.role = role;
        moved
    }

    /// The deployments with their secrets read from `env`.
    pub fn deployments(&self, env: &dyn Fn(&str) -> Option<String>) -> Result<Vec<Deployment>, Box<ConfigError>> {
        self.deployments.iter().map(|(name, d)| resolve_deployment(name, d, env)).collect()
    }

    /// The probe policy: defaults, then the file.
    #[must_use]
    pub fn policy(&self) -> ProbePolicy {
        let mut policy = ProbePolicy::default();
        let probe = &self.probe;
        set(&mut policy.concurrency, probe.concurrency);
        set(&mut policy.per_host_concurrency, probe.per_host_concurrency);
        policy.per_host_rate = probe.per_host_rate.and_then(std::num::NonZeroU32::new).or(policy.per_host_rate);
        set(&mut policy.timeout, probe.timeout);
        set(&mut policy.retries, probe.retries);
        set(&mut policy.max_retry_after, probe.max_retry_after);
        set(&mut policy.max_redirects, probe.max_redirects);
        set(&mut policy.user_agent, probe.user_agent.clone());
        set(&mut policy.body_cap, probe.body_cap);
        policy
    }

    /// The `[render] browser` path, resolved against the config's directory
    /// when it names a path rather than a bare name.
    #[must_use]
    pub fn browser(&self) -> Option<PathBuf> {
        let browser = self.render.browser.as_ref()?;
        Some(if browser.components().count() > 1 { self.base_dir.join(browser) } else { browser.clone() })
    }

    /// Each deployment's `render`, where it is set.
    #[must_use]
    pub fn render_modes(&self) -> BTreeMap<String, RenderMode> {
        self.deployments.iter().filter_map(|(name, d)| Some((name.clone(), d.render?))).collect()
    }

    /// The sample value for `param` in `route`: the route's override, else
    /// the global sample.
    #[must_use]
    pub fn param(&self, route: &str, param: &str) -> Option<&str> {
        self.route_params.get(route).and_then(|p| p.get(param)).or_else(|| self.params.get(param)).map(String::as_str)
    }
}

fn set<T>(slot: &mut T, value: Option<T>) {
    if let Some(value) = value {
        *slot = value;
    }
}

fn resolve_deployment(
    name: &str,
    config: &DeploymentConfig,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Deployment, Box<ConfigError>> {
    let base_url =
        checked_base_url(&config.base_url).map_err(|e| ConfigError::plain(format!("deployment `{name}`: {e}")))?;
    let required = |variable: &str, what: &str| {
        env(variable).map(Secret::new).ok_or_else(|| {
            ConfigError::plain(format!("deployment `{name}`: {what} comes from ${variable}, which is not set"))
        })
    };
    let mut headers = Vec::new();
    let convention = format!("PARITY_{}_TOKEN", name.to_uppercase().replace('-', "_"));
    let token = match &config.token_env {
        Some(variable) => Some(required(variable, "the token")?),
        None if config.credentials_dropped => None,
        None => env(&convention).map(Secret::new),
    };
    if let Some(token) = token {
        headers.push(("Authorization".to_owned(), Secret::new(format!("Bearer {}", token.expose()))));
    }
    if let Some(variable) = &config.cookie_env {
        headers.push(("Cookie".to_owned(), required(variable, "the cookie")?));
    }
    for (header, variable) in &config.headers {
        headers.push((header.clone(), required(variable, &format!("header `{header}`"))?));
    }
    Ok(Deployment { name: name.to_owned(), role: config.role, base_url, headers, mutable: config.mutable })
}

/// The position of a byte range in `text`, located (column and length in
/// characters).
/// Why `parity.toml` could not be read; text that is not UTF-8 is located
/// at its first bad byte, like a matrix file.
fn unreadable(path: &Path, error: crate::file::ReadError) -> Box<ConfigError> {
    let crate::file::ReadError::NotUtf8 { valid_up_to, bytes } = error else {
        return ConfigError::plain(format!("cannot read `{}`: {error}", path.display()));
    };
    let lossy = String::from_utf8_lossy(&bytes).into_owned();
    let pos = Pos::after(&lossy[..valid_up_to], 1).in_chars(&lossy);
    let finding = Finding::new(Code::ConfigInvalid, format!("`{}` is not UTF-8 text", path.display()))
        .at(Location::new(path.to_path_buf(), pos))
        .label("not UTF-8")
        .help("save the file as UTF-8");
    Box::new(ConfigError { finding, text: Some((path.to_path_buf(), lossy)) })
}

fn pos_at(text: &str, span: std::ops::Range<usize>) -> Pos {
    Pos::after(text.get(..span.start).unwrap_or(text), span.len().max(1)).in_chars(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Config {
        toml::from_str(text).expect("valid config")
    }

    #[test]
    fn secrets_come_from_the_environment_and_never_print() {
        let config = parse(
            "[deployments.v3]\nbase_url = \"http://127.0.0.1:1\"\nrole = \"v3\"\ncookie_env = \"C\"\nheaders = { X-Tenant = \"T\" }\n",
        );
        let env = |name: &str| match name {
            "PARITY_V3_TOKEN" => Some("tok-123".to_owned()),
            "C" => Some("session=abc".to_owned()),
            "T" => Some("tenant-9".to_owned()),
            _ => None,
        };
        let deployments = config.deployments(&env).unwrap();
        let headers = &deployments[0].headers;
        assert_eq!(headers[0].0, "Authorization");
        assert_eq!(headers[0].1.expose(), "Bearer tok-123");
        assert_eq!(headers.len(), 3);
        let printed = format!("{deployments:?}");
        for secret in ["tok-123", "session=abc", "tenant-9"] {
            assert!(!printed.contains(secret), "{printed}");
        }
    }

    #[test]
    fn a_url_flag_to_another_origin_drops_the_credentials_and_mutable() {
        let text = "[deployments.v3]\nbase_url = \"http://127.0.0.1:1/app\"\nrole = \"v3\"\nmutable = true\n\
                    cookie_env = \"C\"\nheaders = { X-Tenant = \"T\" }\n";
        let env = |name: &str| ["PARITY_V3_TOKEN", "C", "T"].contains(&name).then(|| "s3cret".to_owned());
        let resolved = |config: &Config| {
            let deployment = config.deployments(&env).unwrap().remove(0);
            (deployment.headers.len(), deployment.mutable)
        };
        let mut same = parse(text);
        assert!(!same.set_deployment_url("v3", Role::V3, "http://127.0.0.1:1/other/"), "same origin, other path");
        assert_eq!(resolved(&same), (3, true));
        for elsewhere in ["http://127.0.0.1:2/app", "https://127.0.0.1:1/app", "http://localhost:1/app", "not a url"] {
            let mut moved = parse(text);
            assert!(moved.set_deployment_url("v3", Role::V3, elsewhere), "{elsewhere}");
            if elsewhere != "not a url" {
                assert_eq!(resolved(&moved), (0, false), "{elsewhere}");
            }
        }
        let mut fresh = Config::default();
        assert!(!fresh.set_deployment_url("v3", Role::V3, "http://127.0.0.1:2"), "nothing configured to drop");
        assert_eq!(resolved(&fresh), (1, false), "a new deployment still takes PARITY_V3_TOKEN");
    }

    #[test]
    fn a_named_variable_that_is_unset_is_an_error() {
        let config =
            parse("[deployments.v1]\nbase_url = \"http://127.0.0.1:1\"\nrole = \"v1\"\ntoken_env = \"NOPE\"\n");
        let error = config.deployments(&|_| None).unwrap_err();
        assert!(error.finding.message.contains("$NOPE, which is not set"), "{}", error.finding.message);
    }

    #[test]
    fn route_params_override_global_samples() {
        let config = parse("[params]\nslug = \"a\"\n[route_params.\"/launch/{slug}\"]\nslug = \"b\"\n");
        assert_eq!(config.param("/launch/{slug}", "slug"), Some("b"));
        assert_eq!(config.param("/other/{slug}", "slug"), Some("a"));
        assert_eq!(config.param("/other/{id}", "id"), None);
    }

    #[test]
    fn policy_takes_the_file_over_defaults() {
        let policy = parse("[probe]\ntimeout = 2.5\nretries = 0\nper_host_rate = 20\n").policy();
        assert_eq!(policy.timeout, Duration::from_millis(2500));
        assert_eq!(policy.retries, 0);
        assert_eq!(policy.per_host_rate.map(std::num::NonZeroU32::get), Some(20));
        assert_eq!(policy.concurrency, ProbePolicy::default().concurrency);
    }

    #[test]
    fn unknown_keys_are_located() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, "[probe]\ntimeout = 3\nretry = 2\n").unwrap();
        let error = Config::load(&path).unwrap_err();
        let location = error.finding.location.unwrap();
        assert_eq!((location.line, location.column), (3, 1));
        assert!(error.finding.message.contains("unknown field `retry`"), "{}", error.finding.message);
    }

    #[test]
    fn an_error_after_non_ascii_text_is_located_in_characters() {
        let text = "[deployments.v1]\nbase_url = \"é\" ; x\n";
        let at = text.find(';').unwrap();
        let pos = pos_at(text, at..at + 1);
        assert_eq!((pos.line, pos.column, pos.offset, pos.len), (2, 16, at, 1));
        // `"é"`: four bytes, three characters.
        let quoted = text.find('"').unwrap();
        assert_eq!(pos_at(text, quoted..quoted + 4).len, 3);
    }

    #[test]
    fn a_probe_value_that_would_silently_mean_something_else_is_an_error_at_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        for (text, line, expected) in [
            ("[probe]\nretries = 1\ntimeout = 0\n", 3, "the duration must be more than 0"),
            ("[probe]\ntimeout = \"0ms\"\n", 2, "the duration must be more than 0"),
            ("[probe]\ntimeout = -2.5\n", 2, "a duration cannot be negative"),
            ("[probe]\ntimeout = -2\n", 2, "a duration cannot be negative"),
            ("[probe]\ntimeout = \"-2s\"\n", 2, "a duration cannot be negative"),
            ("[probe]\ntimeout = 1e300\n", 2, "the duration is too long"),
            ("[probe]\ntimeout = inf\n", 2, "the duration is too long"),
            ("[probe]\ntimeout = nan\n", 2, "not a duration"),
            ("[probe]\ntimeout = 1e-12\n", 2, "the duration must be more than 0"),
            ("[probe]\ntimeout = \"soon\"\n", 2, "not a duration"),
            ("[probe]\ntimeout = \"1d\"\n", 2, "not a duration"),
            ("[probe]\ntimeout = true\n", 2, "expected seconds (`2.5`) or a duration with a unit"),
            ("[probe]\nconcurrency = 0\n", 2, "must be 1 or more"),
            ("[probe]\nper_host_rate = 0\n", 2, "must be 1 or more"),
            ("[probe]\nmax_retry_after = -1\n", 2, "a duration cannot be negative"),
            ("[probe]\n\nmax_retry_after = \"forever\"\n", 3, "not a duration"),
        ] {
            std::fs::write(&path, text).unwrap();
            let error = Config::load(&path).unwrap_err();
            let message = &error.finding.message;
            assert!(message.contains(expected), "{text}: {message}");
            let duration = text.contains("timeout") || text.contains("max_retry_after");
            assert!(!duration || message.contains("seconds (`2.5`) or a duration with a unit"), "{text}: {message}");
            assert_eq!(error.finding.location.unwrap().line, line, "{text}");
        }
        std::fs::write(&path, "[probe]\ntimeout = 3\nmax_retry_after = 0\n").unwrap();
        let policy = Config::load(&path).unwrap().policy();
        assert_eq!((policy.timeout, policy.max_retry_after), (Duration::from_secs(3), Duration::ZERO));
    }

    #[test]
    fn probe_durations_are_numbers_of_seconds_or_strings_with_units() {
        for (timeout, max_retry_after, expected) in [
            ("2.5", "1", (2500, 1000)),
            ("\"500ms\"", "\"0s\"", (500, 0)),
            ("\"1m30s\"", "\"250 ms\"", (90_000, 250)),
            ("\"1.5\"", "\"2s\"", (1500, 2000)),
        ] {
            let policy =
                parse(&format!("[probe]\ntimeout = {timeout}\nmax_retry_after = {max_retry_after}\n")).policy();
            let millis = |d: Duration| u64::try_from(d.as_millis()).unwrap();
            assert_eq!(
                (millis(policy.timeout), millis(policy.max_retry_after)),
                expected,
                "{timeout}, {max_retry_after}"
            );
        }
    }
}
