//! What a project's own config files say about its URLs, read once per
//! project before any of its files is handed to a framework: the one place
//! for "project config values". Today: Next.js's literal `basePath`
//! (`next.config.*`) and SvelteKit's `kit.files.routes` (`svelte.config.js`),
//! which moves the routes folder away from `src/routes`.
//!
//! A framework reads paths in its default layout. A moved router folder is
//! handed to it as if it lay where the framework expects it
//! ([`ProjectConfig::read_as`]), and the routes keep the file's real path;
//! the default folder is then no router at all, as for the framework.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use super::framework::Framework;
use super::fs::{next_config, nextjs, sveltekit};
use super::walk;

/// The config values of one project.
#[derive(Debug, Default)]
pub struct ProjectConfig {
    /// Next.js's literal `basePath` (`/docs`), which every URL of the app
    /// lives under.
    pub base_path: Option<String>,
    /// Router folders the config moves.
    moved: Vec<Moved>,
    /// What a config says that could not be read, with its file (relative
    /// to the project).
    pub unread: Vec<(PathBuf, String)>,
}

/// A router folder moved by the config: `framework` reads `default`, the
/// project keeps its routes in `actual`.
#[derive(Debug)]
struct Moved {
    framework: &'static str,
    default: &'static str,
    actual: PathBuf,
}

impl ProjectConfig {
    /// Reads the config files of the frameworks `uses` of the project at
    /// `project` (absolute). A missing or unreadable file says nothing.
    #[must_use]
    pub fn read(project: &Path, uses: &[&'static Framework]) -> Self {
        let mut config = Self::default();
        let reads = |name: &str| uses.iter().any(|f| f.name == name);
        if reads(nextjs::APP.name) || reads(nextjs::PAGES.name) {
            if let Some((_, text)) = first_file(project, next_config::NAMES) {
                let base = next_config::read(nextjs::APP.name, Path::new(""), &text).base_path;
                config.base_path = base.filter(|base| !base.is_empty());
            }
        }
        if reads(sveltekit::SVELTEKIT.name) {
            if let Some((file, text)) = first_file(project, sveltekit::CONFIG_NAMES) {
                match sveltekit::routes_folder(&text) {
                    Ok(Some(folder)) if folder != sveltekit::ROUTES => config.moved.push(Moved {
                        framework: sveltekit::SVELTEKIT.name,
                        default: sveltekit::ROUTES,
                        actual: PathBuf::from(folder),
                    }),
                    Ok(_) => {}
                    Err(why) => config.unread.push((PathBuf::from(file), why)),
                }
            }
        }
        config
    }

    /// The path `framework` reads for the file at `relative` (to the
    /// project): under a moved router folder, the same file in the default
    /// one; `None` for a file of the default folder once it is moved away.
    #[must_use]
    pub fn read_as<'a>(&self, framework: &str, relative: &'a Path) -> Option<Cow<'a, Path>> {
        let Some(moved) = self.moved.iter().find(|m| m.framework == framework) else {
            return Some(Cow::Borrowed(relative));
        };
        if let Ok(rest) = relative.strip_prefix(&moved.actual) {
            Some(Cow::Owned(Path::new(moved.default).join(rest)))
        } else if relative.starts_with(moved.default) {
            None
        } else {
            Some(Cow::Borrowed(relative))
        }
    }
}

/// The first of `names` that is a file of `project`, with its text.
fn first_file(project: &Path, names: &[&'static str]) -> Option<(&'static str, String)> {
    let name = names.iter().find(|name| project.join(name).is_file())?;
    walk::read_text(&project.join(name)).ok().map(|text| (*name, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_moved_router_is_read_as_the_default_one() {
        let moved = Moved { framework: "sveltekit", default: "src/routes", actual: PathBuf::from("app/pages") };
        let config = ProjectConfig { moved: vec![moved], ..ProjectConfig::default() };
        let read = |framework, path| config.read_as(framework, Path::new(path)).map(Cow::into_owned);
        assert_eq!(read("sveltekit", "app/pages/a/+page.svelte"), Some(PathBuf::from("src/routes/a/+page.svelte")));
        assert_eq!(read("sveltekit", "src/routes/a/+page.svelte"), None, "the default folder is no router now");
        assert_eq!(read("sveltekit", "src/lib/+x.ts"), Some(PathBuf::from("src/lib/+x.ts")));
        assert_eq!(read("nextjs-app", "src/routes/page.tsx"), Some(PathBuf::from("src/routes/page.tsx")));
    }
}
