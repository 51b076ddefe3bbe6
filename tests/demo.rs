//! The main job: `parity demo` checks simulated deployments started on
//! loopback, and every verdict shows.

use serde_json::Value;

use crate::support::{parity, root};

fn demo_report() -> Value {
    let run = parity(&root(), &["demo", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).expect("the demo writes a JSON report")
}

fn verdict_of<'a>(report: &'a Value, deployment: &str, route: &str) -> &'a str {
    report["probes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["deployment"] == deployment && p["route"] == route)
        .unwrap_or_else(|| panic!("no probe of {route} on {deployment}"))["verdict"]
        .as_str()
        .unwrap()
}

#[test]
fn the_demo_shows_every_verdict_where_the_site_says() {
    let report = demo_report();
    for verdict in parity::probe::Verdict::ALL {
        let seen = report["probes"].as_array().unwrap().iter().any(|p| p["verdict"] == verdict.as_str());
        assert!(seen, "the demo never shows `{verdict}`");
    }
    assert_eq!(verdict_of(&report, "v1", "/allocations"), "present");
    assert_eq!(verdict_of(&report, "v1", "/admin/telemetry"), "missing");
    assert_eq!(verdict_of(&report, "v3", "/v3-prod/platform/iam/users/{id}"), "soft-missing");
    assert_eq!(verdict_of(&report, "v3", "/v3-prod/allocations/{id}"), "redirected");
    assert_eq!(verdict_of(&report, "v3", "/v3-prod/platform/finance"), "unauthorized");
    assert_eq!(verdict_of(&report, "v3", "/v3-prod/platform/iam"), "unauthorized");
    assert_eq!(verdict_of(&report, "v3", "/v3-prod/platform/evidence"), "error");
    assert_eq!(verdict_of(&report, "v3", "/v3-prod/platform/overview"), "unreachable");
    assert_eq!(verdict_of(&report, "v3", "/v3-prod/api/nodes/{id}/probe"), "endpoint-present");
    assert_eq!(verdict_of(&report, "v1", "/api/v1/nodes/{id}"), "endpoint-present");
    assert_eq!(verdict_of(&report, "v3", "/v3-prod/api/nodes/{id}"), "missing");
    assert_eq!(verdict_of(&report, "v3-preview", "/v3-prod/workloads"), "indeterminate");
}

#[test]
fn the_demo_never_sends_a_mutating_method() {
    let report = demo_report();
    for probe in report["probes"].as_array().unwrap() {
        for method in probe["sent"].as_array().unwrap() {
            let method = method.as_str().unwrap();
            assert!(matches!(method, "GET" | "HEAD" | "OPTIONS"), "sent {method} to {}", probe["url"]);
        }
    }
}

#[test]
fn the_demo_reports_findings_at_matrix_lines() {
    let report = demo_report();
    let findings = report["findings"].as_array().unwrap();
    let mismatch = findings.iter().find(|f| f["code"] == "redirect-mismatch").expect("a redirect mismatch");
    assert_eq!(mismatch["surface"], "app-instance-detail");
    assert!(mismatch["location"]["path"].as_str().unwrap().starts_with("parity/"), "{mismatch}");
    let soft = findings.iter().find(|f| f["code"] == "route-soft-missing").expect("a soft-missing target");
    assert_eq!((soft["surface"].as_str(), soft["severity"].as_str()), (Some("user-detail"), Some("error")));
    assert!(soft["location"]["line"].as_u64().is_some_and(|line| line > 0), "{soft}");
}

#[test]
fn the_demo_table_is_the_default() {
    let run = parity(&root(), &["demo"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("│ Surface"), "{}", run.stdout);
    assert!(run.stdout.contains("probes:"), "{}", run.stdout);
    // The single-page-app preview is one line, not one per probe; JSON keeps each.
    let grouped: Vec<&str> = run.stdout.lines().filter(|l| l.starts_with("warning[probe-indeterminate]")).collect();
    // Endpoints sent OPTIONS only are indeterminate for a cause of their own: a line each.
    let alike = |f: &&Value| f["code"] == "probe-indeterminate" && f["label"] == parity::check::audit::ALIKE_LABEL;
    let each = demo_report()["findings"].as_array().unwrap().iter().filter(alike).count();
    assert_eq!(
        grouped[0],
        format!(
            "warning[probe-indeterminate] {each} probes on v3-preview cannot be told apart from a missing page: the \
             deployment answers every path alike (the first at fixtures/demo/matrix/demo-endpoints.yaml:9:16); \
             `--format json` lists each"
        )
    );
    assert_eq!(grouped.len(), 2, "{grouped:#?}");
    assert!(grouped[1].contains("`DELETE /v3-prod/api/nodes/{id}` on v3-preview was not confirmed"), "{grouped:#?}");
    assert!(each >= 4, "{each}");
}
