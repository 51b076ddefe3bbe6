//! The terminal table of `parity status`.

use std::io::{self, Write};

use comfy_table::{ContentArrangement, Table, presets};

use super::{STRIP_LEGEND, StatusRow, strip_text, target_text};

/// Writes the status table, wrapping notes to fit `width` columns.
pub fn write(out: &mut dyn Write, rows: &[StatusRow<'_>], width: u16) -> io::Result<()> {
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::DynamicFullWidth)
        .set_width(width)
        .set_header([
            "V1 surface",
            "V3 target",
            "Declared",
            "Computed",
            "S U M R D E",
            "Notes",
        ]);
    for row in rows {
        let surface = row.surface;
        let v1: Vec<&str> = surface.v1.iter().map(|route| route.as_str()).collect();
        let v3: Vec<String> = surface
            .v3
            .iter()
            .map(|target| target_text(target, false))
            .collect();
        let mut computed = row.computed_label().to_owned();
        if row.overclaims() {
            computed.push_str(" ⚠");
        }
        table.add_row([
            v1.join("\n"),
            v3.join("\n"),
            surface.status.value.to_string(),
            computed,
            strip_text(&row.coverage),
            surface.notes.clone().unwrap_or_default(),
        ]);
    }
    writeln!(out, "{table}")?;
    let overclaims = rows.iter().filter(|row| row.overclaims()).count();
    writeln!(
        out,
        "{} surfaces, {overclaims} overclaiming. {STRIP_LEGEND}",
        rows.len()
    )
}
