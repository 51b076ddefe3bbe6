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
    /// Relative to the scanned root (empty for the root itself).
    pub dir: PathBuf,
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
            package_json,
            members: members.build().ok()?,
            excluded: excluded.build().ok()?,
        })
    }

    /// True when `dir` (relative to the scanned root) is one of its packages.
    #[must_use]
    pub fn has_member(&self, dir: &Path) -> bool {
        let Ok(relative) = dir.strip_prefix(&self.dir) else { return false };
        !relative.as_os_str().is_empty() && self.members.is_match(relative) && !self.excluded.is_match(relative)
    }
}

/// The workspace `dir` is a declared member of: the nearest root above it
/// whose globs match it. Workspaces do not nest in npm, yarn or pnpm, so the
/// nearest match is the only one in a well-formed tree.
#[must_use]
pub fn containing<'a>(workspaces: &'a [Workspace], dir: &Path) -> Option<&'a Workspace> {
    workspaces.iter().filter(|w| w.has_member(dir)).max_by_key(|w| w.dir.components().count())
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
}
