//! The shared HTTP client: per-host concurrency and rate limits, retries
//! with backoff, redirects followed by hand, bodies read up to a cap.
//!
//! Probing production deployments must be polite (a slot per host, a rate per
//! host), bounded (every attempt has a deadline covering headers *and* body,
//! every fetch a [`Budget`]) and honest about redirects: reqwest follows none
//! (`Policy::none()`) so every hop is recorded, loops are caught, and the
//! deployment's secret headers go only to its own origin.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use reqwest::header::{HeaderName, HeaderValue};
use tokio::sync::Semaphore;
use url::Url;

use super::deployment::Deployment;
use super::exchange::{Exchange, Failure, FailureKind, failure_from};
use super::method::is_safe_method;
use super::observer::SentRequest;
use super::policy::ProbePolicy;
use super::redirect::{is_redirect, location_text, next_hop, redirected_method};
use super::result::Hop;
use super::retry::{Budget, Pauses, is_retryable_status, parse_retry_after};

/// Where every sent request is reported (header names only); `None` when
/// nobody reads the log, so no record is made.
pub type RequestLog<'a> = Option<&'a (dyn Fn(SentRequest) + Send + Sync)>;

/// One fetch to make: a method on a URL for a deployment.
#[derive(Clone, Copy, Debug)]
pub struct Call<'a> {
    pub deployment: &'a Deployment,
    pub method: &'a str,
    pub url: &'a str,
    /// Which 3xx answers to follow.
    pub follow: Follow,
    /// Send at most once: the request carries the action itself (a real
    /// mutation, or a destructive action's `GET …/delete`), and the server
    /// may have acted on it before a timeout or a gateway error.
    pub once: bool,
}

/// Which redirects a fetch follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Follow {
    /// None: a mutating request's redirect is an answer in itself.
    Never,
    /// Those to the deployment's own origin only: an endpoint asked OPTIONS
    /// (`/items` → `/items/`), whose answer elsewhere would prove nothing.
    SameOrigin,
    /// Every one, to any origin (the deployment's headers stay at home).
    Always,
}

/// The client every probe of a run shares.
pub struct Client {
    http: reqwest::Client,
    policy: ProbePolicy,
    global: Semaphore,
    hosts: Mutex<HashMap<String, Arc<Semaphore>>>,
    rate: Option<DefaultKeyedRateLimiter<String>>,
}

/// A complete answer to one request.
struct Answer {
    status: u16,
    allow: Option<String>,
    location: Option<String>,
    retry_after: Option<Duration>,
    body: Vec<u8>,
    truncated: bool,
}

/// One request's outcome, with the status when headers came but the body did not.
struct Attempted {
    status: Option<u16>,
    outcome: Result<Answer, Failure>,
}

/// The state of one fetch across hops and retries.
struct Run<'a> {
    budget: Budget,
    pauses: Pauses,
    exchange: Exchange,
    log: RequestLog<'a>,
}

impl Client {
    /// Builds the client; fails only if the TLS backend cannot start.
    pub fn new(policy: &ProbePolicy) -> Result<Self, String> {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(policy.user_agent.clone())
            .connect_timeout(policy.timeout)
            .pool_max_idle_per_host(policy.per_host_concurrency)
            .build()
            .map_err(|error| format!("the HTTP client cannot start: {error}"))?;
        let rate = policy.per_host_rate.map(|rate| RateLimiter::keyed(Quota::per_second(rate)));
        Ok(Self {
            http,
            policy: policy.clone(),
            global: Semaphore::new(permits(policy.concurrency)),
            hosts: Mutex::new(HashMap::new()),
            rate,
        })
    }

    #[must_use]
    pub fn policy(&self) -> &ProbePolicy {
        &self.policy
    }

    /// Fetches a URL: retries busy answers and timeouts, follows redirects
    /// by hand, reads at most `body_cap` bytes. Never fails: problems are in
    /// [`Exchange::failure`].
    pub async fn fetch(&self, call: Call<'_>, log: RequestLog<'_>) -> Exchange {
        let mut run = Run::new(&self.policy, log);
        let mut current = match parse_http_url(call.url) {
            Ok(url) => url,
            Err(failure) => return run.failed(failure),
        };
        let mut method = call.method.to_ascii_uppercase();
        let mut seen = HashSet::from([current.as_str().to_owned()]);
        loop {
            run.exchange.final_url = Some(current.to_string());
            let answer = match self.with_retries(call, &method, &current, &mut run).await {
                Ok(answer) => answer,
                Err(failure) => return run.failed(failure),
            };
            if !follows(call, &current, &answer) {
                return run.answered(answer);
            }
            current = match run.hop(&current, &answer, &seen, self.policy.max_redirects) {
                Ok(next) => next,
                Err(failure) => return run.failed(failure),
            };
            seen.insert(current.as_str().to_owned());
            method = redirected_method(answer.status, &method);
        }
    }

