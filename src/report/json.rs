//! JSON reports: a stable, versioned contract documented in `docs/json.md`.
//! Keys never change meaning within a version; new keys may be added.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::StatusRow;
use crate::coverage::Cell;
use crate::finding::{Finding, Location, Severity};
use crate::matrix::{Level, Sources};

/// The version of every JSON document parity writes.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
struct StatusReport<'a> {
    version: u32,
    surfaces: Vec<SurfaceJson<'a>>,
}

#[derive(Serialize)]
struct SurfaceJson<'a> {
    id: &'a str,
    v1: Vec<&'a str>,
    v3: Vec<TargetJson<'a>>,
    declared: DeclaredJson<'a>,
    computed: Option<Level>,
    overclaim: bool,
    intents: BTreeMap<&'static str, Cell>,
    actions_landed: usize,
    actions_total: usize,
    notes: Option<&'a str>,
    location: Location,
}

#[derive(Serialize)]
struct TargetJson<'a> {
    route: &'a str,
    resolves_to: Option<&'a str>,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct DeclaredJson<'a> {
    level: Level,
    scope: Option<&'a str>,
    rest: Option<Level>,
    text: String,
}

/// Writes the status report.
pub fn write_status(out: &mut dyn Write, rows: &[StatusRow<'_>], sources: &Sources) -> io::Result<()> {
    let surfaces = rows
        .iter()
        .map(|row| {
            let surface = row.surface;
            SurfaceJson {
                id: &surface.id,
                v1: surface.v1.iter().map(|r| r.as_str()).collect(),
                v3: surface
                    .v3
                    .iter()
                    .map(|t| TargetJson {
                        route: &t.route,
                        resolves_to: t.resolves_to.as_ref().map(|r| r.as_str()),
                        note: t.note.as_deref(),
                    })
                    .collect(),
                declared: DeclaredJson {
                    level: surface.status.level(),
                    scope: surface.status.scope(),
                    rest: surface.status.rest(),
                    text: surface.status.value.to_string(),
                },
                computed: row.coverage.computed,
                overclaim: row.overclaims(),
                intents: row.coverage.strip.iter().map(|(i, c)| (i.as_str(), *c)).collect(),
                actions_landed: row.coverage.landed,
                actions_total: row.coverage.total,
                notes: surface.notes.as_deref(),
                location: sources.locate(surface.file, surface.id.pos),
            }
        })
        .collect();
    emit(out, &StatusReport { version: FORMAT_VERSION, surfaces })
}

#[derive(Serialize)]
struct ValidationReport<'a> {
    version: u32,
    summary: ValidationSummary,
    findings: &'a [Finding],
}

/// The counts of `parity validate`: the JSON report's `summary`, and the
/// SARIF run's properties.
#[derive(Serialize)]
pub struct ValidationSummary {
    errors: usize,
    warnings: usize,
    notes: usize,
    waived: usize,
}

impl ValidationSummary {
    #[must_use]
    pub fn of(findings: &[Finding], waived: usize) -> Self {
        let count = |severity| findings.iter().filter(|f| f.severity == severity).count();
        Self {
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            notes: count(Severity::Note),
            waived,
        }
    }
}

/// Writes the findings of `parity validate`.
pub fn write_findings(out: &mut dyn Write, findings: &[Finding], waived: usize) -> io::Result<()> {
    emit(out, &ValidationReport { version: FORMAT_VERSION, summary: ValidationSummary::of(findings, waived), findings })
}

fn emit(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}
