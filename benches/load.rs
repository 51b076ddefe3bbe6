//! Load-and-validate benchmark: a generated matrix of 10,000 surfaces,
//! compared with a bare parse of the same bytes by the same YAML parser.
//! Then the diff benchmark: two 10,000-surface versions (the second with
//! renames, status changes, lost landings and new targets) loaded and
//! diffed, compared with loading them both.
//!
//! Run: `cargo bench --bench load` (see docs/benchmarks.md). Each measured
//! step runs in a child process so that its peak memory (`VmHWM`, Linux) is
//! its own.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

#[path = "support/matrix.rs"]
mod matrix;
use matrix::generate;

const SURFACES: usize = 10_000;
const RUNS: usize = 5;

/// The steps measured, each in its own process.
const STEPS: &[(&str, &str)] = &[
    ("events", "saphyr-parser events only (no serde)"),
    ("bare", "serde-saphyr into IgnoredAny (bare parse)"),
    ("load", "parity load (typed, spanned)"),
    ("validate", "parity load + validate"),
    ("both", "parity load of base and head"),
    ("diff", "parity load of base and head + diff"),
];

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    if let (Some(step), Some(path)) = (args.next(), args.next()) {
        if STEPS.iter().any(|(name, _)| *name == step) {
            return child(&step, Path::new(&path));
        }
    }
    parent();
}

fn parent() {
    let dir = std::env::temp_dir().join(format!("parity-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("matrix.yaml");
    std::fs::write(&path, generate(SURFACES, false)).expect("write matrix");
    // Beside the base directory, not in it: a directory is read recursively.
    let head = dir.with_extension("head");
    std::fs::create_dir_all(&head).expect("head dir");
    std::fs::write(head.join("matrix.yaml"), generate(SURFACES, true)).expect("write head matrix");
    let document = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/validate/common/document.yaml");
    std::fs::copy(document, dir.join("00-document.yaml")).expect("copy document");
    let bytes = std::fs::metadata(&path).expect("matrix written").len();
    println!("matrix: {SURFACES} surfaces, {:.1} MiB, {RUNS} runs per step (each in a fresh process)\n", mib(bytes));
    println!("{:<44} {:>10} {:>10} {:>12}", "step", "min ms", "median ms", "peak RSS MiB");
    let mut medians = Vec::new();
    for (step, label) in STEPS {
        let target = if matches!(*step, "validate" | "load" | "both" | "diff") { dir.clone() } else { path.clone() };
        let mut times = Vec::new();
        let mut peak = 0;
        for _ in 0..RUNS {
            let (elapsed, rss) = run_child(step, &target);
            times.push(elapsed);
            peak = peak.max(rss);
        }
        times.sort();
        let median = times[RUNS / 2];
        medians.push(median);
        println!("{label:<44} {:>10.1} {:>10.1} {:>12.1}", ms(times[0]), ms(median), kib_to_mib(peak));
    }
    let ratio = ms(medians[3]) / ms(medians[1]);
    println!("\nload + validate / bare parse = {ratio:.2}x (goal: at most 1.5x)");
    let ratio = ms(medians[5]) / ms(medians[4]);
    println!("load both + diff / load both = {ratio:.2}x (goal: under 1.5x)");
    std::fs::remove_dir_all(&dir).ok();
    std::fs::remove_dir_all(dir.with_extension("head")).ok();
}

/// Runs one step in a child process; returns its own timing and peak RSS (KiB).
fn run_child(step: &str, path: &Path) -> (Duration, u64) {
    let output = Command::new(std::env::current_exe().expect("bench binary"))
        .args([step, path.to_str().expect("UTF-8 temp path")])
        .output()
        .expect("child runs");
    assert!(output.status.success(), "{step} failed: {}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8(output.stdout).expect("UTF-8");
    let mut fields = text.split_whitespace().map(|f| f.parse::<u64>().expect("number"));
    (Duration::from_nanos(fields.next().unwrap()), fields.next().unwrap())
}

fn child(step: &str, path: &Path) {
    let start = Instant::now();
    match step {
        "events" => {
            let text = std::fs::read_to_string(path).unwrap();
            let mut parser = saphyr_parser_bw::Parser::new_from_str(&text);
            let mut events = 0_usize;
            while let Some(event) = parser.next_event() {
                event.expect("valid YAML");
                events += 1;
            }
            assert!(events > SURFACES);
        }
        "bare" => {
            let text = std::fs::read_to_string(path).unwrap();
            let options = serde_saphyr::Options {
                budget: Some(serde_saphyr::Budget {
                    max_depth: 48,
                    max_events: 20_000_000,
                    max_nodes: 20_000_000,
                    ..serde_saphyr::Budget::default()
                }),
                strict_booleans: true,
                with_snippet: false,
                ..serde_saphyr::Options::default()
            };
            let _: serde::de::IgnoredAny = serde_saphyr::from_str_with_options(&text, options).expect("parses");
        }
        "load" | "validate" => {
            let loaded = parity::matrix::load(&[path.to_path_buf()]);
            assert!(loaded.problems.is_empty(), "{:?}", loaded.problems.first());
            assert_eq!(loaded.matrix.surfaces.len(), SURFACES);
            if step == "validate" {
                let today = jiff::civil::date(2026, 11, 29);
                let validation = parity::matrix::validate(&loaded.matrix, &loaded.sources, today);
                assert!(validation.findings.is_empty(), "{:?}", validation.findings.first());
            }
        }
        "both" | "diff" => {
            let version = |path: PathBuf| {
                let loaded = parity::matrix::load(&[path]);
                assert!(loaded.problems.is_empty(), "{:?}", loaded.problems.first());
                parity::diff::Version { label: String::new(), loaded, date: jiff::civil::date(2026, 11, 29) }
            };
            let base = version(path.to_path_buf());
            let head = version(path.with_extension("head"));
            if step == "diff" {
                let changes = parity::diff::compare_matrices(&base, &head);
                // Per 10 surfaces: one renamed, one regressed, one with a new target.
                assert!(changes.len() >= SURFACES * 3 / 10, "{} changes", changes.len());
            }
        }
        _ => unreachable!(),
    }
    let elapsed = start.elapsed();
    println!("{} {}", elapsed.as_nanos(), peak_rss_kib());
}

/// Peak resident set size of this process, from /proc (Linux).
fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|l| l.starts_with("VmHWM:"))?.to_owned();
            line.split_whitespace().nth(1)?.parse().ok()
        })
        .unwrap_or(0)
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

// Sizes here are far below 2^52, where the conversion would lose precision.
#[allow(clippy::cast_precision_loss)]
fn mib(bytes: u64) -> f64 {
    bytes as f64 / 1024.0 / 1024.0
}

fn kib_to_mib(kib: u64) -> f64 {
    mib(kib * 1024)
}
