//! What the JS/TS extractors share: parsed modules, relative import
//! resolution, imports, exports and `const` initialisers.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use super::lex::{Kind, Lang};
use super::tree::{self, Group, Tree};
use super::{Files, SourceFile};
use crate::scan::framework::SCRIPT_EXTENSIONS;

/// A file that could be lexed, with its token trees.
pub struct Module<'a> {
    pub file: &'a SourceFile,
    pub trees: Vec<Tree>,
}

/// The modules of `files` that can be read; the others yield nothing.
#[must_use]
pub fn parse_all<'a>(files: &Files<'a>) -> Vec<Module<'a>> {
    parse_where(files, |_| true)
}

/// The modules of `files` that `wanted` keeps and that can be read: a
/// reader that only needs modules naming its calls leaves the others
/// unread and unlexed.
#[must_use]
pub fn parse_where<'a>(files: &Files<'a>, wanted: impl Fn(&SourceFile) -> bool) -> Vec<Module<'a>> {
    files
        .all()
        .iter()
        .filter(|file| wanted(file))
        .filter_map(|file| Some(Module { file, trees: files.parse(file, Lang::Js)? }))
        .collect()
}

/// True for a test or mock module (`mock/`, `__mocks__/`, `tests/`,
/// `e2e/`, `cypress/`, `x.test.ts`, `x.spec.ts`): its route tables are
/// data for tests (a mock server's copy of the routes), not the app's.
#[must_use]
pub fn test_or_mock(path: &Path) -> bool {
    const FOLDERS: &[&str] = &["mock", "mocks", "__mocks__", "test", "tests", "__tests__", "e2e", "cypress"];
    let folder = path.parent().is_some_and(|dir| dir.iter().any(|c| c.to_str().is_some_and(|c| FOLDERS.contains(&c))));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    folder || name.contains(".test.") || name.contains(".spec.")
}

/// The file a relative import names (`./x`, `../x/y`), trying the usual
/// extensions and `index` files; `None` for packages and unknown files.
#[must_use]
pub fn resolve(from: &Path, spec: &str, files: &Files<'_>) -> Option<PathBuf> {
    if !spec.starts_with('.') {
        return None;
    }
    let base = lexical_join(from.parent().unwrap_or(Path::new("")), spec);
    let stem = base.to_string_lossy().trim_end_matches(".js").to_owned();
    let candidates = std::iter::once(base.clone())
        .chain(SCRIPT_EXTENSIONS.iter().map(|ext| PathBuf::from(format!("{stem}.{ext}"))))
        .chain(SCRIPT_EXTENSIONS.iter().map(|ext| base.join(format!("index.{ext}"))));
    candidates.into_iter().find(|c| files.contains(c))
}

/// `dir` joined with a relative path, `..` and `.` folded without touching the disk.
pub(crate) fn lexical_join(dir: &Path, rel: &str) -> PathBuf {
    let mut out: Vec<Component> = dir.components().collect();
    for part in Path::new(rel).components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out.iter().collect()
}

/// A name imported from another file of the set: the file and the name
/// it exports (`default` for a default import or a whole `require`).
pub type Import = (PathBuf, String);

/// The relative imports of a module, by local name (ES `import` and `CommonJS` `require`).
#[must_use]
pub fn imports(module: &Module, files: &Files<'_>) -> HashMap<String, Import> {
    let mut out = HashMap::new();
    let items = &module.trees;
    for (i, tree) in items.iter().enumerate() {
        if tree.is_ident("import") {
            es_import(&items[i + 1..], &mut |local, name, spec| {
                if let Some(file) = resolve(&module.file.path, spec, files) {
                    out.insert(local.to_owned(), (file, name.to_owned()));
                }
            });
        }
    }
    tree::visit(items, &mut |level| {
        for i in 0..level.len() {
            let Some(spec) = require_spec(&level[i..]) else { continue };
            let Some(file) = resolve(&module.file.path, spec, files) else { continue };
            match (i.checked_sub(2).map(|k| &level[k]), i.checked_sub(1).map(|k| &level[k])) {
                (Some(Tree::Tok(local)), Some(eq)) if eq.is_punct('=') && local.kind == Kind::Ident => {
                    out.insert(local.text.clone(), (file, "default".to_owned()));
                }
                (Some(Tree::Group(names)), Some(eq)) if eq.is_punct('=') && names.open == '{' => {
                    for (name, local) in named_list(&names.items) {
                        out.insert(local, (file.clone(), name));
                    }
                }
                _ => {}
            }
        }
    });
    out
}

/// The names a module imports from packages (and any other specifier), by
/// local name: the specifier and the exported name (`default` for a
/// default import).
#[must_use]
pub fn package_imports(module: &Module) -> HashMap<String, (String, String)> {
    let mut out = HashMap::new();
    let items = &module.trees;
    for (i, tree) in items.iter().enumerate() {
        if tree.is_ident("import") {
            es_import(&items[i + 1..], &mut |local, name, spec| {
                out.insert(local.to_owned(), (spec.to_owned(), name.to_owned()));
            });
        }
    }
    out
}

/// The module of `require('spec')` at the start of `items`.
#[must_use]
pub fn require_spec(items: &[Tree]) -> Option<&str> {
    match items {
        [name, Tree::Group(args), ..] if name.is_ident("require") && args.open == '(' => {
            tree::string(&args.items).map(|t| t.text.as_str())
        }
        _ => None,
    }
}

