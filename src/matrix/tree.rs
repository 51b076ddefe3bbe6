//! A YAML document as a tree of positioned nodes, built from the parser's
//! event stream. The structural check walks it; building it iteratively
//! (with a depth limit) keeps hostile nesting from exhausting the stack.

use saphyr_parser_bw::{Event, Parser, ScalarStyle, Span};

use super::load::MAX_DEPTH;
use super::span::Pos;
use super::structure::Problem;
use crate::finding::Code;

#[derive(Debug)]
pub(super) enum Kind {
    Scalar { text: String, plain: bool },
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
    Alias,
}

#[derive(Debug)]
pub(super) struct Node {
    pub(super) kind: Kind,
    pub(super) pos: Pos,
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
pub(super) fn tree(text: &str) -> Result<Option<Node>, Problem> {
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<(Node, Option<Node>)> = Vec::new();
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
        let node = match event {
            Event::Scalar(text, style, ..) => {
                Node { kind: Kind::Scalar { text: text.into_owned(), plain: style == ScalarStyle::Plain }, pos }
            }
            Event::Alias(_) => Node { kind: Kind::Alias, pos },
            Event::SequenceStart(..) | Event::MappingStart(..) if stack.len() >= MAX_DEPTH => {
                return Err(Problem {
                    code: Code::MatrixLimits,
                    pos,
                    message: format!("this file nests deeper than {MAX_DEPTH} levels"),
                    label: "too deep".into(),
                    help: Some("a matrix needs about eight levels; flatten the structure".into()),
                });
            }
            Event::SequenceStart(..) => {
                stack.push((Node { kind: Kind::Seq(Vec::new()), pos }, None));
                continue;
            }
            Event::MappingStart(..) => {
                stack.push((Node { kind: Kind::Map(Vec::new()), pos }, None));
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some((node, _)) => node,
                None => continue,
            },
            Event::DocumentEnd | Event::StreamEnd if stack.is_empty() => return Ok(None),
            _ => continue,
        };
        match stack.last_mut() {
            None => return Ok(Some(node)),
            Some((parent, pending_key)) => match &mut parent.kind {
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
