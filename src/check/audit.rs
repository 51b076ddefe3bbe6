//! Joins probe verdicts with the matrix into findings, each located at the
//! YAML of the route it concerns, so a CI failure lands on the right line.

use super::plan::{Plan, Subject, Use};
use crate::config::AuthCounts;
use crate::finding::{Code, Finding, Severity};
use crate::matrix::{Level, Matrix, Sources, Surface};
use crate::probe::redirect::lands_at;
use crate::probe::{PlannedProbe, ProbeKind, ProbeResult, Role, Verdict};

/// The label of a `probe-indeterminate` finding whose deployment answers
/// every path alike: the terminal table says it once per deployment.
pub const ALIKE_LABEL: &str = "indeterminate";

/// The label of a `probe-indeterminate` finding for an endpoint that was
/// sent OPTIONS only (a destructive or recovery action).
pub const NOT_SENT_LABEL: &str = "GET not sent";

/// The label of a `probe-error` finding whose request got no answer at all
/// (refused, timed out, no such host): the table groups a deployment that
/// never answered into one line.
pub const UNREACHABLE_LABEL: &str = "no answer";

/// What an audit is made from.
pub struct AuditInput<'a> {
    pub matrix: &'a Matrix,
    pub sources: &'a Sources,
    pub plan: &'a Plan,
    /// One result per planned probe, in plan order.
    pub results: &'a [ProbeResult],
    pub unauthorized: AuthCounts,
}

/// Every finding of a check, sorted by location.
#[must_use]
pub fn audit(input: &AuditInput<'_>) -> Vec<Finding> {
    // A surface that uses one request several times (a target and the
    // actions that landed on it) gets one finding, at its first use.
    let mut seen = std::collections::HashSet::new();
    let mut findings: Vec<Finding> = input
        .plan
        .uses
        .iter()
        .filter(|u| seen.insert((u.surface, u.probe)))
        .filter_map(|u| use_finding(input, u))
        .collect();
    findings.extend(input.plan.unfilled.iter().map(|unfilled| {
        let surface = &input.matrix.surfaces[unfilled.surface];
        Finding::new(
            Code::ParamMissing,
            format!(
                "`{}` was not probed on {}: no sample value for `{{{}}}`",
                unfilled.route, unfilled.deployment, unfilled.param
            ),
        )
        .label(format!("no sample value for `{{{}}}`", unfilled.param))
        .help(format!(
            "add `{} = \"…\"` under [params] in parity.toml, or pass --param {}=…",
            unfilled.param, unfilled.param
        ))
        .surface(&surface.id)
        .subject(format!("{} {}", unfilled.deployment, unfilled.route))
        .at(input.sources.locate(surface.file, unfilled.pos))
    }));
    findings.extend(overclaims(input));
    Finding::sort(&mut findings);
    findings
}

fn subject_of(probe: &PlannedProbe) -> String {
    format!("{} {} {}", probe.deployment, probe.method, probe.url)
}

