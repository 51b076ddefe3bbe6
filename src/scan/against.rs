//! `parity scan --v1 SRC --v3 SRC`: the routes the code defines against the
//! routes the matrix names, with the rules of `docs/routes.md`.
//!
//! Only an exact match counts. A code route that no surface or action lists
//! is `route-unmapped`; a V3 target or action endpoint that no V3 route
//! defines is `target-not-in-code` / `endpoint-not-in-code`. When a
//! parameter route would answer instead (`/x/{id}` for `/x/new`) the finding
//! is `route-shadowed`, and a catch-all that covers a route is a
//! `route-catch-all` note, so neither passes for a match. A route whose
//! prefix could not be resolved is matched against nothing and reported as
//! `prefix-unresolved`.

use std::path::Path;

use serde::Serialize;

use super::{Confidence, DiscoveredRoute, TreeScan};
use crate::finding::{Code, Finding, Location};
use crate::matrix::{Matrix, Pos, Sources, Spanned, Surface};
use crate::route::matching::best_cover;
use crate::route::{Cover, Endpoint, RoutePattern};

/// How many of the V1 routes found in code the matrix lists.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RouteCoverage {
    /// V1 routes in code whose path is known.
    pub v1_routes: usize,
    /// Listed exactly by a surface or an action.
    pub mapped: usize,
    /// Only covered by a catch-all the matrix lists.
    pub catch_all: usize,
    /// V1 routes whose prefix could not be resolved, so not counted above.
    pub unresolved: usize,
}

/// The findings and the coverage of one comparison.
#[derive(Debug, Default)]
pub struct ScanComparison {
    pub findings: Vec<Finding>,
    pub coverage: RouteCoverage,
    /// How many findings a live waiver of the matrix set aside.
    pub waived: usize,
}

/// A route the matrix names, with where.
struct Named<'m> {
    surface: &'m Surface,
    text: &'m Spanned<String>,
    endpoint: Endpoint,
}

/// A code route with the tree it came from.
struct Defined<'s> {
    root: &'s Path,
    route: &'s DiscoveredRoute,
    pattern: RoutePattern,
}

/// Compares the routes the trees define with the routes the matrix names:
/// the findings of `parity scan --v1 --v3` and the V1 coverage.
#[must_use]
pub fn compare(matrix: &Matrix, sources: &Sources, v1: &[&TreeScan], v3: &[&TreeScan]) -> ScanComparison {
    let mut out = ScanComparison::default();
    out.findings.extend(v1.iter().chain(v3).flat_map(|tree| tree.findings.iter().cloned()));
    let (v1_defined, v1_unresolved) = defined(v1);
    let (v3_defined, v3_unresolved) = defined(v3);
    for (root, route) in v1_unresolved.iter().chain(&v3_unresolved) {
        out.findings.push(unresolved(root, route));
    }
    out.coverage.unresolved = v1_unresolved.len();
    if !v1.is_empty() {
        unmapped(matrix, &v1_defined, &mut out);
    }
    if !v3.is_empty() {
        for named in v3_named(matrix) {
            if let Some(finding) = not_in_code(&named, &v3_defined) {
                let location = sources.locate(named.surface.file, named.text.pos);
                out.findings.push(finding.at(location).surface(&named.surface.id));
            }
        }
    }
    Finding::sort(&mut out.findings);
    out
}

/// The routes of `trees` whose path is known, and those whose prefix is not.
fn defined<'s>(trees: &[&'s TreeScan]) -> (Vec<Defined<'s>>, Vec<(&'s Path, &'s DiscoveredRoute)>) {
    let mut known = Vec::new();
    let mut unresolved = Vec::new();
    for tree in trees {
        for route in &tree.routes {
            if route.confidence == Confidence::Unresolved {
                unresolved.push((tree.root.as_path(), route));
            } else if let Ok(pattern) = RoutePattern::parse(&route.pattern) {
                // Extractors write canonical patterns; one that is not cannot be matched.
                known.push(Defined { root: &tree.root, route, pattern });
            }
        }
    }
    (known, unresolved)
}

fn code_location(root: &Path, route: &DiscoveredRoute) -> Location {
    Location::new(root.join(&route.file), Pos { line: route.line, column: 1, offset: 0, len: 0 })
}

fn unresolved(root: &Path, route: &DiscoveredRoute) -> Finding {
    let prefix = route.unresolved_prefix.as_deref().unwrap_or("?");
    Finding::new(
        Code::PrefixUnresolved,
        format!("`{}` is mounted under `{prefix}`, which is not a literal", route.pattern),
    )
    .at(code_location(root, route))
    .subject(format!("{} {}", route.methods.join(","), route.pattern))
    .help("its full path is unknown, so it is matched against nothing; list it in the matrix by hand")
}

