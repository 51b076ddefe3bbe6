//! The terminal view of a check: per surface, the V1 and V3 verdicts side by
//! side, then the findings as diagnostics.

use std::io::{self, Write};

use comfy_table::{ContentArrangement, Table, presets};

use super::{CheckReport, Line};
use crate::probe::Role;
use crate::report::wrap_route;

/// Writes the side-by-side table and the summary.
pub fn write(out: &mut dyn Write, report: &CheckReport<'_>, width: u16) -> io::Result<()> {
    let surfaces = report.surfaces();
    let id_width = surfaces.iter().map(|(s, _)| s.id.chars().count()).max().unwrap_or(8);
    // Borders and padding take 13 columns, findings about 24; the sides share the rest.
    let side_width = usize::from(width).saturating_sub(id_width + 37).max(24) / 2;
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(width)
        .set_header(["Surface", "V1", "V3", "Findings"]);
    for (surface, lines) in surfaces {
        let side = |role: Role| -> String {
            let texts: Vec<String> =
                lines.iter().filter(|l| l.role == role).map(|l| wrap_route(&line_text(l), side_width)).collect();
            texts.join("\n")
        };
        let findings: Vec<String> =
            report.findings_of(&surface.id).map(|f| format!("{} {}", f.severity, f.code)).collect();
        table.add_row([surface.id.value.clone(), side(Role::V1), side(Role::V3), findings.join("\n")]);
    }
    writeln!(out, "{table}")?;
    writeln!(out, "{}", report.summary())
}

fn line_text(line: &Line<'_>) -> String {
    let method = if line.method == "GET" { String::new() } else { format!("{} ", line.method) };
    format!("{} {method}{}", line.result.verdict, line.route)
}
