//! Which requests a check makes: every V1 route on the V1 deployments, every
//! V3 target on the V3 deployments, every action endpoint with its method.
//! Parameters are filled from sample values; a route that cannot be filled is
//! recorded, never requested with a literal `{id}`, and so is a route that
//! cannot be read at all: nothing the plan leaves out goes unsaid. Identical
//! requests with the same expectations (marker, `resolves_to`) are planned
//! once, in a deterministic order that `--partition K/N` splits.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use crate::matrix::{Intent, Matrix, Pos, Spanned, Surface};
use crate::probe::{Deployment, KnownRoutes, PlannedProbe, ProbeKind, Role, SharedText, is_mutating};
use crate::route::{Endpoint, RouteError, RoutePattern};

/// What a planned request checks for a surface.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Subject {
    V1Route,
    V3Target,
    V1Endpoint,
    V3Endpoint,
}

impl Subject {
    #[must_use]
    pub fn role(self) -> Role {
        match self {
            Self::V1Route | Self::V1Endpoint => Role::V1,
            Self::V3Target | Self::V3Endpoint => Role::V3,
        }
    }
}

/// A surface's use of a planned request: several surfaces may share one.
#[derive(Clone, Debug)]
pub struct Use {
    /// Index of the surface in the matrix.
    pub surface: usize,
    pub subject: Subject,
    /// Index of the request in [`Plan::probes`].
    pub probe: usize,
    /// Where the route or endpoint is written.
    pub pos: Pos,
}

/// A route that was not requested because a parameter has no sample value.
#[derive(Clone, Debug)]
pub struct Unfilled {
    pub surface: usize,
    pub deployment: String,
    pub route: String,
    pub param: String,
    pub pos: Pos,
}

/// Which text of a matrix entry cannot be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unreadable {
    /// A V1 route or a V3 target.
    Route,
    /// An action's `v1` or its landing's `v3`.
    Endpoint,
    /// Where a V3 target redirects to.
    ResolvesTo,
}

impl Unreadable {
    /// The word a message names it by.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Route => "route",
            Self::Endpoint => "endpoint",
            Self::ResolvesTo => "resolves_to",
        }
    }
}

/// A route or endpoint that was not requested because it is not a valid
/// pattern: a V3 target whose `resolves_to` is malformed is left out too,
/// since where it redirects could not be judged.
#[derive(Clone, Debug)]
pub struct Malformed {
    pub surface: usize,
    pub subject: Subject,
    /// The route or endpoint not requested, as written.
    pub unprobed: String,
    /// What cannot be read.
    pub what: Unreadable,
    /// The text that cannot be read: [`Self::unprobed`], or its target's
    /// `resolves_to`.
    pub text: String,
    /// What is wrong, and where in [`Self::text`].
    pub error: RouteError,
    /// Where [`Self::text`] is written.
    pub pos: Pos,
}

/// The requests of a check and what each is for.
#[derive(Debug, Default)]
pub struct Plan {
    pub probes: Vec<PlannedProbe>,
    pub uses: Vec<Use>,
    pub unfilled: Vec<Unfilled>,
    /// Routes and endpoints not requested because they cannot be read.
    pub malformed: Vec<Malformed>,
    /// The probes of the whole matrix that `--surface` or `--partition` left
    /// out: never reported, but asked when this run's own probes leave the
    /// indeterminate rule undecided, so that a share decides as the whole
    /// run would (see docs/verdicts.md).
    pub reserve: Vec<PlannedProbe>,
    /// Every route of the whole matrix on each deployment (V1 routes and
    /// endpoints on V1 deployments; targets, `resolves_to` and V3 endpoints
    /// on V3 ones), unfilled ones included: no not-found sample may be a
    /// path one of them matches.
    pub routes: KnownRoutes,
}

/// `--partition K/N`: this job probes the K-th of N deterministic shares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Partition {
    pub index: usize,
    pub count: usize,
}

impl FromStr for Partition {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        let parsed = text.split_once('/').and_then(|(k, n)| Some((k.parse().ok()?, n.parse().ok()?)));
        match parsed {
            Some((index, count)) if (1..=count).contains(&index) => Ok(Self { index, count }),
            _ => Err(format!("`{text}` is not K/N with 1 <= K <= N, e.g. 2/4")),
        }
    }
}

