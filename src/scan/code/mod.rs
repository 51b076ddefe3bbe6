//! Routes declared in code: router calls, JSX `<Route>` elements, route
//! objects and Rails' routing DSL, for the frameworks whose rows in
//! [`FRAMEWORKS`](crate::scan::framework::FRAMEWORKS) name an extractor of
//! this module.
//!
//! Reading them needs no compiler: a small lexer per language family
//! (`lex`) and token trees (`tree`) are enough to find router calls and
//! their literal arguments, and robust where raw regexes are not (nested
//! brackets, strings holding brackets, comments holding calls). Every route
//! found this way is [`Confidence::Heuristic`]; a route under a prefix that
//! is not a literal is [`Confidence::Unresolved`] with the prefix's source
//! text. A file that cannot be lexed yields no routes; nothing here panics on
//! arbitrary input.
//!
//! [`extract_project`] hands an extractor all files of one project at once
//! because routers cross files: an Express router imported and mounted
//! elsewhere, an Angular `loadChildren` import, an axum `nest` of a function
//! in another module.

pub(crate) mod angular;
pub(crate) mod aspnet;
pub(crate) mod axum;
pub(crate) mod canon;
mod conditional;
pub(crate) mod django;
mod django_regex;
mod django_views;
mod drf;
pub(crate) mod express;
pub(crate) mod fastapi;
pub(crate) mod flask;
pub(crate) mod go;
mod graph;
pub(crate) mod js;
mod js_value;
pub(crate) mod laravel;
pub(crate) mod lex;
mod members;
pub(crate) mod msbuild;
pub(crate) mod php;
mod php_value;
mod python;
pub(crate) mod rails;
pub(crate) mod react;
mod route_files;
mod source;
pub(crate) mod spring;
pub(crate) mod tree;
pub(crate) mod vue;

#[cfg(test)]
mod tests;

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::ffi::OsStr;
use std::path::{Component, Path, PathBuf};

use self::lex::Lang;
pub use self::source::{MINIFIED_LINE, SourceFile, Unread};
pub use self::tree::MAX_DEPTH;
use super::framework::ExtractCode;
use super::{Confidence, DiscoveredRoute, RouteSource};

/// The files of one project with their paths indexed, so that resolving
/// the imports of thousands of files is a lookup per import, not a scan.
pub struct Files<'a> {
    list: &'a [SourceFile],
    /// Files that could not be lexed or nested, for the scan's notes.
    unreadable: RefCell<Vec<PathBuf>>,
    /// What an extractor read only in part (a Django regex it could not
    /// write in the route syntax), by file, for the scan's notes.
    notes: RefCell<Vec<(PathBuf, String)>>,
    by_path: HashMap<&'a Path, usize>,
    /// By file name, for Python's absolute imports (a path suffix).
    by_name: HashMap<&'a OsStr, Vec<usize>>,
    /// By folder and file name (`app/__init__.py`): a suffix of two or more
    /// names is looked up here, since files named alike (`__init__.py`,
    /// `urls.py`) are many in a Python project and every import tries them.
    by_tail: HashMap<(&'a OsStr, &'a OsStr), Vec<usize>>,
    /// The C# conditional compilation symbols the project's build defines ([`msbuild`]).
    symbols: HashSet<String>,
}

impl<'a> Files<'a> {
    #[must_use]
    pub fn new(files: &'a [SourceFile]) -> Self {
        let mut by_name: HashMap<&OsStr, Vec<usize>> = HashMap::new();
        let mut by_tail: HashMap<(&OsStr, &OsStr), Vec<usize>> = HashMap::new();
        for (index, file) in files.iter().enumerate() {
            if let Some(name) = file.path.file_name() {
                by_name.entry(name).or_default().push(index);
            }
            if let Some(tail) = tail(&file.path) {
                by_tail.entry(tail).or_default().push(index);
            }
        }
        let by_path = files.iter().enumerate().map(|(index, file)| (file.path.as_path(), index)).collect();
        Self {
            list: files,
            by_path,
            by_name,
            by_tail,
            unreadable: RefCell::new(Vec::new()),
            notes: RefCell::new(Vec::new()),
            symbols: msbuild::symbols(None, None).into_iter().collect(),
        }
    }

    /// The C# symbols the project's build defines: `DEBUG` and `TRACE`
    /// unless [`extract_project_defining`] was handed its own.
    #[must_use]
    pub fn symbols(&self) -> &HashSet<String> {
        &self.symbols
    }

    /// Every file, for as long as the files themselves live.
    #[must_use]
    pub fn all(&self) -> &'a [SourceFile] {
        self.list
    }

    /// The token trees of `file`, or `None` (remembered, to become a note)
    /// when it cannot be lexed or nested.
    pub fn parse(&self, file: &SourceFile, lang: Lang) -> Option<Vec<tree::Tree>> {
        let trees = tree::parse(file.text(), lang);
        if trees.is_none() {
            self.unreadable.borrow_mut().push(file.path.clone());
        }
        trees
    }

    /// Remembers a note about `file`: a route listed from what could only
    /// partly be read, so the scan says so instead of staying silent.
    pub fn note(&self, file: &Path, message: String) {
        self.notes.borrow_mut().push((file.to_path_buf(), message));
    }

    /// Whether a file has exactly this path.
    #[must_use]
    pub fn contains(&self, path: &Path) -> bool {
        self.by_path.contains_key(path)
    }

    /// The first file (in order) whose path ends with `suffix`, by path
    /// alone: one that turns out unreadable when read is an empty module
    /// (and a note), and the lookup does not move on to another.
    #[must_use]
    pub fn ending_with(&self, suffix: &Path) -> Option<&'a Path> {
        let candidates = match tail(suffix) {
            Some(key) => self.by_tail.get(&key)?,
            None => self.by_name.get(suffix.file_name()?)?,
        };
        candidates.iter().map(|&index| self.list[index].path.as_path()).find(|path| path.ends_with(suffix))
    }
}

