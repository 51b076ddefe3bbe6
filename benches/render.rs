//! Render benchmark: the fixture single-page app (`fixtures/spa/`) served on
//! 127.0.0.1, 48 routes rendered and read by parity's browser engine at
//! concurrency 1, 4 and 8, side by side with the same render-and-read done
//! by Playwright (`benches/playwright/render.mjs`, playwright-core driving
//! the same Chromium). Reports routes per second and the peak summed RSS of
//! the browser's processes (those this benchmark started, sampled every
//! 50 ms from /proc, Linux).
//!
//! Run: `(cd benches/playwright && npm ci)` once, then
//! `cargo bench --bench render` (see docs/benchmarks.md). Without a browser
//! it says so and exits; without node or playwright-core only parity runs.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use parity::probe::{Deployment, KnownRoutes, PlannedProbe, ProbeKind, Quiet, Role};
use parity::render::{RenderOptions, RenderPlan};

#[path = "support/chromium.rs"]
mod chromium;

const ROUTES: u32 = 48;
const LEVELS: [usize; 3] = [1, 4, 8];

fn main() {
    let Some(browser) = chromium::find() else {
        eprintln!("no browser: install Chromium (see README) to run this benchmark");
        return;
    };
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let base = runtime.block_on(serve());
    let urls: Vec<String> = (0..ROUTES).map(|i| format!("{base}{}", path(i))).collect();
    println!("{ROUTES} routes of fixtures/spa, browser {}", browser.display());
    println!("| engine | concurrency | routes/s | wall s | browser peak RSS MiB |");
    println!("| --- | --- | --- | --- | --- |");
    for concurrency in LEVELS {
        let (wall, rss) = sampled(|| Some(parity_run(&browser, &base, &urls, concurrency)));
        row("parity", concurrency, wall, rss);
        let playwright = || playwright_run(&browser, &urls, concurrency);
        match sampled(playwright) {
            (Some(wall), rss) => row("playwright-core", concurrency, Some(wall), rss),
            (None, _) => {
                println!("| playwright-core | {concurrency} | not run (npm ci in benches/playwright) | | |");
            }
        }
    }
}

fn row(engine: &str, concurrency: usize, wall: Option<Duration>, rss_kib: u64) {
    let Some(wall) = wall else { return };
    let rate = f64::from(ROUTES) / wall.as_secs_f64();
    println!("| {engine} | {concurrency} | {rate:.1} | {:.2} | {} |", wall.as_secs_f64(), rss_kib / 1024);
}

/// Known views, not-found views and the mutating dashboard, in turn.
fn path(i: u32) -> String {
    match i % 4 {
        0 => "/nodes".to_owned(),
        1 => format!("/nodes/n-{i}"),
        2 => "/jobs".to_owned(),
        _ => format!("/reports/{i}"),
    }
}

fn parity_run(browser: &Path, base: &str, urls: &[String], concurrency: usize) -> Duration {
    let deployment = Deployment {
        name: "v3".to_owned(),
        role: Role::V3,
        base_url: base.parse().expect("the server's URL"),
        headers: Vec::new(),
        mutable: false,
    };
    let probes: Vec<PlannedProbe> = urls
        .iter()
        .map(|url| PlannedProbe {
            deployment: "v3".into(),
            kind: ProbeKind::Route,
            method: "GET".into(),
            route: url.trim_start_matches(base).into(),
            surfaces: std::sync::Arc::default(),
            url: url.as_str().into(),
            resolves_to: None,
            marker: None,
            options_only: false,
        })
        .collect();
    // Playwright's network idle is 500 ms without a request: the same settle here.
    let options = RenderOptions {
        browser: browser.to_path_buf(),
        concurrency,
        settle: Duration::from_millis(500),
        ..RenderOptions::default()
    };
    let plan =
        RenderPlan { probes: &probes, deployments: std::slice::from_ref(&deployment), known: &KnownRoutes::default() };
    let started = Instant::now();
    let rendered = parity::render::run_blocking(options, plan, &Quiet).expect("the browser starts");
    assert_eq!(rendered.len(), urls.len());
    started.elapsed()
}

