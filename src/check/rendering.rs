//! Which routes of a check are judged in a browser, and the rendered
//! verdicts laid over the HTTP ones. A deployment's `render` mode decides:
//! `always` renders all its routes, `auto` only when HTTP could not tell
//! its pages apart (its routes read `indeterminate`), `never` none.

use std::collections::BTreeMap;

use super::plan::Plan;
use crate::config::RenderMode;
use crate::probe::{Deployment, Observer, PlannedProbe, ProbeKind, ProbeResult, Verdict};
use crate::render::{RenderError, RenderOptions, RenderPlan, RenderedProbe};

/// How a check renders: the browser's options and each deployment's mode
/// (`--render` already applied).
#[derive(Clone, Debug)]
pub struct RenderSetup {
    pub options: RenderOptions,
    pub modes: BTreeMap<String, RenderMode>,
}

/// The indices of the plan's probes to render, given their HTTP results.
#[must_use]
pub fn chosen(probes: &[PlannedProbe], results: &[ProbeResult], modes: &BTreeMap<String, RenderMode>) -> Vec<usize> {
    let undecided = |name: &str| {
        probes
            .iter()
            .zip(results)
            .any(|(probe, result)| probe.deployment == name && result.verdict == Verdict::Indeterminate)
    };
    probes
        .iter()
        .enumerate()
        .filter(|(_, probe)| probe.kind == ProbeKind::Route)
        .filter(|(_, probe)| match modes.get(probe.deployment.as_str()) {
            Some(RenderMode::Always) => true,
            Some(RenderMode::Auto) => undecided(&probe.deployment),
            Some(RenderMode::Never) | None => false,
        })
        .map(|(index, _)| index)
        .collect()
}

/// Renders the chosen probes and replaces their results; the rendered
/// probes come back indexed by plan position.
pub fn apply(
    setup: &RenderSetup,
    plan: &Plan,
    deployments: &[Deployment],
    results: &mut [ProbeResult],
    observer: &dyn Observer,
) -> Result<Vec<RenderedProbe>, RenderError> {
    let indices = chosen(&plan.probes, results, &setup.modes);
    if indices.is_empty() {
        return Ok(Vec::new());
    }
    let probes = picked(plan, &indices);
    let to_render = RenderPlan { probes: &probes, deployments, known: &plan.routes };
    let rendered = crate::render::run_blocking(setup.options.clone(), to_render, observer)?;
    Ok(merge(rendered, &indices, results))
}

/// [`apply`] on the caller's runtime (the demo's).
pub async fn apply_async(
    setup: &RenderSetup,
    plan: &Plan,
    deployments: &[Deployment],
    results: &mut [ProbeResult],
    observer: &dyn Observer,
) -> Result<Vec<RenderedProbe>, RenderError> {
    let indices = chosen(&plan.probes, results, &setup.modes);
    if indices.is_empty() {
        return Ok(Vec::new());
    }
    let probes = picked(plan, &indices);
    let to_render = RenderPlan { probes: &probes, deployments, known: &plan.routes };
    let rendered = crate::render::run(setup.options.clone(), to_render, observer).await?;
    Ok(merge(rendered, &indices, results))
}

fn picked(plan: &Plan, indices: &[usize]) -> Vec<PlannedProbe> {
    indices.iter().map(|&index| plan.probes[index].clone()).collect()
}

/// Lays the rendered results over the HTTP ones, by plan position.
fn merge(mut rendered: Vec<RenderedProbe>, indices: &[usize], results: &mut [ProbeResult]) -> Vec<RenderedProbe> {
    for probe in &mut rendered {
        probe.index = indices[probe.index];
        if let Some(slot) = results.get_mut(probe.index) {
            *slot = probe.result.clone();
        }
    }
    rendered.sort_by_key(|probe| probe.index);
    rendered
}

#[cfg(test)]
mod tests {
    use super::*;

    fn probe(deployment: &str, kind: ProbeKind) -> PlannedProbe {
        PlannedProbe {
            deployment: deployment.into(),
            kind,
            method: "GET".into(),
            route: "/x".into(),
            surfaces: std::sync::Arc::default(),
            url: "http://h/x".into(),
            resolves_to: None,
            marker: None,
            options_only: false,
        }
    }

    fn result(deployment: &str, verdict: Verdict) -> ProbeResult {
        ProbeResult::example(deployment, verdict)
    }

    #[test]
    fn auto_renders_the_routes_of_a_deployment_http_could_not_tell_apart() {
        let probes = [
            probe("spa", ProbeKind::Route),
            probe("spa", ProbeKind::Route),
            probe("spa", ProbeKind::Endpoint),
            probe("ssr", ProbeKind::Route),
        ];
        let results = [
            result("spa", Verdict::Indeterminate),
            result("spa", Verdict::Missing),
            result("spa", Verdict::Indeterminate),
            result("ssr", Verdict::Present),
        ];
        let modes = |spa, ssr| BTreeMap::from([("spa".to_owned(), spa), ("ssr".to_owned(), ssr)]);
        assert_eq!(chosen(&probes, &results, &modes(RenderMode::Auto, RenderMode::Auto)), [0, 1], "routes only");
        assert_eq!(chosen(&probes, &results, &modes(RenderMode::Never, RenderMode::Always)), [3]);
        assert!(chosen(&probes, &results, &BTreeMap::new()).is_empty(), "nothing renders unless asked");
    }
}
