//! Whether people can see what the matrix says landed: for each landed
//! action, a visible control (button, link, menu item or tab) whose
//! accessible name holds its verb (or matches its `control`) on the
//! rendered V3 page it landed on; for each surface, its progress evidence
//! named by a visible tab, heading or region. Only pages rendered `present`
//! are read: a missing page already has its own finding.

use std::collections::HashMap;

use regex::RegexBuilder;

use super::plan::Plan;
use crate::finding::{Code, Finding};
use crate::matrix::{Action, Matrix, Sources, Spanned, Surface};
use crate::probe::{Role, Verdict};
use crate::render::{RenderedProbe, Snapshot};

/// The prefix of a `control` that is a CSS selector.
pub const CSS_PREFIX: &str = "css:";

/// How the control of an action is recognised.
enum ControlMatch {
    /// Accessible names holding these words, in order (case aside).
    Words(String),
    Regex(regex::Regex),
    Css(String),
}

impl ControlMatch {
    fn of(action: &Action) -> Self {
        let Some(control) = &action.control else { return Self::Words(normal(&action.verb)) };
        if let Some(selector) = control.strip_prefix(CSS_PREFIX) {
            return Self::Css(selector.trim().to_owned());
        }
        let regex = control.strip_prefix('/').and_then(|rest| rest.strip_suffix('/'));
        match regex.map(|pattern| RegexBuilder::new(pattern).case_insensitive(true).size_limit(1 << 20).build()) {
            Some(Ok(regex)) => Self::Regex(regex),
            _ => Self::Words(normal(control)),
        }
    }

    fn shown_on(&self, page: &Snapshot) -> bool {
        match self {
            Self::Words(words) => page.controls.iter().any(|control| normal(&control.name).contains(words.as_str())),
            Self::Regex(regex) => page.controls.iter().any(|control| regex.is_match(&control.name)),
            Self::Css(selector) => page.visible_selectors.iter().any(|shown| shown == selector),
        }
    }
}

