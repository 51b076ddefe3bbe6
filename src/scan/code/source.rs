//! One source file of a project, read when a reader first asks for its
//! text.
//!
//! A code reader needs few of the files its framework could read: Laravel
//! reads its route files and the controllers they name, not the models,
//! migrations and views beside them. Reading every file up front was a
//! quarter of such a scan, so the scan hands over paths and a file is read
//! on its first [`SourceFile::text`], once for the framework reading it.

use std::cell::OnceCell;
use std::path::{Path, PathBuf};

use crate::scan::framework::SCRIPT_EXTENSIONS;

/// One source file handed to [`extract_project`](super::extract_project).
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// The path relative to the project; routes report it (the scan puts
    /// the project's folder in front) and relative imports are resolved
    /// against it.
    pub path: PathBuf,
    /// Where to read the text from, when it was not given.
    on_disk: Option<PathBuf>,
    text: OnceCell<Result<String, Unread>>,
}

/// Why a file asked for has no text: the scan turns it into a note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unread {
    /// The file could not be read (not a regular file, too large, not
    /// UTF-8, gone), and why.
    Failed(String),
    /// A minified script ([`minified_script`]): build output, whose routes
    /// are those of the sources it was built from.
    Minified,
}

impl SourceFile {
    /// A file whose text is already known (a test's, or a C# file as its
    /// build compiles it).
    #[must_use]
    pub fn new(path: impl Into<PathBuf>, text: String) -> Self {
        Self { path: path.into(), on_disk: None, text: OnceCell::from(Ok(text)) }
    }

    /// A file at `path` in the project, read from `on_disk` when first asked.
    #[must_use]
    pub fn on_disk(path: PathBuf, on_disk: PathBuf) -> Self {
        Self { path, on_disk: Some(on_disk), text: OnceCell::new() }
    }

    /// The file's text, read on the first call; empty when it could not be
    /// read or is a minified script ([`SourceFile::unread`] says which).
    #[must_use]
    pub fn text(&self) -> &str {
        match self.read() {
            Ok(text) => text,
            Err(_) => "",
        }
    }

    /// Whether the file has text: it is read (if it was not yet) and was
    /// neither unreadable nor a minified script. A reader that decides by
    /// a file's path alone asks this first, so that such a file counts as
    /// absent, as it did when these were left out of the project's files.
    #[must_use]
    pub fn readable(&self) -> bool {
        self.read().is_ok()
    }

    /// Why the text is empty, when a reader asked for it and it could not
    /// be had. A file never asked for is never read, and says nothing.
    #[must_use]
    pub fn unread(&self) -> Option<&Unread> {
        self.text.get()?.as_ref().err()
    }

    fn read(&self) -> &Result<String, Unread> {
        self.text.get_or_init(|| {
            let Some(on_disk) = &self.on_disk else { return Ok(String::new()) };
            let text = crate::scan::walk::read_text(on_disk).map_err(Unread::Failed)?;
            if minified_script(&self.path, &text) { Err(Unread::Minified) } else { Ok(text) }
        })
    }
}

/// Statements (`;` and `}`) a line holds, on average, above which a script
/// is minified.
pub const MINIFIED_LINE: usize = 20;

/// Whether a script is a minified bundle (`public/js/app.js` of a Laravel
/// Mix build, committed): at least 16 KiB, with more than
/// [`MINIFIED_LINE`] statements a line on average. Long lines alone do not
/// make one (a source with a 64 KB string on one line is still read).
/// Code readers skip a bundle: the routes it holds are those of the
/// sources it was built from, and lexing megabytes of vendor code is most
/// of a scan's time where one is committed. File-system routers still see
/// such a file (an Astro endpoint of generated data is a route by its
/// path).
fn minified_script(path: &Path, text: &str) -> bool {
    let script = path.extension().and_then(|e| e.to_str()).is_some_and(|e| SCRIPT_EXTENSIONS.contains(&e));
    if !script || text.len() < 16 * 1024 {
        return false;
    }
    // Counted apart, each in a loop the compiler vectorises: a byte-by-byte
    // match was a tenth of scanning an app with committed bundles.
    let bytes = text.as_bytes();
    let lines = 1 + memchr::memchr_iter(b'\n', bytes).count();
    let statements = bytes.iter().filter(|&&b| b == b';' || b == b'}').count();
    statements / lines > MINIFIED_LINE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_read_when_first_asked_and_not_before() {
        let dir = tempfile::tempdir().unwrap();
        let full = dir.path().join("urls.py");
        let file = SourceFile::on_disk("urls.py".into(), full.clone());
        std::fs::write(&full, "urlpatterns = []\n").unwrap();
        assert_eq!(file.unread(), None, "nothing read yet");
        assert_eq!(file.text(), "urlpatterns = []\n");
        std::fs::write(&full, "changed").unwrap();
        assert_eq!(file.text(), "urlpatterns = []\n", "read once");
    }

    #[test]
    fn a_file_that_cannot_be_read_or_is_minified_has_no_text_and_says_why() {
        let dir = tempfile::tempdir().unwrap();
        let gone = SourceFile::on_disk("gone.php".into(), dir.path().join("gone.php"));
        assert_eq!(gone.text(), "");
        assert!(matches!(gone.unread(), Some(Unread::Failed(_))), "{:?}", gone.unread());
        let bundle = dir.path().join("app.js");
        std::fs::write(&bundle, "var x=1;".repeat(2600)).unwrap();
        let bundle = SourceFile::on_disk("public/js/app.js".into(), bundle);
        assert_eq!(bundle.text(), "");
        assert_eq!(bundle.unread(), Some(&Unread::Minified));
        let long_line = format!("const a = '{}';\n", "x".repeat(64 * 1024));
        assert!(!minified_script(Path::new("a.js"), &long_line), "a long line alone is no bundle");
    }
}
