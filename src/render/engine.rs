//! Renders the route probes of a plan in one browser: per (deployment,
//! prefix) one not-found sample no route of the matrix matches, then every
//! route, as many tabs at once as the pool allows, each judged against its
//! prefix's sample. Every request a page made goes to the observer,
//! redacted like the HTTP client's.

use std::collections::BTreeMap;
use std::time::Instant;

use futures_util::StreamExt;
use futures_util::stream;
use regex::RegexBuilder;

use super::judge::{Rendered, judge};
use super::options::{RenderError, RenderOptions, RenderPlan, RenderedProbe};
use super::page::{PageRun, render};
use super::session::Session;
use crate::probe::baseline::{not_found_sample, prefix_of};
use crate::probe::exchange::Redactor;
use crate::probe::{Deployment, KnownRoutes, Observer, PlannedProbe, ProbeResult, Verdict};

/// Renders `probes` (routes of configured deployments) with a browser
/// launched for the run and closed after it.
pub async fn run(
    options: RenderOptions,
    plan: RenderPlan<'_>,
    observer: &dyn Observer,
) -> Result<Vec<RenderedProbe>, RenderError> {
    let session = Session::launch(options).await?;
    let rendered = render_all(&session, plan, observer).await;
    session.close().await;
    Ok(rendered)
}

/// A route to render and where its not-found sample is.
struct Job<'a> {
    index: usize,
    planned: &'a PlannedProbe,
    deployment: &'a Deployment,
    sample: Option<String>,
}

async fn render_all(session: &Session, plan: RenderPlan<'_>, observer: &dyn Observer) -> Vec<RenderedProbe> {
    let jobs = jobs(plan.probes, plan.deployments, plan.known);
    let samples: Vec<(&Deployment, String)> = {
        let mut seen = BTreeMap::new();
        for job in &jobs {
            if let Some(sample) = &job.sample {
                seen.entry(sample.clone()).or_insert(job.deployment);
            }
        }
        seen.into_iter().map(|(sample, deployment)| (deployment, sample)).collect()
    };
    let width = session.options.concurrency.max(1);
    let rendered_samples: BTreeMap<String, Rendered> = stream::iter(samples)
        .map(|(deployment, sample)| async move {
            let run = render(session, deployment, &sample).await;
            (deployment, sample, run)
        })
        .buffer_unordered(width)
        .map(|(deployment, sample, run)| {
            forward(&run, deployment, observer);
            (sample, run.rendered)
        })
        .collect()
        .await;
    let samples = &rendered_samples;
    stream::iter(jobs)
        .map(|job| async move {
            let started = Instant::now();
            let run = render(session, job.deployment, &job.planned.url).await;
            (job, run, started)
        })
        .buffer_unordered(width)
        .map(|(job, run, started)| {
            forward(&run, job.deployment, observer);
            let sample = job.sample.as_deref().and_then(|url| samples.get(url).map(|page| (url, page)));
            let probe = rendered_probe(&job, run, sample, started);
            observer.probe_done(&probe.result);
            probe
        })
        .collect()
        .await
}

/// One job per route probe of a configured deployment, with its sample:
/// one sample per (deployment, prefix), drawn once, so a prefix's routes
/// share it and the browser renders it once, not once per route.
fn jobs<'a>(probes: &'a [PlannedProbe], deployments: &'a [Deployment], known: &KnownRoutes) -> Vec<Job<'a>> {
    // Only the probes rendered: a copy of the known routes is small next to a browser.
    let routes = known.clone().into_table(probes);
    let mut samples: BTreeMap<(&str, String), Option<String>> = BTreeMap::new();
    probes
        .iter()
        .enumerate()
        .filter_map(|(index, planned)| {
            let deployment = deployments.iter().find(|d| d.name == planned.deployment)?;
            let url = url::Url::parse(&planned.url).ok()?;
            let prefix = prefix_of(&url, &deployment.base_url);
            let routes = routes.get(&deployment.name).map_or(&[][..], Vec::as_slice);
            let sample = samples
                .entry((deployment.name.as_str(), prefix))
                .or_insert_with_key(|(_, prefix)| not_found_sample(&deployment.base_url, prefix, routes))
                .clone();
            Some(Job { index, planned, deployment, sample })
        })
        .collect()
}

fn rendered_probe(job: &Job<'_>, run: PageRun, sample: Option<(&str, &Rendered)>, started: Instant) -> RenderedProbe {
    let secrets = redactor(job.deployment);
    let marker = job.planned.marker.as_deref().map(|marker| RegexBuilder::new(marker).size_limit(1 << 20).build());
    let (verdict, detail) = match marker.transpose() {
        Ok(marker) => judge(&job.planned.url, &run.rendered, sample, marker.as_ref()),
        Err(error) => (Verdict::Error, format!("the marker is not a valid regular expression: {error}")),
    };
    let mut note = run.rendered.note();
    note.final_url = secrets.redact(&note.final_url);
    let result = ProbeResult {
        deployment: job.planned.deployment.clone(),
        route: job.planned.route.clone(),
        surfaces: job.planned.surfaces.clone(),
        method: job.planned.method.clone(),
        url: secrets.redact(&job.planned.url).into(),
        verdict,
        status: run.rendered.status,
        final_url: Some(note.final_url.as_str().into()),
        redirect_chain: Vec::new(),
        sent: vec!["GET".to_owned()],
        attempts: 1,
        elapsed_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        detail: Some(secrets.redact(&detail)),
        rendered: Some(Box::new(note)),
    };
    RenderedProbe { index: job.index, result, snapshot: run.rendered.snapshot, screenshot: run.screenshot }
}

fn redactor(deployment: &Deployment) -> Redactor {
    Redactor::new(deployment.headers.iter().map(|(name, secret)| (name.as_str(), secret.expose())))
}

/// Passes a page's requests to the observer, redacted.
fn forward(run: &PageRun, deployment: &Deployment, observer: &dyn Observer) {
    let secrets = redactor(deployment);
    for request in &run.requests {
        let mut request = request.clone();
        request.url = secrets.redact(&request.url);
        request.error = request.error.map(|error| secrets.redact(&error));
        observer.request_sent(&request);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::{ProbeKind, Role};

    fn probe(route: &str) -> PlannedProbe {
        PlannedProbe {
            deployment: "v3".into(),
            kind: ProbeKind::Route,
            method: "GET".into(),
            route: route.into(),
            surfaces: std::sync::Arc::default(),
            url: format!("http://127.0.0.1:9{route}").into(),
            resolves_to: None,
            marker: None,
            options_only: false,
        }
    }

    #[test]
    fn the_routes_of_a_prefix_share_one_not_found_sample() {
        let deployment = Deployment {
            name: "v3".to_owned(),
            role: Role::V3,
            base_url: "http://127.0.0.1:9/".parse().expect("a URL"),
            headers: Vec::new(),
            mutable: false,
        };
        let probes = [probe("/nodes/a"), probe("/nodes/b"), probe("/jobs/1"), probe("/nodes/c")];
        let jobs = jobs(&probes, std::slice::from_ref(&deployment), &KnownRoutes::default());
        let samples: Vec<&str> = jobs.iter().map(|job| job.sample.as_deref().expect("a sample")).collect();
        assert_eq!(samples[0], samples[1]);
        assert_eq!(samples[0], samples[3]);
        assert_ne!(samples[0], samples[2], "another prefix, another sample");
        assert!(samples[0].starts_with("http://127.0.0.1:9/nodes/") && samples[2].contains("/jobs/"), "{samples:?}");
    }
}
