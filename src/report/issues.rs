//! Findings and changes as code-scanning services see them (GitHub code
//! scanning through SARIF, GitLab Code Quality): a rule with its
//! documentation, a level, a message, a place in a file, and a fingerprint
//! that follows the problem from commit to commit.
//!
//! The fingerprint is what lets those services say "still there", "fixed" or
//! "new" across commits, so it hashes what stays when lines move: the code,
//! the surface and the subject (the key `--baseline` matches on), never a
//! line number. Findings with neither surface nor subject (a missing
//! `document` section, an unreadable file) fall back to their file and
//! message. Two problems with one identity in one run get an ordinal, as
//! GitHub does for its own line hashes, so neither hides the other.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use crate::diff::{Change, Direction};
use crate::finding::{Finding, Kind, Location, Severity};

/// What a rule (a finding or change code) says about itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    /// The stable kebab-case code, `route-missing`.
    pub id: &'static str,
    /// The code as an identifier, `RouteMissing`: SARIF's rule name.
    pub name: &'static str,
    /// One line saying what the code means.
    pub summary: &'static str,
    /// The page `docs/codes/CODE.md`, Markdown.
    pub explanation: &'static str,
    /// The severity a code is reported at unless configured otherwise.
    pub default_severity: Severity,
    /// `rule`, `probe`, `scan`, `input` or `change`: a tag for filtering.
    pub kind: &'static str,
}

impl Rule {
    /// The first paragraph of the explanation after its title and severity
    /// lines: a fuller description than the summary, still short.
    #[must_use]
    pub fn description(&self) -> String {
        let body = self.explanation.split("\n\n").skip(2).find(|p| !p.trim().is_empty() && !p.starts_with('#'));
        body.map_or_else(|| self.summary.to_owned(), |p| p.split_whitespace().collect::<Vec<_>>().join(" "))
    }

    /// Where the explanation lives in the repository.
    #[must_use]
    pub fn doc_path(&self) -> String {
        format!("docs/codes/{}.md", self.id)
    }

    /// The explanation's address in the repository `repository` (a web
    /// address, as Cargo.toml's `repository` holds it) at the release tag.
    #[must_use]
    pub fn help_uri(&self, repository: &str, version: &str) -> Option<String> {
        let repository = repository.trim_end_matches('/');
        (!repository.is_empty()).then(|| format!("{repository}/blob/v{version}/{}", self.doc_path()))
    }

    fn of_finding(code: crate::finding::Code) -> Self {
        let kind = match code.kind() {
            Kind::Input => "input",
            Kind::Rule => "rule",
            Kind::Probe => "probe",
            Kind::Scan => "scan",
        };
        Self {
            id: code.as_str(),
            name: code.name(),
            summary: code.summary(),
            explanation: code.explanation(),
            default_severity: code.severity(),
            kind,
        }
    }

    fn of_change(code: crate::diff::ChangeCode) -> Self {
        Self {
            id: code.as_str(),
            name: code.name(),
            summary: code.summary(),
            explanation: code.explanation(),
            default_severity: change_severity(code.direction()),
            kind: "change",
        }
    }
}

/// How serious a change is for code scanning: a regression is an error,
/// another change a warning to review, an improvement a note.
#[must_use]
pub const fn change_severity(direction: Direction) -> Severity {
    match direction {
        Direction::Regression => Severity::Error,
        Direction::Other => Severity::Warning,
        Direction::Improvement => Severity::Note,
    }
}

/// One finding or change, ready for a code-scanning format.
#[derive(Clone, Debug)]
pub struct Issue<'a> {
    pub rule: Rule,
    pub severity: Severity,
    pub message: String,
    pub location: Option<&'a Location>,
    /// The file a change removed from the head version was in, in the base
    /// version: where Code Quality, which needs a file, puts it.
    pub base_path: Option<&'a Path>,
    /// The surface and what within it, when known: shown, and hashed.
    pub surface: Option<&'a str>,
    pub subject: Option<&'a str>,
    /// Already in the `--baseline` report.
    pub in_baseline: bool,
    /// A hex SHA-256 of the identity (see the module docs).
    pub fingerprint: String,
}

impl<'a> Issue<'a> {
    /// Issues of findings, fingerprinted, in the order given.
    #[must_use]
    pub fn of_findings(findings: &'a [Finding]) -> Vec<Self> {
        let issues = findings.iter().map(|finding| Self {
            rule: Rule::of_finding(finding.code),
            severity: finding.severity,
            message: with_help(&finding.message, finding.help.as_deref()),
            location: finding.location.as_ref(),
            base_path: None,
            surface: finding.surface.as_deref(),
            subject: finding.subject.as_deref(),
            in_baseline: finding.in_baseline,
            fingerprint: String::new(),
        });
        fingerprinted(issues.collect())
    }

    /// Issues of a diff's changes, fingerprinted, in the order given. A
    /// change removed from the head version points at the base's YAML.
    #[must_use]
    pub fn of_changes(changes: &'a [Change]) -> Vec<Self> {
        let issues = changes.iter().map(|change| Self {
            rule: Rule::of_change(change.code),
            severity: change_severity(change.direction),
            message: change.message.clone(),
            location: change.location.as_ref(),
            base_path: change.base_location.as_ref().map(|l| l.path.as_path()),
            surface: change.surface.as_deref(),
            subject: change.subject.as_deref(),
            in_baseline: false,
            fingerprint: String::new(),
        });
        fingerprinted(issues.collect())
    }

