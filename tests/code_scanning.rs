//! The code-scanning formats: every SARIF output checked against the
//! official SARIF 2.1.0 schema (vendored in fixtures/sarif), GitLab Code
//! Quality against the fields GitLab documents, and both against what the
//! GitHub annotations of the same run say.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::OnceLock;

use serde_json::Value;

use crate::support::{Run, parity, root};

/// The validator of the vendored official schema.
fn schema() -> &'static jsonschema::Validator {
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        let text = std::fs::read_to_string(root().join("fixtures/sarif/sarif-2.1.0-rtm.5.json")).unwrap();
        // The schema's two language-tag patterns (`run.language`,
        // `toolComponent.language`) hold a lone `]`, a literal in the
        // ECMAScript regexes JSON Schema uses but an error for Rust's: it is
        // escaped here, which means the same (parity writes no language).
        let stray = r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#;
        assert_eq!(text.matches(stray).count(), 2, "the schema's lone `]`s");
        let text = text.replace(stray, r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\\]?$""#);
        let schema: Value = serde_json::from_str(&text).unwrap();
        jsonschema::draft4::new(&schema).expect("the SARIF schema compiles")
    })
}

/// Parses `text` as SARIF and fails with every schema violation.
pub fn valid_sarif(text: &str) -> Value {
    let log: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"));
    let errors: Vec<String> = schema().iter_errors(&log).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "not valid SARIF 2.1.0:\n{}\n{text}", errors.join("\n"));
    assert_eq!(log["version"], "2.1.0");
    log
}

/// One finding as any format locates it: code, level, file, line, column.
type Located = (String, String, Option<(String, u64, u64)>);

/// The results of a SARIF log, with each rule checked against its docs page.
fn sarif_results(log: &Value) -> Vec<Located> {
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for rule in rules {
        let id = rule["id"].as_str().unwrap();
        let page = std::fs::read_to_string(root().join(format!("docs/codes/{id}.md"))).unwrap();
        assert_eq!(rule["help"]["markdown"], page.as_str(), "the help of {id} is its docs page");
        assert!(!rule["shortDescription"]["text"].as_str().unwrap().is_empty());
    }
    let mut located = Vec::new();
    for result in run["results"].as_array().unwrap() {
        let index = usize::try_from(result["ruleIndex"].as_u64().unwrap()).unwrap();
        assert_eq!(rules[index]["id"], result["ruleId"], "ruleIndex points at the result's rule");
        let place = result["locations"].get(0).map(|l| {
            let physical = &l["physicalLocation"];
            let uri = physical["artifactLocation"]["uri"].as_str().unwrap().to_owned();
            (
                uri,
                physical["region"]["startLine"].as_u64().unwrap(),
                physical["region"]["startColumn"].as_u64().unwrap(),
            )
        });
        let code = result["ruleId"].as_str().unwrap().to_owned();
        located.push((code, result["level"].as_str().unwrap().to_owned(), place));
    }
    located.sort();
    located
}

/// The annotations of a `--format github` run, located like SARIF results.
fn annotations(stdout: &str) -> Vec<Located> {
    let unescape = |text: &str| text.replace("%2C", ",").replace("%3A", ":").replace("%25", "%");
    let mut located = Vec::new();
    for line in stdout.lines().filter(|line| line.starts_with("::") && !line.contains("title=parity::")) {
        let (command, rest) = line[2..].split_once(' ').unwrap();
        let properties = rest.split_once("::").unwrap().0;
        let property = |key: &str| properties.split(',').find_map(|p| p.strip_prefix(&format!("{key}="))).map(unescape);
        let title = property("title").unwrap();
        let code = title.strip_prefix("parity diff: ").unwrap_or(&title).to_owned();
        let level = if command == "notice" { "note" } else { command }.to_owned();
        let place = property("file")
            .map(|file| (file, property("line").unwrap().parse().unwrap(), property("col").unwrap().parse().unwrap()));
        located.push((code, level, place));
    }
    located.sort();
    located
}

