//! A matrix that loads can still break the migration rule or contradict
//! itself: a status its coverage does not earn, a landing outside the four
//! patterns, a reference to nothing. The validation rules find these, each
//! with a stable code and a location; waivers then set aside the findings a
//! team accepted.

use std::collections::{HashMap, HashSet};

use super::merged::Matrix;
use super::model::{Action, FileId, Landing, Pending, Surface};
use super::source::Sources;
use super::span::{Pos, Spanned};
use super::vocabulary::{Evidence, Intent, Pattern};
use super::waivers::{self, Validation};
use crate::coverage::{self, ActionState};
use crate::finding::{Code, Finding, suggestion};
use crate::route::{Endpoint, RouteError, RoutePattern};

/// Runs every rule. `today` decides which waivers have expired.
#[must_use]
pub fn validate(matrix: &Matrix, sources: &Sources, today: jiff::civil::Date) -> Validation {
    let mut rules = Rules { matrix, sources, findings: Vec::new() };
    rules.documents();
    rules.surfaces();
    rules.references();
    let mut validation = waivers::apply(matrix, sources, rules.findings, today);
    Finding::sort(&mut validation.findings);
    validation
}

struct Rules<'m> {
    matrix: &'m Matrix,
    sources: &'m Sources,
    findings: Vec<Finding>,
}

/// The gap ids of a matrix: to look one up, and in matrix order so that the
/// hint for an unknown gap is the same on every run.
#[derive(Default)]
struct GapIds<'m> {
    known: HashSet<&'m str>,
    in_order: Vec<&'m str>,
}

impl<'m> Rules<'m> {
    fn report(&mut self, file: FileId, pos: Pos, finding: Finding) {
        self.findings.push(finding.at(self.sources.locate(file, pos)));
    }

    fn documents(&mut self) {
        if self.matrix.documents.is_empty() {
            self.findings.push(
                Finding::new(Code::DocumentMissing, "no matrix file declares the `document` section")
                    .help("add a file such as `parity/00-document.yaml` with `document:` (title, purpose, rule)"),
            );
        }
        let first = self.matrix.documents.first().map(|(file, doc)| self.sources.locate(*file, doc.pos));
        for (file, document) in self.matrix.documents.iter().skip(1) {
            let first = first.as_ref().map(ToString::to_string).unwrap_or_default();
            let finding = Finding::new(Code::DocumentDuplicate, "a second `document` section")
                .label("declared again here")
                .help(format!("the first is at {first}; keep exactly one"));
            self.report(*file, document.pos, finding);
        }
    }

    fn surfaces(&mut self) {
        let mut ids: HashMap<&str, &Surface> = HashMap::new();
        let mut routes: HashMap<String, (&str, FileId, Pos)> = HashMap::new();
        for surface in &self.matrix.surfaces {
            let first = *ids.entry(&surface.id).or_insert(surface);
            if !std::ptr::eq(first, surface) {
                let at = self.sources.locate(first.file, first.id.pos);
                let finding =
                    Finding::new(Code::DuplicateSurfaceId, format!("surface id `{}` is used twice", *surface.id))
                        .label("used again here")
                        .help(format!(
                            "first used at {at}; ids must be unique because follow-ups and waivers name them"
                        ))
                        .surface(&surface.id);
                self.report(surface.file, surface.id.pos, finding);
            }
            let v1_params = self.v1_routes(surface, &mut routes);
            self.targets(surface, v1_params.as_ref());
            for action in &surface.actions {
                self.action(surface, action);
            }
            self.evidence_words(surface, &surface.progress);
            self.overclaim(surface);
        }
    }