/// The last two names of `path` (folder, file) when both are plain names:
/// a path ends with a suffix of two or more plain names only if their tails
/// are equal, so the lookup by tail finds the same files, in the same order,
/// as a scan of every file of that name.
fn tail(path: &Path) -> Option<(&OsStr, &OsStr)> {
    let mut names = path.components().rev();
    match (names.next()?, names.next()?) {
        (Component::Normal(file), Component::Normal(dir)) => Some((dir, file)),
        _ => None,
    }
}

impl<'a> IntoIterator for &Files<'a> {
    type Item = &'a SourceFile;
    type IntoIter = std::slice::Iter<'a, SourceFile>;
    fn into_iter(self) -> Self::IntoIter {
        self.list.iter()
    }
}

impl std::ops::Deref for Files<'_> {
    type Target = [SourceFile];
    fn deref(&self) -> &[SourceFile] {
        self.list
    }
}

/// Runs a code framework's extractor over the files of one project: the
/// routes, sorted by pattern, methods, file and line, each recording
/// `framework` (the row's name), and the files that could not be read
/// (unterminated strings or comments, unbalanced brackets, nesting deeper
/// than any router file), each once, so the scan can say which it skipped,
/// and the notes the extractor left (each once).
#[must_use]
pub fn extract_project(
    extract: ExtractCode,
    framework: &'static str,
    files: &[SourceFile],
) -> (Vec<DiscoveredRoute>, Vec<PathBuf>, Vec<(PathBuf, String)>) {
    extract_project_defining(extract, framework, files, None)
}

/// [`extract_project`] for a project whose build defines the C# `symbols`
/// (read from its `MSBuild` files), when they are known.
#[must_use]
pub fn extract_project_defining(
    extract: ExtractCode,
    framework: &'static str,
    files: &[SourceFile],
    symbols: Option<&[String]>,
) -> (Vec<DiscoveredRoute>, Vec<PathBuf>, Vec<(PathBuf, String)>) {
    let mut files = Files::new(files);
    if let Some(symbols) = symbols {
        files.symbols = symbols.iter().cloned().collect();
    }
    let files = &files;
    let routes = finish(extract(files, framework));
    let mut unreadable = files.unreadable.take();
    unreadable.sort();
    unreadable.dedup();
    let mut notes = files.notes.take();
    notes.sort();
    notes.dedup();
    (routes, unreadable, notes)
}

/// A client-side page route (always `GET`), already in canonical syntax;
/// server frameworks start from it and set their methods.
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
        forward: None,
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
    let mut unique = drop_served(merge_definitions(routes));
    unique.sort_by(|a, b| (&a.pattern, &a.methods, &a.file, a.line).cmp(&(&b.pattern, &b.methods, &b.file, b.line)));
    unique
}

/// One route per definition (file, line, pattern, confidence): a call
/// that declares several methods at once yields them one by one.
fn merge_definitions(routes: Vec<DiscoveredRoute>) -> Vec<DiscoveredRoute> {
    let mut merged: Vec<DiscoveredRoute> = Vec::new();
    let mut definitions: HashMap<(PathBuf, u32, String, Confidence), usize> = HashMap::new();
    for route in routes {
        let key = (route.file.clone(), route.line, route.pattern.clone(), route.confidence);
        if let Some(&index) = definitions.get(&key) {
            let existing = &mut merged[index];
            existing.methods.extend(route.methods);
            existing.methods.sort();
            existing.methods.dedup();
            continue;
        }
        definitions.insert(key, merged.len());
        merged.push(route);
    }
    merged
}

/// Drops a route that an earlier definition already serves: the router
/// answers with the first one it registered.
fn drop_served(routes: Vec<DiscoveredRoute>) -> Vec<DiscoveredRoute> {
    let mut served: HashSet<(String, Vec<String>, Option<String>)> = HashSet::new();
    routes
        .into_iter()
        .filter(|route| served.insert((route.pattern.clone(), route.methods.clone(), route.unresolved_prefix.clone())))
        .collect()
}

/// A template's text with each placeholder (`${x}` in JS, `{x}` in a
/// Python f-string, where `{{` and `}}` are braces) replaced by what `fill`
/// makes of its parsed expression; `None` when one cannot be filled.
fn interpolate(
    body: &str,
    open: &str,
    lang: Lang,
    fill: &mut dyn FnMut(&[tree::Tree]) -> Option<String>,
) -> Option<String> {
    let doubled = open == "{";
    let mut out = String::new();
    let mut rest = body;
    while let Some(at) = rest.find(open).into_iter().chain(rest.find('}').filter(|_| doubled)).min() {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        if doubled && after.starts_with(&rest[at..=at]) {
            out.push_str(&rest[at..=at]);
            rest = &after[1..];
            continue;
        }
        let after = &rest[at + open.len()..];
        let close = after.find('}').filter(|_| rest[at..].starts_with(open))?;
        out.push_str(&fill(&tree::parse(&after[..close], lang)?)?);
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    Some(out)
}
