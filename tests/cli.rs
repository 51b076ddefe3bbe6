//! The command line itself: help text, explain, usage errors, the schema.

use crate::support::{parity, root};

#[test]
fn help_texts_match_their_snapshots() {
    let commands =
        ["", "validate", "status", "doc", "check", "demo", "diff", "report", "scan", "init", "explain", "schema"];
    for command in commands.into_iter().chain(["completions", "man"]) {
        let mut args: Vec<&str> = command.split_whitespace().collect();
        args.push("--help");
        let run = parity(&root(), &args);
        assert_eq!(run.code, 0);
        let name = if command.is_empty() { "help".to_owned() } else { format!("help_{command}") };
        insta::assert_snapshot!(name, run.stdout);
    }
}

#[test]
fn bash_completes_commands_and_flag_values() {
    let script = tempfile::NamedTempFile::new().unwrap();
    let run = parity(&root(), &["completions", "bash"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    std::fs::write(script.path(), &run.stdout).unwrap();
    // Bash calls the function with COMP_WORDS/COMP_CWORD set, as it does on <Tab>.
    let complete = |words: &str, cword: usize| {
        let probe = format!(
            "source {}; COMP_WORDS=({words}); COMP_CWORD={cword}; _parity parity \"${{COMP_WORDS[$COMP_CWORD]}}\" \
             \"${{COMP_WORDS[$COMP_CWORD-1]}}\"; echo \"${{COMPREPLY[*]}}\"",
            script.path().display()
        );
        let output = std::process::Command::new("bash").args(["--norc", "-c", &probe]).output().unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).unwrap().trim().to_owned()
    };
    assert_eq!(complete("parity sc", 1), "scan schema");
    assert_eq!(complete("parity diff --fail-on ''", 3), "regression change never");
}

#[test]
fn every_shell_has_a_completion_script_and_an_unknown_one_is_a_usage_error() {
    for shell in ["bash", "elvish", "fish", "powershell", "zsh"] {
        let run = parity(&root(), &["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        assert!(run.stdout.contains("fail-on"), "{shell}: the script lists no flag");
    }
    let unknown = parity(&root(), &["completions", "tcsh"]);
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("possible values: bash, elvish, fish, powershell, zsh"), "{}", unknown.stderr);
}

#[test]
fn man_prints_a_page_and_writes_one_per_command() {
    let page = parity(&root(), &["man"]);
    assert_eq!(page.code, 0, "{}", page.stderr);
    assert!(page.stdout.starts_with(".ie"), "not roff: {}", &page.stdout[..80.min(page.stdout.len())]);
    assert!(page.stdout.contains(".TH parity 1") && page.stdout.contains("Exit codes:"), "{}", page.stdout);
    let dir = tempfile::tempdir().unwrap();
    let written = parity(&root(), &["man", "--out", dir.path().to_str().unwrap()]);
    assert_eq!(written.code, 0, "{}", written.stderr);
    let mut pages: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    pages.sort();
    assert!(pages.contains(&"parity.1".to_owned()) && pages.contains(&"parity-check.1".to_owned()), "{pages:?}");
    assert_eq!(pages.len(), 14, "one page for parity and one per command: {pages:?}");
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

/// `--timeout 0` used to be accepted (every request then timed out at once)
/// and a negative one silently ignored.
#[test]
fn a_timeout_or_concurrency_out_of_range_is_a_usage_error() {
    for (bad, why) in [
        ("0", "must be more than 0"),
        ("0ms", "must be more than 0"),
        ("-1", "cannot be negative"),
        ("-2s", "cannot be negative"),
        ("0.0000000001", "must be more than 0"),
        ("NaN", "not a duration"),
        ("inf", "too long"),
        ("1e300", "too long"),
        ("soon", "not a duration"),
        ("2 fortnights", "not a duration"),
    ] {
        let run = parity(&root(), &["check", "--v3", "http://127.0.0.1:9", &format!("--timeout={bad}")]);
        assert_eq!(run.code, 2, "--timeout {bad}: {}", run.stderr);
        let expected = format!("invalid value '{bad}' for '--timeout <DURATION>': ");
        assert!(run.stderr.contains(&expected) && run.stderr.contains(why), "{}", run.stderr);
        assert!(run.stderr.contains("write seconds (`2.5`) or a duration with a unit (`500ms`"), "{}", run.stderr);
    }
    let run = parity(&root(), &["check", "--v3", "http://127.0.0.1:9", "--concurrency", "0"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("0 is not in 1..=65535"), "{}", run.stderr);
}

#[test]
fn an_empty_sample_value_is_a_usage_error_not_a_probe_of_the_parent_route() {
    let run = parity(&root(), &["check", "--v1", "http://127.0.0.1:9", "--param", "id="]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("`id` has an empty value"), "{}", run.stderr);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("parity.toml"), "[params]\nid = \"7\"\n[route_params.\"/a/{slug}\"]\nslug = \"\"\n")
        .unwrap();
    let matrix = root().join("parity");
    let run = parity(dir.path(), &["check", "--v1", "http://127.0.0.1:9", matrix.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("a sample value must not be empty") && run.stderr.contains("parity.toml:4:8"),
        "{}",
        run.stderr
    );
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

#[test]
fn matrix_locations_stay_relative_when_parity_toml_names_the_matrix() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("audit")).unwrap();
    std::fs::create_dir_all(dir.path().join("web/src")).unwrap();
    let surface = "surfaces:\n  - id: a\n    v1: [/a]\n    status: covered\n";
    std::fs::write(dir.path().join("audit/10.yaml"), surface).unwrap();
    std::fs::write(dir.path().join("parity.toml"), "[matrix]\npaths = [\"audit\"]\n").unwrap();
    // From the repository root and from a subdirectory: never the absolute path of the checkout,
    // which would change with where CI clones it and would keep annotations off the pull request.
    for (cwd, expected) in
        [(dir.path().to_owned(), "audit/10.yaml"), (dir.path().join("web/src"), "../../audit/10.yaml")]
    {
        let run = parity(&cwd, &["status", "--format", "json"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(report["surfaces"][0]["location"]["path"], expected, "{}", run.stdout);
    }
}
