//! The indeterminate rule decides as the whole run would, whatever share of
//! the plan (`--partition`, `--surface`) a run probes.

use parity::probe::Quiet;
use parity::probe::Verdict;

use super::plan::{matrix, setup};
use super::servers::{site, spa};
use super::{deployment, policy};

/// The verdict of each route, in plan order, of a check of `surfaces` on one
/// V3 deployment at `base`, restricted to `glob` surfaces and `partition`.
async fn verdicts(base: &str, surfaces: &str, glob: Option<&str>, partition: Option<&str>) -> Vec<(String, Verdict)> {
    let loaded = matrix(surfaces);
    let config = parity::config::Config::default();
    let deployments = [deployment("v3", base)];
    let policy = policy();
    let glob = glob.map(|glob| globset::Glob::new(glob).expect("a glob").compile_matcher());
    let partition = partition.map(|share| share.parse().expect("K/N"));
    let setup = parity::check::CheckSetup {
        surface: glob.as_ref(),
        ..setup(&loaded, &config, &deployments, &policy, partition)
    };
    let outcome = parity::check::run_async(&setup, &Quiet).await;
    outcome.results.iter().map(|result| (result.route.to_string(), result.verdict)).collect()
}

const TWO_SURFACES: &str = "surfaces:\n  - id: a\n    v1: [/a]\n    v3:\n      - route: /v3-prod/workloads\n    status: mostly-covered\n\
                            \x20 - id: b\n    v1: [/b]\n    v3:\n      - route: /v3-prod/removed\n    status: mostly-covered\n";

/// The rule used to be applied per run, so on a soft-404 deployment a share
/// without a distinguishing 2xx turned `soft-missing` (route-soft-missing,
/// error → exit 1) into `indeterminate` (a warning → exit 0): sharding CI
/// hid a missing V3 page.
#[tokio::test]
async fn partitioning_and_surface_filters_do_not_change_verdicts() {
    let base = site().await;
    let removed = ("/v3-prod/removed".to_owned(), Verdict::SoftMissing);
    let whole = verdicts(&base, TWO_SURFACES, None, None).await;
    assert_eq!(whole, [removed.clone(), ("/v3-prod/workloads".to_owned(), Verdict::Present)]);
    let mut shared = Vec::new();
    for share in ["1/2", "2/2"] {
        shared.extend(verdicts(&base, TWO_SURFACES, None, Some(share)).await);
    }
    shared.sort();
    assert_eq!(shared, whole, "the shares disagree with the whole run");
    assert_eq!(verdicts(&base, TWO_SURFACES, Some("b"), None).await, [removed]);
}

/// Where nothing in the whole matrix tells known paths from unknown ones (a
/// single-page app), a share stays indeterminate too.
#[tokio::test]
async fn a_share_of_a_single_page_app_stays_indeterminate() {
    let base = spa().await;
    for share in ["1/2", "2/2"] {
        let seen = verdicts(&base, TWO_SURFACES, None, Some(share)).await;
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0].1, Verdict::Indeterminate, "{share}: {seen:?}");
    }
}

/// Counts the requests of a run, by whether they asked for a not-found sample.
#[derive(Default)]
struct Requests(std::sync::Mutex<Vec<String>>);

impl parity::probe::Observer for Requests {
    fn request_sent(&self, request: &parity::probe::SentRequest) {
        self.0.lock().unwrap().push(request.url.clone());
    }
}

/// Without a bound, every share of a sharded run on a single-page app
/// probed the whole deployment looking for a page unlike its not-found page.
#[tokio::test]
async fn a_share_asks_at_most_a_sample_of_the_reserve() {
    let base = spa().await;
    let mut surfaces = String::from("surfaces:\n");
    for n in 0..400 {
        let surface = format!("  - id: s{n}\n    v1: [/s{n}]\n    v3:\n      - route: /v3-prod/s{n}\n");
        surfaces += &surface;
        surfaces += "    status: mostly-covered\n";
    }
    let loaded = matrix(&surfaces);
    let config = parity::config::Config::default();
    let deployments = [deployment("v3", &base)];
    let policy = policy();
    let setup = setup(&loaded, &config, &deployments, &policy, Some("1/2".parse().unwrap()));
    let requests = Requests::default();
    let outcome = parity::check::run_async(&setup, &requests).await;
    assert_eq!(outcome.results.len(), 200);
    assert!(outcome.results.iter().all(|result| result.verdict == Verdict::Indeterminate));
    let own: std::collections::HashSet<&str> = outcome.results.iter().map(|result| result.url.as_str()).collect();
    let sent = requests.0.lock().unwrap();
    let reserve = sent.iter().filter(|url| !own.contains(url.as_str()) && !url.contains("parity-404-")).count();
    // 200 probes in the other half, at most RESERVE_SAMPLE (64) asked: every fourth, 50.
    assert_eq!(reserve, 50, "the share asked {reserve} probes of the other half");
}
