//! A whole check in order: plan the requests, probe the deployments, audit
//! the verdicts, set aside what a live waiver covers. The binary and the demo
//! both run checks through here, so they cannot drift apart.

use super::audit::{AuditInput, audit};
use super::plan::{self, Partition, Plan, PlanInput};
use crate::config::Config;
use crate::finding::Finding;
use crate::matrix::Loaded;
use crate::probe::engine;
use crate::probe::{Deployment, Observer, ProbePolicy, ProbeResult};

/// Everything a check needs, already loaded and resolved.
pub struct CheckSetup<'a> {
    pub loaded: &'a Loaded,
    pub config: &'a Config,
    pub deployments: &'a [Deployment],
    pub policy: &'a ProbePolicy,
    pub surface: Option<&'a globset::GlobMatcher>,
    pub partition: Option<Partition>,
    /// The day waiver expiry is judged on.
    pub today: jiff::civil::Date,
}

/// What a check found.
pub struct CheckOutcome {
    pub plan: Plan,
    /// One per planned probe, in plan order.
    pub results: Vec<ProbeResult>,
    pub findings: Vec<Finding>,
    /// Findings a live waiver of the matrix sets aside: counted, not reported.
    pub waived: Vec<Finding>,
}

/// Plans the requests of a check without sending any.
#[must_use]
pub fn plan(setup: &CheckSetup<'_>) -> Plan {
    let param = |route: &str, name: &str| setup.config.param(route, name).map(str::to_owned);
    plan::build(&PlanInput {
        matrix: &setup.loaded.matrix,
        deployments: setup.deployments,
        param: &param,
        surface: setup.surface,
        partition: setup.partition,
    })
}

/// Runs a planned check on its own runtime.
#[must_use]
pub fn run(setup: &CheckSetup<'_>, plan: Plan, observer: &dyn Observer) -> CheckOutcome {
    let results =
        engine::run_blocking(&plan.probes, &plan.reserve, &plan.routes, setup.deployments, setup.policy, observer);
    finish(setup, plan, results)
}

/// Runs a check inside an existing runtime (the demo's).
pub async fn run_async(setup: &CheckSetup<'_>, observer: &dyn Observer) -> CheckOutcome {
    let plan = plan(setup);
    let results =
        engine::run_with_reserve(&plan.probes, &plan.reserve, &plan.routes, setup.deployments, setup.policy, observer)
            .await;
    finish(setup, plan, results)
}

fn finish(setup: &CheckSetup<'_>, plan: Plan, results: Vec<ProbeResult>) -> CheckOutcome {
    let findings = audit(&AuditInput {
        matrix: &setup.loaded.matrix,
        sources: &setup.loaded.sources,
        plan: &plan,
        results: &results,
        unauthorized: setup.config.audit.unauthorized,
    });
    let (findings, waived) = crate::matrix::waive_check_findings(&setup.loaded.matrix, findings, setup.today);
    CheckOutcome { plan, results, findings, waived }
}
