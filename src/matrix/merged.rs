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
    ///
    /// Items are tagged in place and moved, not copied: a matrix of tens of
    /// thousands of surfaces in one file would otherwise be held twice, the
    /// parsed file's and the merged copy, while merging.
    pub fn merge(&mut self, file: FileId, part: MatrixFile) {
        if let Some(document) = part.document {
            self.documents.push((file, document));
        }
        adopt(&mut self.surfaces, part.surfaces, |s| s.file = file);
        adopt(&mut self.follow_ups, part.follow_ups, |f| f.file = file);
        adopt(&mut self.gaps, part.gaps, |g| g.file = file);
        adopt(&mut self.waivers, part.waivers, |w| w.file = file);
    }

    /// The surface with this id.
    #[must_use]
    pub fn surface(&self, id: &str) -> Option<&Surface> {
        self.surfaces.iter().find(|surface| surface.id.value == id)
    }
}

/// Tags each of `items` and adds them to `into`; the first non-empty part
/// becomes the merged list itself, so no second buffer is allocated for it.
fn adopt<T>(into: &mut Vec<T>, mut items: Vec<T>, tag: impl Fn(&mut T)) {
    items.iter_mut().for_each(tag);
    if into.is_empty() {
        *into = items;
    } else {
        into.append(&mut items);
    }
}
