//! The schema walk needs every node of a file with its position, which the
//! typed read does not keep: so the YAML document is rebuilt here as a tree
//! of positioned nodes from the parser's event stream. Building it
//! iteratively (with a depth limit) keeps hostile nesting from exhausting the
//! stack.
//! Anchored nodes are kept by anchor, so that an alias can be checked where
//! it is used.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use saphyr_parser_bw::{Event, Parser, ScalarStyle, ScanError, Span};

use super::limits::MAX_DEPTH;
use super::problem::Problem;
use super::span::Pos;
use crate::finding::Code;

#[derive(Clone, Debug)]
pub(super) enum Kind {
    Scalar {
        text: String,
        plain: bool,
    },
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
    /// An alias, by the parser's id of its anchor (a key of [`Tree::anchors`]).
    Alias(usize),
}

#[derive(Clone, Debug)]
pub(super) struct Node {
    pub(super) kind: Kind,
    pub(super) pos: Pos,
}

/// The first document of a file, and a copy of each anchored node.
#[derive(Debug)]
pub(super) struct Tree {
    pub(super) root: Node,
    pub(super) anchors: HashMap<usize, Node>,
}

impl Tree {
    /// Whether `key` is the YAML merge key `<<`.
    pub(super) fn is_merge_key(key: &Node) -> bool {
        matches!(&key.kind, Kind::Scalar { text, plain: true } if text == "<<")
    }
}

/// The entries that the merge keys of a mapping bring in.
#[derive(Debug, Default)]
pub(super) struct Merged<'t> {
    /// Each merged key once (the first merged wins, as in YAML), with its
    /// value and the alias (or inline mapping) it came from.
    pub(super) entries: Vec<(&'t Node, &'t Node, &'t Node)>,
    /// How many entries a plain expansion brings in: every alias of every
    /// merge key followed, each time it appears (saturating). This is the
    /// work a YAML loader does; `<<: [*a, *a, …]` chains make it explode.
    pub(super) expanded: usize,
}

/// The merge keys of one tree, each anchored mapping's merges worked out
/// once however often it is merged, within a budget of work.
#[derive(Debug)]
pub(super) struct Merges<'t> {
    tree: &'t Tree,
    /// The merges of each anchored mapping; `None` while being worked out,
    /// so an anchor that merges itself ends there.
    by_anchor: HashMap<usize, Option<Rc<Merged<'t>>>>,
    /// Entries examined so far, against `budget`.
    spent: usize,
    budget: usize,
}

/// The budget of work ran out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Exhausted;

impl<'t> Merges<'t> {
    pub(super) fn new(tree: &'t Tree, budget: usize) -> Self {
        Self { tree, by_anchor: HashMap::new(), spent: 0, budget }
    }

