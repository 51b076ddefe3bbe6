//! One line instead of hundreds in the terminal view: when a whole
//! deployment fails the same way (it answers every path alike, or never
//! answers), or one parameter has no sample value, every route gets the same
//! finding for one cause, and the table says so once, where the first of
//! them stood. JSON and the other formats keep every finding.

use std::collections::{BTreeMap, HashMap};

use super::CheckReport;
use crate::finding::{Cause, Finding};
use crate::probe::Verdict;

/// From this many findings of one cause on one deployment, the table groups
/// them; fewer stay a line each, since each names its route.
const GROUPED_FROM: usize = 4;

/// Why a deployment's findings make one line: the finding's [`Cause`],
/// narrowed to those the table groups.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shared {
    /// It answers every path alike (a pure single-page app):
    /// `probe-indeterminate` on every route.
    Alike,
    /// Not one of its probes got an answer: `probe-error` on every route.
    Down,
    /// One parameter has no sample value: `param-missing` on every route
    /// that uses it (the finding's label names the parameter).
    NoSample,
}

struct Group<'a> {
    deployment: String,
    cause: Shared,
    /// The findings' shared label: for [`Shared::NoSample`], the parameter.
    label: Option<&'a str>,
    findings: Vec<&'a Finding>,
}

/// How the table shows one finding.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Shown<'a> {
    /// On a line of its own.
    Alone,
    /// As its group's line, said with the severity, code and location of
    /// `first`, the group's first finding (which this one is).
    Group { first: &'a Finding, text: String },
    /// Not at all: its group's line already said it.
    Said,
}

/// The groups of a report, and which finding belongs to which.
pub(super) struct Grouping<'a> {
    groups: Vec<Group<'a>>,
    member: HashMap<*const Finding, usize>,
}

impl<'a> Grouping<'a> {
    /// Groups the findings of `report`, in report order.
    pub(super) fn of(report: &CheckReport<'a>) -> Self {
        let down = deployments_down(report);
        let mut groups: Vec<Group<'a>> = Vec::new();
        for finding in report.findings {
            let deployment = finding.subject.as_deref().and_then(|s| s.split_whitespace().next()).unwrap_or_default();
            let Some(cause) = cause_of(finding, down.get(deployment).copied().unwrap_or(false)) else { continue };
            let label = finding.label.as_deref();
            let same = |g: &&mut Group<'a>| g.deployment == deployment && g.cause == cause && g.label == label;
            if let Some(group) = groups.iter_mut().find(same) {
                group.findings.push(finding);
            } else {
                groups.push(Group { deployment: deployment.to_owned(), cause, label, findings: vec![finding] });
            }
        }
        groups.retain(|group| group.findings.len() >= GROUPED_FROM);
        let member = groups
            .iter()
            .enumerate()
            .flat_map(|(index, group)| group.findings.iter().map(move |f| (std::ptr::from_ref(*f), index)))
            .collect();
        Self { groups, member }
    }

    /// How the table shows `finding`.
    pub(super) fn shown(&self, finding: &Finding) -> Shown<'a> {
        match self.member.get(&std::ptr::from_ref(finding)).map(|index| &self.groups[*index]) {
            None => Shown::Alone,
            Some(group) if std::ptr::eq(group.findings[0], finding) => {
                Shown::Group { first: group.findings[0], text: grouped_text(group) }
            }
            Some(_) => Shown::Said,
        }
    }
}

fn cause_of(finding: &Finding, deployment_down: bool) -> Option<Shared> {
    match finding.cause? {
        Cause::AnswersAlike => Some(Shared::Alike),
        Cause::NoAnswer if deployment_down => Some(Shared::Down),
        Cause::NoSampleValue => Some(Shared::NoSample),
        Cause::NoAnswer | Cause::NotSent => None,
    }
}

/// Deployments none of whose probes got an answer.
fn deployments_down(report: &CheckReport<'_>) -> HashMap<String, bool> {
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for result in report.results {
        let (all, unreachable) = counts.entry(result.deployment.as_str()).or_default();
        *all += 1;
        *unreachable += usize::from(result.verdict == Verdict::Unreachable);
    }
    counts.into_iter().map(|(name, (all, unreachable))| (name.to_owned(), all == unreachable)).collect()
}

