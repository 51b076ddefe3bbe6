//! Where every command's output goes, chosen one way for all of them: the
//! format named by `--format`, else the CI default (`github` when
//! `GITHUB_ACTIONS` is set, for the commands that have one); the report to
//! `--output FILE` or standard output; the Markdown step summary GitHub
//! shows; colour and terminal width.

use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::Path;

use anyhow::{Context, Result};

/// Standard output that strips colour when it is not wanted (a pipe,
/// `NO_COLOR`, `--color never`).
pub fn stdout() -> anstream::AutoStream<std::io::StdoutLock<'static>> {
    anstream::AutoStream::auto(std::io::stdout().lock())
}

/// Standard error, likewise.
pub fn stderr() -> anstream::AutoStream<std::io::StderrLock<'static>> {
    anstream::AutoStream::auto(std::io::stderr().lock())
}

/// Whether to write colour to `stream`: `--color always`, or `auto` on a
/// terminal without `NO_COLOR`.
pub fn color_for(stream: &impl IsTerminal) -> bool {
    anstream::ColorChoice::global() == anstream::ColorChoice::Always
        || (anstream::ColorChoice::global() != anstream::ColorChoice::Never
            && stream.is_terminal()
            && std::env::var_os("NO_COLOR").is_none())
}

/// `$COLUMNS` when set (so pipes and tests can choose), else the terminal's
/// width, else 100.
pub fn terminal_width() -> u16 {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|columns| columns.parse().ok())
        .or_else(|| terminal_size::terminal_size().map(|(width, _)| width.0))
        .unwrap_or(100)
        .max(40)
}

/// True on GitHub Actions, where reports default to annotations.
pub fn on_github() -> bool {
    std::env::var_os("GITHUB_ACTIONS").is_some()
}

/// The format `--format` names, else `github` on GitHub Actions, else
/// `otherwise`: how `check` and `diff` pick theirs.
pub fn format_or_ci_default<F>(chosen: Option<F>, github: F, otherwise: F) -> F {
    chosen.unwrap_or(if on_github() { github } else { otherwise })
}

/// A report's destination: `--output FILE`, or standard output. Buffered,
/// because a report can run to megabytes; [`Output::finish`] flushes and
/// says when that failed.
pub struct Output(BufWriter<Box<dyn Write>>);

impl Output {
    /// Creates (or truncates) FILE, or takes standard output.
    pub fn open(path: Option<&Path>) -> Result<Self> {
        let sink: Box<dyn Write> = match path {
            Some(path) => Box::new(File::create(path).with_context(|| cannot_write(path))?),
            None => Box::new(stdout()),
        };
        Ok(Self(BufWriter::new(sink)))
    }

    /// [`Output::open`] for a format that never holds colour (JSON, SARIF):
    /// standard output as it is, not through the stream that strips colour
    /// by reading every byte, a fiftieth of a scan of 100,000 files.
    pub fn open_plain(path: Option<&Path>) -> Result<Self> {
        match path {
            Some(_) => Self::open(path),
            None => Ok(Self(BufWriter::new(Box::new(std::io::stdout().lock())))),
        }
    }

    /// Writes an already rendered report to its destination.
    pub fn write_all(path: Option<&Path>, rendered: &[u8]) -> Result<()> {
        let mut output = Self::open(path)?;
        output.write_all(rendered)?;
        output.finish()
    }

    pub fn finish(mut self) -> Result<()> {
        self.0.flush()?;
        Ok(())
    }
}

impl Write for Output {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.write(bytes)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

/// The context of a file that cannot be written.
pub fn cannot_write(path: &Path) -> String {
    format!("cannot write `{}`", path.display())
}

/// Appends what `write` writes to `$GITHUB_STEP_SUMMARY`, when it is set:
/// the Markdown that GitHub shows on the run's summary page.
pub fn append_step_summary(write: impl FnOnce(&mut File) -> std::io::Result<()>) -> Result<()> {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY") else { return Ok(()) };
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .context("cannot open $GITHUB_STEP_SUMMARY")?;
    write(&mut file)?;
    Ok(())
}
