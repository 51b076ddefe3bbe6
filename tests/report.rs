//! `parity report`: the page's data for the project's own matrix (snapshot),
//! the command's output (one self-contained, deterministic file), and the
//! page itself in headless Chromium (`browser`).

use std::path::{Path, PathBuf};

use parity::diff::read_report;
use parity::report::html::{self, NamedReport, Page, PageInputs};

use crate::support::{parity, root};

/// The day the snapshot judges waivers on, so it does not age.
const TODAY: &str = "2026-12-01";

fn shards() -> Vec<NamedReport> {
    ["shard-1.json", "shard-2.json"]
        .iter()
        .map(|name| {
            let path = Path::new("fixtures/report").join(name);
            NamedReport { name: path.display().to_string(), report: read_report(&path).unwrap() }
        })
        .collect()
}

/// The page of the project's matrix with both fixture shards, built from
/// paths relative to the repository root (where cargo runs tests), as
/// `parity report` run there would.
pub fn own_page() -> Page {
    let loaded = parity::matrix::load(&[PathBuf::from("parity")]);
    assert!(loaded.problems.is_empty());
    html::build(PageInputs {
        loaded: &loaded,
        today: TODAY.parse().unwrap(),
        checks: shards(),
        since: None,
        link: None,
        screenshots: std::collections::BTreeMap::new(),
    })
}

#[test]
fn the_page_data_of_the_own_matrix_matches_its_snapshot() {
    let page = own_page();
    // The explanations are the docs/codes pages, checked by their own tests.
    let mut value = serde_json::to_value(&page).unwrap();
    let explained: Vec<String> = value["explanations"].as_object().unwrap().keys().cloned().collect();
    value["explanations"] = serde_json::json!(explained);
    insta::assert_json_snapshot!("report_data_own_matrix", value);
}

#[test]
fn merged_shards_list_a_shared_probe_once_and_count_verdicts_per_deployment() {
    let page = own_page();
    let check = page.check.as_ref().unwrap();
    assert_eq!(check.probes.len(), 6, "7 probes in two shards, one in both");
    let counts: Vec<(&str, usize)> =
        check.deployments.iter().map(|d| (d.name.as_str(), d.verdicts.values().sum())).collect();
    assert_eq!(counts, [("v1", 3), ("v3", 3)]);
    let redirected = check.probes.iter().find(|p| p.route == "/v3-prod/allocations/{id}").unwrap();
    assert_eq!(redirected.chain.len(), 1);
}

#[test]
fn every_surface_has_six_cells_whose_counts_match_its_actions() {
    let page = own_page();
    for surface in &page.surfaces {
        assert_eq!(surface.cells.len(), 6, "{}", surface.id);
        let total: usize = surface.cells.iter().map(|(_, _, n)| n).sum();
        assert_eq!(total, surface.actions.len(), "{}", surface.id);
    }
}

fn out_dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn report(dir: &Path, name: &str, extra: &[&str]) -> (PathBuf, String) {
    let out = dir.join(name);
    let mut args = vec!["report", "--out", out.to_str().unwrap(), "--today", TODAY];
    args.extend_from_slice(extra);
    let run = parity(&root(), &args);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let html = std::fs::read_to_string(&out).unwrap();
    (out, html)
}

#[test]
fn the_page_is_one_file_with_the_same_bytes_for_the_same_inputs() {
    let dir = out_dir();
    let shards = ["--check", "fixtures/report/shard-1.json", "--check", "fixtures/report/shard-2.json"];
    let (_, first) = report(dir.path(), "a.html", &shards);
    let (_, second) = report(dir.path(), "b.html", &shards);
    assert_eq!(first, second);
    assert!(first.starts_with("<!doctype html>"));
    // Nothing is fetched at view time: no external script, style, image or font.
    for needle in ["<script src", "<link ", "@import", "url(", "src=\"http", "fetch(", "XMLHttpRequest"] {
        assert!(!first.contains(needle), "the page contains `{needle}`");
    }
    // URLs are data (the probes' own, as text), never part of the page itself.
    let island = first.find(r#"<script type="application/json" id="parity-data">"#).unwrap();
    let end = island + first[island..].find("</script>").unwrap();
    assert!(first[island..end].contains("http://127.0.0.1:"));
    let page_itself = format!("{}{}", &first[..island], &first[end..]);
    assert!(!page_itself.contains("http:") && !page_itself.contains("https:"), "a URL outside the data");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2, "no folder beside the pages");
}

#[test]
fn deflated_data_has_the_same_bytes_for_the_same_inputs() {
    let page = |_| {
        let mut html = Vec::new();
        html::write_with(&mut html, &own_page(), 0).unwrap();
        html
    };
    let (first, second) = (page(1), page(2));
    assert!(String::from_utf8_lossy(&first).contains(r#"data-encoding="deflate-base64""#));
    assert_eq!(first, second);
}

#[test]
fn a_link_template_is_filled_with_the_commit_and_a_bad_report_is_an_input_error() {
    let dir = out_dir();
    let (_, html) = report(dir.path(), "linked.html", &["--link", "https://git.example/r/blob/{rev}/{path}#L{line}"]);
    assert!(html.contains(r#""link":{"template":"https://git.example/r/blob/{rev}/{path}#L{line}","rev":""#));
    let out = dir.path().join("bad.html");
    let run = parity(&root(), &["report", "--out", out.to_str().unwrap(), "--check", "Cargo.toml"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(run.stderr.contains("`Cargo.toml` is not a parity check JSON report"), "{}", run.stderr);
    assert!(!out.exists());
}

#[test]
fn small_screenshots_are_inlined_and_large_ones_copied_beside_the_page() {
    let dir = out_dir();
    let shots = dir.path().join("shots");
    std::fs::create_dir_all(shots.join("allocations")).unwrap();
    std::fs::create_dir_all(shots.join("telemetry")).unwrap();
    std::fs::write(shots.join("allocations/v1.png"), b"\x89PNG small").unwrap();
    let large = vec![7_u8; usize::try_from(html::INLINE_BYTES).unwrap() + 1];
    std::fs::write(shots.join("telemetry/v3.jpg"), &large).unwrap();
    let (_, page) = report(dir.path(), "shots.html", &["--screenshots", shots.to_str().unwrap()]);
    assert!(page.contains(r#""screenshots":{"v1":"data:image/png;base64,iVBORyBzbWFsbA=="}"#));
    assert!(page.contains(r#""screenshots":{"v3":"shots.html.images/telemetry-v3.jpg"}"#));
    assert_eq!(std::fs::read(dir.path().join("shots.html.images/telemetry-v3.jpg")).unwrap(), large);
}
