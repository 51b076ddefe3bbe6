//! `parity diff` on git repositories built in temporary directories: two
//! committed versions, a working tree, reorderings, shallow clones, broken
//! revisions, and two check reports.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::support::{Run, parity, root};

/// A throwaway git repository whose `parity/` directory holds a matrix.
struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    fn new() -> Self {
        let repo = Self { dir: tempfile::tempdir().expect("a temporary directory") };
        repo.git(&["init", "-q", "-b", "main"], None);
        repo
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Runs git with a fixed identity and, when given, a fixed commit date.
    fn git(&self, args: &[&str], date: Option<&str>) -> String {
        git_in(self.path(), args, date)
    }

    /// Replaces `parity/` with the files of `fixtures/diff/<version>/`.
    fn put(&self, version: &str) {
        let target = self.path().join("parity");
        if target.exists() {
            std::fs::remove_dir_all(&target).unwrap();
        }
        std::fs::create_dir_all(&target).unwrap();
        for entry in std::fs::read_dir(fixture(version)).unwrap() {
            let entry = entry.unwrap().path();
            std::fs::copy(&entry, target.join(entry.file_name().unwrap())).unwrap();
        }
    }

    /// Commits everything, dated `date` (YYYY-MM-DD).
    fn commit(&self, message: &str, date: &str) {
        self.git(&["add", "-A"], None);
        self.git(&["commit", "-q", "-m", message], Some(&format!("{date}T12:00:00Z")));
    }

    fn parity(&self, args: &[&str]) -> Run {
        parity(self.path(), args)
    }
}

