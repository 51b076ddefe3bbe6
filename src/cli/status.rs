//! `parity status`: the matrix → one row per surface, filtered.

use anyhow::Result;

use super::Exit;
use super::args::StatusArgs;
use super::input::{load_or_report, surface_glob};
use super::output::{stdout, terminal_width};
use parity::report::{self, Filter, StatusFormat};

/// Runs `parity status`.
pub fn status(args: &StatusArgs) -> Result<Exit> {
    let Some(loaded) = load_or_report(&args.matrix.resolve())? else {
        return Ok(Exit::Usage);
    };
    let surface = args.surface.as_deref().map(surface_glob).transpose()?;
    let filter = Filter { statuses: args.status.clone(), intents: args.intent.clone(), surface };
    let rows = report::status_rows(&loaded.matrix, &filter);
    let mut out = stdout();
    match args.format {
        StatusFormat::Table => report::table::write(&mut out, &rows, terminal_width())?,
        StatusFormat::Json => report::json::write_status(&mut out, &rows, &loaded.sources)?,
        StatusFormat::Markdown => report::markdown::write_status(&mut out, &rows)?,
    }
    Ok(Exit::Clean)
}
