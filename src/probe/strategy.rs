//! Which requests one planned probe sends, and the result they add up to.
//!
//! Routes and safe endpoints get one request with their own method. A
//! mutating endpoint (POST, PUT, PATCH, DELETE) gets its real method only
//! when the deployment is `mutable` *and* the run allows mutating requests;
//! otherwise parity learns what it can without side effects: OPTIONS (its
//! redirects followed on the deployment's own origin only), then GET. The endpoint of a destructive or recovery action is never sent GET
//! (nor HEAD): OPTIONS only. This is the one place that decides what is sent.

use std::time::Instant;

use regex::{Regex, RegexBuilder};

use super::baseline::Baseline;
use super::classify::{
    Classification, Expectation, classify_endpoint_get, classify_mutating, classify_options, classify_options_only,
    classify_page,
};
use super::client::{Call, Client, Follow, RequestLog};
use super::deployment::Deployment;
use super::exchange::Exchange;
use super::method::is_mutating;
use super::planned::{PlannedProbe, ProbeKind};
use super::result::ProbeResult;
use super::text::SharedText;
use super::verdict::Verdict;

/// The compiled size a marker may reach: a typo must not eat the memory.
const MARKER_SIZE_LIMIT: usize = 1 << 20;

/// A probe's result and what the indeterminate rule needs to know about it.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub result: ProbeResult,
    /// A 2xx page answered (directly or after redirects) and was compared
    /// with the baseline.
    pub answered_success: bool,
    /// That answer matched the not-found baseline.
    pub baseline_matched: bool,
    /// `soft-missing` only because it matched the baseline (no marker): the
    /// indeterminate rule may still change it.
    pub hinges_on_baseline: bool,
}

/// Whether a probe's answer is compared with a not-found baseline.
#[must_use]
pub fn needs_baseline(planned: &PlannedProbe, deployment: &Deployment, allow_mutating: bool) -> bool {
    !sends_real_mutation(planned, deployment, allow_mutating)
}

/// Whether a probe sends OPTIONS first, so its baseline asks an unknown
/// path with OPTIONS too.
#[must_use]
pub fn sends_options(planned: &PlannedProbe, deployment: &Deployment, allow_mutating: bool) -> bool {
    is_mutating(planned) && !sends_real_mutation(planned, deployment, allow_mutating)
}

fn sends_real_mutation(planned: &PlannedProbe, deployment: &Deployment, allow_mutating: bool) -> bool {
    is_mutating(planned) && deployment.mutable && allow_mutating
}

/// Runs one planned probe. Never fails: problems are verdicts.
pub async fn probe(
    client: &Client,
    deployment: &Deployment,
    planned: &PlannedProbe,
    baseline: Option<&Baseline>,
    log: RequestLog<'_>,
) -> Outcome {
    let started = Instant::now();
    let marker = match compile_marker(planned.marker.as_deref()) {
        Ok(marker) => marker,
        Err(detail) => return Outcome::failed(planned, Verdict::Error, detail),
    };
    let expect = Expectation {
        kind: planned.kind,
        marker: marker.as_ref(),
        baseline,
        resolves_to: planned.resolves_to.as_deref(),
    };
    let target = Target { client, deployment, url: &planned.url, log };
    let (steps, classification) = send(target, planned, &expect).await;
    let mut outcome = Outcome::from_steps(planned, &steps, classification, started);
    outcome.hinges_on_baseline = outcome.result.verdict == Verdict::SoftMissing
        && outcome.baseline_matched
        && outcome.answered_success
        && marker.is_none();
    outcome
}

/// Where a probe's requests go.
#[derive(Clone, Copy)]
struct Target<'a> {
    client: &'a Client,
    deployment: &'a Deployment,
    url: &'a str,
    log: RequestLog<'a>,
}

impl Target<'_> {
    /// A request that only asks, retried like any safe request.
    async fn fetch(self, method: &str, follow: Follow) -> Step {
        self.send(Call { deployment: self.deployment, method, url: self.url, follow, once: false }).await
    }

    /// The action itself: sent once, its redirect being its answer.
    async fn fetch_once(self, method: &str) -> Step {
        self.send(Call { deployment: self.deployment, method, url: self.url, follow: Follow::Never, once: true }).await
    }

    async fn send(self, call: Call<'_>) -> Step {
        (call.method.to_owned(), self.client.fetch(call, self.log).await)
    }
}

