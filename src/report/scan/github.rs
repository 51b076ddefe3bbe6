//! GitHub Actions: one annotation per finding (at the matrix line or the
//! code line it concerns), then the summary.

use std::io::{self, Write};

use super::ScanReport;
use crate::report::annotations::Annotations;

/// Writes one annotation per finding and the summary.
pub fn write(out: &mut dyn Write, report: &ScanReport<'_>) -> io::Result<()> {
    let mut annotations = Annotations::new(out);
    for finding in &report.findings() {
        annotations.finding(finding)?;
    }
    annotations.finish(&report.summary())
}
