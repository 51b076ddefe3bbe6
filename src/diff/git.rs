//! Reading a matrix as it was at a git revision.
//!
//! parity runs the `git` binary (every CI checkout has one) behind the
//! [`GitObjects`] trait, so a pure-Rust reader such as gix can replace it
//! without touching the diff. Paths are relative to the working directory,
//! as `git` itself reads them, and every blob of a matrix is read through
//! one `git cat-file --batch` process.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::Version;
use crate::matrix::Loaded;

/// Why a revision could not be read. Each message says what to do.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error("reading a git revision needs `git`, which is not installed or not on PATH")]
    NotInstalled,
    #[error("cannot run `git`: {0}")]
    CannotRun(std::io::Error),
    #[error("`{}` is not inside a git repository, so no revision can be read", .0.display())]
    NotARepository(PathBuf),
    #[error("`git {command}` failed: {stderr}")]
    Failed { command: String, stderr: String },
    #[error("`{0}` is not a revision")]
    NotARevision(String),
    #[error(
        "revision `{rev}` is not in this clone, which is shallow (CI checkouts usually are); fetch it with \
         `{fetch}`, or check out with full history (`fetch-depth: 0` in actions/checkout)"
    )]
    NotInShallowClone { rev: String, fetch: String },
    #[error("revision `{rev}` is not in this repository; check its name, or fetch it with `{fetch}`")]
    UnknownRevision { rev: String, fetch: String },
    #[error("git printed `{text}` for the time of {commit}")]
    BadTime { text: String, commit: String, source: std::num::ParseIntError },
    #[error("cannot read `{}` at {commit}: git answered `{answer}`", .path.display())]
    BadAnswer { path: PathBuf, commit: String, answer: String },
    #[error("`{}` holds no .yaml or .yml files at {rev}", .path.display())]
    NoMatrixFiles { path: PathBuf, rev: String },
    #[error("writing to git panicked")]
    WriterPanicked,
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Time(#[from] jiff::Error),
}

type Result<T, E = GitError> = std::result::Result<T, E>;

/// What a diff needs from a git repository.
pub trait GitObjects {
    /// The commit a revision names.
    ///
    /// # Errors
    /// When the revision is not in the repository; the message says how to
    /// fetch it.
    fn resolve(&self, rev: &str) -> Result<String>;

    /// The day a commit was made (its committer date), in the local time
    /// zone, as the day files on disk are dated.
    fn commit_date(&self, commit: &str) -> Result<Date>;

    /// The files under `path` at `commit`, relative to the working directory.
    fn list(&self, commit: &str, path: &Path) -> Result<Vec<PathBuf>>;

    /// The contents of `paths` at `commit`, in the same order.
    fn read(&self, commit: &str, paths: &[PathBuf]) -> Result<Vec<Vec<u8>>>;
}

/// [`GitObjects`] by running the `git` binary in a directory.
#[derive(Clone, Debug)]
pub struct GitCli {
    dir: PathBuf,
}

impl GitCli {
    /// A reader for the repository that contains `dir`, with paths relative to `dir`.
    #[must_use]
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    fn command(&self) -> Command {
        let mut command = Command::new("git");
        // Never prompt, never page, never read a credential helper.
        command.current_dir(&self.dir).env("GIT_TERMINAL_PROMPT", "0").env("GIT_PAGER", "cat");
        command.stdin(Stdio::null());
        command
    }

    /// Runs git and returns its standard output, or an error with its stderr.
    fn run(&self, args: &[&str]) -> Result<Vec<u8>> {
        let output = self.command().args(args).output().map_err(spawn_error)?;
        if output.status.success() {
            return Ok(output.stdout);
        }
        let stderr = String::from_utf8_lossy(&output.stderr);
        if stderr.contains("not a git repository") {
            return Err(GitError::NotARepository(self.dir.clone()));
        }
        Err(GitError::Failed { command: args.join(" "), stderr: stderr.trim().to_owned() })
    }

    fn is_shallow(&self) -> bool {
        self.run(&["rev-parse", "--is-shallow-repository"]).is_ok_and(|out| out.starts_with(b"true"))
    }
}

fn spawn_error(error: std::io::Error) -> GitError {
    if error.kind() == std::io::ErrorKind::NotFound { GitError::NotInstalled } else { GitError::CannotRun(error) }
}

/// The command that fetches a revision missing from a clone. An ancestor
/// written relative to another revision (`HEAD~1`, `main^`) is no refspec
/// `git fetch` takes: the history is deepened by as many commits instead.
#[must_use]
pub fn fetch_command(rev: &str) -> String {
    if let Some(steps) = ancestry_steps(rev) {
        return format!("git fetch --no-tags --deepen={steps}");
    }
    match rev.strip_prefix("origin/") {
        Some(branch) => format!("git fetch --no-tags --depth=1 origin {branch}:refs/remotes/origin/{branch}"),
        None => format!("git fetch --no-tags --depth=1 origin {rev}"),
    }
}

/// How many commits back `rev` reaches with its `~N` and `^` suffixes, when
/// it has any: `HEAD~3` → 3, `main^^` → 2, `HEAD~` → 1.
fn ancestry_steps(rev: &str) -> Option<usize> {
    let at = rev.find(['~', '^'])?;
    let (mut steps, mut rest) = (0usize, &rev[at..]);
    while let Some(c) = rest.chars().next() {
        let digits = rest[1..].chars().take_while(char::is_ascii_digit).count();
        let number = rest[1..=digits].parse::<usize>().ok();
        steps += match c {
            '~' => number.unwrap_or(1),
            '^' => 1,
            _ => return None,
        };
        rest = &rest[1 + digits..];
    }
    Some(steps.max(1))
}