/// A method sent and what came back.
type Step = (String, Exchange);

/// Sends what the probe's kind and method allow, and classifies the answers.
async fn send(target: Target<'_>, planned: &PlannedProbe, expect: &Expectation<'_>) -> (Vec<Step>, Classification) {
    let method = planned.method.to_ascii_uppercase();
    if !is_mutating(planned) {
        let method = if planned.kind == ProbeKind::Route { "GET" } else { method.as_str() };
        let step = target.fetch(method, Follow::Always).await;
        let classification = classify_page(&step.1, method, expect);
        return (vec![step], classification);
    }
    if sends_real_mutation(planned, target.deployment, target.client.policy().allow_mutating) {
        let step = target.fetch_once(&method).await;
        let classification = classify_mutating(&step.1, &method);
        return (vec![step], classification);
    }
    // OPTIONS follows `/items` → `/items/` (FastAPI, Django), never to another origin.
    let options = target.fetch("OPTIONS", Follow::SameOrigin).await;
    if let Some(classification) = classify_options(&options.1, &method, expect.baseline) {
        return (vec![options], classification);
    }
    if planned.options_only {
        let classification = classify_options_only(&options.1, &method, expect.baseline);
        return (vec![options], classification);
    }
    let get = target.fetch("GET", Follow::Always).await;
    let classification = classify_endpoint_get(&get.1, &method, expect);
    (vec![options, get], classification)
}

fn compile_marker(marker: Option<&str>) -> Result<Option<Regex>, String> {
    let Some(marker) = marker else { return Ok(None) };
    RegexBuilder::new(marker)
        .size_limit(MARKER_SIZE_LIMIT)
        .build()
        .map(Some)
        .map_err(|error| format!("the marker is not a valid regular expression: {error}"))
}

impl Outcome {
    fn from_steps(planned: &PlannedProbe, steps: &[Step], classification: Classification, started: Instant) -> Self {
        let Some((_, last)) = steps.last() else {
            return Self::failed(planned, Verdict::Error, "no request was sent");
        };
        let mut detail = classification.detail;
        if last.truncated && classification.verdict == Verdict::SoftMissing {
            detail = detail.map(|detail| format!("{detail} (only the first {} bytes were read)", last.body.len()));
        }
        let result = ProbeResult {
            verdict: classification.verdict,
            status: last.status,
            final_url: last.final_url.as_deref().map(|landed| shared_url(planned, landed)),
            redirect_chain: last.chain.clone(),
            sent: steps.iter().map(|(method, _)| method.clone()).collect(),
            attempts: steps.iter().map(|(_, exchange)| exchange.attempts).sum(),
            elapsed_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
            detail,
            ..empty_result(planned)
        };
        Self {
            result,
            answered_success: classification.answered_page,
            baseline_matched: classification.baseline_matched,
            hinges_on_baseline: false,
        }
    }

    /// A result for a probe that could not be run at all.
    #[must_use]
    pub fn failed(planned: &PlannedProbe, verdict: Verdict, detail: impl Into<String>) -> Self {
        let result = ProbeResult { verdict, detail: Some(detail.into()), ..empty_result(planned) };
        Self { result, answered_success: false, baseline_matched: false, hinges_on_baseline: false }
    }
}

/// Where a probe landed: the plan's own URL shared when it landed there
/// (no redirect, most probes), a copy only when it went elsewhere.
fn shared_url(planned: &PlannedProbe, landed: &str) -> SharedText {
    if planned.url == landed { planned.url.clone() } else { SharedText::from(landed) }
}

fn empty_result(planned: &PlannedProbe) -> ProbeResult {
    ProbeResult {
        deployment: planned.deployment.clone(),
        route: planned.route.clone(),
        surfaces: planned.surfaces.clone(),
        method: planned.method.clone(),
        url: planned.url.clone(),
        verdict: Verdict::Error,
        status: None,
        final_url: None,
        redirect_chain: Vec::new(),
        sent: Vec::new(),
        attempts: 0,
        elapsed_ms: 0,
        detail: None,
        rendered: None,
    }
}
