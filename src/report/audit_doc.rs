//! The audit document, regenerated from the matrix: the hand-written
//! document's sections in its order, plus the intent coverage it never had.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::markdown::{self, header, routes, row};
use super::{Filter, MARKDOWN_TARGET, StatusRow, status_rows, target_text};
use crate::coverage::{self, ActionState, Cell};
use crate::matrix::{Document, Intent, Matrix, Pattern};

/// Writes the whole document. Without a `document` section the framing
/// sections are left out; validation reports that separately.
pub fn write(out: &mut dyn Write, matrix: &Matrix) -> io::Result<()> {
    if let Some(document) = matrix.document() {
        framing(out, document)?;
    }
    let rows = status_rows(matrix, &Filter::default());
    parity_matrix(out, &rows)?;
    intent_coverage(out, &rows)?;
    follow_ups(out, matrix)?;
    gaps(out, matrix)
}

fn framing(out: &mut dyn Write, document: &Document) -> io::Result<()> {
    writeln!(out, "# {}\n", document.title)?;
    writeln!(out, "Status: {}\n", document.status)?;
    writeln!(out, "{}\n", document.purpose.trim())?;
    writeln!(out, "## Rule\n")?;
    writeln!(out, "{}\n", document.rule.lead.trim())?;
    for (pattern, text) in &document.rule.patterns {
        writeln!(out, "- {} {}", pattern.label(), text.trim())?;
    }
    writeln!(out, "\n{}\n", document.rule.no_one_off_buttons.trim())?;
    writeln!(out, "{}\n", document.lifecycle.lead.trim())?;
    for (intent, verbs) in &document.lifecycle.intents {
        writeln!(out, "- {}: {}.", intent.label(), verb_list(*intent, verbs))?;
    }
    writeln!(out, "\n{}\n", document.progress_rule.trim())
}

/// Joins an intent's verbs; evidence verbs are alternatives (any one of
/// them is evidence), so the last is joined with "or".
fn verb_list(intent: Intent, verbs: &[String]) -> String {
    match verbs.split_last() {
        Some((last, rest)) if intent == Intent::Evidence && !rest.is_empty() => {
            format!("{}, or {last}", rest.join(", "))
        }
        _ => verbs.join(", "),
    }
}

fn surface_routes(row: &StatusRow<'_>) -> String {
    routes(row.surface.v1.iter().map(|r| r.as_str()))
}