    /// What stays the same from commit to commit.
    fn identity(&self) -> String {
        let subject = self.subject.map(without_origins).unwrap_or_default();
        let mut identity = format!("{}\n{}\n{subject}", self.rule.id, self.surface.unwrap_or(""));
        if self.surface.is_none() && self.subject.is_none() {
            let path = self.location.map_or(Path::new(""), |l| l.path.as_path());
            let _ = write!(identity, "\n{}\n{}", path.to_string_lossy().replace('\\', "/"), self.message);
        }
        identity
    }
}

/// The rules the issues use, each once, in catalogue order of first use.
#[must_use]
pub fn rules_of(issues: &[Issue<'_>]) -> Vec<Rule> {
    let mut rules: Vec<Rule> = Vec::new();
    for issue in issues {
        if !rules.iter().any(|rule| rule.id == issue.rule.id) {
            rules.push(issue.rule);
        }
    }
    rules.sort_by_key(|rule| rule.id);
    rules
}

/// A subject (`v3 GET https://pr-42.preview.example/x`) without the
/// origins of its URLs: a preview deployment has a new address for every
/// pull request, and its findings are still the same findings.
fn without_origins(subject: &str) -> String {
    let word = |word: &str| match url::Url::parse(word) {
        Ok(url) if url.has_host() => url[url::Position::BeforePath..].to_owned(),
        _ => word.to_owned(),
    };
    subject.split(' ').map(word).collect::<Vec<_>>().join(" ")
}

fn with_help(message: &str, help: Option<&str>) -> String {
    match help {
        Some(help) => format!("{message}\nhelp: {help}"),
        None => message.to_owned(),
    }
}

/// Sets each fingerprint: the hash of the identity, with an ordinal from the
/// second issue of one identity on.
fn fingerprinted(mut issues: Vec<Issue<'_>>) -> Vec<Issue<'_>> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for issue in &mut issues {
        let identity = issue.identity();
        let count = seen.entry(identity.clone()).or_insert(0);
        *count += 1;
        let keyed = if *count == 1 { identity } else { format!("{identity}\n#{count}") };
        issue.fingerprint = sha256_hex(&keyed);
    }
    issues
}

fn sha256_hex(text: &str) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, text.as_bytes());
    digest.as_ref().iter().fold(String::with_capacity(64), |mut hex, byte| {
        let _ = write!(hex, "{byte:02x}");
        hex
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Code;
    use crate::matrix::Pos;

    fn at(line: u32) -> Location {
        Location::new("parity/nodes.yaml".into(), Pos { line, column: 5, offset: 0, len: 1 })
    }

    #[test]
    fn a_finding_keeps_its_fingerprint_when_its_line_moves() {
        let before = [Finding::new(Code::RouteMissing, "gone").surface("nodes").subject("v3 GET /x").at(at(12))];
        let after = [Finding::new(Code::RouteMissing, "gone").surface("nodes").subject("v3 GET /x").at(at(40))];
        assert_eq!(Issue::of_findings(&before)[0].fingerprint, Issue::of_findings(&after)[0].fingerprint);
        let other = [Finding::new(Code::RouteMissing, "gone").surface("nodes").subject("v3 GET /y").at(at(12))];
        assert_ne!(Issue::of_findings(&before)[0].fingerprint, Issue::of_findings(&other)[0].fingerprint);
    }

    #[test]
    fn a_finding_on_a_preview_deployment_keeps_its_fingerprint_when_the_address_changes() {
        let on =
            |url: &str| [Finding::new(Code::RouteMissing, "gone").surface("nodes").subject(format!("v3 GET {url}"))];
        let fingerprint = |url: &str| Issue::of_findings(&on(url))[0].fingerprint.clone();
        assert_eq!(
            fingerprint("https://pr-1.preview.test/app/nodes?x=1"),
            fingerprint("https://pr-2.preview.test/app/nodes?x=1")
        );
        assert_ne!(
            fingerprint("https://pr-1.preview.test/app/nodes"),
            fingerprint("https://pr-1.preview.test/app/users")
        );
        assert_eq!(without_origins("v3 /v3-prod/launch/{slug}"), "v3 /v3-prod/launch/{slug}");
    }

    #[test]
    fn two_findings_of_one_identity_get_different_fingerprints() {
        let findings = [
            Finding::new(Code::WaiverExpired, "expired").at(at(3)),
            Finding::new(Code::WaiverExpired, "expired").at(at(9)),
        ];
        let issues = Issue::of_findings(&findings);
        assert_ne!(issues[0].fingerprint, issues[1].fingerprint);
        assert_eq!(issues[0].fingerprint.len(), 64);
    }

    #[test]
    fn the_description_is_the_first_paragraph_of_the_explanation() {
        let rule = Rule::of_finding(Code::RouteMissing);
        assert!(
            rule.description().starts_with("A route the matrix promises answered 404 or 410"),
            "{}",
            rule.description()
        );
        assert_eq!(rule.name, "RouteMissing");
        assert_eq!(
            rule.help_uri("https://example.org/parity/", "1.2.0").as_deref(),
            Some("https://example.org/parity/blob/v1.2.0/docs/codes/route-missing.md")
        );
        assert_eq!(rule.help_uri("", "1.2.0"), None);
    }
}
