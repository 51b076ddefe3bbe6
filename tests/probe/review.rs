//! Review probes: each test states the behaviour docs/verdicts.md (or plain
//! safety) promises and currently FAILS on `main` (ac97afd).

use parity::probe::Verdict;
use parity::probe::engine::Quiet;

use super::plan::{matrix, setup};
use super::servers::site;
use super::{deployment, policy};

/// `--partition K/N` must give the same verdicts as one run. The
/// indeterminate rule is applied per shard, so on a soft-404 deployment a
/// shard without a distinguishing 2xx turns `soft-missing` (route-soft-missing,
/// error → exit 1) into `indeterminate` (a warning → exit 0): sharding CI
/// hides a missing V3 page.
#[tokio::test]
async fn review_partitioning_does_not_change_verdicts() {
    let base = site().await;
    let loaded = matrix(
        "surfaces:\n  - id: a\n    v1: [/a]\n    v3:\n      - route: /v3-prod/workloads\n      - route: /v3-prod/removed\n    status: mostly-covered\n",
    );
    let config = parity::config::Config::default();
    let deployments = [deployment("v3", &base)];
    let policy = policy();
    let verdict_of_removed = |outcome: &parity::check::CheckOutcome| {
        outcome.results.iter().find(|r| r.route == "/v3-prod/removed").map(|r| r.verdict)
    };
    let whole = parity::check::run_async(&setup(&loaded, &config, &deployments, &policy, None), &Quiet).await;
    assert_eq!(verdict_of_removed(&whole), Some(Verdict::SoftMissing));
    let mut sharded = Vec::new();
    for k in 1..=2 {
        let partition = Some(format!("{k}/2").parse().expect("K/N"));
        let outcome =
            parity::check::run_async(&setup(&loaded, &config, &deployments, &policy, partition), &Quiet).await;
        sharded.extend(verdict_of_removed(&outcome));
    }
    assert_eq!(sharded, [Verdict::SoftMissing], "the sharded run disagrees with the whole run");
}
