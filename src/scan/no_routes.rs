//! A framework detected in a project that yields no route is a warning
//! (`framework-no-routes`), never silence: a scan that finds nothing where
//! a framework is used has missed something (a router convention it does not
//! read, a folder it was not pointed at), and a matrix built from it would
//! start with a hole nobody sees.
//!
//! Frameworks announced by a dependency or a marker file count; OpenAPI
//! (any project may hold a document, or none) and Go's net/http (any Go
//! module may use it) do not. Two frameworks that share a marker (Next.js's
//! app and pages routers) are one framework here: routes from either are
//! enough, and when neither has any, the first is reported. A package that
//! names the framework in its `peerDependencies` is a library for it (a
//! component kit), not an app, and is not reported. A project's routes include those of the projects inside it, so a
//! workspace root that hoists `next` for `apps/web` is not reported.

use std::path::Path;

use super::DiscoveredRoute;
use super::framework::{Framework, MANIFESTS, Marker};
use crate::finding::{Code, Finding, Location};
use crate::matrix::Pos;

/// The `framework-no-routes` findings of a scanned tree: one per project and
/// detected framework that yielded no route. `projects` are the project
/// directories (relative to `root`) and the frameworks each uses; `named`
/// when the user named the one framework (`--framework`), which then counts
/// whatever its markers.
#[must_use]
pub fn findings(
    root: &Path,
    projects: &[(&Path, &[&'static Framework])],
    routes: &[DiscoveredRoute],
    named: bool,
) -> Vec<Finding> {
    let mut found = Vec::new();
    for (dir, uses) in projects {
        let yielded =
            |framework: &Framework| routes.iter().any(|r| r.framework == framework.name && r.file.starts_with(dir));
        let mut reported: Vec<&Framework> = Vec::new();
        let library = peer_dependencies(root, dir);
        for framework in uses.iter().filter(|f| named || (announced(f) && !library_for(&library, f))) {
            let sibling_yielded = uses.iter().any(|other| shares_marker(framework, other) && yielded(other));
            // One finding for frameworks that share a marker (the first named).
            let sibling_reported = reported.iter().any(|other| shares_marker(framework, other));
            if !sibling_yielded && !sibling_reported {
                found.push(finding(root, dir, framework));
                reported.push(framework);
            }
        }
    }
    found
}

/// Whether a framework's markers say that a project uses it.
#[must_use]
pub fn announced(framework: &Framework) -> bool {
    framework.markers.iter().any(|marker| match marker {
        Marker::Anywhere => false,
        Marker::File(name) | Marker::FileWith(name, _) => !MANIFESTS.contains(name),
        _ => true,
    })
}

/// The `peerDependencies` of a project's `package.json`: what a library
/// built for a framework names, as opposed to an app that uses it.
fn peer_dependencies(root: &Path, dir: &Path) -> serde_json::Value {
    let text = super::walk::read_text(&root.join(dir).join("package.json")).unwrap_or_default();
    serde_json::from_str::<serde_json::Value>(&text).map(|json| json["peerDependencies"].clone()).unwrap_or_default()
}

/// Whether the project only builds on the framework (a component library
/// with `next` as a peer dependency): it has no routes to find.
fn library_for(peers: &serde_json::Value, framework: &Framework) -> bool {
    framework.markers.iter().any(|marker| matches!(marker, Marker::Npm(name) if peers.get(name).is_some()))
}

fn shares_marker(a: &Framework, b: &Framework) -> bool {
    a.markers.iter().any(|marker| b.markers.contains(marker))
}

fn finding(root: &Path, dir: &Path, framework: &Framework) -> Finding {
    let project = if dir.as_os_str().is_empty() { ".".to_owned() } else { dir.display().to_string() };
    let manifest = MANIFESTS.iter().map(|m| dir.join(m)).find(|m| root.join(m).is_file());
    let place = manifest.unwrap_or_else(|| dir.to_path_buf());
    let location = Location::new(root.join(&place), Pos { line: 1, column: 1, offset: 0, len: 0 });
    Finding::new(
        Code::FrameworkNoRoutes,
        format!(
            "`{}` was detected in project `{project}` but no route was found where it defines them ({})",
            framework.name, framework.about
        ),
    )
    .at(location)
    .subject(format!("{} {project}", framework.name))
    .help(
        "check that the tree is the app's own (not a build output) and the router folder is where the \
         framework expects it; if the app uses a convention parity does not read, list its routes in the \
         matrix by hand",
    )
}
