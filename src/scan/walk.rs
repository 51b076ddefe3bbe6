//! Walking a source tree the way ripgrep does: `.gitignore`, `.ignore` and
//! hidden files honoured (but for `.well-known`; the `ignore` crate, in
//! parallel), dependency and build directories skipped, and only the files
//! some framework may read kept, so a tree of 100,000 files costs little
//! more than listing it.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use ignore::{DirEntry, ParallelVisitor, ParallelVisitorBuilder, WalkBuilder, WalkState};

use super::framework::{self, Framework, Marker};
use super::{Note, ScanError};

/// Directories never read: dependencies and tool caches.
const ALWAYS_SKIPPED: &[&str] = &["node_modules", ".git", ".next", ".svelte-kit", "__pycache__", ".venv", "venv"];

/// Build output directories, skipped when they sit beside a project
/// manifest: elsewhere `build/` may well be a route (`app/build/page.tsx`).
const BUILD_OUTPUTS: &[&str] = &["build", "dist", "out", "target", "coverage"];

/// Dependency directories, skipped when they sit beside the manifest that
/// fills them: Composer's `vendor/` holds the packages' own PHP (Laravel's
/// sources, its tests' route calls), elsewhere `vendor` may be a route.
const DEPENDENCIES: &[(&str, &str)] = &[("vendor", "composer.json")];

/// The files of a tree worth a second look, relative to its root.
#[derive(Debug, Default)]
pub struct Walked {
    /// Files some framework may read, and project manifests and markers.
    pub files: Vec<PathBuf>,
    /// Directories that could not be read, and the like.
    pub notes: Vec<Note>,
}

/// Reads a file the walk kept as UTF-8 text through [`crate::file`], which
/// refuses what is not a regular file behind a symlink (`/dev/zero`, a FIFO)
/// and what is larger than its limit (route files are kilobytes, the largest
/// OpenAPI documents a few megabytes), so no input can hang the scan or
/// exhaust memory.
///
/// # Errors
/// Why the file was not read, for a note.
pub fn read_text(path: &Path) -> Result<String, String> {
    crate::file::read_text(path).map_err(|error| match error {
        crate::file::ReadError::NotAFile => "not a regular file".to_owned(),
        other => other.to_string(),
    })
}

/// Walks `root`, keeping files `frameworks` may want.
///
/// # Errors
/// When `root` is not a readable directory.
pub fn walk(root: &Path, frameworks: &[&Framework]) -> Result<Walked, ScanError> {
    let unreadable = |message: String| ScanError::Unreadable { path: root.to_path_buf(), message };
    let metadata = std::fs::metadata(root).map_err(|e| unreadable(e.to_string()))?;
    if !metadata.is_dir() {
        return Err(unreadable("not a directory".to_owned()));
    }
    std::fs::read_dir(root).map_err(|e| unreadable(e.to_string()))?;
    let markers: Vec<&'static str> = frameworks
        .iter()
        .flat_map(|f| f.markers.iter())
        .filter_map(|marker| match marker {
            Marker::File(name) | Marker::FileWith(name, _) => Some(*name),
            _ => None,
        })
        .collect();
    let threads = std::thread::available_parallelism().map_or(2, std::num::NonZero::get).min(8);
    let walker = WalkBuilder::new(root)
        .require_git(false)
        // Hidden names are skipped by `skipped`, which keeps `.well-known`.
        .hidden(false)
        .threads(threads)
        .filter_entry(|entry| !skipped(entry))
        .build_parallel();
    let shared = Mutex::new(Walked::default());
    let mut builder = Collectors { root, frameworks, markers: &markers, shared: &shared };
    walker.visit(&mut builder);
    let mut found = shared.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    // By bytes: the same deterministic order for every run, without the
    // component-wise comparison of `Path`, which is slow on 100,000 paths.
    found.files.sort_unstable_by(|a, b| a.as_os_str().cmp(b.as_os_str()));
    found.notes.sort_by(|a, b| a.file.cmp(&b.file));
    Ok(found)
}

/// Hidden files and folders are skipped, but for `.well-known`, whose URLs
/// (`/.well-known/security.txt`) file-system routers serve.
const HIDDEN_SERVED: &str = ".well-known";

