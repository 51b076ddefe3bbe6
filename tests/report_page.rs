//! What the page of `parity report` promises its readers, checked in
//! headless Chromium against the page's own data: every filter option keeps
//! exactly the surfaces the data says, a shared link restores the view, the
//! drawer shows explanations, links and side-by-side screenshots, the
//! findings sort across validation, check and diff, tables have headers,
//! focus is visible, text meets WCAG AA contrast, printing hides the
//! controls and draws every row, and the page loads nothing from a network.
//!
//! The page is the project's own matrix, committed to a throwaway git
//! repository and then changed (`--since HEAD` has a regression), with both
//! check shards, `--link` and `--screenshots`.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

use super::browser::headless;
use super::diff::git_in;
use crate::support::{parity, root};

const ERRORS: &str = include_str!("browser/errors.js");
const AUDIT: &str = include_str!("browser/audit.js");
const LINK: &str = "https://git.example/r/blob/{rev}/{path}#L{line}";

/// A shared link: surfaces with a missing verdict that are problems, and
/// the telemetry surface open.
const HASH: &str = "#heatmap?verdict=missing&problems=1&surface=telemetry";

#[test]
fn the_page_keeps_every_promise_to_its_readers() {
    let repo = tempfile::tempdir().unwrap();
    let rev = own_matrix_changed_since_head(repo.path());
    screenshots(&repo.path().join("shots"));
    let shard = |n: u8| root().join(format!("fixtures/report/shard-{n}.json")).display().to_string();
    let (one, two) = (shard(1), shard(2));
    let args = ["report", "--out", "page.html", "--today", "2026-12-01", "--since", "HEAD", "--check", &one];
    let run = parity(repo.path(), &[&args[..], &["--check", &two, "--link", LINK, "--screenshots", "shots"]].concat());
    assert_eq!(run.code, 0, "{}", run.transcript());
    let html = std::fs::read_to_string(repo.path().join("page.html")).unwrap();
    let data = island(&html);
    let audited = repo.path().join("audited.html");
    let harnessed = html.replacen("<head>", &format!("<head>\n<script>{ERRORS}</script>"), 1);
    std::fs::write(&audited, harnessed.replacen("</body>", &format!("<script>{AUDIT}</script>\n</body>"), 1)).unwrap();
    let dom = headless(&["--virtual-time-budget=10000", "--dump-dom"], &format!("file://{}{HASH}", audited.display()));
    let r = results(&dom);
    assert_eq!(r["errors"], serde_json::json!([]), "console errors");

    the_filters_keep_what_the_data_says(&data, &r);
    the_drawer_explains_links_and_shows_screenshots(&data, &r["drawer"], &rev);
    findings_sort_across_sources(&data, &r);
    it_is_accessible(&data, &r);
    it_prints_everything_and_no_controls(&data, &r["print"]);
    nothing_is_loaded_from_a_network(&r);
}

/// Copies `parity/` into a new repository at `dir`, commits it, then lowers
/// one declared status in the working tree. Returns the commit.
fn own_matrix_changed_since_head(dir: &Path) -> String {
    let matrix = dir.join("parity");
    std::fs::create_dir_all(&matrix).unwrap();
    for entry in std::fs::read_dir(root().join("parity")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, matrix.join(path.file_name().unwrap())).unwrap();
    }
    git_in(dir, &["init", "-q", "-b", "main"], None);
    git_in(dir, &["add", "-A"], None);
    git_in(dir, &["commit", "-q", "-m", "base"], Some("2026-11-01T12:00:00Z"));
    let lifecycle = matrix.join("30-platform-lifecycle.yaml");
    let yaml = std::fs::read_to_string(&lifecycle).unwrap();
    let site = yaml.find("- id: maas-site").unwrap();
    let status = site + yaml[site..].find("status: mostly-covered").unwrap();
    let lowered = format!("{}status: partial{}", &yaml[..status], &yaml[status + "status: mostly-covered".len()..]);
    std::fs::write(&lifecycle, lowered).unwrap();
    git_in(dir, &["rev-parse", "HEAD"], None).trim().to_owned()
}

/// telemetry: a small V1 screenshot (inlined) and a large V3 one (copied
/// beside the page), both real PNGs.
fn screenshots(dir: &Path) {
    let telemetry = dir.join("telemetry");
    std::fs::create_dir_all(&telemetry).unwrap();
    std::fs::write(telemetry.join("v1.png"), png(40, 30)).unwrap();
    let large = png(400, 300);
    assert!(u64::try_from(large.len()).unwrap() > parity::report::html::INLINE_BYTES);
    std::fs::write(telemetry.join("v3.png"), large).unwrap();
}

