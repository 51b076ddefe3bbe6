//! `parity check` without a network: a plan from a fixture matrix, verdicts
//! made up per route, then the audit and every report format. The HTTP side
//! is tested against real loopback servers in tests/probe.rs and by the demo.

use std::path::Path;

use parity::check::plan::{Partition, Plan};
use parity::check::{self, CheckSetup, Known};
use parity::config::{AuthCounts, Config};
use parity::matrix::{self, Loaded};
use parity::probe::{Deployment, Hop, ProbeKind, ProbePolicy, ProbeResult, Role, Verdict};
use parity::report::check::{CheckReport, github, json, junit, markdown, table};
use parity::{Code, Finding, Severity};

fn fixture() -> Loaded {
    let loaded = matrix::load(&[Path::new("fixtures/check").to_path_buf()]);
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    loaded
}

fn config(unauthorized: AuthCounts) -> Config {
    let mut config: Config = toml::from_str("[params]\nid = \"7\"\n").unwrap();
    config.audit.unauthorized = unauthorized;
    config
}

fn deployment(name: &str, role: Role, url: &str) -> Deployment {
    Deployment { name: name.to_owned(), role, base_url: url.parse().unwrap(), headers: Vec::new(), mutable: false }
}

fn deployments() -> Vec<Deployment> {
    vec![deployment("v1", Role::V1, "http://v1.invalid/"), deployment("v3", Role::V3, "http://v3.invalid/app/")]
}

fn plan_of(loaded: &Loaded, config: &Config, partition: Option<Partition>) -> Plan {
    plan_on(loaded, config, partition, &deployments())
}

fn plan_on(loaded: &Loaded, config: &Config, partition: Option<Partition>, deployments: &[Deployment]) -> Plan {
    let policy = ProbePolicy::default();
    check::plan(&CheckSetup {
        loaded,
        config,
        deployments,
        policy: &policy,
        surface: None,
        partition,
        today: jiff::civil::date(2026, 11, 29),
        fail_on: Severity::Error,
        render: None,
    })
}

/// The made-up verdict of each route, as a deployment would answer.
fn verdict_for(route: &str) -> (Verdict, Option<u16>, Option<&'static str>) {
    match route {
        "/admin/payments/sessions" | "DELETE /v3-prod/api/nodes/{id}" => (Verdict::Missing, Some(404), None),
        "/v3-prod/allocations/{id}" => {
            (Verdict::Redirected, Some(200), Some("http://v3.invalid/app/v3-prod/workloads/7"))
        }
        "/v3-prod/platform/lifecycle/nodes/{id}" => (Verdict::SoftMissing, Some(200), None),
        "/v3-prod/platform/finance" => (Verdict::Unauthorized, Some(401), None),
        "/v3-prod/platform/ops" => (Verdict::Unreachable, None, None),
        "POST /v3-prod/api/nodes/{id}/probe" | "POST /api/v1/nodes/{id}/probe" => {
            (Verdict::EndpointPresent, Some(405), None)
        }
        _ => (Verdict::Present, Some(200), None),
    }
}

fn results(plan: &Plan) -> Vec<ProbeResult> {
    plan.probes
        .iter()
        .map(|probe| {
            let written = if probe.kind == ProbeKind::Endpoint {
                format!("{} {}", probe.method, probe.route)
            } else {
                probe.route.to_string()
            };
            let (verdict, status, final_url) = verdict_for(&written);
            let chain = if verdict == Verdict::Redirected {
                vec![Hop { url: probe.url.to_string(), status: 302 }]
            } else {
                vec![]
            };
            ProbeResult {
                deployment: probe.deployment.clone(),
                route: probe.route.clone(),
                surfaces: probe.surfaces.clone(),
                method: probe.method.clone(),
                url: probe.url.clone(),
                verdict,
                status,
                final_url: final_url.map(Into::into).or_else(|| status.map(|_| probe.url.clone())),
                redirect_chain: chain,
                sent: vec![probe.method.to_string()],
                attempts: 1,
                elapsed_ms: 3,
                detail: (verdict == Verdict::Unreachable).then(|| "connection refused".to_owned()),
                rendered: None,
            }
        })
        .collect()
}

