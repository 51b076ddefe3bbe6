//! Runs a plan against deployments and returns one result per planned probe.
//!
//! The plan is split into groups, one per (deployment, route prefix); each
//! group measures its not-found [`Baseline`] first, then probes its routes,
//! all groups at once within the client's limits. Groups report to this loop
//! over a channel, so the [`Observer`] is called from the caller's task and
//! needs no `'static` lifetime. A deployment's results that hinge on its
//! baseline are held back until all its probes are done: only then can the
//! indeterminate rule tell a single-page app from a soft 404. A run that
//! probes a share of the matrix asks the rest (the reserve) when its own
//! probes leave the rule undecided, so the share decides as the whole would.
//! Baselines avoid every route the run knows of on their deployment
//! ([`KnownRoutes`]): the whole matrix's, given by the plan, and the probes'.

use std::collections::BTreeMap;
use std::sync::Arc;

use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

use super::baseline::{Baseline, prefix_of};
use super::client::{Client, RequestLog};
use super::deployment::Deployment;
use super::exchange::Redactor;
use super::observer::{Observer, SentRequest};
use super::planned::{KnownRoutes, PlannedProbe};
use super::policy::ProbePolicy;
use super::result::ProbeResult;
use super::strategy::{Outcome, needs_baseline, probe, sends_options};
use super::tally::Tally;
use super::text::SharedText;
use super::verdict::Verdict;
use crate::route::RoutePattern;

/// Probes every planned request; results come back in plan order, exactly
/// one per planned probe. Never panics and never hangs on network behaviour.
pub async fn run(
    plan: &[PlannedProbe],
    deployments: &[Deployment],
    policy: &ProbePolicy,
    observer: &dyn Observer,
) -> Vec<ProbeResult> {
    run_with_reserve(plan, &[], KnownRoutes::default(), deployments, policy, observer).await
}

/// [`run`], with the probes of the whole matrix that `--surface` or
/// `--partition` left out (`reserve`, not reported). When a deployment's own
/// probes leave the indeterminate rule undecided (results hinge on the
/// baseline and no page differed from it), its reserve probes are asked
/// until one answers a page unlike its baseline: a share of the plan then
/// decides as the whole run would. No not-found sample is a path that a
/// route of `known`, of the plan or of the reserve matches.
pub async fn run_with_reserve(
    plan: &[PlannedProbe],
    reserve: &[PlannedProbe],
    known: KnownRoutes,
    deployments: &[Deployment],
    policy: &ProbePolicy,
    observer: &dyn Observer,
) -> Vec<ProbeResult> {
    let client = match Client::new(policy) {
        Ok(client) => Arc::new(client),
        Err(detail) => return fail_all(plan, &detail, observer),
    };
    let known = route_table(known, plan.iter().chain(reserve));
    let mut tally = Tally::new(plan.len());
    let reserve = eligible(reserve, deployments, policy.allow_mutating);
    for planned in &reserve {
        tally.has_reserve(&planned.deployment);
    }
    let (events, inbox) = unbounded_channel();
    let mut runs = Vec::new();
    for (deployment, prefix, members) in groups(plan, deployments) {
        let Some(deployment) = deployment else {
            for index in members {
                let planned = &plan[index];
                let detail = format!("deployment `{}` is not configured", planned.deployment);
                tally.settle(index, Outcome::failed(planned, Verdict::Error, detail), observer);
            }
            continue;
        };
        tally.expect(&deployment.name, members.len());
        let routes = known.get(&deployment.name).cloned().unwrap_or_default();
        let log_requests = observer.wants_requests();
        let group = Group {
            client: Arc::clone(&client),
            deployment,
            prefix,
            routes,
            members,
            events: events.clone(),
            log_requests,
        };
        runs.push(group.run(plan));
    }
    drop(events);
    probe_groups(runs, inbox, observer, |index, outcome| {
        tally.record(index, outcome, observer);
        false
    })
    .await;
    let undecided = tally.undecided();
    if !undecided.is_empty() {
        let asked: Vec<PlannedProbe> =
            reserve.into_iter().filter(|planned| undecided.iter().any(|name| planned.deployment == *name)).collect();
        ask_reserve(&client, &asked, &known, deployments, &mut tally, observer).await;
    }
    tally.finish(plan, observer)
}

/// Reserve probes that can answer a page: of a configured deployment, with
/// a baseline, and sent more than OPTIONS.
fn eligible(reserve: &[PlannedProbe], deployments: &[Deployment], allow_mutating: bool) -> Vec<PlannedProbe> {
    reserve
        .iter()
        .filter(|planned| {
            deployments.iter().any(|deployment| {
                deployment.name == planned.deployment && needs_baseline(planned, deployment, allow_mutating)
            }) && !planned.options_only
        })
        .cloned()
        .collect()
}

