//! Comparing the `document` section: the title, purpose and rules that
//! `parity doc` writes around the matrix.
//!
//! The section is compared field by field, each named by its YAML key path
//! (`title`, `rule.patterns.workbench-action-queue`,
//! `lifecycle.intents.setup`), and reported as one `document-changed`
//! naming every field that changed. Text is compared without surrounding
//! white space; an intent's verbs in order, as the document lists them.

use super::matrix::Side;
use super::{Change, ChangeCode};
use crate::finding::Location;
use crate::matrix::{Document, Intent, Pattern};

/// The change to the document section of `b` (base) and `h` (head), if any.
pub(super) fn document(b: &Side<'_>, h: &Side<'_>, changes: &mut Vec<Change>) {
    let (base, head) = (b.matrix.documents.first(), h.matrix.documents.first());
    let change = match (base, head) {
        (None, None) => return,
        (None, Some((_, document))) => Change::new(
            ChangeCode::DocumentChanged,
            format!("the document section was added: {}", document.value.title.trim()),
        )
        .values(None, Some(format!("title: {}", document.value.title.trim()))),
        (Some((_, document)), None) => Change::new(
            ChangeCode::DocumentChanged,
            format!("the document section was removed: {}", document.value.title.trim()),
        )
        .values(Some(format!("title: {}", document.value.title.trim())), None),
        (Some((_, old)), Some((_, new))) => {
            let (before, after) = (fields(&old.value), fields(&new.value));
            let differing: Vec<usize> = (0..before.len()).filter(|&i| before[i].1 != after[i].1).collect();
            if differing.is_empty() {
                return;
            }
            let names: Vec<&str> = differing.iter().map(|&i| before[i].0.as_str()).collect();
            let text = |fields: &[(String, String)]| {
                differing.iter().map(|&i| format!("{}: {}", fields[i].0, fields[i].1)).collect::<Vec<_>>().join("; ")
            };
            Change::new(ChangeCode::DocumentChanged, format!("the document section changed: {}", names.join(", ")))
                .values(Some(text(&before)), Some(text(&after)))
        }
    };
    changes.push(change.subject("document").at(located(h), located(b)));
}

/// Where a version declares its document section (the first, if several).
fn located(side: &Side<'_>) -> Option<Location> {
    side.matrix.documents.first().and_then(|(file, document)| side.at(*file, document.pos))
}

/// Every field of a document, by key path, with its value as compared; the
/// same paths in the same order for any document, so two lists line up.
fn fields(document: &Document) -> Vec<(String, String)> {
    let text = |value: &str| value.trim().to_owned();
    let mut fields = vec![
        ("title".to_owned(), text(&document.title)),
        ("status".to_owned(), text(&document.status)),
        ("purpose".to_owned(), text(&document.purpose)),
        ("rule.lead".to_owned(), text(&document.rule.lead)),
    ];
    for pattern in Pattern::ALL {
        let written = document.rule.patterns.get(pattern).map_or_else(|| "none".to_owned(), |value| text(value));
        fields.push((format!("rule.patterns.{pattern}"), written));
    }
    fields.push(("rule.no_one_off_buttons".to_owned(), text(&document.rule.no_one_off_buttons)));
    fields.push(("lifecycle.lead".to_owned(), text(&document.lifecycle.lead)));
    for intent in Intent::ALL {
        let verbs = document.lifecycle.intents.get(intent).map_or_else(
            || "none".to_owned(),
            |verbs| verbs.iter().map(|verb| verb.trim()).collect::<Vec<_>>().join(", "),
        );
        fields.push((format!("lifecycle.intents.{intent}"), verbs));
    }
    fields.push(("progress_rule".to_owned(), text(&document.progress_rule)));
    fields
}
