//! Web report benchmark: `parity report` of the 10,000-surface benchmark
//! matrix (the one `benches/load.rs` reads): how long building and writing
//! the page takes, how large it is, and how soon it is interactive in
//! headless Chromium — the page's script has parsed the data, drawn the
//! overview and the first rows of the heatmap and attached every handler —
//! and how long one search over all surfaces takes there, in real time
//! (over the Chrome protocol (CDP), as `check --render` drives the browser).
//!
//! Run: `cargo bench --bench report` (see docs/benchmarks.md). The browser
//! part needs Chromium (`PARITY_BROWSER`, or `chromium` on PATH, as for `check --render`).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

#[path = "support/chromium.rs"]
mod chromium;
#[path = "support/matrix.rs"]
mod matrix;

const SURFACES: usize = 10_000;
const RUNS: usize = 5;

/// Injected after the page's own script. When the page says it is ready
/// (its data inflated and parsed, overview and first rows drawn, handlers
/// attached) it notes the time since navigation began, then the time of the
/// first frame after that (the rows laid out and painted), then times one
/// search typed into the filter until its rows are laid out.
const PROBE: &str = r#"<script>
window.__bench = new Promise(function (resolve) {
  function measure() {
    var ready = performance.now();
    requestAnimationFrame(function () { setTimeout(function () {
      var painted = performance.now();
      var q = document.getElementById("filter-q");
      var start = performance.now();
      q.value = "things-9999";
      q.dispatchEvent(new Event("input", { bubbles: true }));
      void document.body.offsetHeight;
      var search = performance.now() - start;
      var rows = document.querySelectorAll("table.heatmap tbody tr[data-surface]").length;
      resolve([ready.toFixed(1), painted.toFixed(1), search.toFixed(1), rows].join(" "));
    }, 0); });
  }
  if (document.documentElement.getAttribute("data-ready")) measure();
  else document.addEventListener("parity:ready", measure);
});
</script>"#;

/// Waits for the probe's answer.
const ANSWER: &str =
    "(function wait() { return window.__bench || new Promise(function (r) { setTimeout(r, 20); }).then(wait); })()";

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
    // The DevTools client wants a path, not a name to look up.
    let path = std::env::var_os("PATH");
    let chromium = parity::render::discover(None, Some(chromium.as_os_str()), path.as_deref()).into_result().unwrap();
    let html = std::fs::read_to_string(&page).expect("page");
    let probed = dir.join("probed.html");
    std::fs::write(&probed, html.replacen("</body>", &format!("{PROBE}\n</body>"), 1)).expect("write probed page");
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let mut runs: Vec<Measured> =
        (0..RUNS).map(|_| runtime.block_on(open(&chromium, &format!("file://{}", probed.display()), &dir))).collect();
    for run in &runs {
        assert_eq!(run.rows, 1, "the search finds one surface");
    }
    let median = |runs: &mut Vec<Measured>, key: fn(&Measured) -> f64| {
        runs.sort_by(|a, b| key(a).total_cmp(&key(b)));
        (key(&runs[RUNS / 2]), key(&runs[0]), key(&runs[RUNS - 1]))
    };
    println!("\nheadless Chromium ({}), real time from navigation start:", version(&chromium));
    let (ready, fastest, slowest) = median(&mut runs, |m| m.ready);
    println!("interactive after: median {ready:.0} ms (min {fastest:.0}, max {slowest:.0}; goal: under 2 s)");
    let (painted, fastest, slowest) = median(&mut runs, |m| m.painted);
    println!("first frame after that: median {painted:.0} ms (min {fastest:.0}, max {slowest:.0})");
    let (search, fastest, slowest) = median(&mut runs, |m| m.search);
    println!("one search over every surface, laid out: median {search:.1} ms (min {fastest:.1}, max {slowest:.1})");
    let (open, fastest, slowest) = median(&mut runs, |m| m.wall);
    println!("new tab until the probe answered (wall): median {open:.0} ms (min {fastest:.0}, max {slowest:.0})");
    std::fs::remove_dir_all(&dir).ok();
}

/// What the probe measured in one browser run, in milliseconds.
struct Measured {
    ready: f64,
    painted: f64,
    search: f64,
    rows: usize,
    /// From asking for a new tab to the probe's answer, seen from here.
    wall: f64,
}

/// Opens the page in a fresh headless Chromium (new profile, cold cache)
/// over the Chrome protocol (CDP) and reads the probe's answer. Not
/// `--dump-dom`: it needs `--virtual-time-budget` to wait for the page's
/// asynchronous inflate, and virtual time stops the page's clock while its
/// scripts run, so nothing measured there is real.
async fn open(chromium: &Path, url: &str, dir: &Path) -> Measured {
    use chromiumoxide::cdp::browser_protocol::page::NavigateParams;
    use chromiumoxide::{Browser, BrowserConfig};
    use futures_util::StreamExt;
    let profile = dir.join("profile");
    std::fs::remove_dir_all(&profile).ok();
    let flags = chromium::FLAGS.iter().filter(|f| **f != "--headless").map(|f| f.trim_start_matches("--"));
    let config = BrowserConfig::builder()
        .chrome_executable(chromium)
        .disable_default_args()
        .no_sandbox()
        .user_data_dir(&profile)
        .args(flags)
        .window_size(1280, 900)
        .build()
        .expect("browser config");
    let (mut browser, mut handler) = Browser::launch(config).await.expect("chromium starts");
    let events = tokio::spawn(async move { while handler.next().await.is_some() {} });
    let start = Instant::now();
    // As `check --render` does: a blank tab, then the navigation; the probe
    // is asked until the page's own context answers.
    let tab = browser.new_page("about:blank").await.expect("a tab opens");
    tab.execute(NavigateParams::new(url)).await.expect("the page opens");
    let answer = loop {
        let asked =
            tokio::time::timeout(Duration::from_secs(20), tab.evaluate(ANSWER)).await.expect("an answer within 20 s");
        if let Some(answer) = asked.ok().and_then(|result| result.into_value::<String>().ok()) {
            break answer;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let wall = ms(start.elapsed());
    browser.close().await.ok();
    browser.wait().await.ok();
    events.abort();
    let fields: Vec<&str> = answer.split(' ').collect();
    let time = |k: usize| fields[k].parse::<f64>().expect("a time");
    Measured { ready: time(0), painted: time(1), search: time(2), rows: fields[3].parse().expect("a count"), wall }
}

fn version(chromium: &Path) -> String {
    let out = Command::new(chromium).arg("--version").output().expect("chromium --version");
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
