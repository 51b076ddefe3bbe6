//! The actions `parity init` scaffolds: every mutating V1 endpoint is
//! something an operator does, so it becomes an action of the surface whose
//! page it belongs to, with its endpoint, a guessed lifecycle intent and the
//! V3 endpoints that look most like it, commented out for a person to
//! confirm. Each is written `pending` (`deferred`): the scaffold claims no
//! landing, so `parity validate` accepts it and the audit starts honest.

use std::fmt::Write as _;

use super::{DiscoveredRoute, MAX_CANDIDATES, MIN_SCORE, kebab_words, quoted, similarity, where_defined};
use crate::matrix::Intent;
use crate::route::{RoutePattern, Segment};

/// Methods that change state; an action is one of them on one route.
const MUTATING: &[&str] = &["POST", "PUT", "PATCH", "DELETE"];

/// A mutating endpoint of a tree.
#[derive(Clone, Debug)]
pub struct Mutation {
    pub method: String,
    pub pattern: RoutePattern,
    /// The mount expression in front of the path, when unresolved.
    pub unresolved_prefix: Option<String>,
    /// Where it is defined: `file:line (framework)`.
    pub defined: String,
}

impl Mutation {
    /// `METHOD /path`, as the matrix writes endpoints.
    fn endpoint(&self) -> String {
        format!("{} {}", self.method, self.pattern)
    }
}

/// Every mutating (method, route) of `routes`, in order, each once.
#[must_use]
pub fn mutations<'a>(routes: impl Iterator<Item = &'a DiscoveredRoute>) -> Vec<Mutation> {
    let mut out: Vec<Mutation> = Vec::new();
    for route in routes {
        let Ok(pattern) = RoutePattern::parse(&route.pattern) else { continue };
        for method in route.methods.iter().filter(|m| MUTATING.contains(&m.as_str())) {
            let mutation = Mutation {
                method: method.clone(),
                pattern: pattern.clone(),
                unresolved_prefix: route.unresolved_prefix.clone(),
                defined: where_defined(route),
            };
            if !out
                .iter()
                .any(|m| m.endpoint() == mutation.endpoint() && m.unresolved_prefix == mutation.unresolved_prefix)
            {
                out.push(mutation);
            }
        }
    }
    out
}

/// The index of the page `mutation` belongs to: the page under the same
/// prefix whose path is the longest leading part of the endpoint's path
/// (`DELETE /items/{id}` → `/items/{id}`, `POST /items/{id}/retry` →
/// `/items/{id}`); `None` when no page leads to it.
#[must_use]
pub fn home_page(mutation: &Mutation, pages: &[(&RoutePattern, Option<&str>)]) -> Option<usize> {
    let segments = mutation.pattern.segments();
    pages
        .iter()
        .enumerate()
        .filter(|(_, (_, prefix))| *prefix == mutation.unresolved_prefix.as_deref())
        // The home page `/` leads to every path, and is the page of none but its own.
        .filter(|(_, (page, _))| !page.segments().is_empty() || segments.is_empty())
        .filter(|(_, (page, _))| leads_to(page.segments(), segments))
        .max_by_key(|(_, (page, _))| page.segments().len())
        .map(|(index, _)| index)
}

fn leads_to(page: &[Segment], path: &[Segment]) -> bool {
    page.len() <= path.len() && page.iter().zip(path).all(|(a, b)| same_segment(a, b))
}

/// Same literal, or parameters of the same kind whatever their names.
fn same_segment(a: &Segment, b: &Segment) -> bool {
    match (a, b) {
        (Segment::Literal(x), Segment::Literal(y)) => x == y,
        (Segment::Param(_), Segment::Param(_))
        | (Segment::Optional(_), Segment::Optional(_))
        | (Segment::CatchAll { .. }, Segment::CatchAll { .. }) => true,
        _ => a.to_string() == b.to_string(),
    }
}

