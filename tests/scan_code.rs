//! The code-route fixtures under `fixtures/scan/<framework>/`: a small source
//! tree per framework and its reviewed `expected.txt`, one route a line
//! (`METHODS PATTERN FILE:LINE CONFIDENCE [prefix-unresolved=EXPR]`, `#`
//! lines name the trap a route covers). Adding a case is editing files.

use std::path::{Path, PathBuf};

use parity::scan::code::{FRAMEWORKS, SourceFile, extract};
use parity::scan::{Confidence, DiscoveredRoute};

use crate::support::root;

fn sources(dir: &Path, base: &Path, extensions: &[&str], out: &mut Vec<SourceFile>) {
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(dir).expect("readable fixture dir").map(|e| e.expect("entry").path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            sources(&path, base, extensions, out);
        } else if path.extension().is_some_and(|ext| extensions.iter().any(|e| ext == *e)) {
            let text = std::fs::read_to_string(&path).expect("fixture is UTF-8");
            out.push(SourceFile { path: path.strip_prefix(base).expect("below base").to_path_buf(), text });
        }
    }
}

fn line(route: &DiscoveredRoute) -> String {
    let confidence = match route.confidence {
        Confidence::Unresolved => "unresolved",
        Confidence::Heuristic => "heuristic",
        Confidence::Exact => "exact",
    };
    let mut line = format!(
        "{} {} {}:{} {confidence}",
        route.methods.join(","),
        route.pattern,
        route.file.display().to_string().replace('\\', "/"),
        route.line
    );
    if let Some(expr) = &route.unresolved_prefix {
        line = format!("{line} prefix-unresolved={expr}");
    }
    line
}

fn expected(dir: &Path) -> String {
    let text = std::fs::read_to_string(dir.join("expected.txt")).expect("expected.txt exists");
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.trim_end().to_owned() + "\n")
        .collect()
}

#[test]
fn every_code_framework_fixture_yields_its_expected_routes() {
    let mut failures = Vec::new();
    for (framework, extensions) in FRAMEWORKS {
        let dir = root().join("fixtures/scan").join(framework);
        assert!(dir.is_dir(), "fixtures/scan/{framework} is missing");
        let mut files = Vec::new();
        sources(&dir, &dir, extensions, &mut files);
        let actual: String = extract(framework, &files).iter().map(|r| line(r) + "\n").collect();
        let expected = expected(&dir);
        if actual != expected {
            let diff = similar::TextDiff::from_lines(&expected, &actual);
            failures
                .push(format!("--- {framework} (- expected, + extracted)\n{}", diff.unified_diff().context_radius(2)));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
