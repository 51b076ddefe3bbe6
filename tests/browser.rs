//! The page of `parity report` in a real browser: headless Chromium loads it
//! from `file://` with two small scripts injected around the page's own (one
//! records console errors, one uses the filters, the search and the keyboard
//! and writes what it saw into the DOM), dumps the DOM, and takes a
//! screenshot. Chromium comes from the system (`apt-get install chromium`,
//! done by `.ci/run`); `PARITY_BROWSER` names another binary, as for `check --render`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use parity::report::html::{self, Page};

use crate::support::{parity, root};

const ERRORS: &str = include_str!("browser/errors.js");
const INTERACT: &str = include_str!("browser/interact.js");

#[path = "../benches/support/chromium.rs"]
mod chromium;

fn chromium() -> PathBuf {
    chromium::find().expect("headless Chromium is needed: `apt-get install -y chromium` (or set PARITY_BROWSER)")
}

/// Runs Chromium headless on `url` with a fresh profile; its stdout, within
/// a deadline. Stdout goes to a file: a pipe nobody reads while waiting
/// would fill and stall a large DOM dump.
pub fn headless(args: &[&str], url: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let stdout = profile.path().join("stdout");
    let mut child = Command::new(chromium())
        .args(chromium::FLAGS)
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(url)
        .stdout(std::fs::File::create(&stdout).unwrap())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium starts");
    let deadline = Instant::now() + Duration::from_secs(90);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            child.kill().ok();
            panic!("chromium did not finish within 90 s on {url}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    String::from_utf8_lossy(&std::fs::read(&stdout).unwrap()).into_owned()
}

fn file_url(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// The page with the harness around its own script.
fn with_harness(html: &str) -> String {
    let html = html.replacen("<head>", &format!("<head>\n<script>{ERRORS}</script>"), 1);
    html.replacen("</body>", &format!("<script>{INTERACT}</script>\n</body>"), 1)
}

/// What the harness wrote into `<pre id="harness-results">`.
fn results(dom: &str) -> serde_json::Value {
    // The last one: the harness mentions the element in its own comment.
    let start = dom.rfind("<pre id=\"harness-results\">").expect("the harness ran") + 26;
    let end = start + dom[start..].find("</pre>").unwrap();
    let text = dom[start..end].replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
    serde_json::from_str(&text).unwrap()
}

fn strings(value: &serde_json::Value) -> Vec<String> {
    value.as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_owned()).collect()
}

/// The surfaces of the page that the search for `word` should keep: id, V1
/// and V3 routes, verbs and endpoints, notes — computed here from the data.
fn matching(page: &Page, word: &str) -> Vec<String> {
    page.surfaces
        .iter()
        .filter(|s| {
            let mut text = vec![s.id.clone(), s.notes.clone().unwrap_or_default()];
            text.extend(s.v1.iter().cloned());
            for t in &s.v3 {
                text.extend([
                    t.route.clone(),
                    t.resolves_to.clone().unwrap_or_default(),
                    t.note.clone().unwrap_or_default(),
                ]);
            }
            for a in &s.actions {
                text.extend([a.verb.clone(), a.v1.clone().unwrap_or_default(), a.v3.clone().unwrap_or_default()]);
            }
            text.join("\n").to_lowercase().contains(word)
        })
        .map(|s| s.id.clone())
        .collect()
}

/// Dumps the DOM once the page's scripts are done: virtual time lets a page
/// that inflates its data (asynchronously) finish first.
const DUMP: &[&str] = &["--virtual-time-budget=10000", "--dump-dom"];

#[test]
fn the_page_works_in_headless_chromium() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("parity.html");
    let shards = ["--check", "fixtures/report/shard-1.json", "--check", "fixtures/report/shard-2.json"];
    let mut args = vec!["report", "--out", out.to_str().unwrap(), "--today", "2026-12-01"];
    args.extend(shards);
    let run = parity(&root(), &args);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains(r#"<script type="application/json" id="parity-data">"#), "a small page's data is JSON");
    let harnessed = dir.path().join("harnessed.html");
    std::fs::write(&harnessed, with_harness(&html)).unwrap();
    let r = results(&headless(DUMP, &file_url(&harnessed)));
    let partial = interactions_work(&r);

    // A shared link: the hash alone sets the filter.
    let filtered = headless(DUMP, &format!("{}#heatmap?status=partial", file_url(&harnessed)));
    assert_eq!(strings(&results(&filtered)["rows"]), partial);

    let shot = dir.path().join("page.png");
    headless(&["--window-size=1280,1600", &format!("--screenshot={}", shot.display())], &file_url(&out));
    let png = std::fs::read(&shot).expect("a screenshot is written");
    assert!(png.starts_with(b"\x89PNG") && png.len() > 20_000, "{} bytes", png.len());
}

#[test]
fn a_page_with_deflated_data_works_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let mut html = Vec::new();
    html::write_with(&mut html, &super::report::own_page(), 0).unwrap();
    let html = String::from_utf8(html).unwrap();
    assert!(html.contains(r#"data-encoding="deflate-base64""#));
    let harnessed = dir.path().join("deflated.html");
    std::fs::write(&harnessed, with_harness(&html)).unwrap();
    interactions_work(&results(&headless(DUMP, &file_url(&harnessed))));
}

/// Checks what the harness saw against the page data; returns the ids of
/// the surfaces the `partial` filter keeps.
fn interactions_work(r: &serde_json::Value) -> Vec<String> {
    let page = super::report::own_page();

    assert_eq!(r["errors"], serde_json::json!([]), "console errors");
    assert_eq!(r["ready"], "true");
    let ids: Vec<String> = page.surfaces.iter().map(|s| s.id.clone()).collect();
    assert_eq!(strings(&r["rows"]), ids, "every surface, grouped by family in matrix order");
    assert_eq!(r["cells"], ids.len() * 6, "surfaces × 6 intents");
    assert_eq!(strings(&r["cell_symbols"]), ["·", "○", "●", "◐"], "a symbol beside every colour");
    assert_eq!(strings(&r["headers"])[4..], ["setup", "update", "maintenance", "recovery", "destructive", "evidence"]);

    let partial: Vec<String> =
        page.surfaces.iter().filter(|s| s.computed == Some(parity::Level::Partial)).map(|s| s.id.clone()).collect();
    assert!(!partial.is_empty() && partial.len() < ids.len());
    assert_eq!(strings(&r["status_partial"]), partial);
    assert_eq!(r["hash_after_status"], "#heatmap?status=partial", "the filter is in the URL");

    let maas = matching(&page, "maas");
    assert!(maas.len() >= 2 && maas.len() < ids.len(), "{maas:?}");
    assert_eq!(strings(&r["search_maas"]), maas);
    assert!(strings(&r["search_maas_problems"]).len() <= maas.len());
    assert_eq!(r["rows_after_clear"], ids.len());

    assert_eq!(r["focus_after_arrow"], ids[1], "ArrowDown moves to the next row");
    assert_eq!(r["drawer_open"], true, "Enter opens the drawer");
    assert_eq!(r["drawer_title"], ids[1].as_str());
    assert_eq!(r["drawer_focus"], "Close ✕", "focus moves into the drawer");
    let sections = strings(&r["drawer_sections"]);
    for section in ["Routes", "Actions by intent", "Notes", "Live check", "Findings (0)"] {
        assert!(sections.iter().any(|s| s == section), "{section} in {sections:?}");
    }
    let text = r["drawer_text"].as_str().unwrap();
    assert!(text.contains("308 http://127.0.0.1:8083/v3-prod/allocations/42"), "the redirect chain: {text}");
    assert!(text.contains("→ http://127.0.0.1:8083/v3-prod/workloads/42"));
    assert_eq!(r["hash_with_drawer"], format!("#heatmap?surface={}", ids[1]));
    assert_eq!(r["drawer_closed"], true, "Escape closes it");
    assert_eq!(r["focus_after_close"], ids[1], "and focus returns to the row");
    assert_eq!(r["findings_sorted"], "ascending");
    assert_eq!(r["first_finding_severity"], "error");
    partial
}