/// Probes the reserve of undecided deployments until each has answered a
/// page unlike its baseline or the reserve is spent; the results are not
/// reported, only whether the deployment tells known paths from unknown ones.
async fn ask_reserve(
    client: &Arc<Client>,
    asked: &[PlannedProbe],
    known: &RouteTable,
    deployments: &[Deployment],
    tally: &mut Tally,
    observer: &dyn Observer,
) {
    let (events, inbox) = unbounded_channel();
    let mut runs = Vec::new();
    for (deployment, prefix, members) in groups(asked, deployments) {
        let Some(deployment) = deployment else { continue };
        let routes = known.get(&deployment.name).cloned().unwrap_or_default();
        let log_requests = observer.wants_requests();
        let group = Group {
            client: Arc::clone(client),
            deployment,
            prefix,
            routes,
            members,
            events: events.clone(),
            log_requests,
        };
        runs.push(group.run(asked));
    }
    drop(events);
    probe_groups(runs, inbox, observer, |index, outcome| {
        if let Some(planned) = asked.get(index) {
            tally.reserve_answered(&planned.deployment, &outcome);
        }
        tally.undecided().is_empty()
    })
    .await;
}

/// Runs the groups at once and passes their events on (see [`drain`]),
/// until every group is done or `done` says nothing more is needed: then
/// whatever is still in flight is dropped, which cancels it. The groups run
/// on this task, borrowing the plan: no copy of it is made for them.
async fn probe_groups(
    runs: Vec<impl Future<Output = ()>>,
    inbox: UnboundedReceiver<Event>,
    observer: &dyn Observer,
    done: impl FnMut(usize, Outcome) -> bool,
) {
    let probing = async {
        futures_util::future::join_all(runs).await;
        // The groups' senders are gone: the drain ends once it has read all.
        std::future::pending::<()>().await;
    };
    tokio::select! {
        () = drain(inbox, observer, done) => {}
        () = probing => {}
    }
}

/// Passes requests to the observer and outcomes to `done` until every group
/// has finished or `done` says nothing more is needed.
async fn drain(
    mut inbox: UnboundedReceiver<Event>,
    observer: &dyn Observer,
    mut done: impl FnMut(usize, Outcome) -> bool,
) {
    while let Some(event) = inbox.recv().await {
        match event {
            Event::Sent(request) => observer.request_sent(&request),
            Event::Done(index, outcome) => {
                if done(index, *outcome) {
                    return;
                }
            }
        }
    }
}

/// [`run_with_reserve`] on a runtime of its own, for callers that are not async.
#[must_use]
pub fn run_blocking(
    plan: &[PlannedProbe],
    reserve: &[PlannedProbe],
    known: KnownRoutes,
    deployments: &[Deployment],
    policy: &ProbePolicy,
    observer: &dyn Observer,
) -> Vec<ProbeResult> {
    // Probing waits on the network: one thread drives thousands of requests,
    // and avoids the cross-thread wake-ups that cost a third of the run
    // time with a multi-threaded runtime (measured in docs/benchmarks.md).
    match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => {
            let results = runtime.block_on(run_with_reserve(plan, reserve, known, deployments, policy, observer));
            // A name lookup runs on a blocking thread that no timeout can stop; a
            // plain drop would wait for a hanging resolver long after the verdicts.
            runtime.shutdown_background();
            results
        }
        Err(error) => fail_all(plan, &format!("the async runtime cannot start: {error}"), observer),
    }
}

fn fail_all(plan: &[PlannedProbe], detail: &str, observer: &dyn Observer) -> Vec<ProbeResult> {
    let mut tally = Tally::new(plan.len());
    for (index, planned) in plan.iter().enumerate() {
        tally.settle(index, Outcome::failed(planned, Verdict::Error, detail), observer);
    }
    tally.finish(plan, observer)
}

/// The known routes of each deployment, shared by its groups.
type RouteTable = BTreeMap<String, Arc<[RoutePattern]>>;

/// `known` and the routes of `probes`, by deployment.
fn route_table<'a>(known: KnownRoutes, probes: impl IntoIterator<Item = &'a PlannedProbe>) -> RouteTable {
    known.into_table(probes).into_iter().map(|(name, routes)| (name, Arc::from(routes))).collect()
}

/// What groups tell the run loop.
enum Event {
    Sent(SentRequest),
    Done(usize, Box<Outcome>),
}

