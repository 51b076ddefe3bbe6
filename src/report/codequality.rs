//! GitLab Code Quality: the subset of the Code Climate issue format that
//! GitLab reads from a `codequality` report artifact (`description`,
//! `check_name`, `fingerprint`, `severity`, `location.path`,
//! `location.lines.begin`),
//! so findings show in the merge request's widget and diff. The fingerprint
//! is the one SARIF carries (see [`super::issues`]).

use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;

use super::issues::Issue;
use crate::finding::Severity;

#[derive(Serialize)]
struct CodeQualityIssue<'a> {
    description: &'a str,
    check_name: &'static str,
    fingerprint: &'a str,
    severity: &'static str,
    location: IssueLocation,
}

#[derive(Serialize)]
struct IssueLocation {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
}

/// Writes the issues as one JSON array. GitLab requires a path and a line
/// for every issue: one without a location (a finding about the whole
/// matrix, a change removed from the head version) goes on line 1 of the
/// file it was in, else of `fallback`, the file the command read.
pub fn write(out: &mut dyn Write, issues: &[Issue<'_>], fallback: &Path) -> io::Result<()> {
    let entries: Vec<CodeQualityIssue<'_>> = issues
        .iter()
        .map(|issue| {
            let (path, line) = match (issue.location, issue.base_path) {
                (Some(location), _) => (location.path.as_path(), location.line),
                (None, Some(base)) => (base, 1),
                (None, None) => (fallback, 1),
            };
            CodeQualityIssue {
                description: &issue.message,
                check_name: issue.rule.id,
                fingerprint: &issue.fingerprint,
                severity: severity(issue.severity),
                location: IssueLocation { path: repository_path(path), lines: Lines { begin: line.max(1) } },
            }
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &entries)?;
    writeln!(out)
}

/// Code Climate's words (info, minor, major, critical, blocker): an error
/// is major, a warning minor, a note info.
fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Note => "info",
    }
}

/// A path as GitLab matches it against the repository: forward slashes, no
/// leading `./`.
fn repository_path(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    text.strip_prefix("./").unwrap_or(&text).to_owned()
}
