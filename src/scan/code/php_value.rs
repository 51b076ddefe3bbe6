//! The few PHP values a route file spells literally: strings, arrays
//! (`['a' => 'b']` and `array(…)`), lists of strings, and the paths that
//! `require` and `group()` take (`__DIR__.'/auth.php'`,
//! `base_path('routes/api.php')`, `dirname(__DIR__).'/routes/web.php'`).
//! Anything else is not a literal, and the caller says so.

use std::path::{Component, Path, PathBuf};

use super::lex::Kind;
use super::tree::{self, Tree};

/// The text of a string literal, when `expr` is exactly one.
#[must_use]
pub fn string(expr: &[Tree]) -> Option<&str> {
    tree::string(expr).map(|t| t.text.as_str())
}

/// The items of an array literal: `[…]` or `array(…)`.
#[must_use]
pub fn array(expr: &[Tree]) -> Option<&[Tree]> {
    match expr {
        [Tree::Group(g)] if g.open == '[' => Some(&g.items),
        [name, Tree::Group(g)] if name.ident().is_some_and(|n| n.eq_ignore_ascii_case("array")) && g.open == '(' => {
            Some(&g.items)
        }
        _ => None,
    }
}

/// The entries of an array's items: `key => value` (key as text when it is
/// a string) or a bare value.
#[must_use]
pub fn entries(items: &[Tree]) -> Vec<(Option<&str>, &[Tree])> {
    tree::split(items, ',')
        .into_iter()
        .map(|entry| match arrow(entry) {
            Some(at) => (string(&entry[..at]), &entry[at + 2..]),
            None => (None, entry),
        })
        .collect()
}

/// The value of key `name` in an array literal.
#[must_use]
pub fn entry<'a>(expr: &'a [Tree], name: &str) -> Option<&'a [Tree]> {
    entries(array(expr)?).into_iter().find(|(key, _)| *key == Some(name)).map(|(_, value)| value)
}

/// Where `=>` stands in an entry.
fn arrow(entry: &[Tree]) -> Option<usize> {
    entry.windows(2).position(|pair| pair[0].is_punct('=') && pair[1].is_punct('>'))
}

/// The strings of `['a', 'b']`, or of one string `'a'`.
#[must_use]
pub fn strings(expr: &[Tree]) -> Vec<String> {
    match array(expr) {
        Some(items) => entries(items).into_iter().filter_map(|(_, v)| string(v)).map(str::to_owned).collect(),
        None => string(expr).map(str::to_owned).into_iter().collect(),
    }
}

/// The `name: value` arguments of a call (PHP 8 named arguments).
#[must_use]
pub fn named<'a>(args: &[&'a [Tree]], name: &str) -> Option<&'a [Tree]> {
    args.iter().find_map(|arg| match arg {
        [key, colon, value @ ..] if key.is_ident(name) && colon.is_punct(':') && !value.is_empty() => {
            (!value[0].is_punct(':')).then_some(value)
        }
        _ => None,
    })
}

/// The project file a path expression names, relative to the project:
/// `__DIR__` is the folder of `file`, `base_path('x')` the project's root,
/// `app_path('x')` its `app/`, `dirname(__DIR__)` the folder above; parts
/// are joined by `.`. `None` when a part is anything else.
#[must_use]
pub fn path(expr: &[Tree], file: &Path) -> Option<PathBuf> {
    let dir = file.parent().unwrap_or(Path::new(""));
    let mut text = String::new();
    for part in expr.split(|t| t.is_punct('.')) {
        text.push_str(&path_part(part, dir)?);
    }
    normalize(&text)
}

fn path_part(part: &[Tree], dir: &Path) -> Option<String> {
    let folder = |dir: &Path| format!("/{}", dir.to_string_lossy());
    let inner = |call: &Tree| call.group('(').and_then(|g| string(&g.items)).map(str::to_owned);
    match part {
        [t] if t.is_ident("__DIR__") => Some(folder(dir)),
        [t] if t.tok().is_some_and(|t| t.kind == Kind::Str) => string(part).map(str::to_owned),
        [name, call] if name.is_ident("base_path") => Some(format!("/{}", inner(call).unwrap_or_default())),
        [name, call] if name.is_ident("app_path") => Some(format!("/app/{}", inner(call).unwrap_or_default())),
        [name, call] if name.is_ident("dirname") => {
            let args = call.group('(')?;
            let args = tree::split(&args.items, ',');
            let levels = args.get(1).and_then(|a| a.first()?.tok()?.text.parse::<usize>().ok()).unwrap_or(1);
            let [t] = args.first()? else { return None };
            if !t.is_ident("__DIR__") {
                return None;
            }
            let up = (0..levels).try_fold(dir, |d, _| d.parent())?;
            Some(folder(up))
        }
        _ => None,
    }
}

/// `/a/./b/../c.php` → `a/c.php`; `None` when it climbs out of the project.
fn normalize(path: &str) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for component in Path::new(path).components() {
        match component {
            Component::Normal(name) => out.push(name),
            Component::ParentDir if !out.pop() => return None,
            _ => {}
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::code::lex::Lang;

    fn expr(src: &str) -> Vec<Tree> {
        tree::parse(&format!("<?php {src}"), Lang::Php).unwrap()
    }

    #[test]
    fn arrays_entries_and_string_lists() {
        let value = expr("['prefix' => 'admin', 'middleware' => ['a', 'b'], 'x']");
        assert_eq!(entry(&value, "prefix").and_then(string), Some("admin"));
        assert_eq!(entry(&value, "middleware").map(strings), Some(vec!["a".to_owned(), "b".to_owned()]));
        assert_eq!(strings(&expr("array('index', 'show')")), ["index", "show"]);
        assert_eq!(strings(&expr("'index'")), ["index"]);
    }

    #[test]
    fn include_paths_resolve_against_the_file_and_the_project() {
        let file = Path::new("routes/web.php");
        let resolved = |src: &str| path(&expr(src), file);
        assert_eq!(resolved("__DIR__.'/auth.php'"), Some(PathBuf::from("routes/auth.php")));
        assert_eq!(resolved("__DIR__ . '/../routes/api.php'"), Some(PathBuf::from("routes/api.php")));
        assert_eq!(resolved("base_path('routes/admin.php')"), Some(PathBuf::from("routes/admin.php")));
        assert_eq!(resolved("dirname(__DIR__).'/x.php'"), Some(PathBuf::from("x.php")));
        assert_eq!(resolved("$file"), None);
        assert_eq!(resolved("__DIR__.'/../../x.php'"), None, "outside the project");
    }
}