/// An uncompressed RGB PNG of `width` × `height` with a pattern, so its
/// size is about three bytes a pixel.
fn png(width: u32, height: u32) -> Vec<u8> {
    use std::io::Write;
    fn chunk(out: &mut Vec<u8>, kind: &[u8], body: &[u8]) {
        out.extend(u32::try_from(body.len()).unwrap().to_be_bytes());
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(body);
        out.extend(kind);
        out.extend(body);
        out.extend(crc.sum().to_be_bytes());
    }
    let mut pixels = Vec::new();
    for y in 0..height {
        pixels.push(0); // no filter
        for x in 0..width {
            pixels.extend([x * 7, y * 5, x ^ y].map(|v| v.to_le_bytes()[0]));
        }
    }
    let mut zlib = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::none());
    zlib.write_all(&pixels).unwrap();
    let mut header = Vec::from(width.to_be_bytes());
    header.extend(height.to_be_bytes());
    header.extend([8, 2, 0, 0, 0]); // 8-bit RGB
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, b"IHDR", &header);
    chunk(&mut out, b"IDAT", &zlib.finish().unwrap());
    chunk(&mut out, b"IEND", &[]);
    out
}

/// The page's data island.
fn island(html: &str) -> Value {
    let start = html.find(r#"id="parity-data">"#).expect("a JSON island") + 17;
    serde_json::from_str(&html[start..start + html[start..].find("</script>").unwrap()]).unwrap()
}

/// What the audit script wrote into `<pre id="audit-results">`.
fn results(dom: &str) -> Value {
    let start = dom.rfind("<pre id=\"audit-results\">").expect("the audit ran") + 24;
    let end = start + dom[start..].find("</pre>").unwrap();
    let text = dom[start..end].replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
    serde_json::from_str(&text).unwrap()
}

fn strs(value: &Value) -> Vec<&str> {
    value.as_array().unwrap_or_else(|| panic!("not an array: {value}")).iter().map(|v| v.as_str().unwrap()).collect()
}

/// Surface ids the page should show for `keep`: grouped by family, in
/// matrix order within a family.
fn expected(data: &Value, keep: impl Fn(&Value) -> bool) -> Vec<&str> {
    let mut kept: Vec<&Value> = data["surfaces"].as_array().unwrap().iter().filter(|s| keep(s)).collect();
    kept.sort_by_key(|s| s["family"].as_u64());
    kept.iter().map(|s| s["id"].as_str().unwrap()).collect()
}

/// The verdicts the check gave the probes of surface `id`.
fn verdicts<'a>(data: &'a Value, id: &str) -> BTreeSet<&'a str> {
    let probes = data["check"]["probes"].as_array().unwrap();
    let of = probes.iter().filter(|p| strs(&p["surfaces"]).contains(&id));
    of.map(|p| p["verdict"].as_str().unwrap()).collect()
}

/// A problem: an overclaim, a partly or missing cell, a missing, soft-missing
/// or error verdict, or any finding.
fn is_problem(data: &Value, s: &Value) -> bool {
    let id = s["id"].as_str().unwrap();
    let bad_cell = s["cells"].as_array().unwrap().iter().any(|c| c[0] == "missing" || c[0] == "partly");
    let bad_verdict = verdicts(data, id).iter().any(|v| ["missing", "soft-missing", "error"].contains(v));
    let finding = data["findings"].as_array().unwrap().iter().any(|f| f["surface"] == id);
    s["overclaim"] == true || bad_cell || bad_verdict || finding
}