/// Lower case, words separated by single spaces (`Re-enroll` → `re enroll`).
fn normal(text: &str) -> String {
    let spaced: String = text.chars().map(|c| if c.is_alphanumeric() { c.to_ascii_lowercase() } else { ' ' }).collect();
    format!(" {} ", spaced.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Every CSS selector a `control` of the matrix names: the browser checks
/// each on every page it renders.
#[must_use]
pub fn selectors(matrix: &Matrix) -> Vec<String> {
    let mut selectors: Vec<String> = matrix
        .surfaces
        .iter()
        .flat_map(|surface| &surface.actions)
        .filter_map(|action| action.control.as_ref()?.strip_prefix(CSS_PREFIX).map(|s| s.trim().to_owned()))
        .collect();
    selectors.sort();
    selectors.dedup();
    selectors
}

/// `action-not-visible` and `evidence-not-visible` for the surfaces whose
/// V3 pages were rendered.
#[must_use]
pub fn findings(matrix: &Matrix, sources: &Sources, plan: &Plan, rendered: &[RenderedProbe]) -> Vec<Finding> {
    let mut findings = Vec::new();
    if rendered.is_empty() {
        return findings;
    }
    let pages_by_surface = rendered_pages(plan, rendered);
    for (index, surface) in matrix.surfaces.iter().enumerate() {
        let Some(pages) = pages_by_surface.get(&index) else { continue };
        let locate = |spanned: &Spanned<String>| sources.locate(surface.file, spanned.pos);
        for action in surface.actions.iter().filter(|action| action.landing.is_some()) {
            let on = landing_pages(action, pages);
            let control = ControlMatch::of(action);
            if !on.iter().any(|(_, page)| control.shown_on(page)) {
                let at = action.control.as_ref().unwrap_or(&action.verb);
                findings.push(action_finding(surface, action, &on).at(locate(at)));
            }
        }
        for evidence in evidence_of(surface) {
            if !pages.iter().any(|(_, page)| names_evidence(page, &evidence)) {
                let finding = Finding::new(
                    Code::EvidenceNotVisible,
                    format!(
                        "no visible tab, heading or region of {} names the `{}` evidence",
                        routes(pages),
                        *evidence
                    ),
                )
                .label("not visible")
                .surface(&surface.id);
                findings.push(finding.at(locate(&evidence)));
            }
        }
    }
    findings
}

fn action_finding(surface: &Surface, action: &Action, on: &[(&str, &Snapshot)]) -> Finding {
    let wanted = action.control.as_ref().map_or_else(|| format!("`{}`", *action.verb), |c| format!("`{}`", c.value));
    Finding::new(
        Code::ActionNotVisible,
        format!("{} shows no visible button, link, menu item or tab for {wanted}", routes(on)),
    )
    .label("no control on the page")
    .help("nothing is clicked: a closed menu hides its items; name the menu button with `control:`")
    .surface(&surface.id)
}

/// Page routes with what the browser saw there.
type Pages<'a> = Vec<(&'a str, &'a Snapshot)>;

/// The rendered V3 pages of each surface that were judged present, with
/// their routes, in one pass over the plan's uses: a scan of every use per
/// surface was quadratic, a third of a 30,000-route check that rendered
/// nothing (docs/benchmarks.md).
fn rendered_pages<'a>(plan: &'a Plan, rendered: &'a [RenderedProbe]) -> HashMap<usize, Pages<'a>> {
    let mut by_probe: HashMap<usize, &RenderedProbe> = HashMap::new();
    for probe in rendered {
        by_probe.entry(probe.index).or_insert(probe);
    }
    let mut pages: HashMap<usize, Pages<'a>> = HashMap::new();
    for usage in plan.uses.iter().filter(|usage| usage.subject.role() == Role::V3) {
        let Some(probe) = by_probe.get(&usage.probe).filter(|probe| probe.result.verdict == Verdict::Present) else {
            continue;
        };
        let of_surface = pages.entry(usage.surface).or_default();
        let route = probe.result.route.as_str();
        // A page noted twice in a row is one page.
        if of_surface.last().is_none_or(|(last, _)| *last != route) {
            of_surface.push((route, &probe.snapshot));
        }
    }
    pages
}

/// The pages an action's control must be on: its landing's page route when
/// it names one, else every page of the surface.
fn landing_pages<'a>(action: &Action, pages: &[(&'a str, &'a Snapshot)]) -> Vec<(&'a str, &'a Snapshot)> {
    let route = action.landing.as_ref().and_then(|landing| landing.v3.as_ref()).filter(|v3| !v3.contains(' '));
    let on: Vec<(&str, &Snapshot)> =
        pages.iter().filter(|(page, _)| route.is_some_and(|route| route.as_str() == *page)).copied().collect();
    if on.is_empty() { pages.to_vec() } else { on }
}

/// The surface's evidence and its landed actions' own, each once.
fn evidence_of(surface: &Surface) -> Vec<Spanned<String>> {
    let landings = surface.actions.iter().filter_map(|action| action.landing.as_ref());
    let own = landings.filter_map(|landing| landing.progress.as_ref()).flatten();
    let mut evidence: Vec<Spanned<String>> = Vec::new();
    for item in surface.progress.iter().chain(own) {
        if !evidence.iter().any(|seen| seen.value == item.value) {
            evidence.push(item.clone());
        }
    }
    evidence
}

/// A visible tab, heading or named region holds the evidence word.
fn names_evidence(page: &Snapshot, evidence: &str) -> bool {
    let word = normal(evidence);
    let word = word.trim();
    let holds = |name: &str| normal(name).contains(word);
    page.headings.iter().any(|heading| holds(heading))
        || page.controls.iter().any(|control| control.role == "tab" && holds(&control.name))
        || page.landmarks.iter().any(|landmark| holds(&landmark.name))
}

fn routes(pages: &[(&str, &Snapshot)]) -> String {
    let names: Vec<String> = pages.iter().map(|(route, _)| format!("`{route}`")).collect();
    format!("the rendered page {}", names.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Named;

    fn page(controls: &[(&str, &str)], headings: &[&str]) -> Snapshot {
        let mut snapshot = Snapshot::default();
        for heading in headings {
            snapshot.headings.push((*heading).to_owned());
        }
        snapshot.controls =
            controls.iter().map(|(role, name)| Named { role: (*role).to_owned(), name: (*name).to_owned() }).collect();
        snapshot
    }

    #[test]
    fn a_verb_matches_whole_words_of_an_accessible_name() {
        let shown = page(&[("button", "Re-enroll node"), ("link", "Drainage report")], &[]);
        assert!(ControlMatch::Words(normal("re-enroll")).shown_on(&shown));
        assert!(!ControlMatch::Words(normal("drain")).shown_on(&shown), "a word, not a prefix of one");
        let regex = RegexBuilder::new("^drain").case_insensitive(true).build().expect("a regex");
        assert!(ControlMatch::Regex(regex).shown_on(&shown));
        let mut css = page(&[], &[]);
        css.visible_selectors.push("[data-action=drain]".to_owned());
        assert!(ControlMatch::Css("[data-action=drain]".to_owned()).shown_on(&css));
    }

    #[test]
    fn evidence_is_named_by_a_heading_a_tab_or_a_region() {
        assert!(names_evidence(&page(&[], &["Task history"]), "task"));
        assert!(names_evidence(&page(&[("tab", "Audit")], &[]), "audit"));
        assert!(!names_evidence(&page(&[("button", "Audit")], &[]), "audit"), "a button is not evidence");
        let mut region = page(&[], &[]);
        region.landmarks.push(Named { role: "region".to_owned(), name: "Workflow runs".to_owned() });
        assert!(names_evidence(&region, "workflow"));
    }
}