pub struct Run {
    loaded: Loaded,
    outcome: check::CheckOutcome,
}

fn run(unauthorized: AuthCounts, known: Option<&Known>) -> Run {
    let loaded = fixture();
    let config = config(unauthorized);
    let plan = plan_of(&loaded, &config, None);
    let results = results(&plan);
    let mut findings = parity::check::audit::audit(&parity::check::audit::AuditInput {
        matrix: &loaded.matrix,
        sources: &loaded.sources,
        plan: &plan,
        results: &results,
        unauthorized: config.audit.unauthorized,
    });
    if let Some(known) = known {
        check::mark_known(&mut findings, known);
    }
    Run {
        outcome: check::CheckOutcome {
            plan,
            results,
            findings,
            waived: Vec::new(),
            rendered: Vec::new(),
            render_failure: None,
        },
        loaded,
    }
}

/// The check of the fixture, unauthorized pages counted as warnings.
pub fn fixture_run() -> Run {
    run(AuthCounts::Warning, None)
}

pub fn render(run: &Run, write: impl Fn(&mut Vec<u8>, &CheckReport<'_>) -> std::io::Result<()>) -> String {
    let report = CheckReport::new(&run.loaded.matrix, &run.outcome, Severity::Error);
    let mut out = Vec::new();
    write(&mut out, &report).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn the_plan_fills_parameters_deduplicates_and_records_what_it_cannot_fill() {
    let loaded = fixture();
    let plan = plan_of(&loaded, &config(AuthCounts::Warning), None);
    let urls: Vec<&str> = plan.probes.iter().map(|p| p.url.as_str()).collect();
    assert!(urls.contains(&"http://v3.invalid/app/v3-prod/workloads"), "{urls:?}");
    assert_eq!(urls.iter().filter(|u| u.ends_with("/v3-prod/workloads")).count(), 1, "shared targets are probed once");
    assert_eq!(plan.uses.iter().filter(|u| plan.probes[u.probe].url.ends_with("/v3-prod/workloads")).count(), 2);
    assert!(urls.iter().all(|u| !u.contains('{')), "no literal parameter is ever requested: {urls:?}");
    let allocation = plan.probes.iter().find(|p| p.route == "/v3-prod/allocations/{id}").unwrap();
    assert_eq!(allocation.resolves_to.as_deref(), Some("http://v3.invalid/app/v3-prod/workloads/7"));
    assert_eq!(plan.unfilled.len(), 1);
    assert_eq!(
        (plan.unfilled[0].route.as_str(), plan.unfilled[0].param.as_str()),
        ("/v3-prod/launch/app/{slug}", "slug")
    );
    let endpoint = plan.probes.iter().find(|p| p.kind == ProbeKind::Endpoint && p.method == "DELETE").unwrap();
    assert_eq!(endpoint.url, "http://v3.invalid/app/v3-prod/api/nodes/7");
}

#[test]
fn partitions_split_the_plan_without_overlap() {
    let loaded = fixture();
    let config = config(AuthCounts::Warning);
    let whole = plan_of(&loaded, &config, None).probes;
    let mut shares = Vec::new();
    for index in 1..=3 {
        shares.extend(plan_of(&loaded, &config, Some(Partition { index, count: 3 })).probes);
    }
    shares.sort();
    let mut whole_sorted = whole.clone();
    whole_sorted.sort();
    assert_eq!(shares, whole_sorted);
    assert_eq!(
        plan_of(&loaded, &config, Some(Partition { index: 2, count: 3 })).probes,
        plan_of(&loaded, &config, Some(Partition { index: 2, count: 3 })).probes
    );
    assert!("0/3".parse::<Partition>().is_err());
    assert!("4/3".parse::<Partition>().is_err());
}

#[test]
fn the_audit_turns_verdicts_into_located_findings() {
    let run = run(AuthCounts::Warning, None);
    let codes: Vec<(Code, Severity, &str)> =
        run.outcome.findings.iter().map(|f| (f.code, f.severity, f.surface.as_deref().unwrap_or_default())).collect();
    assert!(
        codes.contains(&(Code::RouteMissing, Severity::Warning, "finance")),
        "a missing V1 page is a warning: {codes:?}"
    );
    assert!(codes.contains(&(Code::RouteSoftMissing, Severity::Error, "node-detail")));
    assert!(codes.contains(&(Code::StatusOverclaim, Severity::Error, "node-detail")), "covered with a missing target");
    assert!(codes.contains(&(Code::EndpointMissing, Severity::Error, "node-detail")));
    assert!(codes.contains(&(Code::AuthRequired, Severity::Warning, "finance")));
    assert!(codes.contains(&(Code::ProbeError, Severity::Error, "finance")));
    assert!(codes.contains(&(Code::ParamMissing, Severity::Warning, "apps-catalog")));
    assert!(!codes.iter().any(|(c, ..)| *c == Code::RedirectMismatch), "a redirect to resolves_to is fine");
    let soft = run.outcome.findings.iter().find(|f| f.code == Code::RouteSoftMissing).unwrap();
    let location = soft.location.as_ref().unwrap();
    assert_eq!((location.path.to_str().unwrap(), location.line), ("fixtures/check/10-surfaces.yaml", 30));
}

#[test]
fn unauthorized_counts_as_configured() {
    let auth = |counts| {
        run(counts, None).outcome.findings.into_iter().find(|f| f.code == Code::AuthRequired).map(|f| f.severity)
    };
    assert_eq!(auth(AuthCounts::Present), None);
    assert_eq!(auth(AuthCounts::Note), Some(Severity::Note));
    assert_eq!(auth(AuthCounts::Error), Some(Severity::Error));
}

#[test]
fn a_baseline_keeps_known_findings_from_failing_the_run() {
    let first = run(AuthCounts::Warning, None);
    let report = render(&first, |out, report| json::write(out, report));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("baseline.json");
    std::fs::write(&path, report).unwrap();
    let known = check::read_known(&path).unwrap();
    let second = run(AuthCounts::Warning, Some(&known));
    assert!(second.outcome.findings.iter().all(|f| f.in_baseline));
    assert!(!second.outcome.findings.iter().any(|f| f.fails(Severity::Note)));
    let stricter = run(AuthCounts::Error, Some(&known));
    assert!(stricter.outcome.findings.iter().all(|f| f.in_baseline), "the key ignores severity");
}

#[test]
fn every_report_format_matches_its_snapshot() {
    let run = run(AuthCounts::Warning, None);
    insta::assert_snapshot!("check_table", render(&run, |out, report| table::write(out, report, 120, false)));
    insta::assert_snapshot!("check_json", render(&run, |out, report| json::write(out, report)));
    insta::assert_snapshot!("check_junit", render(&run, |out, report| junit::write(out, report)));
    insta::assert_snapshot!("check_github", render(&run, |out, report| github::write(out, report)));
    insta::assert_snapshot!("check_markdown", render(&run, |out, report| markdown::write(out, report)));
}

/// The table's columns are the deployments as the configuration lists them
/// (`Config::deployments`), V1 before V3: not by name, not by plan order.
#[test]
fn the_table_has_a_column_per_deployment_in_the_configured_order_v1_first() {
    let loaded = fixture();
    let deployments = [
        deployment("v3", Role::V3, "http://v3.invalid/app/"),
        deployment("v1", Role::V1, "http://v1.invalid/"),
        deployment("beta", Role::V3, "http://beta.invalid/"),
    ];
    let plan = plan_on(&loaded, &config(AuthCounts::Warning), None, &deployments);
    let results = results(&plan);
    let outcome = check::CheckOutcome {
        plan,
        results,
        findings: Vec::new(),
        waived: Vec::new(),
        rendered: Vec::new(),
        render_failure: None,
    };
    let mut out = Vec::new();
    table::write(&mut out, &CheckReport::new(&loaded.matrix, &outcome, Severity::Error), 160, false).unwrap();
    let out = String::from_utf8(out).unwrap();
    let headings: Vec<&str> = out.lines().next().unwrap().split_whitespace().collect();
    assert_eq!(headings, ["surface", "route", "v1", "v3", "beta"], "{out}");
    let summary: Vec<&str> = out.lines().filter_map(|line| line.split_once("  ").map(|(name, _)| name)).collect();
    assert!(summary.ends_with(&["v1", "v3", "beta"]), "the summary follows the columns: {out}");
}

#[test]
fn live_matrix_waivers_set_check_findings_aside() {
    let mut run = run(AuthCounts::Warning, None);
    let waivers = "waivers:\n  - {code: route-missing, surface: finance, reason: the V1 page was retired, expires: 2099-01-01}\n  \
                   - {code: route-missing, surface: finance, reason: an older acceptance, expires: 2020-01-01}\n";
    run.loaded.add_text(Path::new("fixtures/check/90-waivers.yaml"), waivers);
    let before = run.outcome.findings.len();
    let finance_missing = |f: &&Finding| f.code == Code::RouteMissing && f.surface.as_deref() == Some("finance");
    let expected = run.outcome.findings.iter().filter(finance_missing).count();
    assert!(expected > 0, "the fixture has a route-missing finding on finance");
    let today = jiff::civil::date(2026, 11, 29);
    let (kept, waived) = matrix::waive_check_findings(&run.loaded.matrix, run.outcome.findings, today);
    assert_eq!(waived.len(), expected);
    assert!(waived.iter().all(|f| finance_missing(&f)));
    assert_eq!(kept.len() + waived.len(), before);
    // Once the live waiver has expired, nothing is set aside.
    let (kept_later, waived_later) = matrix::waive_check_findings(&run.loaded.matrix, kept.clone(), today);
    assert!(waived_later.is_empty() && kept_later == kept);
    let after_expiry = jiff::civil::date(2099, 1, 2);
    let (all, none) = matrix::waive_check_findings(&run.loaded.matrix, waived, after_expiry);
    assert_eq!((all.len(), none.len()), (expected, 0));
}

#[test]
fn junit_fails_whenever_the_run_does() {
    let run = run(AuthCounts::Warning, None);
    // Strict: warnings fail too, including `param-missing` of a route that was never requested.
    let report = CheckReport::new(&run.loaded.matrix, &run.outcome, Severity::Warning);
    let mut out = Vec::new();
    junit::write(&mut out, &report).unwrap();
    let xml = String::from_utf8(out).unwrap();
    let failing: Vec<_> = run.outcome.findings.iter().filter(|f| f.fails(Severity::Warning)).collect();
    assert!(failing.iter().any(|f| f.code.as_str() == "param-missing"), "the fixture has no unfilled route");
    for finding in failing {
        let escaped = finding.message.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
        assert!(xml.contains(&format!("{}: {escaped}", finding.code)), "not in the JUnit XML: {finding:?}\n{xml}");
    }
}

/// Every place the plan reads a route or endpoint, each malformed: a V1
/// route written as an endpoint, a target's `resolves_to`, a target, an
/// action's V1 endpoint with an unknown method, a landing endpoint without
/// its `/`.
const MALFORMED: &str = "surfaces:\n  - id: broken\n    v1: [/nodes, \"GET /nodes/list\"]\n    v3:\n      \
                         - route: /v3/nodes\n        resolves_to: v3/home\n      - route: \"v3/nodes/{id\"\n      \
                         - route: /v3/nodes/{id}\n    status: partial\n    actions:\n      - verb: drain\n        \
                         intent: maintenance\n        v1: FETCH /nodes/{id}/drain\n        landing:\n          \
                         pattern: resource-operations-panel\n          v3: POST v3/nodes/{id}/drain\n          \
                         progress: [task]\n";

fn malformed_matrix() -> Loaded {
    let mut loaded = Loaded::default();
    let document = std::fs::read_to_string("fixtures/check/00-document.yaml").unwrap();
    loaded.add_text(Path::new("00-document.yaml"), &document);
    loaded.add_text(Path::new("10-surfaces.yaml"), MALFORMED);
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    loaded
}

#[test]
fn the_plan_says_why_it_leaves_out_each_route_it_cannot_read() {
    let loaded = malformed_matrix();
    let plan = plan_of(&loaded, &config(AuthCounts::Warning), None);
    let left_out: Vec<(&str, &str, &str)> =
        plan.malformed.iter().map(|m| (m.what.as_str(), m.unprobed.as_str(), m.text.as_str())).collect();
    assert_eq!(
        left_out,
        [
            ("route", "GET /nodes/list", "GET /nodes/list"),
            ("resolves_to", "/v3/nodes", "v3/home"),
            ("route", "v3/nodes/{id", "v3/nodes/{id"),
            ("endpoint", "FETCH /nodes/{id}/drain", "FETCH /nodes/{id}/drain"),
            ("endpoint", "POST v3/nodes/{id}/drain", "POST v3/nodes/{id}/drain"),
        ]
    );
    // What can be read is probed: nothing else is left out, nothing malformed is requested.
    let routes: Vec<&str> = plan.probes.iter().map(|p| p.route.as_str()).collect();
    assert_eq!(routes, ["/nodes", "/v3/nodes/{id}"]);
    assert!(plan.unfilled.is_empty());
    // Every share owns the malformed routes of its own surfaces, once.
    let shares: usize = (1..=2)
        .map(|index| plan_of(&loaded, &config(AuthCounts::Warning), Some(Partition { index, count: 2 })))
        .map(|p| p.malformed.len())
        .sum();
    assert_eq!(shares, 5);
}

#[test]
fn a_check_reports_each_malformed_route_once_at_the_place_validation_does() {
    let loaded = malformed_matrix();
    let config = config(AuthCounts::Warning);
    // No deployment: nothing is sent, and the matrix still has to be read whole.
    let policy = ProbePolicy::default();
    let setup = CheckSetup {
        loaded: &loaded,
        config: &config,
        deployments: &[],
        policy: &policy,
        surface: None,
        partition: None,
        today: jiff::civil::date(2026, 11, 29),
        fail_on: Severity::Error,
        render: None,
    };
    let outcome = check::run(&setup, check::plan(&setup), &parity::probe::Quiet);
    let checked: Vec<(String, String)> = outcome
        .findings
        .iter()
        .filter(|f| f.code == Code::RouteMalformed)
        .map(|f| (f.location.as_ref().unwrap().to_string(), f.message.clone()))
        .collect();
    let validated: Vec<String> = matrix::validate(&loaded.matrix, &loaded.sources, setup.today)
        .findings
        .iter()
        .filter(|f| f.code == Code::RouteMalformed)
        .map(|f| f.location.as_ref().unwrap().to_string())
        .collect();
    assert_eq!(checked.iter().map(|(at, _)| at.clone()).collect::<Vec<_>>(), validated);
    assert_eq!(
        checked[1],
        (
            "10-surfaces.yaml:6:22".to_owned(),
            "`/v3/nodes` was not probed: its `resolves_to` `v3/home` is not a valid route".to_owned()
        )
    );
    assert!(checked.iter().all(|(_, message)| message.contains("was not probed")), "{checked:?}");
    assert!(outcome.findings.iter().all(|f| f.code == Code::RouteMalformed), "{:?}", outcome.findings);
}