/// The finding one use of a probe earns, if any.
fn use_finding(input: &AuditInput<'_>, usage: &Use) -> Option<Finding> {
    let probe = &input.plan.probes[usage.probe];
    let result = input.results.get(usage.probe)?;
    let surface = &input.matrix.surfaces[usage.surface];
    // A landing's `v3` may be a bare route: it is then checked as a page.
    let endpoint = probe.kind == ProbeKind::Endpoint;
    let v1 = usage.subject.role() == Role::V1;
    let what = if endpoint { "endpoint" } else { "route" };
    let on = if endpoint {
        format!("`{} {}` on {}", probe.method, probe.route, probe.deployment)
    } else {
        format!("`{}` on {}", probe.route, probe.deployment)
    };
    let finding = match result.verdict {
        Verdict::Present | Verdict::EndpointPresent => return None,
        Verdict::Missing | Verdict::SoftMissing if endpoint => {
            Finding::new(Code::EndpointMissing, format!("{what} {on} does not exist ({})", verdict_detail(result)))
                .label("missing on the deployment")
        }
        Verdict::Missing => Finding::new(Code::RouteMissing, format!("{what} {on} answered {}", status_text(result)))
            .label("missing on the deployment"),
        Verdict::SoftMissing => Finding::new(
            Code::RouteSoftMissing,
            format!("{what} {on} answered like a not-found page ({})", verdict_detail(result)),
        )
        .label("looks missing"),
        Verdict::Redirected => redirect_finding(probe, result, v1 || endpoint)?,
        Verdict::Unauthorized => {
            let severity = match input.unauthorized {
                AuthCounts::Present => return None,
                AuthCounts::Note => Severity::Note,
                AuthCounts::Warning => Severity::Warning,
                AuthCounts::Error => Severity::Error,
            };
            Finding::new(
                Code::AuthRequired,
                format!("{what} {on} requires authentication ({})", verdict_detail(result)),
            )
            .severity(severity)
            .label("behind authentication")
        }
        Verdict::Error | Verdict::Unreachable => {
            let label = if result.verdict == Verdict::Unreachable { UNREACHABLE_LABEL } else { "no verdict" };
            Finding::new(Code::ProbeError, format!("{what} {on}: {} ({})", result.verdict, verdict_detail(result)))
                .label(label)
        }
        Verdict::Indeterminate if probe.options_only => Finding::new(
            Code::ProbeIndeterminate,
            format!("{what} {on} was not confirmed ({})", verdict_detail(result)),
        )
        .label(NOT_SENT_LABEL)
        .help(
            "list the method in the endpoint's OPTIONS `Allow` header, or check it on a `mutable` test \
                     deployment with --allow-mutating",
        ),
        Verdict::Indeterminate => Finding::new(
            Code::ProbeIndeterminate,
            format!("{what} {on} cannot be told apart from a missing page: the deployment answers every path alike"),
        )
        .label(ALIKE_LABEL)
        .help("declare a `marker` regex that only the real page contains"),
    };
    // A V1 page the old deployment no longer has matters less than a missing V3 target.
    let finding = if v1 && finding.code == Code::RouteMissing { finding.severity(Severity::Warning) } else { finding };
    Some(finding.surface(&surface.id).subject(subject_of(probe)).at(input.sources.locate(surface.file, usage.pos)))
}

/// A redirect is fine when it ends where the target resolves to; V1 routes
/// and endpoints may redirect anywhere (V1 pages often redirect to V3).
fn redirect_finding(probe: &PlannedProbe, result: &ProbeResult, free: bool) -> Option<Finding> {
    if free {
        return None;
    }
    let landed = result.final_url.as_deref().unwrap_or_default();
    let message = match &probe.resolves_to {
        Some(expected) if lands_at(expected, landed) => return None,
        Some(expected) => format!("`{}` redirected to {landed}, but it resolves to {expected}", probe.route),
        None => format!("`{}` redirected to {landed}, and the matrix declares no `resolves_to`", probe.route),
    };
    let hops: Vec<String> = result.redirect_chain.iter().map(|hop| format!("{} {}", hop.status, hop.url)).collect();
    Some(
        Finding::new(Code::RedirectMismatch, message)
            .label("redirects elsewhere")
            .help(format!("chain: {} → {landed}", hops.join(" → "))),
    )
}

fn status_text(result: &ProbeResult) -> String {
    result.status.map_or_else(|| "nothing".to_owned(), |status| status.to_string())
}

fn verdict_detail(result: &ProbeResult) -> String {
    result.detail.clone().unwrap_or_else(|| format!("status {}", status_text(result)))
}

/// A surface declared covered whose V3 target is missing overclaims,
/// whatever its actions say.
fn overclaims<'a>(input: &'a AuditInput<'_>) -> impl Iterator<Item = Finding> + 'a {
    input.plan.uses.iter().filter_map(move |usage| {
        let surface: &Surface = &input.matrix.surfaces[usage.surface];
        let result = input.results.get(usage.probe)?;
        let missing = matches!(result.verdict, Verdict::Missing | Verdict::SoftMissing);
        if usage.subject != Subject::V3Target || !missing || surface.status.level() != Level::Covered {
            return None;
        }
        let probe = &input.plan.probes[usage.probe];
        let finding = Finding::new(
            Code::StatusOverclaim,
            format!(
                "`{}` is declared covered but its V3 target `{}` is {} on {}",
                *surface.id, probe.route, result.verdict, probe.deployment
            ),
        )
        .label(format!("declared {}", surface.status.value))
        .help("deploy the target, fix the route, or lower the declared status")
        .surface(&surface.id)
        .subject(subject_of(probe))
        .at(input.sources.locate(surface.file, surface.status.pos));
        Some(finding)
    })
}