    /// One request, tried again on 429/502/503/504 and timeouts while the
    /// budget lasts; a call marked `once`, and any method other than GET,
    /// HEAD and OPTIONS, is sent once, since the server may have acted on it
    /// before the timeout or the gateway error.
    async fn with_retries(
        &self,
        call: Call<'_>,
        method: &str,
        url: &Url,
        run: &mut Run<'_>,
    ) -> Result<Answer, Failure> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            if run.budget.is_spent() {
                return Err(Failure::new(FailureKind::Timeout, "gave up: the probe's time budget is spent"));
            }
            let timeout = self.policy.timeout.min(run.budget.remaining());
            run.exchange.attempts += 1;
            let (attempted, elapsed) = self.attempt(call, method, url, timeout, attempt, run.log).await;
            run.budget.spend(elapsed);
            run.exchange.status = attempted.status;
            let retry_after = match &attempted.outcome {
                _ if call.once || !is_safe_method(method) => return once(attempted.outcome, method),
                Ok(answer) if is_retryable_status(answer.status) => answer.retry_after,
                Err(failure) if failure.kind.is_retryable() => None,
                _ => return attempted.outcome,
            };
            if !run.budget.take_retry() {
                return attempted.outcome;
            }
            let pause = run.pauses.next(retry_after).min(run.budget.remaining());
            tokio::time::sleep(pause).await;
            run.budget.spend(pause);
        }
    }

    /// One HTTP request within the limits, reported to the log.
    async fn attempt(
        &self,
        call: Call<'_>,
        method: &str,
        url: &Url,
        timeout: Duration,
        number: u32,
        log: RequestLog<'_>,
    ) -> (Attempted, Duration) {
        // Host slot, then the host's rate, then a global slot: a request
        // waiting for a busy host never holds a slot other hosts could use.
        let host = host_key(url);
        let host_slots = self.host_slots(&host);
        let _host = host_slots.acquire().await.ok();
        if let Some(rate) = &self.rate {
            rate.until_key_ready(&host).await;
        }
        let _global = self.global.acquire().await.ok();
        let own_origin = url.origin() == call.deployment.base_url.origin();
        let started = Instant::now();
        let attempted = self.send(call.deployment, method, url, own_origin, timeout).await;
        let elapsed = started.elapsed();
        let Some(log) = log else { return (attempted, elapsed) };
        log(SentRequest {
            deployment: call.deployment.name.clone(),
            method: method.to_owned(),
            url: url.to_string(),
            attempt: number,
            headers: header_names(call.deployment, own_origin),
            status: attempted.status,
            elapsed_ms: millis(elapsed),
            error: attempted.outcome.as_ref().err().map(|failure| failure.detail.clone()),
        });
        (attempted, elapsed)
    }

    /// Sends the request and reads the answer under one deadline.
    async fn send(
        &self,
        deployment: &Deployment,
        method: &str,
        url: &Url,
        own_origin: bool,
        timeout: Duration,
    ) -> Attempted {
        let request = match self.build(deployment, method, url, own_origin) {
            Ok(request) => request,
            Err(failure) => return Attempted { status: None, outcome: Err(failure) },
        };
        let mut status = None;
        let outcome = tokio::time::timeout(timeout, self.read(request, &mut status)).await.unwrap_or_else(|_| {
            let stage = if status.is_some() { "the body did not complete" } else { "no answer" };
            // The deadline is what is left of the probe's budget: 499.8 ms reads as the 500 it was.
            let deadline = millis(timeout.saturating_add(Duration::from_micros(500)));
            Err(Failure::new(FailureKind::Timeout, format!("{stage} within {deadline} ms")))
        });
        Attempted { status, outcome }
    }

    fn build(
        &self,
        deployment: &Deployment,
        method: &str,
        url: &Url,
        own_origin: bool,
    ) -> Result<reqwest::Request, Failure> {
        let method = reqwest::Method::from_bytes(method.as_bytes())
            .map_err(|_| Failure::new(FailureKind::Request, format!("`{method}` is not an HTTP method")))?;
        let mut builder = self.http.request(method.clone(), url.clone());
        if own_origin {
            for (name, secret) in &deployment.headers {
                let (name, value) = secret_header(name, secret.expose())?;
                builder = builder.header(name, value);
            }
        }
        if !matches!(method, reqwest::Method::GET | reqwest::Method::HEAD | reqwest::Method::OPTIONS) {
            // Mutating requests carry an empty body, announced as such: some
            // servers refuse a POST without a length (411).
            builder = builder.header(reqwest::header::CONTENT_LENGTH, "0");
        }
        builder.build().map_err(|error| failure_from(&error, false))
    }

    async fn read(&self, request: reqwest::Request, status: &mut Option<u16>) -> Result<Answer, Failure> {
        let head_only = request.method() == reqwest::Method::HEAD;
        let mut response = self.http.execute(request).await.map_err(|error| failure_from(&error, false))?;
        let code = response.status().as_u16();
        *status = Some(code);
        let headers = response.headers();
        let allow = header_text(headers, reqwest::header::ALLOW);
        let location = headers.get(reqwest::header::LOCATION).map(|value| location_text(value.as_bytes()));
        let retry_after = header_text(headers, reqwest::header::RETRY_AFTER)
            .and_then(|value| parse_retry_after(&value, std::time::SystemTime::now()));
        let (body, truncated) = if head_only || is_redirect(code) {
            (Vec::new(), false)
        } else {
            read_capped(&mut response, self.policy.body_cap).await?
        };
        Ok(Answer { status: code, allow, location, retry_after, body, truncated })
    }

    fn host_slots(&self, host: &str) -> Arc<Semaphore> {
        let mut hosts = self.hosts.lock().unwrap_or_else(PoisonError::into_inner);
        let slots = hosts
            .entry(host.to_owned())
            .or_insert_with(|| Arc::new(Semaphore::new(permits(self.policy.per_host_concurrency))));
        Arc::clone(slots)
    }
}