    /// Checks a surface's V1 routes for syntax and duplicates; returns the
    /// parameter names they provide to the V3 targets, or `None` when one of
    /// them is malformed.
    fn v1_routes<'a>(
        &mut self,
        surface: &'a Surface,
        seen: &mut HashMap<String, (&'a str, FileId, Pos)>,
    ) -> Option<HashSet<String>> {
        let mut params = Some(HashSet::new());
        for route in &surface.v1 {
            let Some(pattern) = self.route(surface, route) else {
                params = None;
                continue;
            };
            if let Some(params) = &mut params {
                params.extend(pattern.params().map(str::to_owned));
            }
            // `/nodes/{id}` and `/nodes/{nodeId}` are the same route.
            if let Some((other, file, pos)) = seen.get(&pattern.shape()) {
                let at = self.sources.locate(*file, *pos);
                let finding = Finding::new(Code::DuplicateV1Route, format!("V1 route `{pattern}` is claimed twice"))
                    .label(format!("also claimed by surface `{other}`"))
                    .help(format!("first claimed at {at}; a V1 route belongs to one surface"))
                    .surface(&surface.id);
                self.report(surface.file, route.pos, finding);
            } else {
                seen.insert(pattern.shape(), (&surface.id, surface.file, route.pos));
            }
        }
        params
    }

    /// Checks target routes; with the V1 parameters known (no V1 route is
    /// malformed), also that every target parameter can be filled.
    fn targets(&mut self, surface: &Surface, v1_params: Option<&HashSet<String>>) {
        for target in &surface.v3 {
            for route in std::iter::once(&target.route).chain(target.resolves_to.as_ref()) {
                let Some(pattern) = self.route(surface, route) else {
                    continue;
                };
                let Some(v1_params) = v1_params else { continue };
                // An optional parameter can be left out, so it needs no value.
                for param in pattern.required_params() {
                    if v1_params.contains(param) || target.params.contains_key(param) {
                        continue;
                    }
                    let finding = Finding::new(
                        Code::ParamUnfillable,
                        format!("nothing fills parameter `{{{param}}}` of `{}`", route.value),
                    )
                    .label("no V1 route parameter has this name")
                    .help(format!(
                        "name it in the V1 route, or declare where a value comes from: `params: {{{param}: …}}`"
                    ))
                    .surface(&surface.id);
                    self.report(surface.file, route.pos, finding);
                }
            }
        }
    }

    /// Parses a route, reporting it when malformed.
    fn route(&mut self, surface: &Surface, route: &Spanned<String>) -> Option<RoutePattern> {
        match RoutePattern::parse(route) {
            Ok(pattern) => Some(pattern),
            Err(error) => {
                self.malformed(surface, route, "route", &error);
                None
            }
        }
    }

    fn malformed(&mut self, surface: &Surface, text: &Spanned<String>, what: &str, error: &RouteError) {
        let finding = Finding::new(Code::RouteMalformed, format!("`{}` is not a valid {what}", text.value))
            .label(error.message.clone())
            .help("write routes as `/path/{param}`; endpoints as `METHOD /path/{param}`")
            .surface(&surface.id);
        self.findings.push(finding.at(self.sources.locate_inside(surface.file, text.pos, error.offset)));
    }

    fn endpoint(&mut self, surface: &Surface, text: Option<&Spanned<String>>) {
        if let Some(text) = text {
            if let Err(error) = Endpoint::parse(text) {
                self.malformed(surface, text, "endpoint", &error);
            }
        }
    }

    fn action(&mut self, surface: &Surface, action: &Action) {
        self.intent(surface, action);
        self.endpoint(surface, action.v1.as_ref());
        match (&action.landing, &action.pending) {
            (Some(landing), None) => self.landing(surface, action, landing),
            (None, None) | (Some(_), Some(_)) => {
                let both = action.landing.is_some();
                let message = if both {
                    format!("`{}` is both landed and pending", *action.verb)
                } else {
                    format!("`{}` is neither landed nor pending", *action.verb)
                };
                let finding = Finding::new(Code::ActionOutcomeInvalid, message)
                    .label("this action")
                    .help("give it either `landing:` (where it is in V3) or `pending:` (why it is not)")
                    .surface(&surface.id);
                self.report(surface.file, action.verb.pos, finding);
            }
            (None, Some(_)) => {}
        }
    }