impl Partition {
    /// Whether this share reports what concerns the surface at `index` in
    /// the matrix (a route it left out, a finding of the matrix itself):
    /// every surface belongs to exactly one share.
    #[must_use]
    pub fn owns(self, index: usize) -> bool {
        index % self.count == self.index - 1
    }
}

impl fmt::Display for Partition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// What a plan is built from.
pub struct PlanInput<'a> {
    pub matrix: &'a Matrix,
    pub deployments: &'a [Deployment],
    /// The sample value of a parameter in a route (as written).
    pub param: &'a dyn Fn(&str, &str) -> Option<String>,
    /// Only surfaces whose id or a V1 route matches.
    pub surface: Option<&'a globset::GlobMatcher>,
    pub partition: Option<Partition>,
}

/// True when the surface's id or one of its V1 routes matches `glob`.
#[must_use]
pub fn surface_matches(surface: &Surface, glob: &globset::GlobMatcher) -> bool {
    glob.is_match(surface.id.as_str()) || surface.v1.iter().any(|route| glob.is_match(route.as_str()))
}

/// Builds the plan. Malformed routes are not requested; the plan records them.
#[must_use]
pub fn build(input: &PlanInput<'_>) -> Plan {
    let mut plan = build_share(input);
    plan.routes = known_routes(input.matrix, input.deployments);
    if input.surface.is_some() || input.partition.is_some() {
        let whole = build_share(&PlanInput { surface: None, partition: None, ..*input });
        let planned: std::collections::BTreeSet<Key> = plan.probes.iter().map(key_of).collect();
        // Only requests that can answer a page tell known paths from unknown ones.
        let left_out =
            whole.probes.into_iter().filter(|probe| !planned.contains(&key_of(probe)) && !is_mutating(probe));
        plan.reserve = sample_reserve(left_out);
    }
    plan
}

/// The routes of the whole matrix on each deployment, whatever share of it
/// a run probes, so that every share measures the same baselines.
fn known_routes(matrix: &Matrix, deployments: &[Deployment]) -> KnownRoutes {
    let mut known = KnownRoutes::default();
    for surface in &matrix.surfaces {
        for (role, written) in written_routes(surface) {
            // Malformed routes are validation's business.
            let Ok(endpoint) = Endpoint::parse(written) else { continue };
            for deployment in deployments.iter().filter(|deployment| deployment.role == role) {
                known.add(&deployment.name, endpoint.route.clone());
            }
        }
    }
    known
}

/// Every route or endpoint a surface writes, with the side it lives on.
fn written_routes(surface: &Surface) -> impl Iterator<Item = (Role, &str)> {
    let v1 = surface.v1.iter().map(|route| route.as_str());
    let targets = surface.v3.iter().flat_map(|target| {
        std::iter::once(target.route.as_str()).chain(target.resolves_to.as_ref().map(|route| route.as_str()))
    });
    let v1_endpoints = surface.actions.iter().filter_map(|action| action.v1.as_ref().map(|route| route.as_str()));
    let v3_endpoints = surface.actions.iter().filter_map(|action| {
        action.landing.as_ref().and_then(|landing| landing.v3.as_ref()).map(|route| route.as_str())
    });
    let v1 = v1.chain(v1_endpoints).map(|route| (Role::V1, route));
    v1.chain(targets.chain(v3_endpoints).map(|route| (Role::V3, route)))
}

/// The most reserve probes a share asks of one deployment. A single-page app
/// answers every one of them like its not-found page, so without a bound
/// every share of a sharded run would probe the whole deployment; 64 routes
/// spread over the matrix that all look missing make a single-page app
/// (or a deployment with next to nothing deployed) near certain.
pub const RESERVE_SAMPLE: usize = 64;

/// At most [`RESERVE_SAMPLE`] probes per deployment, evenly spread over the
/// plan's deterministic order, so every share asks the same ones.
fn sample_reserve(reserve: impl Iterator<Item = PlannedProbe>) -> Vec<PlannedProbe> {
    let mut by_deployment: BTreeMap<SharedText, Vec<PlannedProbe>> = BTreeMap::new();
    for planned in reserve {
        by_deployment.entry(planned.deployment.clone()).or_default().push(planned);
    }
    let mut sample = Vec::new();
    for probes in by_deployment.into_values() {
        let step = probes.len().div_ceil(RESERVE_SAMPLE).max(1);
        sample.extend(probes.into_iter().step_by(step));
    }
    sample
}

