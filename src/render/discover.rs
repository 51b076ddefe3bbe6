//! Which browser `--render` drives: the one `[render] browser` names, else
//! `PARITY_BROWSER`, else the first of the usual names on `PATH`. Finding
//! it is pure (the environment is passed in), so every rule is tested
//! without a browser installed, and the run decides what a missing browser
//! means (a usage error for `--render`, a note for `render = "auto"`).

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// The names looked for on `PATH`, in order.
pub const BROWSER_NAMES: &[&str] = &["chromium", "chromium-browser", "google-chrome"];

/// What to tell someone who has no browser.
pub const INSTALL_HINT: &str = "install Chromium (Debian/Ubuntu: `apt-get install -y chromium`; Fedora: `dnf install \
                                chromium`; macOS: `brew install --cask chromium`), or name a Chromium or Chrome \
                                binary with `[render] browser` in parity.toml or the PARITY_BROWSER variable";

/// Where a browser was looked for and what was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Discovery {
    Found(PathBuf),
    /// The configured or `PARITY_BROWSER` path does not name an executable file.
    NotExecutable {
        origin: &'static str,
        path: PathBuf,
    },
    /// Nothing configured and none of [`BROWSER_NAMES`] on `PATH`.
    None,
}

impl Discovery {
    /// The browser's path, or why there is none, in one sentence with the
    /// install hint.
    pub fn into_result(self) -> Result<PathBuf, String> {
        match self {
            Self::Found(path) => Ok(path),
            Self::NotExecutable { origin, path } => {
                Err(format!("{origin} names `{}`, which is not an executable file: {INSTALL_HINT}", path.display()))
            }
            Self::None => Err(format!("no browser found (looked for {} on PATH): {INSTALL_HINT}", names())),
        }
    }
}

fn names() -> String {
    BROWSER_NAMES.iter().map(|name| format!("`{name}`")).collect::<Vec<_>>().join(", ")
}

/// Finds the browser: `configured` (`[render] browser`, relative to the
/// config's directory or a name on `PATH`), else `env` (`PARITY_BROWSER`),
/// else the first of [`BROWSER_NAMES`] on `path` (the `PATH` value).
#[must_use]
pub fn discover(configured: Option<&Path>, env: Option<&OsStr>, path: Option<&OsStr>) -> Discovery {
    let named = [("`[render] browser`", configured.map(Path::to_path_buf)), ("PARITY_BROWSER", env.map(PathBuf::from))];
    for (origin, wanted) in named {
        let Some(wanted) = wanted.filter(|wanted| !wanted.as_os_str().is_empty()) else { continue };
        return match resolve(&wanted, path) {
            Some(found) => Discovery::Found(found),
            None => Discovery::NotExecutable { origin, path: wanted },
        };
    }
    BROWSER_NAMES.iter().find_map(|name| on_path(Path::new(name), path)).map_or(Discovery::None, Discovery::Found)
}

/// A path with a separator is taken as is; a bare name is looked up on `PATH`.
fn resolve(wanted: &Path, path: Option<&OsStr>) -> Option<PathBuf> {
    if wanted.components().count() > 1 {
        return is_executable(wanted).then(|| wanted.to_path_buf());
    }
    on_path(wanted, path)
}

fn on_path(name: &Path, path: Option<&OsStr>) -> Option<PathBuf> {
    std::env::split_paths(path?).map(|dir| dir.join(name)).find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        path.metadata().is_ok_and(|meta| meta.is_file() && meta.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn executable(dir: &Path, name: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, "#!/bin/sh\n").expect("a test file");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        }
        path
    }

    #[test]
    fn the_configured_browser_wins_over_the_variable_and_the_path() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let mine = executable(dir.path(), "my-chrome");
        let theirs = executable(dir.path(), "other");
        executable(dir.path(), "chromium");
        let path = dir.path().as_os_str();
        assert_eq!(discover(Some(&mine), Some(theirs.as_os_str()), Some(path)), Discovery::Found(mine));
        assert_eq!(discover(None, Some(theirs.as_os_str()), Some(path)), Discovery::Found(theirs));
        assert_eq!(discover(None, None, Some(path)), Discovery::Found(dir.path().join("chromium")));
        assert_eq!(discover(None, Some(OsStr::new("other")), Some(path)), Discovery::Found(dir.path().join("other")));
    }

    #[test]
    fn the_usual_names_are_tried_in_order() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let chrome = executable(dir.path(), "google-chrome");
        assert_eq!(discover(None, None, Some(dir.path().as_os_str())), Discovery::Found(chrome));
        let browser = executable(dir.path(), "chromium-browser");
        assert_eq!(discover(None, None, Some(dir.path().as_os_str())), Discovery::Found(browser));
    }

    #[test]
    fn no_browser_says_how_to_install_one() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let error = discover(None, None, Some(dir.path().as_os_str())).into_result().expect_err("no browser");
        assert!(error.contains("apt-get install -y chromium") && error.contains("`chromium-browser`"), "{error}");
        let missing = dir.path().join("nope");
        let error = discover(Some(&missing), None, None).into_result().expect_err("not there");
        assert!(error.starts_with("`[render] browser` names") && error.contains("PARITY_BROWSER"), "{error}");
        #[cfg(unix)]
        {
            std::fs::write(dir.path().join("chromium"), "").expect("a plain file");
            assert_eq!(discover(None, None, Some(dir.path().as_os_str())), Discovery::None, "not executable");
        }
    }
}
