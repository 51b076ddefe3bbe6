//! The mount graph of the server frameworks: routers hold routes and mount
//! other routers under prefixes (Express `use`, `FastAPI` `include_router`,
//! axum `nest`, chi `Mount`/`Route`, gin `Group`). Extractors fill it file by
//! file with string keys, so a mount may name a router of a file read later;
//! the walk from the roots then joins the prefixes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use super::canon::{self, Colon};
use crate::scan::{Confidence, DiscoveredRoute, RouteSource};

/// A mount prefix: a literal path, or the source text of an expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Prefix {
    Literal(String),
    Unresolved(String),
}

/// A route a router declares, its path still relative to the router.
#[derive(Clone, Debug)]
pub struct Endpoint {
    pub path: String,
    pub methods: Vec<String>,
    pub file: PathBuf,
    pub line: u32,
}

/// A router (or app): its own prefix, its routes, what it mounts.
#[derive(Clone, Debug, Default)]
pub struct Node {
    /// A prefix the router itself carries (`FastAPI` `APIRouter(prefix=…)`).
    pub base: String,
    pub endpoints: Vec<Endpoint>,
    pub mounts: Vec<(Prefix, String)>,
    /// Served as it is (an Express app, `FastAPI()`, `gin.Default()`).
    pub root: bool,
    /// Routes resource classes (a Flask-RESTX `Api` or `Namespace`), whose
    /// methods are the handlers the class defines.
    pub resources: bool,
}

/// What a router nobody mounts means in a framework.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Orphans {
    /// It is served at its own paths (an axum `Router` handed to `serve`).
    Root,
    /// It is mounted somewhere we could not read; its routes are listed,
    /// unresolved, under its name.
    Unresolved,
}

/// Routers by key (`file#name` by convention of each extractor).
#[derive(Debug, Default)]
pub struct Graph {
    pub nodes: BTreeMap<String, Node>,
}

/// Mounts deeper than this are a cycle.
const MAX_DEPTH: usize = 16;

struct Walk<'a> {
    framework: &'static str,
    colon: Colon,
    out: &'a mut Vec<DiscoveredRoute>,
}

impl Graph {
    /// The router at `key`, created empty when first named.
    pub fn node(&mut self, key: &str) -> &mut Node {
        self.nodes.entry(key.to_owned()).or_default()
    }

    /// Mounts `child` under `parent`.
    pub fn mount(&mut self, parent: &str, prefix: Prefix, child: &str) {
        self.node(child);
        self.node(parent).mounts.push((prefix, child.to_owned()));
    }

    /// Every route reachable from a root (and from orphans, per `orphans`),
    /// with prefixes joined and the path in canonical syntax.
    #[must_use]
    pub fn routes(&self, framework: &'static str, colon: Colon, orphans: Orphans) -> Vec<DiscoveredRoute> {
        let mounted: BTreeSet<&str> =
            self.nodes.values().flat_map(|n| n.mounts.iter().map(|(_, c)| c.as_str())).collect();
        let mut out = Vec::new();
        let mut walk = Walk { framework, colon, out: &mut out };
        for (key, node) in &self.nodes {
            if mounted.contains(key.as_str()) {
                continue;
            }
            let unresolved = match orphans {
                _ if node.root => None,
                Orphans::Root => None,
                Orphans::Unresolved => Some(key.rsplit('#').next().unwrap_or(key).to_owned()),
            };
            self.walk(key, "", unresolved.as_deref(), 0, &mut walk);
        }
        out
    }

    fn walk(&self, key: &str, prefix: &str, unresolved: Option<&str>, depth: usize, walk: &mut Walk) {
        let Some(node) = self.nodes.get(key).filter(|_| depth < MAX_DEPTH) else { return };
        let prefix = canon::concat(prefix, &node.base);
        for endpoint in &node.endpoints {
            walk.out.push(DiscoveredRoute {
                pattern: canon::canonical(&canon::concat(&prefix, &endpoint.path), walk.colon),
                methods: endpoint.methods.clone(),
                file: endpoint.file.clone(),
                line: endpoint.line,
                framework: walk.framework,
                source: RouteSource::Code,
                confidence: if unresolved.is_some() { Confidence::Unresolved } else { Confidence::Heuristic },
                unresolved_prefix: unresolved.map(str::to_owned),
                forward: None,
            });
        }
        for (mount, child) in &node.mounts {
            match mount {
                Prefix::Literal(path) => {
                    self.walk(child, &canon::concat(&prefix, path), unresolved, depth + 1, walk);
                }
                Prefix::Unresolved(expr) => self.walk(child, "", Some(expr), depth + 1, walk),
            }
        }
    }
}
