//! Code-scanning reports of a check: SARIF and GitLab Code Quality, a
//! result per finding (never grouped: a service tracks each by its
//! fingerprint), the verdict tally as the SARIF run's properties.

use std::io::{self, Write};
use std::path::Path;

use super::CheckReport;
use crate::report::issues::Issue;
use crate::report::{codequality, sarif};

/// Writes the SARIF log.
pub fn write(out: &mut dyn Write, report: &CheckReport<'_>) -> io::Result<()> {
    sarif::write(out, "check", &Issue::of_findings(report.findings), &super::json::summary(report))
}

/// Writes the Code Quality issues; what concerns no line goes on `fallback`.
pub fn write_codequality(out: &mut dyn Write, report: &CheckReport<'_>, fallback: &Path) -> io::Result<()> {
    codequality::write(out, &Issue::of_findings(report.findings), fallback)
}
