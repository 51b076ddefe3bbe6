//! The shape of the source tree, checked: within a folder, no file imports
//! from a file that imports it back, so each folder reads top to bottom
//! (docs/architecture.md). A reference is any `super::NAME`,
//! `crate::FOLDER::NAME`, `self::NAME` or (in `mod.rs`) `NAME::` path outside
//! comments and test modules; `super::NAME` from a sibling file names the
//! sibling when a file `NAME.rs` exists, otherwise an item of `mod.rs`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use regex::Regex;

/// The files of `src/FOLDER` (no subfolders), by module name (`mod` for
/// `mod.rs`), with the modules each one refers to.
fn references(folder: &str) -> BTreeMap<String, BTreeSet<String>> {
    let dir = super::support::root().join("src").join(folder);
    let modules: BTreeSet<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .map(|path| path.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    let list = Regex::new(r"\b(super|self|crate::\w+)::\{([^}]*)\}").unwrap();
    let single = Regex::new(r"\b(super|self|crate::\w+)::(\w+)").unwrap();
    let bare = Regex::new(r"(?:^|[^:\w])(\w+)::").unwrap();
    modules
        .iter()
        .map(|module| {
            let text = code_of(&dir.join(format!("{module}.rs")));
            let in_folder = |root: &str| match root {
                "super" => module != "mod",
                "self" => module == "mod",
                other => other == format!("crate::{folder}"),
            };
            let mut names: Vec<&str> = Vec::new();
            for captures in list.captures_iter(&text).filter(|c| in_folder(&c[1])) {
                let items = captures.get(2).unwrap().as_str().split(',');
                names.extend(
                    items.filter_map(|item| item.trim().split(|c: char| !c.is_alphanumeric() && c != '_').next()),
                );
            }
            names.extend(single.captures_iter(&text).filter(|c| in_folder(&c[1])).map(|c| c.get(2).unwrap().as_str()));
            if module == "mod" {
                names.extend(bare.captures_iter(&text).map(|c| c.get(1).unwrap().as_str()));
            }
            let refers = names
                .into_iter()
                .filter(|name| !name.is_empty())
                .map(|name| if modules.contains(name) { name } else { "mod" })
                .filter(|target| target != module)
                .map(str::to_owned)
                .collect();
            (module.clone(), refers)
        })
        .collect()
}

/// A file's code: comments and everything from its test module on left out.
fn code_of(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or_default();
    text.lines().filter(|line| !line.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
}

/// Every pair of files in `folder` that refer to each other, directly or
/// through others: the strongly connected parts with more than one file.
fn cycles(folder: &str) -> Vec<Vec<String>> {
    let graph = references(folder);
    let reaches = |from: &str| {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.to_owned()];
        while let Some(module) = stack.pop() {
            for next in graph.get(&module).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    stack.push(next.clone());
                }
            }
        }
        seen
    };
    let mut found: Vec<Vec<String>> = Vec::new();
    for module in graph.keys() {
        let ahead = reaches(module);
        let part: Vec<String> = graph
            .keys()
            .filter(|other| *other == module || (ahead.contains(*other) && reaches(other).contains(module)))
            .cloned()
            .collect();
        if part.len() > 1 && !found.contains(&part) {
            found.push(part);
        }
    }
    found
}

#[test]
fn probe_files_import_one_way() {
    assert_eq!(cycles("probe"), Vec::<Vec<String>>::new(), "{:#?}", references("probe"));
}

#[test]
fn check_files_import_one_way() {
    assert_eq!(cycles("check"), Vec::<Vec<String>>::new(), "{:#?}", references("check"));
}

#[test]
fn matrix_files_import_one_way() {
    assert_eq!(cycles("matrix"), Vec::<Vec<String>>::new(), "{:#?}", references("matrix"));
}

/// The library returns typed errors (thiserror) a caller can match on;
/// `anyhow` belongs to the binary's edge, `src/main.rs` and `src/cli/`
/// (docs/dependencies.md).
#[test]
fn only_the_binary_uses_anyhow() {
    let src = super::support::root().join("src");
    let mut stack = vec![src.clone()];
    let mut offenders = Vec::new();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let relative = path.strip_prefix(&src).unwrap().to_owned();
            if relative == Path::new("cli") || relative == Path::new("main.rs") {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else if std::fs::read_to_string(&path).unwrap().contains("anyhow::") {
                offenders.push(relative);
            }
        }
    }
    assert!(offenders.is_empty(), "the library uses anyhow in {offenders:?}");
}
