//! The page's data: everything the web report shows, gathered once from the
//! matrix, its computed coverage and validation, merged `parity check`
//! reports and the changes since a revision. It is serialised into the page
//! as one JSON island and the page renders from it, so this is also what the
//! snapshot test pins down.
//!
//! Locations are `[file, line]` pairs indexing [`Page::files`]: a 10,000-surface
//! matrix repeats its file path tens of thousands of times otherwise.

use std::collections::BTreeMap;

use serde::Serialize;

use super::inputs::{PageFinding, Source};
use crate::coverage::{self, ActionState, Cell};
use crate::diff::{ChangeCode, Diff};
use crate::finding::{Code, Finding, Location};
use crate::matrix::{Action, Intent, Level, Loaded, Pattern, Sources, Spanned, Surface};
use crate::probe::{Hop, ProbeResult, Verdict};

/// The version of the page data; the page checks it before rendering.
pub const DATA_VERSION: u32 = 1;

/// A location: index into [`Page::files`], then the 1-based line.
pub type At = (usize, u32);

/// Everything the page shows.
#[derive(Debug, Serialize)]
pub struct Page {
    pub version: u32,
    pub title: String,
    /// Matrix (and report) file paths, as given; locations index them.
    pub files: Vec<String>,
    /// How a location becomes a link (`--link`), if at all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<Link>,
    /// The six intents, in heatmap column order.
    pub intents: Vec<&'static str>,
    /// The status ladder, best first.
    pub levels: Vec<&'static str>,
    /// Family names; each surface names one by index.
    pub families: Vec<String>,
    pub surfaces: Vec<PageSurface>,
    pub follow_ups: Vec<PageFollowUp>,
    pub gaps: Vec<PageGap>,
    pub waivers: Vec<PageWaiver>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub check: Option<PageCheck>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<Diff>,
    /// Validation, check and diff findings, in that order.
    pub findings: Vec<PageFinding>,
    /// `parity explain CODE` for every code the page mentions.
    pub explanations: BTreeMap<&'static str, &'static str>,
}

/// `--link TEMPLATE` and the revision its `{rev}` stands for.
#[derive(Clone, Debug, Serialize)]
pub struct Link {
    pub template: String,
    pub rev: String,
}

/// One surface with its computed coverage.
#[derive(Debug, Serialize)]
pub struct PageSurface {
    pub id: String,
    pub family: usize,
    pub at: At,
    pub v1: Vec<String>,
    pub v3: Vec<PageTarget>,
    /// The declared status as the document writes it.
    pub declared: String,
    pub declared_level: Level,
    pub computed: Option<Level>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub overclaim: bool,
    /// Per intent: the cell, actions landed with evidence, actions.
    pub cells: Vec<(Cell, usize, usize)>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Evidence shared by every landed action that lists none of its own.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub progress: Vec<String>,
    pub actions: Vec<PageAction>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub follow_ups: Vec<u32>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub gaps: Vec<String>,
    /// Indexes into [`Page::waivers`].
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub waivers: Vec<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub screenshots: Option<Screenshots>,
}