/// Reads one `import … from 'spec'` statement after the `import` keyword.
fn es_import(items: &[Tree], add: &mut dyn FnMut(&str, &str, &str)) {
    let Some(from) = items.iter().position(|t| t.is_ident("from")) else { return };
    let Some(spec) = items.get(from + 1).and_then(|t| tree::string(std::slice::from_ref(t))) else { return };
    let clause = &items[..from];
    for (i, part) in clause.iter().enumerate() {
        match part {
            Tree::Tok(t) if t.kind == Kind::Ident && t.text != "type" && t.text != "as" => {
                let after_star = i >= 2 && clause[i - 1].is_ident("as");
                add(&t.text, if after_star { "*" } else { "default" }, &spec.text);
            }
            Tree::Group(names) if names.open == '{' => {
                for (name, local) in named_list(&names.items) {
                    add(&local, &name, &spec.text);
                }
            }
            _ => {}
        }
    }
}

/// `{ a, b as c }` or `{ a, b: c }`: (exported name, local name) pairs.
fn named_list(items: &[Tree]) -> Vec<(String, String)> {
    tree::split(items, ',')
        .into_iter()
        .filter_map(|part| match part {
            [name] => Some((name.ident()?.to_owned(), name.ident()?.to_owned())),
            [name, sep, local] if sep.is_ident("as") || sep.is_punct(':') => {
                Some((name.ident()?.to_owned(), local.ident()?.to_owned()))
            }
            _ => None,
        })
        .collect()
}

/// What a module exports, by exported name, as the local name it refers to
/// (`export default x`, `module.exports = x`, `export const x`, `exports.x = y`).
#[must_use]
pub fn exports(module: &Module) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let items = &module.trees;
    for (i, tree) in items.iter().enumerate() {
        let rest = &items[i + 1..];
        if tree.is_ident("export") {
            match rest {
                [kw, name, ..] if kw.is_ident("default") => {
                    if let Some(name) = name.ident() {
                        out.insert("default".to_owned(), name.to_owned());
                    }
                }
                [kw, name, ..] if kw.ident().is_some_and(|k| matches!(k, "const" | "let" | "var" | "function")) => {
                    if let Some(name) = name.ident() {
                        out.insert(name.to_owned(), name.to_owned());
                    }
                }
                _ => {}
            }
        }
        if tree.is_ident("module") || tree.is_ident("exports") {
            commonjs_export(tree, rest, &mut out);
        }
    }
    out
}

fn commonjs_export(head: &Tree, rest: &[Tree], out: &mut HashMap<String, String>) {
    let rest = if head.is_ident("module") {
        match rest {
            [dot, exports, rest @ ..] if dot.is_punct('.') && exports.is_ident("exports") => rest,
            _ => return,
        }
    } else {
        rest
    };
    match rest {
        // `module.exports = { a, b: c }` exports each field.
        [eq, Tree::Group(object), ..] if eq.is_punct('=') && object.open == '{' => {
            out.extend(named_list(&object.items));
        }
        [eq, value, ..] if eq.is_punct('=') => {
            if let Some(value) = value.ident() {
                out.insert("default".to_owned(), value.to_owned());
            }
        }
        [dot, name, eq, value, ..] if dot.is_punct('.') && eq.is_punct('=') => {
            if let (Some(name), Some(value)) = (name.ident(), value.ident()) {
                out.insert(name.to_owned(), value.to_owned());
            }
        }
        _ => {}
    }
}

/// The initialiser of `const|let|var name [: Type] = …` anywhere in the
/// module: the items after `=` up to the end of the statement.
#[must_use]
pub fn const_value<'a>(items: &'a [Tree], name: &str) -> Option<&'a [Tree]> {
    let mut found = None;
    tree::visit(items, &mut |level| {
        if found.is_some() {
            return;
        }
        for (i, tree) in level.iter().enumerate() {
            let declares = tree.ident().is_some_and(|k| matches!(k, "const" | "let" | "var"));
            if declares && level.get(i + 1).is_some_and(|t| t.is_ident(name)) {
                let Some(eq) = level[i + 2..].iter().position(|t| t.is_punct('=')) else { continue };
                let value = &level[i + 3 + eq..];
                let end = value.iter().position(|t| t.is_punct(';') || t.tok().is_some_and(starts_statement));
                found = Some(&value[..end.unwrap_or(value.len())]);
                return;
            }
        }
    });
    found
}

fn starts_statement(t: &super::lex::Token) -> bool {
    t.first_on_line
        && t.kind == Kind::Ident
        && matches!(t.text.as_str(), "const" | "let" | "var" | "export" | "function" | "import" | "class")
}

/// The array literal an argument is, or names (a `const` here or imported).
pub fn route_array<'a>(
    arg: &'a [Tree],
    module: &'a Module,
    modules: &'a [Module],
    files: &Files<'_>,
) -> Option<(&'a Group, &'a SourceFile)> {
    if let [Tree::Group(array)] = arg {
        return (array.open == '[').then_some((array, module.file));
    }
    let name = match arg {
        [name] => name.ident()?,
        _ => return None,
    };
    if let Some(value) = const_value(&module.trees, name) {
        return value.first()?.group('[').map(|a| (a, module.file));
    }
    let (path, export) = imports(module, files).remove(name)?;
    let target = modules.iter().find(|m| m.file.path == path)?;
    let local = exports(target).remove(&export)?;
    let array = const_value(&target.trees, &local)?.first()?.group('[')?;
    Some((array, target.file))
}