    /// The entries that the merge keys among `entries` bring in, first
    /// merged first, each key once.
    pub(super) fn of(&mut self, entries: &'t [(Node, Node)]) -> Result<Merged<'t>, Exhausted> {
        self.collect(entries, 0)
    }

    fn spend(&mut self, work: usize) -> Result<(), Exhausted> {
        self.spent = self.spent.saturating_add(work);
        if self.spent > self.budget { Err(Exhausted) } else { Ok(()) }
    }

    fn collect(&mut self, entries: &'t [(Node, Node)], depth: usize) -> Result<Merged<'t>, Exhausted> {
        let mut merged = Merged::default();
        if depth > MAX_DEPTH {
            return Ok(merged);
        }
        let mut seen: HashSet<&'t str> = HashSet::new();
        for (_, value) in entries.iter().filter(|(key, _)| Tree::is_merge_key(key)) {
            let sources: Vec<&'t Node> = match &value.kind {
                Kind::Seq(items) => items.iter().collect(),
                _ => vec![value],
            };
            for source in sources {
                let (inner, nested) = match &source.kind {
                    Kind::Alias(anchor) => match self.tree.anchors.get(anchor) {
                        Some(Node { kind: Kind::Map(inner), .. }) => (inner, self.anchored(*anchor, inner, depth)?),
                        _ => continue,
                    },
                    Kind::Map(inner) => (inner, Rc::new(self.collect(inner, depth + 1)?)),
                    _ => continue,
                };
                // The source's own keys, then what its merge keys bring in.
                let own: Vec<_> = inner.iter().filter(|(key, _)| !Tree::is_merge_key(key)).collect();
                self.spend(own.len() + nested.entries.len())?;
                merged.expanded = merged.expanded.saturating_add(own.len()).saturating_add(nested.expanded);
                let own = own.into_iter().map(|(key, value)| (key, value, source));
                for entry in own.chain(nested.entries.iter().copied()) {
                    if let Kind::Scalar { text, .. } = &entry.0.kind {
                        if seen.insert(text) {
                            merged.entries.push(entry);
                        }
                    }
                }
            }
        }
        Ok(merged)
    }

    /// The merges of the mapping anchored as `anchor`, worked out once.
    fn anchored(
        &mut self,
        anchor: usize,
        inner: &'t [(Node, Node)],
        depth: usize,
    ) -> Result<Rc<Merged<'t>>, Exhausted> {
        match self.by_anchor.get(&anchor) {
            Some(Some(known)) => return Ok(Rc::clone(known)),
            Some(None) => return Ok(Rc::default()),
            None => {}
        }
        self.by_anchor.insert(anchor, None);
        let merged = Rc::new(self.collect(inner, depth + 1)?);
        self.by_anchor.insert(anchor, Some(Rc::clone(&merged)));
        Ok(merged)
    }
}

fn pos_of(span: &Span) -> Pos {
    Pos {
        line: u32::try_from(span.start.line()).unwrap_or(u32::MAX),
        column: u32::try_from(span.start.col() + 1).unwrap_or(u32::MAX),
        offset: span.start.index(),
        len: span.end.index().saturating_sub(span.start.index()).max(1),
    }
}

/// Builds the node tree of the first document from the parser's events.
pub(super) fn tree(text: &str) -> Result<Option<Tree>, Problem> {
    let mut parser = Parser::new_from_str(text);
    // Each open collection, its key waiting for a value, and its anchor.
    let mut stack: Vec<(Node, Option<Node>, usize)> = Vec::new();
    let mut anchors = HashMap::new();
    while let Some(event) = parser.next_event() {
        let (event, span) = event.map_err(|error| syntax_problem(text, &error))?;
        let pos = pos_of(&span);
        let (node, anchor) = match event {
            Event::Scalar(text, style, anchor, _) => {
                let kind = Kind::Scalar { text: text.into_owned(), plain: style == ScalarStyle::Plain };
                (Node { kind, pos }, anchor)
            }
            Event::Alias(anchor) => (Node { kind: Kind::Alias(anchor), pos }, 0),
            Event::SequenceStart(..) | Event::MappingStart(..) if stack.len() >= MAX_DEPTH => {
                return Err(too_deep(pos));
            }
            Event::SequenceStart(anchor, _) => {
                stack.push((Node { kind: Kind::Seq(Vec::new()), pos }, None, anchor));
                continue;
            }
            Event::MappingStart(anchor, _) => {
                stack.push((Node { kind: Kind::Map(Vec::new()), pos }, None, anchor));
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some((node, _, anchor)) => (node, anchor),
                None => continue,
            },
            Event::DocumentEnd | Event::StreamEnd if stack.is_empty() => return Ok(None),
            _ => continue,
        };
        if anchor != 0 {
            anchors.insert(anchor, node.clone());
        }
        match stack.last_mut() {
            None => return Ok(Some(Tree { root: node, anchors })),
            Some((parent, pending_key, _)) => match &mut parent.kind {
                Kind::Seq(items) => items.push(node),
                Kind::Map(entries) => match pending_key.take() {
                    Some(key) => entries.push((key, node)),
                    None => *pending_key = Some(node),
                },
                _ => {}
            },
        }
    }
    Ok(None)
}

