//! The grid of the check table: a column per deployment (V1 first, then V3,
//! each role in the configuration's order), a row per route or endpoint,
//! rows grouped under their surface. A cell is a verdict's symbol and word
//! (see [`super::mark`]); details — URLs, redirect chains, failure texts —
//! are left to `--format json` and `markdown`.
//!
//! A route is never split inside a segment: it wraps after a `/`, and only
//! a segment wider than the whole column is cut, with `...`; past
//! [`ROUTE_LINES`] lines the rest of a route is cut too, and so is a
//! surface id wider than the line, so the grid grows with the number of
//! routes, never with their length (`--format json` keeps every text whole). Where every
//! route fits beside a column of surface ids, the ids get that column;
//! otherwise (80 columns) a surface's id opens its first line, followed by
//! its first route when that fits, and its other routes follow, indented.

use std::io::{self, Write};

use super::mark::{Tone, mark, paint};
use super::{CheckReport, Line};
use crate::probe::Verdict;

/// Between columns.
const GAP: &str = "  ";
/// Before a surface's routes under its id, and before a route's wrapped part.
const INDENT: &str = "  ";
/// Ends a segment cut to fit.
const ELLIPSIS: &str = "...";
/// The most lines one route wraps into: a real route takes one or two; a
/// route of 70,000 characters would take a thousand.
const ROUTE_LINES: usize = 8;
/// The route column never gets narrower than this: on a terminal narrower
/// than the verdict columns need, the grid overflows instead of hiding routes.
const MIN_ROUTE_WIDTH: usize = 16;

/// One route or endpoint of a surface and its verdict on each deployment.
struct Row {
    route: String,
    cells: Vec<Option<Verdict>>,
}

/// A surface and its rows, in plan order.
struct Block<'a> {
    surface: &'a str,
    rows: Vec<Row>,
}

/// Where the surface ids go.
enum Layout {
    /// In a column of their own, this wide: every route fits beside it.
    Column { id_width: usize },
    /// At the start of the surface's first line; its routes indented.
    Nested,
}

/// The grid's columns, measured once.
struct Grid<'a> {
    deployments: Vec<&'a str>,
    /// The width of each deployment's column.
    widths: Vec<usize>,
    /// What is left for surface ids and routes.
    label_width: usize,
    /// The whole line: a route's wrapped part, with no verdict beside it,
    /// may take all of it.
    line_width: usize,
    layout: Layout,
    color: bool,
}

/// Writes the grid of `report`, fitted to `width` columns; nothing when no
/// probe ran.
pub(super) fn write(out: &mut dyn Write, report: &CheckReport<'_>, width: u16, color: bool) -> io::Result<()> {
    let deployments: Vec<&str> = report.deployments().into_iter().map(|(name, _)| name).collect();
    let blocks = blocks(report, &deployments);
    if blocks.is_empty() {
        return Ok(());
    }
    let grid = Grid::new(deployments, &blocks, usize::from(width), color);
    for line in grid.header().into_iter().chain(blocks.iter().flat_map(|block| grid.block(block))) {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// The surfaces with their rows: a route probed on several deployments is
/// one row with a cell on each.
fn blocks<'a>(report: &CheckReport<'a>, deployments: &[&str]) -> Vec<Block<'a>> {
    let surfaces = report.surfaces().into_iter();
    surfaces.map(|(surface, lines)| Block { surface: &surface.id.value, rows: rows(&lines, deployments) }).collect()
}

fn rows(lines: &[Line<'_>], deployments: &[&str]) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    for line in lines {
        let Some(column) = deployments.iter().position(|name| *name == line.result.deployment) else { continue };
        let route = route_text(line);
        // A route with two expectations (markers) on one deployment gets a row each.
        let free = |row: &&mut Row| row.route == route && row.cells[column].is_none();
        if let Some(row) = rows.iter_mut().find(free) {
            row.cells[column] = Some(line.result.verdict);
        } else {
            let mut cells = vec![None; deployments.len()];
            cells[column] = Some(line.result.verdict);
            rows.push(Row { route, cells });
        }
    }
    rows
}

/// The route, after its method when that is not GET: `POST /api/nodes/{id}`.
fn route_text(line: &Line<'_>) -> String {
    if line.method == "GET" { line.route.to_owned() } else { format!("{} {}", line.method, line.route) }
}