impl<'a> Run<'a> {
    fn new(policy: &ProbePolicy, log: RequestLog<'a>) -> Self {
        Self { budget: Budget::new(policy), pauses: Pauses::new(policy), exchange: Exchange::default(), log }
    }

    /// Records a 3xx hop and resolves where it leads.
    fn hop(
        &mut self,
        current: &Url,
        answer: &Answer,
        seen: &HashSet<String>,
        max_redirects: u32,
    ) -> Result<Url, Failure> {
        self.exchange.chain.push(Hop { url: current.to_string(), status: answer.status });
        let hops = self.exchange.chain.len();
        next_hop(current, answer.status, answer.location.as_deref(), seen, hops, max_redirects)
    }

    fn failed(mut self, failure: Failure) -> Exchange {
        self.exchange.failure = Some(failure);
        self.exchange
    }

    fn answered(mut self, answer: Answer) -> Exchange {
        let exchange = &mut self.exchange;
        exchange.status = Some(answer.status);
        exchange.allow = answer.allow;
        exchange.location = answer.location;
        exchange.body = answer.body;
        exchange.truncated = answer.truncated;
        self.exchange
    }
}

/// Whether a fetch goes on after `answer`: a redirect the call follows. An
/// unusable `Location` is followed into the failure that says why.
fn follows(call: Call<'_>, current: &Url, answer: &Answer) -> bool {
    if !is_redirect(answer.status) {
        return false;
    }
    match call.follow {
        Follow::Never => false,
        Follow::Always => true,
        Follow::SameOrigin => answer
            .location
            .as_deref()
            .and_then(|location| current.join(location.trim()).ok())
            .is_none_or(|next| next.origin() == call.deployment.base_url.origin()),
    }
}

/// The outcome of a request that is not tried again: a timeout says why.
fn once(outcome: Result<Answer, Failure>, method: &str) -> Result<Answer, Failure> {
    outcome.map_err(|mut failure| {
        if failure.kind.is_retryable() {
            failure.detail = format!("{} ({method} is never sent twice)", failure.detail);
        }
        failure
    })
}

/// Reads chunks until the cap, then stops: a 50 MB body costs `cap` bytes.
async fn read_capped(response: &mut reqwest::Response, cap: usize) -> Result<(Vec<u8>, bool), Failure> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|error| failure_from(&error, true))? {
        let room = cap.saturating_sub(body.len());
        if chunk.len() >= room {
            body.extend_from_slice(&chunk[..room]);
            return Ok((body, true));
        }
        body.extend_from_slice(&chunk);
    }
    Ok((body, false))
}

fn parse_http_url(url: &str) -> Result<Url, Failure> {
    let parsed =
        Url::parse(url).map_err(|error| Failure::new(FailureKind::Request, format!("invalid URL: {error}")))?;
    if matches!(parsed.scheme(), "http" | "https") && parsed.has_host() {
        Ok(parsed)
    } else {
        Err(Failure::new(FailureKind::Request, "not an http(s) URL with a host"))
    }
}

/// A configured header ready to send; errors name the header, never its value.
fn secret_header(name: &str, value: &str) -> Result<(HeaderName, HeaderValue), Failure> {
    let header = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| Failure::new(FailureKind::Request, format!("`{name}` is not a valid header name")))?;
    let mut value = HeaderValue::from_str(value).map_err(|_| {
        Failure::new(FailureKind::Request, format!("the value of header `{name}` is not a valid header value"))
    })?;
    value.set_sensitive(true);
    Ok((header, value))
}

fn header_names(deployment: &Deployment, own_origin: bool) -> Vec<String> {
    let mut names = vec!["user-agent".to_owned()];
    if own_origin {
        names.extend(deployment.headers.iter().map(|(name, _)| name.to_ascii_lowercase()));
    }
    names
}

fn header_text(headers: &reqwest::header::HeaderMap, name: HeaderName) -> Option<String> {
    headers.get(name).map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
}

/// Limits apply per host and port: two deployments on one host share them.
fn host_key(url: &Url) -> String {
    format!("{}:{}", url.host_str().unwrap_or_default(), url.port_or_known_default().unwrap_or_default())
}

fn permits(wanted: usize) -> usize {
    wanted.clamp(1, Semaphore::MAX_PERMITS)
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}
