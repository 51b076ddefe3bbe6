//! A whole check: plan the requests, probe the deployments, audit the
//! verdicts, set aside what the baseline already knows. The binary and the
//! demo both run checks through here.

use std::collections::HashSet;
use std::path::Path;

use crate::audit::{AuditInput, audit};
use crate::config::Config;
use crate::finding::Finding;
use crate::matrix::Loaded;
use crate::probe::engine::{self, Observer};
use crate::probe::plan::{self, Partition, Plan, PlanInput};
use crate::probe::{Deployment, ProbePolicy, ProbeResult};

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
    let results = engine::run_blocking(&plan.probes, &plan.reserve, setup.deployments, setup.policy, observer);
    finish(setup, plan, results)
}

/// Runs a check inside an existing runtime (the demo's).
pub async fn run_async(setup: &CheckSetup<'_>, observer: &dyn Observer) -> CheckOutcome {
    let plan = plan(setup);
    let results =
        engine::run_with_reserve(&plan.probes, &plan.reserve, setup.deployments, setup.policy, observer).await;
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

/// The findings of an earlier JSON report, by the key they match on.
pub type Known = HashSet<(String, Option<String>, Option<String>)>;

/// Reads the findings of an earlier `parity check --format json` report.
pub fn read_baseline(path: &Path) -> anyhow::Result<Known> {
    #[derive(serde::Deserialize)]
    struct Report {
        findings: Vec<KnownFinding>,
    }
    #[derive(serde::Deserialize)]
    struct KnownFinding {
        code: String,
        surface: Option<String>,
        subject: Option<String>,
    }
    use anyhow::Context as _;
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read baseline `{}`", path.display()))?;
    let report: Report = serde_json::from_str(&text)
        .with_context(|| format!("`{}` is not a parity check JSON report", path.display()))?;
    Ok(report.findings.into_iter().map(|f| (f.code, f.surface, f.subject)).collect())
}

/// Marks findings the baseline already knows: they are shown but do not fail.
pub fn mark_known(findings: &mut [Finding], known: &Known) {
    for finding in findings {
        finding.in_baseline = known.contains(&finding.baseline_key());
    }
}
