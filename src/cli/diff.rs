//! `parity diff`: reads two versions, compares them, renders, gates.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use super::Exit;
use super::args::{DiffArgs, MatrixArgs};
use super::input::usable;
use super::output::{Output, append_step_summary, format_or_ci_default, terminal_width};
use parity::diff::git::{Absent, GitCli, load_at};
use parity::diff::{self, Diff, FailOn, Source, Version};
use parity::matrix;
use parity::report::diff::{DiffFormat, write};

/// Runs `parity diff`: exit 1 when the changes fail `--fail-on`.
pub fn diff(args: &DiffArgs) -> Result<Exit> {
    let Some(diff) = compute(args)? else { return Ok(Exit::Usage) };
    let format = format_or_ci_default(args.format, DiffFormat::Github, DiffFormat::Table);
    let mut out = Output::open(args.output.as_deref())?;
    write(&mut out, &diff, format, args.fail_on, terminal_width())?;
    out.finish()?;
    if format == DiffFormat::Github {
        append_step_summary(|file| write(file, &diff, DiffFormat::Markdown, FailOn::Never, 100))?;
    }
    Ok(if diff.fails(args.fail_on) { Exit::Findings } else { Exit::Clean })
}

/// The diff the arguments ask for; `None` when a matrix could not be read
/// (its diagnostics are already printed).
fn compute(args: &DiffArgs) -> Result<Option<Diff>> {
    if let Some(rev) = &args.base {
        let paths = MatrixArgs { paths: Vec::new() }.resolve();
        let Some(base) = git_version(rev, &paths, Absent::IsEmpty)? else { return Ok(None) };
        let head = match &args.head {
            Some(rev) => git_version(rev, &paths, Absent::IsError)?,
            None => disk_version(&paths)?,
        };
        return Ok(head.map(|head| matrices(base, head)));
    }
    let (Some(base), Some(head)) = (&args.old, &args.new) else {
        bail!("give two versions to compare (BASE HEAD), or `--base REV`");
    };
    if is_report(base) || is_report(head) {
        if !(is_report(base) && is_report(head)) {
            bail!("compare a report with a report: `{base}` and `{head}` are not both `parity check` JSON reports");
        }
        let (before, after) = (diff::read_report(Path::new(base))?, diff::read_report(Path::new(head))?);
        return Ok(Some(Diff::new(base.clone(), head.clone(), diff::compare_reports(&before, &after))));
    }
    let version = |text: &str| match Source::parse(text) {
        Source::Path(path) => disk_version(&[path]),
        Source::Git { rev, path } => git_version(&rev, &[path], Absent::IsError),
    };
    let Some(base) = version(base)? else { return Ok(None) };
    Ok(version(head)?.map(|head| matrices(base, head)))
}

fn matrices(base: Version, head: Version) -> Diff {
    let changes = diff::compare_matrices(&base, &head);
    Diff::new(base.label, head.label, changes)
}

/// A `.json` file is a check report; anything else is a matrix.
fn is_report(text: &str) -> bool {
    Path::new(text).extension().is_some_and(|ext| ext == "json")
}

/// The matrix on disk, dated today; `None` after printing its input problems.
fn disk_version(paths: &[PathBuf]) -> Result<Option<Version>> {
    Ok(usable(matrix::load(paths))?.map(|loaded| on_disk(paths, loaded)))
}

/// A matrix loaded from `paths` on disk, as a version dated today.
fn on_disk(paths: &[PathBuf], loaded: matrix::Loaded) -> Version {
    let label = paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(" ");
    Version { label, loaded, date: jiff::Zoned::now().date() }
}

/// The matrix at a git revision, dated by its commit; `None` after printing
/// its input problems, like a malformed matrix on disk. The project's own
/// matrix may be absent from a base revision (the change that introduces it):
/// then it is empty, and says so.
fn git_version(rev: &str, paths: &[PathBuf], absent: Absent) -> Result<Option<Version>> {
    let Version { label, loaded, date } = load_at(&GitCli::new("."), rev, paths, absent)?;
    if loaded.sources.files().is_empty() {
        anstream::eprintln!("note: `{label}` holds no matrix files: every surface counts as added");
    }
    let usable = usable(loaded)?;
    if usable.is_none() {
        anstream::eprintln!("note: those files were read from git revision `{rev}` (`{label}`)");
    }
    Ok(usable.map(|loaded| Version { label, loaded, date }))
}

/// What changed from the matrix at `rev` to `head` (already loaded from
/// `paths`), for `parity doc --since`; `None` after printing input problems.
pub(super) fn since(rev: &str, paths: &[PathBuf], head: matrix::Loaded) -> Result<Option<Diff>> {
    let Some(base) = git_version(rev, paths, Absent::IsEmpty)? else { return Ok(None) };
    Ok(Some(matrices(base, on_disk(paths, head))))
}
