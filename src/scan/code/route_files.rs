//! A React Router v7 route config (`app/routes.ts`) that hands a folder to
//! a file convention: `flatRoutes()` of `@react-router/fs-routes`,
//! `flatRoutes('routes', defineRoutes)` of `remix-flat-routes` (inside
//! `remixRoutesOptionAdapter`), `autoRoutes()` of `react-router-auto-routes`.
//! A Remix v2 app makes the same `remix-flat-routes` call in the `routes`
//! function of its `vite.config.ts` or `remix.config.js`.
//! The call is recognised by what it is imported from, wherever it stands
//! (returned alone, spread into an array, awaited); its literal options are
//! followed: the routes folder (`rootDirectory`, the first argument,
//! `routesDir` with its mounts) and `ignoredRouteFiles`. The files of the
//! folder are then read as the convention reads them
//! ([`Convention`](crate::scan::fs::convention::Convention)).

use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use super::js::{self, Module};
use super::tree::{self, Group, Tree};
use super::{Files, SourceFile};
use crate::scan::DiscoveredRoute;
use crate::scan::fs::convention::Convention;
use crate::scan::fs::flat;

/// The package and exported name of each function that applies a convention.
const CALLS: &[(&str, &str, Convention)] = &[
    ("@react-router/fs-routes", "flatRoutes", Convention::FlatRoutes),
    ("remix-flat-routes", "flatRoutes", Convention::RemixFlatRoutes),
    ("remix-flat-routes", "default", Convention::RemixFlatRoutes),
    ("react-router-auto-routes", "autoRoutes", Convention::AutoRoutes),
    ("react-router-auto-routes", "default", Convention::AutoRoutes),
];

/// One routes folder a call reads.
struct Folder {
    convention: Convention,
    /// Relative to the project.
    dir: PathBuf,
    /// The URL the folder's routes live under (`/` unless mounted).
    mount: String,
    /// `ignoredRouteFiles`, matched against paths relative to `ignore_base`.
    ignored: GlobSet,
    ignore_base: PathBuf,
}

/// The routes of every convention call in `module`, when it is a route
/// config (`routes.ts`, `routes.js`, …): the folder it names is the one
/// beside it, as React Router resolves it from the app directory.
pub fn routes(module: &Module, files: &Files<'_>, framework: &'static str, out: &mut Vec<DiscoveredRoute>) {
    let Some(app) = app_folder(&module.file.path) else { return };
    let imports = js::package_imports(module);
    let mut folders = Vec::new();
    tree::visit(&module.trees, &mut |level| {
        for (i, item) in level.iter().enumerate() {
            let Some(name) = item.ident() else { continue };
            let Some(Tree::Group(args)) = level.get(i + 1).filter(|t| t.group('(').is_some()) else { continue };
            let Some((spec, export)) = imports.get(name) else { continue };
            let called = CALLS.iter().find(|(package, function, _)| package == spec && function == export);
            if let Some(&(_, _, convention)) = called {
                folders.extend(folders_of(convention, args, &app));
            }
        }
    });
    for folder in &folders {
        for file in files.all() {
            folder_routes(folder, file, framework, out);
        }
    }
}

/// The app folder of a module that may call a convention: the folder of
/// a route config (`app/routes.ts`), or `app` beside a Remix v2 build
/// config (`vite.config.ts`, `remix.config.js` with a `routes` function).
fn app_folder(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?.to_str()?;
    let folder = path.parent().unwrap_or(Path::new(""));
    if path.file_stem().is_some_and(|stem| stem == "routes") {
        return Some(folder.to_path_buf());
    }
    let build_config = name.starts_with("vite.config.") || name.starts_with("remix.config.");
    (build_config && folder.as_os_str().is_empty()).then(|| PathBuf::from("app"))
}

/// The routes of `file` when it is a route module of `folder`.
fn folder_routes(folder: &Folder, file: &SourceFile, framework: &'static str, out: &mut Vec<DiscoveredRoute>) {
    let Ok(relative) = file.path.strip_prefix(&folder.dir) else { return };
    let against = file.path.strip_prefix(&folder.ignore_base).unwrap_or(&file.path);
    if folder.ignored.is_match(against) {
        return;
    }
    let Some(name) = folder.convention.route_name(relative) else { return };
    // One that cannot be read is a note, not an empty module answering `GET`.
    if !file.readable() {
        return;
    }
    let found = flat::module_routes(framework, &file.path, folder.convention, &name, file.text()).or_else(|_| {
        // Its exports could not be lexed: still a route, answering any
        // method as far as the scan can tell (the note that the module
        // could not be lexed comes from parsing every file of the project).
        let found = flat::module_routes(framework, &file.path, folder.convention, &name, "")?;
        Ok::<_, crate::scan::framework::ExtractError>(found.into_iter().map(unproven).collect())
    });
    // A name that spells no route (an unclosed `[`) defines nothing to list.
    let Ok(found) = found else { return };
    out.extend(found.into_iter().map(|mut route| {
        route.pattern = mounted(&folder.mount, &route.pattern);
        route
    }));
}

