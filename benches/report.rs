//! Web report benchmark: `parity report` of the 10,000-surface benchmark
//! matrix (the one `benches/load.rs` reads): how long building and writing
//! the page takes, how large it is, and how soon it is interactive in
//! headless Chromium — the page's script has parsed the data, drawn the
//! overview and the first rows of the heatmap and attached every handler —
//! and how long one search over all surfaces takes there.
//!
//! Run: `cargo bench --bench report` (see docs/benchmarks.md). The browser
//! part needs Chromium (`PARITY_BROWSER`, or `chromium` on PATH, as for `check --render`).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "support/chromium.rs"]
mod chromium;
#[path = "support/matrix.rs"]
mod matrix;

const SURFACES: usize = 10_000;
const RUNS: usize = 5;

/// Injected after the page's own script: when the page says it is ready
/// (its data inflated and parsed, overview and first rows drawn, handlers
/// attached), the time since navigation began; then one search typed into
/// the filter, timed until its rows are drawn.
const PROBE: &str = r#"<script>
document.addEventListener("parity:ready", function () {
  var ready = performance.now();
  var q = document.getElementById("filter-q");
  var start = performance.now();
  q.value = "things-9999";
  q.dispatchEvent(new Event("input", { bubbles: true }));
  var search = performance.now() - start;
  var rows = document.querySelectorAll("table.heatmap tbody tr[data-surface]").length;
  var out = document.createElement("pre");
  out.id = "bench";
  out.textContent = ready.toFixed(1) + " " + search.toFixed(1) + " " + rows;
  document.body.appendChild(out);
});
</script>"#;

fn main() {
    let dir = std::env::temp_dir().join(format!("parity-report-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("matrix.yaml"), matrix::generate(SURFACES, false)).expect("write matrix");
    let document = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/validate/common/document.yaml");
    std::fs::copy(document, dir.join("00-document.yaml")).expect("copy document");
    let page = dir.join("parity.html");

    let mut builds = Vec::new();
    for _ in 0..RUNS {
        let start = Instant::now();
        let mut html = Vec::new();
        let loaded = parity::matrix::load(std::slice::from_ref(&dir));
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems.first());
        let inputs = parity::report::html::PageInputs {
            loaded: &loaded,
            today: jiff::civil::date(2026, 11, 29),
            checks: Vec::new(),
            since: None,
            link: None,
            screenshots: std::collections::BTreeMap::new(),
        };
        parity::report::html::write(&mut html, &parity::report::html::build(inputs)).expect("page");
        std::fs::write(&page, &html).expect("write page");
        builds.push(start.elapsed());
    }
    builds.sort();
    let bytes = std::fs::metadata(&page).expect("page written").len();
    println!("matrix: {SURFACES} surfaces; {RUNS} runs each\n");
    println!("load + build + write the page: median {:.0} ms (min {:.0} ms)", ms(builds[RUNS / 2]), ms(builds[0]));
    println!(
        "page size: {:.2} MiB ({bytes} bytes; goal: under 8 MB)",
        f64::from(u32::try_from(bytes).unwrap()) / 1_048_576.0
    );

    let Some(chromium) = chromium::find() else {
        println!("\nno Chromium found (install `chromium` or set PARITY_BROWSER): browser timings skipped");
        return;
    };
    let html = std::fs::read_to_string(&page).expect("page");
    let probed = dir.join("probed.html");
    std::fs::write(&probed, html.replacen("</body>", &format!("{PROBE}\n</body>"), 1)).expect("write probed page");
    let mut ready = Vec::new();
    let mut searches = Vec::new();
    let mut walls = Vec::new();
    for _ in 0..RUNS {
        let start = Instant::now();
        let dom = headless(&chromium, &probed, &dir);
        walls.push(start.elapsed());
        let at = dom.rfind("<pre id=\"bench\">").expect("the probe ran") + 16;
        let fields: Vec<&str> = dom[at..].split('<').next().unwrap().split_whitespace().collect();
        assert_eq!(fields[2], "1", "the search finds one surface");
        ready.push(fields[0].parse::<f64>().unwrap());
        searches.push(fields[1].parse::<f64>().unwrap());
    }
    for list in [&mut ready, &mut searches] {
        list.sort_by(f64::total_cmp);
    }
    walls.sort();
    // The same browser run on an empty page: what starting and stopping costs.
    let empty = dir.join("empty.html");
    std::fs::write(&empty, "<!doctype html><title>empty</title><pre id=\"bench\">0 0 1</pre>").expect("empty page");
    let mut baseline: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            headless(&chromium, &empty, &dir);
            start.elapsed()
        })
        .collect();
    baseline.sort();
    println!("\nheadless Chromium ({}):", version(&chromium));
    println!("interactive after: median {:.0} ms (min {:.0} ms; goal: under 2 s)", ready[RUNS / 2], ready[0]);
    println!("one search over every surface: median {:.1} ms", searches[RUNS / 2]);
    println!("whole browser run (start, load, dump, exit): median {:.0} ms", ms(walls[RUNS / 2]));
    println!("the same run on an empty page: median {:.0} ms", ms(baseline[RUNS / 2]));
    std::fs::remove_dir_all(&dir).ok();
}

fn version(chromium: &Path) -> String {
    let out = Command::new(chromium).arg("--version").output().expect("chromium --version");
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// The DOM after the page's scripts ran, from a fresh profile.
fn headless(chromium: &Path, page: &Path, dir: &Path) -> String {
    let profile = dir.join("profile");
    std::fs::remove_dir_all(&profile).ok();
    let out = dir.join("dom.html");
    let status = Command::new(chromium)
        .args(chromium::FLAGS)
        // The page inflates its data asynchronously; virtual time lets the
        // dump wait for it.
        .args(["--virtual-time-budget=10000", "--dump-dom"])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("file://{}", page.display()))
        .stdout(std::fs::File::create(&out).expect("dom file"))
        .stderr(Stdio::null())
        .status()
        .expect("chromium runs");
    assert!(status.success());
    std::fs::read_to_string(&out).expect("dom")
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