    /// A landed action must land on a V3 pattern and show its progress.
    fn landing(&mut self, surface: &Surface, action: &Action, landing: &Landing) {
        self.endpoint(surface, landing.v3.as_ref());
        if Pattern::parse(&landing.pattern).is_none() {
            let finding = Finding::new(
                Code::LandingOffPattern,
                format!("`{}` landed on `{}`, which is not a V3 pattern", *action.verb, *landing.pattern),
            )
            .label("a one-off button is not a migration")
            .help(
                suggestion(&landing.pattern, Pattern::words())
                    .unwrap_or_else(|| format!("land it in one of: {}", Pattern::words().join(", "))),
            )
            .surface(&surface.id);
            self.report(surface.file, landing.pattern.pos, finding);
        }
        if let Some(progress) = &landing.progress {
            self.evidence_words(surface, progress);
        }
        if coverage::action_state(surface, action) == ActionState::Unproven {
            let finding = Finding::new(
                Code::LandingWithoutEvidence,
                format!("`{}` landed but shows no post-click progress evidence", *action.verb),
            )
            .label("landed here")
            .help("list what shows progress after the click: `progress: [task, event, audit]`, on the action or its surface")
            .surface(&surface.id);
            self.report(surface.file, landing.pattern.pos, finding);
        }
    }

    fn intent(&mut self, surface: &Surface, action: &Action) {
        if Intent::parse(&action.intent).is_some() {
            return;
        }
        let by_verb = self.matrix.document().and_then(|document| {
            document.lifecycle.intents.iter().find_map(|(intent, verbs)| {
                verbs
                    .iter()
                    .any(|verb| verb == &*action.intent)
                    .then(|| format!("`{}` is a {} verb: write `intent: {intent}`", *action.intent, intent.as_str()))
            })
        });
        let help = by_verb
            .or_else(|| suggestion(&action.intent, Intent::words()))
            .unwrap_or_else(|| format!("use one of: {}", Intent::words().join(", ")));
        let finding = Finding::new(Code::IntentUnknown, format!("`{}` is not a lifecycle intent", *action.intent))
            .label("unknown intent")
            .help(help)
            .surface(&surface.id);
        self.report(surface.file, action.intent.pos, finding);
    }

    fn evidence_words(&mut self, surface: &Surface, words: &[Spanned<String>]) {
        for word in words.iter().filter(|word| Evidence::parse(word).is_none()) {
            let help = suggestion(word, Evidence::words())
                .unwrap_or_else(|| format!("use one of: {}", Evidence::words().join(", ")));
            let finding =
                Finding::new(Code::EvidenceUnknown, format!("`{}` is not a kind of progress evidence", word.value))
                    .label("unknown evidence")
                    .help(help)
                    .surface(&surface.id);
            self.report(surface.file, word.pos, finding);
        }
    }

    fn overclaim(&mut self, surface: &Surface) {
        let Some(computed) = coverage::coverage(surface).computed else {
            return;
        };
        let declared = surface.status.level();
        if declared.rank() <= computed.rank() {
            return;
        }
        let shortfalls: Vec<String> = surface.actions.iter().filter_map(|action| shortfall(surface, action)).collect();
        let shown = shortfalls.iter().take(4).cloned().collect::<Vec<_>>().join("; ");
        let more = shortfalls.len().saturating_sub(4);
        let more = if more > 0 { format!(" and {more} more") } else { String::new() };
        let finding = Finding::new(
            Code::StatusOverclaim,
            format!(
                "`{}` is declared {} but its lifecycle coverage earns {}",
                *surface.id,
                declared.label(),
                computed.label()
            ),
        )
        .label(format!("declared {}", surface.status.value))
        .help(format!("short of {}: {shown}{more}", declared.label()))
        .surface(&surface.id);
        self.report(surface.file, surface.status.pos, finding);
    }

