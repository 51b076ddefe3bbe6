//! Routes declared in code: router calls, JSX `<Route>` elements, route
//! objects and Rails' routing DSL, for the frameworks of [`FRAMEWORKS`].
//!
//! Reading them needs no compiler: a small lexer per language family
//! ([`lex`]) and token trees ([`tree`]) are enough to find router calls and
//! their literal arguments, and robust where raw regexes are not (nested
//! brackets, strings holding brackets, comments holding calls). Every route
//! found this way is [`Confidence::Heuristic`]; a route under a prefix that
//! is not a literal is [`Confidence::Unresolved`] with the prefix's source
//! text. A file that cannot be lexed yields no routes; nothing here panics on
//! arbitrary input.
//!
//! [`extract`] takes all files of one framework at once because routers
//! cross files: an Express router imported and mounted elsewhere, an Angular
//! `loadChildren` import, an axum `nest` of a function in another module.

mod angular;
mod axum;
mod canon;
mod express;
mod fastapi;
pub mod frameworks;
mod go;
mod graph;
mod js;
mod lex;
mod rails;
mod react;
mod tree;
mod vue;

#[cfg(test)]
mod tests;

use std::path::PathBuf;

use super::{Confidence, DiscoveredRoute, RouteSource};

/// Names of the frameworks this module extracts, with the file extensions each reads.
pub const FRAMEWORKS: &[(&str, &[&str])] = &[
    ("react-router", JS),
    ("react-router-config", JS),
    ("vue-router", JS),
    ("angular", &["ts", "js"]),
    ("express", JS),
    ("fastapi", &["py"]),
    ("axum", &["rs"]),
    ("go-http", &["go"]),
    ("chi", &["go"]),
    ("gin", &["go"]),
    ("rails", &["rb"]),
];

const JS: &[&str] = &["js", "jsx", "ts", "tsx", "mjs", "cjs", "mts", "cts"];

/// One source file handed to [`extract`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFile {
    /// The path relative to the scanned root; routes report it and relative
    /// imports are resolved against it.
    pub path: PathBuf,
    pub text: String,
}

/// Extracts routes from a set of files of one framework, sorted by pattern,
/// methods, file and line. An unknown framework name yields nothing.
#[must_use]
pub fn extract(framework: &str, files: &[SourceFile]) -> Vec<DiscoveredRoute> {
    let routes = match framework {
        "react-router" => react::extract(files),
        "react-router-config" => react::extract_config(files),
        "vue-router" => vue::extract(files),
        "angular" => angular::extract(files),
        "express" => express::extract(files),
        "fastapi" => fastapi::extract(files),
        "axum" => axum::extract(files),
        "go-http" | "chi" | "gin" => go::extract(framework, files),
        "rails" => rails::extract(files),
        _ => Vec::new(),
    };
    finish(routes)
}

/// Content markers of each framework: an import or a call only its users write.
const MARKERS: &[(&str, &[&str])] = &[
    ("react-router", &["react-router", "<Route", "createBrowserRouter"]),
    ("react-router-config", &["@react-router/dev/routes"]),
    ("vue-router", &["vue-router"]),
    ("angular", &["@angular/router"]),
    ("express", &["require('express')", "require(\"express\")", "from 'express'", "from \"express\""]),
    ("fastapi", &["fastapi"]),
    ("axum", &["axum::"]),
    ("go-http", &["\"net/http\""]),
    ("chi", &["github.com/go-chi/chi"]),
    ("gin", &["github.com/gin-gonic/gin"]),
    ("rails", &["routes.draw"]),
];

/// Cheap content sniffing for auto-detection: the frameworks `text` looks
/// like it uses. A Go file importing chi also imports `net/http`; both are
/// named and the caller decides.
#[must_use]
pub fn sniff(text: &str) -> Vec<&'static str> {
    MARKERS.iter().filter(|(_, markers)| markers.iter().any(|m| text.contains(m))).map(|(name, _)| *name).collect()
}

/// The framework's name with a `'static` lifetime, for [`DiscoveredRoute::framework`].
fn name(framework: &str) -> &'static str {
    FRAMEWORKS.iter().find(|(n, _)| *n == framework).map_or("unknown", |(n, _)| n)
}

/// A client-side page route (always `GET`), already in canonical syntax.
fn page(pattern: String, file: &SourceFile, line: u32, framework: &'static str) -> DiscoveredRoute {
    DiscoveredRoute {
        pattern,
        methods: vec!["GET".to_owned()],
        file: file.path.clone(),
        line,
        framework,
        source: RouteSource::Code,
        confidence: Confidence::Heuristic,
        unresolved_prefix: None,
    }
}

/// Sorts methods, merges the methods of one definition, drops a route that
/// an earlier definition already serves (the first one wins in every
/// framework here), and sorts the list.
fn finish(mut routes: Vec<DiscoveredRoute>) -> Vec<DiscoveredRoute> {
    for route in &mut routes {
        route.methods.sort();
        route.methods.dedup();
        if route.methods.iter().any(|m| m == "*") {
            route.methods = vec!["*".to_owned()];
        }
    }
    routes.sort_by(|a, b| (&a.file, a.line, &a.pattern).cmp(&(&b.file, b.line, &b.pattern)));
    let mut merged: Vec<DiscoveredRoute> = Vec::new();
    for route in routes {
        let same_definition = |r: &&mut DiscoveredRoute| {
            r.file == route.file
                && r.line == route.line
                && r.pattern == route.pattern
                && r.confidence == route.confidence
        };
        if let Some(existing) = merged.iter_mut().rev().find(same_definition) {
            existing.methods.extend(route.methods);
            existing.methods.sort();
            existing.methods.dedup();
            continue;
        }
        merged.push(route);
    }
    let mut unique: Vec<DiscoveredRoute> = Vec::new();
    for route in merged {
        let served = unique.iter().any(|r| {
            r.pattern == route.pattern && r.methods == route.methods && r.unresolved_prefix == route.unresolved_prefix
        });
        if !served {
            unique.push(route);
        }
    }
    unique.sort_by(|a, b| (&a.pattern, &a.methods, &a.file, a.line).cmp(&(&b.pattern, &b.methods, &b.file, b.line)));
    unique
}