fn skipped(entry: &DirEntry) -> bool {
    if entry.depth() == 0 {
        return false;
    }
    let name = entry.file_name().to_string_lossy();
    if name.starts_with('.') && name != HIDDEN_SERVED {
        return true;
    }
    if !entry.file_type().is_some_and(|t| t.is_dir()) {
        return false;
    }
    ALWAYS_SKIPPED.contains(&name.as_ref())
        || (BUILD_OUTPUTS.contains(&name.as_ref())
            && entry.path().parent().is_some_and(|dir| framework::MANIFESTS.iter().any(|m| dir.join(m).is_file())))
        || DEPENDENCIES.iter().any(|(folder, manifest)| {
            name == *folder && entry.path().parent().is_some_and(|dir| dir.join(manifest).is_file())
        })
        || (name == "vendor" && composer_vendor(entry.path()))
        || ((name == "obj" || name == "bin") && entry.path().parent().is_some_and(has_csproj))
}

/// Whether a `vendor` folder is Composer's wherever `config.vendor-dir`
/// put it (YOURLS: `includes/vendor`): Composer writes `autoload.php` and
/// `composer/` into every vendor folder it fills.
fn composer_vendor(dir: &Path) -> bool {
    dir.join("autoload.php").is_file() && dir.join("composer").is_dir()
}

/// Whether a directory holds a .NET project, whose `bin/` and `obj/` are build output.
fn has_csproj(dir: &Path) -> bool {
    std::fs::read_dir(dir)
        .is_ok_and(|entries| entries.flatten().any(|e| e.file_name().to_str().is_some_and(|n| n.ends_with(".csproj"))))
}

/// Hands one [`Collector`] to each walking thread.
struct Collectors<'a> {
    root: &'a Path,
    frameworks: &'a [&'a Framework],
    markers: &'a [&'static str],
    shared: &'a Mutex<Walked>,
}

impl<'s> ParallelVisitorBuilder<'s> for Collectors<'s> {
    fn build(&mut self) -> Box<dyn ParallelVisitor + 's> {
        Box::new(Collector {
            root: self.root,
            frameworks: self.frameworks,
            markers: self.markers,
            shared: self.shared,
            found: Walked::default(),
        })
    }
}

/// One thread's finds, merged into the shared list when the thread is done
/// so threads never wait on each other while walking.
struct Collector<'a> {
    root: &'a Path,
    frameworks: &'a [&'a Framework],
    markers: &'a [&'static str],
    shared: &'a Mutex<Walked>,
    found: Walked,
}

impl ParallelVisitor for Collector<'_> {
    fn visit(&mut self, entry: Result<DirEntry, ignore::Error>) -> WalkState {
        match entry {
            Ok(entry) if entry.file_type().is_some_and(|t| t.is_file() || t.is_symlink()) => {
                let name = entry.file_name().to_string_lossy();
                let relative = entry.path().strip_prefix(self.root).unwrap_or(entry.path());
                let keep = framework::is_manifest(&name)
                    || self.markers.contains(&name.as_ref())
                    || framework::wanted_by_any(self.frameworks, &name, relative);
                if keep {
                    if relative.to_str().is_none() {
                        self.found.notes.push(not_utf8(relative));
                    }
                    self.found.files.push(relative.to_path_buf());
                }
            }
            Ok(_) => {}
            Err(error) => {
                let file = error_path(&error).map_or_else(|| self.root.to_path_buf(), Path::to_path_buf);
                let file = file.strip_prefix(self.root).map(Path::to_path_buf).unwrap_or(file);
                self.found.notes.push(Note { file, message: format!("not read: {}", error_text(&error)) });
            }
        }
        WalkState::Continue
    }
}

impl Drop for Collector<'_> {
    fn drop(&mut self) {
        let found = std::mem::take(&mut self.found);
        let mut shared = self.shared.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        shared.files.extend(found.files);
        shared.notes.extend(found.notes);
    }
}

/// The note on a kept file whose path is not UTF-8: it is read all the same,
/// and named lossily ([`crate::path_text`]) rather than left out unsaid.
fn not_utf8(relative: &Path) -> Note {
    Note {
        file: relative.to_path_buf(),
        message:
            "the path is not UTF-8: it is shown, and a route read from its names is written, with U+FFFD (\u{FFFD}) \
                  in place of each byte that is not"
                .to_owned(),
    }
}

/// The path an `ignore` error is about, when it names one.
fn error_path(error: &ignore::Error) -> Option<&Path> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => error_path(err),
        _ => None,
    }
}

/// The error without the path the note already shows.
fn error_text(error: &ignore::Error) -> String {
    match error {
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => error_text(err),
        other => other.to_string(),
    }
}
