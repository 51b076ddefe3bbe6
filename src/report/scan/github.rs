//! GitHub Actions: one annotation per finding (at the matrix line or the
//! code line it concerns), then the summary.

use std::io::{self, Write};

use super::ScanReport;
use crate::report::check::github::annotation;

/// Writes one annotation per finding and the summary.
pub fn write(out: &mut dyn Write, report: &ScanReport<'_>) -> io::Result<()> {
    for finding in report.findings() {
        writeln!(out, "{}", annotation(finding))?;
    }
    writeln!(out, "{}", report.summary())
}