/// `30 probes on v3-preview …: … (the first at …); `--format json` lists each`.
fn grouped_text(group: &Group<'_>) -> String {
    let first = group.findings[0];
    let at = first.location.as_ref().map(|l| format!(" (the first at {l})")).unwrap_or_default();
    let known = group.findings.iter().filter(|f| f.in_baseline).count();
    let known = if known > 0 { format!(", {known} in baseline") } else { String::new() };
    let (n, deployment) = (group.findings.len(), &group.deployment);
    let what = match group.cause {
        Shared::Alike => format!(
            "{n} probes on {deployment} cannot be told apart from a missing page: the deployment answers every \
             path alike{at}{known}"
        ),
        Shared::Down => format!(
            "{n} probes on {deployment} got no answer: the deployment is unreachable{at}: {}{known}",
            first.message
        ),
        Shared::NoSample => {
            let help = first.help.as_deref().map(|help| format!("; {help}")).unwrap_or_default();
            format!(
                "{n} matrix entries were not probed on {deployment}: {}{at}{known}{help}",
                group.label.unwrap_or_default()
            )
        }
    };
    format!("{what}; `--format json` lists each")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::audit::{ALIKE_LABEL, NOT_SENT_LABEL, UNREACHABLE_LABEL};
    use crate::finding::Code;
    use crate::probe::ProbeResult;

    fn finding(code: Code, (label, cause): (&str, Cause), deployment: &str, n: usize) -> Finding {
        Finding::new(code, format!("route `/p{n}` on {deployment}: unreachable (refused)"))
            .subject(format!("{deployment} GET http://127.0.0.1/p{n}"))
            .label(label)
            .cause(cause)
    }

    const ALIKE: (&str, Cause) = (ALIKE_LABEL, Cause::AnswersAlike);
    const UNREACHABLE: (&str, Cause) = (UNREACHABLE_LABEL, Cause::NoAnswer);

    fn result(deployment: &str, verdict: Verdict) -> ProbeResult {
        ProbeResult::example(deployment, verdict)
    }

    fn outcome(findings: &[Finding], results: &[ProbeResult]) -> crate::check::CheckOutcome {
        crate::check::CheckOutcome {
            plan: crate::check::plan::Plan::default(),
            results: results.to_vec(),
            findings: findings.to_vec(),
            waived: Vec::new(),
            rendered: Vec::new(),
            render_failure: None,
        }
    }

    fn lines(findings: &[Finding], results: &[ProbeResult]) -> Vec<String> {
        let matrix = crate::matrix::Matrix::default();
        let outcome = outcome(findings, results);
        let report = CheckReport::new(&matrix, &outcome, crate::Severity::Error);
        let grouping = Grouping::of(&report);
        let lines = report.findings.iter().map(|f| match grouping.shown(f) {
            Shown::Alone => Some(f.message.clone()),
            Shown::Group { first, text } => Some(format!("{}[{}] {text}", first.severity, first.code)),
            Shown::Said => None,
        });
        lines.flatten().collect()
    }

    #[test]
    fn a_deployment_answering_every_path_alike_is_one_line_from_four_probes_on() {
        let alike = |deployment, n| finding(Code::ProbeIndeterminate, ALIKE, deployment, n);
        let mut findings: Vec<Finding> = (0..3).map(|n| alike("v3", n)).collect();
        findings.extend((0..4).map(|n| alike("preview", n)));
        // Endpoints sent OPTIONS only are indeterminate for a cause of their own.
        let not_sent = (NOT_SENT_LABEL, Cause::NotSent);
        findings.extend((0..4).map(|n| finding(Code::ProbeIndeterminate, not_sent, "v3", n)));
        let lines = lines(&findings, &[]);
        assert_eq!(lines.len(), 3 + 1 + 4, "{lines:#?}");
        assert!(lines[3].starts_with("warning[probe-indeterminate] 4 probes on preview "), "{}", lines[3]);
    }

    /// The table groups by the finding's cause, never by its words: the
    /// same label without the cause is a line of its own.
    #[test]
    fn only_the_typed_cause_groups_findings_not_their_label() {
        let typed = |n| finding(Code::ProbeIndeterminate, ALIKE, "v3", n);
        let untyped = |n| Finding { cause: None, ..typed(n) };
        let untyped_lines = lines(&(0..4).map(untyped).collect::<Vec<_>>(), &[]);
        assert_eq!(untyped_lines.len(), 4, "{untyped_lines:#?}");
        let typed_lines = lines(&(0..4).map(typed).collect::<Vec<_>>(), &[]);
        assert_eq!(typed_lines.len(), 1, "{typed_lines:#?}");
    }

    #[test]
    fn routes_missing_one_sample_value_are_one_line_per_parameter() {
        let missing = |param: &str, n| {
            Finding::new(Code::ParamMissing, format!("`/p{n}/{{{param}}}` was not probed on v3"))
                .subject(format!("v3 /p{n}/{{{param}}}"))
                .label(format!("no sample value for `{{{param}}}`"))
                .cause(Cause::NoSampleValue)
                .help(format!("pass --param {param}=…"))
        };
        let mut findings: Vec<Finding> = (0..4).map(|n| missing("id", n)).collect();
        findings.extend((0..2).map(|n| missing("slug", n)));
        let lines = lines(&findings, &[]);
        assert_eq!(lines.len(), 1 + 2, "{lines:#?}");
        assert_eq!(
            lines[0],
            "warning[param-missing] 4 matrix entries were not probed on v3: no sample value for `{id}`; pass --param id=…; \
             `--format json` lists each"
        );
    }

    #[test]
    fn a_deployment_that_never_answered_is_one_line_but_a_few_timeouts_are_not() {
        let unreachable = |deployment, n| finding(Code::ProbeError, UNREACHABLE, deployment, n);
        let findings: Vec<Finding> =
            (0..5).map(|n| unreachable("v1", n)).chain((0..5).map(|n| unreachable("v3", n))).collect();
        let mut results: Vec<ProbeResult> = (0..5).map(|_| result("v1", Verdict::Unreachable)).collect();
        results.extend((0..5).map(|_| result("v3", Verdict::Unreachable)));
        results.push(result("v3", Verdict::Present));
        let lines = lines(&findings, &results);
        assert_eq!(lines.len(), 1 + 5, "v3 answered once, so its findings each name a route: {lines:#?}");
        assert_eq!(
            lines[0],
            "error[probe-error] 5 probes on v1 got no answer: the deployment is unreachable: route `/p0` on v1: \
             unreachable (refused); `--format json` lists each"
        );
    }

    /// GitHub shows ten error annotations per step: 21 for one dead
    /// deployment hid the route that was really missing.
    #[test]
    fn github_gets_one_annotation_per_group() {
        let mut findings: Vec<Finding> = (0..5).map(|n| finding(Code::ProbeError, UNREACHABLE, "v1", n)).collect();
        findings.push(Finding::new(Code::RouteMissing, "gone").subject("v3 GET http://127.0.0.1/gone"));
        let mut results: Vec<ProbeResult> = (0..5).map(|_| result("v1", Verdict::Unreachable)).collect();
        results.push(result("v3", Verdict::Missing));
        let matrix = crate::matrix::Matrix::default();
        let outcome = outcome(&findings, &results);
        let mut out = Vec::new();
        super::super::github::write(&mut out, &CheckReport::new(&matrix, &outcome, crate::Severity::Error)).unwrap();
        let out = String::from_utf8(out).unwrap();
        let annotations: Vec<&str> = out.lines().filter(|line| line.starts_with("::")).collect();
        assert_eq!(annotations.len(), 2, "{out}");
        assert!(annotations[0].starts_with("::error title=probe-error::5 probes on v1 got no answer"), "{out}");
        assert_eq!(annotations[1], "::error title=route-missing::gone");
    }
}
