//! `parity validate`: the matrix → rustc-style diagnostics (or JSON) and an
//! exit code.

use std::io::Write;

use anyhow::Result;

use super::Exit;
use super::args::{ValidateArgs, ValidateFormat};
use super::input::first_file;
use super::output::{color_for, stdout};
use parity::finding::Kind;
use parity::matrix;
use parity::report::issues::Issue;
use parity::report::{self, diagnostics};

/// Runs `parity validate`: exit 2 when the matrix cannot be read, 1 when a
/// finding reaches `--fail-on`.
pub fn validate(args: &ValidateArgs) -> Result<Exit> {
    let paths = args.matrix.resolve();
    let loaded = matrix::load(&paths);
    let today = args.today.unwrap_or_else(|| jiff::Zoned::now().date());
    let (findings, waived) = if loaded.problems.is_empty() {
        let validation = matrix::validate(&loaded.matrix, &loaded.sources, today);
        (validation.findings, validation.waived.len())
    } else {
        (loaded.problems, 0)
    };
    let mut out = stdout();
    match args.format {
        ValidateFormat::Json => report::json::write_findings(&mut out, &findings, waived)?,
        ValidateFormat::Sarif => {
            let summary = report::json::ValidationSummary::of(&findings, waived);
            report::sarif::write(&mut out, "validate", &Issue::of_findings(&findings), &summary)?;
        }
        ValidateFormat::Codequality => {
            let fallback = first_file(&loaded.sources, &paths);
            report::codequality::write(&mut out, &Issue::of_findings(&findings), &fallback)?;
        }
        ValidateFormat::Human => {
            diagnostics::write(&mut out, &findings, &loaded.sources, color_for(&std::io::stdout()))?;
            let files = diagnostics::plural(loaded.sources.files().len(), "file");
            let surfaces = diagnostics::plural(loaded.matrix.surfaces.len(), "surface");
            writeln!(out, "checked {surfaces} in {files}: {}", diagnostics::summary(&findings, waived))?;
        }
    }
    if findings.iter().any(|f| f.code.kind() == Kind::Input) {
        return Ok(Exit::Usage);
    }
    Ok(if findings.iter().any(|f| f.severity >= args.fail_on) { Exit::Findings } else { Exit::Clean })
}
