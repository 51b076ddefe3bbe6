//! Every renderer on a small matrix that exercises each feature:
//! resolves-to targets, target notes, scoped and combined statuses, an
//! overclaim and pending work.

use serde_json::Value;

use crate::support::{parity, root};

fn render(args: &[&str]) -> String {
    let run = parity(&root().join("fixtures/render"), args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout
}

#[test]
fn status_table() {
    insta::assert_snapshot!(render(&["status", "."]));
}

#[test]
fn status_markdown() {
    insta::assert_snapshot!(render(&["status", ".", "--format", "markdown"]));
}

#[test]
fn status_json() {
    insta::assert_snapshot!(render(&["status", ".", "--format", "json"]));
}

#[test]
fn audit_document() {
    insta::assert_snapshot!(render(&["doc", "."]));
}

fn surface_ids(args: &[&str]) -> Vec<String> {
    let mut all = vec!["status", ".", "--format", "json"];
    all.extend(args);
    let report: Value = serde_json::from_str(&render(&all)).expect("status JSON parses");
    assert_eq!(report["version"], 1);
    report["surfaces"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn status_filters_narrow_the_rows() {
    assert_eq!(surface_ids(&[]).len(), 4);
    assert_eq!(surface_ids(&["--status", "covered"]), ["admin-nodes"]);
    assert_eq!(surface_ids(&["--status", "partial", "--status", "covered"]), ["admin-nodes", "telemetry"]);
    assert_eq!(surface_ids(&["--intent", "destructive"]), ["admin-nodes"]);
    assert_eq!(surface_ids(&["--surface", "/admin/*"]), ["admin-nodes", "telemetry", "overview-ops"]);
    assert_eq!(surface_ids(&["--surface", "allocation-*"]), ["allocation-detail"]);
    assert!(surface_ids(&["--surface", "/nowhere/*"]).is_empty());
}

#[test]
fn the_table_wraps_to_the_terminal_width() {
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_parity"))
        .args(["status", "."])
        .current_dir(root().join("fixtures/render"))
        .env("COLUMNS", "100")
        .output()
        .unwrap();
    let table = String::from_utf8(run.stdout).unwrap();
    let widest = table.lines().filter(|l| l.starts_with(['│', '┌', '└', '╞'])).map(|l| l.chars().count()).max();
    assert_eq!(widest, Some(100), "{table}");
}

#[test]
fn doc_check_reports_a_stale_document_with_a_diff() {
    let dir = tempfile::tempdir().unwrap();
    let stale = dir.path().join("audit.md");
    let fresh = render(&["doc", "."]);
    std::fs::write(&stale, fresh.replace("mostly covered", "covered")).unwrap();
    let run = parity(&root().join("fixtures/render"), &["doc", ".", "--check", stale.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("-| `/allocations/{id}` | `/v3-prod/allocations/{id}` → `/v3-prod/workloads/{id}` | covered |"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("is stale"), "{}", run.stdout);
    std::fs::write(&stale, fresh).unwrap();
    let run = parity(&root().join("fixtures/render"), &["doc", ".", "--check", stale.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn doc_out_writes_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("audit.md");
    let run = parity(&root().join("fixtures/render"), &["doc", ".", "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(out).unwrap(), render(&["doc", "."]));
}
