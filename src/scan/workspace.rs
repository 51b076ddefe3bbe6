//! JavaScript workspaces (npm, yarn, pnpm): which directories of a monorepo
//! are declared packages of which workspace root.
//!
//! A monorepo often hoists its framework dependencies to the root
//! `package.json`, so a member such as `apps/web/package.json` names none of
//! them, yet resolves them from the root's `node_modules`. `--framework auto`
//! needs to know that the member belongs to that root, and only a
//! declaration says so: the `workspaces` of a `package.json` (an array, or
//! yarn's `{ "packages": [...] }`) or the `packages` of a
//! `pnpm-workspace.yaml`, as globs relative to the root. A directory those
//! globs do not match is not a member, wherever it sits. A declaration that
//! cannot be read or parsed declares nothing, like any other manifest.

use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use serde::Deserialize;

/// A workspace root: its directory, its package globs and its `package.json`.
#[derive(Debug)]
pub struct Workspace {
    /// Relative to the scanned root (empty for the root itself; `../..`
    /// for a root above it).
    pub dir: PathBuf,
    /// For a root above the scanned directory, the scanned directory as the
    /// root sees it (`apps/web`): members are matched under it.
    above: Option<PathBuf>,
    /// The root's parsed `package.json`, whose dependencies serve its members.
    pub package_json: serde_json::Value,
    members: GlobSet,
    /// `!pattern` entries, which take a directory back out (pnpm, npm).
    excluded: GlobSet,
}

impl Workspace {
    /// The workspace declared in `dir` (relative to `root`), if it declares
    /// one. A root without a `package.json` has no dependencies to share, so
    /// it is not one here.
    #[must_use]
    pub fn read(root: &Path, dir: &Path) -> Option<Self> {
        let text = |name: &str| super::walk::read_text(&root.join(dir).join(name)).ok();
        let package_json: serde_json::Value = serde_json::from_str(&text("package.json")?).ok()?;
        let mut patterns = npm_patterns(&package_json);
        patterns.extend(text("pnpm-workspace.yaml").map(|yaml| pnpm_patterns(&yaml)).unwrap_or_default());
        if patterns.is_empty() {
            return None;
        }
        let (mut members, mut excluded) = (GlobSetBuilder::new(), GlobSetBuilder::new());
        for pattern in &patterns {
            let (set, pattern) = match pattern.strip_prefix('!') {
                Some(rest) => (&mut excluded, rest),
                None => (&mut members, pattern.as_str()),
            };
            let pattern = pattern.trim().trim_start_matches("./").trim_end_matches('/');
            // `*` stays within one folder, as in npm's and pnpm's globs; a bad glob declares nothing.
            if let Ok(glob) = GlobBuilder::new(pattern).literal_separator(true).build() {
                set.add(glob);
            }
        }
        Some(Self {
            dir: dir.to_path_buf(),
            above: None,
            package_json,
            members: members.build().ok()?,
            excluded: excluded.build().ok()?,
        })
    }

    /// The workspace root above the scanned directory `root` that declares
    /// it, or a directory inside it, as a member's tree: `parity scan
    /// apps/web` in a monorepo reads the hoisted dependencies of the
    /// monorepo's root. The search stops at the repository's root (a
    /// directory holding `.git`) and never goes more than `MAX_LEVELS_UP` up.
    #[must_use]
    pub fn read_above(root: &Path) -> Option<Self> {
        let root = root.canonicalize().ok()?;
        for (levels, ancestor) in root.ancestors().enumerate().skip(1).take(MAX_LEVELS_UP) {
            if let Some(mut workspace) = Self::read(ancestor, Path::new("")) {
                let inside = root.strip_prefix(ancestor).ok()?.to_path_buf();
                workspace.dir = std::iter::repeat_n("..", levels).collect();
                workspace.above = Some(inside);
                return Some(workspace);
            }
            if ancestor.join(".git").exists() {
                return None;
            }
        }
        None
    }

    /// True when `dir` (relative to the scanned root) is one of its packages.
    #[must_use]
    pub fn has_member(&self, dir: &Path) -> bool {
        let relative = match &self.above {
            // `join("")` would add a trailing `/` that no glob matches.
            Some(inside) if dir.as_os_str().is_empty() => inside.clone(),
            Some(inside) => inside.join(dir),
            None => match dir.strip_prefix(&self.dir) {
                Ok(relative) => relative.to_path_buf(),
                Err(_) => return false,
            },
        };
        !relative.as_os_str().is_empty() && self.members.is_match(&relative) && !self.excluded.is_match(&relative)
    }
}