    /// Follow-ups and gaps are referred to by number and id: each must be
    /// unique, name surfaces that exist, and exist where an action names it.
    fn references(&mut self) {
        let ids: Vec<&str> = self.matrix.surfaces.iter().map(|s| s.id.as_str()).collect();
        let numbers = self.follow_ups(&ids);
        let gaps = self.gaps(&ids);
        for surface in &self.matrix.surfaces {
            for pending in surface.actions.iter().filter_map(|a| a.pending.as_ref()) {
                self.pending_refs(surface, pending, &numbers, &gaps);
            }
        }
    }

    /// Checks the follow-ups; returns their numbers.
    fn follow_ups(&mut self, ids: &[&str]) -> HashSet<u32> {
        let mut numbers = HashSet::new();
        for follow_up in &self.matrix.follow_ups {
            if !numbers.insert(follow_up.number.value) {
                let finding = Finding::new(
                    Code::DuplicateReference,
                    format!("follow-up {} is numbered twice", follow_up.number.value),
                )
                .label("second follow-up with this number");
                self.report(follow_up.file, follow_up.number.pos, finding);
            }
            self.surface_refs(follow_up.file, &follow_up.surfaces, ids);
        }
        numbers
    }

    /// Checks the gaps; returns their ids.
    fn gaps(&mut self, ids: &[&str]) -> GapIds<'m> {
        let mut gaps = GapIds::default();
        let matrix = self.matrix;
        for gap in &matrix.gaps {
            if gaps.known.insert(gap.id.as_str()) {
                gaps.in_order.push(&gap.id);
            } else {
                let finding =
                    Finding::new(Code::DuplicateReference, format!("gap id `{}` is used twice", gap.id.value))
                        .label("second gap with this id");
                self.report(gap.file, gap.id.pos, finding);
            }
            self.surface_refs(gap.file, &gap.surfaces, ids);
        }
        gaps
    }

    /// The follow-up and gap a pending action names must exist.
    fn pending_refs(&mut self, surface: &Surface, pending: &Pending, numbers: &HashSet<u32>, gaps: &GapIds<'_>) {
        if let Some(number) = &pending.follow_up {
            if !numbers.contains(&number.value) {
                let finding = Finding::new(Code::ReferenceUnknown, format!("there is no follow-up {}", number.value))
                    .label("unknown follow-up")
                    .surface(&surface.id);
                self.report(surface.file, number.pos, finding);
            }
        }
        if let Some(gap) = &pending.gap {
            if !gaps.known.contains(gap.as_str()) {
                let finding = Finding::new(Code::ReferenceUnknown, format!("there is no gap `{}`", gap.value))
                    .label("unknown gap")
                    .help_opt(suggestion(gap, gaps.in_order.iter().copied()))
                    .surface(&surface.id);
                self.report(surface.file, gap.pos, finding);
            }
        }
    }

    fn surface_refs(&mut self, file: FileId, refs: &[Spanned<String>], ids: &[&str]) {
        for id in refs.iter().filter(|id| !ids.contains(&id.as_str())) {
            let finding = Finding::new(Code::ReferenceUnknown, format!("there is no surface `{}`", id.value))
                .label("unknown surface")
                .help_opt(suggestion(id, ids.iter().copied()));
            self.report(file, id.pos, finding);
        }
    }
}