fn git_in(dir: &Path, args: &[&str], date: Option<&str>) -> String {
    let mut command = Command::new("git");
    command
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "parity tests")
        .env("GIT_AUTHOR_EMAIL", "tests@parity.invalid")
        .env("GIT_COMMITTER_NAME", "parity tests")
        .env("GIT_COMMITTER_EMAIL", "tests@parity.invalid");
    if let Some(date) = date {
        command.env("GIT_AUTHOR_DATE", date).env("GIT_COMMITTER_DATE", date);
    }
    let output = command.output().expect("git runs");
    assert!(output.status.success(), "git {args:?} failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

fn fixture(name: &str) -> PathBuf {
    root().join("fixtures/diff").join(name)
}

/// A repository with the base version committed on 2021-01-01 and tagged
/// `v1`, then the head version committed on 2021-09-01: the users waiver
/// (until 2021-06-30) lapses in between.
fn two_versions() -> Repo {
    let repo = Repo::new();
    repo.put("base");
    repo.commit("base", "2021-01-01");
    repo.git(&["tag", "v1"], None);
    repo.put("head");
    repo.commit("head", "2021-09-01");
    repo
}

fn json(run: &Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", run.stdout))
}

fn codes(report: &Value) -> Vec<String> {
    report["changes"].as_array().unwrap().iter().map(|c| c["code"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn every_format_between_two_revisions() {
    let repo = two_versions();
    for format in ["table", "markdown", "json", "github"] {
        let run = repo.parity(&["diff", "--base", "v1", "--head", "HEAD", "--format", format]);
        assert_eq!(run.code, 1, "regressions fail the run: {}", run.stderr);
        insta::assert_snapshot!(format!("diff_{format}"), run.transcript());
    }
}

#[test]
fn the_fixture_exercises_every_matrix_change_code() {
    let repo = two_versions();
    let report = json(&repo.parity(&["diff", "--base", "v1", "--head", "HEAD", "--format", "json"]));
    let found = codes(&report);
    let report_only = ["verdict-regressed", "verdict-improved", "verdict-changed", "probe-added", "probe-removed"];
    let explained = parity(&root(), &["explain", "--list"]).stdout;
    let catalogue: Vec<&str> =
        explained.lines().filter(|line| line.contains(" diff ")).filter_map(|l| l.split_whitespace().next()).collect();
    assert_eq!(catalogue.len(), 40, "the change catalogue: {explained}");
    for code in catalogue.iter().filter(|code| !report_only.contains(code)) {
        assert!(found.iter().any(|f| f == code), "no `{code}` in the fixture diff: {found:?}");
    }
    // Regressions come first, then improvements, then other changes.
    let directions: Vec<&str> =
        report["changes"].as_array().unwrap().iter().map(|c| c["direction"].as_str().unwrap()).collect();
    let mut sorted = directions.clone();
    sorted.sort_by_key(|d| ["regression", "improvement", "other"].iter().position(|x| x == d));
    assert_eq!(directions, sorted);
    assert_eq!(report["failing"], true);
}

#[test]
fn rev_colon_path_arguments_read_the_same_versions() {
    let repo = two_versions();
    let by_flags = json(&repo.parity(&["diff", "--base", "v1", "--head", "HEAD", "--format", "json"]));
    let by_args = json(&repo.parity(&["diff", "v1:parity", "HEAD:parity", "--format", "json"]));
    assert_eq!(by_flags["changes"], by_args["changes"]);
    assert_eq!(by_args["base"], "v1:parity");
}

#[test]
fn working_tree_against_a_revision() {
    let repo = Repo::new();
    repo.put("base");
    repo.commit("base", "2021-01-01");
    repo.put("head");
    let run = repo.parity(&["diff", "--base", "HEAD", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = json(&run);
    assert_eq!(report["head"], "parity");
    // The head is dated today, long after the waiver's expiry.
    assert!(codes(&report).contains(&"waiver-lapsed".to_owned()));
    // Annotations point at the working tree's files.
    let github = repo.parity(&["diff", "--base", "HEAD", "--format", "github"]);
    assert!(github.stdout.contains("::error file=parity/matrix.yaml,line=24,"), "{}", github.stdout);
}

#[test]
fn reordering_and_renamed_parameters_are_no_change() {
    let repo = Repo::new();
    repo.put("head");
    repo.commit("head", "2021-01-01");
    repo.put("reordered");
    repo.commit("reordered and split in two files", "2021-01-02");
    // Both commits are dated before the users waiver expires, so nothing lapses in between.
    let run = repo.parity(&["diff", "--base", "HEAD~1", "--head", "HEAD"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(run.stdout.ends_with("\nno changes\n"), "{}", run.stdout);
    let markdown = repo.parity(&["diff", "--base", "HEAD~1", "--head", "HEAD", "--format", "markdown"]);
    assert_eq!(markdown.stdout, "<!-- parity-diff -->\n**parity diff** `HEAD~1:parity` → `HEAD:parity`: no changes\n");
    // Against the working tree (dated today) the waiver has lapsed: the only change.
    let today = repo.parity(&["diff", "--base", "HEAD~1", "--format", "json"]);
    assert_eq!(codes(&json(&today)), ["waiver-lapsed"]);
}

#[test]
fn fail_on_decides_which_changes_fail() {
    let (base, head) = (fixture("base"), fixture("head"));
    let (base, head) = (base.to_str().unwrap(), head.to_str().unwrap());
    assert_eq!(parity(&root(), &["diff", base, head, "--fail-on", "never"]).code, 0);
    // Only improvements and other changes: clean by default, failing with `change`.
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("base/matrix.yaml")).unwrap();
    let better = text.replace(
        "  - id: volumes\n    v1: [/volumes]\n    status: deferred",
        "  - id: volumes\n    v1: [/volumes]\n    status: partial",
    );
    assert_ne!(text, better);
    let more = format!("{better}\n  - {{code: route-missing, surface: volumes, reason: x, expires: 2099-01-01}}\n");
    std::fs::write(dir.path().join("after.yaml"), more).unwrap();
    let after = dir.path().join("after.yaml");
    let after = after.to_str().unwrap();
    let before = fixture("base/matrix.yaml");
    let before = before.to_str().unwrap();
    let clean = parity(&root(), &["diff", before, after, "--format", "json"]);
    assert_eq!(codes(&json(&clean)), ["status-improved", "waiver-added"]);
    assert_eq!(clean.code, 0);
    assert_eq!(parity(&root(), &["diff", before, after, "--fail-on", "change"]).code, 1);
}

#[test]
fn a_shallow_clone_says_how_to_fetch_the_base() {
    let origin = two_versions();
    let clones = tempfile::tempdir().unwrap();
    let url = format!("file://{}", origin.path().display());
    git_in(clones.path(), &["clone", "-q", "--depth", "1", &url, "shallow"], None);
    let run = parity(&clones.path().join("shallow"), &["diff", "--base", "v1"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(run.stderr.contains("revision `v1` is not in this clone, which is shallow"), "{}", run.stderr);
    assert!(run.stderr.contains("`git fetch --no-tags --depth=1 origin v1`"), "{}", run.stderr);
}

#[test]
fn outside_a_repository_the_error_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let run = parity(dir.path(), &["diff", "--base", "main"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("is not inside a git repository"), "{}", run.stderr);
}

#[test]
fn a_malformed_matrix_at_a_revision_is_located() {
    let repo = Repo::new();
    std::fs::create_dir_all(repo.path().join("parity")).unwrap();
    std::fs::write(repo.path().join("parity/matrix.yaml"), "surfaces:\n  - id: x\n    v1: [/x]\n    stauts: covered\n")
        .unwrap();
    repo.commit("broken", "2021-01-01");
    repo.put("head");
    let run = repo.parity(&["diff", "--base", "HEAD"]);
    assert_eq!(run.code, 2);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn two_check_reports() {
    let (base, head) = (fixture("reports/base.json"), fixture("reports/head.json"));
    let run = parity(&root(), &["diff", base.to_str().unwrap(), head.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.transcript().replace(&root().display().to_string(), "[root]"));
    // Each verdict speaks for the surfaces that list the route; the base report predates that field.
    let json = json(&parity(&root(), &["diff", base.to_str().unwrap(), head.to_str().unwrap(), "--format", "json"]));
    let shared = json["changes"].as_array().unwrap().iter().find(|c| c["subject"] == "v3 GET /v3/nodes").unwrap();
    assert_eq!((&shared["surface"], &shared["other_surfaces"]), (&"nodes".into(), &serde_json::json!(["node-detail"])));
    let removed = json["changes"].as_array().unwrap().iter().find(|c| c["code"] == "probe-removed").unwrap();
    assert!(removed.get("surface").is_none(), "{removed}");
    // Reports have no YAML lines, so the Markdown has no empty "At" column.
    let markdown = parity(&root(), &["diff", base.to_str().unwrap(), head.to_str().unwrap(), "--format", "markdown"]);
    assert!(
        markdown
            .stdout
            .contains("| `verdict-regressed` | nodes, node-detail: v3 GET /v3/nodes | present | missing |\n")
    );
    assert!(!markdown.stdout.contains("| At |"), "{}", markdown.stdout);
    let mixed = parity(&root(), &["diff", base.to_str().unwrap(), "fixtures/diff/head"]);
    assert_eq!(mixed.code, 2);
    assert!(mixed.stderr.contains("not both `parity check` JSON reports"), "{}", mixed.stderr);
}

#[test]
fn the_audit_document_lists_changes_since_a_revision() {
    let repo = Repo::new();
    repo.put("base");
    repo.commit("base", "2021-01-01");
    repo.put("head");
    let run = repo.parity(&["doc", "--since", "HEAD"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let section = &run.stdout[run.stdout.find("## Changes since HEAD").expect("the section")..];
    assert!(
        section.contains("### Regressions\n\n- `node-detail`: declared status fell from mostly covered to partial"),
        "{section}"
    );
    assert!(section.contains("### Improvements"), "{section}");
}

#[test]
fn on_github_actions_annotations_are_the_default_and_the_comment_goes_to_the_step_summary() {
    let repo = two_versions();
    let summary = repo.path().join("step-summary.md");
    let output = Command::new(env!("CARGO_BIN_EXE_parity"))
        .args(["diff", "--base", "v1", "--head", "HEAD"])
        .current_dir(repo.path())
        .env("NO_COLOR", "1")
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.starts_with("::error file=parity/matrix.yaml,"), "{stdout}");
    let written = std::fs::read_to_string(&summary).unwrap();
    assert!(written.starts_with("<!-- parity-diff -->\n**parity diff** `v1:parity` → `HEAD:parity`"), "{written}");
}
