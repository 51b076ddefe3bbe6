//! A YAML document as a tree of positioned nodes, built from the parser's
//! event stream. The structural check walks it; building it iteratively
//! (with a depth limit) keeps hostile nesting from exhausting the stack.
//! Anchored nodes are kept by anchor, so that an alias can be checked where
//! it is used.

use std::collections::HashMap;

use saphyr_parser_bw::{Event, Parser, ScalarStyle, Span};

use super::load::MAX_DEPTH;
use super::span::Pos;
use super::structure::Problem;
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

    /// The entries that the merge keys among `entries` bring in, first
    /// merged first, each with the alias (or inline mapping) it came from.
    pub(super) fn merged<'t>(&'t self, entries: &'t [(Node, Node)]) -> Vec<(&'t Node, &'t Node, &'t Node)> {
        let mut merged = Vec::new();
        self.merge_into(entries, &mut merged, 0);
        merged
    }

    fn merge_into<'t>(
        &'t self,
        entries: &'t [(Node, Node)],
        merged: &mut Vec<(&'t Node, &'t Node, &'t Node)>,
        depth: usize,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        for (_, value) in entries.iter().filter(|(key, _)| Self::is_merge_key(key)) {
            let sources = match &value.kind {
                Kind::Seq(items) => items.iter().collect(),
                _ => vec![value],
            };
            for source in sources {
                let mapping = match source.kind {
                    Kind::Alias(anchor) => self.anchors.get(&anchor),
                    _ => Some(source),
                };
                if let Some(Node { kind: Kind::Map(inner), .. }) = mapping {
                    merged
                        .extend(inner.iter().filter(|(key, _)| !Self::is_merge_key(key)).map(|(k, v)| (k, v, source)));
                    self.merge_into(inner, merged, depth + 1);
                }
            }
        }
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
        let (event, span) = event.map_err(|e| {
            let marker = e.marker();
            let line = text.lines().nth(marker.line().saturating_sub(1)).unwrap_or_default();
            // The scanner has its own nesting limit; that is a limits problem, not a syntax one.
            let too_deep = e.info().contains("recursion limit");
            Problem {
                code: if too_deep { Code::MatrixLimits } else { Code::MatrixSyntax },
                pos: Pos {
                    line: u32::try_from(marker.line()).unwrap_or(u32::MAX),
                    column: u32::try_from(marker.col() + 1).unwrap_or(u32::MAX),
                    offset: marker.index(),
                    len: 1,
                },
                message: format!("this file is not valid YAML: {}", e.info()),
                label: "here".into(),
                help: flow_brace_hint(line),
            }
        })?;
        let pos = pos_of(&span);
        let (node, anchor) = match event {
            Event::Scalar(text, style, anchor, _) => {
                let kind = Kind::Scalar { text: text.into_owned(), plain: style == ScalarStyle::Plain };
                (Node { kind, pos }, anchor)
            }
            Event::Alias(anchor) => (Node { kind: Kind::Alias(anchor), pos }, 0),
            Event::SequenceStart(..) | Event::MappingStart(..) if stack.len() >= MAX_DEPTH => {
                return Err(Problem {
                    code: Code::MatrixLimits,
                    pos,
                    message: format!("this file nests deeper than {MAX_DEPTH} levels"),
                    label: "too deep".into(),
                    help: Some("a matrix needs about eight levels; flatten the structure".into()),
                });
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