fn parity_matrix(out: &mut dyn Write, rows: &[StatusRow<'_>]) -> io::Result<()> {
    writeln!(out, "## Current Parity Matrix\n")?;
    header(out, &["V1 surface", "V3 target", "Parity status", "Notes"])?;
    for status in rows {
        let surface = status.surface;
        let targets: Vec<String> = surface.v3.iter().map(|t| target_text(t, MARKDOWN_TARGET)).collect();
        row(
            out,
            &[
                surface_routes(status),
                targets.join(", "),
                surface.status.value.to_string(),
                surface.notes.as_deref().unwrap_or_default().trim().to_owned(),
            ],
        )?;
    }
    writeln!(out)
}

fn cell_text(cell: Cell, landed: usize, total: usize) -> String {
    match cell {
        Cell::None => "—".into(),
        Cell::Landed => format!("landed {landed}/{total}"),
        Cell::Partly => format!("partly {landed}/{total}"),
        Cell::Missing => format!("missing {landed}/{total}"),
    }
}

fn intent_coverage(out: &mut dyn Write, rows: &[StatusRow<'_>]) -> io::Result<()> {
    writeln!(out, "## Intent Coverage\n")?;
    writeln!(
        out,
        "Computed from the matrix: an action counts as landed when it sits in one of the four V3 patterns \
         and shows post-click progress evidence. Cells read landed/total actions of the intent; \
         \"—\" means the surface records no action of that intent.\n"
    )?;
    let mut names = vec!["V1 surface", "Declared", "Computed"];
    names.extend(Intent::ALL.iter().map(|i| i.label()));
    header(out, &names)?;
    for status in rows {
        let surface = status.surface;
        let mut cells = vec![surface_routes(status), surface.status.value.to_string(), computed_text(status)];
        for (intent, cell) in &status.coverage.strip {
            let of_intent = surface.actions.iter().filter(|a| Intent::parse(&a.intent) == Some(*intent));
            let (landed, total) = of_intent.fold((0, 0), |(landed, total), action| {
                let is_landed = coverage::action_state(surface, action) == ActionState::Landed;
                (landed + usize::from(is_landed), total + 1)
            });
            cells.push(cell_text(*cell, landed, total));
        }
        row(out, &cells)?;
    }
    writeln!(out)?;
    open_actions(out, rows)
}

fn computed_text(status: &StatusRow<'_>) -> String {
    let label = status.computed_label();
    if status.overclaims() { format!("{label} (overclaim)") } else { label.to_owned() }
}

/// Lists every action that keeps a surface from `covered`, by surface.
fn open_actions(out: &mut dyn Write, rows: &[StatusRow<'_>]) -> io::Result<()> {
    writeln!(out, "### Open Actions\n")?;
    let mut any = false;
    for status in rows {
        let surface = status.surface;
        let open: Vec<String> = surface
            .actions
            .iter()
            .filter_map(|action| {
                let why = match coverage::action_state(surface, action) {
                    ActionState::Landed => return None,
                    ActionState::Unproven => {
                        let pattern = action.landing.as_ref().and_then(|l| Pattern::parse(&l.pattern));
                        format!("in {}, no progress evidence recorded", pattern.map_or("?", Pattern::label))
                    }
                    ActionState::Pending(reason) => pending_text(action, reason.label()),
                    ActionState::Missing => "not landed in a V3 pattern".into(),
                };
                Some(format!("{} *{}*: {why}", markdown::cell(&action.intent), markdown::cell(&action.verb)))
            })
            .collect();
        if open.is_empty() {
            continue;
        }
        any = true;
        writeln!(out, "- {}: {}", surface_routes(status), open.join("; "))?;
    }
    if !any {
        writeln!(out, "Every recorded action has landed with progress evidence.")?;
    }
    writeln!(out)
}

fn pending_text(action: &crate::matrix::Action, reason: &str) -> String {
    let Some(pending) = &action.pending else {
        return reason.to_owned();
    };
    let mut text = format!("pending, {reason}");
    if let Some(number) = &pending.follow_up {
        let _ = write!(text, " {}", number.value);
    }
    if let Some(gap) = &pending.gap {
        let _ = write!(text, " (gap `{}`)", gap.value);
    }
    text
}

fn concerns(matrix: &Matrix, ids: &[crate::matrix::Spanned<String>]) -> String {
    let named: Vec<String> = ids
        .iter()
        .map(|id| match matrix.surface(id) {
            Some(surface) => routes(surface.v1.iter().map(|r| r.as_str())),
            None => format!("`{}`", id.value),
        })
        .collect();
    named.join(", ")
}

fn follow_ups(out: &mut dyn Write, matrix: &Matrix) -> io::Result<()> {
    writeln!(out, "## Remaining Follow-Ups\n")?;
    let mut follow_ups: Vec<_> = matrix.follow_ups.iter().collect();
    follow_ups.sort_by_key(|f| f.number.value);
    for follow_up in follow_ups {
        writeln!(out, "{}. {}: {}", follow_up.number.value, follow_up.title.trim(), follow_up.body.trim())?;
        if !follow_up.surfaces.is_empty() {
            writeln!(out, "   Concerns: {}.", concerns(matrix, &follow_up.surfaces))?;
        }
    }
    writeln!(out)
}

fn gaps(out: &mut dyn Write, matrix: &Matrix) -> io::Result<()> {
    writeln!(out, "## Backend/Contract Gaps Found During Audit\n")?;
    for gap in &matrix.gaps {
        write!(out, "- {}", gap.text.trim())?;
        if !gap.surfaces.is_empty() {
            write!(out, " (Concerns: {}.)", concerns(matrix, &gap.surfaces))?;
        }
        writeln!(out)?;
    }
    Ok(())
}
