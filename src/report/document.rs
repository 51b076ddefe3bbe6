//! The audit document, regenerated from the matrix: the hand-written
//! document's sections in its order, plus the intent coverage it never had.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::markdown::{self, header, routes, row};
use super::{Filter, MARKDOWN_TARGET, StatusRow, status_rows, target_text};
use crate::coverage::{self, ActionState, Cell};
use crate::matrix::{Document, Evidence, Intent, Matrix, Pattern, PendingReason};

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
    gaps(out, matrix)?;
    accepted_findings(out, matrix)?;
    actions(out, &rows)
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

/// `pending, follow-up 2 (gap `x`)`, `pending, contract gap, follow-up 5`:
/// the reason, then the follow-up that tracks it, then the gap.
fn pending_text(action: &crate::matrix::Action, reason: &str) -> String {
    let Some(pending) = &action.pending else {
        return reason.to_owned();
    };
    let mut text = format!("pending, {reason}");
    if let Some(number) = &pending.follow_up {
        if pending.reason.value == PendingReason::FollowUp {
            let _ = write!(text, " {}", number.value);
        } else {
            let _ = write!(text, ", follow-up {}", number.value);
        }
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

/// The findings the matrix accepts, with why and until when: a reader of the
/// document sees that a status overclaim is known and owned, not missed.
/// Whether a waiver has lapsed is `parity validate`'s call: the document does
/// not depend on the day it is generated.
fn accepted_findings(out: &mut dyn Write, matrix: &Matrix) -> io::Result<()> {
    if matrix.waivers.is_empty() {
        return Ok(());
    }
    writeln!(out, "\n## Accepted Findings\n")?;
    for waiver in &matrix.waivers {
        let surface = matrix.surface(&waiver.surface).map_or_else(
            || format!("`{}`", waiver.surface.value),
            |surface| routes(surface.v1.iter().map(|r| r.as_str())),
        );
        let reason = waiver.reason.split_whitespace().collect::<Vec<_>>().join(" ");
        writeln!(out, "- `{}` on {surface}, until {}: {reason}", waiver.code.value, waiver.expires.value)?;
    }
    Ok(())
}

/// Every recorded action with where it landed: the detail behind the intent
/// coverage counts (V1 endpoint, V3 pattern and endpoint, evidence).
fn actions(out: &mut dyn Write, rows: &[StatusRow<'_>]) -> io::Result<()> {
    if rows.iter().all(|status| status.surface.actions.is_empty()) {
        return Ok(());
    }
    writeln!(out, "\n## Appendix: Actions\n")?;
    header(out, &["V1 surface", "Intent", "Action", "V1 endpoint", "V3 landing", "Progress evidence"])?;
    for status in rows {
        let surface = status.surface;
        for action in &surface.actions {
            let landing = match (&action.landing, &action.pending) {
                (Some(landing), None) => {
                    let pattern = Pattern::parse(&landing.pattern)
                        .map_or_else(|| landing.pattern.to_string(), |p| p.label().into());
                    match &landing.v3 {
                        Some(v3) => format!("{pattern}: `{}`", v3.value),
                        None => pattern,
                    }
                }
                (_, Some(pending)) => pending_text(action, pending.reason.value.label()),
                (None, None) => "not landed".to_owned(),
            };
            let evidence = if action.landing.is_some() && action.pending.is_none() {
                let kinds: Vec<&str> =
                    coverage::effective_progress(surface, action).iter().map(|kind| evidence_label(kind)).collect();
                if kinds.is_empty() { "none recorded".to_owned() } else { kinds.join(", ") }
            } else {
                "—".to_owned()
            };
            row(
                out,
                &[
                    surface_routes(status),
                    action.intent.value.clone(),
                    action.verb.value.clone(),
                    action.v1.as_ref().map_or_else(|| "—".to_owned(), |v1| format!("`{}`", v1.value)),
                    landing,
                    evidence,
                ],
            )?;
        }
    }
    Ok(())
}

/// `provider handoff` for `provider-handoff`; an unknown word (which
/// validation reports) as written.
fn evidence_label(kind: &str) -> &str {
    match Evidence::parse(kind) {
        Some(evidence) => evidence.label(),
        None => kind,
    }
}
