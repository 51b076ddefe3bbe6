//! A YAML file is a stream of documents, and a matrix file holds one: this
//! splits the stream before anything parses it. Generated YAML often opens or closes
//! with a `---` (an empty document); those are accepted, and a real second
//! document gets a clear error at its `---` rather than the parser's advice
//! on which function to call.
//!
//! Document markers are found line by line: YAML forbids `---` and `...` at
//! the start of a line inside content, so the lines tell where documents
//! begin and end without parsing them.

use std::borrow::Cow;

use super::span::Pos;

/// What a file's YAML stream holds, document-wise.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Stream<'t> {
    /// Nothing but blank lines, comments, directives and markers.
    Empty,
    /// One document with content, as text to parse: the file's own text,
    /// or a copy with the markers of the empty documents blanked out (same
    /// length, so every position stays right). `first` is where the content
    /// starts (bytes, up to the end of its line).
    One { text: Cow<'t, str>, first: Pos },
    /// A second document with content, starting at this position (bytes).
    Several(Pos),
}

/// What follows a `---` on its line, or what a content line holds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Body {
    /// Nothing, or a comment.
    Empty,
    /// Only a null scalar (`~`, `null`): a document of nothing but that is
    /// empty.
    Null,
    Content,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Line {
    /// `---`, opening a document, and what follows it on the line.
    Start(Body),
    /// `...`, closing a document.
    End,
    /// A `%` directive.
    Directive,
    /// Blank, or only a comment.
    Blank,
    /// Only a null scalar (and perhaps a comment).
    Null,
    Content,
}

fn classify(line: &str) -> Line {
    let marker = |word: &str| {
        line.strip_prefix(word).filter(|rest| rest.is_empty() || rest.starts_with([' ', '\t'])).map(str::trim)
    };
    if let Some(rest) = marker("---") {
        return Line::Start(body(rest));
    }
    if marker("...").is_some() {
        return Line::End;
    }
    if line.starts_with('%') {
        return Line::Directive;
    }
    match body(line) {
        Body::Empty => Line::Blank,
        Body::Null => Line::Null,
        Body::Content => Line::Content,
    }
}

fn body(text: &str) -> Body {
    let text = text.trim();
    let text = if text.starts_with('#') { "" } else { text.find(" #").map_or(text, |comment| &text[..comment]) };
    match text.trim_end() {
        "" => Body::Empty,
        "~" | "null" | "Null" | "NULL" => Body::Null,
        _ => Body::Content,
    }
}

/// Splits `text` into its documents and tells which hold content. A
/// document of nothing but a null scalar (`--- ~`) is empty, unless no
/// document has content: then the file holds that null.
pub(super) fn split(text: &str) -> Stream<'_> {
    // Where each document starts, and the one document with content.
    let mut starts: Vec<Pos> = Vec::new();
    let mut open = false;
    let mut with_content: Option<(usize, Pos)> = None;
    // The first null document, and each line holding only a null (by document).
    let mut null: Option<(usize, Pos)> = None;
    let mut null_lines: Vec<(usize, usize)> = Vec::new();
    let mut offset = 0;
    for (index, raw) in text.split_inclusive('\n').enumerate() {
        let line = raw.trim_end_matches(['\n', '\r']);
        let kind = classify(line);
        if matches!(kind, Line::Start(_)) || (matches!(kind, Line::Content | Line::Null) && !open) {
            let indent = line.len() - line.trim_start().len();
            let len = if matches!(kind, Line::Start(_)) { 3 } else { 1 };
            let column = u32::try_from(indent + 1).unwrap_or(u32::MAX);
            let line = u32::try_from(index + 1).unwrap_or(u32::MAX);
            starts.push(Pos { line, column, offset: offset + indent, len });
            open = true;
        }
        if kind == Line::End {
            open = false;
        }
        let doc = starts.len().saturating_sub(1);
        match kind {
            Line::Content | Line::Start(Body::Content) => match with_content {
                Some((first, _)) if first != doc => return Stream::Several(starts[doc]),
                Some(_) => {}
                None => with_content = Some((doc, content_start(line, kind, index, offset))),
            },
            Line::Null | Line::Start(Body::Null) => {
                if kind == Line::Null {
                    null_lines.push((doc, offset));
                }
                null = null.or_else(|| Some((doc, content_start(line, kind, index, offset))));
            }
            _ => {}
        }
        offset += raw.len();
    }
    match with_content.or(null) {
        None => Stream::Empty,
        Some((_, first)) if starts.len() <= 1 => Stream::One { text: Cow::Borrowed(text), first },
        Some((doc, first)) => {
            let blank: Vec<usize> = null_lines.iter().filter(|(d, _)| *d != doc).map(|(_, at)| *at).collect();
            Stream::One { text: Cow::Owned(without_other_markers(text, starts[doc].offset, &blank)), first }
        }
    }
}

