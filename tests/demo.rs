//! The main job: `parity demo` checks simulated deployments started on
//! loopback, and every verdict shows.

use std::collections::BTreeSet;

use regex::Regex;
use serde_json::Value;

use crate::support::{Run, parity, parity_with_env, root};

/// The demo's HTTP verdicts: `--no-render` keeps the single-page preview
/// `indeterminate` whether or not a browser is installed.
fn demo_report() -> Value {
    let run = parity(&root(), &["demo", "--no-render", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).expect("the demo writes a JSON report")
}

/// `parity demo` with `args` at `columns` columns, HTTP verdicts only.
fn demo_in_columns(args: &[&str], columns: u16) -> Run {
    let args: Vec<&str> = ["demo", "--no-render"].into_iter().chain(args.iter().copied()).collect();
    parity_with_env(&root(), &args, columns, &[])
}

fn probe<'a>(report: &'a Value, deployment: &str, route: &str) -> &'a Value {
    report["probes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["deployment"] == deployment && p["route"] == route)
        .unwrap_or_else(|| panic!("no probe of {route} on {deployment}"))
}

#[test]
fn with_a_browser_the_demo_renders_the_single_page_preview() {
    let env = |name| std::env::var_os(name);
    let found = parity::render::discover(None, env("PARITY_BROWSER").as_deref(), env("PATH").as_deref());
    if let Err(why) = found.into_result() {
        eprintln!("skipped: no browser for the rendered demo ({why})");
        return;
    }
    let run = parity(&root(), &["demo", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("note:"), "a browser was found: {}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).expect("the demo writes a JSON report");
    // Its routes: the endpoints are probed over HTTP as elsewhere.
    let preview: Vec<&Value> = report["probes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["deployment"] == "v3-preview" && p["method"] == "GET")
        .collect();
    assert!(preview.len() >= 20, "{}", preview.len());
    for probe in &preview {
        assert_ne!(probe["verdict"], "indeterminate", "{probe}");
        assert!(probe["rendered"]["final_url"].is_string(), "{probe}");
    }
    let verdict = |route| probe(&report, "v3-preview", route)["verdict"].as_str().unwrap().to_owned();
    assert_eq!(verdict("/v3-prod/workloads"), "present");
    assert_eq!(verdict("/v3-prod/apps/instances/{id}"), "present");
    assert_eq!(verdict("/v3-prod/apps/artifacts"), "soft-missing", "the router's not-found view");
    assert_eq!(verdict("/v3-prod/platform/finance"), "unauthorized", "the router sent it to /login");
    let finance = &probe(&report, "v3-preview", "/v3-prod/platform/finance")["rendered"]["final_url"];
    assert!(finance.as_str().unwrap().contains("/login?next="), "{finance}");
    // What the preview's pages leave out (fixtures/demo/site.yaml) and nothing else.
    let findings = report["findings"].as_array().unwrap();
    let mut visibility: Vec<(&str, &str)> = findings
        .iter()
        .filter(|f| f["code"] == "action-not-visible" || f["code"] == "evidence-not-visible")
        .map(|f| (f["code"].as_str().unwrap(), f["surface"].as_str().unwrap()))
        .collect();
    visibility.sort_unstable();
    assert_eq!(
        visibility,
        [("action-not-visible", "app-instance-detail"), ("evidence-not-visible", "app-instance-detail")],
        "{findings:#?}"
    );
    let hidden = findings.iter().find(|f| f["code"] == "action-not-visible").unwrap();
    assert!(hidden["message"].as_str().unwrap().contains("`rollback`"), "{hidden}");
    // The HTTP deployments are not rendered.
    assert!(probe(&report, "v3", "/v3-prod/workloads").get("rendered").is_none());
}

#[test]
fn without_a_browser_the_demo_keeps_http_verdicts_with_one_note() {
    let empty = tempfile::tempdir().unwrap();
    let path = empty.path().to_str().unwrap();
    let run = parity_with_env(&root(), &["demo", "--format", "json"], 120, &[("PATH", path), ("PARITY_BROWSER", "")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr.matches("note:").count(), 1, "{}", run.stderr);
    assert!(run.stderr.contains("keeps its HTTP verdicts") && run.stderr.contains("apt-get install -y chromium"));
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(verdict_of(&report, "v3-preview", "/v3-prod/workloads"), "indeterminate");
}

fn verdict_of<'a>(report: &'a Value, deployment: &str, route: &str) -> &'a str {
    probe(report, deployment, route)["verdict"].as_str().unwrap()
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
    let run = demo_in_columns(&[], 120);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("surface"), "{}", run.stdout);
    assert!(run.stdout.contains("probes. Findings:"), "{}", run.stdout);
    // The single-page-app preview is one line, not one per probe; JSON keeps each.
    let entries = findings(&run.stdout);
    let grouped: Vec<&String> = entries.iter().filter(|e| e.starts_with("warning[probe-indeterminate]")).collect();
    let alike = |f: &&Value| f["code"] == "probe-indeterminate" && f["label"] == parity::check::audit::ALIKE_LABEL;
    let each = demo_report()["findings"].as_array().unwrap().iter().filter(alike).count();
    assert_eq!(
        grouped,
        [&format!(
            "warning[probe-indeterminate] {each} probes on v3-preview cannot be told apart from a missing page: the \
             deployment answers every path alike (the first at fixtures/demo/matrix/demo-endpoints.yaml:9:16); \
             `--format json` lists each"
        )]
    );
    assert!(each >= 4, "{each}");
    // The DELETE endpoint sent OPTIONS only is indeterminate for a cause of
    // its own, a warning the grid shows (`? indeterminate`): counted, not listed.
    let repeated = entries.iter().find(|e| e.contains("repeat the grid")).expect("a line for the repeated findings");
    assert!(repeated.contains("1 probe-indeterminate"), "{repeated}");
}

/// The demo's table at `columns` columns, without colour.
fn demo_table(columns: u16) -> String {
    let run = demo_in_columns(&[], columns);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout
}

/// The grid of a check table: its lines up to the first blank one, after
/// the headings and their rule.
fn grid(table: &str) -> Vec<&str> {
    table.lines().skip(2).take_while(|line| !line.is_empty()).collect()
}

/// The findings under the grid, each with its wrapped lines joined.
fn findings(table: &str) -> Vec<String> {
    let section = table.lines().skip_while(|line| !line.is_empty()).skip(1).take_while(|line| !line.is_empty());
    let mut entries: Vec<String> = Vec::new();
    for line in section {
        match (line.strip_prefix("  "), entries.last_mut()) {
            (Some(rest), Some(entry)) => *entry = format!("{entry} {rest}"),
            _ => entries.push(line.to_owned()),
        }
    }
    entries
}

/// Every route and endpoint of the demo as the table writes it:
/// `/v3-prod/apps`, `POST /api/v1/nodes/{id}/probe`.
fn demo_routes() -> BTreeSet<String> {
    let report = demo_report();
    let probes = report["probes"].as_array().unwrap().iter();
    let written = |p: &Value| match (p["method"].as_str().unwrap(), p["route"].as_str().unwrap()) {
        ("GET", route) => route.to_owned(),
        (method, route) => format!("{method} {route}"),
    };
    probes.map(written).collect()
}

/// A verdict cell: two blanks, a symbol, a word.
fn verdict_cell() -> Regex {
    Regex::new(r"  [+x~>#!?] [a-z]").unwrap()
}

/// The routes of a grid, each put back together from its wrapped lines;
/// panics when a line continues a route that did not end at a `/`.
fn routes_of(grid: &[&str]) -> Vec<String> {
    let cell = verdict_cell();
    let mut routes: Vec<String> = Vec::new();
    for line in grid {
        let label = cell.find(line).map_or(*line, |m| &line[..m.start()]);
        // A line that starts with its surface's id: the route follows it.
        let text =
            if line.starts_with(' ') { label.trim() } else { label.split_once("  ").map_or("", |(_, r)| r.trim()) };
        if text.is_empty() {
            continue;
        }
        let continues = line.starts_with(' ') && !cell.is_match(line);
        match routes.last_mut() {
            Some(route) if continues => {
                assert!(route.ends_with('/'), "`{text}` continues `{route}` inside a segment:\n{}", grid.join("\n"));
                route.push_str(text);
            }
            _ => routes.push(text.to_owned()),
        }
    }
    routes
}

#[test]
fn at_60_columns_a_route_wraps_after_a_slash_never_inside_a_segment() {
    let table = demo_table(60);
    let grid = grid(&table);
    let known = demo_routes();
    let routes = routes_of(&grid);
    for route in &routes {
        assert!(known.contains(route), "`{route}` is not a route of the demo, so it was cut:\n{table}");
    }
    let wrapped = grid.iter().filter(|line| line.starts_with("    ") && !verdict_cell().is_match(line)).count();
    assert!(wrapped > 0, "nothing wrapped at 60 columns, so this test shows nothing:\n{table}");
    assert!(!table.contains("..."), "no segment of the demo is wider than the column:\n{table}");
}

#[test]
fn without_colour_a_verdict_that_is_not_present_still_has_its_symbol() {
    let plain = demo_in_columns(&[], 120).stdout;
    assert!(!plain.contains('\x1b'), "NO_COLOR is set: {plain}");
    let grid = grid(&plain).join("\n");
    for cell in
        ["x missing", "~ soft-missing", "> redirected", "# unauthorized", "! error", "! unreachable", "? indeterminate"]
    {
        assert!(grid.contains(&format!("  {cell}")), "no `{cell}` in\n{grid}");
    }
    // `--color always` wins over NO_COLOR; the colour only repeats the symbol.
    let coloured = demo_in_columns(&["--color", "always"], 120).stdout;
    assert!(coloured.contains("\x1b[1;31mx missing\x1b[0m"), "{coloured}");
    assert!(coloured.contains("\x1b[33m? indeterminate\x1b[0m"), "{coloured}");
}

/// The most lines the demo's table may take at 80 columns: about two
/// screens, as issue 11 asks. Today it takes 99: two lines of headings, a
/// line per route (63), 6 surface ids too long to share their first route's
/// line, 1 wrapped route, 20 lines of findings, 5 of summary and 2 blank.
/// The slack covers findings whose texts wrap differently from run to run
/// (the ports in their URLs). The table before issue 11 took 347. A matrix
/// that grows past this makes the demo longer than two screens: look at the
/// layout again, or raise this on purpose. With a browser the single-page
/// preview is rendered and its table takes 107 (raised on purpose for issue
/// 13): the grouped `indeterminate` line gives way to a soft-missing route
/// and the two visibility warnings the render shows.
const DEMO_LINES_AT_80_COLUMNS: usize = 110;

#[test]
fn the_demo_table_fits_about_two_screens_at_80_columns() {
    let http = demo_table(80);
    let rendered = parity_with_env(&root(), &["demo"], 80, &[]).stdout;
    for table in [http, rendered] {
        let lines = table.lines().count();
        assert!(lines <= DEMO_LINES_AT_80_COLUMNS, "{lines} lines at 80 columns:\n{table}");
        for line in grid(&table) {
            assert!(line.chars().count() <= 80, "wider than 80 columns: `{line}`");
        }
    }
}