/// How far above a scanned directory its workspace root is looked for
/// (`apps/web` → the monorepo root is 2; nested package folders rarely
/// go deeper than 4).
const MAX_LEVELS_UP: usize = 6;

/// The workspace `dir` is a declared member of: the nearest root above it
/// whose globs match it. Workspaces do not nest in npm, yarn or pnpm, so the
/// nearest match is the only one in a well-formed tree.
#[must_use]
pub fn containing<'a>(workspaces: &'a [Workspace], dir: &Path) -> Option<&'a Workspace> {
    // A root inside the scanned tree is nearer than one above it.
    workspaces.iter().filter(|w| w.has_member(dir)).max_by_key(|w| (w.above.is_none(), w.dir.components().count()))
}

/// `"workspaces": [...]` (npm, yarn) or `"workspaces": {"packages": [...]}` (yarn).
fn npm_patterns(package_json: &serde_json::Value) -> Vec<String> {
    let workspaces = package_json.get("workspaces");
    let list = workspaces.and_then(|w| w.as_array().or_else(|| w.get("packages").and_then(|p| p.as_array())));
    list.into_iter().flatten().filter_map(|p| p.as_str().map(str::to_owned)).collect()
}

/// The `packages` of a `pnpm-workspace.yaml`; its other keys (`catalog`,
/// `onlyBuiltDependencies` …) do not concern membership.
fn pnpm_patterns(yaml: &str) -> Vec<String> {
    #[derive(Deserialize)]
    struct PnpmWorkspace {
        #[serde(default)]
        packages: Vec<String>,
    }
    let options = serde_saphyr::Options { strict_booleans: true, with_snippet: false, ..Default::default() };
    serde_saphyr::from_str_with_options::<PnpmWorkspace>(yaml, options).map(|w| w.packages).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workspace(files: &[(&str, &str)]) -> Option<Workspace> {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        Workspace::read(dir.path(), Path::new(""))
    }

    #[test]
    fn every_form_of_declaration_is_read() {
        let array = workspace(&[("package.json", r#"{"workspaces": ["apps/*", "./libs/ui/"]}"#)]).unwrap();
        assert!(array.has_member(Path::new("apps/web")) && array.has_member(Path::new("libs/ui")));
        assert!(!array.has_member(Path::new("apps/web/e2e")), "`*` stays within one folder");
        assert!(!array.has_member(Path::new("")), "the root is not its own member");
        let object = workspace(&[("package.json", r#"{"workspaces": {"packages": ["packages/**"]}}"#)]).unwrap();
        assert!(object.has_member(Path::new("packages/a/b")));
        let pnpm = workspace(&[
            ("package.json", "{}"),
            ("pnpm-workspace.yaml", "packages:\n  - 'packages/*'\n  - '!packages/legacy'\ncatalog:\n  next: 15\n"),
        ])
        .unwrap();
        assert!(pnpm.has_member(Path::new("packages/site")) && !pnpm.has_member(Path::new("packages/legacy")));
    }

    #[test]
    fn no_declaration_or_no_package_json_is_no_workspace() {
        assert!(workspace(&[("package.json", r#"{"dependencies": {"next": "15"}}"#)]).is_none());
        assert!(workspace(&[("pnpm-workspace.yaml", "packages: ['apps/*']\n")]).is_none());
        assert!(workspace(&[("package.json", "{}"), ("pnpm-workspace.yaml", "packages: [unclosed\n")]).is_none());
    }

    #[test]
    fn a_root_above_the_scanned_directory_serves_it_up_to_the_repository_root() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("apps/web/src")).unwrap();
        std::fs::write(dir.path().join("package.json"), r#"{"workspaces": ["apps/*"]}"#).unwrap();
        let above = Workspace::read_above(&dir.path().join("apps/web")).unwrap();
        assert_eq!(above.dir, Path::new("../.."));
        assert!(above.has_member(Path::new("")), "the scanned directory itself is `apps/web`");
        assert!(!above.has_member(Path::new("src")), "`apps/web/src` is not `apps/*`");
        // A repository boundary between them: not this repository's workspace.
        std::fs::create_dir(dir.path().join("apps/.git")).unwrap();
        assert!(Workspace::read_above(&dir.path().join("apps/web")).is_none());
    }
}
