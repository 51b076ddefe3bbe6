//! A matrix may be split across files in any way, but rules, reports and
//! probes want one matrix: this is the merge of every file read, with each
//! item tagged by the file it came from so findings can still point into it.

use super::model::{Document, FileId, FollowUp, Gap, MatrixFile, Surface, Waiver};
use super::span::Spanned;

/// A whole matrix: every file merged, each item remembering its file.
#[derive(Debug, Default)]
pub struct Matrix {
    /// Each file that declared a `document`, in load order; one is expected.
    pub documents: Vec<(FileId, Spanned<Document>)>,
    pub surfaces: Vec<Surface>,
    pub follow_ups: Vec<FollowUp>,
    pub gaps: Vec<Gap>,
    pub waivers: Vec<Waiver>,
}

impl Matrix {
    /// The audit document's framing: the first declared (validation reports
    /// any other).
    #[must_use]
    pub fn document(&self) -> Option<&Document> {
        self.documents.first().map(|(_, document)| &document.value)
    }

    /// Adds one file's content, tagging every item with its file.
    pub fn merge(&mut self, file: FileId, part: MatrixFile) {
        if let Some(document) = part.document {
            self.documents.push((file, document));
        }
        self.surfaces.extend(part.surfaces.into_iter().map(|mut s| {
            s.file = file;
            s
        }));
        self.follow_ups.extend(part.follow_ups.into_iter().map(|mut f| {
            f.file = file;
            f
        }));
        self.gaps.extend(part.gaps.into_iter().map(|mut g| {
            g.file = file;
            g
        }));
        self.waivers.extend(part.waivers.into_iter().map(|mut w| {
            w.file = file;
            w
        }));
    }

    /// The surface with this id.
    #[must_use]
    pub fn surface(&self, id: &str) -> Option<&Surface> {
        self.surfaces.iter().find(|surface| surface.id.value == id)
    }
}