/// V1 routes in code that no surface or action lists, and the coverage.
fn unmapped(matrix: &Matrix, v1: &[Defined<'_>], out: &mut ScanComparison) {
    let listed: Vec<(RoutePattern, &Surface)> = matrix
        .surfaces
        .iter()
        .flat_map(|surface| {
            let routes = surface.v1.iter().filter_map(|r| RoutePattern::parse(r).ok());
            let endpoints =
                surface.actions.iter().filter_map(|a| Endpoint::parse(a.v1.as_deref()?).ok()).map(|e| e.route);
            routes.chain(endpoints).map(move |pattern| (pattern, surface))
        })
        .collect();
    for defined in v1 {
        out.coverage.v1_routes += 1;
        let best = best_cover(listed.iter().map(|(p, s)| (p, *s)), &defined.pattern);
        let route = &defined.route.pattern;
        let finding = match best {
            Some((Cover::Exact, _)) => {
                out.coverage.mapped += 1;
                continue;
            }
            Some((Cover::CatchAll, surface)) => {
                out.coverage.catch_all += 1;
                Finding::new(
                    Code::RouteCatchAll,
                    format!("`{route}` is covered only by a catch-all of surface `{}`", *surface.id),
                )
                .surface(&surface.id)
                .help("list the route in a surface of its own if it is a page of its own")
            }
            Some((Cover::Parameter, surface)) => Finding::new(
                Code::RouteShadowed,
                format!("`{route}` is listed by no surface; only a parameter route of `{}` matches it", *surface.id),
            )
            .help("a static route is a page of its own: list it in a surface"),
            None => {
                Finding::new(Code::RouteUnmapped, format!("`{route}` is defined in V1 code but no surface lists it"))
                    .help("add a surface for it, or list it under the surface it belongs to")
            }
        };
        let subject = format!("v1 {} {route}", defined.route.methods.join(","));
        out.findings.push(finding.at(code_location(defined.root, defined.route)).subject(subject));
    }
}

/// Every V3 route and endpoint the matrix names: targets (the page a target
/// resolves to, when it does, since a redirect is seldom a route in code)
/// and the landings of actions.
fn v3_named(matrix: &Matrix) -> Vec<Named<'_>> {
    let mut named = Vec::new();
    for surface in &matrix.surfaces {
        let targets = surface.v3.iter().map(|t| t.resolves_to.as_ref().unwrap_or(&t.route));
        let landings = surface.actions.iter().filter_map(|a| a.landing.as_ref()?.v3.as_ref());
        for text in targets.chain(landings) {
            if let Ok(endpoint) = Endpoint::parse(text) {
                named.push(Named { surface, text, endpoint });
            }
        }
    }
    named
}

/// The finding for a named V3 route the code does not define exactly.
fn not_in_code(named: &Named<'_>, v3: &[Defined<'_>]) -> Option<Finding> {
    let method = named.endpoint.method.as_deref().unwrap_or("GET");
    // Every framework here answers HEAD wherever it answers GET.
    let answers =
        |d: &&Defined<'_>| d.route.methods.iter().any(|m| m == method || m == "*" || (method == "HEAD" && m == "GET"));
    let best = best_cover(v3.iter().filter(answers).map(|d| (&d.pattern, d)), &named.endpoint.route);
    let (code, what) = match named.endpoint.method {
        Some(_) => (Code::EndpointNotInCode, "endpoint"),
        None => (Code::TargetNotInCode, "target"),
    };
    let written = named.endpoint.to_string();
    let elsewhere =
        |d: &Defined<'_>| format!("`{}` ({}:{})", d.route.pattern, d.root.join(&d.route.file).display(), d.route.line);
    let finding = match best {
        Some((Cover::Exact, _)) => return None,
        Some((Cover::CatchAll, defined)) => Finding::new(
            Code::RouteCatchAll,
            format!("V3 {what} `{written}` is covered only by the catch-all {}", elsewhere(defined)),
        )
        .help("a catch-all answers any path: make sure it really renders this page"),
        Some((Cover::Parameter, defined)) => Finding::new(
            Code::RouteShadowed,
            format!(
                "V3 {what} `{written}` is not defined; only the parameter route {} would answer it",
                elsewhere(defined)
            ),
        )
        .help("a probe would reach the parameter page and pass: define the static route, or fix the matrix"),
        None => Finding::new(code, format!("V3 {what} `{written}` is defined by no route in the V3 code"))
            .help("fix the route in the matrix, or check that the V3 tree and --framework are right"),
    };
    Some(finding.subject(format!("v3 {written}")))
}