/// The plan of the surfaces and share `input` selects, without a reserve.
fn build_share(input: &PlanInput<'_>) -> Plan {
    let mut builder = Builder {
        input,
        keys: BTreeMap::new(),
        probes: Vec::new(),
        uses: Vec::new(),
        unfilled: Vec::new(),
        malformed: Vec::new(),
        ids: Vec::new(),
        words: std::collections::BTreeSet::new(),
    };
    for (index, surface) in input.matrix.surfaces.iter().enumerate() {
        if input.surface.is_some_and(|glob| !surface_matches(surface, glob)) {
            continue;
        }
        builder.surface(index, surface);
    }
    builder.finish()
}

/// What a surface's use of a route or endpoint expects of it.
#[derive(Clone, Copy, Default)]
struct Expect<'a> {
    resolves_to: Option<&'a Spanned<String>>,
    marker: Option<&'a str>,
    /// The action's intent forbids a GET to its endpoint.
    options_only: bool,
}

/// Whether an action's endpoint gets OPTIONS only when its real method is
/// not sent: a `destructive` or `recovery` action (delete, decommission,
/// restore, rerun) run by a handler that ignores the method cannot be undone
/// or repeats work. An intent outside the vocabulary counts as the strictest.
fn options_only(intent: &str) -> bool {
    !matches!(Intent::parse(intent), Some(Intent::Setup | Intent::Update | Intent::Maintenance | Intent::Evidence))
}

/// One request before numbering, and the plan's sort key: deployment, URL,
/// method, kind, then what the answer must show (the marker and the filled
/// `resolves_to`), so each distinct expectation of a shared route is a probe
/// of its own.
type Key = (SharedText, SharedText, SharedText, ProbeKind, Option<String>, Option<String>);

fn key_of(probe: &PlannedProbe) -> Key {
    let PlannedProbe { deployment, kind, method, url, resolves_to, marker, .. } = probe;
    (deployment.clone(), url.clone(), method.clone(), *kind, marker.clone(), resolves_to.clone())
}

struct Builder<'a> {
    input: &'a PlanInput<'a>,
    /// Each distinct request, by key: its number in [`Self::probes`]. The
    /// key order is the plan's order; [`Self::finish`] sorts by it.
    keys: BTreeMap<Key, usize>,
    /// The distinct requests in order of first use.
    probes: Vec<PlannedProbe>,
    /// Uses, their `probe` a number in [`Self::probes`] until `finish`: a
    /// use holds no copy of its request's key (30,000 uses kept 5 MiB).
    uses: Vec<Use>,
    unfilled: Vec<Unfilled>,
    malformed: Vec<Malformed>,
    /// The surfaces of each request in [`Self::probes`], as they are noted.
    ids: Vec<Vec<String>>,
    /// Deployment names and methods, held once and shared by every request
    /// that names them.
    words: std::collections::BTreeSet<SharedText>,
}