fn the_filters_keep_what_the_data_says(data: &Value, r: &Value) {
    let intents = strs(&data["intents"]);
    let shared =
        expected(data, |s| verdicts(data, s["id"].as_str().unwrap()).contains("missing") && is_problem(data, s));
    assert_eq!(shared, ["telemetry"]);
    assert_eq!(strs(&r["hash"]["rows"]), shared, "the hash sets the filters");
    assert_eq!(r["hash"]["drawer"], "telemetry", "and opens the surface");
    assert_eq!(r["hash"]["problems"], true);
    let filters = &r["filters"];
    let mut statuses: Vec<&str> = strs(&data["levels"]);
    statuses.push("none");
    assert_eq!(filters["status"].as_object().unwrap().keys().len(), statuses.len());
    for status in statuses {
        let want = expected(data, |s| s["computed"].as_str().unwrap_or("none") == status);
        assert_eq!(strs(&filters["status"][status]), want, "status {status}");
    }
    for (k, intent) in intents.iter().enumerate() {
        let want = expected(data, |s| s["cells"][k][0] != "none");
        assert!(!want.is_empty());
        assert_eq!(strs(&filters["intent"][intent]), want, "intent {intent}");
    }
    let families = data["families"].as_array().unwrap();
    assert_eq!(strs(&r["groups"]), strs(&data["families"]), "a row group per family, in order");
    for family in 0..families.len() {
        let want = expected(data, |s| s["family"] == family);
        assert_eq!(strs(&filters["family"][family.to_string()]), want, "family {family}");
    }
    let all: BTreeSet<&str> =
        data["check"]["probes"].as_array().unwrap().iter().map(|p| p["verdict"].as_str().unwrap()).collect();
    assert!(all.len() >= 4, "{all:?}");
    assert_eq!(filters["verdict"].as_object().unwrap().keys().map(String::as_str).collect::<BTreeSet<_>>(), all);
    for verdict in all {
        let want = expected(data, |s| verdicts(data, s["id"].as_str().unwrap()).contains(verdict));
        assert_eq!(strs(&filters["verdict"][verdict]), want, "verdict {verdict}");
    }
    let problems = expected(data, |s| is_problem(data, s));
    assert!(problems.len() > 2 && problems.len() < data["surfaces"].as_array().unwrap().len());
    assert_eq!(strs(&r["problems"]), problems, "only problems");

    // Colour and symbol: each kind of cell has its own symbol, word and colour.
    let mut kinds = std::collections::BTreeMap::new();
    for cell in r["cells"].as_array().unwrap() {
        let (class, symbol, word, colour) = (cell[0].as_str().unwrap(), &cell[1], &cell[2], &cell[3]);
        let kind = class.strip_prefix("cell c-").unwrap();
        assert_eq!(word, kind);
        let first = kinds.entry(kind).or_insert((symbol.clone(), colour.clone()));
        assert_eq!(*first, (symbol.clone(), colour.clone()), "{kind}: one symbol and one colour");
    }
    assert_eq!(kinds.len(), 4, "{kinds:?}");
    let symbols: BTreeSet<_> = kinds.values().map(|(s, _)| s.as_str().unwrap()).collect();
    let colours: BTreeSet<_> = kinds.values().map(|(_, c)| c.as_str().unwrap()).collect();
    assert_eq!((symbols.len(), colours.len()), (4, 4), "{kinds:?}");
}

fn the_drawer_explains_links_and_shows_screenshots(data: &Value, drawer: &Value, rev: &str) {
    assert_eq!(drawer["open"], true, "Enter on the telemetry row opens it");
    let telemetry = data["surfaces"].as_array().unwrap().iter().find(|s| s["id"] == "telemetry").unwrap();
    let own: Vec<&Value> =
        data["findings"].as_array().unwrap().iter().filter(|f| f["surface"] == "telemetry").collect();
    let sections = strs(&drawer["sections"]);
    for section in
        ["Routes", "Actions by intent", "Notes", "Live check", &format!("Findings ({})", own.len()), "Screenshots"]
    {
        assert!(sections.contains(&section), "{section} in {sections:?}");
    }
    assert_eq!(strs(&drawer["verdicts"]), ["unauthorized", "missing"]);
    assert_eq!(drawer["tab_wraps_to"], "Close \u{2715}", "Tab stays in the dialog");
    assert_eq!(drawer["shift_tab_wraps_to_last"], true, "and so does Shift+Tab");

    // Every finding of the surface carries what `parity explain` says of its code.
    let explained = drawer["explained"].as_array().unwrap();
    assert_eq!(explained.len(), own.len());
    let codes: BTreeSet<&str> = explained.iter().map(|e| e[0].as_str().unwrap()).collect();
    assert!(codes.len() >= 2, "{codes:?}");
    for entry in explained {
        let code = entry[0].as_str().unwrap();
        assert_eq!(entry[1], format!("What {code} means"));
        let explain = parity(&root(), &["explain", code]);
        assert_eq!(entry[2].as_str().unwrap(), explain.stdout, "{code}");
    }

    // Every location is a link made from the template.
    let file = data["files"][usize::try_from(telemetry["at"][0].as_u64().unwrap()).unwrap()].as_str().unwrap();
    let links = strs(&drawer["links"]);
    let surface = format!("https://git.example/r/blob/{rev}/{file}#L{}", telemetry["at"][1]);
    assert!(links.contains(&surface.as_str()), "{surface} in {links:?}");
    let prefix = format!("https://git.example/r/blob/{rev}/parity/");
    assert!(links.iter().all(|l| l.starts_with(&prefix) && l.contains("#L")), "{links:?}");

    // Other surfaces: routes with what they resolve to, the redirect chain,
    // and a section for each kind of tracking the surface has.
    for (id, shown) in drawer["others"].as_object().unwrap() {
        let surface = data["surfaces"].as_array().unwrap().iter().find(|s| s["id"] == id.as_str()).unwrap();
        let sections = strs(&shown["sections"]);
        for (field, section) in
            [("follow_ups", "Follow-ups"), ("gaps", "Backend/contract gaps"), ("waivers", "Waivers")]
        {
            assert_eq!(surface.get(field).is_some(), sections.contains(&section), "{id}: {section} in {sections:?}");
        }
        let routes = strs(&shown["routes"]).concat();
        for target in surface["v3"].as_array().unwrap() {
            assert!(routes.contains(target["route"].as_str().unwrap()), "{id}: {routes}");
            if let Some(resolved) = target["resolves_to"].as_str() {
                assert!(routes.contains(&format!("\u{2192} {resolved}")), "{id}: {routes}");
            }
        }
    }
    let redirected = strs(&drawer["others"]["allocation-detail"]["chains"]);
    assert_eq!(
        redirected,
        ["308 http://127.0.0.1:8083/v3-prod/allocations/42", "\u{2192} http://127.0.0.1:8083/v3-prod/workloads/42"]
    );

    // V1 | V3 side by side, both loaded (the large one from beside the page).
    let shots = drawer["shots"].as_array().unwrap();
    assert_eq!(shots.iter().map(|s| s["caption"].as_str().unwrap()).collect::<Vec<_>>(), ["V1", "V3"]);
    assert_eq!(shots[0]["src"], "data:image/png;base64,");
    assert_eq!(shots[1]["src"], "page.html.images/telem");
    assert_eq!(shots[0]["top"], shots[1]["top"], "side by side");
    assert!(shots[0]["left"].as_i64() < shots[1]["left"].as_i64());
    assert_eq!(drawer["image_widths"], serde_json::json!([40, 400]));
}