/// The position of the content on a line (after a `---`), up to a comment.
fn content_start(line: &str, kind: Line, index: usize, offset: usize) -> Pos {
    let body = if matches!(kind, Line::Start(_)) { &line[3..] } else { line };
    let content = body.trim_start();
    let skipped = line.len() - content.len();
    let content = content.find(" #").map_or(content, |comment| &content[..comment]).trim_end();
    Pos {
        line: u32::try_from(index + 1).unwrap_or(u32::MAX),
        column: u32::try_from(skipped + 1).unwrap_or(u32::MAX),
        offset: offset + skipped,
        len: content.len().max(1),
    }
}

/// `text` with every marker and directive line blanked out, except the `---`
/// at `keep` (the start of the document with content), and the lines at
/// `blank` (the nulls of other documents).
fn without_other_markers(text: &str, keep: usize, blank: &[usize]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        let marker = matches!(classify(line), Line::Start(_) | Line::End | Line::Directive);
        if (marker && offset != keep) || blank.binary_search(&offset).is_ok() {
            out.extend(std::iter::repeat_n(' ', line.len()));
            out.push_str(&raw[line.len()..]);
        } else {
            out.push_str(raw);
        }
        offset += raw.len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text to parse, and the line, column and length of its content.
    fn parsed(text: &str) -> (String, (u32, u32, usize)) {
        match split(text) {
            Stream::One { text, first } => (text.into_owned(), (first.line, first.column, first.len)),
            other => panic!("not one document: {other:?}"),
        }
    }

    #[test]
    fn one_document_is_read_as_it_is() {
        let text = "# a comment\n---\nsurfaces: []\n...\n";
        assert_eq!(parsed(text), (text.into(), (3, 1, 12)));
        assert_eq!(parsed("gaps: []\n"), ("gaps: []\n".into(), (1, 1, 8)));
        assert!(matches!(split(text), Stream::One { text: Cow::Borrowed(_), .. }));
    }

    #[test]
    fn empty_documents_around_the_content_are_blanked_out() {
        assert_eq!(parsed("gaps: []\n---\n").0, "gaps: []\n   \n");
        assert_eq!(
            parsed("---\n# empty\n---\ngaps: []\n--- # end\n"),
            ("   \n# empty\n---\ngaps: []\n         \n".into(), (4, 1, 8))
        );
        assert_eq!(parsed("--- ~  # null\n").1, (1, 5, 1));
    }

    #[test]
    fn a_null_document_around_the_content_is_empty() {
        assert_eq!(parsed("gaps: []\n--- ~\n").0, "gaps: []\n     \n");
        assert_eq!(parsed("gaps: []\n--- null # none\n").0, "gaps: []\n               \n");
        assert_eq!(parsed("--- ~\n---\ngaps: []\n").0, "     \n---\ngaps: []\n");
        assert_eq!(parsed("gaps: []\n---\n~\n").0, "gaps: []\n   \n \n");
        assert_eq!(parsed("gaps: []\n---\n~\n").1, (1, 1, 8));
        // A null inside the content is the content's.
        assert_eq!(parsed("notes: >\n  ~\n---\n").0, "notes: >\n  ~\n   \n");
        // With no content anywhere, the file holds that null.
        assert_eq!(parsed("---\n--- ~\n").1, (2, 5, 1));
        // Only a second document with content is a second document.
        assert!(matches!(split("gaps: []\n--- ~\n---\nsurfaces: []\n"), Stream::Several(p) if p.line == 3));
    }

    #[test]
    fn markers_in_content_are_not_documents() {
        let text = "notes: |\n  ---\n  text\n";
        assert_eq!(parsed(text).0, text);
    }

    #[test]
    fn nothing_but_markers_and_comments_is_empty() {
        assert_eq!(split("# only\n---\n...\n"), Stream::Empty);
        assert_eq!(split(""), Stream::Empty);
    }

    #[test]
    fn a_second_document_is_located_at_its_marker() {
        let Stream::Several(pos) = split("gaps: []\n---\nsurfaces: []\n") else { panic!() };
        assert_eq!((pos.line, pos.column, pos.offset, pos.len), (2, 1, 9, 3));
        let Stream::Several(pos) = split("gaps: []\n--- {surfaces: []}\n") else { panic!() };
        assert_eq!((pos.line, pos.column, pos.len), (2, 1, 3));
        // After `...`, content without a marker opens a document of its own.
        let Stream::Several(pos) = split("gaps: []\n...\n  surfaces: []\n") else { panic!() };
        assert_eq!((pos.line, pos.column, pos.offset, pos.len), (3, 3, 15, 1));
    }
}
