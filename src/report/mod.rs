//! Renderers: one module per output format, each writing to any
//! [`std::io::Write`] so tests render into a buffer.

pub mod annotations;
pub mod check;
pub mod codequality;
pub mod diagnostics;
pub mod diff;
pub mod document;
pub mod html;
pub mod issues;
pub mod json;
pub mod markdown;
pub mod sarif;
pub mod scan;
pub mod table;

use crate::coverage::{self, Cell, Coverage};
use crate::matrix::{Intent, Level, Matrix, Surface, Target};

/// The output formats of `parity status`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum StatusFormat {
    /// A table for the terminal, notes wrapped to its width.
    Table,
    /// A versioned JSON document (see docs/json.md).
    Json,
    /// A Markdown table.
    Markdown,
}

/// One surface with its computed coverage: a row of every status format.
#[derive(Debug)]
pub struct StatusRow<'m> {
    pub surface: &'m Surface,
    pub coverage: Coverage,
}

impl StatusRow<'_> {
    /// True when the declared status is better than the computed one.
    #[must_use]
    pub fn overclaims(&self) -> bool {
        self.coverage.computed.is_some_and(|computed| self.surface.status.level().rank() > computed.rank())
    }

    /// The computed status as words, or an em dash when nothing is recorded.
    #[must_use]
    pub fn computed_label(&self) -> &'static str {
        self.coverage.computed.map_or("—", Level::label)
    }
}

/// Which surfaces a status report shows.
#[derive(Debug, Default)]
pub struct Filter {
    /// Keep surfaces whose declared status is one of these.
    pub statuses: Vec<Level>,
    /// Keep surfaces with at least one action of one of these intents.
    pub intents: Vec<Intent>,
    /// Keep surfaces whose id or a V1 route matches.
    pub surface: Option<globset::GlobMatcher>,
}

impl Filter {
    fn keeps(&self, surface: &Surface, coverage: &Coverage) -> bool {
        let status_ok = self.statuses.is_empty() || self.statuses.contains(&surface.status.level());
        let intent_ok = self.intents.is_empty()
            || coverage.strip.iter().any(|(intent, cell)| self.intents.contains(intent) && *cell != Cell::None);
        let surface_ok = self.surface.as_ref().is_none_or(|glob| {
            glob.is_match(surface.id.as_str()) || surface.v1.iter().any(|route| glob.is_match(route.as_str()))
        });
        status_ok && intent_ok && surface_ok
    }
}

/// The rows of a status report, in matrix order.
#[must_use]
pub fn status_rows<'m>(matrix: &'m Matrix, filter: &Filter) -> Vec<StatusRow<'m>> {
    matrix
        .surfaces
        .iter()
        .map(|surface| StatusRow { surface, coverage: coverage::coverage(surface) })
        .filter(|row| filter.keeps(row.surface, &row.coverage))
        .collect()
}

/// How a target is written: inline code for Markdown, and whether the
/// resolved route starts a new line (narrow table cells).
#[derive(Clone, Copy, Debug)]
pub struct TargetStyle {
    pub code: bool,
    pub break_before_arrow: bool,
}

/// Markdown targets: inline code, on one line.
pub const MARKDOWN_TARGET: TargetStyle = TargetStyle { code: true, break_before_arrow: false };

/// A V3 target as the audit document writes it: `A → B`, then any note.
#[must_use]
pub fn target_text(target: &Target, style: TargetStyle) -> String {
    let quote = |route: &str| if style.code { format!("`{route}`") } else { route.to_owned() };
    let mut text = quote(&target.route);
    if let Some(resolved) = &target.resolves_to {
        text.push_str(if style.break_before_arrow { "\n→ " } else { " → " });
        text.push_str(&quote(resolved));
    }
    if let Some(note) = &target.note {
        text.push(' ');
        text.push_str(note);
    }
    text
}

/// The intent strip, one glyph per intent under the heading `S U M R D E`.
#[must_use]
pub fn strip_text(coverage: &Coverage) -> String {
    coverage.strip.iter().map(|(_, cell)| cell.glyph().to_string()).collect::<Vec<_>>().join(" ")
}

