//! Joins probe verdicts with the matrix into findings, each located at the
//! YAML of the route it concerns, so a CI failure lands on the right line.

use super::plan::{Malformed, Plan, Subject, Unfilled, Unreadable, Use};
use crate::config::AuthCounts;
use crate::finding::{Cause, Code, Finding, Severity};
use crate::matrix::{Level, Matrix, Sources, Surface};
use crate::probe::baseline::UNSAMPLED;
use crate::probe::redirect::lands_at;
use crate::probe::{PlannedProbe, ProbeKind, ProbeResult, Role, Verdict};

/// The label of a `probe-indeterminate` finding whose deployment answers
/// every path alike ([`Cause::AnswersAlike`]: the terminal table says it
/// once per deployment).
pub const ALIKE_LABEL: &str = "indeterminate";

/// The label of a `probe-indeterminate` finding for an endpoint that was
/// sent OPTIONS only (a destructive or recovery action, [`Cause::NotSent`]).
pub const NOT_SENT_LABEL: &str = "GET not sent";

/// The label of a `probe-error` finding whose request got no answer at all
/// (refused, timed out, no such host, [`Cause::NoAnswer`]): the table groups
/// a deployment that never answered into one line.
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
    findings.extend(input.plan.unfilled.iter().map(|unfilled| unfilled_finding(input, unfilled)));
    findings.extend(input.plan.malformed.iter().map(|malformed| malformed_finding(input, malformed)));
    findings.extend(overclaims(input));
    Finding::sort(&mut findings);
    findings
}

/// A route not requested because a parameter has no sample value.
fn unfilled_finding(input: &AuditInput<'_>, unfilled: &Unfilled) -> Finding {
    let surface = &input.matrix.surfaces[unfilled.surface];
    Finding::new(
        Code::ParamMissing,
        format!(
            "`{}` was not probed on {}: no sample value for `{{{}}}`",
            unfilled.route, unfilled.deployment, unfilled.param
        ),
    )
    .label(format!("no sample value for `{{{}}}`", unfilled.param))
    .cause(Cause::NoSampleValue)
    .help(format!(
        "add `{} = \"…\"` under [params] in parity.toml, or pass --param {}=…",
        unfilled.param, unfilled.param
    ))
    .surface(&surface.id)
    .subject(format!("{} {}", unfilled.deployment, unfilled.route))
    .at(input.sources.locate(surface.file, unfilled.pos))
}

/// A route or endpoint not requested on any deployment because it cannot be
/// read: where validation reports the same text, the check's finding says
/// what it meant for the run, at the same place (the pipeline keeps one).
fn malformed_finding(input: &AuditInput<'_>, malformed: &Malformed) -> Finding {
    let surface = &input.matrix.surfaces[malformed.surface];
    let Malformed { unprobed, what, text, error, pos, .. } = malformed;
    let message = if *what == Unreadable::ResolvesTo {
        format!("`{unprobed}` was not probed: its `resolves_to` `{text}` is not a valid route")
    } else {
        format!("`{unprobed}` was not probed: it is not a valid {}", what.as_str())
    };
    Finding::new(Code::RouteMalformed, message)
        .label(error.message.clone())
        .help("write routes as `/path/{param}`; endpoints as `METHOD /path/{param}`")
        .surface(&surface.id)
        .subject(unprobed.clone())
        .at(input.sources.locate_inside(surface.file, *pos, error.offset))
}

fn subject_of(probe: &PlannedProbe) -> String {
    format!("{} {} {}", probe.deployment, probe.method, probe.url)
}

/// The finding one use of a probe earns, if any.
fn use_finding(input: &AuditInput<'_>, usage: &Use) -> Option<Finding> {
    let probe = &input.plan.probes[usage.probe];
    let result = input.results.get(usage.probe)?;
    let surface = &input.matrix.surfaces[usage.surface];
    let v1 = usage.subject.role() == Role::V1;
    let finding = verdict_finding(&Probed::new(probe, result), v1, input.unauthorized)?;
    // A V1 page the old deployment no longer has matters less than a missing V3 target.
    let finding = if v1 && finding.code == Code::RouteMissing { finding.severity(Severity::Warning) } else { finding };
    Some(finding.surface(&surface.id).subject(subject_of(probe)).at(input.sources.locate(surface.file, usage.pos)))
}