/// A V3 target: `route → resolves_to`, then any note.
#[derive(Debug, Serialize)]
pub struct PageTarget {
    pub route: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolves_to: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A V1 action and where it stands in V3.
#[derive(Debug, Serialize)]
pub struct PageAction {
    pub verb: String,
    pub intent: String,
    /// `landed`, `unproven` (landed without evidence), `pending` or `missing`.
    pub state: &'static str,
    pub at: At,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub v1: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub v3: Option<String>,
    /// The action's own evidence; absent when it uses the surface's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pending: Option<PagePending>,
}

/// Why an action has not landed, and what tracks it.
#[derive(Debug, Serialize)]
pub struct PagePending {
    pub reason: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub follow_up: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gap: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct PageFollowUp {
    pub number: u32,
    pub title: String,
    pub body: String,
    pub surfaces: Vec<String>,
    pub at: At,
}

#[derive(Debug, Serialize)]
pub struct PageGap {
    pub id: String,
    pub text: String,
    pub surfaces: Vec<String>,
    pub at: At,
}

#[derive(Debug, Serialize)]
pub struct PageWaiver {
    pub code: String,
    pub surface: String,
    pub reason: String,
    pub expires: String,
    pub at: At,
}

/// V1 and V3 screenshots of a surface: `src` values for `<img>`.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Screenshots {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub v1: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub v3: Option<String>,
}

/// What the merged check reports saw.
#[derive(Debug, Serialize)]
pub struct PageCheck {
    /// The report files, as given.
    pub reports: Vec<String>,
    /// Each deployment with its verdict counts, in order of appearance.
    pub deployments: Vec<PageDeployment>,
    pub probes: Vec<PageProbe>,
}

#[derive(Debug, Serialize)]
pub struct PageDeployment {
    pub name: String,
    pub verdicts: BTreeMap<Verdict, usize>,
}

/// One probe of a check report, with its redirect chain.
#[derive(Debug, Serialize)]
pub struct PageProbe {
    pub deployment: String,
    pub method: String,
    pub route: String,
    pub url: String,
    pub verdict: Verdict,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub final_url: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub chain: Vec<Hop>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    pub surfaces: Vec<String>,
}

impl From<ProbeResult> for PageProbe {
    fn from(probe: ProbeResult) -> Self {
        Self {
            deployment: probe.deployment.into(),
            method: probe.method.into(),
            route: probe.route.into(),
            url: probe.url.into(),
            verdict: probe.verdict,
            status: probe.status,
            final_url: probe.final_url.map(String::from),
            chain: probe.redirect_chain,
            detail: probe.detail,
            surfaces: probe.surfaces.to_vec(),
        }
    }
}

/// File paths in order of first use, so locations are small indexes.
#[derive(Debug, Default)]
pub struct Files {
    paths: Vec<String>,
}

impl Files {
    /// The index of `path`, adding it when new.
    pub fn index(&mut self, path: &str) -> usize {
        self.paths.iter().position(|p| p == path).unwrap_or_else(|| {
            self.paths.push(path.to_owned());
            self.paths.len() - 1
        })
    }

    /// A finding's location as `[file, line]`.
    pub fn at(&mut self, location: &Location) -> At {
        (self.index(&location.path.display().to_string()), location.line)
    }

    #[must_use]
    pub fn into_paths(self) -> Vec<String> {
        self.paths
    }
}

/// Reads the matrix side of the page: surfaces with coverage, follow-ups,
/// gaps, waivers, and the validation findings.
pub(super) struct MatrixReader<'a> {
    pub sources: &'a Sources,
    pub files: Files,
}

impl MatrixReader<'_> {
    /// Matrix files are indexed in load order, so `FileId(n)` is index n.
    fn at<T>(&self, file: crate::matrix::FileId, spanned: &Spanned<T>) -> At {
        (file.0, self.sources.locate(file, spanned.pos).line)
    }

    pub fn surfaces(&self, loaded: &Loaded, families: &mut Vec<String>) -> Vec<PageSurface> {
        let matrix = &loaded.matrix;
        loaded
            .matrix
            .surfaces
            .iter()
            .map(|surface| {
                let family = family_of(self.sources, surface, families);
                let mut page = self.surface(surface, family);
                page.follow_ups = matrix
                    .follow_ups
                    .iter()
                    .filter(|f| f.surfaces.iter().any(|s| s.value == surface.id.value))
                    .map(|f| f.number.value)
                    .collect();
                page.gaps = matrix
                    .gaps
                    .iter()
                    .filter(|g| g.surfaces.iter().any(|s| s.value == surface.id.value))
                    .map(|g| g.id.value.clone())
                    .collect();
                page.waivers = (0..matrix.waivers.len())
                    .filter(|&i| matrix.waivers[i].surface.value == surface.id.value)
                    .collect();
                page
            })
            .collect()
    }

    fn surface(&self, surface: &Surface, family: usize) -> PageSurface {
        let coverage = coverage::coverage(surface);
        let computed = coverage.computed;
        PageSurface {
            id: surface.id.value.clone(),
            family,
            at: self.at(surface.file, &surface.id),
            v1: surface.v1.iter().map(|r| r.value.clone()).collect(),
            v3: surface
                .v3
                .iter()
                .map(|t| PageTarget {
                    route: t.route.value.clone(),
                    resolves_to: t.resolves_to.as_ref().map(|r| r.value.clone()),
                    note: t.note.clone(),
                })
                .collect(),
            declared: surface.status.value.to_string(),
            declared_level: surface.status.level(),
            computed,
            overclaim: computed.is_some_and(|c| surface.status.level().rank() > c.rank()),
            cells: cells(surface, &coverage.strip),
            notes: surface.notes.clone(),
            progress: surface.progress.iter().map(|e| e.value.clone()).collect(),
            actions: surface.actions.iter().map(|action| self.action(surface, action)).collect(),
            follow_ups: Vec::new(),
            gaps: Vec::new(),
            waivers: Vec::new(),
            screenshots: None,
        }
    }

    fn action(&self, surface: &Surface, action: &Action) -> PageAction {
        let state = match coverage::action_state(surface, action) {
            ActionState::Landed => "landed",
            ActionState::Unproven => "unproven",
            ActionState::Pending(_) => "pending",
            ActionState::Missing => "missing",
        };
        let landing = action.landing.as_ref();
        PageAction {
            verb: action.verb.value.clone(),
            intent: action.intent.value.clone(),
            state,
            at: self.at(surface.file, &action.verb),
            v1: action.v1.as_ref().map(|v| v.value.clone()),
            pattern: landing.map(|l| Pattern::parse(&l.pattern).map_or(l.pattern.value.clone(), |p| p.label().into())),
            v3: landing.and_then(|l| l.v3.as_ref()).map(|v| v.value.clone()),
            evidence: landing.and_then(|l| l.progress.as_ref()).map(|p| p.iter().map(|e| e.value.clone()).collect()),
            pending: action.pending.as_ref().map(|p| PagePending {
                reason: p.reason.value.label(),
                follow_up: p.follow_up.as_ref().map(|f| f.value),
                gap: p.gap.as_ref().map(|g| g.value.clone()),
            }),
        }
    }

    pub fn rest(&self, loaded: &Loaded) -> (Vec<PageFollowUp>, Vec<PageGap>, Vec<PageWaiver>) {
        let ids = |list: &[Spanned<String>]| list.iter().map(|s| s.value.clone()).collect();
        let matrix = &loaded.matrix;
        let follow_ups = matrix
            .follow_ups
            .iter()
            .map(|f| PageFollowUp {
                number: f.number.value,
                title: f.title.clone(),
                body: f.body.clone(),
                surfaces: ids(&f.surfaces),
                at: self.at(f.file, &f.number),
            })
            .collect();
        let gaps = matrix
            .gaps
            .iter()
            .map(|g| PageGap {
                id: g.id.value.clone(),
                text: g.text.clone(),
                surfaces: ids(&g.surfaces),
                at: self.at(g.file, &g.id),
            })
            .collect();
        let waivers = matrix
            .waivers
            .iter()
            .map(|w| PageWaiver {
                code: w.code.value.clone(),
                surface: w.surface.value.clone(),
                reason: w.reason.clone(),
                expires: w.expires.value.to_string(),
                at: self.at(w.file, &w.code),
            })
            .collect();
        (follow_ups, gaps, waivers)
    }

    /// A validation finding for the page.
    pub fn finding(&mut self, finding: &Finding) -> PageFinding {
        PageFinding::from_finding(finding, Source::Validate, &mut self.files)
    }
}

