//! What is wrong with a matrix file, found before the file is known by its
//! [`FileId`](super::model::FileId): the node tree, the schema walk and the
//! loader's own checks all speak this one type, and the loader ties each
//! problem to its file when it turns it into a [`Finding`].

use super::span::Pos;
use crate::finding::{Code, Finding, Location};

/// A problem at a position (in the parser's units) of a file's text.
#[derive(Clone, Debug)]
pub(super) struct Problem {
    pub code: Code,
    pub pos: Pos,
    pub message: String,
    pub label: String,
    pub help: Option<String>,
}

impl Problem {
    /// The finding to report once the problem's file is located.
    pub(super) fn at(self, location: Location) -> Finding {
        Finding::new(self.code, self.message).at(location).label(self.label).help_opt(self.help)
    }
}
