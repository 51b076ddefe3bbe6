//! Rails `config/routes.rb`: `resources` / `resource` with `only:` and
//! `except:`, nested resources (`/photos/{photo_id}/comments`), `member` and
//! `collection` blocks, `namespace`, `scope`, verbs (`get "x/:id", to:
//! "c#a"`, `match … via:`), `root`, and `draw(:name)` of
//! `config/routes/name.rb`. Blocks are Ruby `do … end`, which the
//! lexer nests like brackets.

use super::canon::{self, Colon};
use super::lex::{Kind, Lang};
use super::tree::{self, Group, Tree};
use super::{Files, SourceFile};
use crate::scan::{Confidence, DiscoveredRoute, RouteSource};

/// The seven resourceful actions: name, methods, path after the base (`#` is the member id).
const PLURAL: &[(&str, &str, &str)] = &[
    ("index", "GET", ""),
    ("create", "POST", ""),
    ("new", "GET", "/new"),
    ("show", "GET", "/#"),
    ("update", "PATCH,PUT", "/#"),
    ("destroy", "DELETE", "/#"),
    ("edit", "GET", "/#/edit"),
];

/// Where a verb inside a block lands: the block's path, and inside a
/// resource the member and collection paths; and the name its routes record.
#[derive(Clone)]
struct Scope {
    path: String,
    member: String,
    collection: String,
    framework: &'static str,
    /// How many `draw` files deep this is.
    draws: u8,
}

/// The routes found so far, and the project's files, for `draw(:name)`.
struct Out<'f, 'a> {
    files: &'f Files<'a>,
    routes: Vec<DiscoveredRoute>,
}

/// `draw` inside `draw` inside …: deeper is a cycle.
const MAX_DRAWS: u8 = 8;

/// The Rails routes of `files`.
#[must_use]
pub fn extract(files: &Files<'_>, framework: &'static str) -> Vec<DiscoveredRoute> {
    let mut out = Out { files, routes: Vec::new() };
    for file in files {
        let Some(trees) = files.parse(file, Lang::Ruby) else { continue };
        tree::visit(&trees, &mut |level| {
            for (i, item) in level.iter().enumerate() {
                if item.is_ident("draw") && i > 0 && level[i - 1].is_punct('.') {
                    if let Some(block) = level.get(i + 1).and_then(|t| t.group('d')) {
                        let root = Scope {
                            path: String::new(),
                            member: String::new(),
                            collection: String::new(),
                            framework,
                            draws: 0,
                        };
                        block_routes(block, &root, file, &mut out);
                    }
                }
            }
        });
    }
    out.routes
}

/// A statement: its head word, its arguments and its `do … end` block.
struct Statement<'a> {
    head: &'a Tree,
    args: Vec<&'a [Tree]>,
    block: Option<&'a Group>,
}

/// Splits a block into statements: a new one starts at a word that begins a line.
fn statements(items: &[Tree]) -> Vec<Statement<'_>> {
    let mut starts: Vec<usize> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let continues = i > 0 && (items[i - 1].is_punct(',') || items[i - 1].is_punct('\\'));
        if item.tok().is_some_and(|t| t.first_on_line && t.kind == Kind::Ident) && !continues {
            starts.push(i);
        }
    }
    starts
        .iter()
        .enumerate()
        .map(|(k, &start)| {
            let end = starts.get(k + 1).copied().unwrap_or(items.len());
            let mut body = &items[start + 1..end];
            let block = body.last().and_then(|t| t.group('d'));
            if block.is_some() {
                body = &body[..body.len() - 1];
            }
            if let [Tree::Group(parens)] = body {
                if parens.open == '(' {
                    body = &parens.items;
                }
            }
            Statement { head: &items[start], args: tree::split(body, ','), block }
        })
        .collect()
}

fn push(out: &mut Out<'_, '_>, scope: &Scope, file: &SourceFile, line: u32, path: &str, methods: &str) {
    out.routes.push(DiscoveredRoute {
        pattern: canon::canonical(&inner_params(path), Colon::Param),
        methods: methods.split(',').map(str::to_owned).collect(),
        file: file.path.clone(),
        line,
        framework: scope.framework,
        source: RouteSource::Code,
        confidence: Confidence::Heuristic,
        unresolved_prefix: None,
        forward: None,
    });
}

fn block_routes(block: &Group, scope: &Scope, file: &SourceFile, out: &mut Out<'_, '_>) {
    for st in statements(&block.items) {
        let Some(head) = st.head.ident() else { continue };
        let line = st.head.line();
        match head {
            "resources" | "resource" => {
                for name in st.args.iter().filter_map(|a| word(a)) {
                    resource(&name, head == "resources", &st, scope, file, out);
                }
            }
            "get" | "post" | "put" | "patch" | "delete" | "match" => {
                let Some(path) = st.args.first().and_then(|a| verb_path(a)) else { continue };
                let methods = if head == "match" { via(&st) } else { head.to_uppercase() };
                let base = match option(&st, "on").and_then(word).as_deref() {
                    Some("member") => &scope.member,
                    Some("collection") => &scope.collection,
                    _ => &scope.path,
                };
                push(out, scope, file, line, &canon::concat(base, &path), &methods);
            }
            "root" => push(out, scope, file, line, &scope.path, "GET"),
            "namespace" | "scope" => {
                // `path:` replaces the namespace's name (`namespace :ops, path: "operations"`).
                let path = option(&st, "path").and_then(word).or_else(|| st.args.first().and_then(|a| word(a)));
                let inner = canon::concat(&scope.path, &path.unwrap_or_default());
                let inner = Scope { member: inner.clone(), collection: inner.clone(), path: inner, ..scope.clone() };
                nested(st.block, &inner, file, out);
            }
            "draw" => {
                if let Some(name) = st.args.first().and_then(|a| word(a)) {
                    draw(&name, scope, file, out);
                }
            }
            "member" => nested(st.block, &Scope { path: scope.member.clone(), ..scope.clone() }, file, out),
            "collection" => nested(st.block, &Scope { path: scope.collection.clone(), ..scope.clone() }, file, out),
            _ => nested(st.block, scope, file, out),
        }
    }
}

