//! `parity doc`: the matrix → the audit document, written, printed, or
//! compared with the committed copy.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

use super::Exit;
use super::args::DocArgs;
use super::input::load_or_report;
use super::output::{Output, stdout};
use parity::report::{self, document};

/// Runs `parity doc`: exit 1 with `--check` when the committed document is stale.
pub fn doc(args: &DocArgs) -> Result<Exit> {
    let Some(loaded) = load_or_report(&args.matrix.resolve())? else {
        return Ok(Exit::Usage);
    };
    let mut rendered = Vec::new();
    document::write(&mut rendered, &loaded.matrix)?;
    if let Some(rev) = &args.since {
        let Some(changes) = super::diff::since(rev, &args.matrix.resolve(), loaded)? else {
            return Ok(Exit::Usage);
        };
        report::diff::doc_section(&mut rendered, &changes, rev)?;
    }
    let rendered = String::from_utf8(rendered).context("the rendered document is not UTF-8")?;
    if let Some(path) = &args.check {
        return check_doc(path, &rendered);
    }
    Output::write_all(args.out.as_deref(), rendered.as_bytes())?;
    Ok(Exit::Clean)
}

/// Compares the committed document with the one the matrix renders.
fn check_doc(path: &Path, rendered: &str) -> Result<Exit> {
    let committed = parity::file::read_text(path).with_context(|| format!("cannot read `{}`", path.display()))?;
    if committed == rendered {
        return Ok(Exit::Clean);
    }
    let diff = similar::TextDiff::from_lines(committed.as_str(), rendered);
    let mut out = stdout();
    let name = path.display().to_string();
    write!(out, "{}", diff.unified_diff().context_radius(2).header(&name, "generated from the matrix"))?;
    writeln!(out, "`{name}` is stale: regenerate it with `parity doc --out {name}`")?;
    Ok(Exit::Findings)
}