impl GitObjects for GitCli {
    fn resolve(&self, rev: &str) -> Result<String> {
        if rev.starts_with('-') {
            return Err(GitError::NotARevision(rev.to_owned()));
        }
        let spec = format!("{rev}^{{commit}}");
        // `--git-dir` first, so "not a repository" is told apart from an unknown revision.
        self.run(&["rev-parse", "--git-dir"])?;
        match self.run(&["rev-parse", "--verify", "--quiet", "--end-of-options", &spec]) {
            Ok(out) => Ok(String::from_utf8_lossy(&out).trim().to_owned()),
            Err(_) if self.is_shallow() => {
                Err(GitError::NotInShallowClone { rev: rev.to_owned(), fetch: fetch_command(rev) })
            }
            Err(_) => Err(GitError::UnknownRevision { rev: rev.to_owned(), fetch: fetch_command(rev) }),
        }
    }

    fn commit_date(&self, commit: &str) -> Result<Date> {
        // The instant, not the committer's `%cs` day: that day is in the
        // committer's zone, while files on disk are dated in ours.
        let out = self.run(&["show", "--no-patch", "--format=%ct", commit])?;
        let text = String::from_utf8_lossy(&out).trim().to_owned();
        let seconds: i64 =
            text.parse().map_err(|source| GitError::BadTime { text, commit: commit.to_owned(), source })?;
        Ok(Timestamp::from_second(seconds)?.to_zoned(TimeZone::system()).date())
    }

    fn list(&self, commit: &str, path: &Path) -> Result<Vec<PathBuf>> {
        let path = path.to_string_lossy();
        let out = self.run(&["ls-tree", "-r", "-z", "--name-only", commit, "--", &path])?;
        Ok(out
            .split(|&byte| byte == 0)
            .filter(|name| !name.is_empty())
            .map(|name| PathBuf::from(String::from_utf8_lossy(name).into_owned()))
            .collect())
    }

    fn read(&self, commit: &str, paths: &[PathBuf]) -> Result<Vec<Vec<u8>>> {
        let mut child = self
            .command()
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(spawn_error)?;
        let mut stdin = child.stdin.take().ok_or_else(|| std::io::Error::other("git's stdin"))?;
        let mut requests = Vec::new();
        for path in paths {
            writeln!(requests, "{commit}:./{}", path.display())?;
        }
        // Written from another thread so a full stdout pipe can never deadlock us.
        let writer = std::thread::spawn(move || stdin.write_all(&requests));
        let mut stdout = BufReader::new(child.stdout.take().ok_or_else(|| std::io::Error::other("git's stdout"))?);
        let mut blobs = Vec::with_capacity(paths.len());
        for path in paths {
            let mut header = String::new();
            stdout.read_line(&mut header)?;
            let size = match header.trim_end().rsplit_once(' ') {
                Some((_, size)) if header.contains(" blob ") => size.parse::<usize>().ok(),
                _ => None,
            };
            let Some(size) = size else {
                let answer = header.trim().to_owned();
                return Err(GitError::BadAnswer { path: path.clone(), commit: commit.to_owned(), answer });
            };
            let mut blob = vec![0; size];
            stdout.read_exact(&mut blob)?;
            let mut newline = [0; 1];
            stdout.read_exact(&mut newline)?;
            blobs.push(blob);
        }
        writer.join().map_err(|_| GitError::WriterPanicked)??;
        child.wait()?;
        Ok(blobs)
    }
}

/// What a path without matrix files at the revision means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Absent {
    /// An error: the path was named, so it should hold a matrix.
    IsError,
    /// Nothing yet: the base of a change that introduces the matrix, where
    /// every surface of the head is new.
    IsEmpty,
}

/// Loads the matrix at `paths` (files or directories) as it was at `rev`.
///
/// # Errors
/// When git cannot resolve the revision or read its files, or (with
/// [`Absent::IsError`]) a path holds no matrix file at that revision.
pub fn load_at(git: &dyn GitObjects, rev: &str, paths: &[PathBuf], absent: Absent) -> Result<Version> {
    let commit = git.resolve(rev)?;
    let mut files = Vec::new();
    for path in paths {
        let listed = git.list(&commit, path)?;
        let before = files.len();
        files.extend(listed.into_iter().filter(|file| crate::matrix::is_matrix_file(file)));
        if files.len() == before && absent == Absent::IsError {
            return Err(GitError::NoMatrixFiles { path: path.clone(), rev: rev.to_owned() });
        }
    }
    files.sort();
    files.dedup();
    let mut loaded = Loaded::default();
    for (path, bytes) in files.iter().zip(git.read(&commit, &files)?) {
        loaded.add_bytes(path, bytes);
    }
    let label = paths.iter().map(|path| format!("{rev}:{}", path.display())).collect::<Vec<_>>().join(" ");
    Ok(Version { label, loaded, date: git.commit_date(&commit)? })
}

#[cfg(test)]
mod tests {
    use super::fetch_command;

    #[test]
    fn the_fetch_hint_is_a_command_git_accepts_for_every_kind_of_revision() {
        assert_eq!(fetch_command("HEAD~1"), "git fetch --no-tags --deepen=1");
        assert_eq!(fetch_command("HEAD~3"), "git fetch --no-tags --deepen=3");
        assert_eq!(fetch_command("main^^"), "git fetch --no-tags --deepen=2");
        assert_eq!(fetch_command("HEAD~"), "git fetch --no-tags --deepen=1");
        assert_eq!(fetch_command("origin/main"), "git fetch --no-tags --depth=1 origin main:refs/remotes/origin/main");
        assert_eq!(fetch_command("v1.2.0"), "git fetch --no-tags --depth=1 origin v1.2.0");
    }
}
