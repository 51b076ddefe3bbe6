//! When one route serves another: the rules of `docs/routes.md`.
//!
//! Identity ignores parameter names (`/x/{id}` is `/x/{nodeId}`), and a
//! route with optional segments is the set of its [variants](RoutePattern::variants).
//! A definition can serve a route in three ways, and the difference matters:
//! only an [`Cover::Exact`] match means the route is really defined. A
//! parameter that swallows a literal (`/x/{id}` answering `/x/new`) or a
//! catch-all that swallows the rest would make a probe succeed for a page
//! nobody built, so callers report them instead of counting them.

use super::{Part, RoutePattern, Segment};

/// How a defined route serves a requested one, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Cover {
    /// The same route: same literals, parameters in the same places.
    Exact,
    /// A parameter of the definition takes text of the request (`/x/{id}`
    /// serves `/x/new` and `/x/{id}.json`, `/r/{id}.json` serves
    /// `/r/42.json`): the request is shadowed, not defined.
    Parameter,
    /// A catch-all of the definition takes the rest of the request
    /// (`/docs/{*rest}` serves `/docs/a/b`).
    CatchAll,
}

impl RoutePattern {
    /// Every concrete route this one stands for: each optional segment
    /// present (as a required one) or absent. A route without optional
    /// segments is its own only variant.
    #[must_use]
    pub fn variants(&self) -> Vec<RoutePattern> {
        let mut variants: Vec<Vec<Segment>> = vec![Vec::new()];
        for segment in &self.segments {
            let required = match segment {
                Segment::Optional(name) => Segment::Param(name.clone()),
                Segment::CatchAll { name, optional: true } => Segment::CatchAll { name: name.clone(), optional: false },
                other => {
                    for variant in &mut variants {
                        variant.push(other.clone());
                    }
                    continue;
                }
            };
            let absent = variants.clone();
            for variant in &mut variants {
                variant.push(required.clone());
            }
            variants.extend(absent);
        }
        variants.into_iter().map(|segments| RoutePattern { segments }).collect()
    }

    /// True when both routes stand for the same set of paths, whatever their
    /// parameters are called.
    #[must_use]
    pub fn same_as(&self, other: &RoutePattern) -> bool {
        self.shape() == other.shape()
    }

    /// How this definition serves every variant of `request`: the weakest of
    /// the best covers of each variant, or `None` when some variant is not
    /// served at all.
    #[must_use]
    pub fn cover(&self, request: &RoutePattern) -> Option<Cover> {
        let definitions = self.variants();
        request
            .variants()
            .iter()
            .map(|wanted| {
                definitions.iter().filter_map(|defined| cover_concrete(&defined.segments, &wanted.segments)).min()
            })
            .try_fold(Cover::Exact, |weakest, cover| cover.map(|cover| weakest.max(cover)))
    }
}

/// How `definitions` together serve `request`, with the definition that
/// gives the answer: each variant of the request takes its best cover among
/// all the definitions, and the request gets the weakest of those (so
/// `/docs` and `/docs/{*slug}` defined apart serve `/docs/{*slug?}`).
/// Between equal covers the most specific definition answers, as a router
/// would pick it (see [`specificity`]). `None` when some variant is served
/// by no definition.
pub fn best_cover<'d, T: Copy>(
    definitions: impl IntoIterator<Item = (&'d RoutePattern, T)>,
    request: &RoutePattern,
) -> Option<(Cover, T)> {
    // Every variant of every definition, with how specific it is.
    let variants: Vec<(Vec<u8>, RoutePattern, T)> = definitions
        .into_iter()
        .flat_map(|(defined, tag)| defined.variants().into_iter().map(move |v| (specificity(&v.segments), v, tag)))
        .collect();
    let mut weakest: Option<(Cover, T)> = None;
    for wanted in request.variants() {
        let (cover, _, tag) = variants
            .iter()
            .filter_map(|(rank, defined, tag)| Some((cover_concrete(&defined.segments, &wanted.segments)?, rank, *tag)))
            .min_by_key(|(cover, rank, _)| (*cover, *rank))?;
        if weakest.is_none_or(|(weakest, _)| cover > weakest) {
            weakest = Some((cover, tag));
        }
    }
    weakest
}

