//! When one route serves another: the rules of `docs/routes.md`.
//!
//! Identity ignores parameter names (`/x/{id}` is `/x/{nodeId}`), and a
//! route with optional segments is the set of its [variants](RoutePattern::variants).
//! A definition can serve a route in three ways, and the difference matters:
//! only an [`Cover::Exact`] match means the route is really defined. A
//! parameter that swallows a literal (`/x/{id}` answering `/x/new`) or a
//! catch-all that swallows the rest would make a probe succeed for a page
//! nobody built, so callers report them instead of counting them.

use super::{RoutePattern, Segment};

/// How a defined route serves a requested one, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Cover {
    /// The same route: same literals, parameters in the same places.
    Exact,
    /// A parameter of the definition takes a literal of the request
    /// (`/x/{id}` serves `/x/new`): the static route is shadowed, not defined.
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
/// `None` when some variant is served by no definition.
pub fn best_cover<'d, T: Copy>(
    definitions: impl IntoIterator<Item = (&'d RoutePattern, T)>,
    request: &RoutePattern,
) -> Option<(Cover, T)> {
    let definitions: Vec<(Vec<RoutePattern>, T)> =
        definitions.into_iter().map(|(defined, tag)| (defined.variants(), tag)).collect();
    let mut weakest: Option<(Cover, T)> = None;
    for wanted in request.variants() {
        let wanted = &wanted.segments;
        let best = definitions
            .iter()
            .flat_map(|(variants, tag)| {
                variants
                    .iter()
                    .filter_map(move |defined| cover_concrete(&defined.segments, wanted).map(|cover| (cover, *tag)))
            })
            .min_by_key(|(cover, _)| *cover)?;
        if weakest.is_none_or(|(cover, _)| best.0 > cover) {
            weakest = Some(best);
        }
    }
    weakest
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
            (Segment::CatchAll { .. }, _) => return Some(Cover::CatchAll),
            (Segment::Literal(a), Segment::Literal(b)) if a == b => Cover::Exact,
            (Segment::Param(_), Segment::Literal(_)) => Cover::Parameter,
            _ => return None,
        };
        cover = cover.max(this);
    }
    (defined.len() == request.len()).then_some(cover)
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
    fn different_lengths_and_literals_do_not_match() {
        assert_eq!(cover("/x/{id}", "/x"), None);
        assert_eq!(cover("/x", "/x/{id}"), None);
        assert_eq!(cover("/x/a", "/x/b"), None);
        assert_eq!(cover("/", "/"), Some(Cover::Exact));
    }
}