/// Lifecycle words in a path, checked before the method: a `POST
/// …/revoke` is destructive whatever its verb.
const WORDS: &[(Intent, &[&str])] = &[
    (Intent::Destructive, &["delete", "remove", "revoke", "release", "decommission", "detach", "destroy", "purge"]),
    (Intent::Recovery, &["retry", "resume", "rerun", "restore", "reenroll", "compensate", "recover", "replay"]),
    (Intent::Maintenance, &["probe", "repair", "rotate", "reconcile", "drift", "check", "refresh", "sync"]),
    (
        Intent::Setup,
        &["create", "enroll", "bootstrap", "configure", "grant", "attach", "publish", "signup", "register"],
    ),
    (Intent::Update, &["edit", "activate", "retire", "upgrade", "update", "rename", "enable", "disable"]),
];

/// The intent a person would most likely give this endpoint: a lifecycle
/// word of its literal segments, else DELETE → destructive, PUT/PATCH →
/// update, POST to a collection (a literal last segment) → setup, any other
/// POST → update.
#[must_use]
pub fn guess_intent(mutation: &Mutation) -> Intent {
    let words: Vec<String> = literals(&mutation.pattern).iter().flat_map(|l| kebab_words(l)).collect();
    let by_word = WORDS.iter().find(|(_, verbs)| words.iter().any(|w| verbs.contains(&w.as_str())));
    if let Some((intent, _)) = by_word {
        return *intent;
    }
    match mutation.method.as_str() {
        "DELETE" => Intent::Destructive,
        "POST" if matches!(mutation.pattern.segments().last(), Some(Segment::Literal(_))) => Intent::Setup,
        _ => Intent::Update,
    }
}

fn literals(pattern: &RoutePattern) -> Vec<&str> {
    pattern
        .segments()
        .iter()
        .filter_map(|s| if let Segment::Literal(t) = s { Some(t.as_str()) } else { None })
        .collect()
}

/// What the operator does, in words: `retry task` for `POST
/// /tasks/{id}/retry`, `delete items` for `DELETE /items/{id}`, `create
/// items` for `POST /items`.
#[must_use]
pub fn verb(mutation: &Mutation) -> String {
    let literals = literals(&mutation.pattern);
    let last_is_literal = matches!(mutation.pattern.segments().last(), Some(Segment::Literal(_)));
    let (last, resource) = match literals.as_slice() {
        [] => ("", ""),
        [only] => (*only, *only),
        [.., resource, last] => (*last, *resource),
    };
    let is_verb =
        |word: &str| WORDS.iter().any(|(_, verbs)| kebab_words(word).iter().any(|w| verbs.contains(&w.as_str())));
    let text = if last_is_literal && mutation.method == "POST" && is_verb(last) {
        format!("{last} {resource}")
    } else {
        let what = match mutation.method.as_str() {
            "DELETE" => "delete",
            "POST" if last_is_literal => "create",
            "POST" => "submit",
            _ => "update",
        };
        format!("{what} {last}")
    };
    let words = kebab_words(&text).join(" ");
    if words.is_empty() { format!("{} {}", mutation.method.to_lowercase(), mutation.pattern) } else { words }
}

/// The V3 endpoints most like `mutation`, best first: the same method
/// counts, then the path as [`similarity`] weighs it.
fn candidates<'a>(mutation: &Mutation, v3: &'a [Mutation]) -> Vec<(&'a Mutation, f64)> {
    let mut scored: Vec<(&Mutation, f64)> = v3
        .iter()
        .map(|c| {
            let method = if c.method == mutation.method { 1.0 } else { 0.0 };
            (c, 0.8 * similarity(&mutation.pattern, &c.pattern) + 0.2 * method)
        })
        .filter(|(_, score)| *score >= MIN_SCORE)
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.endpoint().cmp(&b.0.endpoint())));
    scored.truncate(MAX_CANDIDATES);
    scored
}