impl<'a> Grid<'a> {
    fn new(deployments: Vec<&'a str>, blocks: &[Block<'_>], width: usize, color: bool) -> Self {
        let cell_width = |column: usize| {
            let cells = blocks.iter().flat_map(|b| &b.rows).filter_map(|row| row.cells[column]);
            cells.map(|verdict| mark(verdict).text().len()).max().unwrap_or(0)
        };
        let widths: Vec<usize> =
            deployments.iter().enumerate().map(|(column, name)| name.chars().count().max(cell_width(column))).collect();
        let taken: usize = widths.iter().map(|width| width + GAP.len()).sum();
        let free = width.saturating_sub(taken).max(MIN_ROUTE_WIDTH);
        let id_width = blocks.iter().map(|b| b.surface.chars().count()).max().unwrap_or(0);
        let route_width = blocks.iter().flat_map(|b| &b.rows).map(|row| row.route.chars().count()).max().unwrap_or(0);
        // No wider than the labels need: the verdicts stay near their routes.
        let (layout, label_width) = if id_width + GAP.len() + route_width <= free {
            (Layout::Column { id_width }, id_width + GAP.len() + route_width)
        } else {
            (Layout::Nested, free.min(id_width.max(INDENT.len() + route_width)))
        };
        let line_width = width.max(label_width + taken);
        Self { deployments, widths, label_width, line_width, layout, color }
    }

    /// The column headings and a rule under each.
    fn header(&self) -> Vec<String> {
        let (label, rule) = match self.layout {
            Layout::Column { id_width } => (
                format!("{:<id_width$}{GAP}route", "surface"),
                format!("{}{GAP}{}", "-".repeat(id_width), "-".repeat(self.label_width - id_width - GAP.len())),
            ),
            Layout::Nested => ("surface / route".to_owned(), "-".repeat(self.label_width)),
        };
        let names = self.deployments.iter().map(|name| ((*name).to_owned(), Tone::Strong));
        let rules = self.widths.iter().map(|width| ("-".repeat(*width), Tone::Plain));
        vec![
            self.line(&label, &paint(&label, Tone::Strong, self.color), names.collect()),
            self.line(&rule, &rule, rules.collect()),
        ]
    }

    /// The lines of one surface.
    fn block(&self, block: &Block<'_>) -> Vec<String> {
        let id = block.surface;
        let painted = paint(id, Tone::Strong, self.color);
        match self.layout {
            Layout::Column { id_width } => {
                let blank = " ".repeat(id_width + GAP.len());
                let first = format!("{painted}{}{GAP}", " ".repeat(id_width - id.chars().count()));
                let lead = |index: usize| if index == 0 { first.as_str() } else { blank.as_str() };
                block.rows.iter().enumerate().flat_map(|(index, row)| self.row(&blank, lead(index), row)).collect()
            }
            Layout::Nested => {
                let id = cut(id, self.line_width);
                self.nested(&id, &paint(&id, Tone::Strong, self.color), &block.rows)
            }
        }
    }

    /// A surface's id, with its first route on the same line when it fits,
    /// then its other routes, indented.
    fn nested(&self, id: &str, painted: &str, rows: &[Row]) -> Vec<String> {
        let lead = format!("{id}{GAP}");
        let mut lines = Vec::new();
        let mut rows = rows.iter().peekable();
        if let Some(first) = rows.next_if(|row| lead.chars().count() + row.route.chars().count() <= self.room(row)) {
            lines.extend(self.row(&lead, &format!("{painted}{GAP}"), first));
        } else {
            lines.push(painted.to_owned());
        }
        lines.extend(rows.flat_map(|row| self.row(INDENT, INDENT, row)));
        lines
    }

    /// A row: `lead` (the id or an indent, `plain` its width), the route
    /// fitted into what is left, the verdicts on its first line.
    fn row(&self, plain: &str, lead: &str, row: &Row) -> Vec<String> {
        let indent = " ".repeat(plain.chars().count());
        let room = |width: usize| width.saturating_sub(indent.len());
        let parts = fit(&row.route, (room(self.room(row)), room(self.line_width)));
        let cells = row.cells.iter().map(|cell| cell.map(mark).map(|m| (m.text(), m.tone)).unwrap_or_default());
        let mut cells: Vec<(String, Tone)> = cells.collect();
        let mut lines = Vec::new();
        for (index, part) in parts.iter().enumerate() {
            let (plain_lead, lead) = if index == 0 { (plain, lead) } else { (indent.as_str(), indent.as_str()) };
            let row_cells = std::mem::take(&mut cells);
            lines.push(self.line(&format!("{plain_lead}{part}"), &format!("{lead}{part}"), row_cells));
        }
        lines
    }

    /// The columns a row's label may take: its own, and those of the
    /// deployments before the row's first verdict, which have nothing to
    /// show there — a V3 target runs on into the empty V1 column, as text
    /// does in a spreadsheet, instead of wrapping.
    fn room(&self, row: &Row) -> usize {
        let empty = row.cells.iter().take_while(|cell| cell.is_none()).count();
        self.label_width + self.widths[..empty].iter().map(|width| width + GAP.len()).sum::<usize>()
    }

    /// One line: the label (`plain` its text without colour, to measure it),
    /// then each deployment's cell in its column; nothing after the last.
    fn line(&self, plain: &str, label: &str, cells: Vec<(String, Tone)>) -> String {
        let mut line = label.to_owned();
        let mut used = plain.chars().count();
        let mut edge = self.label_width;
        for (width, (text, tone)) in self.widths.iter().zip(cells) {
            if !text.is_empty() {
                line.push_str(&" ".repeat(edge.saturating_sub(used)));
                line.push_str(GAP);
                line.push_str(&paint(&text, tone, self.color));
                used = edge.max(used) + GAP.len() + text.chars().count();
            }
            edge += GAP.len() + width;
        }
        line
    }
}

