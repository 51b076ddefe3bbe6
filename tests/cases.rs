//! The validation cases under `fixtures/validate/`: one folder per case with
//! its matrix, an `args` file and the expected transcript (`validate.snap`).
//! Adding a case is adding a folder.

use std::path::{Path, PathBuf};

use parity::Code;
use parity::finding::Kind;

use crate::support::{parity, root};

/// Waiver expiry in the cases is judged on this fixed day.
const TODAY: &str = "2026-11-29";

fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(root().join("fixtures/validate"))
        .expect("fixtures/validate exists")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| path.join("args").is_file())
        .collect();
    cases.sort();
    cases
}

fn run_case(case: &Path) -> String {
    let args = std::fs::read_to_string(case.join("args")).expect("args is readable");
    let mut args: Vec<&str> = args.split_whitespace().collect();
    args.extend(["--today", TODAY]);
    let mut transcript = format!("$ parity {}\n", args.join(" "));
    transcript.push_str(&parity(case, &args).transcript());
    transcript
}

#[test]
fn every_validation_case_matches_its_snapshot() {
    let mut failed = Vec::new();
    for case in cases() {
        let transcript = run_case(&case);
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(&case);
        settings.set_prepend_module_to_snapshot(false);
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            settings.bind(|| insta::assert_snapshot!("validate", transcript));
        }));
        if outcome.is_err() {
            failed.push(case.file_name().unwrap().to_string_lossy().into_owned());
        }
    }
    assert!(failed.is_empty(), "cases whose output changed: {failed:?}");
}

#[test]
fn every_code_has_a_case_that_reports_it() {
    // matrix-too-large needs a 50 MiB input: bad_input::a_50_mib_file_is_refused_before_parsing.
    // Probe findings and config-invalid come from `parity check`, tested in tests/check.rs;
    // scan findings from `parity scan`, tested in tests/scan.rs.
    let validation_codes = Code::ALL.iter().filter(|code| {
        !matches!(code.kind(), Kind::Probe | Kind::Scan) && !matches!(code, Code::MatrixTooLarge | Code::ConfigInvalid)
    });
    for code in validation_codes {
        let case = root().join("fixtures/validate").join(code.as_str());
        let transcript = run_case(&case);
        assert!(transcript.contains(&format!("[{code}]")), "case `{code}` does not report its code:\n{transcript}");
    }
}

#[test]
fn input_errors_exit_2_and_rule_errors_exit_1() {
    let exit_of = |case: &str| {
        let transcript = run_case(&root().join("fixtures/validate").join(case));
        transcript.lines().nth(1).map(str::to_owned).unwrap_or_default()
    };
    assert_eq!(exit_of("matrix-unknown-key"), "exit: 2");
    assert_eq!(exit_of("status-overclaim"), "exit: 1");
    assert_eq!(exit_of("clean"), "exit: 0");
    assert_eq!(exit_of("waiver-unmatched"), "exit: 0", "warnings do not fail by default");
    assert_eq!(exit_of("landing-without-evidence"), "exit: 1", "--fail-on warning fails on warnings");
    assert_eq!(exit_of("waived-overclaim"), "exit: 0", "a live waiver sets the finding aside");
}