/// The heading of the intent strip: the intents' initials.
#[must_use]
pub fn strip_heading() -> String {
    Intent::ALL.iter().map(|intent| intent.letter().to_string()).collect::<Vec<_>>().join(" ")
}

/// The legend printed under a strip.
pub const STRIP_LEGEND: &str = "S U M R D E: setup, update, maintenance, recovery, destructive, evidence. \
     ● landed ◐ partly ○ missing · none. ⚠ the declared status overclaims.";

/// Wraps each line of `text` to `width` columns, breaking only after a `/`
/// or at a space. A segment wider than `width` on its own is cut short with
/// an ellipsis: the table stays a table, and JSON keeps the whole route.
#[must_use]
pub fn wrap_route(text: &str, width: usize) -> String {
    let width = width.max(2);
    let mut wrapped = Vec::new();
    for line in text.lines() {
        let (mut current, mut current_width) = (String::new(), 0);
        for piece in pieces(line) {
            let piece = clip(piece, width);
            let piece_width = piece.chars().count();
            if !current.is_empty() && current_width + piece_width > width {
                wrapped.push(std::mem::take(&mut current).trim_end().to_owned());
                current_width = 0;
            }
            current.push_str(&piece);
            current_width += piece_width;
        }
        wrapped.push(current.trim_end().to_owned());
    }
    wrapped.join("\n")
}

/// `text` cut to `width` characters, the last one an ellipsis, when longer.
#[must_use]
pub fn clip(text: &str, width: usize) -> std::borrow::Cow<'_, str> {
    if text.char_indices().nth(width).is_none() {
        return std::borrow::Cow::Borrowed(text);
    }
    let keep = text.char_indices().nth(width.saturating_sub(1)).map_or(text.len(), |(at, _)| at);
    std::borrow::Cow::Owned(format!("{}…", &text[..keep]))
}

/// The longest word a table cell shows whole, and the most characters of
/// prose (notes) it shows at all: a table wraps words, and one word of
/// 80,000 characters or a note of megabytes would take minutes to wrap and
/// fill screens. Longer text is cut with an ellipsis; JSON keeps it whole.
const CELL_WORD_CHARS: usize = 60;
const CELL_TEXT_CHARS: usize = 2_000;

/// Prose for a table cell: every word cut to [`CELL_WORD_CHARS`], the
/// whole to [`CELL_TEXT_CHARS`], with a pointer to the full text.
#[must_use]
pub fn cell_text(text: &str) -> String {
    clip_prose(text, CELL_WORD_CHARS)
}

/// The longest word of a finding's message shown whole on a terminal: a
/// route or URL of six lines at 80 columns. A route of 65,536 characters in
/// a message is cut; JSON keeps it whole.
pub const MESSAGE_WORD_CHARS: usize = 480;

/// Prose for a terminal: every word cut to `word_chars`, the whole to
/// [`CELL_TEXT_CHARS`], with a pointer to the full text. A finding's message
/// keeps longer words than a cell (a route or URL in it stays whole up to
/// a few lines), but not a word of 70,000 characters.
#[must_use]
pub fn clip_prose(text: &str, word_chars: usize) -> String {
    let mut cell = String::with_capacity(text.len().min(CELL_TEXT_CHARS * 4));
    let mut shown = 0;
    for piece in text.split_inclusive([' ', '\n']) {
        let word = piece.trim_end_matches([' ', '\n']);
        let clipped = clip(word, word_chars);
        let width = clipped.chars().count() + piece.len() - word.len();
        if shown + width > CELL_TEXT_CHARS {
            cell.push_str("… (cut; `--format json` has the whole text)");
            break;
        }
        cell.push_str(&clipped);
        cell.push_str(&piece[word.len()..]);
        shown += width;
    }
    cell
}

/// Splits after every `/` and space, keeping the separators.
fn pieces(line: &str) -> impl Iterator<Item = &str> {
    line.split_inclusive(['/', ' ']).filter(|piece| !piece.is_empty())
}
