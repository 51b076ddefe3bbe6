//! Reports of `parity diff`: a terminal table, Markdown for a pull-request
//! comment, versioned JSON, and GitHub annotations on the head's YAML lines.

use std::io::{self, Write};

use comfy_table::{ColumnConstraint, ContentArrangement, Table, presets};
use serde::Serialize;

use super::annotations::{Annotations, Kind};
use super::issues::Issue;
use super::json::FORMAT_VERSION;
use super::markdown::{cell, header, row};
use super::{codequality, sarif};
use crate::diff::{Change, Diff, Direction, FailOn};

/// The output formats of `parity diff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// Regressions, improvements and other changes, as terminal tables.
    Table,
    /// A pull-request comment: a one-line summary, then the changes.
    Markdown,
    /// The versioned JSON document (see docs/json.md).
    Json,
    /// GitHub workflow annotations at the head version's YAML lines.
    Github,
    /// SARIF 2.1.0 for code scanning: regressions as errors, other changes
    /// as warnings, improvements as notes (see docs/ci.md).
    Sarif,
    /// GitLab Code Quality (Code Climate issues; see docs/ci.md).
    Codequality,
}

/// The hidden marker that lets a CI step find its own comment and update it
/// in place instead of adding another.
pub const MARKDOWN_MARKER: &str = "<!-- parity-diff -->";

/// Writes the diff in `format`.
pub fn write(out: &mut dyn Write, diff: &Diff, format: DiffFormat, fail_on: FailOn, width: u16) -> io::Result<()> {
    match format {
        DiffFormat::Table => table(out, diff, width),
        DiffFormat::Markdown => markdown(out, diff),
        DiffFormat::Json => json(out, diff, fail_on),
        DiffFormat::Github => github(out, diff),
        DiffFormat::Sarif => {
            sarif::write(out, "diff", &Issue::of_changes(&diff.changes), &DiffSummary::of(diff, fail_on))
        }
        DiffFormat::Codequality => codequality::write(out, &Issue::of_changes(&diff.changes), &head_path(diff)),
    }
}

/// The head version's first path (`parity` of `HEAD:parity`), where Code
/// Quality puts a change that has no line in either version.
fn head_path(diff: &Diff) -> std::path::PathBuf {
    let first = diff.head.split(' ').next().unwrap_or_default();
    match crate::diff::Source::parse(first) {
        crate::diff::Source::Path(path) | crate::diff::Source::Git { path, .. } => path,
    }
}

fn what(change: &Change) -> String {
    let mut what =
        change.surface.iter().chain(&change.other_surfaces).map(String::as_str).collect::<Vec<_>>().join(", ");
    if let Some(subject) = &change.subject {
        if !what.is_empty() {
            what.push_str(": ");
        }
        what.push_str(subject);
    }
    what
}

/// `path:line` in the head version, else `base: path:line`.
fn at(change: &Change) -> String {
    match (&change.location, &change.base_location) {
        (Some(head), _) => format!("{}:{}", head.path.display(), head.line),
        (None, Some(base)) => format!("base: {}:{}", base.path.display(), base.line),
        (None, None) => String::new(),
    }
}