fn playwright_run(browser: &Path, urls: &[String], concurrency: usize) -> Option<Duration> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/playwright");
    if !dir.join("node_modules/playwright-core").is_dir() {
        return None;
    }
    let output = Command::new("node")
        .arg("render.mjs")
        .arg(browser)
        .arg(concurrency.to_string())
        .args(urls)
        .current_dir(&dir)
        .output()
        .ok()?;
    if !output.status.success() {
        eprintln!("playwright failed: {}", String::from_utf8_lossy(&output.stderr));
        return None;
    }
    let millis: u64 = String::from_utf8_lossy(&output.stdout).trim().parse().ok()?;
    Some(Duration::from_millis(millis))
}

/// Runs `work` while summing, every 50 ms, the RSS of the browser
/// processes this benchmark started (processes named `chrom…` below this
/// process: other runs' browsers on the machine are not counted); returns
/// what `work` returned and the peak sum in KiB.
fn sampled<T: Send>(work: impl FnOnce() -> T + Send) -> (T, u64) {
    let done = Arc::new(AtomicBool::new(false));
    let peak = Arc::new(AtomicU64::new(0));
    std::thread::scope(|scope| {
        let (done_flag, peak_seen) = (Arc::clone(&done), Arc::clone(&peak));
        scope.spawn(move || {
            while !done_flag.load(Ordering::Relaxed) {
                peak_seen.fetch_max(browser_rss(std::process::id()), Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(50));
            }
        });
        let result = work();
        done.store(true, Ordering::Relaxed);
        (result, peak.load(Ordering::Relaxed))
    })
}

/// Each process's parent, name and RSS in KiB, from /proc.
fn processes() -> HashMap<u32, (u32, String, u64)> {
    let Ok(entries) = std::fs::read_dir("/proc") else { return HashMap::new() };
    entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let pid: u32 = entry.file_name().to_string_lossy().parse().ok()?;
            let status = std::fs::read_to_string(entry.path().join("status")).ok()?;
            let field =
                |name: &str| status.lines().find_map(|line| line.strip_prefix(name)).map(|rest| rest.trim().to_owned());
            let parent = field("PPid:")?.parse().ok()?;
            let rss = field("VmRSS:").and_then(|rss| rss.split_whitespace().next()?.parse().ok()).unwrap_or(0);
            Some((pid, (parent, field("Name:")?, rss)))
        })
        .collect()
}

fn browser_rss(root: u32) -> u64 {
    let table = processes();
    let below_root = |mut pid: u32| {
        while let Some((parent, _, _)) = table.get(&pid) {
            if *parent == root {
                return true;
            }
            pid = *parent;
        }
        false
    };
    table.iter().filter(|(pid, (_, name, _))| name.starts_with("chrom") && below_root(**pid)).map(|(_, p)| p.2).sum()
}

/// Serves the fixture app: `index.html` for every path, its script, and
/// small `/api/*` answers.
async fn serve() -> String {
    let router = axum::Router::new().fallback(|request: axum::extract::Request| async move {
        let file = |name: &str| {
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/spa").join(name))
                .unwrap_or_default()
        };
        let (kind, body) = match request.uri().path() {
            "/app.js" => ("text/javascript", file("app.js")),
            "/config.js" => ("text/javascript", String::new()),
            "/api/jobs" => ("application/json", "[1, 2]".to_owned()),
            path if path.starts_with("/api/") => ("application/json", "{}".to_owned()),
            _ => ("text/html", file("index.html")),
        };
        ([(axum::http::header::CONTENT_TYPE, kind)], body)
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a loopback port");
    let address = listener.local_addr().expect("its address");
    tokio::spawn(async move { axum::serve(listener, router).await });
    format!("http://{address}")
}
