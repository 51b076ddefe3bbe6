//! `FastAPI`: `@app.get("/x/{id}")` on `FastAPI()` apps and
//! `APIRouter(prefix=…)` routers, joined by `include_router(r, prefix=…)`
//! across modules (`from .routers import users`, `from app.api import router
//! as api_router`). `{p:path}` is a catch-all; a prefix that is not a
//! string literal leaves the included routes unresolved.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::canon::Colon;
use super::graph::{Endpoint, Graph, Orphans, Prefix};
use super::lex::Lang;
use super::tree::{self, Tree};
use super::{Files, SourceFile};
use crate::scan::DiscoveredRoute;

const METHODS: &[&str] = &["get", "post", "put", "delete", "patch", "options", "head", "trace"];

/// What an imported name is: a module file, or a name inside one.
#[derive(Clone, Debug)]
struct Target {
    file: PathBuf,
    attr: Option<String>,
}

/// The `FastAPI` routes of `files`.
#[must_use]
pub fn extract(files: &Files<'_>, framework: &'static str) -> Vec<DiscoveredRoute> {
    let mut graph = Graph::default();
    for file in files {
        if let Some(trees) = files.parse(file, Lang::Python) {
            let imports = imports(&trees, &file.path, files);
            read(&Module { file, trees: &trees, imports }, &mut graph);
        }
    }
    graph.routes(framework, Colon::Literal, Orphans::Unresolved)
}

struct Module<'a> {
    file: &'a SourceFile,
    trees: &'a [Tree],
    imports: HashMap<String, Target>,
}

impl Module<'_> {
    /// The graph key of a router expression: `name` or `module.name`.
    fn key(&self, expr: &[Tree]) -> Option<String> {
        let own = |var: &str| format!("{}#{var}", self.file.path.display());
        match expr {
            [name] => {
                let name = name.ident()?;
                Some(match self.imports.get(name) {
                    Some(Target { file, attr: Some(attr) }) => format!("{}#{attr}", file.display()),
                    _ => own(name),
                })
            }
            [module, dot, attr] if dot.is_punct('.') => match self.imports.get(module.ident()?) {
                Some(Target { file, attr: None }) => Some(format!("{}#{}", file.display(), attr.ident()?)),
                _ => None,
            },
            _ => None,
        }
    }
}

fn read(module: &Module, graph: &mut Graph) {
    tree::visit(module.trees, &mut |level| {
        for i in 0..level.len() {
            match &level[i..] {
                [var, eq, ctor, Tree::Group(args), ..] if eq.is_punct('=') => {
                    let Some(key) = module.key(std::slice::from_ref(var)) else { continue };
                    let args = tree::split(&args.items, ',');
                    if ctor.is_ident("FastAPI") {
                        graph.node(&key).root = true;
                    } else if ctor.is_ident("APIRouter") {
                        let prefix = tree::keyword_args(&args).into_iter().find(|(k, _)| *k == "prefix");
                        graph.node(&key).base =
                            prefix.and_then(|(_, v)| tree::string(v)).map(|t| t.text.clone()).unwrap_or_default();
                    }
                }
                [receiver, dot, method, Tree::Group(args), ..] if dot.is_punct('.') => {
                    let Some(key) = module.key(std::slice::from_ref(receiver)) else { continue };
                    let args = tree::split(&args.items, ',');
                    let decorator = i > 0 && level[i - 1].is_punct('@');
                    call(module, graph, &key, method.ident().unwrap_or(""), &args, decorator);
                }
                _ => {}
            }
        }
    });
}

/// A decorator route, `add_api_route` or `include_router` on `key`.
fn call(module: &Module, graph: &mut Graph, key: &str, method: &str, args: &[&[Tree]], decorator: bool) {
    let kwargs = tree::keyword_args(args);
    let kwarg = |name: &str| kwargs.iter().find(|(k, _)| *k == name).map(|(_, v)| *v);
    let path = args.first().and_then(|a| tree::string(a)).or_else(|| kwarg("path").and_then(tree::string));
    let methods = match method {
        m if decorator && METHODS.contains(&m) => vec![m.to_uppercase()],
        "api_route" if decorator => methods_kwarg(kwarg("methods")),
        "add_api_route" => methods_kwarg(kwarg("methods")),
        "include_router" => {
            let Some(child) = args.first().and_then(|a| module.key(a)) else { return };
            let prefix = match kwarg("prefix") {
                None => Prefix::Literal(String::new()),
                Some(v) => tree::string(v).map_or_else(
                    || Prefix::Unresolved(tree::source(&module.file.text, v).to_owned()),
                    |t| Prefix::Literal(t.text.clone()),
                ),
            };
            graph.mount(key, prefix, &child);
            return;
        }
        _ => return,
    };
    if let Some(path) = path {
        let endpoint = Endpoint { path: path.text.clone(), methods, file: module.file.path.clone(), line: path.line };
        graph.node(key).endpoints.push(endpoint);
    }
}

