//! Known findings: those of an earlier `parity check --format json` report
//! passed as `--baseline REPORT.json`, shown but not failing the run, so a
//! team can adopt parity without fixing every gap first. (Not to be confused
//! with a deployment's not-found baseline, `crate::probe::baseline`.)
//! `parity scan --baseline` reads its earlier reports the same way.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::finding::Finding;

/// The findings of an earlier JSON report, by the key they match on
/// ([`Finding::baseline_key`]).
pub type Known = HashSet<(String, Option<String>, Option<String>)>;

/// Why the known findings could not be read: the user passed a path that is
/// not a report, which the binary reports as a usage error.
#[derive(Debug, thiserror::Error)]
pub enum KnownError {
    #[error("cannot read baseline `{}`", path.display())]
    Unreadable { path: PathBuf, source: crate::file::ReadError },
    #[error("`{}` is not a parity check JSON report", path.display())]
    NotAReport { path: PathBuf, source: serde_json::Error },
}

/// Reads the findings of an earlier `parity check --format json` report.
pub fn read_known(path: &Path) -> Result<Known, KnownError> {
    let text =
        crate::file::read_text(path).map_err(|source| KnownError::Unreadable { path: path.to_owned(), source })?;
    parse_known(&text).map_err(|source| KnownError::NotAReport { path: path.to_owned(), source })
}

/// The known findings of a report's text: only the keys matter, so reports
/// of older and newer versions read alike.
fn parse_known(text: &str) -> Result<Known, serde_json::Error> {
    #[derive(serde::Deserialize)]
    struct Report {
        findings: Vec<KnownFinding>,
    }
    #[derive(serde::Deserialize)]
    struct KnownFinding {
        code: String,
        surface: Option<String>,
        subject: Option<String>,
    }
    let report: Report = serde_json::from_str(text)?;
    Ok(report.findings.into_iter().map(|f| (f.code, f.surface, f.subject)).collect())
}

/// Marks findings the earlier report already had: they are shown but do not fail.
pub fn mark_known(findings: &mut [Finding], known: &Known) {
    for finding in findings {
        finding.in_baseline = known.contains(&finding.baseline_key());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Code;

    /// The message the binary prints: the error and its causes, as anyhow's `{:#}` does.
    fn shown(error: &KnownError) -> String {
        let mut text = error.to_string();
        let mut source = std::error::Error::source(error);
        while let Some(cause) = source {
            text = format!("{text}: {cause}");
            source = cause.source();
        }
        text
    }

    #[test]
    fn known_findings_match_on_code_surface_and_subject_only() {
        let text = r#"{"findings": [{"code": "route-missing", "severity": "error", "surface": "s",
            "subject": "v3 GET http://h/x", "message": "gone"}], "probes": []}"#;
        let known = parse_known(text).expect("a report");
        let finding = |subject: &str| Finding::new(Code::RouteMissing, "other words").surface("s").subject(subject);
        let mut findings =
            [finding("v3 GET http://h/x").severity(crate::Severity::Warning), finding("v3 GET http://h/y")];
        mark_known(&mut findings, &known);
        assert_eq!(findings.map(|f| f.in_baseline), [true, false]);
    }

    #[test]
    fn errors_name_the_path_and_keep_their_cause() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let missing = dir.path().join("missing.json");
        let error = read_known(&missing).expect_err("no such file");
        let shown_missing = shown(&error);
        assert!(
            shown_missing.starts_with(&format!("cannot read baseline `{}`: ", missing.display())),
            "{shown_missing}"
        );
        let scan = dir.path().join("scan.txt");
        std::fs::write(&scan, "not json").expect("a written file");
        let error = read_known(&scan).expect_err("not a report");
        assert_eq!(
            shown(&error),
            format!("`{}` is not a parity check JSON report: expected ident at line 1 column 2", scan.display())
        );
    }
}