fn nested(block: Option<&Group>, scope: &Scope, file: &SourceFile, out: &mut Out<'_, '_>) {
    if let Some(block) = block {
        block_routes(block, scope, file, out);
    }
}

/// `draw(:admin)` (Rails 6.1): the routes of `config/routes/admin.rb`,
/// read in the scope where it is called.
fn draw(name: &str, scope: &Scope, file: &SourceFile, out: &mut Out<'_, '_>) {
    // `config/routes.rb` draws from `config/routes/`; a drawn file from its own folder.
    let dir = match file.path.parent() {
        Some(parent) if parent.file_name().is_some_and(|n| n == "routes") => parent.to_path_buf(),
        _ => file.path.with_extension(""),
    };
    let path = dir.join(format!("{name}.rb"));
    let files = out.files;
    let Some(drawn) = files.iter().find(|f| f.path == path) else { return };
    if scope.draws >= MAX_DRAWS {
        return;
    }
    let Some(items) = files.parse(drawn, Lang::Ruby) else { return };
    let block = Group { open: 'd', line: 1, start: 0, end: 0, items };
    block_routes(&block, &Scope { draws: scope.draws + 1, ..scope.clone() }, drawn, out);
}

/// `resources :photos` (seven actions) or `resource :profile` (six, no
/// index, no id), filtered by `only:` / `except:`, then its block.
fn resource(name: &str, plural: bool, st: &Statement, scope: &Scope, file: &SourceFile, out: &mut Out<'_, '_>) {
    let segment = option(st, "path").and_then(word).unwrap_or_else(|| name.to_owned());
    let base = canon::concat(&scope.path, &segment);
    let only = option(st, "only").map(words);
    let except = option(st, "except").map(words).unwrap_or_default();
    let line = st.head.line();
    for (action, methods, path) in PLURAL {
        let wanted = only.as_ref().is_none_or(|o| o.iter().any(|a| a == action)) && !except.iter().any(|a| a == action);
        if !wanted || (!plural && *action == "index") {
            continue;
        }
        let path = if plural { path.replace('#', ":id") } else { path.replace("/#", "") };
        push(out, scope, file, line, &format!("{base}{path}"), methods);
    }
    let member = if plural { format!("{base}/:id") } else { base.clone() };
    let nested_path = if plural { format!("{base}/:{}_id", singular(name)) } else { base.clone() };
    nested(st.block, &Scope { path: nested_path, member, collection: base, ..scope.clone() }, file, out);
}

/// Rails reads `:name` anywhere in a segment (`/@:message_id`,
/// `/v:version`), not only at its start: one inside is written `{name}`.
fn inner_params(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut rest = path;
    while let Some(at) = rest.find(':') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let len = after.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(after.len());
        if len == 0 || out.is_empty() || out.ends_with('/') {
            out.push(':');
            rest = after;
        } else {
            out.push('{');
            out.push_str(&after[..len]);
            out.push('}');
            rest = &after[len..];
        }
    }
    out.push_str(rest);
    out
}

/// `photos` → `photo`, `categories` → `category`, `addresses` → `address`.
pub(super) fn singular(name: &str) -> String {
    if let Some(stem) = name.strip_suffix("ies") {
        format!("{stem}y")
    } else if let Some(stem) = name.strip_suffix("sses") {
        format!("{stem}ss")
    } else {
        name.strip_suffix('s').unwrap_or(name).to_owned()
    }
}

/// A symbol or string argument as text.
fn word(arg: &[Tree]) -> Option<String> {
    match arg {
        [Tree::Tok(t)] if matches!(t.kind, Kind::Symbol | Kind::Str) => Some(t.text.clone()),
        _ => None,
    }
}

/// The path of a verb: `get "x/:id", to: …` or the hash form `get "x" => "c#a"`.
fn verb_path(arg: &[Tree]) -> Option<String> {
    match arg {
        [path, eq, gt, ..] if eq.is_punct('=') && gt.is_punct('>') => word(std::slice::from_ref(path)),
        _ => word(arg),
    }
}

/// Symbols of `[:a, :b]`, `%i[a b]` or a single `:a`.
fn words(value: &[Tree]) -> Vec<String> {
    let list = value.iter().find_map(|t| t.group('['));
    match list {
        Some(list) => list
            .items
            .iter()
            .filter_map(|t| t.tok())
            .filter(|t| t.kind != Kind::Punct)
            .map(|t| t.text.clone())
            .collect(),
        None => word(value).into_iter().collect(),
    }
}

/// The value of a `key: value` (or `key => value`) option.
fn option<'a>(st: &Statement<'a>, key: &str) -> Option<&'a [Tree]> {
    st.args.iter().find_map(|arg| match arg {
        [k, colon, value @ ..] if k.is_ident(key) && colon.is_punct(':') => Some(value),
        _ => None,
    })
}

/// `via: [:get, :post]` / `via: :all` of a `match`.
fn via(st: &Statement) -> String {
    let methods = option(st, "via").map(words).unwrap_or_default();
    if methods.is_empty() || methods.iter().any(|m| m == "all") {
        return "*".to_owned();
    }
    methods.iter().map(|m| m.to_uppercase()).collect::<Vec<_>>().join(",")
}
