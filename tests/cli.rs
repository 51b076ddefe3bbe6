//! The command line itself: help text, explain, usage errors, the schema.

use crate::support::{parity, root};

#[test]
fn help_texts_match_their_snapshots() {
    for command in ["", "validate", "status", "doc", "check", "demo", "diff", "scan", "init", "explain", "schema"] {
        let mut args: Vec<&str> = command.split_whitespace().collect();
        args.push("--help");
        let run = parity(&root(), &args);
        assert_eq!(run.code, 0);
        let name = if command.is_empty() { "help".to_owned() } else { format!("help_{command}") };
        insta::assert_snapshot!(name, run.stdout);
    }
}

#[test]
fn explain_prints_the_documented_explanation() {
    let run = parity(&root(), &["explain", "status-overclaim"]);
    assert_eq!(run.code, 0);
    let documented = std::fs::read_to_string(root().join("docs/codes/status-overclaim.md")).unwrap();
    assert_eq!(run.stdout, documented);
}

#[test]
fn explain_suggests_the_closest_code() {
    let run = parity(&root(), &["explain", "status-overclam"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("did you mean `status-overclaim`?"), "{}", run.stderr);
}

#[test]
fn explain_lists_every_code() {
    let run = parity(&root(), &["explain", "--list"]);
    assert_eq!(run.code, 0);
    for code in parity::Code::ALL {
        assert!(run.stdout.contains(code.as_str()), "{code} missing from --list");
    }
}

#[test]
fn a_bad_flag_value_is_a_usage_error() {
    let run = parity(&root(), &["status", "--format", "xml"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("invalid value 'xml'"), "{}", run.stderr);
    let run = parity(&root(), &["status", "--intent", "cleanup"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("expected one of: setup, update"), "{}", run.stderr);
}

#[test]
fn the_committed_schema_is_what_parity_schema_prints() {
    let run = parity(&root(), &["schema"]);
    assert_eq!(run.code, 0);
    let committed = std::fs::read_to_string(root().join("docs/matrix.schema.json")).unwrap();
    assert_eq!(
        run.stdout, committed,
        "docs/matrix.schema.json is stale: run `parity schema > docs/matrix.schema.json`"
    );
}
