//! Reading what every command reads the same way: the matrix (its input
//! problems printed as diagnostics, the command then exiting 2) and the
//! `--surface GLOB` filter.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};

use super::output::{color_for, stderr};
use parity::matrix::{self, Loaded};
use parity::report::diagnostics;

/// Loads the matrix; on input problems prints them to stderr and returns
/// `None` so the caller exits 2.
pub fn load_or_report(paths: &[PathBuf]) -> Result<Option<Loaded>> {
    usable(matrix::load(paths))
}

/// The loaded matrix when it has no input problems; otherwise prints them
/// to stderr and returns `None` so the caller exits 2.
pub fn usable(loaded: Loaded) -> Result<Option<Loaded>> {
    if loaded.problems.is_empty() {
        return Ok(Some(loaded));
    }
    let mut err = stderr();
    diagnostics::write(&mut err, &loaded.problems, &loaded.sources, color_for(&std::io::stderr()))?;
    writeln!(err, "error: the matrix could not be read: {}", diagnostics::summary(&loaded.problems, 0))?;
    Ok(None)
}

/// The matcher of `--surface GLOB`.
pub fn surface_glob(glob: &str) -> Result<globset::GlobMatcher> {
    Ok(globset::Glob::new(glob).with_context(|| format!("`--surface {glob}` is not a valid glob"))?.compile_matcher())
}

/// The file a report names for what concerns no line of the matrix (GitLab
/// needs a path for every issue): the first matrix file read, else the
/// first path given.
pub fn first_file(sources: &parity::matrix::Sources, paths: &[PathBuf]) -> PathBuf {
    sources
        .files()
        .first()
        .map(|file| file.path.clone())
        .or_else(|| paths.first().cloned())
        .unwrap_or_else(|| PathBuf::from("parity"))
}