fn table(out: &mut dyn Write, diff: &Diff, width: u16) -> io::Result<()> {
    writeln!(out, "parity diff: {} → {}", diff.base, diff.head)?;
    for direction in Direction::ALL {
        let changes: Vec<&Change> = diff.of(direction).collect();
        if changes.is_empty() {
            continue;
        }
        writeln!(out, "\n{} ({})", direction.heading(), changes.len())?;
        // Report diffs have no YAML lines: no empty "At" column for them.
        let located = changes.iter().any(|change| change.location.is_some() || change.base_location.is_some());
        let mut table = Table::new();
        table
            .load_preset(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(width)
            .set_header(["Change", "Surface / item", "Before → after", "At"].into_iter().take(if located {
                4
            } else {
                3
            }));
        for change in changes {
            let mut cells = vec![change.code.as_str().to_owned(), what(change), change.transition()];
            if located {
                cells.push(at(change));
            }
            table.add_row(cells);
        }
        // Codes and locations are never wrapped; the descriptions share the rest.
        for index in [0, 3] {
            if let Some(column) = table.column_mut(index) {
                column.set_constraint(ColumnConstraint::ContentWidth);
            }
        }
        writeln!(out, "{table}")?;
    }
    writeln!(out, "\n{}", diff.summary())
}

fn markdown(out: &mut dyn Write, diff: &Diff) -> io::Result<()> {
    writeln!(out, "{MARKDOWN_MARKER}")?;
    let summary = if diff.changes.is_empty() {
        "no changes".to_owned()
    } else {
        diff.counts()
            .map(|(direction, n)| {
                let text = direction.count(n);
                if direction == Direction::Regression && n > 0 { format!("**{text}**") } else { text }
            })
            .join(", ")
    };
    writeln!(out, "**parity diff** `{}` → `{}`: {summary}", diff.base, diff.head)?;
    for direction in Direction::ALL {
        let changes: Vec<&Change> = diff.of(direction).collect();
        if changes.is_empty() {
            continue;
        }
        // Other changes are many and rarely urgent: folded by default.
        let folded = direction == Direction::Other;
        if folded {
            writeln!(out, "\n<details><summary>{} ({})</summary>\n", direction.heading(), changes.len())?;
        } else {
            writeln!(out, "\n### {} ({})\n", direction.heading(), changes.len())?;
        }
        // Report diffs have no YAML lines: no empty "At" column for them.
        let located = changes.iter().any(|change| change.location.is_some() || change.base_location.is_some());
        let columns = if located { 5 } else { 4 };
        header(out, &["Change", "Surface / item", "Before", "After", "At"][..columns])?;
        for change in changes {
            let code = |text: &Option<String>| text.as_deref().map_or_else(|| "—".to_owned(), cell);
            let cells =
                [format!("`{}`", change.code), what(change), code(&change.before), code(&change.after), at(change)];
            row(out, &cells[..columns])?;
        }
        if folded {
            writeln!(out, "\n</details>")?;
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct DiffJson<'a> {
    version: u32,
    base: &'a str,
    head: &'a str,
    summary: Summary,
    fail_on: &'static str,
    failing: bool,
    changes: &'a [Change],
}

#[derive(Serialize)]
struct Summary {
    regressions: usize,
    improvements: usize,
    other: usize,
}

impl Summary {
    fn of(diff: &Diff) -> Self {
        let [(_, regressions), (_, improvements), (_, other)] = diff.counts();
        Self { regressions, improvements, other }
    }
}

/// The SARIF run's properties: what the JSON report says besides its changes.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DiffSummary<'a> {
    base: &'a str,
    head: &'a str,
    #[serde(flatten)]
    summary: Summary,
    fail_on: &'static str,
    failing: bool,
}

impl<'a> DiffSummary<'a> {
    fn of(diff: &'a Diff, fail_on: FailOn) -> Self {
        Self {
            base: &diff.base,
            head: &diff.head,
            summary: Summary::of(diff),
            fail_on: fail_on_word(fail_on),
            failing: diff.fails(fail_on),
        }
    }
}

fn fail_on_word(fail_on: FailOn) -> &'static str {
    match fail_on {
        FailOn::Regression => "regression",
        FailOn::Change => "change",
        FailOn::Never => "never",
    }
}

fn json(out: &mut dyn Write, diff: &Diff, fail_on: FailOn) -> io::Result<()> {
    let document = DiffJson {
        version: FORMAT_VERSION,
        base: &diff.base,
        head: &diff.head,
        summary: Summary::of(diff),
        fail_on: fail_on_word(fail_on),
        failing: diff.fails(fail_on),
        changes: &diff.changes,
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}

fn github(out: &mut dyn Write, diff: &Diff) -> io::Result<()> {
    let mut annotations = Annotations::new(out);
    for change in &diff.changes {
        let kind = match change.direction {
            Direction::Regression => Kind::Error,
            Direction::Other => Kind::Warning,
            Direction::Improvement => Kind::Notice,
        };
        let message = match (&change.location, &change.base_location) {
            (None, Some(base)) => format!("{} (was at {base} in {})", change.message, diff.base),
            _ => change.message.clone(),
        };
        let title = format!("parity diff: {}", change.code);
        annotations.write(kind, change.location.as_ref(), &title, &message)?;
    }
    annotations.finish(&format!("parity diff {} → {}: {}", diff.base, diff.head, diff.summary()))
}

/// The "Changes since REV" section `parity doc --since REV` appends to the
/// audit document: the summary, then each direction's changes as a list.
pub fn doc_section(out: &mut dyn Write, diff: &Diff, since: &str) -> io::Result<()> {
    writeln!(out, "\n## Changes since {since}\n")?;
    if diff.changes.is_empty() {
        return writeln!(out, "No parity changes since `{since}`.");
    }
    writeln!(out, "{}.", capitalised(&diff.summary()))?;
    for direction in Direction::ALL {
        let changes: Vec<&Change> = diff.of(direction).collect();
        if changes.is_empty() {
            continue;
        }
        writeln!(out, "\n### {}\n", direction.heading())?;
        for change in changes {
            writeln!(out, "- {} (`{}`)", change.message, change.code)?;
        }
    }
    Ok(())
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}