/// How specific a definition without optional segments is, lower first:
/// segment by segment from the left, a literal (0) beats text with a
/// parameter (1, `{id}.json`), which beats a parameter (2), which beats a
/// catch-all (3), the order in which Next.js, `SvelteKit` and Express users
/// expect `/x/new`, `/x/{id}.json`, `/x/{id}` and `/x/{*rest}` to answer.
fn specificity(segments: &[Segment]) -> Vec<u8> {
    let rank = |segment: &Segment| match segment {
        Segment::Literal(_) => 0,
        Segment::Mixed(_) => 1,
        Segment::Param(_) | Segment::Optional(_) => 2,
        Segment::CatchAll { .. } => 3,
    };
    segments.iter().map(rank).collect()
}

/// How a definition serves a request, neither with optional segments.
fn cover_concrete(defined: &[Segment], request: &[Segment]) -> Option<Cover> {
    let mut cover = Cover::Exact;
    for (at, segment) in defined.iter().enumerate() {
        let wanted = request.get(at)?;
        let this = match (segment, wanted) {
            (Segment::CatchAll { .. }, Segment::CatchAll { .. }) | (Segment::Param(_), Segment::Param(_)) => {
                Cover::Exact
            }
            (Segment::CatchAll { .. }, _) => return catch_all_cover(&defined[at + 1..], &request[at..]),
            (Segment::Literal(a), Segment::Literal(b)) if a == b => Cover::Exact,
            (Segment::Mixed(a), Segment::Mixed(b)) if same_parts(a, b) => Cover::Exact,
            (Segment::Param(_), Segment::Literal(_) | Segment::Mixed(_)) => Cover::Parameter,
            (Segment::Mixed(parts), Segment::Literal(_) | Segment::Mixed(_)) if parts_serve(parts, wanted) => {
                Cover::Parameter
            }
            _ => return None,
        };
        cover = cover.max(this);
    }
    (defined.len() == request.len()).then_some(cover)
}

/// How a catch-all followed by `tail` (`/docs/{*path}/llms.txt`) serves
/// `rest`, the request from the catch-all on: it takes one segment or more,
/// and the tail must serve the segments it leaves. When the tail holds
/// another catch-all (Astro's `[...blog]/[...page]`), every split is tried
/// and the best cover counts: a router serves the request if any split
/// does.
fn catch_all_cover(tail: &[Segment], rest: &[Segment]) -> Option<Cover> {
    let tail_cover = |taken: usize| {
        if tail.is_empty() {
            (taken == rest.len()).then_some(Cover::Exact)
        } else {
            cover_concrete(tail, &rest[taken..])
        }
    };
    (1..=rest.len()).filter_map(tail_cover).min().map(|cover| cover.max(Cover::CatchAll))
}

/// The same text with parameters in the same places, whatever their names.
fn same_parts(a: &[Part], b: &[Part]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|pair| match pair {
            (Part::Text(a), Part::Text(b)) => a == b,
            (Part::Param(_), Part::Param(_)) => true,
            _ => false,
        })
}

/// One character of a segment, or a parameter: any text of one or more
/// characters.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Atom {
    Char(char),
    Any,
}

fn atoms(parts: &[Part]) -> Vec<Atom> {
    let mut atoms = Vec::new();
    for part in parts {
        match part {
            Part::Text(text) => atoms.extend(text.chars().map(Atom::Char)),
            Part::Param(_) => atoms.push(Atom::Any),
        }
    }
    atoms
}

