//! GitHub Actions: an annotation per finding at its YAML line. A flood with
//! one cause (a deployment down, a parameter without a sample) is one
//! annotation, as in the table: GitHub shows only ten errors and ten
//! warnings per step, and a flood would hide the findings that matter.

use std::io::{self, Write};

use super::CheckReport;
use super::grouping::{Grouping, Shown};
use crate::report::annotations::Annotations;

/// Writes one annotation per finding, or per group of one-cause findings,
/// then a notice counting what GitHub will not show.
pub fn write(out: &mut dyn Write, report: &CheckReport<'_>) -> io::Result<()> {
    let grouping = Grouping::of(report);
    let mut annotations = Annotations::new(out);
    for finding in report.findings {
        match grouping.shown(finding) {
            Shown::Alone => annotations.finding(finding)?,
            Shown::Group { first, text } => {
                annotations.write(first.severity.into(), first.location.as_ref(), first.code.as_str(), &text)?;
            }
            Shown::Said => {}
        }
    }
    annotations.finish(&report.summary())
}