/// Per intent: the cell, and how many of its actions landed with evidence.
fn cells(surface: &Surface, strip: &[(Intent, Cell)]) -> Vec<(Cell, usize, usize)> {
    strip
        .iter()
        .map(|&(intent, cell)| {
            let of_intent = surface.actions.iter().filter(|a| Intent::parse(&a.intent) == Some(intent));
            let (mut landed, mut total) = (0, 0);
            for action in of_intent {
                total += 1;
                landed += usize::from(coverage::action_state(surface, action) == ActionState::Landed);
            }
            (cell, landed, total)
        })
        .collect()
}

/// A surface's family: its matrix file's name without the order prefix
/// (`10-workloads.yaml` → `workloads`).
fn family_of(sources: &Sources, surface: &Surface, families: &mut Vec<String>) -> usize {
    let path = &sources.files()[surface.file.0].path;
    let stem = path.file_stem().map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let name = stem.trim_start_matches(|c: char| c.is_ascii_digit()).trim_start_matches(['-', '_']);
    let name = if name.is_empty() { stem.as_str() } else { name };
    families.iter().position(|f| f == name).unwrap_or_else(|| {
        families.push(name.to_owned());
        families.len() - 1
    })
}

/// The explanation of every code the findings and changes mention.
pub(super) fn explanations(findings: &[PageFinding], since: Option<&Diff>) -> BTreeMap<&'static str, &'static str> {
    let mut explanations = BTreeMap::new();
    for finding in findings {
        if let Some(code) = Code::parse(&finding.code) {
            explanations.insert(code.as_str(), code.explanation());
        } else if let Some(code) = ChangeCode::parse(&finding.code) {
            explanations.insert(code.as_str(), code.explanation());
        }
    }
    for change in since.iter().flat_map(|diff| &diff.changes) {
        explanations.insert(change.code.as_str(), change.code.explanation());
    }
    explanations
}

/// The ladder, best first, and the intents, in column order.
pub(super) fn vocabulary() -> (Vec<&'static str>, Vec<&'static str>) {
    (Level::words(), Intent::ALL.iter().map(|i| i.as_str()).collect())
}
