//! Discovery of one source tree: walk it, find its projects and their
//! frameworks, hand each file to the frameworks that read it, and keep one
//! route per shape and methods — the most authoritative source's.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::config::ProjectConfig;
use super::framework::{self, Extract, ExtractCode, ExtractError, Extractor, FRAMEWORKS, Framework, PerFile, Reading};
use super::workspace::Workspace;
use super::{Confidence, DiscoveredRoute, RouteSource, code, detect, fs, guess, no_routes, parallel, walk};
use crate::finding::Finding;
use crate::route::RoutePattern;

/// Something worth knowing that did not stop the scan: a file that could
/// not be read or understood.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Note {
    /// The file, relative to the scanned root.
    #[serde(serialize_with = "crate::path_text::serialize")]
    pub file: PathBuf,
    pub message: String,
}

/// Why a scan could not run: the input is wrong (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error("cannot read `{}`: {message}", path.display())]
    Unreadable { path: PathBuf, message: String },
    #[error("`{}` is not valid: {message}", path.display())]
    Invalid { path: PathBuf, message: String },
}

/// A directory of the tree with a manifest, and the frameworks it uses.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Project {
    /// Relative to the scanned root (empty for the root itself).
    #[serde(serialize_with = "crate::path_text::serialize")]
    pub dir: PathBuf,
    pub frameworks: Vec<&'static str>,
    /// The workspace root (relative to the scanned root) whose `package.json`
    /// dependencies detected frameworks here, when this project is a member
    /// of a JavaScript workspace whose own `package.json` names none.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "crate::path_text::serialize_option")]
    pub workspace: Option<PathBuf>,
}

/// Everything one source tree defines.
#[derive(Debug, Serialize)]
pub struct TreeScan {
    #[serde(serialize_with = "crate::path_text::serialize")]
    pub root: PathBuf,
    pub projects: Vec<Project>,
    /// Sorted by pattern, methods, file and line.
    pub routes: Vec<DiscoveredRoute>,
    pub notes: Vec<Note>,
    /// What the scan itself finds wrong (`framework-no-routes`), before any
    /// comparison with a matrix.
    pub findings: Vec<Finding>,
}