/// A route whose module could not be read: any method, `heuristic`.
fn unproven(mut route: DiscoveredRoute) -> DiscoveredRoute {
    route.methods = vec!["*".to_owned()];
    route.confidence = crate::scan::Confidence::Heuristic;
    route
}

/// `pattern` under the mount path `mount`.
fn mounted(mount: &str, pattern: &str) -> String {
    let mount = mount.trim_end_matches('/');
    match (mount, pattern) {
        ("", _) => pattern.to_owned(),
        (_, "/") => mount.to_owned(),
        _ => format!("{mount}{pattern}"),
    }
}

/// The folders one call reads, from its literal arguments.
fn folders_of(convention: Convention, args: &Group, app: &Path) -> Vec<Folder> {
    let args = tree::split(&args.items, ',');
    let object = |at: usize| args.get(at).and_then(|a| a.first()).and_then(|t| t.group('{'));
    let options = match convention {
        Convention::RemixFlatRoutes => object(2),
        _ => object(0),
    };
    let text = |name: &str| options.and_then(|o| tree::field(o, name)).and_then(tree::string).map(|t| t.text.clone());
    let ignored: Vec<String> = options
        .and_then(|o| tree::field(o, "ignoredRouteFiles"))
        .and_then(|v| v.first()?.group('['))
        .map(|array| {
            tree::split(&array.items, ',').into_iter().filter_map(|s| Some(tree::string(s)?.text.clone())).collect()
        })
        .unwrap_or_default();
    let folder = |dir: PathBuf, mount: &str, ignore_base: PathBuf, extra: &[&str]| Folder {
        convention,
        dir,
        mount: mount.to_owned(),
        ignored: globs(ignored.iter().map(String::as_str).chain(extra.iter().copied())),
        ignore_base,
    };
    match convention {
        Convention::FlatRoutes => {
            let dir = join(app, &text("rootDirectory").unwrap_or_else(|| "routes".to_owned()));
            // fs-routes always ignores dot files, and matches from the app folder.
            vec![folder(dir, "/", app.to_path_buf(), &["**/.*"])]
        }
        Convention::RemixFlatRoutes => {
            let name = args.first().and_then(|a| tree::string(a)).map_or("routes", |t| t.text.as_str());
            let dir = join(app, name);
            vec![folder(dir.clone(), "/", dir, &[])]
        }
        Convention::AutoRoutes => {
            let mounts = options.and_then(|o| tree::field(o, "routesDir")).and_then(|v| v.first()?.group('{'));
            if let Some(mounts) = mounts {
                // Mounted folders are named from the project, not the app folder.
                let project = app.parent().unwrap_or(Path::new(""));
                tree::fields(mounts)
                    .into_iter()
                    .filter_map(|(mount, dir)| {
                        let dir = join(project, &tree::string(dir)?.text);
                        Some(folder(dir.clone(), mount, dir, &[]))
                    })
                    .collect()
            } else {
                let dir = join(app, &text("routesDir").unwrap_or_else(|| "routes".to_owned()));
                vec![folder(dir.clone(), "/", dir, &[])]
            }
        }
    }
}

/// `dir` joined with a folder name as a config spells it (`./routes`).
fn join(dir: &Path, name: &str) -> PathBuf {
    dir.join(name.trim_start_matches("./").trim_end_matches('/'))
}

/// The glob patterns (as minimatch and picomatch read them: `*` stays in
/// one folder) that can be compiled; a malformed one matches nothing.
fn globs<'a>(patterns: impl Iterator<Item = &'a str>) -> GlobSet {
    let mut set = GlobSetBuilder::new();
    for pattern in patterns {
        if let Ok(glob) = GlobBuilder::new(pattern).literal_separator(true).build() {
            set.add(glob);
        }
    }
    set.build().unwrap_or_else(|_| GlobSet::empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignored_route_files_match_as_minimatch_does() {
        let set = globs(["**/*.test.{js,jsx,ts,tsx}", "**/__*.*", ".*"].into_iter());
        assert!(set.is_match("__tests__/a.test.ts"));
        assert!(set.is_match("users+/__note-editor.tsx"));
        assert!(set.is_match(".gitkeep"));
        assert!(!set.is_match("a/.gitkeep"), "`.*` names the top folder only");
        assert!(!set.is_match("login.tsx"));
    }

    #[test]
    fn a_mount_prefixes_every_route() {
        assert_eq!(mounted("/", "/a"), "/a");
        assert_eq!(mounted("/api", "/"), "/api");
        assert_eq!(mounted("/api/", "/a/{id}"), "/api/a/{id}");
    }
}
