//! A whole check in order: plan the requests, probe the deployments, audit
//! the verdicts, add what validating the matrix found (a check of a matrix
//! that could not be read completely must not pass), set aside what a live
//! waiver covers. The binary and the demo both run checks through here, so
//! they cannot drift apart.

use super::audit::{AuditInput, audit};
use super::plan::{self, Partition, Plan, PlanInput};
use super::rendering::{self, RenderSetup};
use super::visibility;
use crate::config::Config;
use crate::finding::{Finding, Severity};
use crate::matrix::{Loaded, Validation};
use crate::probe::engine;
use crate::probe::{Deployment, Observer, ProbePolicy, ProbeResult};
use crate::render::{RenderError, RenderedProbe};

/// Everything a check needs, already loaded and resolved.
pub struct CheckSetup<'a> {
    pub loaded: &'a Loaded,
    pub config: &'a Config,
    pub deployments: &'a [Deployment],
    pub policy: &'a ProbePolicy,
    pub surface: Option<&'a globset::GlobMatcher>,
    pub partition: Option<Partition>,
    /// The day waiver expiry is judged on.
    pub today: jiff::civil::Date,
    /// The lowest severity that fails the run: the matrix's own findings
    /// from it up are the check's too, so a check fails wherever
    /// `parity validate` with the same `--fail-on` would.
    pub fail_on: Severity,
    /// Routes to judge in a headless browser (`--render`, `render = …`).
    pub render: Option<&'a RenderSetup>,
}

/// What a check found.
pub struct CheckOutcome {
    pub plan: Plan,
    /// One per planned probe, in plan order.
    pub results: Vec<ProbeResult>,
    pub findings: Vec<Finding>,
    /// Findings a live waiver of the matrix sets aside: counted, not reported.
    pub waived: Vec<Finding>,
    /// Probes rendered in a browser, their results already in `results`.
    pub rendered: Vec<crate::render::RenderedProbe>,
    /// Why rendering was asked for and not done (no browser would start).
    pub render_failure: Option<crate::render::RenderError>,
}

/// Plans the requests of a check without sending any.
#[must_use]
pub fn plan(setup: &CheckSetup<'_>) -> Plan {
    let param = |route: &str, name: &str| setup.config.param(route, name).map(str::to_owned);
    plan::build(&PlanInput {
        matrix: &setup.loaded.matrix,
        deployments: setup.deployments,
        param: &param,
        surface: setup.surface,
        partition: setup.partition,
    })
}

/// Runs a planned check on its own runtime.
#[must_use]
pub fn run(setup: &CheckSetup<'_>, mut plan: Plan, observer: &dyn Observer) -> CheckOutcome {
    let validation = validate(setup);
    let known = known_routes(setup, &mut plan);
    let mut results =
        engine::run_blocking(&plan.probes, &plan.reserve, known, setup.deployments, setup.policy, observer);
    let rendered = setup.render.map(|render| {
        rendering::apply(&with_selectors(render, setup), &plan, setup.deployments, &mut results, observer)
    });
    outcome(setup, validation, plan, results, rendered)
}

/// The check's outcome, with what the browser rendered (or why it could not).
fn outcome(
    setup: &CheckSetup<'_>,
    validation: Validation,
    plan: Plan,
    results: Vec<ProbeResult>,
    rendered: Option<Result<Vec<RenderedProbe>, RenderError>>,
) -> CheckOutcome {
    let (rendered, render_failure) = match rendered {
        Some(Ok(rendered)) => (rendered, None),
        Some(Err(error)) => (Vec::new(), Some(error)),
        None => (Vec::new(), None),
    };
    let mut outcome = finish(setup, validation, plan, results, &rendered);
    outcome.rendered = rendered;
    outcome.render_failure = render_failure;
    outcome
}

/// The render setup, told which CSS selectors the matrix's controls name.
fn with_selectors(render: &RenderSetup, setup: &CheckSetup<'_>) -> RenderSetup {
    let mut render = render.clone();
    render.options.selectors = visibility::selectors(&setup.loaded.matrix);
    render
}

/// Runs a check inside an existing runtime (the demo's), the browser too.
pub async fn run_async(setup: &CheckSetup<'_>, observer: &dyn Observer) -> CheckOutcome {
    let validation = validate(setup);
    let mut plan = plan(setup);
    let known = known_routes(setup, &mut plan);
    let mut results =
        engine::run_with_reserve(&plan.probes, &plan.reserve, known, setup.deployments, setup.policy, observer).await;
    let rendered = match setup.render {
        Some(render) => Some(
            rendering::apply_async(&with_selectors(render, setup), &plan, setup.deployments, &mut results, observer)
                .await,
        ),
        None => None,
    };
    outcome(setup, validation, plan, results, rendered)
}

/// The known routes for the HTTP engine: taken from the plan (at 30,000
/// routes a copy is megabytes), or copied when the browser needs them after.
fn known_routes(setup: &CheckSetup<'_>, plan: &mut Plan) -> crate::probe::KnownRoutes {
    if setup.render.is_some() { plan.routes.clone() } else { std::mem::take(&mut plan.routes) }
}

/// The matrix's own findings, before any probe: validating 30,000 surfaces
/// builds tables of their routes that are gone again before the results
/// of the probes pile up (docs/benchmarks.md).
fn validate(setup: &CheckSetup<'_>) -> Validation {
    crate::matrix::validate(&setup.loaded.matrix, &setup.loaded.sources, setup.today)
}

fn finish(
    setup: &CheckSetup<'_>,
    validation: Validation,
    plan: Plan,
    results: Vec<ProbeResult>,
    rendered: &[RenderedProbe],
) -> CheckOutcome {
    let mut findings = audit(&AuditInput {
        matrix: &setup.loaded.matrix,
        sources: &setup.loaded.sources,
        plan: &plan,
        results: &results,
        unauthorized: setup.config.audit.unauthorized,
    });
    findings.extend(visibility::findings(&setup.loaded.matrix, &setup.loaded.sources, &plan, rendered));
    let reported = |finding: &Finding| finding.severity >= setup.fail_on && in_scope(setup, finding);
    let said = |finding: &Finding| findings.iter().any(|f| f.code == finding.code && f.location == finding.location);
    let matrix_findings: Vec<Finding> = validation.findings.into_iter().filter(|f| reported(f) && !said(f)).collect();
    findings.extend(matrix_findings);
    Finding::sort(&mut findings);
    let (findings, mut waived) = crate::matrix::waive_check_findings(&setup.loaded.matrix, findings, setup.today);
    waived.extend(validation.waived.into_iter().filter(reported));
    CheckOutcome { plan, results, findings, waived, rendered: Vec::new(), render_failure: None }
}

/// Whether a finding of the matrix concerns what this run checks. One about
/// a surface belongs to the run that would probe it: none when `--surface`
/// leaves the surface out, the share that owns it with `--partition`. One
/// about the matrix as a whole (no surface, or one the matrix lacks) belongs
/// to every run, and with `--partition` to the first share alone: a sharded
/// run reports each finding once.
fn in_scope(setup: &CheckSetup<'_>, finding: &Finding) -> bool {
    let surfaces = &setup.loaded.matrix.surfaces;
    let index = finding.surface.as_deref().and_then(|id| surfaces.iter().position(|s| *s.id == id));
    match index {
        Some(index) => {
            let selected = setup.surface.is_none_or(|glob| plan::surface_matches(&surfaces[index], glob));
            selected && setup.partition.is_none_or(|share| share.owns(index))
        }
        None => setup.partition.is_none_or(|share| share.index == 1),
    }
}
