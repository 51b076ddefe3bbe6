//! The frameworks `parity scan` knows: one row per framework, naming how
//! `--framework auto` recognises a project of it, which files it reads and
//! the function that extracts routes from one file.
//!
//! Adding a framework is adding a row to [`FRAMEWORKS`]; the walker and the
//! dispatcher need no change. File-system routers and API documents read one
//! file at a time; routes declared in code (`src/scan/code/`) need every file
//! of a project at once, because routers are mounted across files.

use std::path::Path;

use super::DiscoveredRoute;
use super::{code, fs, spec};

/// How `--framework auto` tells that a project uses a framework. A project
/// is a directory holding a manifest (`package.json`, `go.mod`, `Gemfile`,
/// `Cargo.toml`, `requirements.txt`, `pyproject.toml`) or a marker file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marker {
    /// A dependency in `package.json` (any kind of dependencies).
    Npm(&'static str),
    /// A module required in `go.mod`.
    Go(&'static str),
    /// A gem in `Gemfile`.
    Gem(&'static str),
    /// A dependency in `Cargo.toml`.
    Crate(&'static str),
    /// A requirement in `requirements.txt` or `pyproject.toml`.
    Python(&'static str),
    /// A file beside the manifest (`svelte.config.js`).
    File(&'static str),
    /// Any project: the framework's files announce themselves (OpenAPI).
    Anywhere,
}

/// The files that make a directory a project, whatever its framework.
pub const MANIFESTS: &[&str] =
    &["package.json", "go.mod", "Gemfile", "Cargo.toml", "requirements.txt", "pyproject.toml"];

/// What a framework does with a file, by its path relative to the project.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reading {
    /// Not one of its files.
    Skip,
    /// The path alone is the route; the text is not read.
    Path,
    /// The route (or its methods) is in the text.
    Text,
}

/// Why one file gave no routes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExtractError {
    /// The file could not be understood (a syntax the extractor does not
    /// follow): a note, the scan goes on.
    Unparsable(String),
    /// A document that must be right is wrong (a malformed OpenAPI file or
    /// manifest): an input error, the run exits 2.
    Invalid(String),
}

/// Extracts the routes of one file: framework name, path relative to the
/// project, text (empty for [`Reading::Path`]).
pub type Extract = fn(&str, &Path, &str) -> Result<Vec<DiscoveredRoute>, ExtractError>;

/// Extracts the routes of every file of one project that the framework
/// reads (paths relative to the project): routers mounted across files.
/// Also returns the files it could not read.
pub type ExtractProject = fn(&str, &[code::SourceFile]) -> (Vec<DiscoveredRoute>, Vec<std::path::PathBuf>);

/// How a framework is handed its files.
#[derive(Clone, Copy, Debug)]
pub enum Extractor {
    /// One file at a time: the path is the route, or the file stands alone.
    File(Extract),
    /// All of a project's files at once.
    Project(ExtractProject),
}

/// One framework `parity scan` reads.
#[derive(Clone, Copy, Debug)]
pub struct Framework {
    /// The name `--framework` takes and every route records.
    pub name: &'static str,
    /// One line for `--help` and docs.
    pub about: &'static str,
    /// Any of these makes `--framework auto` pick it for a project.
    pub markers: &'static [Marker],
    /// A cheap test on the file name and the path (relative to the scanned
    /// root, the project not yet known), applied to every file while walking.
    pub wants: fn(&str, &Path) -> bool,
    /// What to do with a file, by its path relative to the project.
    pub reads: fn(&Path) -> Reading,
    /// Router folders the framework ignores when another exists beside them
    /// (`src/pages` when the project has `pages`), as `(ignored, preferred)`.
    pub preferred: &'static [(&'static str, &'static str)],
    /// Module names the framework ignores when a sibling module of the other
    /// name exists (`index.tsx` beside `route.tsx` in a flat-routes folder),
    /// as `(ignored, preferred)` file stems.
    pub preferred_modules: &'static [(&'static str, &'static str)],
    /// Files read even when ignored or hidden (generated manifests live in
    /// `.next/`, which every Next.js project ignores), relative to the project.
    pub generated: &'static [&'static str],
    pub extract: Extractor,
}

/// Every framework, in the order `--framework` lists them.
pub const FRAMEWORKS: &[Framework] = &[
    fs::nextjs::APP,
    fs::nextjs::PAGES,
    fs::flat::FLAT_ROUTES,
    fs::sveltekit::SVELTEKIT,
    spec::openapi::OPENAPI,
    code::frameworks::REACT_ROUTER,
    code::frameworks::REACT_ROUTER_CONFIG,
    code::frameworks::VUE_ROUTER,
    code::frameworks::ANGULAR,
    code::frameworks::EXPRESS,
    code::frameworks::FASTAPI,
    code::frameworks::AXUM,
    code::frameworks::GO_HTTP,
    code::frameworks::CHI,
    code::frameworks::GIN,
    code::frameworks::RAILS,
];

/// The framework `--framework NAME` names.
#[must_use]
pub fn by_name(name: &str) -> Option<&'static Framework> {
    FRAMEWORKS.iter().find(|framework| framework.name == name)
}

/// The names `--framework` accepts, `auto` first.
#[must_use]
pub fn names() -> Vec<&'static str> {
    std::iter::once("auto").chain(FRAMEWORKS.iter().map(|framework| framework.name)).collect()
}

/// True when a file could belong to any framework.
#[must_use]
pub fn wanted_by_any(frameworks: &[&Framework], name: &str, path: &Path) -> bool {
    frameworks.iter().any(|framework| (framework.wants)(name, path))
}

/// True when `path` has a folder called `folder`: the cheap test that a
/// file may lie in a router folder (`pages`, `routes`).
#[must_use]
pub fn in_folder(path: &Path, folder: &str) -> bool {
    path.parent().is_some_and(|dir| dir.components().any(|c| c.as_os_str() == folder))
}

/// The extensions of JavaScript and TypeScript modules.
pub const SCRIPT_EXTENSIONS: &[&str] = &["js", "jsx", "ts", "tsx", "mjs", "cjs", "mts", "cts"];

/// True when `name` is `stem.EXT` for one of `extensions`.
#[must_use]
pub fn has_stem_and_extension(name: &str, stem: &str, extensions: &[&str]) -> bool {
    name.strip_prefix(stem).and_then(|rest| rest.strip_prefix('.')).is_some_and(|ext| extensions.contains(&ext))
}

/// The extension of a file name, when it is one of `extensions`.
#[must_use]
pub fn extension_in<'a>(name: &'a str, extensions: &[&str]) -> Option<&'a str> {
    name.rsplit_once('.').map(|(_, ext)| ext).filter(|ext| extensions.contains(ext))
}
