//! Python modules as the server extractors read them: which file each
//! imported name comes from, and the value of a prefix written as a
//! constant instead of a literal.
//!
//! Real apps rarely write `prefix="/api/v1"`; they write
//! `prefix=settings.API_V1_STR`, with `API_V1_STR: str = "/api/v1"` in a
//! pydantic settings class of another module, or `os.getenv("PREFIX",
//! "/api")`. [`Constants`] follows such a name through the project's own
//! modules to the literal that defines it: a module-level assignment, a
//! class field's default (the value the app has when the environment does
//! not override it), an environment lookup's default, an f-string or `+`
//! of those. Whatever needs more than that (a function call, a value
//! computed at run time) stays unknown, and the route stays
//! `prefix-unresolved`.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::lex::{Kind, Lang};
use super::tree::{self, Tree};
use super::{Files, SourceFile};

/// Names followed through more assignments than this are a cycle.
const MAX_HOPS: usize = 12;

/// What an imported name is: a module file, or a name inside one.
#[derive(Clone, Debug)]
pub struct Target {
    pub file: PathBuf,
    pub attr: Option<String>,
}

/// One parsed Python file and the local names its imports bind.
pub struct Module<'a> {
    pub file: &'a SourceFile,
    pub trees: Vec<Tree>,
    pub imports: HashMap<String, Target>,
}

/// The Python modules of a project, each lexed and nested the first time
/// it is asked for. Django's resolver starts at one `URLconf` and reads the
/// modules it includes and the views they name; lexing every module up
/// front was most of a scan of a large project (healthchecks: 653 files,
/// of which the walk needs a few dozen). A file that cannot be read is
/// noted when it is first asked for, so one nothing asks for is not noted.
pub struct Modules<'f, 'a> {
    files: &'f Files<'a>,
    sources: Vec<&'a SourceFile>,
    by_path: HashMap<&'a Path, usize>,
    parsed: Vec<OnceCell<Option<Module<'a>>>>,
}

impl<'f, 'a> Modules<'f, 'a> {
    /// Every Python file of `files`.
    #[must_use]
    pub fn all(files: &'f Files<'a>) -> Self {
        Self::keeping(files, |_| true)
    }

    /// The Python files of `files` a server can import to serve requests:
    /// tests (`tests/`, `test/`, `test_*.py`, `*_test.py`, `tests.py`,
    /// `conftest.py`) and Django migrations are left out. They are often
    /// half of a project's Python and define no route it serves (a test's
    /// own `URLconf` is not the app's).
    #[must_use]
    pub fn served(files: &'f Files<'a>) -> Self {
        Self::keeping(files, |path| {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            let folder = |f: &str| path.parent().is_some_and(|dir| dir.components().any(|c| c.as_os_str() == f));
            let test =
                name.starts_with("test_") || name.ends_with("_test.py") || name == "tests.py" || name == "conftest.py";
            !(test || folder("tests") || folder("test") || folder("migrations"))
        })
    }

    fn keeping(files: &'f Files<'a>, keep: fn(&Path) -> bool) -> Self {
        let sources: Vec<&'a SourceFile> = files.all().iter().filter(|file| keep(&file.path)).collect();
        let by_path = sources.iter().enumerate().map(|(i, file)| (file.path.as_path(), i)).collect();
        let parsed = sources.iter().map(|_| OnceCell::new()).collect();
        Self { files, sources, by_path, parsed }
    }