/// A probe and its result, with the words every finding about it opens with.
struct Probed<'a> {
    probe: &'a PlannedProbe,
    result: &'a ProbeResult,
    /// A landing's `v3` may be a bare route: it is then checked as a page.
    endpoint: bool,
    /// ``route `/x` on v3`` or ``endpoint `POST /x` on v3``.
    named: String,
}

impl<'a> Probed<'a> {
    fn new(probe: &'a PlannedProbe, result: &'a ProbeResult) -> Self {
        let endpoint = probe.kind == ProbeKind::Endpoint;
        let named = if endpoint {
            format!("endpoint `{} {}` on {}", probe.method, probe.route, probe.deployment)
        } else {
            format!("route `{}` on {}", probe.route, probe.deployment)
        };
        Self { probe, result, endpoint, named }
    }
}

/// The finding a verdict earns, before it is located; `v1` routes may
/// redirect anywhere.
fn verdict_finding(probed: &Probed<'_>, v1: bool, unauthorized: AuthCounts) -> Option<Finding> {
    let Probed { probe, result, endpoint, named } = probed;
    let finding = match result.verdict {
        Verdict::Present | Verdict::EndpointPresent => return None,
        Verdict::Missing | Verdict::SoftMissing if *endpoint => {
            Finding::new(Code::EndpointMissing, format!("{named} does not exist ({})", verdict_detail(result)))
                .label("missing on the deployment")
        }
        Verdict::Missing => Finding::new(Code::RouteMissing, format!("{named} answered {}", status_text(result)))
            .label("missing on the deployment"),
        Verdict::SoftMissing => Finding::new(
            Code::RouteSoftMissing,
            format!("{named} answered like a not-found page ({})", verdict_detail(result)),
        )
        .label("looks missing"),
        Verdict::Redirected => redirect_finding(probe, result, v1 || *endpoint)?,
        Verdict::Unauthorized => auth_finding(named, result, unauthorized)?,
        Verdict::Error | Verdict::Unreachable => error_finding(named, result),
        Verdict::Indeterminate => indeterminate_finding(named, probe, result),
    };
    Some(finding)
}

/// A page behind authentication counts as the configuration says: present
/// (no finding), or a finding of the configured severity.
fn auth_finding(named: &str, result: &ProbeResult, unauthorized: AuthCounts) -> Option<Finding> {
    let severity = match unauthorized {
        AuthCounts::Present => return None,
        AuthCounts::Note => Severity::Note,
        AuthCounts::Warning => Severity::Warning,
        AuthCounts::Error => Severity::Error,
    };
    let message = format!("{named} requires authentication ({})", verdict_detail(result));
    Some(Finding::new(Code::AuthRequired, message).severity(severity).label("behind authentication"))
}

/// No verdict: an answer parity cannot use, or no answer at all, which a
/// whole deployment may share.
fn error_finding(named: &str, result: &ProbeResult) -> Finding {
    let finding = Finding::new(Code::ProbeError, format!("{named}: {} ({})", result.verdict, verdict_detail(result)));
    if result.verdict == Verdict::Unreachable {
        finding.label(UNREACHABLE_LABEL).cause(Cause::NoAnswer)
    } else {
        finding.label("no verdict")
    }
}

