//! The project's own matrix in `parity/`: it is the seed audit document,
//! encoded with nothing lost, and the committed audit document is fresh.

use parity::matrix::{self, Loaded};

use crate::support::{parity, root};

fn own_matrix() -> Loaded {
    let loaded = matrix::load(&[root().join("parity")]);
    assert!(loaded.problems.is_empty(), "parity/ does not load: {:?}", loaded.problems);
    loaded
}

fn seed() -> String {
    std::fs::read_to_string(root().join("fixtures/seed/v3-v1-workflow-parity-audit.txt")).unwrap()
}

/// The non-empty lines of the seed between two headings.
fn seed_section(seed: &str, from: &str, to: &str) -> Vec<String> {
    let start = seed.find(from).expect("heading present") + from.len();
    let end = seed[start..].find(to).map_or(seed.len(), |i| start + i);
    seed[start..end].lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_seed_matrix_row_is_reconstructed_from_the_matrix() {
    let loaded = own_matrix();
    // The seed lost the arrow of resolves-to targets: `A → B` reads `AB`.
    let rows: Vec<String> = loaded
        .matrix
        .surfaces
        .iter()
        .map(|surface| {
            let v1: Vec<&str> = surface.v1.iter().map(|r| r.as_str()).collect();
            let v3: Vec<String> = surface
                .v3
                .iter()
                .map(|t| {
                    let resolved = t.resolves_to.as_ref().map_or("", |r| r.as_str());
                    let note = t.note.as_ref().map(|n| format!(" {n}")).unwrap_or_default();
                    format!("{}{resolved}{note}", t.route.value)
                })
                .collect();
            let notes = one_line(surface.notes.as_deref().unwrap_or_default());
            format!("{} {} {} {notes}", v1.join(", "), v3.join(", "), surface.status.value)
        })
        .collect();
    let seed = seed();
    let expected = seed_section(&seed, "V1 surface V3 target Parity status Notes", "Remaining Follow-Ups");
    assert_eq!(rows.len(), 25);
    assert_eq!(rows, expected);
}

#[test]
fn every_follow_up_and_gap_is_in_the_matrix_verbatim() {
    let loaded = own_matrix();
    let seed = seed();
    let follow_ups: Vec<String> = loaded
        .matrix
        .follow_ups
        .iter()
        .map(|f| format!("{}. {}: {}", f.number.value, one_line(&f.title), one_line(&f.body)))
        .collect();
    assert_eq!(follow_ups, seed_section(&seed, "Remaining Follow-Ups", "Backend/Contract Gaps"));
    let gaps: Vec<String> = loaded.matrix.gaps.iter().map(|g| format!("• {}", one_line(&g.text))).collect();
    assert_eq!(gaps, seed_section(&seed, "Backend/Contract Gaps Found During Audit", "\u{0}"));
}

#[test]
fn the_rule_and_the_intents_render_as_the_seed_states_them() {
    let run = parity(&root(), &["doc"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let seed = seed();
    for line in seed_section(&seed, "Rule", "Current Parity Matrix") {
        let line = line.trim_start_matches("• ");
        assert!(run.stdout.contains(line), "the document lost: {line}");
    }
    for line in seed_section(&seed, "Skip to content", "Rule") {
        let line = line.trim_start_matches("Status: ");
        assert!(run.stdout.contains(line), "the document lost: {line}");
    }
}

#[test]
fn the_committed_audit_document_is_fresh() {
    let run = parity(&root(), &["doc", "--check", "docs/parity-audit.md"]);
    assert_eq!(
        run.code, 0,
        "docs/parity-audit.md is stale; run `parity doc --out docs/parity-audit.md`\n{}",
        run.stdout
    );
}

#[test]
fn the_own_matrix_has_no_errors() {
    let run = parity(&root(), &["validate"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
}