    /// The module at `path`, when it is one of the set and can be read.
    #[must_use]
    pub fn get(&self, path: &Path) -> Option<&Module<'a>> {
        self.at(*self.by_path.get(path)?)
    }

    /// Every readable module, in the order of the files.
    pub fn iter(&self) -> impl Iterator<Item = &Module<'a>> {
        (0..self.sources.len()).filter_map(|i| self.at(i))
    }

    /// The readable modules whose source contains `word`: those that can
    /// hold a statement naming it, the others left unread.
    pub fn containing<'s>(&'s self, word: &'s str) -> impl Iterator<Item = &'s Module<'a>> {
        self.filtered(move |text| text.contains(word))
    }

    /// The names the classes `roots` go by in the project: themselves, the
    /// project's classes deriving from one of them (`class ApiRouter(
    /// DefaultRouter)`), and the names any of these is imported as (`import
    /// … as Router`). A module that makes an instance writes one of them,
    /// so a reader can leave the others unread.
    #[must_use]
    pub fn class_names(&self, roots: &[&str]) -> Vec<String> {
        let mut names: Vec<String> = roots.iter().map(|&root| root.to_owned()).collect();
        let mut at = 0;
        while at < names.len() && names.len() < 64 {
            let name = names[at].clone();
            let mut found = Vec::new();
            for module in self.containing(&name) {
                tree::visit(&module.trees, &mut |level| {
                    for w in level.windows(3) {
                        let derived = w[0].is_ident("class")
                            && w[2].group('(').is_some_and(|bases| bases.items.iter().any(|t| t.is_ident(&name)));
                        let alias = w[0].is_ident(&name) && w[1].is_ident("as");
                        if let (true, Some(new)) = (derived || alias, if derived { w[1].ident() } else { w[2].ident() })
                        {
                            found.push(new.to_owned());
                        }
                    }
                });
            }
            for new in found {
                if !names.contains(&new) {
                    names.push(new);
                }
            }
            at += 1;
        }
        names
    }

    /// The readable modules whose source passes `wanted`, the others left
    /// unread.
    pub fn filtered<'s>(&'s self, wanted: impl Fn(&str) -> bool + 's) -> impl Iterator<Item = &'s Module<'a>> {
        (0..self.sources.len()).filter(move |&i| wanted(self.sources[i].text())).filter_map(|i| self.at(i))
    }

    /// The readable modules whose source contains any of `words`, each once.
    pub fn containing_any<'s>(&'s self, words: &'s [String]) -> impl Iterator<Item = &'s Module<'a>> {
        self.filtered(move |text| words.iter().any(|word| text.contains(word.as_str())))
    }

    /// Whether any file's source contains `word`, without reading a module.
    #[must_use]
    pub fn any_contains(&self, word: &str) -> bool {
        self.sources.iter().any(|file| file.text().contains(word))
    }

    fn at(&self, i: usize) -> Option<&Module<'a>> {
        self.parsed[i]
            .get_or_init(|| {
                let file = self.sources[i];
                let trees = self.files.parse(file, Lang::Python)?;
                let imports = imports(&trees, &file.path, self.files);
                Some(Module { file, trees, imports })
            })
            .as_ref()
    }
}

/// The constant values of a project's modules, looked up on demand.
pub struct Constants<'m, 'a> {
    modules: &'m Modules<'m, 'a>,
}

impl<'m, 'a> Constants<'m, 'a> {
    #[must_use]
    pub fn new(modules: &'m Modules<'m, 'a>) -> Self {
        Self { modules }
    }

    /// The string `expr` of `module` always has, when the project's code says.
    #[must_use]
    pub fn value(&self, module: &Module, expr: &[Tree]) -> Option<String> {
        self.eval(module, expr, 0)
    }

    /// The module defining class `name` as `module` sees it (defined there,
    /// imported, or the class of an instance `x = Cls()`), and its name there.
    #[must_use]
    pub fn class<'b>(&'b self, module: &'b Module, name: &str) -> Option<(&'b Module<'b>, String)>
    where
        'm: 'b,
    {
        self.class_of(module, name, 0)
    }

    fn module(&self, path: &Path) -> Option<&'m Module<'a>> {
        self.modules.get(path)
    }

    fn eval(&self, module: &Module, expr: &[Tree], hops: usize) -> Option<String> {
        if hops > MAX_HOPS {
            return None;
        }
        let terms = tree::split(expr, '+');
        if terms.len() > 1 {
            return terms.iter().map(|term| self.eval(module, term, hops)).collect();
        }
        if let Some(value) = self.env_default(module, expr, hops) {
            return Some(value);
        }
        match expr {
            [Tree::Tok(t)] if t.kind == Kind::Str => Some(t.text.clone()),
            [Tree::Tok(t)] if t.kind == Kind::Template => self.f_string(module, &t.text, hops),
            [name] => self.name(module, name.ident()?, hops + 1),
            [owner, dot, attr] if dot.is_punct('.') => self.attribute(module, owner.ident()?, attr.ident()?, hops + 1),
            [callee, Tree::Group(args)] if callee.is_ident("Field") && args.open == '(' => {
                self.default_arg(module, &tree::split(&args.items, ','), 0, hops)
            }
            _ => None,
        }
    }

