//! The terminal table of `parity status`.
//!
//! Routes are long and notes are longer; both must stay readable at 100
//! columns. Routes wrap only after a `/`, never inside a segment, and the
//! notes take whatever width is left.

use std::io::{self, Write};

use comfy_table::{ColumnConstraint, ContentArrangement, Table, Width, presets};

use super::{STRIP_LEGEND, StatusRow, TargetStyle, cell_text, strip_heading, strip_text, target_text, wrap_route};

const TABLE_TARGET: TargetStyle = TargetStyle { code: false, break_before_arrow: true };

/// Columns the fixed parts take: borders and padding (19), the declared
/// status (14), the computed status (11) and the intent strip (11).
const FIXED_COLUMNS: usize = 55;

/// Writes the status table, wrapping notes to fit `width` columns.
pub fn write(out: &mut dyn Write, rows: &[StatusRow<'_>], width: u16) -> io::Result<()> {
    let spare = usize::from(width).saturating_sub(FIXED_COLUMNS);
    let v1_width = (spare / 4).max(14);
    let v3_width = (spare / 3).max(18);
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::DynamicFullWidth)
        .set_width(width)
        .set_header(["V1 surface", "V3 target", "Declared", "Computed", &strip_heading(), "Notes"]);
    for row in rows {
        let surface = row.surface;
        let v1: Vec<String> = surface.v1.iter().map(|route| wrap_route(route, v1_width)).collect();
        let v3: Vec<String> =
            surface.v3.iter().map(|target| wrap_route(&target_text(target, TABLE_TARGET), v3_width)).collect();
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
            surface.notes.as_deref().map(cell_text).unwrap_or_default(),
        ]);
    }
    for (index, constraint) in [
        (0, ColumnConstraint::ContentWidth),
        (1, ColumnConstraint::ContentWidth),
        (2, ColumnConstraint::LowerBoundary(Width::Fixed(14))),
        (3, ColumnConstraint::ContentWidth),
        (4, ColumnConstraint::ContentWidth),
    ] {
        if let Some(column) = table.column_mut(index) {
            column.set_constraint(constraint);
        }
    }
    writeln!(out, "{table}")?;
    let overclaims = rows.iter().filter(|row| row.overclaims()).count();
    writeln!(out, "{} surfaces, {overclaims} overclaiming. {STRIP_LEGEND}", rows.len())
}

#[cfg(test)]
mod tests {
    use crate::report::{cell_text, wrap_route};

    #[test]
    fn routes_wrap_after_slashes_only() {
        assert_eq!(
            wrap_route("/v3-prod/platform/lifecycle/nodes/{id}", 20),
            "/v3-prod/platform/\nlifecycle/nodes/{id}"
        );
        assert_eq!(wrap_route("/short", 20), "/short");
        assert_eq!(wrap_route("/a-very-long-single-segment", 8), "/\na-very-…");
    }

    #[test]
    fn over_long_words_and_notes_are_cut_for_the_table() {
        let word = "x".repeat(80_000);
        let cell = cell_text(&format!("see {word} now"));
        assert_eq!(cell, format!("see {}… now", "x".repeat(59)));
        let prose = "word ".repeat(10_000);
        let cell = cell_text(&prose);
        assert!(cell.chars().count() < 2_100 && cell.ends_with("`--format json` has the whole text)"), "{cell}");
        assert_eq!(cell_text("a  b\nc"), "a  b\nc", "spacing and line breaks are kept");
        assert_eq!(cell_text(&format!("a\n{word}")), format!("a\n{}…", "x".repeat(59)));
    }
}
