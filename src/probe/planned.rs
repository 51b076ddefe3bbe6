//! One request a plan asks the prober to make. The prober takes these as
//! given: which routes to plan, and why, is the check's business
//! (`crate::check::plan`), so the prober knows nothing of the matrix.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use super::text::SharedText;
use crate::route::RoutePattern;

/// What a planned request checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProbeKind {
    /// A page route (a V1 route or a V3 target): fetched with GET.
    Route,
    /// An action endpoint `METHOD /path`: checked without side effects
    /// unless mutating requests are allowed.
    Endpoint,
}

/// One request of the plan. Identical requests are planned once.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct PlannedProbe {
    /// The deployment's name.
    pub deployment: SharedText,
    pub kind: ProbeKind,
    /// The method the matrix names (GET for routes).
    pub method: SharedText,
    /// The route as written in the matrix, e.g. `/v3-prod/workloads/{id}`.
    pub route: SharedText,
    /// The ids of the surfaces that list the route or endpoint, in matrix
    /// order: one request can serve several.
    pub surfaces: Arc<[String]>,
    /// The absolute URL, parameters filled.
    pub url: SharedText,
    /// The absolute URL a redirect chain should end at (the target's
    /// `resolves_to`, filled).
    pub resolves_to: Option<String>,
    /// A regular expression the body must match to count as present.
    pub marker: Option<String>,
    /// An endpoint of a `destructive` or `recovery` action (the strictest
    /// intent of the actions that share it): unless its real method may be
    /// sent, only OPTIONS is sent, never GET or HEAD, since a legacy handler
    /// that ignores the method would run the action.
    pub options_only: bool,
}

/// The routes of the whole matrix on each deployment, as patterns relative
/// to its base URL: a not-found sample is never a path one of them matches
/// (`/allocations/parity-404-…` would be `/allocations/{id}`). The plan
/// knows them all, even where `--partition` or `--surface` probes a share.
#[derive(Clone, Debug, Default)]
pub struct KnownRoutes {
    /// By deployment name, then by shape (one pattern per distinct route).
    by_deployment: BTreeMap<String, BTreeMap<String, RoutePattern>>,
}

impl KnownRoutes {
    /// Notes that the matrix lists `route` on `deployment`.
    pub fn add(&mut self, deployment: &str, route: RoutePattern) {
        let routes = self.by_deployment.entry(deployment.to_owned()).or_default();
        routes.entry(route.shape()).or_insert(route);
    }

    /// The routes of each deployment of `probes`: those known, and the
    /// probes' own (as written) that no known route has the shape of. The
    /// known routes move into the table: a run needs them once, and at
    /// 30,000 routes a copy was megabytes held for the whole run.
    #[must_use]
    pub fn into_table<'a>(
        mut self,
        probes: impl IntoIterator<Item = &'a PlannedProbe>,
    ) -> BTreeMap<String, Vec<RoutePattern>> {
        let mut extra: BTreeMap<&str, BTreeMap<String, RoutePattern>> = BTreeMap::new();
        for probe in probes {
            let extra = extra.entry(probe.deployment.as_str()).or_default();
            let Ok(route) = RoutePattern::parse(&probe.route) else { continue };
            let shape = route.shape();
            if self.by_deployment.get(probe.deployment.as_str()).is_none_or(|known| !known.contains_key(&shape)) {
                extra.entry(shape).or_insert(route);
            }
        }
        let mut routes = |(name, extra): (&str, BTreeMap<String, RoutePattern>)| {
            let known = self.by_deployment.remove(name).unwrap_or_default();
            (name.to_owned(), known.into_values().chain(extra.into_values()).collect())
        };
        extra.into_iter().map(&mut routes).collect()
    }

    /// The routes of one deployment.
    #[must_use]
    pub fn of(&self, deployment: &str) -> Vec<RoutePattern> {
        self.by_deployment.get(deployment).map(|routes| routes.values().cloned().collect()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_routes_are_kept_once_per_shape_and_deployment() {
        let mut known = KnownRoutes::default();
        for (deployment, route) in [("v3", "/x/{id}"), ("v3", "/x/:other"), ("v3", "/y"), ("v1", "/x/{id}")] {
            known.add(deployment, RoutePattern::parse(route).expect("a valid test route"));
        }
        let shapes = |name| known.of(name).iter().map(RoutePattern::shape).collect::<Vec<_>>();
        assert_eq!(shapes("v3"), ["/x/{}", "/y"]);
        assert_eq!(shapes("v1"), ["/x/{}"]);
        assert!(known.of("preview").is_empty());
    }

    #[test]
    fn planned_routes_join_the_known_ones_of_their_deployment_once_per_shape() {
        let mut known = KnownRoutes::default();
        known.add("v3", RoutePattern::parse("/x/{id}").expect("a valid test route"));
        let probe = |deployment: &str, route: &str| PlannedProbe {
            deployment: deployment.into(),
            kind: ProbeKind::Route,
            method: "GET".into(),
            route: route.into(),
            surfaces: std::sync::Arc::default(),
            url: format!("http://h{route}").into(),
            resolves_to: None,
            marker: None,
            options_only: false,
        };
        let probes = [probe("v3", "/x/:other"), probe("v3", "/z"), probe("v1", "/y"), probe("v1", "/y")];
        let table = known.into_table(&probes);
        let shapes = |name: &str| table[name].iter().map(RoutePattern::shape).collect::<Vec<_>>();
        assert_eq!(shapes("v3"), ["/x/{}", "/z"]);
        assert_eq!(shapes("v1"), ["/y"]);
        assert_eq!(table.len(), 2, "only the probes' deployments");
    }
}