/// Scans the tree at `root` with one framework, or every detected one.
///
/// # Errors
/// When the root cannot be read, or a document that must be right (an
/// OpenAPI file, a generated manifest) is malformed.
pub fn scan_tree(root: &Path, only: Option<&'static Framework>) -> Result<TreeScan, ScanError> {
    let candidates: Vec<&'static Framework> = match only {
        Some(framework) => vec![framework],
        None => FRAMEWORKS.iter().collect(),
    };
    let walked = walk::walk(root, &candidates)?;
    let mut projects = projects(root, &walked.files, &candidates, only.is_some());
    let mut notes = walked.notes;
    if only.is_none() {
        guess_by_content(root, &walked.files, &mut projects, &mut notes);
    }
    for project in &mut projects {
        project.config = ProjectConfig::read(&root.join(&project.dir), &project.uses);
        notes.extend(
            project
                .config
                .unread
                .iter()
                .map(|(file, message)| Note { file: project.dir.join(file), message: message.clone() }),
        );
    }
    let mut routes = Vec::new();
    let batches = read_files(root, &walked.files, &projects, &mut routes, &mut notes)?;
    let mut read: BTreeMap<usize, Vec<Vec<code::SourceFile>>> = BTreeMap::new();
    let extracted = extract_batches(batches, &projects);
    routes.reserve(extracted.values().map(|((found, ..), _)| found.len()).sum());
    for ((index, name), (found, files)) in extracted {
        add_code_routes(&projects[index].dir, name, found, &mut routes, &mut notes);
        read.entry(index).or_default().push(files);
    }
    for (index, batches) in read {
        unread_notes(&projects[index].dir, &batches, &mut notes);
    }
    for project in &projects {
        read_generated(root, project, &mut routes, &mut notes)?;
        routes.extend(project.config.routes.iter().cloned().map(|mut route| {
            route.file = project.dir.join(&route.file);
            route
        }));
    }
    apply_base_paths(&projects, &mut routes);
    let routes = keep_most_authoritative(routes, &projects);
    let findings = if let Some(framework) = only {
        no_routes::findings(root, &[(Path::new(""), &[framework])], &routes, true)
    } else {
        let uses: Vec<(&Path, &[&'static Framework])> =
            projects.iter().map(|p| (p.dir.as_path(), p.uses.as_slice())).collect();
        no_routes::findings(root, &uses, &routes, false)
    };
    Ok(TreeScan {
        root: root.to_path_buf(),
        projects: projects.into_iter().map(DetectedProject::public).collect(),
        routes,
        notes,
        findings,
    })
}

/// A root with no manifest whose frameworks nothing announced: its files
/// say which frameworks it uses, and a note says what was guessed from what.
/// Only the root's own files count: those of a project below it (a folder
/// with a manifest) are that project's, read with its frameworks.
fn guess_by_content(root: &Path, files: &[PathBuf], projects: &mut [DetectedProject], notes: &mut Vec<Note>) {
    let below: Vec<PathBuf> =
        projects.iter().filter(|p| !p.dir.as_os_str().is_empty()).map(|p| p.dir.clone()).collect();
    let Some(project) = projects.first_mut().filter(|p| p.dir.as_os_str().is_empty()) else { return };
    if project.uses.iter().any(|f| no_routes::announced(f)) {
        return;
    }
    let own: Vec<PathBuf> = files.iter().filter(|f| !below.iter().any(|dir| is_under(f, dir))).cloned().collect();
    let Some(guess) = guess::guess(root, &own) else { return };
    for (framework, file) in guess.frameworks {
        if !project.uses.iter().any(|f| f.name == framework.name) {
            project.uses.push(framework);
        }
        let message = format!("no manifest in the scanned root: guessed `{}` from this file", framework.name);
        notes.push(Note { file, message });
    }
    if let Some((file, message)) = guess.unread {
        notes.push(Note { file, message });
    }
}

/// The files of the frameworks that read a whole project at once, by
/// project index and framework name, with the framework's extractor.
type Batches = BTreeMap<(usize, &'static str), (ExtractCode, Vec<code::SourceFile>)>;

/// Hands every walked file to the frameworks of its nearest project: a
/// framework that reads one file at a time extracts it now; the files of a
/// code framework wait in a batch, because its routers cross files. The
/// files are handed over in contiguous chunks, one per core, and what each
/// chunk gives is joined in the files' order: the same routes, notes and
/// batches, in the same order, as one pass over them all.
fn read_files(
    root: &Path,
    files: &[PathBuf],
    projects: &[DetectedProject],
    routes: &mut Vec<DiscoveredRoute>,
    notes: &mut Vec<Note>,
) -> Result<Batches, ScanError> {
    // Below a few thousand files, starting threads costs more than it saves.
    let chunk = files.len().div_ceil(parallel::threads()).max(4096);
    let jobs: Vec<_> = files
        .chunks(chunk)
        .map(|files| {
            move || {
                let (mut routes, mut notes) = (Vec::new(), Vec::new());
                let batches = read_chunk(root, files, projects, &mut routes, &mut notes);
                (batches, routes, notes)
            }
        })
        .collect();
    let mut batches = Batches::new();
    for (found, chunk_routes, chunk_notes) in parallel::on_threads(jobs) {
        routes.extend(chunk_routes);
        notes.extend(chunk_notes);
        for (key, (extract_code, files)) in found? {
            batches.entry(key).or_insert_with(|| (extract_code, Vec::new())).1.extend(files);
        }
    }
    Ok(batches)
}

/// [`read_files`] for one chunk of the walked files.
fn read_chunk(
    root: &Path,
    files: &[PathBuf],
    projects: &[DetectedProject],
    routes: &mut Vec<DiscoveredRoute>,
    notes: &mut Vec<Note>,
) -> Result<Batches, ScanError> {
    let mut batches = Batches::new();
    for file in files {
        let Some((index, project)) = owner(file, projects) else { continue };
        let relative = file.strip_prefix(&project.dir).unwrap_or(file);
        // Frameworks read names from the path; the file is opened by its own.
        let named = crate::path_text::utf8(relative);
        for framework in &project.uses {
            // A router folder the project's config moves is read as the default one.
            let Some(read_as) = project.config.read_as(framework.name, &named) else { continue };
            let reading = framework.reads(&read_as);
            if reading == Reading::Skip {
                continue;
            }
            match framework.extractor {
                Extractor::PerFile(rules) if !passed_over(root, &project.dir, relative, &rules) => {
                    let input =
                        Input { root, project: &project.dir, relative, named: &named, read_as: &read_as, reading };
                    extract(&input, framework.name, rules.extract, routes, notes)?;
                }
                Extractor::PerFile(_) => {}
                Extractor::Code { extract: extract_code, .. } => {
                    // Read when the extractor first asks: most files of a project it never needs.
                    let source = code::SourceFile::on_disk(named.to_path_buf(), root.join(file));
                    batches.entry((index, framework.name)).or_insert_with(|| (extract_code, Vec::new())).1.push(source);
                }
            }
        }
    }
    Ok(batches)
}

/// What a code framework's extractor returned for one project.
type Found = (Vec<DiscoveredRoute>, Vec<PathBuf>, Vec<(PathBuf, String)>);

/// Runs the extractor of every batch, each batch on one thread, on as many
/// threads as the machine has cores (each takes the next batch when done
/// with one): batches share nothing (each project's files are read and
/// lexed by its own framework's extractor), and the largest start first
/// so that no thread is left with one alone at the end. The results come back by batch, in the batches' order, with
/// the files (which know which of them were read).
fn extract_batches(
    batches: Batches,
    projects: &[DetectedProject],
) -> BTreeMap<(usize, &'static str), (Found, Vec<code::SourceFile>)> {
    let mut queue: Vec<_> = batches.into_iter().collect();
    // Popped from the end: the largest first.
    queue.sort_by_key(|(_, (_, files))| files.len());
    let threads = parallel::threads().min(queue.len());
    let queue = std::sync::Mutex::new(queue);
    let next = || parallel::lock(&queue).pop();
    let extract =
        |((index, name), (extract_code, files)): ((usize, &'static str), (ExtractCode, Vec<code::SourceFile>))| {
            let symbols = projects[index].config.csharp_symbols.as_deref();
            let found = code::extract_project_defining(extract_code, name, &files, symbols);
            ((index, name), (found, files))
        };
    let workers: Vec<_> = (0..threads).map(|_| || std::iter::from_fn(next).map(extract).collect::<Vec<_>>()).collect();
    parallel::on_threads(workers).into_iter().flatten().collect()
}

/// The notes for the files of one project's batches that an extractor
/// asked for and did not get: each file that could not be read, once,
/// and one note for the project's minified scripts.
fn unread_notes(dir: &Path, batches: &[Vec<code::SourceFile>], notes: &mut Vec<Note>) {
    let mut failed: Vec<(&Path, &str)> = Vec::new();
    let mut bundles: Vec<&Path> = Vec::new();
    for file in batches.iter().flat_map(|files| files.iter()) {
        match file.unread() {
            Some(code::Unread::Failed(why)) => failed.push((&file.path, why)),
            Some(code::Unread::Minified) => bundles.push(&file.path),
            None => {}
        }
    }
    // In the walk's order (paths by their bytes), each file once, however
    // many frameworks asked for it.
    failed.sort_by(|a, b| a.0.as_os_str().cmp(b.0.as_os_str()));
    failed.dedup_by(|a, b| a.0 == b.0);
    bundles.sort_by(|a, b| a.as_os_str().cmp(b.as_os_str()));
    bundles.dedup();
    notes.extend(
        failed.into_iter().map(|(file, why)| Note { file: dir.join(file), message: format!("not read: {why}") }),
    );
    let Some(first) = bundles.first() else { return };
    let others = match bundles.len() {
        1 => String::new(),
        n => format!(" (and {} more script files like it in this project)", n - 1),
    };
    let message = format!(
        "a minified script (build output: over {} statements a line on average) is not read for routes: they \
         are in the sources it was built from{others}",
        code::MINIFIED_LINE
    );
    notes.push(Note { file: dir.join(first), message });
}

/// The routes a code framework found in the project at `dir`, made relative
/// to the scanned root, and a note for each file it could not read.
fn add_code_routes(
    dir: &Path,
    name: &str,
    (found, unreadable, read_in_part): (Vec<DiscoveredRoute>, Vec<PathBuf>, Vec<(PathBuf, String)>),
    routes: &mut Vec<DiscoveredRoute>,
    notes: &mut Vec<Note>,
) {
    routes.extend(found.into_iter().map(|mut route| {
        route.file = dir.join(&route.file);
        route
    }));
    notes.extend(unreadable.into_iter().map(|file| Note {
        file: dir.join(file),
        message: format!(
            "no routes read ({name}): the file could not be lexed (an unterminated string or comment, \
             unbalanced brackets, or nesting deeper than {} levels)",
            code::MAX_DEPTH
        ),
    }));
    notes.extend(
        read_in_part
            .into_iter()
            .map(|(file, message)| Note { file: dir.join(file), message: format!("read in part ({name}): {message}") }),
    );
}

/// The generated files of a project's frameworks (a build's manifests),
/// read whether or not the walk kept them: they live in ignored folders.
fn read_generated(
    root: &Path,
    project: &DetectedProject,
    routes: &mut Vec<DiscoveredRoute>,
    notes: &mut Vec<Note>,
) -> Result<(), ScanError> {
    for framework in &project.uses {
        let Extractor::PerFile(rules) = framework.extractor else { continue };
        for generated in rules.generated {
            let relative = Path::new(generated);
            if root.join(&project.dir).join(relative).is_file() {
                let input = Input {
                    root,
                    project: &project.dir,
                    relative,
                    named: relative,
                    read_as: relative,
                    reading: Reading::Text,
                };
                extract(&input, framework.name, rules.extract, routes, notes)?;
            }
        }
    }
    Ok(())
}

/// Puts the routes of each Next.js project under its literal `basePath`
/// (its redirects and rewrites are already, or say they are not), and those
/// of other frameworks under their literal base URL.
fn apply_base_paths(projects: &[DetectedProject], routes: &mut [DiscoveredRoute]) {
    let next = [fs::nextjs::APP.name, fs::nextjs::PAGES.name];
    for (index, project) in projects.iter().enumerate() {
        if !project.uses.iter().any(|f| next.contains(&f.name)) {
            continue;
        }
        let Some(base) = &project.config.base_path else { continue };
        for route in routes.iter_mut().filter(|r| next.contains(&r.framework) && r.forward.is_none()) {
            if projects.iter().rposition(|p| is_under(&route.file, &p.dir)) == Some(index) {
                route.pattern = fs::next_config::with_base(base, &route.pattern);
            }
        }
    }
    // Other frameworks' base URLs (Nuxt's `app.baseURL`, Astro's `base`)
    // hold every route of theirs, redirects included.
    for (index, project) in projects.iter().enumerate() {
        for (framework, base) in &project.config.bases {
            for route in routes.iter_mut().filter(|r| r.framework == *framework) {
                if projects.iter().rposition(|p| is_under(&route.file, &p.dir)) == Some(index) {
                    route.pattern = fs::next_config::with_base(base, &route.pattern);
                }
            }
        }
    }
}

/// True when the file lies in a router folder the framework ignores because
/// its preferred sibling exists (`src/pages/x.tsx` beside `pages/`).
fn passed_over(root: &Path, project: &Path, relative: &Path, rules: &PerFile) -> bool {
    let folder_preferred = rules
        .preferred
        .iter()
        .any(|(ignored, preferred)| relative.starts_with(ignored) && root.join(project).join(preferred).is_dir());
    folder_preferred || module_preferred(&root.join(project), relative, rules)
}

/// True when the file is a module the framework ignores because a sibling
/// module of the preferred name exists (`x/index.tsx` beside `x/route.tsx`).
fn module_preferred(project: &Path, relative: &Path, rules: &PerFile) -> bool {
    let Some(stem) = relative.file_stem().and_then(|s| s.to_str()) else { return false };
    let dir = project.join(relative.parent().unwrap_or(Path::new("")));
    rules.preferred_modules.iter().filter(|(ignored, _)| *ignored == stem).any(|(_, preferred)| {
        framework::SCRIPT_EXTENSIONS.iter().any(|ext| dir.join(format!("{preferred}.{ext}")).is_file())
    })
}

/// A project with the frameworks that read its files.
struct DetectedProject {
    dir: PathBuf,
    uses: Vec<&'static Framework>,
    workspace: Option<PathBuf>,
    /// The manifests its directory holds (`go.mod`, `package.json`, …).
    manifests: Vec<String>,
    config: ProjectConfig,
}

/// The manifests that build a code file's language. A code file belongs to
/// the nearest project with one of them, not to a nearer project of another
/// language: a Go server's `ui/serve.go` is in its Go module, not in the
/// web app whose `package.json` sits beside it.
fn language_manifests(file: &Path) -> &'static [&'static str] {
    match file.extension().and_then(|e| e.to_str()) {
        Some("go") => &["go.mod"],
        Some("rs") => &["Cargo.toml"],
        Some("rb") => &["Gemfile"],
        Some("py") => &["requirements.txt", "pyproject.toml"],
        Some("java" | "kt") => &["pom.xml", "build.gradle", "build.gradle.kts"],
        Some("cs" | "cshtml" | "razor") => &[".csproj"],
        Some("php") => &["composer.json"],
        _ => &[],
    }
}

/// Whether a manifest's file name is one of `wanted` (a leading `.` is an extension).
fn manifest_of(name: &str, wanted: &[&str]) -> bool {
    wanted.iter().any(|w| *w == name || (w.starts_with('.') && name.ends_with(w)))
}

/// The index of the project a file belongs to: the nearest one holding its
/// language's manifest, else the nearest one.
fn owner<'p>(file: &Path, projects: &'p [DetectedProject]) -> Option<(usize, &'p DetectedProject)> {
    let wanted = language_manifests(file);
    let mut containing = projects.iter().enumerate().rev().filter(|(_, p)| is_under(file, &p.dir));
    let nearest = containing.clone().next();
    containing.find(|(_, p)| p.manifests.iter().any(|m| manifest_of(m, wanted))).or(nearest)
}

/// Whether `file` is `dir` or below it: [`Path::starts_with`] for the
/// paths the walk gives (relative, no `.` or repeated separators), by
/// their bytes. Asked for every file and every project, it is most of
/// what finding a file's project costs, and comparing component by
/// component was several times slower.
fn is_under(file: &Path, dir: &Path) -> bool {
    let (file, dir) = (file.as_os_str().as_encoded_bytes(), dir.as_os_str().as_encoded_bytes());
    dir.is_empty()
        || (file.starts_with(dir)
            && file.get(dir.len()).is_none_or(|&next| next == b'/' || next == std::path::MAIN_SEPARATOR as u8))
}

impl DetectedProject {
    fn public(self) -> Project {
        Project { dir: self.dir, frameworks: self.uses.iter().map(|f| f.name).collect(), workspace: self.workspace }
    }
}

/// The root and every directory holding a manifest, shortest first, each
/// with its frameworks: the one named, or those its manifests show (and,
/// for a workspace member, its workspace root's).
fn projects(root: &Path, files: &[PathBuf], candidates: &[&'static Framework], named: bool) -> Vec<DetectedProject> {
    let mut dirs: BTreeMap<PathBuf, Vec<String>> = BTreeMap::from([(PathBuf::new(), Vec::new())]);
    for file in files {
        let name = file.file_name().map(|n| n.to_string_lossy());
        if let Some(name) = name.filter(|n| framework::is_manifest(n)) {
            dirs.entry(file.parent().map(Path::to_path_buf).unwrap_or_default()).or_default().push(name.into_owned());
        }
    }
    // Workspace roots hold a package.json, so they are among the project
    // directories, or they lie above the scanned one (`parity scan apps/web`).
    let workspaces: Vec<Workspace> = if named {
        Vec::new()
    } else {
        let inside = dirs.keys().filter_map(|dir| Workspace::read(root, dir));
        inside.chain(Workspace::read_above(root)).collect()
    };
    let mut projects: Vec<DetectedProject> = dirs
        .into_iter()
        .map(|(dir, manifests)| {
            if named {
                return DetectedProject {
                    dir,
                    uses: candidates.to_vec(),
                    workspace: None,
                    manifests,
                    config: ProjectConfig::default(),
                };
            }
            let detected = detect::detect(root, &dir, &workspaces, candidates);
            DetectedProject {
                dir,
                uses: detected.frameworks,
                workspace: detected.workspace,
                manifests,
                config: ProjectConfig::default(),
            }
        })
        .collect();
    // Nearest project last, so a file finds it first when searched backwards.
    projects.sort_by_key(|p| p.dir.components().count());
    if !named {
        fs::nuxt::read_layers(&mut projects, |p| (p.dir.as_path(), &mut p.uses));
    }
    projects
}

/// One file handed to a framework.
struct Input<'a> {
    root: &'a Path,
    project: &'a Path,
    relative: &'a Path,
    /// `relative` as UTF-8 ([`crate::path_text::utf8`]).
    named: &'a Path,
    /// `named` as the framework reads it: in its default router folder when
    /// the project's config moves that ([`ProjectConfig::read_as`]).
    read_as: &'a Path,
    reading: Reading,
}

/// A file's text, or a note saying why it could not be read.
fn read_text(root: &Path, file: &Path, notes: &mut Vec<Note>) -> Option<String> {
    match walk::read_text(&root.join(file)) {
        Ok(text) => Some(text),
        Err(error) => {
            notes.push(Note { file: file.to_path_buf(), message: format!("not read: {error}") });
            None
        }
    }
}

fn extract(
    input: &Input<'_>,
    name: &str,
    extract_file: Extract,
    routes: &mut Vec<DiscoveredRoute>,
    notes: &mut Vec<Note>,
) -> Result<(), ScanError> {
    let file = input.project.join(input.relative);
    let text = match input.reading {
        Reading::Text | Reading::Module => {
            let Some(text) = read_text(input.root, &file, notes) else { return Ok(()) };
            if input.reading == Reading::Module {
                let project = input.root.join(input.project);
                fs::modules::splice_reexports(input.root, &project, &input.root.join(&file), text)
            } else {
                text
            }
        }
        Reading::Path | Reading::Skip => String::new(),
    };
    let relative_to_root = |mut route: DiscoveredRoute| {
        let file = if route.file == input.read_as { input.named } else { &route.file };
        route.file = input.project.join(file);
        route
    };
    match extract_file(name, input.read_as, &text) {
        Ok(found) => {
            routes.extend(found.into_iter().map(relative_to_root));
            Ok(())
        }
        Err(ExtractError::Partial(found, message)) => {
            routes.extend(found.into_iter().map(relative_to_root));
            notes.push(Note { file, message: format!("read in part ({name}): {message}") });
            Ok(())
        }
        Err(ExtractError::Unparsable(message)) => {
            notes.push(Note { file, message: format!("no routes read ({name}): {message}") });
            Ok(())
        }
        Err(ExtractError::Invalid(message)) => Err(ScanError::Invalid { path: input.root.join(file), message }),
    }
}

/// Project index, shape, confidence and unresolved prefix: what makes two
/// routes the same route.
type RouteGroup = (usize, String, Confidence, Option<String>);

/// One route per project, shape, confidence, unresolved prefix and method
/// set. Routes of different projects, or under different unresolved
/// prefixes, are different routes even when their shapes agree.
///
/// Explicit sources win: an OpenAPI operation over code and file-system
/// heuristics. A generated manifest says a route exists but not reliably
/// which methods answer it (Next.js lists route handlers as `*`, React
/// Router lists every route as `GET`), so when the files define the same
/// route, the manifest's entry is kept with the files' methods.
fn keep_most_authoritative(mut routes: Vec<DiscoveredRoute>, projects: &[DetectedProject]) -> Vec<DiscoveredRoute> {
    routes.sort_by(|a, b| (a.file.as_os_str(), a.line, &a.pattern).cmp(&(b.file.as_os_str(), b.line, &b.pattern)));
    let mut groups: BTreeMap<RouteGroup, Vec<DiscoveredRoute>> = BTreeMap::new();
    // Sorted by file, the routes of one file come together: its project is looked up once.
    let mut last: Option<(PathBuf, usize)> = None;
    for route in routes {
        let project = match &last {
            Some((file, project)) if *file == route.file => *project,
            _ => {
                let project = projects.iter().rposition(|p| is_under(&route.file, &p.dir)).unwrap_or(0);
                last = Some((route.file.clone(), project));
                project
            }
        };
        let shape = RoutePattern::parse(&route.pattern).map_or_else(|_| route.pattern.clone(), |p| p.shape());
        groups.entry((project, shape, route.confidence, route.unresolved_prefix.clone())).or_default().push(route);
    }
    let mut kept = Vec::new();
    for group in groups.into_values() {
        let (mut manifests, others): (Vec<_>, Vec<_>) =
            group.into_iter().partition(|route| route.source == RouteSource::Manifest);
        let group = if manifests.is_empty() || others.is_empty() {
            manifests.into_iter().chain(others).collect()
        } else {
            let mut methods: Vec<String> = others.iter().flat_map(|r| r.methods.iter().cloned()).collect();
            methods.sort();
            methods.dedup();
            if methods.iter().any(|m| m == "*") {
                methods = vec!["*".to_owned()];
            }
            for manifest in &mut manifests {
                manifest.methods.clone_from(&methods);
            }
            manifests
        };
        // Redirects from one source to different places (under different
        // conditions: a host, a cookie) are different routes.
        let mut by_methods: BTreeMap<(Vec<String>, Option<String>), DiscoveredRoute> = BTreeMap::new();
        for route in group {
            let mut methods = route.methods.clone();
            methods.sort();
            let key = (methods, route.forward.as_ref().map(|f| f.destination.clone()));
            match by_methods.get(&key) {
                Some(existing) if existing.source >= route.source => {}
                _ => {
                    by_methods.insert(key, route);
                }
            }
        }
        kept.extend(by_methods.into_values());
    }
    sort_routes(&mut kept);
    kept
}

/// The order of every listing: pattern, methods, file, line.
pub fn sort_routes(routes: &mut [DiscoveredRoute]) {
    routes.sort_by(|a, b| (&a.pattern, &a.methods, &a.file, a.line).cmp(&(&b.pattern, &b.methods, &b.file, b.line)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_under_its_folders_and_the_root_by_whole_names() {
        assert!(is_under(Path::new("api/app.py"), Path::new("api")));
        assert!(is_under(Path::new("api"), Path::new("api")));
        assert!(is_under(Path::new("api/v1/app.py"), Path::new("api/v1")));
        assert!(is_under(Path::new("app.py"), Path::new("")));
        assert!(!is_under(Path::new("api2/app.py"), Path::new("api")), "a longer name is another folder");
        assert!(!is_under(Path::new("ap"), Path::new("api")));
        assert!(!is_under(Path::new("web/api/app.py"), Path::new("api")));
    }
}
