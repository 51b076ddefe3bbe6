//! Markdown building blocks shared by `parity status --format markdown` and
//! the audit document.

use std::io::{self, Write};

use super::{MARKDOWN_TARGET, STRIP_LEGEND, StatusRow, strip_heading, strip_text, target_text};

/// Escapes text for a Markdown table cell: pipes and line breaks.
#[must_use]
pub fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// Writes a Markdown table row.
pub fn row(out: &mut dyn Write, cells: &[String]) -> io::Result<()> {
    writeln!(out, "| {} |", cells.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | "))
}

/// Writes a Markdown table header and its rule line.
pub fn header(out: &mut dyn Write, names: &[&str]) -> io::Result<()> {
    writeln!(out, "| {} |", names.join(" | "))?;
    writeln!(out, "|{}", " --- |".repeat(names.len()))
}

/// Routes as inline code, joined by commas.
#[must_use]
pub fn routes<'a>(routes: impl IntoIterator<Item = &'a str>) -> String {
    routes.into_iter().map(|r| format!("`{r}`")).collect::<Vec<_>>().join(", ")
}

/// Writes the status report as a Markdown table.
pub fn write_status(out: &mut dyn Write, rows: &[StatusRow<'_>]) -> io::Result<()> {
    let strip = strip_heading();
    header(out, &["V1 surface", "V3 target", "Declared", "Computed", &strip, "Notes"])?;
    for status in rows {
        let surface = status.surface;
        let computed = if status.overclaims() {
            format!("{} ⚠", status.computed_label())
        } else {
            status.computed_label().to_owned()
        };
        row(
            out,
            &[
                routes(surface.v1.iter().map(|r| r.as_str())),
                surface.v3.iter().map(|t| target_text(t, MARKDOWN_TARGET)).collect::<Vec<_>>().join(", "),
                surface.status.value.to_string(),
                computed,
                strip_text(&status.coverage),
                surface.notes.clone().unwrap_or_default(),
            ],
        )?;
    }
    writeln!(out, "\n{STRIP_LEGEND}")
}
