//! Plain PHP sites, no framework: the web server runs any `*.php` file under
//! its document root, so each is a `GET` route at its path (`/admin/users.php`),
//! and an `index.php` is also its folder's (`/admin`), as Apache's
//! `DirectoryIndex` and PHP's built-in server (`php -S`) serve it.
//!
//! The document root is the project's folder when it holds an `index.php`,
//! else the first of `public/`, `public_html/`, `htdocs/`, `www/`, `web/` that
//! does; files outside it are not served. Not listed, though a server
//! answers them: `vendor/` folders (Composer's packages), `*.inc.php` files
//! (named as includes: alone, they fail or show nothing), and files that
//! output nothing when requested — files that only declare classes,
//! functions and constants (and include what those need), and files that
//! stop at once when opened directly (`defined('APP') or die;`), the usual
//! guard of an include. A file that cannot be lexed is listed all the same.
//!
//! PHP answers any method with the same script; `GET` is what a page is
//! opened with, so that is what is listed.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::lex::Lang;
use super::tree::{self, Tree};
use super::{Files, SourceFile, page};
use crate::scan::DiscoveredRoute;

/// Folders that are usually a site's document root, beside its code.
const DOCUMENT_ROOTS: &[&str] = &["public", "public_html", "htdocs", "www", "web"];

/// Statements that declare and output nothing.
const DECLARATIONS: &[&str] = &[
    "class",
    "interface",
    "trait",
    "enum",
    "function",
    "abstract",
    "final",
    "readonly",
    "namespace",
    "use",
    "declare",
    "const",
    "return",
];

/// Declarations that define code (not `namespace`, `use`, `declare`).
const DEFINITIONS: &[&str] = &["class", "interface", "trait", "enum", "function", "abstract", "final", "readonly"];

/// Statements that bring in another file: a front controller's output.
const INCLUDES: &[&str] = &["require", "require_once", "include", "include_once"];

/// The pages of a plain PHP site.
#[must_use]
pub fn extract(files: &Files<'_>, framework: &'static str) -> Vec<DiscoveredRoute> {
    let root = document_root(files);
    // A file is lexed only when it may be a page or declares functions
    // (translation tables of 100 kB are neither).
    let parsed: Vec<Option<Vec<Tree>>> = files
        .iter()
        .map(|f| {
            (served(f, &root).is_some() || f.text.contains("function")).then(|| tree::parse(&f.text, Lang::Php))?
        })
        .collect();
    let app = AppFunctions(parsed.iter().flatten().flat_map(|items| declared(items)).collect());
    let mut routes = Vec::new();
    for (file, items) in files.iter().zip(&parsed) {
        let Some(served) = served(file, &root) else { continue };
        if !is_page(items.as_deref(), &app) {
            continue;
        }
        routes.push(page(url(served), file, 1, framework));
        if served.file_name().is_some_and(|name| name == "index.php") {
            routes.push(page(url(served.parent().unwrap_or(Path::new(""))), file, 1, framework));
        }
    }
    routes
}

/// The file's path under the document root, unless it is no page by its
/// place or name: Composer's packages, Blade templates, `*.inc.php` includes.
fn served<'f>(file: &'f SourceFile, root: &Path) -> Option<&'f Path> {
    let served = file.path.strip_prefix(root).ok()?;
    let name = served.to_string_lossy();
    let skipped = served.components().any(|c| c.as_os_str() == "vendor")
        || name.ends_with(".blade.php")
        || name.ends_with(".inc.php");
    (!skipped).then_some(served)
}

/// The folder the server serves, relative to the project.
fn document_root(files: &Files<'_>) -> PathBuf {
    if files.contains(Path::new("index.php")) {
        return PathBuf::new();
    }
    DOCUMENT_ROOTS.iter().map(PathBuf::from).find(|dir| files.contains(&dir.join("index.php"))).unwrap_or_default()
}

/// A path as a URL path: each byte that a route cannot hold as it is
/// percent-encoded, as a client sends it.
fn url(path: &Path) -> String {
    let mut out = String::new();
    for segment in path {
        out.push('/');
        for byte in segment.to_string_lossy().bytes() {
            if byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=@".contains(&byte) {
                out.push(char::from(byte));
            } else {
                let _ = write!(out, "%{byte:02X}");
            }
        }
    }
    if out.is_empty() { "/".to_owned() } else { out }
}

/// Whether requesting the file shows something: anything but declarations,
/// and no guard against being opened directly.
fn is_page(items: Option<&[Tree]>, app: &AppFunctions) -> bool {
    let Some(items) = items else { return true };
    let statements = statements(items);
    if statements.first().is_some_and(|s| guard(s)) {
        return false;
    }
    let head = |s: &[Tree]| s.first().and_then(Tree::ident).map(str::to_ascii_lowercase);
    let defines = |s: &&[Tree]| head(s).is_some_and(|w| DEFINITIONS.contains(&w.as_str()));
    // What a class file includes comes before its declarations; a page that
    // declares a hook and then includes the app (`include "./index.php"`) runs it.
    let first_declaration = statements.iter().position(defines).unwrap_or(statements.len());
    let includes = statements.iter().any(|s| head(s).is_some_and(|w| INCLUDES.contains(&w.as_str())));
    if !includes && app.called_without_definition(&statements, &declared(items)) {
        return false;
    }
    statements.iter().enumerate().any(|(at, s)| match head(s) {
        Some(word) if DECLARATIONS.contains(&word.as_str()) => false,
        Some(word) if INCLUDES.contains(&word.as_str()) => {
            at > first_declaration || first_declaration == statements.len()
        }
        _ => true,
    })
}