/// Undecided: the endpoint of a destructive action that was only asked
/// OPTIONS, a route whose every not-found sample would have been a route of
/// the matrix, or a deployment that answers every path alike.
fn indeterminate_finding(named: &str, probe: &PlannedProbe, result: &ProbeResult) -> Finding {
    if result.detail.as_deref().is_some_and(|detail| detail.contains(UNSAMPLED)) {
        return Finding::new(
            Code::ProbeIndeterminate,
            format!("{named} cannot be told apart from a missing page ({})", verdict_detail(result)),
        )
        .label("no not-found sample")
        .help("declare a `marker` regex that only the real page contains");
    }
    if probe.options_only {
        return Finding::new(
            Code::ProbeIndeterminate,
            format!("{named} was not confirmed ({})", verdict_detail(result)),
        )
        .label(NOT_SENT_LABEL)
        .cause(Cause::NotSent)
        .help(
            "list the method in the endpoint's OPTIONS `Allow` header, or check it on a `mutable` test \
                 deployment with --allow-mutating",
        );
    }
    Finding::new(
        Code::ProbeIndeterminate,
        format!("{named} cannot be told apart from a missing page: the deployment answers every path alike"),
    )
    .label(ALIKE_LABEL)
    .cause(Cause::AnswersAlike)
    .help("declare a `marker` regex that only the real page contains")
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::Hop;

    fn planned(kind: ProbeKind, options_only: bool) -> PlannedProbe {
        PlannedProbe {
            deployment: "v3".into(),
            kind,
            method: if kind == ProbeKind::Endpoint { "DELETE" } else { "GET" }.into(),
            route: "/x".into(),
            surfaces: vec!["s".to_owned()].into(),
            url: "http://h/x".into(),
            resolves_to: Some("http://h/home".to_owned()),
            marker: None,
            options_only,
        }
    }

    fn result(verdict: Verdict, detail: &str) -> ProbeResult {
        ProbeResult {
            deployment: "v3".into(),
            route: "/x".into(),
            surfaces: vec!["s".to_owned()].into(),
            method: "GET".into(),
            url: "http://h/x".into(),
            verdict,
            status: None,
            final_url: None,
            redirect_chain: Vec::new(),
            sent: vec!["GET".to_owned()],
            attempts: 1,
            elapsed_ms: 0,
            detail: Some(detail.to_owned()),
            rendered: None,
        }
    }

    fn found(probe: &PlannedProbe, result: &ProbeResult) -> Option<Finding> {
        verdict_finding(&Probed::new(probe, result), false, AuthCounts::Warning)
    }

    #[test]
    fn shared_causes_are_typed_beside_their_unchanged_labels() {
        let route = planned(ProbeKind::Route, false);
        let cases = [
            (result(Verdict::Unreachable, "refused"), Some(Cause::NoAnswer), UNREACHABLE_LABEL),
            (result(Verdict::Error, "answered 500"), None, "no verdict"),
            (result(Verdict::Indeterminate, "alike"), Some(Cause::AnswersAlike), ALIKE_LABEL),
        ];
        for (result, cause, label) in cases {
            let finding = found(&route, &result).expect("a finding");
            assert_eq!((finding.cause, finding.label.as_deref()), (cause, Some(label)), "{}", result.verdict);
        }
        let endpoint = planned(ProbeKind::Endpoint, true);
        let not_sent = found(&endpoint, &result(Verdict::Indeterminate, "OPTIONS only")).expect("a finding");
        assert_eq!((not_sent.cause, not_sent.label.as_deref()), (Some(Cause::NotSent), Some(NOT_SENT_LABEL)));
        assert_eq!(not_sent.message, "endpoint `DELETE /x` on v3 was not confirmed (OPTIONS only)");
    }

    #[test]
    fn a_redirect_is_a_finding_only_when_a_v3_route_lands_elsewhere() {
        let route = planned(ProbeKind::Route, false);
        let landed = |url: &str| ProbeResult {
            final_url: Some(url.into()),
            redirect_chain: vec![Hop { url: "http://h/x".to_owned(), status: 302 }],
            ..result(Verdict::Redirected, "redirected")
        };
        assert_eq!(found(&route, &landed("http://h/home/")), None, "it resolves there");
        let v1 = verdict_finding(&Probed::new(&route, &landed("http://h/else")), true, AuthCounts::Warning);
        assert_eq!(v1, None, "V1 routes may redirect anywhere");
        let elsewhere = found(&route, &landed("http://h/else")).expect("a finding");
        assert_eq!(elsewhere.code, Code::RedirectMismatch);
        assert_eq!(elsewhere.message, "`/x` redirected to http://h/else, but it resolves to http://h/home");
        assert_eq!(elsewhere.help.as_deref(), Some("chain: 302 http://h/x → http://h/else"));
    }

    #[test]
    fn authentication_counts_at_the_configured_severity() {
        let route = planned(ProbeKind::Route, false);
        let behind = result(Verdict::Unauthorized, "answered 401");
        let probed = Probed::new(&route, &behind);
        assert_eq!(verdict_finding(&probed, false, AuthCounts::Present), None);
        let note = verdict_finding(&probed, false, AuthCounts::Note).expect("a finding");
        assert_eq!((note.code, note.severity), (Code::AuthRequired, Severity::Note));
        assert_eq!(note.message, "route `/x` on v3 requires authentication (answered 401)");
    }
}
