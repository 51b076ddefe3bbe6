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
//! guard of an include — and command-line scripts a web server cannot run
//! (a `#!` line before `namespace`, or `$argv` read). A file that cannot be
//! lexed is listed all the same.
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
    let mut app = HashSet::new();
    let mut read = Vec::new();
    for file in files {
        let Some(served) = served(file, &root).filter(|_| file.readable()) else { continue };
        // Trees are dropped once read: kept for every file, they were a
        // third of the time, in fresh memory pages.
        let items = tree::parse(file.text(), Lang::Php);
        app.extend(items.as_deref().map(declared).unwrap_or_default());
        read.push((file, served, Verdict::of(file.text(), items.as_deref())));
    }
    // The other files only matter for the functions that pages including
    // nothing call; one is lexed only when its text may declare one of them
    // (translation tables of 100 kB and most classes do not).
    let wanted: HashSet<&String> = read
        .iter()
        .filter_map(|(.., verdict)| verdict.calls.as_ref())
        .flatten()
        .filter(|n| !app.contains(*n))
        .collect();
    for file in files {
        if wanted.is_empty() {
            break;
        }
        let may_declare = || maybe_declared(file.text()).is_none_or(|names| names.iter().any(|n| wanted.contains(n)));
        if served(file, &root).is_none() && may_declare() {
            app.extend(tree::parse(file.text(), Lang::Php).as_deref().map(declared).unwrap_or_default());
        }
    }
    let app = AppFunctions(app);
    let mut routes = Vec::new();
    for (file, served, verdict) in read {
        if !verdict.page(&app) {
            continue;
        }
        routes.push(page(url(served), file, 1, framework));
        if served.file_name().is_some_and(|name| name == "index.php") {
            routes.push(page(url(served.parent().unwrap_or(Path::new(""))), file, 1, framework));
        }
    }
    routes
}