/// The top-level statements: up to a `;`, or up to the body of a
/// declaration; `namespace x { … }` bodies are read as top level.
fn statements(items: &[Tree]) -> Vec<&[Tree]> {
    let mut found = Vec::new();
    let (mut start, mut at) = (0, 0);
    while at < items.len() {
        // `#[Attribute]` belongs to what follows it.
        if at == start && items[at].is_punct('#') && items.get(at + 1).is_some_and(|t| t.group('[').is_some()) {
            (start, at) = (at + 2, at + 2);
            continue;
        }
        let item = &items[at];
        let declaration = items[start].ident().is_some_and(|w| DECLARATIONS.contains(&w.to_ascii_lowercase().as_str()));
        if item.is_punct(';') || (declaration && item.group('{').is_some()) {
            match (items[start].is_ident("namespace"), item.group('{')) {
                (true, Some(body)) => found.extend(statements(&body.items)),
                _ if at > start || !item.is_punct(';') => found.push(&items[start..=at]),
                _ => {}
            }
            start = at + 1;
        }
        at += 1;
    }
    if start < items.len() {
        found.push(&items[start..]);
    }
    found
}

/// The functions the project's files declare at their top level (lower
/// case, as PHP compares them).
struct AppFunctions(HashSet<String>);

impl AppFunctions {
    /// Whether a top-level statement calls one of the app's functions that
    /// this file does not declare: without including anything, the file
    /// can only run included by the app (alone, the call fails).
    fn called_without_definition(&self, statements: &[&[Tree]], own: &HashSet<String>) -> bool {
        statements.iter().any(|statement| {
            statement.windows(2).any(|pair| {
                let name = pair[0].ident().map(str::to_ascii_lowercase);
                pair[1].group('(').is_some() && name.is_some_and(|name| self.0.contains(&name) && !own.contains(&name))
            })
        })
    }
}

/// The functions a file declares at its top level (and in a `namespace { }`).
fn declared(items: &[Tree]) -> HashSet<String> {
    statements(items)
        .into_iter()
        .filter(|s| s.first().is_some_and(|t| t.is_ident("function")))
        .filter_map(|s| s.get(1)?.ident().map(str::to_ascii_lowercase))
        .collect()
}

/// `defined('X') or die;`, `if (!defined('X')) exit;`: an include's guard.
fn guard(statement: &[Tree]) -> bool {
    let stops = |trees: &[Tree]| {
        let mut stop = false;
        tree::visit(trees, &mut |level| stop |= level.iter().any(|t| t.is_ident("die") || t.is_ident("exit")));
        stop
    };
    match statement {
        [first, ..] if first.is_ident("defined") => stops(statement),
        [first, condition, ..] if first.is_ident("if") => {
            let checks = condition.group('(').is_some_and(|g| {
                g.items.iter().any(|t| t.is_punct('!')) && g.items.iter().any(|t| t.is_ident("defined"))
            });
            checks && stops(statement)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page_of(text: &str) -> bool {
        let app = AppFunctions(HashSet::from(["add_driver".to_owned()]));
        let items = tree::parse(text, Lang::Php);
        is_page(items.as_deref(), &app)
    }

    #[test]
    fn a_file_that_outputs_nothing_is_no_page() {
        assert!(!page_of(
            "<?php\nnamespace App;\nuse X\\Y;\n#[Attr]\nfinal class A extends B { function f() { echo 1; } }\n"
        ));
        assert!(!page_of("<?php\nrequire_once 'base.php';\nfunction helper() { echo 'x'; }\n"));
        assert!(!page_of("<?php\ndefined('APP') or die('No direct access');\necho 'secret';\n"));
        assert!(!page_of("<?php\nif (!defined('PHPMYADMIN')) {\n    exit;\n}\nfunction f() {}\n"));
        assert!(!page_of("<?php return ['db' => 'x'];"));
        assert!(!page_of("<?php namespace A { class B {} }"));
        assert!(!page_of(""));
        assert!(page_of("#!/usr/bin/env php\n<?php echo 'usage';"), "a command-line script is served too");
        // Calls the app's function without including its file: runs only included.
        assert!(!page_of("<?php\nnamespace Adminer;\nadd_driver('redis', 'Redis');\n"));
    }

    #[test]
    fn a_file_that_shows_something_is_a_page() {
        assert!(page_of("<html><?php echo 1; ?></html>"));
        assert!(page_of("<?php\nrequire 'bootstrap.php';\n"), "a front controller");
        assert!(page_of("<?php\nsession_start();\nclass A {}\n"));
        assert!(page_of("<?php\n$x = 1;\n"));
        assert!(page_of("<?php\nrequire 'functions.php';\nadd_driver('x', 'X');\n"));
        assert!(page_of("<?php\nfunction add_driver() {}\nadd_driver();\n"));
        assert!(page_of("<?php 'never closed"), "unreadable: listed");
        assert!(page_of("<?php if ($admin) { exit; } echo 1;"));
        assert!(
            page_of("<?php\nfunction adminer_object() { return 1; }\ninclude './index.php';\n"),
            "a hook, then the app"
        );
    }

    #[test]
    fn urls_encode_what_a_route_cannot_hold() {
        assert_eq!(url(Path::new("admin/user list.php")), "/admin/user%20list.php");
        assert_eq!(url(Path::new("")), "/");
        assert_eq!(url(Path::new("a/{x}.php")), "/a/%7Bx%7D.php");
    }
}