    /// `os.getenv("X", "/d")`, `os.environ.get("X", "/d")`, `getenv("X")
    /// or "/d"`: the default, which is the value wherever `X` is not set.
    fn env_default(&self, module: &Module, expr: &[Tree], hops: usize) -> Option<String> {
        let alternatives: Vec<&[Tree]> = expr.split(|t| t.is_ident("or")).collect();
        if let [lookup, fallback] = alternatives[..] {
            return env_lookup(lookup).and_then(|_| self.eval(module, fallback, hops));
        }
        let args = env_lookup(expr)?;
        self.default_arg(module, &args, 1, hops)
    }

    /// Positional argument `at`, or `default=`.
    fn default_arg(&self, module: &Module, args: &[&[Tree]], at: usize, hops: usize) -> Option<String> {
        let keyword = tree::keyword_args(args).into_iter().find(|(k, _)| *k == "default").map(|(_, v)| v);
        let positional = args.get(at).filter(|a| !matches!(a, [_, eq, ..] if eq.is_punct('=')));
        self.eval(module, keyword.or(positional.copied())?, hops)
    }

    /// `f"{settings.API_V1_STR}/items"`: every placeholder must resolve.
    fn f_string(&self, module: &Module, raw: &str, hops: usize) -> Option<String> {
        let body = raw.trim_start_matches(|c: char| c.is_ascii_alphabetic());
        let quote = ["\"\"\"", "'''", "\"", "'"].into_iter().find(|q| body.starts_with(q))?;
        let body = body.strip_prefix(quote)?.strip_suffix(quote)?;
        super::interpolate(body, "{", Lang::Python, &mut |placeholder| self.eval(module, placeholder, hops))
    }

    /// A module-level name of `module`, or a name it imports.
    fn name(&self, module: &Module, name: &str, hops: usize) -> Option<String> {
        if let Some(value) = assignment(module, name, None) {
            return self.eval(module, value, hops);
        }
        match module.imports.get(name)? {
            Target { file, attr: Some(attr) } => self.name(self.module(file)?, attr, hops + 1),
            Target { attr: None, .. } => None,
        }
    }

    /// `module.NAME`, `Settings.NAME`, or `settings.NAME` where `settings =
    /// Settings()`: the module's name, or the class field's default.
    fn attribute(&self, module: &Module, owner: &str, attr: &str, hops: usize) -> Option<String> {
        if let Some(Target { file, attr: None }) = module.imports.get(owner) {
            return self.name(self.module(file)?, attr, hops);
        }
        let (home, class) = self.class_of(module, owner, hops)?;
        let value = assignment(home, attr, Some(&class))?;
        self.eval(home, value, hops)
    }

    /// The module defining class `name` as seen from `module`, and its name
    /// there; an instance `x = Cls()` leads to its class.
    fn class_of<'b>(&'b self, module: &'b Module, name: &str, hops: usize) -> Option<(&'b Module<'b>, String)>
    where
        'm: 'b,
    {
        if hops > MAX_HOPS {
            return None;
        }
        if class_body(module, name).is_some() {
            return Some((module, name.to_owned()));
        }
        if let Some(value) = assignment(module, name, None) {
            return match value {
                [class, Tree::Group(args)] if args.open == '(' => self.class_of(module, class.ident()?, hops + 1),
                _ => None,
            };
        }
        match module.imports.get(name)? {
            Target { file, attr: Some(attr) } => self.class_of(self.module(file)?, attr, hops + 1),
            Target { attr: None, .. } => None,
        }
    }
}

/// A `def` of a module or a class body, with the decorators above it
/// (each without its `@`).
pub struct Def<'t> {
    pub name: &'t str,
    pub line: u32,
    pub decorators: Vec<&'t [Tree]>,
    /// The parameters' names, in order (`self` too; `*args` as `args`).
    pub params: Vec<&'t str>,
}