/// True when the parameters of `defined` can take every text `wanted`
/// stands for (`{id}.json` takes `42.json` and `v{n}.json`, not `{n}`): each
/// parameter of `defined` takes one or more characters or parameters of
/// `wanted`, and the text of `defined` meets the same text in `wanted`.
fn parts_serve(defined: &[Part], wanted: &Segment) -> bool {
    let defined = atoms(defined);
    let wanted = match wanted {
        Segment::Literal(text) => text.chars().map(Atom::Char).collect(),
        Segment::Mixed(parts) => atoms(parts),
        _ => return false,
    };
    // served[i][j]: the first i atoms of `defined` take the first j of `wanted`.
    let mut served = vec![vec![false; wanted.len() + 1]; defined.len() + 1];
    served[0][0] = true;
    for (i, atom) in defined.iter().enumerate() {
        for j in 1..=wanted.len() {
            served[i + 1][j] = match atom {
                Atom::Any => served[i][j - 1] || served[i + 1][j - 1],
                Atom::Char(c) => served[i][j - 1] && wanted[j - 1] == Atom::Char(*c),
            };
        }
    }
    served[defined.len()][wanted.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(text: &str) -> RoutePattern {
        RoutePattern::parse(text).unwrap()
    }

    fn cover(defined: &str, request: &str) -> Option<Cover> {
        route(defined).cover(&route(request))
    }

    #[test]
    fn parameter_names_do_not_matter_for_identity() {
        assert!(route("/x/{id}").same_as(&route("/x/:nodeId")));
        assert!(route("/x/{id}").same_as(&route("/x/[id]")));
        assert!(!route("/x/{id}").same_as(&route("/x/{id?}")));
        assert_eq!(cover("/x/[slug]", "/x/:nodeId"), Some(Cover::Exact));
    }

    #[test]
    fn optional_segments_expand_into_variants() {
        let shapes: Vec<String> = route("/a/{b?}/c/{*d?}").variants().iter().map(RoutePattern::shape).collect();
        assert_eq!(shapes, ["/a/{}/c/{*}", "/a/c/{*}", "/a/{}/c", "/a/c"]);
        assert_eq!(route("/a").variants(), [route("/a")]);
    }

    #[test]
    fn an_optional_definition_serves_each_variant_exactly() {
        assert_eq!(cover("/users/{id?}", "/users"), Some(Cover::Exact));
        assert_eq!(cover("/users/{id?}", "/users/{x}"), Some(Cover::Exact));
        assert_eq!(cover("/users", "/users/{id?}"), None, "only one variant is defined");
    }

    #[test]
    fn a_catch_all_cover_is_not_a_match() {
        assert_eq!(cover("/docs/{*rest}", "/docs/a/b"), Some(Cover::CatchAll));
        assert_eq!(cover("/docs/{*rest}", "/docs/{id}"), Some(Cover::CatchAll));
        assert_eq!(cover("/docs/{*rest}", "/docs"), None, "a required catch-all needs a segment");
        assert_eq!(cover("/docs/{*rest?}", "/docs"), Some(Cover::Exact));
        assert_eq!(cover("/docs/{*rest}", "/docs/{*path}"), Some(Cover::Exact));
        assert_eq!(cover("/{*all}", "/x/{id}/y"), Some(Cover::CatchAll));
        // A catch-all mid-path (SvelteKit `[...path]/llms.txt`).
        assert_eq!(cover("/d/{*p}/llms.txt", "/d/{*q}/llms.txt"), Some(Cover::Exact));
        assert_eq!(cover("/d/{*p}/llms.txt", "/d/a/b/llms.txt"), Some(Cover::CatchAll));
        assert_eq!(cover("/d/{*p}/llms.txt", "/d/llms.txt"), None, "the catch-all takes a segment");
        // Two catch-alls: any split of the request between them serves it.
        assert_eq!(cover("/{*blog?}/{*page?}", "/"), Some(Cover::Exact));
        assert_eq!(cover("/{*blog?}/{*page?}", "/{*x}"), Some(Cover::Exact));
        assert_eq!(cover("/{*blog?}/{*page?}", "/{*x}/{*y}"), Some(Cover::Exact));
        assert_eq!(cover("/{*blog?}/{*page?}", "/tag/x/2"), Some(Cover::CatchAll));
        assert_eq!(cover("/{*a}/x/{*b}", "/1/2/x/3"), Some(Cover::CatchAll));
        assert_eq!(cover("/{*a}/x/{*b}", "/1/x"), None, "the second catch-all takes a segment");
        assert_eq!(cover("/d/{*p?}/llms.txt", "/d/llms.txt"), Some(Cover::Exact));
        assert_eq!(cover("/d/{*p}/llms.txt", "/d/a/card.png"), None);
    }

    #[test]
    fn a_static_route_served_only_by_a_parameter_is_shadowed() {
        assert_eq!(cover("/x/{id}", "/x/new"), Some(Cover::Parameter));
        assert_eq!(cover("/x/new", "/x/{id}"), None, "a literal does not serve every value");
        assert_eq!(
            best_cover([(&route("/x/{id}"), 1), (&route("/x/new"), 2)], &route("/x/new")),
            Some((Cover::Exact, 2))
        );
    }

    #[test]
    fn the_variants_of_an_optional_route_may_be_served_by_different_definitions() {
        let apart = [(&route("/docs"), 1), (&route("/docs/{*slug}"), 2)];
        assert_eq!(best_cover(apart, &route("/docs/{*slug?}")).map(|(c, _)| c), Some(Cover::Exact));
        let defined = [(&route("/u"), 1), (&route("/u/{id}"), 2)];
        assert_eq!(best_cover(defined, &route("/u/{id?}")).map(|(c, _)| c), Some(Cover::Exact));
        // One variant unserved: no cover at all.
        assert_eq!(best_cover([(&route("/u"), 1)], &route("/u/{id?}")), None);
        // The weakest variant decides, and names the definition that gives it.
        let mixed = [(&route("/v/{*rest}"), 1), (&route("/v"), 2)];
        assert_eq!(best_cover(mixed, &route("/v/{id?}")), Some((Cover::CatchAll, 1)));
    }

    #[test]
    fn text_around_a_parameter_is_part_of_identity() {
        assert!(route("/r/{id}.json").same_as(&route("/r/{x}.json")));
        assert!(route("/r/{id}.json").same_as(&route("/r/[x].json")));
        for other in ["/r/{id}", "/r/{id}.xml", "/r/{id}json", "/r/{a}.{b}", "/r/id.json"] {
            assert!(!route("/r/{id}.json").same_as(&route(other)), "{other}");
        }
        assert_eq!(cover("/r/{id}.json", "/r/{x}.json"), Some(Cover::Exact));
        assert_eq!(cover("/v{n}/items", "/v{version}/items"), Some(Cover::Exact));
    }

    #[test]
    fn a_parameter_inside_a_segment_takes_the_text_it_fits() {
        assert_eq!(cover("/reports/{id}.json", "/reports/42.json"), Some(Cover::Parameter));
        assert_eq!(cover("/reports/{id}.json", "/reports/v{n}.json"), Some(Cover::Parameter));
        assert_eq!(cover("/files/{name}.{ext}", "/files/a.tar.gz"), Some(Cover::Parameter));
        assert_eq!(cover("/files/{name}.{ext}", "/files/{n}.tar.gz"), Some(Cover::Parameter));
        assert_eq!(cover("/v{n}/items", "/v2/items"), Some(Cover::Parameter));
        assert_eq!(cover("/@{user}", "/@ada"), Some(Cover::Parameter));
        for (defined, request) in [
            ("/reports/{id}.json", "/reports/42.xml"),
            ("/reports/{id}.json", "/reports/.json"),
            ("/reports/{id}.json", "/reports/{x}"),
            ("/reports/v{n}.json", "/reports/{id}.json"),
            ("/files/{name}.{ext}", "/files/readme"),
            ("/v{n}/items", "/x2/items"),
            ("/reports/42.json", "/reports/{id}.json"),
        ] {
            assert_eq!(cover(defined, request), None, "{defined} must not serve {request}");
        }
    }

    #[test]
    fn a_whole_segment_parameter_or_a_catch_all_also_takes_text_with_parameters() {
        assert_eq!(cover("/reports/{x}", "/reports/42.json"), Some(Cover::Parameter));
        assert_eq!(cover("/reports/{x}", "/reports/{id}.json"), Some(Cover::Parameter));
        assert_eq!(cover("/reports/{*rest}", "/reports/{id}.json"), Some(Cover::CatchAll));
    }

    #[test]
    fn the_most_specific_definition_answers() {
        let definitions = [
            (route("/reports/{*rest}"), "catch-all"),
            (route("/reports/{x}"), "parameter"),
            (route("/reports/{id}.json"), "text and parameter"),
            (route("/reports/42.json"), "literal"),
        ];
        let request = route("/reports/42.json");
        for skip in 0..definitions.len() {
            let left = &definitions[..definitions.len() - skip];
            let best = |order: Vec<&(RoutePattern, &'static str)>| {
                best_cover(order.into_iter().map(|(pattern, tag)| (pattern, *tag)), &request).map(|(_, tag)| tag)
            };
            let forward = best(left.iter().collect());
            assert_eq!(forward, Some(left[left.len() - 1].1), "with {} definitions", left.len());
            assert_eq!(best(left.iter().rev().collect()), forward, "whatever their order");
        }
        // Specificity reads from the left: an earlier literal beats a later one.
        let apart = [(&route("/x/new/{id}"), 1), (&route("/x/{id}/edit"), 2)];
        assert_eq!(best_cover(apart, &route("/x/new/edit")), Some((Cover::Parameter, 1)));
    }

    #[test]
    fn different_lengths_and_literals_do_not_match() {
        assert_eq!(cover("/x/{id}", "/x"), None);
        assert_eq!(cover("/x", "/x/{id}"), None);
        assert_eq!(cover("/x/a", "/x/b"), None);
        assert_eq!(cover("/", "/"), Some(Cover::Exact));
    }
}
