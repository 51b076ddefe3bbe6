//! A tree with no manifest at all (a folder copied out of a repository, a
//! vendored app, a tree whose `package.json` lives above the scanned folder)
//! is read by its content before giving up: the files a framework's
//! convention names, or the calls its routers make, say which framework it
//! is. The scan then says which framework it guessed and why, in a note.
//!
//! Only conventions that no other framework shares count: `app/**/page.tsx`
//! (Next.js app router), `pages/_app.tsx` or `pages/api/` (pages router),
//! `src/routes/**/+page.svelte` (SvelteKit), `app/routes.ts` (React Router
//! 7), `app/routes/_index.tsx` (flat routes), `config/routes.rb` (Rails),
//! a `urls.py` (Django), `routes/web.php` (Laravel), and in Python files
//! `FastAPI(` or `APIRouter(` (`FastAPI`) or `Flask(` (Flask), in JavaScript
//! files `express()`. A tree that none of these names and that holds at
//! least as many PHP files as other code is a plain PHP site.

use std::path::{Path, PathBuf};

use super::framework::{self, Framework, MANIFESTS};
use super::fs::module_stem;
use super::walk::read_text;

/// The frameworks a manifest-less tree looks like, each with the file that
/// gave it away, and a sentence for what was seen but cannot be read.
#[derive(Debug, Default)]
pub struct Guess {
    pub frameworks: Vec<(&'static Framework, PathBuf)>,
    pub unread: Option<(PathBuf, String)>,
}

/// Guesses the frameworks of `root` from the walked `files` (relative to
/// it), when the root holds no manifest; `None` when it holds one.
#[must_use]
pub fn guess(root: &Path, files: &[PathBuf]) -> Option<Guess> {
    if MANIFESTS.iter().any(|m| root.join(m).is_file()) {
        return None;
    }
    let mut guess = Guess::default();
    for file in files {
        let Some(name) = file.file_name().and_then(|n| n.to_str()) else { continue };
        let Some(framework) = by_path(file, name).or_else(|| by_text(root, file, name)) else { continue };
        let Some(framework) = framework::by_name(framework) else { continue };
        if !guess.frameworks.iter().any(|(known, _)| known.name == framework.name) {
            guess.frameworks.push((framework, file.clone()));
        }
    }
    if guess.frameworks.is_empty() {
        guess.frameworks.extend(plain_php(files));
    }
    Some(guess)
}

/// The framework a file's path alone names.
fn by_path(file: &Path, name: &str) -> Option<&'static str> {
    let path = file.to_string_lossy().replace('\\', "/");
    let in_dir = |dir: &str| path.starts_with(dir) || path.starts_with(&format!("src/{dir}"));
    let stem = module_stem(name, framework::SCRIPT_EXTENSIONS);
    if in_dir("app/") && matches!(stem, Some("page" | "route")) {
        Some("nextjs-app")
    } else if in_dir("pages/") && (path.contains("pages/api/") || stem == Some("_app")) {
        Some("nextjs-pages")
    } else if path.starts_with("src/routes/") && (name.starts_with("+page") || name.starts_with("+server")) {
        Some("sveltekit")
    } else if path == "app/routes.ts" || path == "app/routes.js" {
        Some("react-router-config")
    } else if path.starts_with("app/routes/") && stem == Some("_index") {
        Some("flat-routes")
    } else if path == "config/routes.rb" {
        Some("rails")
    } else if name == "urls.py" {
        Some("django")
    } else if path == "routes/web.php" || path == "routes/api.php" {
        Some("laravel")
    } else {
        None
    }
}

/// A tree of mostly PHP that no framework claimed: a plain PHP site,
/// given away by its first `index.php` (else its first PHP file).
fn plain_php(files: &[PathBuf]) -> Option<(&'static Framework, PathBuf)> {
    let is = |file: &PathBuf, ext: &str| file.extension().is_some_and(|e| e == ext);
    let php: Vec<&PathBuf> = files.iter().filter(|f| is(f, "php")).collect();
    let code = files.iter().filter(|f| ["js", "ts", "py", "rb", "go", "rs"].iter().any(|ext| is(f, ext))).count();
    if php.is_empty() || php.len() < code {
        return None;
    }
    let index = php.iter().find(|f| f.file_name().is_some_and(|n| n == "index.php")).unwrap_or(&php[0]);
    Some((framework::by_name("php")?, (*index).clone()))
}

/// The framework a file's text names by its router calls.
fn by_text(root: &Path, file: &Path, name: &str) -> Option<&'static str> {
    let python = Path::new(name).extension().is_some_and(|ext| ext == "py");
    let script = module_stem(name, framework::SCRIPT_EXTENSIONS).is_some();
    if !python && !script {
        return None;
    }
    let text = read_text(&root.join(file)).ok()?;
    if python && (text.contains("FastAPI(") || text.contains("APIRouter(")) {
        Some("fastapi")
    } else if python && text.contains("Flask(") {
        Some("flask")
    } else if script && text.contains("express()") {
        Some("express")
    } else {
        None
    }
}