/// GitLab Code Quality's documented fields, each of the right type, and
/// nothing else; returns the fingerprints.
fn valid_codequality(text: &str) -> Vec<String> {
    let issues: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"));
    let mut fingerprints = Vec::new();
    for issue in issues.as_array().expect("a JSON array of issues") {
        let keys: BTreeSet<&str> = issue.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, BTreeSet::from(["check_name", "description", "fingerprint", "location", "severity"]));
        assert!(!issue["description"].as_str().unwrap().is_empty());
        let page = root().join(format!("docs/codes/{}.md", issue["check_name"].as_str().unwrap()));
        assert!(page.is_file(), "check_name is a documented code: {}", page.display());
        assert!(["info", "minor", "major", "critical", "blocker"].contains(&issue["severity"].as_str().unwrap()));
        let path = issue["location"]["path"].as_str().unwrap();
        assert!(!path.is_empty() && !path.starts_with("./") && !path.contains('\\'), "{path}");
        assert!(issue["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
        fingerprints.push(issue["fingerprint"].as_str().unwrap().to_owned());
    }
    let unique: BTreeSet<&String> = fingerprints.iter().collect();
    assert_eq!(unique.len(), fingerprints.len(), "fingerprints are unique: {fingerprints:?}");
    fingerprints
}

fn fingerprints_of(log: &Value) -> Vec<String> {
    let results = log["runs"][0]["results"].as_array().unwrap();
    results.iter().map(|r| r["partialFingerprints"]["parityIdentity/v1"].as_str().unwrap().to_owned()).collect()
}

/// The log with each rule's help (checked against its page) replaced by the
/// page's name, so a snapshot shows the structure, not every docs page.
fn without_help(mut log: Value) -> String {
    for rule in log["runs"][0]["tool"]["driver"]["rules"].as_array_mut().unwrap() {
        let page = format!("[docs/codes/{}.md]", rule["id"].as_str().unwrap());
        rule["help"] = serde_json::json!({ "text": page, "markdown": page });
    }
    serde_json::to_string_pretty(&log).unwrap()
}

fn run_in(dir: &Path, args: &[&str]) -> Run {
    parity(dir, args)
}

#[test]
fn every_validation_case_writes_valid_sarif_with_the_findings_of_its_json() {
    let cases = root().join("fixtures/validate");
    let mut checked = 0;
    for case in std::fs::read_dir(&cases).unwrap().map(|e| e.unwrap().path()).filter(|p| p.join("args").is_file()) {
        let args = std::fs::read_to_string(case.join("args")).unwrap();
        let args: Vec<&str> = args.split_whitespace().chain(["--today", "2026-11-29"]).collect();
        let with = |format: &str| run_in(&case, &[args.as_slice(), &["--format", format]].concat());
        let (sarif, json, quality) = (with("sarif"), with("json"), with("codequality"));
        assert_eq!(sarif.code, json.code, "{}: SARIF exits as JSON does", case.display());
        let log = valid_sarif(&sarif.stdout);
        let json: Value = serde_json::from_str(&json.stdout).unwrap();
        let codes: BTreeSet<String> = sarif_results(&log).into_iter().map(|(code, ..)| code).collect();
        let json_codes: BTreeSet<String> =
            json["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap().to_owned()).collect();
        assert_eq!(codes, json_codes, "{}", case.display());
        assert_eq!(log["runs"][0]["properties"], json["summary"], "the run's properties are the JSON summary");
        assert_eq!(valid_codequality(&quality.stdout), fingerprints_of(&log), "{}", case.display());
        checked += 1;
    }
    assert!(checked > 20, "only {checked} cases");
}

#[test]
fn validate_sarif_matches_its_snapshot() {
    let case = root().join("fixtures/validate/duplicate-surface-id");
    let run = run_in(&case, &["validate", "../common/document.yaml", "matrix.yaml", "--format", "sarif"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!("validate_sarif", without_help(valid_sarif(&run.stdout)));
    let quality = run_in(&case, &["validate", "../common/document.yaml", "matrix.yaml", "--format", "codequality"]);
    assert_eq!(quality.code, 1);
    valid_codequality(&quality.stdout);
    insta::assert_snapshot!("validate_codequality", quality.stdout);
}

/// `parity scan` of `fixtures/scan-against` with its matrix.
fn scan_against(format: &str) -> Run {
    let base = "fixtures/scan-against";
    let (matrix, v1, v3) = (format!("{base}/matrix"), format!("{base}/v1"), format!("{base}/v3"));
    parity(&root(), &["scan", "--matrix", &matrix, "--v1", &v1, "--v3", &v3, "--format", format])
}

#[test]
fn scan_sarif_locates_code_findings_in_the_source_and_agrees_with_github() {
    let sarif = scan_against("sarif");
    assert_eq!(sarif.code, 1, "{}", sarif.stderr);
    let log = valid_sarif(&sarif.stdout);
    let results = sarif_results(&log);
    assert!(results.contains(&(
        "route-unmapped".to_owned(),
        "error".to_owned(),
        Some(("fixtures/scan-against/v1/pages/reports.tsx".to_owned(), 1, 1))
    )));
    assert_eq!(results, annotations(&scan_against("github").stdout));
    let properties = &log["runs"][0]["properties"];
    assert_eq!(
        (properties["coverage"]["v1_routes"].as_u64(), properties["coverage"]["mapped"].as_u64()),
        (Some(6), Some(4))
    );
    let quality = scan_against("codequality").stdout;
    assert_eq!(valid_codequality(&quality), fingerprints_of(&log));
    insta::assert_snapshot!("scan_sarif", without_help(log));
    insta::assert_snapshot!("scan_codequality", quality);
}

#[test]
fn listing_routes_without_a_matrix_is_an_empty_valid_log() {
    let run = parity(&root(), &["scan", "fixtures/scan-against/v1", "--format", "sarif"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(sarif_results(&valid_sarif(&run.stdout)).is_empty());
    let quality = parity(&root(), &["scan", "fixtures/scan-against/v1", "--format", "codequality"]);
    assert_eq!(quality.stdout.trim(), "[]");
}

#[test]
fn diff_sarif_agrees_with_github_and_fails_alike() {
    let repo = crate::diff::two_versions();
    let diff = |format: &str| repo.parity(&["diff", "--base", "v1", "--head", "HEAD", "--format", format]);
    let sarif = diff("sarif");
    assert_eq!(sarif.code, 1, "regressions fail the run: {}", sarif.stderr);
    let log = valid_sarif(&sarif.stdout);
    let results = sarif_results(&log);
    assert!(results.iter().any(|(_, level, _)| level == "error"), "regressions are errors");
    assert_eq!(results, annotations(&diff("github").stdout));
    let properties = &log["runs"][0]["properties"];
    assert_eq!(properties["failing"], true);
    assert!(properties["regressions"].as_u64().unwrap() > 0);
    assert_eq!(log["runs"][0]["automationDetails"]["id"], "parity/diff/");
    let quality = diff("codequality").stdout;
    assert_eq!(valid_codequality(&quality), fingerprints_of(&log));
    insta::assert_snapshot!("diff_sarif", without_help(log));
    insta::assert_snapshot!("diff_codequality", quality);
}

#[test]
fn a_finding_keeps_its_fingerprint_when_lines_move_above_it() {
    let dir = tempfile::tempdir().unwrap();
    let case = root().join("fixtures/validate/duplicate-surface-id");
    let document = std::fs::read_to_string(case.join("../common/document.yaml")).unwrap();
    let matrix = std::fs::read_to_string(case.join("matrix.yaml")).unwrap();
    std::fs::write(dir.path().join("document.yaml"), document).unwrap();
    let sarif = |text: &str| {
        std::fs::write(dir.path().join("matrix.yaml"), text).unwrap();
        valid_sarif(&run_in(dir.path(), &["validate", "document.yaml", "matrix.yaml", "--format", "sarif"]).stdout)
    };
    let before = sarif(&matrix);
    let after = sarif(&format!("# a comment\n# and another\n{matrix}"));
    let line =
        |log: &Value| log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"].clone();
    assert_ne!(line(&before), line(&after));
    assert_eq!(fingerprints_of(&before), fingerprints_of(&after));
}

pub mod check {
    //! SARIF and Code Quality of a check, rendered from the check tests' fixture.
    use super::{annotations, fingerprints_of, sarif_results, valid_codequality, valid_sarif, without_help};
    use parity::report::check::{github, sarif};

    #[test]
    fn check_sarif_is_valid_agrees_with_github_and_carries_the_verdicts() {
        let run = crate::check::fixture_run();
        let log = valid_sarif(&crate::check::render(&run, |out, report| sarif::write(out, report)));
        let github = crate::check::render(&run, |out, report| github::write(out, report));
        assert_eq!(sarif_results(&log), annotations(&github));
        let properties = &log["runs"][0]["properties"];
        assert_eq!(properties["verdicts"]["soft-missing"], 1);
        assert_eq!(properties["probes"], 14);
        let quality = crate::check::render(&run, |out, report| {
            sarif::write_codequality(out, report, std::path::Path::new("fixtures/check/00-document.yaml"))
        });
        assert_eq!(valid_codequality(&quality), fingerprints_of(&log));
        insta::assert_snapshot!("check_sarif", without_help(log));
        insta::assert_snapshot!("check_codequality", quality);
    }
}

/// The project's own matrix (25 surfaces, waivers, warnings) as code
/// scanning would receive it: valid, each result where validate puts it.
#[test]
fn the_projects_own_matrix_is_valid_sarif_with_one_result_per_finding() {
    let sarif = parity(&root(), &["validate", "--format", "sarif"]);
    let json: Value = serde_json::from_str(&parity(&root(), &["validate", "--format", "json"]).stdout).unwrap();
    let log = valid_sarif(&sarif.stdout);
    let results = sarif_results(&log);
    assert!(!results.is_empty(), "the project's matrix has findings (waived and warnings)");
    assert_eq!(results.len(), json["findings"].as_array().unwrap().len());
    assert!(
        results.iter().all(|(_, _, at)| at.as_ref().is_some_and(|(uri, ..)| uri.starts_with("parity/"))),
        "{results:?}"
    );
    assert_eq!(log["runs"][0]["properties"], json["summary"]);
}
