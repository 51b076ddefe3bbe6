//! The fixed vocabulary of the migration rule: lifecycle intents, the four V3
//! landing patterns, the kinds of post-click progress evidence, and the status
//! ladder.
//!
//! Intents, patterns and evidence are read from YAML as plain strings and
//! checked by validation rules, so that a one-off button or a misspelt intent
//! becomes a located finding with its own code instead of a parse failure.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Declares a closed set of kebab-case words with labels and parsing.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $word:literal / $label:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
        #[serde(rename_all = "kebab-case")]
        pub enum $name { $($(#[$vmeta])* $variant,)+ }

        impl $name {
            /// Every member, in the order the audit document lists them.
            pub const ALL: &'static [Self] = &[$(Self::$variant,)+];

            /// The kebab-case word used in matrix files and reports.
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $word,)+ }
            }

            /// The human label used in the audit document.
            #[must_use]
            pub const fn label(self) -> &'static str {
                match self { $(Self::$variant => $label,)+ }
            }

            /// Parses the kebab-case word.
            #[must_use]
            pub fn parse(word: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|member| member.as_str() == word)
            }

            /// The kebab-case words, for did-you-mean hints and schemas.
            #[must_use]
            pub fn words() -> Vec<&'static str> {
                Self::ALL.iter().map(|member| member.as_str()).collect()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary! {
    /// Why an operator takes an action, in resource-lifecycle order.
    Intent {
        /// create, enroll, bootstrap, configure, grant, attach, publish
        Setup = "setup" / "Setup",
        /// edit, activate, retire, upgrade, role/scope change, quota change
        Update = "update" / "Update",
        /// probe, repair, rotate, reconcile, drift review, health check
        Maintenance = "maintenance" / "Maintenance",
        /// retry, resume, rerun, restore, re-enroll, compensate
        Recovery = "recovery" / "Recovery",
        /// release, decommission, detach, remove, delete, revoke
        Destructive = "destructive" / "Destructive",
        /// audit, task, workflow, event, runbook, log, trace, provider handoff
        Evidence = "evidence" / "Evidence",
    }
}

impl Intent {
    /// The one-letter column heading of the intent strip.
    #[must_use]
    pub fn letter(self) -> char {
        self.label().chars().next().unwrap_or('?')
    }
}

vocabulary! {
    /// The only places a migrated V1 action may land in V3.
    Pattern {
        /// Things an operator should triage now.
        WorkbenchActionQueue = "workbench-action-queue" / "Workbench action queue",
        /// Actions scoped to one resource.
        ResourceOperationsPanel = "resource-operations-panel" / "Resource operations panel",
        /// What happened and where to pivot next.
        LifecycleActivityTab = "lifecycle-activity-tab" / "Lifecycle/activity tab",
        /// Sibling workbenches inside one product family.
        FamilyLocalNav = "family-local-nav" / "Family local nav",
    }
}

vocabulary! {
    /// What makes post-click progress visible after an action is taken.
    Evidence {
        Task = "task" / "task",
        Workflow = "workflow" / "workflow",
        Event = "event" / "event",
        Audit = "audit" / "audit",
        Log = "log" / "log",
        Trace = "trace" / "trace",
        Runbook = "runbook" / "runbook",
        ProviderHandoff = "provider-handoff" / "provider handoff",
    }
}

vocabulary! {
    /// A rung of the parity ladder, best first.
    Level {
        Covered = "covered" / "covered",
        MostlyCovered = "mostly-covered" / "mostly covered",
        Partial = "partial" / "partial",
        Deferred = "deferred" / "deferred",
        NotStarted = "not-started" / "not started",
    }
}

impl Level {
    /// Higher is better: `covered` ranks 4, `not-started` ranks 0.
    #[must_use]
    pub fn rank(self) -> u8 {
        match self {
            Self::Covered => 4,
            Self::MostlyCovered => 3,
            Self::Partial => 2,
            Self::Deferred => 1,
            Self::NotStarted => 0,
        }
    }
}

vocabulary! {
    /// Why a V1 action has not landed in V3 yet.
    PendingReason {
        /// Tracked as a numbered follow-up.
        FollowUp = "follow-up" / "follow-up",
        /// Blocked on a backend or API contract.
        ContractGap = "contract-gap" / "contract gap",
        /// Intentionally postponed.
        Deferred = "deferred" / "deferred",
    }
}