/// Indices of a group's probes in the plan.
type Members = Vec<usize>;

/// Splits the plan by deployment (`None`: not configured) and prefix.
fn groups(plan: &[PlannedProbe], deployments: &[Deployment]) -> Vec<(Option<Arc<Deployment>>, String, Members)> {
    let known: BTreeMap<&str, Arc<Deployment>> =
        deployments.iter().map(|deployment| (deployment.name.as_str(), Arc::new(deployment.clone()))).collect();
    let mut groups: BTreeMap<(&str, String), Members> = BTreeMap::new();
    for (index, planned) in plan.iter().enumerate() {
        let prefix = match (known.get(planned.deployment.as_str()), url::Url::parse(&planned.url)) {
            (Some(deployment), Ok(url)) => prefix_of(&url, &deployment.base_url),
            _ => "/".to_owned(),
        };
        groups.entry((planned.deployment.as_str(), prefix)).or_default().push(index);
    }
    groups.into_iter().map(|((name, prefix), members)| (known.get(name).cloned(), prefix, members)).collect()
}

/// The probes of one deployment under one prefix.
struct Group {
    client: Arc<Client>,
    deployment: Arc<Deployment>,
    prefix: String,
    /// The deployment's known routes, which no not-found sample may match.
    routes: Arc<[RoutePattern]>,
    members: Members,
    events: UnboundedSender<Event>,
    /// Whether the observer reads the request log.
    log_requests: bool,
}

impl Group {
    /// Measures the baseline, then probes every member at once.
    async fn run(self, plan: &[PlannedProbe]) {
        let secrets =
            Redactor::new(self.deployment.headers.iter().map(|(name, secret)| (name.as_str(), secret.expose())));
        let log = self.log_requests.then(|| sent_log(&self.events, &secrets));
        let log: RequestLog<'_> = log.as_ref().map(|log| log as &(dyn Fn(SentRequest) + Send + Sync));
        let allow_mutating = self.client.policy().allow_mutating;
        let any = |wants: fn(&PlannedProbe, &Deployment, bool) -> bool| {
            self.members.iter().any(|index| wants(&plan[*index], &self.deployment, allow_mutating))
        };
        let baseline = if any(needs_baseline) {
            let options = any(sends_options);
            let (client, deployment) = (&self.client, &self.deployment);
            Some(Baseline::measure(client, deployment, &self.prefix, &self.routes, options, log).await)
        } else {
            None
        };
        // Never more probes in flight than the limits allow: a waiting probe
        // holds its state, so memory would otherwise grow with the plan. The
        // probes run inside this future, not as tasks of their own: they
        // borrow the plan and the group's client, deployment and baseline,
        // so nothing is copied or counted per probe (docs/benchmarks.md).
        let in_flight = self.client.policy().concurrency.min(self.client.policy().per_host_concurrency).max(1);
        let (client, deployment, baseline) = (&*self.client, &*self.deployment, baseline.as_ref());
        let one = |index: usize| {
            let (events, secrets) = (&self.events, &secrets);
            async move {
                let mut outcome = probe(client, deployment, &plan[index], baseline, log).await;
                redact_result(&mut outcome.result, secrets);
                // The run loop outlives every group; a closed channel means it was dropped.
                let _ = events.send(Event::Done(index, Box::new(outcome)));
            }
        };
        let mut probes = FuturesUnordered::new();
        for &index in &self.members {
            if probes.len() >= in_flight {
                probes.next().await;
            }
            probes.push(one(index));
        }
        while probes.next().await.is_some() {}
    }
}

/// The request log of a group: redacted, then sent to the run loop.
fn sent_log<'a>(events: &'a UnboundedSender<Event>, secrets: &'a Redactor) -> impl Fn(SentRequest) + Send + Sync + 'a {
    move |mut request: SentRequest| {
        request.url = secrets.redact(&request.url);
        request.error = request.error.map(|error| secrets.redact(&error));
        let _ = events.send(Event::Sent(request));
    }
}

/// A last guard: no secret value survives in a result, whatever a server echoed.
fn redact_result(result: &mut ProbeResult, secrets: &Redactor) {
    for shared in [Some(&mut result.url), result.final_url.as_mut()].into_iter().flatten() {
        // The plan's text is shared: a result that would redact it gets its own.
        if secrets.finds(shared) {
            *shared = SharedText::from(secrets.redact(shared));
        }
    }
    let hops = result.redirect_chain.iter_mut().map(|hop| &mut hop.url);
    for text in result.detail.iter_mut().chain(hops) {
        secrets.scrub(text);
    }
}
