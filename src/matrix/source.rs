//! The text of every matrix file that was read, kept so that diagnostics can
//! quote the offending line.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::model::FileId;
use super::span::Pos;
use crate::finding::Location;

/// One matrix file's path and text.
#[derive(Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
    /// Where each line starts, indexed once when a line is first quoted, so
    /// quoting a line for each of 100,000 findings does not re-read the file.
    line_starts: OnceLock<Vec<usize>>,
}

impl SourceFile {
    fn line_starts(&self) -> &[usize] {
        self.line_starts
            .get_or_init(|| std::iter::once(0).chain(self.text.match_indices('\n').map(|(at, _)| at + 1)).collect())
    }

    /// The text of 1-based line `line`, without its line break (`\n`, and a
    /// `\r` before it).
    #[must_use]
    pub fn line(&self, line: u32) -> Option<&str> {
        let starts = self.line_starts();
        let index = usize::try_from(line.checked_sub(1)?).ok()?;
        let start = *starts.get(index)?;
        let end = starts.get(index + 1).map_or(self.text.len(), |next| next - 1);
        Some(self.text[start..end].trim_end_matches('\r'))
    }

    /// `pos` placed in this text: see [`Sources::locate`].
    fn place(&self, pos: Pos) -> Pos {
        if pos.line == 0 {
            return pos;
        }
        let (offset, len) = if pos.offset >= self.text.len() {
            // At (or past) the end: on the last character that is not a line break.
            let last = self.text.trim_end_matches(['\n', '\r']).char_indices().next_back();
            last.map_or((0, 0), |(at, c)| (at, c.len_utf8()))
        } else {
            let mut offset = pos.offset;
            while !self.text.is_char_boundary(offset) {
                offset -= 1;
            }
            (offset, pos.len)
        };
        let starts = self.line_starts();
        let index = starts.partition_point(|&start| start <= offset).saturating_sub(1);
        let line = u32::try_from(index + 1).unwrap_or(u32::MAX);
        Pos { line, offset, len, ..pos }.in_chars(&self.text)
    }
}

/// The files of one matrix, indexed by [`FileId`] and by path.
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
    by_path: HashMap<PathBuf, FileId>,
}

impl Sources {
    /// Records a file and returns its id.
    pub fn add(&mut self, path: PathBuf, text: String) -> FileId {
        let id = FileId(self.files.len());
        self.by_path.entry(path.clone()).or_insert(id);
        self.files.push(SourceFile { path, text, line_starts: OnceLock::new() });
        id
    }

    /// A location in a file, for a finding: the parser's position with its
    /// line read from its byte offset and its column and length counted in
    /// characters of the file's text. A position past the end of the text
    /// (a parser that reached the end of a file without a final line break)
    /// is placed at the end, so a snippet can always be shown.
    #[must_use]
    pub fn locate(&self, file: FileId, pos: Pos) -> Location {
        let source = &self.files[file.0];
        Location::new(source.path.clone(), source.place(pos))
    }

    /// The location `chars` characters into the value of the scalar at
    /// `pos`, one character long: inside a quoted scalar, past its quote.
    #[must_use]
    pub fn locate_inside(&self, file: FileId, pos: Pos, chars: usize) -> Location {
        let text = &self.files[file.0].text;
        let quoted = text.get(pos.offset..).is_some_and(|rest| rest.starts_with(['"', '\'']));
        let shift = u32::try_from(chars + usize::from(quoted)).unwrap_or(u32::MAX);
        let mut location = self.locate(file, pos);
        location.pos = Pos { column: location.pos.column.saturating_add(shift), len: 1, ..location.pos };
        location.column = location.pos.column;
        location
    }

    /// The file at `path`, if it was read (the first, if read twice).
    #[must_use]
    pub fn file(&self, path: &Path) -> Option<&SourceFile> {
        self.by_path.get(path).map(|id| &self.files[id.0])
    }

    /// The text of the file at `path`, if it was read.
    #[must_use]
    pub fn text(&self, path: &Path) -> Option<&str> {
        self.file(path).map(|file| file.text.as_str())
    }

    /// Every file, in load order.
    #[must_use]
    pub fn files(&self) -> &[SourceFile] {
        &self.files
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_quoted_without_their_breaks_whatever_the_line_ending() {
        let mut sources = Sources::default();
        let id = sources.add(PathBuf::from("m.yaml"), "a: 1\r\nb: 2\nc: 3".into());
        let file = &sources.files()[id.0];
        assert_eq!([1, 2, 3].map(|n| file.line(n)), [Some("a: 1"), Some("b: 2"), Some("c: 3")]);
        assert_eq!((file.line(0), file.line(4)), (None, None));
        assert_eq!(sources.file(Path::new("m.yaml")).map(|f| f.line(2)), Some(Some("b: 2")));
    }

    #[test]
    fn a_position_past_the_end_is_placed_on_the_last_line() {
        let mut sources = Sources::default();
        let id = sources.add(PathBuf::from("m.yaml"), "a: 1\n42".into());
        let past = Pos { line: 3, column: 3, offset: 9, len: 1 };
        let location = sources.locate(id, past);
        assert_eq!((location.line, location.column, location.pos.len), (2, 2, 1), "on the last character");
        let id = sources.add(PathBuf::from("n.yaml"), "a: 1\n42\n\n".into());
        let location = sources.locate(id, Pos { line: 4, column: 1, offset: 9, len: 0 });
        assert_eq!((location.line, location.column), (2, 2), "line breaks at the end are no place");
        let inside = sources.locate(id, Pos { line: 2, column: 1, offset: 5, len: 2 });
        assert_eq!((inside.line, inside.column, inside.pos.len), (2, 1, 2));
    }
}