impl Builder<'_> {
    fn surface(&mut self, index: usize, surface: &Surface) {
        for route in &surface.v1 {
            self.request(index, Subject::V1Route, route, Expect::default());
        }
        for target in &surface.v3 {
            let expect = Expect {
                resolves_to: target.resolves_to.as_ref(),
                marker: target.marker.as_deref(),
                ..Expect::default()
            };
            self.request(index, Subject::V3Target, &target.route, expect);
        }
        for action in &surface.actions {
            let expect = Expect { options_only: options_only(&action.intent), ..Expect::default() };
            if let Some(endpoint) = &action.v1 {
                self.request(index, Subject::V1Endpoint, endpoint, expect);
            }
            if let Some(endpoint) = action.landing.as_ref().and_then(|l| l.v3.as_ref()) {
                self.request(index, Subject::V3Endpoint, endpoint, expect);
            }
        }
    }

    fn request(&mut self, surface: usize, subject: Subject, text: &Spanned<String>, expect: Expect<'_>) {
        let Some(endpoint) = self.readable(surface, subject, text, expect.resolves_to) else { return };
        let Expect { resolves_to, marker, options_only } = expect;
        // The route as written, without the method of an endpoint.
        let written = text.split_once(' ').map_or(text.as_str(), |(_, route)| route);
        let resolves_to = resolves_to.and_then(|r| RoutePattern::parse(r).ok().map(|p| (r.as_str(), p)));
        let kind = if endpoint.method.is_some() { ProbeKind::Endpoint } else { ProbeKind::Route };
        let method = self.word(endpoint.method.as_deref().unwrap_or("GET"));
        // One copy of the route for all the deployments it is planned on.
        let route = SharedText::from(written);
        for deployment in self.input.deployments.iter().filter(|d| d.role == subject.role()) {
            let url = match self.url(deployment, written, &endpoint.route) {
                Ok(url) => url,
                Err(param) => {
                    self.unfilled.push(Unfilled {
                        surface,
                        deployment: deployment.name.clone(),
                        route: written.to_owned(),
                        param,
                        pos: text.pos,
                    });
                    continue;
                }
            };
            let resolved = resolves_to.as_ref().and_then(|(written, p)| self.url(deployment, written, p).ok());
            let name = self.word(&deployment.name);
            let key = (name, url.into(), method.clone(), kind, marker.map(str::to_owned), resolved);
            let probe = self.add(key, &route, surface, options_only);
            self.uses.push(Use { surface, subject, probe, pos: text.pos });
        }
    }

    /// `text` read as the validation rules read it (a route for a V1 route
    /// or a V3 target, an endpoint for an action), with its `resolves_to`;
    /// `None`, recorded as malformed, when either cannot be read.
    fn readable(
        &mut self,
        surface: usize,
        subject: Subject,
        text: &Spanned<String>,
        resolves_to: Option<&Spanned<String>>,
    ) -> Option<Endpoint> {
        let page = matches!(subject, Subject::V1Route | Subject::V3Target);
        let read = if page {
            RoutePattern::parse(text).map(|route| Endpoint { method: None, route })
        } else {
            Endpoint::parse(text)
        };
        let (what, malformed, error) = match (read, resolves_to.map(|r| (r, RoutePattern::parse(r)))) {
            (Err(error), _) => (if page { Unreadable::Route } else { Unreadable::Endpoint }, text, error),
            (Ok(_), Some((target, Err(error)))) => (Unreadable::ResolvesTo, target, error),
            (Ok(endpoint), _) => return Some(endpoint),
        };
        let (unprobed, text, pos) = (text.to_string(), malformed.to_string(), malformed.pos);
        self.malformed.push(Malformed { surface, subject, unprobed, what, text, error, pos });
        None
    }

    /// Plans the request `key` on its first use, notes the surface, and
    /// returns the request's number.
    fn add(&mut self, key: Key, written: &SharedText, surface: usize, options_only: bool) -> usize {
        let number = if let Some(number) = self.keys.get(&key) {
            *number
        } else {
            self.probes.push(Self::first_use(&key, written));
            self.ids.push(Vec::new());
            self.keys.insert(key, self.probes.len() - 1);
            self.probes.len() - 1
        };
        let probe = &mut self.probes[number];
        // A page is fetched whatever its surfaces' actions; an endpoint
        // shared by several actions takes the strictest intent.
        probe.options_only |= options_only && probe.kind == ProbeKind::Endpoint;
        let id = &self.input.matrix.surfaces[surface].id;
        // A surface plans all its requests before the next one does, so a
        // repeat can only be the last id: no scan of the list.
        let ids = &mut self.ids[number];
        if ids.last().is_none_or(|last| *last != **id) {
            ids.push(id.to_string());
        }
        number
    }

    /// `text` as the plan holds it once, shared by every request naming it.
    fn word(&mut self, text: &str) -> SharedText {
        if let Some(word) = self.words.get(text) {
            return word.clone();
        }
        let word = SharedText::from(text);
        self.words.insert(word.clone());
        word
    }

    /// The request `key` plans, before any surface is noted.
    fn first_use(key: &Key, written: &SharedText) -> PlannedProbe {
        let (deployment, url, method, kind, marker, resolves_to) = key.clone();
        PlannedProbe {
            deployment,
            kind,
            method,
            route: written.clone(),
            surfaces: std::sync::Arc::default(),
            url,
            resolves_to,
            marker,
            options_only: false,
        }
    }

    /// The absolute URL of `route` on `deployment`, or the first parameter
    /// without a sample value.
    fn url(&self, deployment: &Deployment, written: &str, route: &RoutePattern) -> Result<String, String> {
        let values: BTreeMap<&str, String> =
            route.params().filter_map(|name| Some((name, (self.input.param)(written, name)?))).collect();
        let segments = route.fill_segments(|name| values.get(name).map(String::as_str)).map_err(str::to_owned)?;
        let mut url = deployment.base_url.clone();
        // The root route is the base URL as written: `http://h/app/` stays.
        if let (false, Ok(mut path)) = (segments.is_empty(), url.path_segments_mut()) {
            path.pop_if_empty();
            path.extend(segments);
        }
        Ok(url.to_string())
    }

    fn finish(self) -> Plan {
        let partition = self.input.partition;
        // The plan's index of each request number, in key order; `None`
        // for another share's.
        let mut index_of = vec![None; self.probes.len()];
        let mut kept = 0;
        for (position, number) in self.keys.into_values().enumerate() {
            if partition.is_none_or(|p| position % p.count == p.index - 1) {
                index_of[number] = Some(kept);
                kept += 1;
            }
        }
        let mut slots: Vec<Option<PlannedProbe>> = vec![None; kept];
        for ((number, mut probe), ids) in self.probes.into_iter().enumerate().zip(self.ids) {
            if let Some(index) = index_of[number] {
                // Held once, exactly sized: every result of the probe shares them.
                probe.surfaces = ids.into();
                slots[index] = Some(probe);
            }
        }
        let probes: Vec<PlannedProbe> = slots.into_iter().flatten().collect();
        let mut uses: Vec<Use> =
            self.uses.into_iter().filter_map(|usage| Some(Use { probe: index_of[usage.probe]?, ..usage })).collect();
        uses.shrink_to_fit();
        // A partition owns what its own share of surfaces leaves out.
        let owns = |surface: usize| partition.is_none_or(|p| p.owns(surface));
        let unfilled = self.unfilled.into_iter().filter(|u| owns(u.surface)).collect();
        let malformed = self.malformed.into_iter().filter(|m| owns(m.surface)).collect();
        Plan { probes, uses, unfilled, malformed, reserve: Vec::new(), routes: KnownRoutes::default() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn planned(deployment: &str, n: usize) -> PlannedProbe {
        PlannedProbe {
            deployment: deployment.into(),
            kind: ProbeKind::Route,
            method: "GET".into(),
            route: format!("/p{n}").into(),
            surfaces: std::sync::Arc::default(),
            url: format!("http://h/p{n}").into(),
            resolves_to: None,
            marker: None,
            options_only: false,
        }
    }

    #[test]
    fn a_partition_reads_and_prints_as_k_of_n() {
        let partition: Partition = "2/4".parse().expect("a partition");
        assert_eq!(partition, Partition { index: 2, count: 4 });
        assert_eq!(partition.to_string(), "2/4");
        for wrong in ["0/4", "5/4", "2", "a/b", "2/0"] {
            let error = wrong.parse::<Partition>().expect_err(wrong);
            assert_eq!(error, format!("`{wrong}` is not K/N with 1 <= K <= N, e.g. 2/4"));
        }
    }

    #[test]
    fn the_reserve_sample_spreads_evenly_and_is_bounded_per_deployment() {
        let many = (0..200).map(|n| planned("v3", n));
        let few = (0..10).map(|n| planned("v1", n));
        let sample = sample_reserve(many.chain(few));
        let of =
            |name: &str| sample.iter().filter(|p| p.deployment == name).map(|p| p.route.clone()).collect::<Vec<_>>();
        let v3 = of("v3");
        assert_eq!(v3.len(), 50, "every fourth of 200, within {RESERVE_SAMPLE}");
        assert_eq!(&v3[..3], ["/p0", "/p4", "/p8"]);
        assert_eq!(of("v1").len(), 10, "a small reserve is asked whole");
    }

    #[test]
    fn only_actions_that_cannot_hurt_get_more_than_options() {
        for gentle in ["setup", "update", "maintenance", "evidence"] {
            assert!(!options_only(gentle), "{gentle}");
        }
        for strict in ["destructive", "recovery", "unheard-of"] {
            assert!(options_only(strict), "{strict}");
        }
    }
}