/// The `actions:` block of one surface, indented under it.
#[must_use]
pub fn render(mutations: &[&Mutation], v3: &[Mutation]) -> String {
    let mut out = String::from("    actions:\n");
    for mutation in mutations {
        let _ = write!(
            out,
            "      - verb: {}\n        intent: {}\n        v1: {}\n",
            quoted(&verb(mutation)),
            guess_intent(mutation).as_str(),
            quoted(&mutation.endpoint())
        );
        if let Some(prefix) = &mutation.unresolved_prefix {
            let _ = writeln!(out, "        # prefix unknown: write the value of `{prefix}` in front of the path");
        }
        let candidates = candidates(mutation, v3);
        if !candidates.is_empty() {
            out.push_str(
                "        # V3 endpoint candidates by similar method and path; when one carries it, replace\n        \
                 # `pending` with `landing: {pattern: …, v3: …}`:\n",
            );
            for (candidate, score) in candidates {
                let _ = writeln!(out, "        #   v3: {}  # {score:.2}", quoted(&candidate.endpoint()));
            }
        }
        out.push_str("        pending:\n          reason: deferred\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mutation(endpoint: &str) -> Mutation {
        let (method, path) = endpoint.split_once(' ').unwrap();
        Mutation {
            method: method.to_owned(),
            pattern: RoutePattern::parse(path).unwrap(),
            unresolved_prefix: None,
            defined: String::new(),
        }
    }

    #[test]
    fn the_intent_comes_from_the_path_words_then_the_method() {
        let intent = |endpoint| guess_intent(&mutation(endpoint));
        assert_eq!(intent("DELETE /items/{id}"), Intent::Destructive);
        assert_eq!(intent("POST /keys/{id}/revoke"), Intent::Destructive);
        assert_eq!(intent("POST /jobs/{id}/retry"), Intent::Recovery);
        assert_eq!(intent("POST /backups/{id}/restore"), Intent::Recovery);
        assert_eq!(intent("POST /secrets/{id}/rotate"), Intent::Maintenance);
        assert_eq!(intent("POST /nodes/{id}/probe"), Intent::Maintenance);
        assert_eq!(intent("POST /items"), Intent::Setup);
        assert_eq!(intent("PATCH /items/{id}"), Intent::Update);
        assert_eq!(intent("PUT /items/{id}"), Intent::Update);
        assert_eq!(intent("POST /items/{id}"), Intent::Update);
    }

    #[test]
    fn the_verb_names_what_the_operator_does() {
        assert_eq!(verb(&mutation("POST /jobs/{id}/retry")), "retry jobs");
        assert_eq!(verb(&mutation("DELETE /items/{id}")), "delete items");
        assert_eq!(verb(&mutation("POST /items")), "create items");
        assert_eq!(verb(&mutation("PATCH /users/me")), "update me");
        assert_eq!(verb(&mutation("POST /{id}")), "submit");
    }

    #[test]
    fn an_action_belongs_to_the_longest_page_leading_to_it() {
        let (items, item, users) = (
            RoutePattern::parse("/items").unwrap(),
            RoutePattern::parse("/items/{item}").unwrap(),
            RoutePattern::parse("/users").unwrap(),
        );
        let home = RoutePattern::parse("/").unwrap();
        let pages = [(&items, None), (&item, None), (&users, None), (&home, None)];
        assert_eq!(home_page(&mutation("POST /items/{id}/retry"), &pages), Some(1));
        assert_eq!(home_page(&mutation("POST /items"), &pages), Some(0));
        assert_eq!(home_page(&mutation("POST /items/export"), &pages), Some(0));
        assert_eq!(home_page(&mutation("POST /login"), &pages), None);
        assert_eq!(home_page(&mutation("POST /"), &pages), Some(3));
        let mut unresolved = mutation("POST /items");
        unresolved.unresolved_prefix = Some("PREFIX".to_owned());
        assert_eq!(home_page(&unresolved, &pages), None, "a page under a known prefix is another place");
    }

    #[test]
    fn v3_candidates_prefer_the_same_method_and_a_similar_path() {
        let v3 = [mutation("POST /v3/jobs/{id}/retry"), mutation("DELETE /v3/jobs/{id}"), mutation("POST /v3/users")];
        let found = candidates(&mutation("POST /jobs/{id}/retry"), &v3);
        assert_eq!(found.first().map(|(m, _)| m.endpoint()), Some("POST /v3/jobs/{id}/retry".to_owned()));
        assert!(found.iter().all(|(m, _)| m.endpoint() != "POST /v3/users"), "{found:?}");
    }
}