fn findings_sort_across_sources(data: &Value, r: &Value) {
    assert_eq!(strs(&r["findings_sources"]), ["check", "diff", "validate"]);
    assert_eq!(r["changes_first"], "regression", "the overview lists regressions first");
    let rank =
        |s: &str| ["error", "regression", "warning", "other", "note", "improvement"].iter().position(|r| *r == s);
    let total = data["findings"].as_array().unwrap().len().min(200);
    for column in ["source", "severity", "code", "surface", "location"] {
        let sorted = &r["sorted"][column];
        assert_eq!(sorted["aria"], "ascending", "{column}");
        let values = strs(&sorted["values"]);
        assert_eq!(values.len(), total, "{column}");
        let ordered = values.windows(2).all(|w| match column {
            "severity" => rank(w[0]) <= rank(w[1]),
            "location" => location(w[0]) <= location(w[1]),
            _ => w[0] <= w[1],
        });
        assert!(ordered, "{column}: {values:?}");
    }
}

/// `path:line` as a sortable pair; none sorts last.
fn location(text: &str) -> (String, u32) {
    text.rsplit_once(':').map_or(("~".into(), 0), |(path, line)| (path.to_owned(), line.parse().unwrap()))
}

fn it_is_accessible(data: &Value, r: &Value) {
    for table in r["tables"].as_array().unwrap() {
        assert!(table["col_headers"].as_u64() > Some(0), "a table without column headers: {table}");
        if table["columns"] != 0 {
            assert_eq!(table["col_headers"], table["columns"], "a header for every column: {table}");
        }
        if table["cls"] == "heatmap" {
            assert_eq!(table["row_header"], true, "each heatmap row is headed by its surface");
        }
    }
    assert_eq!(r["landmarks"], serde_json::json!({"main": true, "nav": true, "skip": "#main"}));
    assert_eq!(r["focus"], serde_json::json!({"row": "solid 3px", "search": "solid 3px"}), "visible focus");
    assert_eq!(r["contrast"], serde_json::json!([]), "text below WCAG AA contrast");
    assert!(data["surfaces"].as_array().unwrap().len() > 20);
}

fn it_prints_everything_and_no_controls(data: &Value, print: &Value) {
    assert_eq!(print["rows"], data["surfaces"].as_array().unwrap().len(), "every heatmap row is drawn");
    assert_eq!(print["findings"], data["findings"].as_array().unwrap().len(), "every finding is drawn");
    assert_eq!(print["rules"], 1);
    for hidden in print["hidden"].as_array().unwrap() {
        assert_eq!(hidden[1], "none", "{} shows in print", hidden[0]);
    }
}

fn nothing_is_loaded_from_a_network(r: &Value) {
    for url in strs(&r["resources"]).iter().chain(&strs(&r["loads"])) {
        assert!(!url.starts_with("http:") && !url.starts_with("https:") && !url.starts_with("//"), "{url}");
    }
    let loads = strs(&r["loads"]);
    assert_eq!(loads.len(), 2, "the two screenshots: {loads:?}");
    assert!(loads[0].starts_with("data:image/png;base64,"), "{loads:?}");
    assert_eq!(loads[1], "page.html.images/telemetry-v3.png");
}
