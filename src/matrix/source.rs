//! The text of every matrix file that was read, kept so that diagnostics can
//! quote the offending line.

use std::path::{Path, PathBuf};

use super::model::FileId;
use super::span::Pos;
use crate::finding::Location;

/// One matrix file's path and text.
#[derive(Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
}

/// The files of one matrix, indexed by [`FileId`].
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    /// Records a file and returns its id.
    pub fn add(&mut self, path: PathBuf, text: String) -> FileId {
        self.files.push(SourceFile { path, text });
        FileId(self.files.len() - 1)
    }

    /// A location in a file, for a finding: the parser's position with its
    /// column and length counted in characters of the file's text.
    #[must_use]
    pub fn locate(&self, file: FileId, pos: Pos) -> Location {
        let source = &self.files[file.0];
        Location::new(source.path.clone(), pos.in_chars(&source.text))
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

    /// The text of the file at `path`, if it was read.
    #[must_use]
    pub fn text(&self, path: &Path) -> Option<&str> {
        self.files.iter().find(|file| file.path == path).map(|file| file.text.as_str())
    }

    /// Every file, in load order.
    #[must_use]
    pub fn files(&self) -> &[SourceFile] {
        &self.files
    }
}
