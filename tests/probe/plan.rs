//! The plan: which requests a matrix turns into, and what each carries.

use std::path::Path;

use parity::probe::ProbePolicy;

use super::deployment;

/// The check fixture's document with `surfaces` as its only surfaces file.
pub fn matrix(surfaces: &str) -> parity::matrix::Loaded {
    let mut loaded = parity::matrix::Loaded::default();
    let document = std::fs::read_to_string("fixtures/check/00-document.yaml").expect("fixture");
    loaded.add_text(Path::new("00-document.yaml"), &document);
    loaded.add_text(Path::new("10-surfaces.yaml"), surfaces);
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    loaded
}

pub fn setup<'a>(
    loaded: &'a parity::matrix::Loaded,
    config: &'a parity::config::Config,
    deployments: &'a [parity::probe::Deployment],
    policy: &'a ProbePolicy,
    partition: Option<parity::check::plan::Partition>,
) -> parity::check::CheckSetup<'a> {
    parity::check::CheckSetup {
        loaded,
        config,
        deployments,
        policy,
        surface: None,
        partition,
        today: jiff::civil::date(2026, 1, 1),
        fail_on: parity::Severity::Error,
        render: None,
    }
}

/// The planned probes of `surfaces` on one V3 deployment at `base`.
fn planned(surfaces: &str, base: &str) -> Vec<parity::probe::PlannedProbe> {
    let loaded = matrix(surfaces);
    let config = parity::config::Config::default();
    let deployments = [deployment("v3", base)];
    let policy = ProbePolicy::default();
    parity::check::plan(&setup(&loaded, &config, &deployments, &policy, None)).probes
}

/// Two surfaces that shared a V3 target route were planned once, and the
/// first surface's `marker` / `resolves_to` silently won: surface `b`'s marker
/// was dropped (on a single-page app: `indeterminate` instead of `present`).
#[test]
fn a_shared_route_is_a_probe_per_distinct_marker_and_resolves_to() {
    let probes = planned(
        "surfaces:\n  - id: a\n    v1: [/a]\n    v3:\n      - route: /v3/x\n    status: mostly-covered\n\
         \x20 - id: b\n    v1: [/b]\n    v3:\n      - route: /v3/x\n        marker: data-page=\"x\"\n    status: mostly-covered\n\
         \x20 - id: c\n    v1: [/c]\n    v3:\n      - route: /v3/x\n        resolves_to: /v3/y\n    status: mostly-covered\n\
         \x20 - id: d\n    v1: [/d]\n    v3:\n      - route: /v3/x\n        marker: data-page=\"x\"\n    status: mostly-covered\n",
        "http://v3.invalid/",
    );
    let seen: Vec<(Option<&str>, Option<&str>, Vec<&str>)> = probes
        .iter()
        .map(|p| (p.marker.as_deref(), p.resolves_to.as_deref(), p.surfaces.iter().map(String::as_str).collect()))
        .collect();
    assert_eq!(
        seen,
        [
            (None, None, vec!["a"]),
            (None, Some("http://v3.invalid/v3/y"), vec!["c"]),
            (Some("data-page=\"x\""), None, vec!["b", "d"]),
        ]
    );
}

#[test]
fn destructive_and_recovery_endpoints_are_planned_options_only_the_strictest_intent_wins() {
    let probes = planned(
        "surfaces:\n  - id: a\n    v1: [/a]\n    v3:\n      - route: /v3/a\n    status: partial\n    progress: [task]\n    actions:\n\
         \x20     - {verb: probe, intent: maintenance, landing: {pattern: resource-operations-panel, v3: POST /v3/api/probe}}\n\
         \x20     - {verb: rerun, intent: recovery, landing: {pattern: resource-operations-panel, v3: POST /v3/api/rerun}}\n\
         \x20     - {verb: delete, intent: destructive, landing: {pattern: resource-operations-panel, v3: GET /v3/api/delete}}\n\
         \x20     - {verb: create, intent: setup, landing: {pattern: resource-operations-panel, v3: POST /v3/api/act}}\n\
         \x20     - {verb: release, intent: destructive, landing: {pattern: resource-operations-panel, v3: POST /v3/api/act}}\n\
         \x20     - {verb: edit, intent: update, landing: {pattern: resource-operations-panel, v3: POST /v3/api/act}}\n\
         \x20     - {verb: decommission, intent: destructive, landing: {pattern: resource-operations-panel, v3: /v3/a}}\n",
        "http://v3.invalid/",
    );
    let options_only: Vec<(&str, bool)> =
        probes.iter().map(|probe| (probe.url.trim_start_matches("http://v3.invalid"), probe.options_only)).collect();
    assert_eq!(
        options_only,
        [
            ("/v3/a", false),
            ("/v3/api/act", true),
            ("/v3/api/delete", true),
            ("/v3/api/probe", false),
            ("/v3/api/rerun", true),
        ],
        "a page stays a page; an endpoint shared by setup, destructive and update actions is options-only"
    );
}

/// The root route `/` on a deployment with a base path keeps the base's
/// trailing slash: `http://h/app/` + `/` must be `http://h/app/`, not
/// `http://h/app` (which most servers redirect, giving a redirect-mismatch).
#[test]
fn the_root_route_keeps_the_base_paths_trailing_slash() {
    let home = "surfaces:\n  - id: home\n    v1: [/]\n    v3:\n      - route: /\n      - route: /home\n    status: mostly-covered\n";
    for (base, urls) in [
        ("http://v3.invalid/app/", ["http://v3.invalid/app/", "http://v3.invalid/app/home"]),
        ("http://v3.invalid/app", ["http://v3.invalid/app", "http://v3.invalid/app/home"]),
        ("http://v3.invalid", ["http://v3.invalid/", "http://v3.invalid/home"]),
    ] {
        let probes = planned(home, base);
        let planned: Vec<&str> = probes.iter().map(|p| p.url.as_str()).collect();
        assert_eq!(planned, urls, "on {base}");
    }
}

/// The routes no not-found sample may match: every route of the whole
/// matrix on the deployment (targets, `resolves_to`, endpoints, unfilled
/// routes), whatever share of the plan a run probes.
#[test]
fn the_plan_knows_every_route_of_the_matrix_on_each_deployment() {
    let surfaces = "surfaces:\n  - id: a\n    v1: [/old/a]\n    v3:\n      - route: /v3/a/{id}\n        resolves_to: /v3/home\n\
                    \x20     - route: /v3/launch/{slug}\n    status: partial\n    progress: [task]\n    actions:\n\
                    \x20     - {verb: create, intent: setup, v1: POST /api/a, landing: {pattern: resource-operations-panel, v3: POST /v3/api/a}}\n\
                    \x20 - id: b\n    v1: [/old/b]\n    v3:\n      - route: /v3/b\n    status: mostly-covered\n";
    let loaded = matrix(surfaces);
    let config: parity::config::Config = toml::from_str("[params]\nid = \"7\"\n").expect("a config");
    let deployments = [deployment("v3", "http://v3.invalid/")];
    let policy = ProbePolicy::default();
    for partition in [None, Some("2/2".parse().expect("K/N"))] {
        let plan = parity::check::plan(&setup(&loaded, &config, &deployments, &policy, partition));
        let mut shapes: Vec<String> = plan.routes.of("v3").iter().map(parity::route::RoutePattern::shape).collect();
        shapes.sort();
        assert_eq!(shapes, ["/v3/a/{}", "/v3/api/a", "/v3/b", "/v3/home", "/v3/launch/{}"], "{partition:?}");
        assert!(plan.routes.of("v1").is_empty(), "no V1 deployment here");
    }
}
