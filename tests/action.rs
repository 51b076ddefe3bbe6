//! The GitHub Action's script (ci/action.sh) run as action.yml runs it,
//! with a fake GITHUB_* environment (outputs file, step summary, event
//! payload) and a fake `gh` that answers from files and records its calls:
//! inputs → command line, outputs, summary, annotations, comment upsert,
//! and the install with its checksum check and cargo fallback.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::root;

const FAKE_GH: &str = r#"#!/usr/bin/env bash
# Records each call; `api` runs the real jq filter over the stored comments.
printf '%s\n' "$*" >>"$FAKE/gh.log"
case "$1" in
  api)
    shift
    method=GET filter=.
    while [ $# -gt 0 ]; do
      case "$1" in
        --method) method=$2; shift 2 ;;
        --jq) filter=$2; shift 2 ;;
        --paginate) shift ;;
        -F) cp "${2#body=@}" "$FAKE/body-$method.md"; shift 2 ;;
        *) shift ;;
      esac
    done
    case "$method" in
      GET) jq -r "$filter" "$FAKE/comments.json" ;;
      POST) echo '{"id": 501}' | jq -r "$filter" ;;
      *) echo '{}' ;;
    esac ;;
  release)
    case "$2" in
      view) echo v9.9.9 ;;
      download) dir=$(printf '%s\n' "$@" | awk 'prev == "--dir" { print } { prev = $0 }'); cp "$FAKE"/release/* "$dir/" ;;
    esac ;;
esac
"#;

const FAKE_CARGO: &str = r#"#!/usr/bin/env bash
printf '%s\n' "$*" >>"$FAKE/cargo.log"
root=$(printf '%s\n' "$@" | awk 'prev == "--root" { print } { prev = $0 }')
mkdir -p "$root/bin" && printf '#!/bin/sh\necho built\n' >"$root/bin/parity" && chmod +x "$root/bin/parity"
"#;

/// A runner: temporary files for GitHub's, a bin directory with the fakes
/// and the parity under test.
struct Runner {
    dir: tempfile::TempDir,
}

/// What one step left behind.
struct Step {
    code: i32,
    stdout: String,
    stderr: String,
    outputs: BTreeMap<String, String>,
    summary: String,
}

impl Step {
    /// Asserts that the step's log (stderr) says `text`.
    fn logged(&self, text: &str) {
        assert!(self.stderr.contains(text), "{}", self.stderr);
    }
}

impl Runner {
    fn new(event: &str, comments: &str) -> Self {
        let runner = Self { dir: tempfile::tempdir().unwrap() };
        let fake = runner.fake();
        std::fs::create_dir_all(fake.join("bin")).unwrap();
        std::fs::create_dir_all(fake.join("release")).unwrap();
        std::fs::create_dir_all(runner.path().join("temp")).unwrap();
        write_executable(&fake.join("bin/gh"), FAKE_GH);
        write_executable(&fake.join("bin/cargo"), FAKE_CARGO);
        std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_parity"), fake.join("bin/parity")).unwrap();
        std::fs::write(runner.path().join("event.json"), event).unwrap();
        std::fs::write(fake.join("comments.json"), comments).unwrap();
        runner
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn fake(&self) -> PathBuf {
        self.path().join("fake")
    }

    fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.path().join(name)).unwrap_or_default()
    }

    /// Runs `ci/action.sh step` in `cwd` with the inputs as action.yml passes them.
    fn step(&self, step: &str, cwd: &Path, env: &[(&str, &str)]) -> Step {
        let path = format!("{}:{}", self.fake().join("bin").display(), std::env::var("PATH").unwrap());
        for name in ["output", "summary"] {
            std::fs::write(self.path().join(name), "").unwrap();
        }
        let output = Command::new("bash")
            .arg(root().join("ci/action.sh"))
            .arg(step)
            .current_dir(cwd)
            .env_clear()
            .env("PATH", path)
            .env("HOME", self.path())
            .env("FAKE", self.fake())
            .env("GITHUB_OUTPUT", self.path().join("output"))
            .env("GITHUB_STEP_SUMMARY", self.path().join("summary"))
            .env("GITHUB_PATH", self.path().join("path"))
            .env("GITHUB_EVENT_PATH", self.path().join("event.json"))
            .env("GITHUB_REPOSITORY", "acme/shop")
            .env("RUNNER_TEMP", self.path().join("temp"))
            .envs(env.iter().copied())
            .output()
            .unwrap();
        let outputs = self
            .read("output")
            .lines()
            .filter_map(|line| line.split_once('=').map(|(k, v)| (k.to_owned(), v.to_owned())))
            .collect();
        Step {
            code: output.status.code().unwrap(),
            stdout: String::from_utf8(output.stdout).unwrap(),
            stderr: String::from_utf8(output.stderr).unwrap(),
            outputs,
            summary: self.read("summary"),
        }
    }
}

fn write_executable(path: &Path, text: &str) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(path, text).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

const PULL_REQUEST: &str = r#"{"pull_request": {"number": 7}}"#;

#[test]
fn validate_inputs_become_the_command_line_outputs_annotations_and_summary() {
    let runner = Runner::new(PULL_REQUEST, "[]");
    let case = root().join("fixtures/validate/duplicate-surface-id");
    let step = runner.step(
        "run",
        &case,
        &[
            ("INPUT_COMMAND", "validate"),
            ("INPUT_ARGS", "../common/document.yaml  matrix.yaml"),
            ("INPUT_FAIL_ON", "warning"),
        ],
    );
    assert_eq!(step.code, 0, "the run step records the exit code; `finish` fails: {}", step.stderr);
    step.logged("+ parity validate ../common/document.yaml matrix.yaml --fail-on warning --format sarif");
    let report = runner.path().join("temp/parity-validate.sarif");
    assert_eq!(step.outputs["exit-code"], "1");
    assert_eq!(step.outputs["report-path"], report.display().to_string());
    assert_eq!((step.outputs["errors"].as_str(), step.outputs["warnings"].as_str()), ("1", "0"));
    crate::code_scanning::valid_sarif(&std::fs::read_to_string(&report).unwrap());
    assert!(
        step.stdout.starts_with("::error file=matrix.yaml,line=5,col=9,title=duplicate-surface-id::surface id `nodes` is used twice%0Ahelp: first used at matrix.yaml:2:9"),
        "{}",
        step.stdout
    );
    assert!(
        step.summary.starts_with("## parity validate\n\nexit code 1: 1 errors, 0 warnings, 0 notes\n"),
        "{}",
        step.summary
    );
    assert!(
        step.summary.contains("| error | `duplicate-surface-id` | matrix.yaml:5 | surface id `nodes` is used twice |"),
        "{}",
        step.summary
    );
    let finish = runner.step("finish", &case, &[("PARITY_EXIT_CODE", &step.outputs["exit-code"])]);
    assert_eq!(finish.code, 1, "the action fails as parity did");
}

#[test]
fn an_unknown_command_is_an_error_and_an_unreadable_matrix_exits_2() {
    let runner = Runner::new("{}", "[]");
    let step = runner.step("run", &root(), &[("INPUT_COMMAND", "deploy")]);
    assert!(
        step.stdout.contains("::error title=parity::command must be check, validate, diff or scan"),
        "{}",
        step.stdout
    );
    assert_eq!(step.outputs["exit-code"], "2");
    let step = runner.step("run", &root(), &[("INPUT_COMMAND", "validate"), ("INPUT_ARGS", "no/such/matrix")]);
    assert_eq!(step.outputs["exit-code"], "2", "{}", step.stderr);
    assert!(step.summary.contains("parity exited 2: the input could not be read"), "{}", step.summary);
}

/// `diff --format markdown` starts its comment with a hidden marker; the
/// action finds its earlier comment by it and edits that one.
#[test]
fn the_diff_comment_is_updated_in_place_when_one_carries_the_marker() {
    let comments = r#"[{"id": 11, "body": "LGTM"}, {"id": 42, "body": "<!-- parity-diff -->\nold"}]"#;
    let runner = Runner::new(PULL_REQUEST, comments);
    let repo = crate::diff::two_versions();
    let inputs = [("INPUT_COMMAND", "diff"), ("INPUT_ARGS", "--base v1 --head HEAD"), ("INPUT_COMMENT", "true")];
    let step = runner.step("run", repo.path(), &inputs);
    assert_eq!(step.outputs["exit-code"], "1", "{}", step.stderr);
    assert_eq!(step.outputs["comment-id"], "42");
    let calls = runner.read("fake/gh.log");
    assert!(calls.contains("api repos/acme/shop/issues/7/comments --paginate --jq"), "{calls}");
    assert!(calls.contains("api --method PATCH repos/acme/shop/issues/comments/42 -F body=@"), "{calls}");
    assert!(!calls.contains("POST"), "no second comment: {calls}");
    let body = runner.read("fake/body-PATCH.md");
    assert!(body.starts_with("<!-- parity-diff -->\n**parity diff** `v1:parity` → `HEAD:parity`"), "{body}");
    assert!(step.outputs["errors"].parse::<u32>().unwrap() > 0, "regressions are errors");
}

#[test]
fn the_diff_comment_is_posted_when_none_carries_the_marker() {
    let runner = Runner::new(PULL_REQUEST, r#"[{"id": 11, "body": "LGTM"}]"#);
    let repo = crate::diff::two_versions();
    let inputs = [("INPUT_COMMAND", "diff"), ("INPUT_ARGS", "--base v1 --head HEAD"), ("INPUT_COMMENT", "true")];
    let step = runner.step("run", repo.path(), &inputs);
    assert_eq!(step.outputs["comment-id"], "501", "{}", step.stderr);
    let calls = runner.read("fake/gh.log");
    assert!(calls.contains("api --method POST repos/acme/shop/issues/7/comments -F body=@"), "{calls}");
    assert!(runner.read("fake/body-POST.md").starts_with("<!-- parity-diff -->"));
    let push = Runner::new(r#"{"ref": "refs/heads/main"}"#, "[]");
    let step = push.step("run", repo.path(), &inputs);
    step.logged("not a pull request event; no comment");
    assert!(push.read("fake/gh.log").is_empty());
}

/// A release archive for the runner, served by the fake `gh`, with its
/// checksum file (right or wrong).
fn release(runner: &Runner, right_checksum: bool) {
    let stage = runner.path().join("stage/parity-v9.9.9-x86_64-unknown-linux-musl");
    std::fs::create_dir_all(&stage).unwrap();
    write_executable(&stage.join("parity"), "#!/bin/sh\necho released\n");
    let archive = runner.fake().join("release/parity-v9.9.9-x86_64-unknown-linux-musl.tar.gz");
    let status = Command::new("tar")
        .args(["-czf", archive.to_str().unwrap(), "-C", stage.parent().unwrap().to_str().unwrap(), "."])
        .status()
        .unwrap();
    assert!(status.success());
    let sum = Command::new("sha256sum").arg(&archive).output().unwrap();
    let mut sum = String::from_utf8(sum.stdout).unwrap().split(' ').next().unwrap().to_owned();
    if !right_checksum {
        sum = sum.replace(|c: char| c.is_ascii_digit(), "0");
    }
    let name = archive.file_name().unwrap().to_string_lossy();
    std::fs::write(runner.fake().join(format!("release/{name}.sha256")), format!("{sum}  {name}\n")).unwrap();
}

/// Runs the install step of release `version` of `acme/parity` on Linux.
fn install(runner: &Runner, version: &str, arch: &str) -> Step {
    let env = [
        ("PARITY_VERSION", version),
        ("PARITY_REPOSITORY", "acme/parity"),
        ("RUNNER_OS", "Linux"),
        ("RUNNER_ARCH", arch),
    ];
    runner.step("install", runner.path(), &env)
}

#[test]
fn install_verifies_the_release_checksum_and_puts_parity_on_the_path() {
    let runner = Runner::new("{}", "[]");
    release(&runner, true);
    let step = install(&runner, "latest", "X64");
    assert_eq!(step.code, 0, "{}", step.stderr);
    let bin = runner.path().join("temp/parity/bin");
    assert_eq!(runner.read("path").trim(), bin.display().to_string());
    assert_eq!(std::fs::read_to_string(bin.join("parity")).unwrap(), "#!/bin/sh\necho released\n");
    let calls = runner.read("fake/gh.log");
    assert!(calls.contains("release view --repo acme/parity --json tagName --jq .tagName"), "{calls}");
    assert!(calls.contains("release download v9.9.9 --repo acme/parity"), "{calls}");
    assert!(runner.read("fake/cargo.log").is_empty());
}

#[test]
fn a_checksum_mismatch_falls_back_to_cargo_install() {
    let runner = Runner::new("{}", "[]");
    release(&runner, false);
    let step = install(&runner, "v9.9.9", "X64");
    assert_eq!(step.code, 0, "{}", step.stderr);
    step.logged("checksum mismatch for parity-v9.9.9-x86_64-unknown-linux-musl.tar.gz");
    let bin = runner.path().join("temp/parity/bin");
    assert_eq!(
        runner.read("fake/cargo.log").trim(),
        format!("install --locked --root {} --version 9.9.9 parity-audit", runner.path().join("temp/parity").display())
    );
    assert_eq!(std::fs::read_to_string(bin.join("parity")).unwrap(), "#!/bin/sh\necho built\n");
    let unsupported = Runner::new("{}", "[]");
    let step = install(&unsupported, "latest", "ARM");
    step.logged("no release build for Linux/ARM");
    assert_eq!(
        unsupported.read("fake/cargo.log").trim(),
        format!("install --locked --root {}/temp/parity parity-audit", unsupported.path().display())
    );
}

/// A hook of .pre-commit-hooks.yaml, as pre-commit reads it.
#[derive(serde::Deserialize)]
struct Hook {
    id: String,
    entry: String,
    #[serde(default)]
    args: Vec<String>,
    language: String,
    pass_filenames: bool,
}

/// Each hook runs a parity command that passes on this repository's own
/// matrix and document, as pre-commit would run it from the root.
#[test]
fn the_pre_commit_hooks_run_parity_and_pass_on_this_repository() {
    let text = std::fs::read_to_string(root().join(".pre-commit-hooks.yaml")).unwrap();
    let hooks: Vec<Hook> = serde_saphyr::from_str(&text).unwrap();
    let ids: Vec<&str> = hooks.iter().map(|hook| hook.id.as_str()).collect();
    assert_eq!(ids, ["parity-validate", "parity-doc-check"]);
    for hook in &hooks {
        assert_eq!((hook.language.as_str(), hook.pass_filenames), ("rust", false), "{}", hook.id);
        let words: Vec<&str> = hook.entry.split_whitespace().chain(hook.args.iter().map(String::as_str)).collect();
        assert_eq!(words[0], "parity", "{}", hook.id);
        let run = crate::support::parity(&root(), &words[1..]);
        assert_eq!(run.code, 0, "{}: {}", hook.id, run.transcript());
    }
}
