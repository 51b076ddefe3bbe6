//! The catalogue of change codes `parity diff` reports. Like finding codes,
//! each is a stable kebab-case word with an explanation in
//! `docs/codes/CODE.md`, shown by `parity explain CODE`.

use serde::Serialize;

use crate::catalogue::catalogue;

/// Which way a change moves parity. Regressions fail `parity diff` by
/// default; improvements never fail it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    /// Parity got worse: a status fell, a target or a landing was lost.
    Regression,
    /// Parity got better.
    Improvement,
    /// Neither better nor worse, but a reviewer should see it.
    Other,
}

impl Direction {
    /// Every direction, in report order: regressions first.
    pub const ALL: [Self; 3] = [Self::Regression, Self::Improvement, Self::Other];

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Regression => "regression",
            Self::Improvement => "improvement",
            Self::Other => "other",
        }
    }

    /// The heading of this direction's section in reports.
    #[must_use]
    pub fn heading(self) -> &'static str {
        match self {
            Self::Regression => "Regressions",
            Self::Improvement => "Improvements",
            Self::Other => "Other changes",
        }
    }

    /// "1 regression", "3 improvements", "2 other changes".
    #[must_use]
    pub fn count(self, n: usize) -> String {
        let (one, many) = match self {
            Self::Regression => ("regression", "regressions"),
            Self::Improvement => ("improvement", "improvements"),
            Self::Other => ("other change", "other changes"),
        };
        format!("{n} {}", if n == 1 { one } else { many })
    }
}

catalogue! {
    /// Every change `parity diff` can report.
    pub enum ChangeCode {
        /// Whether the change is a regression, an improvement or neither.
        pub fn direction() -> Direction, using [Direction];
        DocumentChanged = "document-changed", Other, "the document section (title, rules, intents' verbs) changed";
        SurfaceAdded = "surface-added", Other, "a surface is in the head version only";
        SurfaceRemoved = "surface-removed", Regression, "a surface of the base version is gone, and the audit no longer tracks its V1 routes";
        SurfaceRenamed = "surface-renamed", Other, "a surface's id changed while its V1 routes stayed";
        V1RoutesChanged = "v1-routes-changed", Other, "the V1 routes a surface lists changed";
        NotesChanged = "notes-changed", Other, "a surface's notes changed";
        StatusRegressed = "status-regressed", Regression, "a declared status moved down the ladder";
        StatusImproved = "status-improved", Improvement, "a declared status moved up the ladder";
        StatusReworded = "status-reworded", Other, "a declared status kept its rung but changed its scope or combined form";
        ComputedStatusRegressed = "computed-status-regressed", Regression, "the status computed from lifecycle coverage moved down the ladder";
        ComputedStatusImproved = "computed-status-improved", Improvement, "the status computed from lifecycle coverage moved up the ladder";
        TargetAdded = "target-added", Improvement, "a surface gained a V3 target";
        TargetRemoved = "target-removed", Regression, "a surface lost a V3 target";
        TargetResolvesChanged = "target-resolves-changed", Other, "the route a V3 target resolves to changed";
        TargetChanged = "target-changed", Other, "a V3 target's note, parameter sources or marker changed";
        ActionAdded = "action-added", Other, "a surface lists a new V1 action";
        ActionRemoved = "action-removed", Regression, "a V1 action is no longer listed";
        ActionIntentChanged = "action-intent-changed", Other, "a V1 action moved to another lifecycle intent";
        ActionV1EndpointChanged = "action-v1-endpoint-changed", Other, "the V1 endpoint a V1 action names changed";
        ActionLanded = "action-landed", Improvement, "a pending V1 action landed in a V3 pattern";
        ActionLandingLost = "action-landing-lost", Regression, "a V1 action lost its V3 landing";
        ActionLandingChanged = "action-landing-changed", Other, "a V1 action's V3 pattern or route changed";
        ActionPendingChanged = "action-pending-changed", Other, "why a V1 action is pending, or what tracks it, changed";
        EvidenceDropped = "evidence-dropped", Regression, "a landed action lost post-click progress evidence";
        EvidenceAdded = "evidence-added", Improvement, "a landed action gained post-click progress evidence";
        IntentCoverageRegressed = "intent-coverage-regressed", Regression, "an intent of a surface is less landed than before";
        IntentCoverageImproved = "intent-coverage-improved", Improvement, "an intent of a surface is more landed than before";
        FollowUpOpened = "follow-up-opened", Other, "a new numbered follow-up";
        FollowUpClosed = "follow-up-closed", Improvement, "a follow-up of the base version is gone";
        FollowUpReworded = "follow-up-reworded", Other, "a follow-up's title, text or surfaces changed";
        GapOpened = "gap-opened", Other, "a new backend or contract gap";
        GapClosed = "gap-closed", Improvement, "a backend or contract gap of the base version is gone";
        GapReworded = "gap-reworded", Other, "a gap's text or surfaces changed";
        WaiverAdded = "waiver-added", Other, "a new waiver accepts a finding";
        WaiverRemoved = "waiver-removed", Other, "a waiver of the base version is gone";
        WaiverLapsed = "waiver-lapsed", Other, "a waiver in force at the base version has lapsed at the head";
        WaiverRenewed = "waiver-renewed", Other, "a waiver's expiry date or reason changed";
        VerdictRegressed = "verdict-regressed", Regression, "a probed route or endpoint is worse off than in the base report";
        VerdictImproved = "verdict-improved", Improvement, "a probed route or endpoint is better off than in the base report";
        VerdictChanged = "verdict-changed", Other, "a probe's verdict changed without getting better or worse";
        ProbeAdded = "probe-added", Other, "the head report probes a route the base report did not";
        ProbeRemoved = "probe-removed", Other, "the base report probed a route the head report does not";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `parity explain` prints these pages: each must exist, name its code
    /// and direction, and show an example and what to do.
    #[test]
    fn every_change_code_has_its_page() {
        for code in ChangeCode::ALL {
            let page = code.explanation();
            let head = format!("# {code}\n\n{} · diff change", code.direction().as_str());
            assert!(page.starts_with(&head), "docs/codes/{code}.md must start with {head:?}");
            assert!(page.contains("\n## Example\n") && page.contains("\n## What to do\n"), "docs/codes/{code}.md");
        }
    }
}