/// The parser's error, at its position in `text`.
fn syntax_problem(text: &str, error: &ScanError) -> Problem {
    let marker = error.marker();
    let line = text.lines().nth(marker.line().saturating_sub(1)).unwrap_or_default();
    // The scanner has its own nesting limit; that is a limits problem, not a syntax one.
    let too_deep = error.info().contains("recursion limit");
    Problem {
        code: if too_deep { Code::MatrixLimits } else { Code::MatrixSyntax },
        pos: Pos {
            line: u32::try_from(marker.line()).unwrap_or(u32::MAX),
            column: u32::try_from(marker.col() + 1).unwrap_or(u32::MAX),
            offset: marker.index(),
            len: 1,
        },
        message: format!("this file is not valid YAML: {}", error.info()),
        label: "here".into(),
        help: flow_brace_hint(line),
    }
}

/// A collection opened at `pos` past [`MAX_DEPTH`] levels.
fn too_deep(pos: Pos) -> Problem {
    Problem {
        code: Code::MatrixLimits,
        pos,
        message: format!("this file nests deeper than {MAX_DEPTH} levels"),
        label: "too deep".into(),
        help: Some("a matrix needs about eight levels; flatten the structure".into()),
    }
}

/// In a flow list, `{` opens a mapping, so `[/nodes/{id}]` is not a list
/// of one route. This is the most common YAML mistake in a matrix.
fn flow_brace_hint(line: &str) -> Option<String> {
    let bracket = line.find('[')?;
    line[bracket..].contains('{').then(|| {
        "inside `[...]`, `{` starts a mapping: quote routes with parameters, \
         `[\"/allocations/{id}\"]`, or write one `- /allocations/{id}` per line"
            .into()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys_merged_into_last(text: &str, budget: usize) -> Result<(Vec<String>, usize), Exhausted> {
        let tree = tree(text).expect("valid YAML").expect("a document");
        let Kind::Seq(items) = &tree.root.kind else { panic!("a list") };
        let Some(Node { kind: Kind::Map(entries), .. }) = items.last() else { panic!("a mapping") };
        let merged = Merges::new(&tree, budget).of(entries)?;
        let keys = merged.entries.iter().map(|(key, value, _)| match (&key.kind, &value.kind) {
            (Kind::Scalar { text: k, .. }, Kind::Scalar { text: v, .. }) => format!("{k}={v}"),
            _ => panic!("scalars"),
        });
        Ok((keys.collect(), merged.expanded))
    }

    #[test]
    fn a_key_merged_twice_counts_once_and_the_first_wins() {
        let text = "- &a {x: 1, y: 2}\n- &b {<<: *a, y: 3, z: 4}\n- {<<: [*b, *a, *a]}\n";
        let (keys, expanded) = keys_merged_into_last(text, 100).unwrap();
        assert_eq!(keys, ["y=3", "z=4", "x=1"]);
        // *b brings in its own two keys and *a's two, then *a twice more.
        assert_eq!(expanded, 8);
    }

    #[test]
    fn nested_merges_are_worked_out_once_within_the_budget() {
        let mut text = String::from("- &a0 {id: a, v1: x}\n");
        text.extend((1..=30).map(|k| {
            let aliases = vec![format!("*a{}", k - 1); 10].join(", ");
            format!("- &a{k} {{<<: [{aliases}]}}\n")
        }));
        assert_eq!(keys_merged_into_last(&text, 1_000).unwrap().0, ["id=a", "v1=x"]);
        assert_eq!(keys_merged_into_last(&text, 1_000).unwrap().1, usize::MAX, "saturates");
        assert_eq!(keys_merged_into_last(&text, 100), Err(Exhausted));
    }

    #[test]
    fn an_anchor_that_merges_itself_ends() {
        let text = "- &a {x: 1, <<: *a}\n- {<<: *a}\n";
        assert_eq!(keys_merged_into_last(text, 100).unwrap().0, ["x=1"]);
    }
}