/// The names that follow the word `function` in a file's text, lower case:
/// every function it may declare (and its methods, and words in comments),
/// found without lexing. `None` when a comment stands between the word and
/// a name, which only lexing reads.
fn maybe_declared(text: &str) -> Option<HashSet<String>> {
    let ident = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    let mut names = HashSet::new();
    for (at, word) in text.match_indices("function") {
        // `$function`, `my_function`: another identifier.
        if text[..at].chars().next_back().is_some_and(|c| c.is_ascii() && ident(c)) {
            continue;
        }
        let rest = text[at + word.len()..].trim_start();
        if rest.starts_with('/') || rest.starts_with('#') {
            return None;
        }
        let end = rest.find(|c: char| !ident(c)).unwrap_or(rest.len());
        names.insert(rest[..end].to_ascii_lowercase());
    }
    Some(names)
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

/// What a file shows when requested, as far as the file alone tells.
struct Verdict {
    /// Something besides declarations, no guard against being opened
    /// directly, code PHP compiles under a web server, no command-line script.
    shows: bool,
    /// The functions its top-level code calls and it does not declare, when
    /// it includes nothing: one of them declared by another file of the app
    /// means the file runs only included (alone, the call fails).
    calls: Option<HashSet<String>>,
}

impl Verdict {
    fn of(text: &str, items: Option<&[Tree]>) -> Verdict {
        let Some(items) = items else { return Verdict { shows: true, calls: None } };
        let no_page = Verdict { shows: false, calls: None };
        let statements = statements(items);
        if statements.first().is_some_and(|s| guard(s)) || fails_to_compile(text, items) {
            return no_page;
        }
        let head = |s: &[Tree]| s.first().and_then(Tree::ident).map(str::to_ascii_lowercase);
        let defines = |s: &&[Tree]| head(s).is_some_and(|w| DEFINITIONS.contains(&w.as_str()));
        if command_line(items, statements.iter().filter(|s| !defines(s))) {
            return no_page;
        }
        // What a class file includes comes before its declarations; a page that
        // declares a hook and then includes the app (`include "./index.php"`) runs it.
        let first_declaration = statements.iter().position(defines).unwrap_or(statements.len());
        let includes = statements.iter().any(|s| head(s).is_some_and(|w| INCLUDES.contains(&w.as_str())));
        let shows = statements.iter().enumerate().any(|(at, s)| match head(s) {
            Some(word) if DECLARATIONS.contains(&word.as_str()) => false,
            Some(word) if INCLUDES.contains(&word.as_str()) => {
                at > first_declaration || first_declaration == statements.len()
            }
            _ => true,
        });
        let calls = (shows && !includes).then(|| {
            let own = declared(items);
            called(&statements).into_iter().filter(|name| !own.contains(name)).collect()
        });
        Verdict { shows, calls }
    }

    fn page(&self, app: &AppFunctions) -> bool {
        self.shows && !self.calls.as_ref().is_some_and(|calls| calls.iter().any(|name| app.0.contains(name)))
    }
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

/// The functions that top-level statements call by name (lower case).
fn called(statements: &[&[Tree]]) -> HashSet<String> {
    statements
        .iter()
        .flat_map(|statement| statement.windows(2))
        .filter(|pair| pair[1].group('(').is_some())
        .filter_map(|pair| pair[0].ident().map(str::to_ascii_lowercase))
        .collect()
}

/// The functions a file declares at its top level (and in a `namespace { }`).
fn declared(items: &[Tree]) -> HashSet<String> {
    statements(items)
        .into_iter()
        .filter(|s| s.first().is_some_and(|t| t.is_ident("function")))
        .filter_map(|s| s.get(1)?.ident().map(str::to_ascii_lowercase))
        .collect()
}

/// Whether PHP refuses to compile the file when a web server runs it:
/// `namespace` and `declare(strict_types=1)` must be the very first
/// statement, and text before the opening tag is output, so a statement —
/// a `#!/usr/bin/env php` line too, which the command line skips (and
/// `php-cgi`) but PHP-FPM and `php -S` print. Such a file is a command-line
/// script; requested, it answers 500.
fn fails_to_compile(text: &str, items: &[Tree]) -> bool {
    let Some(tag) = text.find("<?").filter(|&at| at > 0) else { return false };
    // The lexer reads text that is more than white space as `echo;`.
    let first = if text[..tag].trim().is_empty() { items } else { items.get(2..).unwrap_or_default() };
    match first {
        // `namespace\f()` is a call, not a declaration.
        [word, next, ..] if word.is_ident("namespace") => next.ident().is_some() || next.group('{').is_some(),
        [word, args, ..] if word.is_ident("declare") => {
            args.group('(').is_some_and(|g| g.items.first().is_some_and(|t| t.is_ident("strict_types")))
        }
        _ => false,
    }
}

/// Whether the file is a command-line script: its code (not its functions)
/// reads `$argv` or `$argc`, which PHP defines only when run from the
/// command line, and nothing in it asks where it runs (`PHP_SAPI`,
/// `php_sapi_name()`): a script that asks may serve the web as well.
fn command_line<'a>(items: &[Tree], mut code: impl Iterator<Item = &'a &'a [Tree]>) -> bool {
    let names = |trees: &[Tree], wanted: &[&str]| {
        let mut found = false;
        tree::visit(trees, &mut |level| found |= level.iter().any(|t| wanted.iter().any(|w| t.is_ident(w))));
        found
    };
    code.any(|statement| names(statement, &["$argv", "$argc"])) && !names(items, &["PHP_SAPI", "php_sapi_name"])
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
        Verdict::of(text, items.as_deref()).page(&app)
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
    fn a_command_line_script_is_no_page() {
        // Under a web server the `#!` line is output: `namespace` is no longer first.
        assert!(!page_of("#!/usr/bin/env php\n<?php\nnamespace App;\nrequire 'x.php';\necho 1;\n"));
        assert!(!page_of("#!/usr/bin/env php\n<?php\ndeclare(strict_types=1);\necho 1;\n"));
        assert!(!page_of(" <?php\nnamespace App { echo 1; }\n"), "white space is output too");
        assert!(!page_of("<h1>x</h1>\n<?php namespace App; echo 1;"));
        // Reads the arguments only the command line gives.
        assert!(!page_of("<?php\nif (!in_array('--all', $argv)) { exit; }\necho 'measured';\n"));
        assert!(!page_of("#!/usr/bin/env php\n<?php\n$n = $argc;\nfunction f() {}\necho $n;\n"));
    }

    #[test]
    fn a_script_that_also_serves_the_web_is_a_page() {
        assert!(page_of("<?php\nnamespace App;\necho 1;\n"), "namespace first: compiles");
        assert!(page_of("<?php\ndeclare(strict_types=1);\nnamespace App;\necho 1;\n"));
        assert!(page_of("#!/usr/bin/env php\n<?php\ndeclare(ticks=1);\necho 1;\n"), "only strict_types must be first");
        assert!(page_of("#!/usr/bin/env php\n<?php\nnamespace\\helper();\n"), "a call, no declaration");
        assert!(page_of("#!/usr/bin/env php\n<?php\n$a = $_SERVER['argv'][1] ?? 'x';\necho $a;\n"));
        assert!(page_of("<?php\n$m = PHP_SAPI === 'cli' ? $argv[1] : $_GET['m'];\necho $m;\n"), "asks where it runs");
        assert!(page_of("<?php\nfunction main() { global $argv; }\necho 1;\n"), "only in a function");
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
    fn the_functions_a_text_may_declare_are_found_without_lexing() {
        let names = |text: &str| maybe_declared(text).map(|n| n.into_iter().collect::<std::collections::BTreeSet<_>>());
        let found =
            names("<?php\nfunction Add_Driver() {}\nclass A { function render() {} }\n$function = 1; my_function();")
                .unwrap();
        assert_eq!(found.into_iter().collect::<Vec<_>>(), ["add_driver", "render"]);
        assert_eq!(names("<?php function /* hook */ f() {}"), None, "a comment: only lexing reads the name");
        assert_eq!(names("<?php echo 1;").map(|n| n.len()), Some(0));
    }

    #[test]
    fn urls_encode_what_a_route_cannot_hold() {
        assert_eq!(url(Path::new("admin/user list.php")), "/admin/user%20list.php");
        assert_eq!(url(Path::new("")), "/");
        assert_eq!(url(Path::new("a/{x}.php")), "/a/%7Bx%7D.php");
    }
}
