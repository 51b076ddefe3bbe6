//! `parity diff` on git repositories built in temporary directories: two
//! committed versions, a working tree, reorderings, shallow clones, broken
//! revisions, and two check reports.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::support::{Run, parity, root};

/// A throwaway git repository whose `parity/` directory holds a matrix.
pub struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    fn new() -> Self {
        let repo = Self { dir: tempfile::tempdir().expect("a temporary directory") };
        repo.git(&["init", "-q", "-b", "main"], None);
        repo
    }

    pub fn path(&self) -> &Path {
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

    pub fn parity(&self, args: &[&str]) -> Run {
        parity(self.path(), args)
    }
}

pub fn git_in(dir: &Path, args: &[&str], date: Option<&str>) -> String {
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
pub fn two_versions() -> Repo {
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
    assert_eq!(catalogue.len(), 42, "the change catalogue: {explained}");
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
fn in_a_shallow_clone_the_hint_for_an_ancestor_works_when_run() {
    // `git fetch … origin HEAD~1` is an invalid refspec; the hint must be a
    // command git accepts, after which the diff runs.
    let origin = two_versions();
    let clones = tempfile::tempdir().unwrap();
    let url = format!("file://{}", origin.path().display());
    git_in(clones.path(), &["clone", "-q", "--depth", "1", &url, "shallow"], None);
    let shallow = clones.path().join("shallow");
    let run = parity(&shallow, &["diff", "--base", "HEAD~1"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    let hint = run.stderr.split('`').find(|part| part.starts_with("git fetch")).expect("a fetch hint");
    assert_eq!(hint, "git fetch --no-tags --deepen=1");
    git_in(&shallow, &hint.split(' ').skip(1).collect::<Vec<_>>(), None);
    let run = parity(&shallow, &["diff", "--base", "HEAD~1", "--fail-on", "never"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
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
fn the_web_report_lists_changes_since_a_revision_regressions_first_and_among_its_findings() {
    let repo = Repo::new();
    repo.put("base");
    repo.commit("base", "2021-01-01");
    repo.put("head");
    let run = repo.parity(&["report", "--out", "page.html", "--since", "HEAD", "--today", "2021-01-02"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let html = std::fs::read_to_string(repo.path().join("page.html")).unwrap();
    let start = html.find(r#"id="parity-data">"#).unwrap() + 17;
    let page: Value = serde_json::from_str(&html[start..start + html[start..].find("</script>").unwrap()]).unwrap();
    let since = &page["since"];
    assert_eq!(since["base"], "HEAD:parity");
    let directions: Vec<&str> =
        since["changes"].as_array().unwrap().iter().map(|c| c["direction"].as_str().unwrap()).collect();
    let rank = |d: &str| ["regression", "improvement", "other"].iter().position(|r| *r == d).unwrap();
    assert_eq!(directions.first(), Some(&"regression"), "{directions:?}");
    assert!(directions.windows(2).all(|w| rank(w[0]) <= rank(w[1])), "regressions first: {directions:?}");
    let from_diff: Vec<&Value> =
        page["findings"].as_array().unwrap().iter().filter(|f| f["source"] == "diff").collect();
    assert_eq!(from_diff.len(), directions.len());
    for finding in from_diff {
        assert!(page["explanations"][finding["code"].as_str().unwrap()].is_string(), "{finding}");
    }
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

/// A temporary directory holding `<name>/00-document.yaml` (the common
/// document of the validation cases) and `<name>/10.yaml` with `yaml`, for
/// each `(name, yaml)`.
fn matrices(versions: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let document = std::fs::read_to_string(root().join("fixtures/validate/common/document.yaml")).unwrap();
    for (name, yaml) in versions {
        let sub = dir.path().join(name);
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(sub.join("00-document.yaml"), &document).unwrap();
        std::fs::write(sub.join("10.yaml"), yaml).unwrap();
    }
    dir
}

/// `parity diff base head` in `dir` as JSON, never failing on changes.
fn diff_json(dir: &Path) -> Value {
    json(&parity(dir, &["diff", "base", "head", "--format", "json", "--fail-on", "never"]))
}

const TWO_TARGETS_ONE_SHAPE: &str = "\
surfaces:
  - id: a
    v1:
      - /a/{id}
    v3:
      - route: /v3/a/{id}
        note: by id
      - route: /v3/a/{slug}
        note: by slug
        params:
          slug: the slug shown on /v3/a
    status: covered
";

#[test]
fn two_targets_of_one_shape_are_each_compared_with_their_own() {
    let dir = matrices(&[("base", TWO_TARGETS_ONE_SHAPE), ("head", TWO_TARGETS_ONE_SHAPE)]);
    assert_eq!(parity(dir.path(), &["validate", "base"]).code, 0, "the matrix is valid");
    let report = diff_json(dir.path());
    assert_eq!(codes(&report), Vec::<String>::new(), "a matrix compared with itself: {report}");
    // Removing either target is reported, as that target.
    let by_id = "      - route: /v3/a/{id}\n        note: by id\n";
    let by_slug = "      - route: /v3/a/{slug}\n        note: by slug\n        params:\n          slug: the slug shown on /v3/a\n";
    for (removed, route) in [(by_id, "/v3/a/{id}"), (by_slug, "/v3/a/{slug}")] {
        let head = TWO_TARGETS_ONE_SHAPE.replace(removed, "");
        assert_ne!(head, TWO_TARGETS_ONE_SHAPE);
        let dir = matrices(&[("base", TWO_TARGETS_ONE_SHAPE), ("head", &head)]);
        let report = diff_json(dir.path());
        assert_eq!(codes(&report), ["target-removed"], "{report}");
        assert_eq!(report["changes"][0]["subject"], format!("target {route}"), "{report}");
    }
}

/// A surface with a landed `drain` (V1 endpoint `v1`) and a pending `rotate`.
fn drain_and_rotate(v1: &str, pending: &str) -> String {
    format!(
        "\
follow_ups:
  - {{number: 1, title: t, body: b}}
gaps:
  - {{id: g1, text: one}}
  - {{id: g2, text: two}}
surfaces:
  - id: a
    v1:
      - /a/{{id}}
    status: partial
    progress: [task]
    actions:
      - verb: drain
        intent: maintenance
        v1: {v1}
        landing: {{pattern: resource-operations-panel}}
      - verb: rotate
        intent: maintenance
        pending: {pending}
"
    )
}

#[test]
fn a_changed_v1_endpoint_of_an_action_is_reported() {
    let pending = "{reason: follow-up, follow_up: 1}";
    let (before, after) =
        (drain_and_rotate("DELETE /a/{id}", pending), drain_and_rotate("POST /a/{id}/drain", pending));
    let dir = matrices(&[("base", &before), ("head", &after)]);
    let report = diff_json(dir.path());
    assert_eq!(codes(&report), ["action-v1-endpoint-changed"], "{report}");
    let change = &report["changes"][0];
    assert_eq!((&change["before"], &change["after"]), (&"DELETE /a/{id}".into(), &"POST /a/{id}/drain".into()));
    assert_eq!(change["subject"], "action drain");
    assert_eq!(change["location"]["line"], 15, "at the head's `v1`: {change}");
    // Renaming the route's parameter is no change.
    let renamed = drain_and_rotate("DELETE /a/{nodeId}", pending);
    let dir = matrices(&[("base", &before), ("head", &renamed)]);
    assert_eq!(codes(&diff_json(dir.path())), Vec::<String>::new());
}

#[test]
fn a_changed_pending_reason_or_gap_is_reported_when_a_follow_up_is_named() {
    let endpoint = "DELETE /a/{id}";
    for (before, after, texts) in [
        (
            "{reason: follow-up, follow_up: 1}",
            "{reason: deferred, follow_up: 1}",
            ["pending (follow-up 1)", "pending (deferred, follow-up 1)"],
        ),
        (
            "{reason: contract-gap, follow_up: 1, gap: g1}",
            "{reason: contract-gap, follow_up: 1, gap: g2}",
            ["pending (contract gap g1, follow-up 1)", "pending (contract gap g2, follow-up 1)"],
        ),
        (
            "{reason: follow-up, follow_up: 1, gap: g1}",
            "{reason: follow-up, follow_up: 1}",
            ["pending (follow-up 1, gap g1)", "pending (follow-up 1)"],
        ),
    ] {
        let dir =
            matrices(&[("base", &drain_and_rotate(endpoint, before)), ("head", &drain_and_rotate(endpoint, after))]);
        let report = diff_json(dir.path());
        assert_eq!(codes(&report), ["action-pending-changed"], "{before} → {after}: {report}");
        let change = &report["changes"][0];
        assert_eq!([&change["before"], &change["after"]], texts, "{report}");
    }
}

#[test]
fn a_changed_document_section_is_reported() {
    let surfaces = "surfaces:\n  - id: a\n    v1: [/a]\n    status: covered\n";
    let dir = matrices(&[("base", surfaces), ("head", surfaces)]);
    let head_document = dir.path().join("head/00-document.yaml");
    let text = std::fs::read_to_string(&head_document).unwrap();
    let changed = text.replacen("title: Fixture Parity Audit", "title: Renamed Parity Audit", 1).replacen(
        "setup: [create,",
        "setup: [make,",
        1,
    );
    assert_ne!(text, changed);
    std::fs::write(&head_document, changed).unwrap();
    let report = diff_json(dir.path());
    assert_eq!(codes(&report), ["document-changed"], "{report}");
    let change = &report["changes"][0];
    assert_eq!(change["message"], "the document section changed: title, lifecycle.intents.setup", "{change}");
    let before = change["before"].as_str().unwrap();
    assert!(before.starts_with("title: Fixture Parity Audit; lifecycle.intents.setup: create, enroll"), "{before}");
    assert!(change["location"]["path"].as_str().unwrap().ends_with("00-document.yaml"), "{change}");
    // Only the document changed: the gate passes unless other changes fail it.
    assert_eq!(parity(dir.path(), &["diff", "base", "head"]).code, 0);
    assert_eq!(parity(dir.path(), &["diff", "base", "head", "--fail-on", "change"]).code, 1);
}

/// A surface with two `remove` actions, one landed and one pending, in
/// either order.
fn two_removes(landed_first: bool) -> String {
    let landed = "      - verb: remove\n        intent: destructive\n        v1: DELETE /a/members/{id}\n        landing: {pattern: resource-operations-panel}\n";
    let pending = "      - verb: remove\n        intent: destructive\n        v1: DELETE /a/{id}\n        pending: {reason: deferred}\n";
    let (one, two) = if landed_first { (landed, pending) } else { (pending, landed) };
    format!(
        "surfaces:\n  - id: a\n    v1: [\"/a/{{id}}\"]\n    status: partial\n    progress: [task]\n    actions:\n{one}{two}"
    )
}

#[test]
fn reordering_two_actions_with_the_same_verb_is_no_change() {
    let dir = matrices(&[("base", &two_removes(true)), ("head", &two_removes(false))]);
    let report = diff_json(dir.path());
    assert_eq!(codes(&report), Vec::<String>::new(), "{report}");
    assert_eq!(parity(dir.path(), &["diff", "base", "head"]).code, 0, "reordering fails the gate");
}

#[test]
fn two_probes_of_one_shape_are_each_compared_with_their_own() {
    let (base, head) = (fixture("reports/same-shape-base.json"), fixture("reports/same-shape-head.json"));
    let (base, head) = (base.to_str().unwrap(), head.to_str().unwrap());
    let itself = json(&parity(&root(), &["diff", base, base, "--format", "json"]));
    assert_eq!(codes(&itself), Vec::<String>::new(), "a report compared with itself: {itself}");
    // The head lists the probes in the other order, and only `{slug}` changed.
    let report = json(&parity(&root(), &["diff", base, head, "--format", "json"]));
    assert_eq!(codes(&report), ["verdict-improved"], "{report}");
    assert_eq!(report["changes"][0]["subject"], "v3 GET /v3/a/{slug}");
}

/// `parity` in `dir` with the local time zone set to `zone` (a POSIX TZ).
fn parity_in_zone(dir: &Path, zone: &str, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_parity"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("TZ", zone)
        .env_remove("GITHUB_ACTIONS")
        .output()
        .unwrap();
    Run {
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
        code: output.status.code().unwrap(),
    }
}

/// A commit is dated by the day it was made in the local time zone, as
/// files on disk are, not in the committer's.
#[test]
fn a_commit_is_dated_in_the_local_time_zone() {
    let repo = Repo::new();
    repo.put("head");
    repo.commit("head", "2021-01-01");
    std::fs::write(repo.path().join("parity/extra.yaml"), "gaps:\n  - {id: late, text: A late gap.}\n").unwrap();
    repo.git(&["add", "-A"], None);
    // 23:30 on the waiver's last day in New York is the next day in UTC.
    repo.git(&["commit", "-q", "-m", "late"], Some("2021-06-30T23:30:00-05:00"));
    let lapsed = |zone: &str| {
        let run =
            parity_in_zone(repo.path(), zone, &["diff", "--base", "HEAD~1", "--head", "HEAD", "--format", "json"]);
        codes(&json(&run)).contains(&"waiver-lapsed".to_owned())
    };
    assert!(lapsed("UTC0"), "in UTC the head is dated 2021-07-01");
    assert!(!lapsed("EST5"), "in New York the head is dated 2021-06-30");
}

#[test]
fn the_change_that_introduces_the_matrix_adds_every_surface() {
    let repo = Repo::new();
    std::fs::write(repo.path().join("README.md"), "before parity\n").unwrap();
    repo.commit("no matrix yet", "2021-01-01");
    repo.put("base");
    let run = repo.parity(&["diff", "--base", "HEAD", "--format", "json"]);
    assert_eq!(run.code, 0, "additions are no regression: {}", run.stderr);
    assert!(
        run.stderr.contains("note: `HEAD:parity` holds no matrix files: every surface counts as added"),
        "{}",
        run.stderr
    );
    let report = json(&run);
    assert_eq!(report["summary"]["regressions"], 0, "{report}");
    let added = codes(&report).iter().filter(|code| *code == "surface-added").count();
    assert_eq!(added, 4, "every surface of the head is new: {report}");
    // A revision named explicitly must hold the matrix: a typo is not an empty matrix.
    let named = repo.parity(&["diff", "HEAD:parity", "parity"]);
    assert_eq!(named.code, 2);
    assert!(named.stderr.contains("`parity` holds no .yaml or .yml files at HEAD"), "{}", named.stderr);
}