/// The `def`s (and `async def`s) among `items`, statements at column `indent`.
#[must_use]
pub fn defs<'t>(module: &Module, items: &'t [Tree], indent: usize) -> Vec<Def<'t>> {
    let mut out = Vec::new();
    let mut decorators = Vec::new();
    let mut i = 0;
    while i < items.len() {
        if column(module, &items[i]) != Some(indent) {
            i += 1;
            continue;
        }
        let end =
            items[i + 1..].iter().position(|t| column(module, t) == Some(indent)).map_or(items.len(), |k| i + 1 + k);
        let statement = &items[i..end];
        let name_at = if statement[0].is_ident("async") { 2 } else { 1 };
        if statement[0].is_punct('@') {
            decorators.push(&statement[1..]);
        } else if statement.get(name_at - 1).is_some_and(|t| t.is_ident("def")) {
            if let Some(name) = statement.get(name_at).and_then(Tree::ident) {
                let params = statement.get(name_at + 1).and_then(|t| t.group('(')).map_or_else(Vec::new, |group| {
                    tree::split(&group.items, ',')
                        .into_iter()
                        .filter_map(|param| param.iter().find_map(Tree::ident))
                        .collect()
                });
                let (line, decorators) = (statement[name_at].line(), std::mem::take(&mut decorators));
                out.push(Def { name, line, decorators, params });
            }
        } else {
            decorators.clear();
        }
        i = end;
    }
    out
}

/// The `def name` among `items` (statements at column `indent`) with its
/// decorators, found without reading every other `def`: a view is looked
/// up once per URL pattern.
#[must_use]
pub fn def_named<'t>(module: &Module, items: &'t [Tree], indent: usize, name: &str) -> Option<Def<'t>> {
    let at = items.windows(2).position(|w| w[0].is_ident("def") && w[1].is_ident(name))?;
    let starts = |k: usize| column(module, &items[k]) == Some(indent);
    let mut start = (0..=at).rev().find(|&k| starts(k))?;
    while let Some(before) = (0..start).rev().find(|&k| starts(k)) {
        if !items[before].is_punct('@') {
            break;
        }
        start = before;
    }
    let end = (at + 1..items.len()).find(|&k| starts(k)).unwrap_or(items.len());
    defs(module, &items[start..end], indent).into_iter().find(|d| d.name == name)
}

/// The base classes of top-level `class name(…):` in `module`, keyword
/// arguments (`metaclass=`) left out.
#[must_use]
pub fn class_bases<'t>(module: &'t Module, name: &str) -> Vec<&'t [Tree]> {
    let items = &module.trees[..];
    let header = items.windows(3).find(|w| {
        w[0].is_ident("class") && w[1].is_ident(name) && column(module, &w[0]) == Some(0) && w[2].group('(').is_some()
    });
    let Some(Tree::Group(args)) = header.map(|w| &w[2]) else { return Vec::new() };
    tree::split(&args.items, ',').into_iter().filter(|arg| !arg.iter().any(|t| t.is_punct('='))).collect()
}

/// The class a base expression names: `Base`, `module.Base`, or a generic
/// one subscripted (`ModelViewSet[Item]`).
#[must_use]
pub fn base_name(base: &[Tree]) -> Option<&str> {
    let end = base.iter().rposition(|t| t.group('[').is_none())?;
    base[end].ident()
}

/// The strings of a list or tuple literal (`["GET", "POST"]`, `("get",)`).
#[must_use]
pub fn strings(expr: &[Tree]) -> Option<Vec<String>> {
    let [Tree::Group(list)] = expr else { return None };
    if list.open == '{' {
        return None;
    }
    tree::split(&list.items, ',').into_iter().map(|item| tree::string(item).map(|t| t.text.clone())).collect()
}

/// The arguments of an environment lookup: `os.getenv(…)`, `getenv(…)`,
/// `os.environ.get(…)`, `environ.get(…)`.
fn env_lookup(expr: &[Tree]) -> Option<Vec<&[Tree]>> {
    let (Tree::Group(args), callee) = expr.split_last()? else { return None };
    let names: Vec<&str> = callee.iter().filter(|t| !t.is_punct('.')).filter_map(Tree::ident).collect();
    let lookup = matches!(names[..], ["os", "getenv"] | ["getenv"] | ["os", "environ", "get"] | ["environ", "get"]);
    (lookup && args.open == '(' && names.len() * 2 - 1 == callee.len()).then(|| tree::split(&args.items, ','))
}

/// The column of a token: how far it stands from the start of its line.
#[must_use]
pub fn column(module: &Module, tree: &Tree) -> Option<usize> {
    let token = tree.tok().filter(|t| t.first_on_line)?;
    let line_start = module.file.text()[..token.start].rfind('\n').map_or(0, |n| n + 1);
    Some(token.start - line_start)
}

