//! Pairing the items of two versions, so that order never matters and no
//! item is compared twice.
//!
//! Items of a list (a surface's targets or actions, a report's probes) are
//! paired in passes, from the fullest key to the loosest: an item that
//! matches exactly is never taken by a looser match of another. Within a
//! pass, head items take base items in file order, each base item once. The
//! keys are looked up, never iterated, so the outcome does not depend on
//! hashing.

use std::collections::{HashMap, VecDeque};
use std::hash::Hash;

use crate::route::{Endpoint, RoutePattern};

/// Which base item each head item is paired with, built pass by pass.
pub(super) struct Pairing<'a, T> {
    base: &'a [T],
    head: &'a [T],
    partners: Vec<Option<usize>>,
    taken: Vec<bool>,
}

impl<'a, T> Pairing<'a, T> {
    /// No item paired yet.
    pub(super) fn new(base: &'a [T], head: &'a [T]) -> Self {
        Self { base, head, partners: vec![None; head.len()], taken: vec![false; base.len()] }
    }

    /// Pairs the items still unpaired on both sides whose `key` is equal.
    #[must_use]
    pub(super) fn by<K: Eq + Hash>(mut self, key: impl Fn(&'a T) -> K) -> Self {
        let mut free: HashMap<K, VecDeque<usize>> = HashMap::new();
        for (index, item) in self.base.iter().enumerate().filter(|(index, _)| !self.taken[*index]) {
            free.entry(key(item)).or_default().push_back(index);
        }
        for (partner, item) in self.partners.iter_mut().zip(self.head).filter(|(partner, _)| partner.is_none()) {
            if let Some(index) = free.get_mut(&key(item)).and_then(VecDeque::pop_front) {
                *partner = Some(index);
                self.taken[index] = true;
            }
        }
        self
    }

    /// Each head item in order, with its base partner if it has one.
    pub(super) fn pairs(&self) -> impl Iterator<Item = (Option<&'a T>, &'a T)> + '_ {
        let base = self.base;
        self.partners.iter().zip(self.head).map(move |(partner, item)| (partner.map(|index| &base[index]), item))
    }

    /// The base items no head item was paired with, in order.
    pub(super) fn unpaired_base(&self) -> impl Iterator<Item = &'a T> + '_ {
        self.base.iter().zip(&self.taken).filter(|(_, taken)| !**taken).map(|(item, _)| item)
    }
}

/// A route's identity: its shape, with parameter names erased, so that
/// renaming `{id}` to `{nodeId}` is no change.
pub(super) fn shape(route: &str) -> String {
    RoutePattern::parse(route).map_or_else(|_| route.to_owned(), |pattern| pattern.shape())
}

/// An endpoint's identity, `METHOD /shape` (or the route's shape alone when
/// no method is written), so renaming a parameter is no change. Text that
/// is no endpoint (validation reports it) is its own identity.
pub(super) fn endpoint_key(endpoint: &str) -> String {
    match Endpoint::parse(endpoint) {
        Ok(Endpoint { method: Some(method), route }) => format!("{method} {}", route.shape()),
        Ok(Endpoint { method: None, route }) => route.shape(),
        Err(_) => endpoint.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_keys_pair_first_and_each_base_item_pairs_once() {
        let base = ["a1", "a2", "b1"];
        let head = ["a2", "a1", "a3"];
        let first = |text: &&str| text.chars().next();
        let pairing = Pairing::new(&base, &head).by(|text| *text).by(first);
        let pairs: Vec<_> = pairing.pairs().map(|(old, new)| (old.copied(), *new)).collect();
        assert_eq!(pairs, [(Some("a2"), "a2"), (Some("a1"), "a1"), (None, "a3")]);
        assert_eq!(pairing.unpaired_base().copied().collect::<Vec<_>>(), ["b1"]);
    }

    #[test]
    fn endpoints_differ_only_by_method_and_shape() {
        assert_eq!(endpoint_key("DELETE /a/{id}"), endpoint_key("DELETE /a/{slug}"));
        assert_ne!(endpoint_key("DELETE /a/{id}"), endpoint_key("POST /a/{id}"));
        assert_eq!(endpoint_key("/a/{id}"), shape("/a/{x}"));
    }
}