/// Why an action keeps its surface below `covered`, in a few words.
fn shortfall(surface: &Surface, action: &Action) -> Option<String> {
    // Actions with an unknown intent do not count towards coverage.
    Intent::parse(&action.intent)?;
    let state = coverage::action_state(surface, action);
    let why = match state {
        ActionState::Landed => return None,
        ActionState::Unproven => "landed without evidence".to_owned(),
        ActionState::Pending(reason) => format!("pending ({})", reason.label()),
        ActionState::Missing => "not landed".to_owned(),
    };
    Some(format!("{} `{}` {why}", *action.intent, *action.verb))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use jiff::civil::{Date, date};

    use super::*;
    use crate::matrix::Loaded;

    /// A complete `document` section, so no test sees `document-missing`.
    const DOCUMENT: &str = include_str!("../../fixtures/validate/common/document.yaml");

    const TODAY: Date = date(2026, 6, 1);

    /// A finding as compared here: code, line and column, message, label, help.
    type Said = (Code, Option<(u32, u32)>, String, Option<String>, Option<String>);

    fn said(finding: &Finding) -> Said {
        let at = finding.location.as_ref().map(|location| (location.line, location.column));
        (finding.code, at, finding.message.clone(), finding.label.clone(), finding.help.clone())
    }

    fn expect(code: Code, at: (u32, u32), message: &str, label: &str, help: Option<&str>) -> Said {
        (code, Some(at), message.to_owned(), Some(label.to_owned()), help.map(str::to_owned))
    }

    /// Validates the document and `text` (read as `matrix.yaml`), which must load.
    fn validated(text: &str) -> Validation {
        let mut loaded = Loaded::default();
        loaded.add_text(Path::new("00-document.yaml"), DOCUMENT);
        loaded.add_text(Path::new("matrix.yaml"), text);
        assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
        validate(&loaded.matrix, &loaded.sources, TODAY)
    }

    fn findings(text: &str) -> Vec<Said> {
        validated(text).findings.iter().map(said).collect()
    }

    /// The one finding of `text` with this code.
    fn only(text: &str, code: Code) -> Said {
        let found: Vec<Said> = findings(text).into_iter().filter(|finding| finding.0 == code).collect();
        assert_eq!(found.len(), 1, "{found:#?}");
        found.into_iter().next().unwrap()
    }

    /// Covered is claimed; `probe` landed without evidence and `delete`
    /// waits on follow-up 7, which does not exist.
    const OVERCLAIMED: &str = "surfaces:\n  - id: nodes\n    v1: [/nodes]\n    status: covered\n    actions:\n      \
        - verb: probe\n        intent: maintenance\n        landing: {pattern: resource-operations-panel}\n      \
        - verb: delete\n        intent: destructive\n        pending: {reason: follow-up, follow_up: 7}\n";

    #[test]
    fn a_status_above_what_coverage_earns_is_an_overclaim_listing_the_shortfalls() {
        let help =
            "short of covered: maintenance `probe` landed without evidence; destructive `delete` pending (follow-up)";
        assert_eq!(
            only(OVERCLAIMED, Code::StatusOverclaim),
            expect(
                Code::StatusOverclaim,
                (4, 13),
                "`nodes` is declared covered but its lifecycle coverage earns partial",
                "declared covered",
                Some(help),
            )
        );
        let modest = OVERCLAIMED.replace("status: covered", "status: partial");
        assert!(findings(&modest).iter().all(|finding| finding.0 != Code::StatusOverclaim));
    }

    #[test]
    fn a_landing_without_progress_evidence_is_reported_unless_the_surface_gives_some() {
        let help =
            "list what shows progress after the click: `progress: [task, event, audit]`, on the action or its surface";
        assert_eq!(
            only(OVERCLAIMED, Code::LandingWithoutEvidence),
            expect(
                Code::LandingWithoutEvidence,
                (8, 28),
                "`probe` landed but shows no post-click progress evidence",
                "landed here",
                Some(help),
            )
        );
        let with_evidence = OVERCLAIMED.replace("    status:", "    progress: [task]\n    status:");
        assert!(findings(&with_evidence).iter().all(|finding| finding.0 != Code::LandingWithoutEvidence));
    }

    #[test]
    fn dangling_and_duplicate_references_are_each_reported() {
        let text = "follow_ups:\n  - {number: 1, title: t, body: b, surfaces: [node]}\n  \
                    - {number: 1, title: t, body: b}\ngaps:\n  - {id: node-api, text: t}\n  - {id: node-api, text: t}\n\
                    surfaces:\n  - id: nodes\n    v1: [/nodes]\n    status: not-started\n    actions:\n      \
                    - verb: delete\n        intent: destructive\n        \
                    pending: {reason: contract-gap, gap: nodes-api, follow_up: 2}\n";
        let unknown = Code::ReferenceUnknown;
        let duplicate = Code::DuplicateReference;
        assert_eq!(
            findings(text),
            [
                expect(
                    unknown,
                    (2, 47),
                    "there is no surface `node`",
                    "unknown surface",
                    Some("did you mean `nodes`?")
                ),
                expect(duplicate, (3, 14), "follow-up 1 is numbered twice", "second follow-up with this number", None),
                expect(duplicate, (6, 10), "gap id `node-api` is used twice", "second gap with this id", None),
                expect(
                    unknown,
                    (14, 46),
                    "there is no gap `nodes-api`",
                    "unknown gap",
                    Some("did you mean `node-api`?")
                ),
                expect(unknown, (14, 68), "there is no follow-up 2", "unknown follow-up", None),
            ]
        );
        assert_eq!(
            only(OVERCLAIMED, Code::ReferenceUnknown),
            expect(unknown, (11, 49), "there is no follow-up 7", "unknown follow-up", None)
        );
    }

    #[test]
    fn an_action_needs_a_known_intent_a_v3_pattern_known_evidence_and_one_outcome() {
        let text = "surfaces:\n  - id: nodes\n    v1: [/nodes]\n    status: not-started\n    actions:\n      \
                    - verb: probe\n        intent: probe\n        \
                    landing: {pattern: resource-operation-panel, progress: [tasks]}\n      \
                    - verb: delete\n        intent: destructive\n      - verb: edit\n        intent: update\n        \
                    landing: {pattern: workbench-action-queue}\n        pending: {reason: deferred}\n";
        let outcome = "give it either `landing:` (where it is in V3) or `pending:` (why it is not)";
        assert_eq!(
            findings(text),
            [
                expect(
                    Code::IntentUnknown,
                    (7, 17),
                    "`probe` is not a lifecycle intent",
                    "unknown intent",
                    Some("`probe` is a maintenance verb: write `intent: maintenance`"),
                ),
                expect(
                    Code::LandingOffPattern,
                    (8, 28),
                    "`probe` landed on `resource-operation-panel`, which is not a V3 pattern",
                    "a one-off button is not a migration",
                    Some("did you mean `resource-operations-panel`?"),
                ),
                expect(
                    Code::EvidenceUnknown,
                    (8, 65),
                    "`tasks` is not a kind of progress evidence",
                    "unknown evidence",
                    Some("did you mean `task`?"),
                ),
                expect(
                    Code::ActionOutcomeInvalid,
                    (9, 15),
                    "`delete` is neither landed nor pending",
                    "this action",
                    Some(outcome)
                ),
                expect(
                    Code::ActionOutcomeInvalid,
                    (11, 15),
                    "`edit` is both landed and pending",
                    "this action",
                    Some(outcome)
                ),
            ]
        );
    }

    #[test]
    fn ids_and_v1_routes_are_unique_and_routes_well_formed_with_every_parameter_filled() {
        let text = "surfaces:\n  - id: nodes\n    v1: [\"/nodes/{id}\"]\n    status: partial\n    \
                    v3: [{route: \"/v3/nodes/{nodeId}\"}]\n  - id: nodes\n    v1: [\"/nodes/{nodeId}\", \"/a/{\"]\n    \
                    status: partial\n";
        let found = findings(text);
        assert_eq!(
            found[..3],
            [
                expect(
                    Code::ParamUnfillable,
                    (5, 18),
                    "nothing fills parameter `{nodeId}` of `/v3/nodes/{nodeId}`",
                    "no V1 route parameter has this name",
                    Some("name it in the V1 route, or declare where a value comes from: `params: {nodeId: …}`"),
                ),
                expect(
                    Code::DuplicateSurfaceId,
                    (6, 9),
                    "surface id `nodes` is used twice",
                    "used again here",
                    Some("first used at matrix.yaml:2:9; ids must be unique because follow-ups and waivers name them"),
                ),
                // `{id}` and `{nodeId}` name the same route.
                expect(
                    Code::DuplicateV1Route,
                    (7, 10),
                    "V1 route `/nodes/{nodeId}` is claimed twice",
                    "also claimed by surface `nodes`",
                    Some("first claimed at matrix.yaml:3:10; a V1 route belongs to one surface"),
                ),
            ]
        );
        // Inside the quoted route, at the `{` that opens no parameter.
        let (code, at, message, _, _) = &found[3];
        assert_eq!(
            (*code, *at, message.as_str()),
            (Code::RouteMalformed, Some((7, 33)), "`/a/{` is not a valid route")
        );
        assert_eq!(found.len(), 4);
    }

    #[test]
    fn exactly_one_document_section_is_expected() {
        let mut loaded = Loaded::default();
        loaded.add_text(Path::new("a.yaml"), "surfaces: []\n");
        let missing: Vec<Said> = validate(&loaded.matrix, &loaded.sources, TODAY).findings.iter().map(said).collect();
        let help = "add a file such as `parity/00-document.yaml` with `document:` (title, purpose, rule)";
        let message = "no matrix file declares the `document` section".to_owned();
        assert_eq!(missing, [(Code::DocumentMissing, None, message, None, Some(help.to_owned()))]);
        let mut loaded = Loaded::default();
        loaded.add_text(Path::new("00-document.yaml"), DOCUMENT);
        loaded.add_text(Path::new("01-document.yaml"), DOCUMENT);
        let twice: Vec<Said> = validate(&loaded.matrix, &loaded.sources, TODAY).findings.iter().map(said).collect();
        let help = "the first is at 00-document.yaml:3:3; keep exactly one";
        assert_eq!(
            twice,
            [expect(Code::DocumentDuplicate, (3, 3), "a second `document` section", "declared again here", Some(help))]
        );
    }

    #[test]
    fn a_live_waiver_sets_its_finding_aside_and_expired_or_unmatched_waivers_are_reported() {
        let text = "waivers:\n  - {code: status-overclaim, surface: nodes, reason: r, expires: 2026-05-31}\n  \
                    - {code: landing-without-evidence, surface: nodes, reason: r, expires: 2026-06-01}\n  \
                    - {code: status-overclaim, surface: node, reason: r, expires: 2027-01-01}\n\
                    surfaces:\n  - id: nodes\n    v1: [/nodes]\n    status: covered\n    actions:\n      \
                    - verb: delete\n        intent: destructive\n        landing: {pattern: resource-operations-panel}\n";
        let validation = validated(text);
        // The waiver that expires today still applies.
        let waived: Vec<Code> = validation.waived.iter().map(|finding| finding.code).collect();
        assert_eq!(waived, [Code::LandingWithoutEvidence]);
        let found: Vec<Said> = validation.findings.iter().map(said).collect();
        assert_eq!(
            found[..2],
            [
                expect(
                    Code::WaiverExpired,
                    (2, 66),
                    "the waiver of `status-overclaim` on `nodes` expired on 2026-05-31",
                    "expired",
                    Some("fix the finding, or renew the waiver with a new date and reason"),
                ),
                expect(
                    Code::WaiverUnmatched,
                    (4, 39),
                    "the waiver of `status-overclaim` on `node` matches no finding",
                    "unknown surface",
                    Some("did you mean `nodes`?"),
                ),
            ]
        );
        // An expired waiver no longer sets its finding aside.
        assert_eq!(found[2].0, Code::StatusOverclaim);
        assert_eq!(found.len(), 3);
    }
}