/// `route` in lines of at most `first` columns, then `rest`: whole when
/// it fits, else broken after a `/`, its later lines indented; a segment
/// wider than the whole line is cut with `...`, and so is what would take
/// more than [`ROUTE_LINES`] lines. Each character is counted once.
fn fit(route: &str, (first, rest): (usize, usize)) -> Vec<String> {
    let rest = rest.saturating_sub(INDENT.len());
    let mut lines: Vec<String> = Vec::new();
    let (mut line, mut width) = (String::new(), 0);
    for segment in route.split_inclusive('/') {
        let room = if lines.is_empty() { first } else { rest };
        let segment_width = segment.chars().count();
        if width > 0 && width + segment_width > room {
            if lines.len() + 1 == ROUTE_LINES {
                line = cut(&format!("{line}{segment}"), room);
                break;
            }
            lines.push(std::mem::take(&mut line));
            width = 0;
        }
        line.push_str(segment);
        width += segment_width;
    }
    lines.push(line);
    let (head, tail) = lines.split_first().expect("a route has a line");
    let head = cut(head, first);
    std::iter::once(head).chain(tail.iter().map(|line| format!("{INDENT}{}", cut(line, rest)))).collect()
}

/// `text`, cut to `width` columns with `...` when it is wider.
fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_owned();
    }
    let kept: String = text.chars().take(width.saturating_sub(ELLIPSIS.len())).collect();
    format!("{kept}{ELLIPSIS}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_route_that_fits_stays_whole() {
        assert_eq!(fit("/v3-prod/workloads", (18, 18)), ["/v3-prod/workloads"]);
    }

    #[test]
    fn a_long_route_wraps_after_slashes_only() {
        let lines = fit("/v3-prod/platform/lifecycle/decommissions/{id}", (20, 20));
        assert_eq!(lines, ["/v3-prod/platform/", "  lifecycle/", "  decommissions/{id}"]);
        assert!(lines.iter().all(|line| line.chars().count() <= 20));
    }

    /// Beside the verdicts a route has the label's width; its wrapped part
    /// has none beside it, and may take the whole line.
    #[test]
    fn the_wrapped_part_of_a_route_may_take_the_whole_line() {
        let lines = fit("/admin/nodes/decommissions/{id}", (14, 60));
        assert_eq!(lines, ["/admin/nodes/", "  decommissions/{id}"]);
    }

    #[test]
    fn a_route_past_its_last_line_is_cut_there() {
        let route = "/segment".repeat(1_000);
        let lines = fit(&route, (20, 20));
        assert_eq!(lines.len(), ROUTE_LINES);
        assert!(lines.iter().all(|line| line.chars().count() <= 20), "{lines:?}");
        assert!(lines[ROUTE_LINES - 1].ends_with(ELLIPSIS), "{lines:?}");
        // `/ab/` then one `ab/` a line: eight lines exactly are shown whole, nine are cut.
        let eight = format!("/ab/{}ab", "ab/".repeat(6));
        assert_eq!(fit(&eight, (4, 6)).last().map(String::as_str), Some("  ab"));
        let nine = format!("/ab/{}ab", "ab/".repeat(7));
        assert_eq!(fit(&nine, (4, 6)).last().map(String::as_str), Some("  a..."));
    }

    #[test]
    fn only_a_segment_wider_than_the_line_is_cut() {
        assert_eq!(fit("/reports/a-segment-far-too-long-to-fit", (20, 20)), ["/reports/", "  a-segment-far-t..."]);
        assert_eq!(cut("abcdef", 6), "abcdef");
    }
}