/// `methods=["GET", "POST"]`; `GET` when absent, as `FastAPI` defaults.
fn methods_kwarg(value: Option<&[Tree]>) -> Vec<String> {
    let listed: Vec<String> = match value {
        Some([Tree::Group(list)]) => {
            tree::split(&list.items, ',').into_iter().filter_map(tree::string).map(|t| t.text.to_uppercase()).collect()
        }
        _ => Vec::new(),
    };
    if listed.is_empty() { vec!["GET".to_owned()] } else { listed }
}

/// `from .a.b import c as d`, `from a.b import c`, `import a.b as c`: local
/// names bound to files of the set.
fn imports(trees: &[Tree], from_file: &Path, files: &Files<'_>) -> HashMap<String, Target> {
    let mut out = HashMap::new();
    for (i, item) in trees.iter().enumerate() {
        if item.is_ident("from") {
            let Some(at) = trees[i + 1..].iter().position(|t| t.is_ident("import")).map(|k| i + 1 + k) else {
                continue;
            };
            let module = &trees[i + 1..at];
            let line = trees[at].line();
            let names: Vec<&Tree> = match trees.get(at + 1) {
                Some(Tree::Group(g)) if g.open == '(' => g.items.iter().collect(),
                _ => trees[at + 1..].iter().take_while(|t| t.line() == line).collect(),
            };
            for (name, local) in aliases(&names) {
                let as_module = module_file(from_file, module, Some(name), files);
                let target = match as_module {
                    Some(file) => Some(Target { file, attr: None }),
                    None => module_file(from_file, module, None, files)
                        .map(|file| Target { file, attr: Some(name.to_owned()) }),
                };
                if let Some(target) = target {
                    out.insert(local.to_owned(), target);
                }
            }
        } else if item.is_ident("import")
            && !(i > 0 && trees[..i].iter().rev().take(8).any(|t| t.is_ident("from") && t.line() == item.line()))
        {
            let line = item.line();
            let rest: Vec<&Tree> = trees[i + 1..].iter().take_while(|t| t.line() == line).collect();
            let Some(as_at) = rest.iter().position(|t| t.is_ident("as")) else { continue };
            let module: Vec<Tree> = rest[..as_at].iter().map(|t| (*t).clone()).collect();
            if let (Some(file), Some(local)) =
                (module_file(from_file, &module, None, files), rest.get(as_at + 1).and_then(|t| t.ident()))
            {
                out.insert(local.to_owned(), Target { file, attr: None });
            }
        }
    }
    out
}

/// `a, b as c` → (a, a), (b, c).
fn aliases<'a>(names: &[&'a Tree]) -> Vec<(&'a str, &'a str)> {
    let mut out = Vec::new();
    let mut k = 0;
    while k < names.len() {
        if let Some(name) = names[k].ident() {
            if names.get(k + 1).is_some_and(|t| t.is_ident("as")) {
                if let Some(local) = names.get(k + 2).and_then(|t| t.ident()) {
                    out.push((name, local));
                }
                k += 3;
                continue;
            }
            out.push((name, name));
        }
        k += 1;
    }
    out
}

/// The file of a module path (`..routers.items`, `app.routers`), plus
/// `name` as a submodule when given: `x.py` or `x/__init__.py`.
fn module_file(from_file: &Path, module: &[Tree], name: Option<&str>, files: &Files<'_>) -> Option<PathBuf> {
    let dots = module.iter().take_while(|t| t.is_punct('.')).count();
    let mut parts: Vec<&str> = module[dots..].iter().filter_map(Tree::ident).collect();
    parts.extend(name);
    let rel = parts.join("/");
    let candidates = [format!("{rel}.py"), format!("{rel}/__init__.py")];
    if dots > 0 {
        let mut base = from_file.parent().unwrap_or(Path::new("")).to_path_buf();
        for _ in 1..dots {
            base.pop();
        }
        return candidates.iter().map(|c| base.join(c)).find(|c| files.contains(c));
    }
    candidates.iter().find_map(|c| files.ending_with(Path::new(c))).map(Path::to_path_buf)
}