/// The value of `name = …` or `name: Type = …` at module level, or in the
/// body of `class` when given; the last one wins, as when the module runs.
#[must_use]
pub fn assignment<'t>(module: &'t Module, name: &str, class: Option<&str>) -> Option<&'t [Tree]> {
    let (items, indent) = match class {
        None => (&module.trees[..], 0),
        Some(class) => class_body(module, class)?,
    };
    let mut found = None;
    for (i, item) in items.iter().enumerate() {
        if !item.is_ident(name) || column(module, item) != Some(indent) {
            continue;
        }
        let line = item.line();
        let statement = &items[i + 1..];
        let end = statement.iter().position(|t| t.line() > line && column(module, t).is_some());
        let statement = &statement[..end.unwrap_or(statement.len())];
        let annotated = statement.first().is_some_and(|t| t.is_punct(':'));
        if !annotated && !statement.first().is_some_and(|t| t.is_punct('=')) {
            continue;
        }
        let Some(eq) = statement.iter().position(|t| t.is_punct('=')) else { continue };
        if statement.get(eq + 1).is_some_and(|t| t.is_punct('=')) {
            continue;
        }
        found = Some(&statement[eq + 1..]);
    }
    found
}

/// The items of `class Name…:`'s body, and the column of its statements.
#[must_use]
pub fn class_body<'t>(module: &'t Module, name: &str) -> Option<(&'t [Tree], usize)> {
    let items = &module.trees[..];
    let at = items
        .windows(2)
        .position(|w| w[0].is_ident("class") && w[1].is_ident(name) && column(module, &w[0]) == Some(0))?;
    let header_line = items[at].line();
    let body_start = items[at..].iter().position(|t| t.line() > header_line && column(module, t).is_some())? + at;
    let indent = column(module, &items[body_start]).filter(|&c| c > 0)?;
    let len = items[body_start..].iter().position(|t| column(module, t) == Some(0)).unwrap_or(items.len() - body_start);
    Some((&items[body_start..body_start + len], indent))
}

/// The graph key of a router expression, `file#name`: a name of `module`,
/// a name it imports (keyed where it is defined), or `module.name` of an
/// imported module.
#[must_use]
pub fn key(module: &Module, expr: &[Tree]) -> Option<String> {
    let own = |var: &str| format!("{}#{var}", module.file.path.display());
    match expr {
        [name] => {
            let name = name.ident()?;
            Some(match module.imports.get(name) {
                Some(Target { file, attr: Some(attr) }) => format!("{}#{attr}", file.display()),
                _ => own(name),
            })
        }
        [owner, dot, attr] if dot.is_punct('.') => match module.imports.get(owner.ident()?) {
            Some(Target { file, attr: None }) => Some(format!("{}#{}", file.display(), attr.ident()?)),
            _ => None,
        },
        _ => None,
    }
}

/// The file of a dotted module path written as a string (`"app.urls"`,
/// Django's `include("app.urls")` and `ROOT_URLCONF`), absolute as Python
/// imports it: found by its path's suffix among the project's files.
#[must_use]
pub fn dotted_module(dotted: &str, files: &Files<'_>) -> Option<PathBuf> {
    let rel = dotted.replace('.', "/");
    [format!("{rel}.py"), format!("{rel}/__init__.py")]
        .iter()
        .find_map(|c| files.ending_with(Path::new(c)))
        .map(Path::to_path_buf)
}

/// Werkzeug's and Django's `<converter:name>` parameters in the route
/// syntax: `<int:id>` and `<id>` are `{id}`, `<path:rest>` (which matches
/// slashes) is `{*rest}`; text around them stays.
#[must_use]
pub fn angle_params(route: &str) -> String {
    let mut out = String::new();
    let mut rest = route;
    while let Some(open) = rest.find('<') {
        let Some(close) = rest[open..].find('>').map(|c| open + c) else { break };
        out.push_str(&rest[..open]);
        let inner = &rest[open + 1..close];
        let (converter, name) = inner.rsplit_once(':').unwrap_or(("", inner));
        let name = crate::scan::param_name(name.trim());
        out.push('{');
        if converter.trim() == "path" {
            out.push('*');
        }
        out.push_str(&name);
        out.push('}');
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

/// `from .a.b import c as d`, `from a.b import c`, `import a.b as c`: local
/// names bound to files of the set.
#[must_use]
pub fn imports(trees: &[Tree], from_file: &Path, files: &Files<'_>) -> HashMap<String, Target> {
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
