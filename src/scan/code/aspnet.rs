//! ASP.NET Core: attribute-routed controllers (`[Route("api/[controller]")]`,
//! `[HttpGet("{id}")]`, `~/` leaving the controller's prefix), conventional
//! routes (`MapControllerRoute(pattern: "{controller=Home}/{action=Index}/{id?}")`)
//! for controllers without attribute routes, minimal APIs (`app.MapGet`, …,
//! `MapMethods`, `MapGroup` prefixes, chained or kept in variables, and
//! methods taking a route builder, such as `app.MapCatalogApi()` extension
//! methods in other files), Razor Pages (`Pages/**/*.cshtml` with `@page`)
//! and Blazor components (`@page "/x"` in `.razor`).
//!
//! Endpoint groups mapped by reflection (classes deriving from a base whose
//! `MapGroup(this WebApplication app, GroupBase group)` extension mounts
//! `$"/api/{group.GetType().Name}"`) are listed under that prefix with their
//! class's name. Any other builder handed to a method nobody calls where the
//! scan can see it keeps its routes, unresolved under the method's name. Route templates lose their constraints (`{id:int}` is
//! `{id}`); `{id?}` and `{id=5}` are optional, `{*slug}` and `{**slug}` a
//! rest that may be empty.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::canon::{self, Colon};
use super::conditional::{self, Skipped};
use super::graph::{Endpoint, Graph, Orphans, Prefix};
use super::lex::{Kind, Lang};
use super::members::{self, Annotation, Class, Method};
use super::tree::{self, Tree};
use super::{Files, SourceFile};
use crate::scan::DiscoveredRoute;

/// Attributes that give an action its method (and maybe a template).
const VERBS: &[(&str, &str)] = &[
    ("HttpGet", "GET"),
    ("HttpPost", "POST"),
    ("HttpPut", "PUT"),
    ("HttpPatch", "PATCH"),
    ("HttpDelete", "DELETE"),
    ("HttpHead", "HEAD"),
    ("HttpOptions", "OPTIONS"),
];

/// Minimal API calls and their method (a `SignalR` hub and health checks answer any).
const MAP_CALLS: &[(&str, &str)] = &[
    ("MapGet", "GET"),
    ("MapPost", "POST"),
    ("MapPut", "PUT"),
    ("MapPatch", "PATCH"),
    ("MapDelete", "DELETE"),
    ("Map", "*"),
    ("MapHealthChecks", "*"),
    ("MapHub", "*"),
];

/// Parameter types that hand a method a route builder.
const BUILDER_TYPES: &[&str] = &["IEndpointRouteBuilder", "RouteGroupBuilder", "WebApplication", "IRouteBuilder"];

/// The endpoints `MapIdentityApi<TUser>()` adds (ASP.NET Core 8).
const IDENTITY_API: &[(&str, &str)] = &[
    ("POST", "/register"),
    ("POST", "/login"),
    ("POST", "/refresh"),
    ("GET", "/confirmEmail"),
    ("POST", "/resendConfirmationEmail"),
    ("POST", "/forgotPassword"),
    ("POST", "/resetPassword"),
    ("POST", "/manage/2fa"),
    ("GET", "/manage/info"),
    ("POST", "/manage/info"),
];

/// Where `MapOpenApi()` serves the OpenAPI documents by default.
const OPENAPI_PATTERN: &str = "/openapi/{documentName}.json";

/// A C# file with its classes.
struct Unit<'a> {
    file: &'a SourceFile,
    trees: Vec<Tree>,
}

/// A method whose parameter is a route builder: its routes land wherever
/// its callers' builder is.
struct BuilderMethod {
    key: String,
    /// Which argument is the builder (the receiver of an extension method is 0).
    index: usize,
    extension: bool,
}

/// The ASP.NET Core routes of `files`, as the project's default build
/// compiles them ([`conditional`]): a route in an `#if` branch the build
/// leaves out is not listed, and a note on its file says how many there
/// are and why.
#[must_use]
pub fn extract(files: &Files<'_>, framework: &'static str) -> Vec<DiscoveredRoute> {
    let mut skipped: Vec<(&Path, Skipped)> = Vec::new();
    let compiled: Vec<Cow<SourceFile>> = files
        .iter()
        .map(|file| match conditional::compile(file.text(), files.symbols()).filter(|_| is_csharp(file)) {
            Some(compiled) => {
                skipped.extend(compiled.skipped.into_iter().map(|s| (file.path.as_path(), s)));
                Cow::Owned(SourceFile::new(file.path.clone(), compiled.text))
            }
            None => Cow::Borrowed(file),
        })
        .collect();
    let routes = read(files, &compiled, framework, true);
    // Only a left-out branch that names a route-making call can hide routes.
    let might_route = |(path, skip): &(&Path, Skipped)| {
        let text = files.iter().find(|f| f.path == *path).map_or("", |f| f.text());
        let lines = text.lines().skip(skip.lines.0 as usize - 1).take((skip.lines.1 - skip.lines.0 + 1) as usize);
        lines.into_iter().any(|line| ["Map", "Http", "Route"].iter().any(|word| line.contains(word)))
    };
    if skipped.iter().any(might_route) {
        note_skipped(files, &routes, &skipped, framework);
    }
    routes
}

fn is_csharp(file: &SourceFile) -> bool {
    has_extension(&file.path, "cs")
}

/// A note for each left-out branch holding routes: how many, and why it is
/// left out. They are the routes a read of every branch finds in it.
fn note_skipped(files: &Files<'_>, routes: &[DiscoveredRoute], skipped: &[(&Path, Skipped)], framework: &'static str) {
    let every: Vec<Cow<SourceFile>> = files
        .iter()
        .map(|file| match conditional::every_branch(file.text()).filter(|_| is_csharp(file)) {
            Some(text) => Cow::Owned(SourceFile::new(file.path.clone(), text)),
            None => Cow::Borrowed(file),
        })
        .collect();
    let key = |r: &DiscoveredRoute| (r.pattern.clone(), r.methods.clone(), r.file.clone(), r.line);
    let listed: HashSet<_> = routes.iter().map(key).collect();
    let mut counts = vec![0usize; skipped.len()];
    for route in read(files, &every, framework, false).iter().filter(|r| !listed.contains(&key(r))) {
        let within = |(path, skip): &(&Path, Skipped)| {
            *path == route.file && (skip.lines.0..=skip.lines.1).contains(&route.line)
        };
        if let Some(at) = skipped.iter().position(within) {
            counts[at] += route.methods.len().max(1);
        }
    }
    for ((path, skip), count) in skipped.iter().zip(counts).filter(|(_, count)| *count > 0) {
        let (routes, them) = if count == 1 { ("route", "it") } else { ("routes", "them") };
        let (first, last) = skip.lines;
        files.note(
            path,
            format!(
                "{count} {routes} in `{}` (lines {first}-{last}) not listed: not compiled ({}, in the \
                 default Debug build); a build that compiles that branch serves {them}",
                skip.directive, skip.why
            ),
        );
    }
}

/// The routes of `sources` (the project's files, as compiled); `record`
/// makes a file that cannot be parsed a note.
/// Words one of which a C# file that makes or shapes routes writes: a
/// `Map…` call or a builder of them, a controller, a route or HTTP
/// attribute, an endpoint group convention, a Razor page model.
const ROUTE_WORDS: &[&str] = &["Map", "Controller", "Route", "Http", "Endpoint", "PageModel"];

/// The C# files routes can depend on, parsed, in the order of `sources`:
/// those writing one of [`ROUTE_WORDS`], and, until no more are found,
/// those declaring a class one of theirs derives from (a controller's base
/// lends it its routes and actions). The routes are those of parsing every
/// file; parsing and keeping the trees of every model and service was most
/// of a scan (7 MB of C# made 177 MB of trees). A file that is not needed
/// is not parsed, so it is not noted when it cannot be.
fn needed_units<'s>(files: &Files<'_>, sources: &'s [Cow<SourceFile>], record: bool) -> Vec<Unit<'s>> {
    let csharp: Vec<&SourceFile> = sources.iter().map(AsRef::as_ref).filter(|f| is_csharp(f)).collect();
    let mut parsed: Vec<Option<Option<Vec<Tree>>>> = vec![None; csharp.len()];
    let mut bases: Vec<String> = Vec::new();
    // What a file must write to be wanted this round: a route word in the
    // first, then a declaration of one of the bases the last round found
    // (a file that wrote none of the earlier ones still writes none).
    let mut words: Vec<String> = ROUTE_WORDS.iter().map(|&word| word.to_owned()).collect();
    loop {
        let mut read = false;
        for (file, slot) in csharp.iter().zip(parsed.iter_mut()) {
            if slot.is_none() && words.iter().any(|word| file.text().contains(word.as_str())) {
                let trees =
                    if record { files.parse(file, Lang::CSharp) } else { tree::parse(file.text(), Lang::CSharp) };
                *slot = Some(trees);
                read = true;
            }
        }
        if !read {
            break;
        }
        let mut more: Vec<String> = Vec::new();
        for trees in parsed.iter().flatten().flatten() {
            for class in members::classes(trees, Lang::CSharp) {
                more.extend(class.supers.iter().filter(|s| !bases.iter().any(|b| b == *s)).map(|s| (*s).to_owned()));
            }
        }
        more.sort();
        more.dedup();
        if more.is_empty() {
            break;
        }
        words = more.iter().map(|base| format!("class {base}")).collect();
        bases.extend(more);
    }
    csharp.into_iter().zip(parsed).filter_map(|(file, trees)| Some(Unit { file, trees: trees?? })).collect()
}

fn read(files: &Files<'_>, sources: &[Cow<SourceFile>], framework: &'static str, record: bool) -> Vec<DiscoveredRoute> {
    let units = needed_units(files, sources, record);
    let classes: Vec<Vec<Class>> = units.iter().map(|u| members::classes(&u.trees, Lang::CSharp)).collect();
    let mut builders: HashMap<&str, Vec<BuilderMethod>> = HashMap::new();
    for (unit, found) in units.iter().zip(&classes) {
        for class in found {
            for method in &class.methods {
                if let Some(builder) = builder_method(unit, class, method) {
                    builders.entry(method.name).or_default().push(builder);
                }
            }
        }
    }
    let conventions: Vec<GroupConvention> = units
        .iter()
        .zip(&classes)
        .flat_map(|(unit, found)| {
            found
                .iter()
                .flat_map(|c| &c.methods)
                .filter_map(|m| group_convention(unit, m).or_else(|| reflected_convention(unit, m)))
        })
        .collect();
    let mut minimal =
        Minimal { graph: Graph::default(), builders: &builders, conventional: Vec::new(), group_prefix: None };
    for (unit, found) in units.iter().zip(&classes) {
        let bodies: HashSet<usize> = found.iter().filter_map(|c| c.body_start).collect();
        minimal.group_prefix = None;
        minimal.scope(unit, &unit.trees, &format!("{}#", unit.file.path.display()), &HashMap::new(), &bodies);
        for class in found {
            let convention = conventions.iter().find_map(|c| Some((c.prefix(class)?, c.invoked.as_deref())));
            minimal.group_prefix = convention.as_ref().map(|(prefix, _)| prefix.clone());
            if let Some((prefix, invoked)) = &convention {
                mount_group(&mut minimal.graph, unit, class, prefix, *invoked);
            }
            // A helper named like the calls it wraps (`MapGet(this …, Delegate h, string pattern)`)
            // maps its caller's pattern, which its callers already say.
            for method in class.methods.iter().filter(|m| !wraps_map_call(m)) {
                let key = format!("{}#{}.{}", unit.file.path.display(), class.name, method.name);
                let params = builder_params(method).into_iter().map(|(_, name)| (name, key.clone())).collect();
                minimal.scope(unit, method.body, &key, &params, &HashSet::new());
            }
        }
    }
    let mut routes = minimal.graph.routes(framework, Colon::Literal, Orphans::Unresolved);
    let bases: HashMap<&str, &Class> = classes.iter().flatten().map(|c| (c.name, c)).collect();
    for (unit, found) in units.iter().zip(&classes) {
        for class in found.iter().filter(|c| is_controller(c)) {
            let controller = Controller { unit, class, bases: &bases, framework };
            controller.routes(&minimal.conventional, &mut routes);
        }
    }
    let code_behind: HashMap<&Path, &Unit> = units.iter().map(|u| (u.file.path.as_path(), u)).collect();
    for file in sources.iter().map(AsRef::as_ref) {
        if has_extension(&file.path, "cshtml") {
            routes.extend(razor_page(file, &code_behind, framework));
        } else if has_extension(&file.path, "razor") {
            routes.extend(blazor_component(file, framework));
        }
    }
    routes
}

/// A `MapGroup(this WebApplication app, GroupBase group)` extension whose
/// prefix is a literal around the group object's class name
/// (`$"/api/{group.GetType().Name}"`): every class deriving from `base` is
/// a group at that prefix, found by reflection at run time.
struct GroupConvention<'a> {
    base: &'a str,
    before: String,
    after: String,
    /// The member a group may override to name itself (`group.GroupName ?? group.GetType().Name`).
    rename: Option<String>,
    /// The static member a group may define to give its whole prefix
    /// (`type.GetProperty(nameof(IEndpointGroup.RoutePrefix))?.GetValue(null) as string ?? $"/api/{type.Name}"`).
    replace: Option<String>,
    /// The method reflection calls with the group (`type.GetMethod(nameof(IEndpointGroup.Map))`),
    /// mounted like an `override`.
    invoked: Option<String>,
}

impl GroupConvention<'_> {
    /// The prefix of `class`'s routes, when it is one of these groups.
    fn prefix(&self, class: &Class) -> Option<String> {
        if class.interface || !class.supers.contains(&self.base) {
            return None;
        }
        // A name the scan cannot read leaves the class unresolved, as before.
        let whole = self.replace.as_deref().and_then(|m| class.body.iter().position(|t| t.is_ident(m)));
        if let Some(at) = whole {
            return renamed(&class.body[at + 1..]).map(|prefix| template(&prefix));
        }
        let member = self.rename.as_deref().and_then(|m| class.body.iter().position(|t| t.is_ident(m)));
        let name = match member {
            Some(at) => renamed(&class.body[at + 1..])?,
            None => class.name.to_owned(),
        };
        Some(template(&format!("{}{name}{}", self.before, self.after)))
    }
}

/// The convention an extension method sets, if it is `MapGroup(this …, Base group)`
/// calling `MapGroup($"…{name}…")` where `name` is (or is set from) `….GetType().Name`.
fn group_convention<'a>(unit: &Unit, method: &Method<'a>) -> Option<GroupConvention<'a>> {
    let params = tree::split(&method.params.items, ',');
    let [this, group] = params.as_slice() else { return None };
    if method.name != "MapGroup" || !this.first().is_some_and(|t| t.is_ident("this")) {
        return None;
    }
    let names: Vec<&str> = group.iter().filter_map(Tree::ident).collect();
    let [base, _] = names.as_slice() else { return None };
    if BUILDER_TYPES.contains(base) {
        return None;
    }
    let mut found = None;
    tree::visit(method.body, &mut |level| {
        for (i, item) in level.iter().enumerate() {
            let Some(args) = level.get(i + 1).and_then(|t| t.group('(')) else { continue };
            if !item.is_ident("MapGroup") || found.is_some() {
                continue;
            }
            if let [Tree::Tok(t)] = args.items.as_slice() {
                if t.kind == Kind::Template {
                    found = Some(t.text.clone());
                }
            }
        }
    });
    let text = found?;
    let inner = text.strip_prefix("$\"")?.strip_suffix('"')?;
    let (before, rest) = inner.split_once('{')?;
    let (hole, after) = rest.split_once('}')?;
    let value = if hole.contains("GetType().Name") { Some(hole.to_owned()) } else { assigned(unit, method.body, hole) };
    let value = value.filter(|v| v.contains("GetType().Name") && !after.contains('{'))?;
    // `group.GroupName ?? group.GetType().Name`: a class may name itself.
    let rename = value.split_once("??").and_then(|(first, _)| first.trim().rsplit('.').next()).map(str::to_owned);
    Some(GroupConvention {
        base,
        before: before.to_owned(),
        after: after.to_owned(),
        rename,
        replace: None,
        invoked: None,
    })
}

/// The convention a method sets that finds group types by reflection
/// (`t.IsAssignableTo(typeof(IEndpointGroup))`), mounts each at
/// `MapGroup(prefix)`, where `prefix` is a static member the type may
/// define or else a template around its name
/// (`… ?? $"/api/{type.Name}"`), and calls one method of it with the group
/// (`type.GetMethod(nameof(IEndpointGroup.Map))!.Invoke(null, [group])`).
fn reflected_convention<'a>(unit: &Unit, method: &Method<'a>) -> Option<GroupConvention<'a>> {
    let mut base = None;
    let mut argument = None;
    let mut invoked = None;
    tree::visit(method.body, &mut |level| {
        for (i, item) in level.iter().enumerate() {
            let next = level.get(i + 1).and_then(|t| t.group('('));
            match (item.ident(), next) {
                (Some("IsAssignableTo" | "IsSubclassOf"), Some(args)) => {
                    if let [t, Tree::Group(g)] = args.items.as_slice() {
                        if t.is_ident("typeof") {
                            base = base.or_else(|| g.items.last().and_then(Tree::ident));
                        }
                    }
                }
                (Some("MapGroup"), Some(args)) if argument.is_none() => argument = Some(args.items.as_slice()),
                (Some("GetMethod"), Some(args)) if invoked.is_none() => invoked = member_named(&args.items),
                _ => {}
            }
        }
    });
    let (base, argument) = (base?, argument?);
    let source = match argument {
        [Tree::Tok(t)] if t.kind == Kind::Template => t.text.clone(),
        [name] => assigned(unit, method.body, name.ident()?)?,
        _ => return None,
    };
    let (replace, fallback) = match source.rsplit_once("??") {
        Some((first, last)) => (property_named(first), last.trim()),
        None => (None, source.trim()),
    };
    let inner = fallback.strip_prefix("$\"")?.strip_suffix('"')?;
    let (before, rest) = inner.split_once('{')?;
    let (hole, after) = rest.split_once('}')?;
    let value = if hole.ends_with(".Name") { hole.to_owned() } else { assigned(unit, method.body, hole)? };
    if !value.trim().ends_with(".Name") || after.contains('{') {
        return None;
    }
    let (before, after) = (before.to_owned(), after.to_owned());
    Some(GroupConvention { base, before, after, rename: None, replace, invoked })
}

/// The member `nameof(IEndpointGroup.Map)` or `"Map"` names.
fn member_named(args: &[Tree]) -> Option<String> {
    match args {
        [name, Tree::Group(g)] if name.is_ident("nameof") => g.items.last().and_then(Tree::ident).map(str::to_owned),
        _ => literal(args),
    }
}

/// The property a reflection expression reads (`type.GetProperty(nameof(X.RoutePrefix))?.GetValue(null)`).
fn property_named(source: &str) -> Option<String> {
    let after = &source[source.find("GetProperty(")? + "GetProperty(".len()..];
    let inner = after.trim_start().strip_prefix("nameof(").unwrap_or(after);
    let name: String =
        inner.trim_start_matches('"').chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.').collect();
    name.rsplit('.').next().filter(|n| !n.is_empty()).map(str::to_owned)
}

/// The source of what a local `name` is assigned, if it is.
fn assigned(unit: &Unit, body: &[Tree], name: &str) -> Option<String> {
    let mut set = None;
    tree::visit(body, &mut |level| {
        for (i, item) in level.iter().enumerate() {
            if item.is_ident(name) && level.get(i + 1).is_some_and(|t| t.is_punct('=')) {
                let rest = &level[i + 2..];
                let value = &rest[..rest.iter().position(|t| t.is_punct(';')).unwrap_or(rest.len())];
                set.get_or_insert_with(|| tree::source(unit.file.text(), value).to_owned());
            }
        }
    });
    set
}

/// The string literal after a member's name in a class body (`GroupName => "x"`).
fn renamed(rest: &[Tree]) -> Option<String> {
    match rest {
        [eq, gt, value, ..] if eq.is_punct('=') && gt.is_punct('>') => literal(std::slice::from_ref(value)),
        _ => None,
    }
}

/// Mounts a group class's `override` builder methods (`Map(RouteGroupBuilder g)`),
/// or the one the reflection `invoked` (a static `Map`), at its prefix,
/// served: the reflection that calls them is the app's. A method handed the
/// app instead (`Map(WebApplication app)`) makes its own group with
/// `app.MapGroup(this)`, which gives the prefix.
fn mount_group(graph: &mut Graph, unit: &Unit, class: &Class, prefix: &str, invoked: Option<&str>) {
    let root = format!("{}#{}@reflection", unit.file.path.display(), class.name);
    let mounted = |m: &&Method| m.modifiers.contains(&"override") || invoked == Some(m.name);
    for method in class.methods.iter().filter(mounted) {
        let Some((index, _)) = builder_params(method).into_iter().next() else { continue };
        let param = tree::split(&method.params.items, ',')[index];
        let handed_group = param.iter().any(|t| t.is_ident("RouteGroupBuilder"));
        let key = format!("{}#{}.{}", unit.file.path.display(), class.name, method.name);
        let prefix = if handed_group { prefix.to_owned() } else { String::new() };
        graph.node(&root).root = true;
        graph.mount(&root, Prefix::Literal(prefix), &key);
    }
}

/// An extension method named like a call it wraps (`MapGet(this …, Delegate h, string pattern)`).
fn wraps_map_call(method: &Method) -> bool {
    let extension = method.params.items.first().is_some_and(|t| t.is_ident("this"));
    extension && MAP_CALLS.iter().any(|(name, _)| *name == method.name)
}

fn has_extension(path: &Path, extension: &str) -> bool {
    path.extension().is_some_and(|e| e == extension)
}

/// The builder parameters of a method: position and name.
fn builder_params<'a>(method: &Method<'a>) -> Vec<(usize, &'a str)> {
    tree::split(&method.params.items, ',')
        .into_iter()
        .enumerate()
        .filter_map(|(index, param)| {
            let names: Vec<&str> = param.iter().take_while(|t| !t.is_punct('=')).filter_map(Tree::ident).collect();
            let typed = names.iter().any(|n| BUILDER_TYPES.contains(n));
            typed.then(|| names.last().map(|name| (index, *name))).flatten()
        })
        .collect()
}

fn builder_method(unit: &Unit, class: &Class, method: &Method) -> Option<BuilderMethod> {
    let (index, _) = builder_params(method).into_iter().next()?;
    let first = tree::split(&method.params.items, ',').into_iter().next();
    let extension = index == 0 && first.is_some_and(|p| p.first().is_some_and(|t| t.is_ident("this")));
    let key = format!("{}#{}.{}", unit.file.path.display(), class.name, method.name);
    Some(BuilderMethod { key, index, extension })
}

/// A conventional route: its pattern and the defaults it was given.
struct Conventional {
    pattern: String,
    defaults: HashMap<String, String>,
}

/// The minimal API routes of every scope, in one mount graph.
struct Minimal<'b> {
    graph: Graph,
    builders: &'b HashMap<&'b str, Vec<BuilderMethod>>,
    conventional: Vec<Conventional>,
    /// The prefix `MapGroup(this)` gives in the endpoint group class being read.
    group_prefix: Option<String>,
}

impl Minimal<'_> {
    /// Reads one scope (a method body, or a file's top-level statements
    /// without the class bodies in `skip`): `params` are its builder
    /// parameters, each the key of the method's routes.
    fn scope(&mut self, unit: &Unit, items: &[Tree], key: &str, params: &HashMap<&str, String>, skip: &HashSet<usize>) {
        let mut locals: HashMap<String, String> = params.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect();
        self.level(unit, items, key, &mut locals, skip, 0);
    }

    fn level(
        &mut self,
        unit: &Unit,
        items: &[Tree],
        scope: &str,
        locals: &mut HashMap<String, String>,
        skip: &HashSet<usize>,
        depth: usize,
    ) {
        if depth > 64 {
            return;
        }
        for i in 0..items.len() {
            let starts_chain = items[i].ident().is_some() && !(i > 0 && items[i - 1].is_punct('.'));
            if starts_chain {
                let assigned = match &items[..i] {
                    [.., name, eq] if eq.is_punct('=') => name.ident(),
                    _ => None,
                };
                if let Some(node) = self.chain(unit, &items[i..], scope, locals) {
                    if let Some(name) = assigned {
                        locals.insert(name.to_owned(), node);
                    }
                }
            }
            if let Tree::Group(g) = &items[i] {
                if !skip.contains(&g.start) {
                    self.level(unit, &g.items, scope, locals, skip, depth + 1);
                }
            }
        }
    }

    /// The node of a receiver name: a local, a builder parameter, or the app itself.
    fn receiver(&mut self, name: &str, scope: &str, locals: &HashMap<String, String>) -> String {
        if let Some(key) = locals.get(name) {
            return key.clone();
        }
        let key = format!("{scope}@{name}");
        self.graph.node(&key).root = true;
        key
    }

    /// Reads a call chain (`app.MapGroup("/x").WithTags("x").MapGet("/", h)`);
    /// the node of the group it ends on, when it is one.
    fn chain(&mut self, unit: &Unit, items: &[Tree], scope: &str, locals: &HashMap<String, String>) -> Option<String> {
        let head = items[0].ident()?;
        // A static call of a builder method: `Endpoints.Map(group)`, `MapTodos(app)`.
        if let Some((name, args)) = static_call(items) {
            let built_in = MAP_CALLS.iter().any(|(call, _)| *call == name);
            let plain = !built_in && self.builders.get(name).is_some_and(|m| m.iter().all(|m| !m.extension));
            if plain {
                self.call_builder_method(unit, name, &args, scope, locals, None);
                return None;
            }
        }
        let calls = calls(&items[1..]);
        if calls.is_empty() {
            return locals.get(head).cloned();
        }
        let mut node = None;
        for (name, args, line) in calls {
            let current = match &node {
                Some(current) => current,
                None => node.insert(self.receiver(head, scope, locals)),
            }
            .clone();
            let args: Vec<&[Tree]> = args.map(|g| tree::split(&g.items, ',')).unwrap_or_default();
            match self.call(unit, &current, name, &args, line, scope, locals) {
                Step::Same => {}
                Step::Group(group) => node = Some(group),
                Step::End => return None,
            }
        }
        node
    }

    #[allow(clippy::too_many_arguments)]
    fn call(
        &mut self,
        unit: &Unit,
        node: &str,
        name: &str,
        args: &[&[Tree]],
        line: u32,
        scope: &str,
        locals: &HashMap<String, String>,
    ) -> Step {
        let file = || unit.file.path.clone();
        if name == "MapGroup" {
            let Some(prefix) = args.first() else { return Step::End };
            let group = format!("{}:{line}:{}", unit.file.path.display(), self.graph.nodes.len());
            let own = matches!(prefix, [this] if this.is_ident("this")).then(|| self.group_prefix.clone()).flatten();
            let prefix = match own.or_else(|| literal(prefix).map(|path| template(&path))) {
                Some(path) => Prefix::Literal(path),
                None => Prefix::Unresolved(tree::source(unit.file.text(), prefix).to_owned()),
            };
            self.graph.mount(node, prefix, &group);
            return Step::Group(group);
        }
        if let Some((_, method)) = MAP_CALLS.iter().find(|(call, _)| *call == name) {
            // `Map`, `MapHub<T>` and `MapHealthChecks` take no handler first.
            let Some(path) = pattern(args, *method != "*") else { return Step::End };
            let endpoint = Endpoint { path: template(&path), methods: vec![(*method).to_owned()], file: file(), line };
            self.graph.node(node).endpoints.push(endpoint);
            return Step::End;
        }
        match name {
            "MapMethods" => {
                let Some(path) = args.first().and_then(|a| literal(a)) else { return Step::End };
                let methods: Vec<String> = args.get(1).map_or_else(Vec::new, |m| strings(m));
                let methods = if methods.is_empty() { vec!["*".to_owned()] } else { methods };
                self.graph.node(node).endpoints.push(Endpoint { path: template(&path), methods, file: file(), line });
                Step::End
            }
            "MapFallback" | "MapFallbackToFile" | "MapFallbackToPage" | "MapFallbackToController" => {
                let path = "/*path?".to_owned();
                self.graph.node(node).endpoints.push(Endpoint {
                    path,
                    methods: vec!["*".to_owned()],
                    file: file(),
                    line,
                });
                Step::End
            }
            "MapIdentityApi" => {
                let endpoints = IDENTITY_API.iter().map(|(method, path)| Endpoint {
                    path: (*path).to_owned(),
                    methods: vec![(*method).to_owned()],
                    file: file(),
                    line,
                });
                self.graph.node(node).endpoints.extend(endpoints);
                Step::Same
            }
            "MapOpenApi" => {
                // ASP.NET Core 9's document endpoint, at its default pattern unless given one.
                let path = args.first().and_then(|a| literal(a)).unwrap_or_else(|| OPENAPI_PATTERN.to_owned());
                let endpoint = Endpoint { path: template(&path), methods: vec!["GET".to_owned()], file: file(), line };
                self.graph.node(node).endpoints.push(endpoint);
                Step::End
            }
            "MapControllerRoute" | "MapAreaControllerRoute" | "MapRoute" | "MapDefaultControllerRoute" => {
                self.conventional.extend(conventional(name, args));
                Step::Same
            }
            _ => {
                self.call_builder_method(unit, name, args, scope, locals, Some(node));
                Step::Same
            }
        }
    }

    /// Mounts a builder method's routes where the builder handed to it is.
    fn call_builder_method(
        &mut self,
        unit: &Unit,
        name: &str,
        args: &[&[Tree]],
        scope: &str,
        locals: &HashMap<String, String>,
        receiver: Option<&str>,
    ) {
        let Some(candidates) = self.builders.get(name) else { return };
        // A name many classes declare (`Map` of every endpoint group) says nothing about which.
        let [method] = candidates.as_slice() else { return };
        let target = method.key.clone();
        let parent = if let (Some(receiver), true) = (receiver, method.extension) {
            receiver.to_owned()
        } else {
            let index = if method.extension && receiver.is_none() { 0 } else { method.index };
            let Some(arg) = args.get(index) else { return };
            let Some(node) = self.chain(unit, arg, scope, locals) else { return };
            node
        };
        if parent != target {
            self.graph.mount(&parent, Prefix::Literal(String::new()), &target);
        }
    }
}

/// What a call makes of the chain.
enum Step {
    /// The same builder (`.WithTags("x")`, `.RequireAuthorization()`).
    Same,
    /// A group under it.
    Group(String),
    /// An endpoint: what follows configures it.
    End,
}

/// The `.Name(args)` calls after a chain's head (`<T>` type arguments skipped).
fn calls(items: &[Tree]) -> Vec<(&str, Option<&tree::Group>, u32)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < items.len() && items[i].is_punct('.') {
        let Some(name) = items[i + 1].ident() else { break };
        let mut k = i + 2;
        if items.get(k).is_some_and(|t| t.is_punct('<')) {
            while k < items.len() && !items[k].is_punct('>') {
                k += 1;
            }
            k += 1;
        }
        let args = items.get(k).and_then(|t| t.group('('));
        out.push((name, args, items[i + 1].line()));
        i = k + usize::from(args.is_some());
        if args.is_none() {
            // A property (`app.Environment`): not a builder call.
            out.clear();
        }
    }
    out
}

/// `Name(args)` or `Class.Name(args)` alone: a static call.
fn static_call(items: &[Tree]) -> Option<(&str, Vec<&[Tree]>)> {
    let (name, group) = match items {
        [name, Tree::Group(g), ..] if g.open == '(' => (name.ident()?, g),
        [_, dot, name, Tree::Group(g), rest @ ..]
            if dot.is_punct('.') && g.open == '(' && !rest.first().is_some_and(|t| t.is_punct('.')) =>
        {
            (name.ident()?, g)
        }
        _ => return None,
    };
    Some((name, tree::split(&group.items, ',')))
}

/// A string literal, or a C# constant expression of literals (`"a" + "b"`).
fn literal(expr: &[Tree]) -> Option<String> {
    let named = match expr {
        [key, colon, rest @ ..] if colon.is_punct(':') && key.ident().is_some() => rest,
        _ => expr,
    };
    named.split(|t| t.is_punct('+')).map(|part| tree::string(part).map(|t| t.text.clone())).collect()
}

/// The pattern of a `MapGet`-like call: its first argument, or (for the
/// `MapGet(handler, "pattern")` helpers apps write) its string argument;
/// `""` when only a handler is given.
fn pattern(args: &[&[Tree]], handler_first: bool) -> Option<String> {
    if let Some(path) = args.first().and_then(|a| literal(a)) {
        return Some(path);
    }
    if !handler_first {
        return None;
    }
    let handler = args.first().and_then(|a| a.first()).is_some_and(|t| t.ident().is_some());
    handler.then(|| args.iter().skip(1).find_map(|a| literal(a)).unwrap_or_default())
}

/// Every string literal of an expression (`new[] { "GET", "POST" }`).
fn strings(expr: &[Tree]) -> Vec<String> {
    let mut out = Vec::new();
    tree::visit(expr, &mut |level| {
        out.extend(level.iter().filter_map(Tree::tok).filter(|t| t.kind == Kind::Str).map(|t| t.text.to_uppercase()));
    });
    out
}

/// A conventional route's pattern and defaults, from its call's arguments.
fn conventional(name: &str, args: &[&[Tree]]) -> Option<Conventional> {
    if name == "MapDefaultControllerRoute" {
        let pattern = "{controller=Home}/{action=Index}/{id?}".to_owned();
        return Some(Conventional { pattern, defaults: HashMap::new() });
    }
    let named = |key: &str| -> Option<&[Tree]> {
        args.iter().find_map(|a: &&[Tree]| match *a {
            [k, colon, rest @ ..] if colon.is_punct(':') && k.is_ident(key) => Some(rest),
            _ => None,
        })
    };
    let position = if name == "MapAreaControllerRoute" { 2 } else { 1 };
    let pattern_arg = named("pattern").or_else(|| named("template")).or_else(|| args.get(position).copied())?;
    let pattern = literal(pattern_arg)?;
    let mut defaults = HashMap::new();
    if name == "MapAreaControllerRoute" {
        if let Some(area) = named("areaName").or_else(|| args.get(1).copied()).and_then(literal) {
            defaults.insert("area".to_owned(), area);
        }
    }
    if let Some([new, Tree::Group(object)]) = named("defaults") {
        if new.is_ident("new") && object.open == '{' {
            for field in tree::split(&object.items, ',') {
                if let [key, eq, value @ ..] = field {
                    if let (Some(key), true, Some(value)) = (key.ident(), eq.is_punct('='), literal(value)) {
                        defaults.insert(key.to_owned(), value);
                    }
                }
            }
        }
    }
    Some(Conventional { pattern, defaults })
}

/// A route template in the route syntax: constraints dropped, `{id?}` and
/// `{id=5}` optional, `{*x}` and `{**x}` a rest that may be empty.
fn template(raw: &str) -> String {
    let mut out = String::new();
    let mut rest = raw;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else { break };
        out.push_str(&parameter(&rest[open + 1..open + close]));
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

fn parameter(inner: &str) -> String {
    let catch_all = inner.starts_with('*');
    let inner = inner.trim_start_matches('*');
    let end = inner.find([':', '=', '?']).unwrap_or(inner.len());
    let name = &inner[..end];
    let optional = inner.ends_with('?') || inner[end..].starts_with('=');
    match (catch_all, optional) {
        // Unbraced: the route syntax's converter reads `*name?` as a rest that may be empty.
        (true, _) => format!("*{name}?"),
        (false, true) => format!("{{{name}?}}"),
        (false, false) => format!("{{{name}}}"),
    }
}

fn is_controller(class: &Class) -> bool {
    let marked = class.annotations.iter().any(|a| matches!(a.name, "ApiController" | "Controller"));
    let named = class.name.ends_with("Controller") && class.name != "Controller";
    let derived = class.supers.iter().any(|s| matches!(*s, "Controller" | "ControllerBase"));
    !class.interface && (marked || named || derived) && !class.annotations.iter().any(|a| a.name == "NonController")
}

/// One controller class being read.
struct Controller<'c, 'a> {
    unit: &'c Unit<'a>,
    class: &'c Class<'c>,
    bases: &'c HashMap<&'c str, &'c Class<'c>>,
    framework: &'static str,
}

impl Controller<'_, '_> {
    fn routes(&self, conventional: &[Conventional], out: &mut Vec<DiscoveredRoute>) {
        let prefixes = self.class_templates();
        for method in self.class.methods.iter().filter(|m| is_action(self.class, m)) {
            let action = action_name(method);
            let attributed = method.annotations.iter().any(|a| templates(a).is_some());
            if prefixes.is_empty() && !attributed {
                self.conventional(method, &action, conventional, out);
                continue;
            }
            for (template, methods) in action_templates(method) {
                let joined: Vec<String> = match template.as_deref() {
                    Some(t) if t.starts_with('/') || t.starts_with("~/") => vec![t.trim_start_matches('~').to_owned()],
                    Some(t) if prefixes.is_empty() => vec![t.to_owned()],
                    Some(t) => prefixes.iter().map(|p| canon::concat(p, t)).collect(),
                    None if prefixes.is_empty() => continue,
                    None => prefixes.clone(),
                };
                for path in joined {
                    out.push(self.route(&self.tokens(&path, &action), &methods, method.line));
                }
            }
        }
    }

    /// The class's `[Route]` templates, or its base class's (they are inherited).
    fn class_templates(&self) -> Vec<String> {
        let mut class = self.class;
        for _ in 0..8 {
            let own: Vec<String> =
                class.annotations.iter().filter(|a| a.name == "Route").filter_map(|a| first_string(a)).collect();
            if !own.is_empty() {
                return own;
            }
            match class.supers.first().and_then(|s| self.bases.get(s)) {
                Some(base) => class = base,
                None => break,
            }
        }
        Vec::new()
    }

    /// `[controller]`, `[action]` and `[area]` filled in.
    fn tokens(&self, path: &str, action: &str) -> String {
        let controller = self.class.name.strip_suffix("Controller").unwrap_or(self.class.name);
        let area = self.class.annotations.iter().find(|a| a.name == "Area").and_then(first_string);
        let path = path.replace("[controller]", controller).replace("[action]", action);
        template(&area.map_or_else(|| path.clone(), |area| path.replace("[area]", &area)))
    }

    fn conventional(&self, method: &Method, action: &str, routes: &[Conventional], out: &mut Vec<DiscoveredRoute>) {
        let controller = self.class.name.strip_suffix("Controller").unwrap_or(self.class.name);
        let area = self.class.annotations.iter().find(|a| a.name == "Area").and_then(first_string);
        let methods = verbs(method);
        for route in routes {
            let values = [("controller", controller), ("action", action), ("area", area.as_deref().unwrap_or(""))];
            for path in expand(route, &values) {
                out.push(self.route(&path, &methods, method.line));
            }
        }
    }

    fn route(&self, path: &str, methods: &[String], line: u32) -> DiscoveredRoute {
        page_route(path, methods.to_vec(), self.unit.file, line, self.framework)
    }
}

/// A public instance method that is no constructor and not `[NonAction]`.
fn is_action(class: &Class, method: &Method) -> bool {
    method.modifiers.contains(&"public")
        && !method.modifiers.iter().any(|m| matches!(*m, "static" | "override" | "abstract"))
        && method.name != class.name
        && !method.annotations.iter().any(|a| a.name == "NonAction")
}

/// The action's name: `[ActionName("x")]`, else the method's without `Async`.
fn action_name(method: &Method) -> String {
    let named = method.annotations.iter().find(|a| a.name == "ActionName").and_then(first_string);
    named.unwrap_or_else(|| method.name.strip_suffix("Async").unwrap_or(method.name).to_owned())
}

fn first_string(annotation: &Annotation) -> Option<String> {
    annotation.positional().first().and_then(|a| literal(a)).or_else(|| annotation.named("template").and_then(literal))
}

/// The template an attribute gives (`[HttpGet("x")]`, `[Route("x")]`), if any.
fn templates(annotation: &Annotation) -> Option<String> {
    let routing = annotation.name == "Route" || VERBS.iter().any(|(name, _)| *name == annotation.name);
    routing.then(|| first_string(annotation)).flatten()
}

/// The methods of an action's verb attributes without a template; any (`*`) when none.
fn verbs(method: &Method) -> Vec<String> {
    let mut out: Vec<String> = method
        .annotations
        .iter()
        .filter(|a| templates(a).is_none())
        .flat_map(|a| match VERBS.iter().find(|(name, _)| *name == a.name) {
            Some((_, verb)) => vec![(*verb).to_owned()],
            None if a.name == "AcceptVerbs" => a.positional().iter().flat_map(|p| strings(p)).collect(),
            None => Vec::new(),
        })
        .collect();
    if out.is_empty() {
        out.push("*".to_owned());
    }
    out
}

/// An attribute-routed action's templates with their methods: each
/// `[HttpX("t")]` its own, each `[Route("t")]` with the template-less verbs;
/// `None` is the controller's template alone.
fn action_templates(method: &Method) -> Vec<(Option<String>, Vec<String>)> {
    let mut out = Vec::new();
    for annotation in &method.annotations {
        let Some(template) = templates(annotation) else { continue };
        match VERBS.iter().find(|(name, _)| *name == annotation.name) {
            Some((_, verb)) => out.push((Some(template), vec![(*verb).to_owned()])),
            None => out.push((Some(template), verbs(method))),
        }
    }
    if out.is_empty() {
        out.push((None, verbs(method)));
    }
    out
}

/// The URLs a conventional route gives one action: the full pattern, and
/// shorter ones where every segment left out has its default (`/` and
/// `/Home` for `Home/Index`). `None` when the route cannot reach it.
fn expand(route: &Conventional, values: &[(&str, &str)]) -> Vec<String> {
    let value = |name: &str| values.iter().find(|(n, _)| *n == name).map_or("", |(_, v)| *v);
    // A value the pattern does not hold must be the route's default.
    for (name, default) in &route.defaults {
        let in_pattern = route.pattern.contains(&format!("{{{name}"));
        if !in_pattern && !default.eq_ignore_ascii_case(value(name)) {
            return Vec::new();
        }
    }
    let mut segments: Vec<(String, bool, bool)> = Vec::new();
    for segment in route.pattern.split('/').filter(|s| !s.is_empty()) {
        let inner = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}'));
        let Some(inner) = inner else {
            segments.push((segment.to_owned(), false, false));
            continue;
        };
        let name = inner.trim_start_matches('*').split([':', '=', '?']).next().unwrap_or_default();
        let default = inner.split_once('=').map(|(_, d)| d.trim_end_matches('?').to_owned());
        let default = default.or_else(|| route.defaults.get(name).cloned());
        if matches!(name, "controller" | "action" | "area") {
            let value = value(name);
            if value.is_empty() {
                return Vec::new();
            }
            let omittable = default.is_some_and(|d| d.eq_ignore_ascii_case(value));
            segments.push((value.to_owned(), omittable, true));
        } else {
            let optional = inner.ends_with('?') || default.is_some() || inner.starts_with('*');
            segments.push((template(segment), optional, false));
        }
    }
    let join = |parts: &[(String, bool, bool)]| {
        format!("/{}", parts.iter().map(|p| p.0.as_str()).collect::<Vec<_>>().join("/"))
    };
    let mut out = vec![join(&segments)];
    for k in (0..segments.len()).rev() {
        if !segments[k..].iter().all(|s| s.1) {
            break;
        }
        if segments[k].2 {
            out.push(join(&segments[..k]));
        }
    }
    out
}

/// A Razor Page: `Pages/a/b.cshtml` with `@page` is `/a/b` (`Index` is its
/// folder), `@page "{id?}"` appends, `@page "/x"` replaces; under
/// `Areas/<area>/Pages/` it is `/<area>/…`. It answers GET, and the methods
/// of its code-behind's `OnPost…` handlers.
fn razor_page(file: &SourceFile, code_behind: &HashMap<&Path, &Unit>, framework: &'static str) -> Vec<DiscoveredRoute> {
    let Some(folder) = page_folder(&file.path) else { return Vec::new() };
    let Some(stem) = file.path.file_stem().and_then(|s| s.to_str()) else { return Vec::new() };
    if stem.starts_with('_') {
        return Vec::new();
    }
    let Some((line, directive)) = directives(file.text(), "@page").into_iter().next() else { return Vec::new() };
    let own = if stem.eq_ignore_ascii_case("index") { String::new() } else { stem.to_owned() };
    let base = canon::concat(&folder, &own);
    let path = match directive {
        Some(d) if d.starts_with('/') || d.starts_with("~/") => d.trim_start_matches('~').to_owned(),
        Some(d) => canon::concat(&base, &d),
        None => base,
    };
    let mut methods = vec!["GET".to_owned()];
    let behind = PathBuf::from(format!("{}.cs", file.path.display()));
    if let Some(unit) = code_behind.get(behind.as_path()) {
        for class in members::classes(&unit.trees, Lang::CSharp) {
            for method in &class.methods {
                if let Some(verb) = handler_verb(method.name) {
                    methods.push(verb);
                }
            }
        }
    }
    vec![page_route(&path, methods, file, line, framework)]
}

/// `OnPostDeleteAsync` answers POST.
fn handler_verb(name: &str) -> Option<String> {
    let rest = name.strip_prefix("On")?;
    ["Get", "Post", "Put", "Patch", "Delete"].iter().find(|v| rest.starts_with(*v)).map(|v| v.to_uppercase())
}

/// The URL folder of a page: the path under `Pages/` (or `/<area>` for `Areas/<area>/Pages/`).
fn page_folder(path: &Path) -> Option<String> {
    let parts: Vec<&str> = path.parent()?.components().filter_map(|c| c.as_os_str().to_str()).collect();
    let at = parts.iter().position(|p| *p == "Pages")?;
    let area = match &parts[..at] {
        [.., areas, area] if *areas == "Areas" => format!("/{area}"),
        _ => String::new(),
    };
    Some(format!("{area}/{}", parts[at + 1..].join("/")))
}

/// A Blazor component's `@page "/x"` directives, each a GET route.
fn blazor_component(file: &SourceFile, framework: &'static str) -> Vec<DiscoveredRoute> {
    directives(file.text(), "@page")
        .into_iter()
        .filter_map(|(line, route)| Some(page_route(&route?, vec!["GET".to_owned()], file, line, framework)))
        .collect()
}

/// The lines starting with `directive`, with its quoted argument if any.
fn directives(text: &str, directive: &str) -> Vec<(u32, Option<String>)> {
    text.lines()
        .enumerate()
        .filter_map(|(index, line)| {
            let rest = line.trim_start_matches('\u{feff}').trim_start().strip_prefix(directive)?;
            if rest.starts_with(|c: char| c.is_alphanumeric()) {
                return None;
            }
            let argument = rest.trim().strip_prefix('"').and_then(|r| r.split('"').next()).map(str::to_owned);
            Some((u32::try_from(index + 1).unwrap_or(u32::MAX), argument))
        })
        .collect()
}

fn page_route(
    path: &str,
    methods: Vec<String>,
    file: &SourceFile,
    line: u32,
    framework: &'static str,
) -> DiscoveredRoute {
    let mut route = super::page(canon::canonical(&template(path), Colon::Literal), file, line, framework);
    route.methods = methods;
    route
}

#[cfg(test)]
mod tests {
    use super::{Conventional, expand, template};
    use std::collections::HashMap;

    #[test]
    fn templates_lose_constraints_and_keep_optional_and_rest_parameters() {
        assert_eq!(template("items/{id:int}/{name:minlength(1)?}"), "items/{id}/{name?}");
        assert_eq!(template("{page=1}/{*slug}/{**path:nonfile}"), "{page?}/*slug?/*path?");
    }

    #[test]
    fn conventional_routes_leave_out_trailing_defaults() {
        let route =
            Conventional { pattern: "{controller=Home}/{action=Index}/{id?}".to_owned(), defaults: HashMap::new() };
        let home = |c, a| expand(&route, &[("controller", c), ("action", a), ("area", "")]);
        assert_eq!(home("Home", "Index"), ["/Home/Index/{id?}", "/Home", "/"]);
        assert_eq!(home("Home", "Privacy"), ["/Home/Privacy/{id?}"]);
        assert_eq!(home("Orders", "Index"), ["/Orders/Index/{id?}", "/Orders"]);
        let blog = Conventional {
            pattern: "blog/{*article}".to_owned(),
            defaults: HashMap::from([
                ("controller".to_owned(), "Blog".to_owned()),
                ("action".to_owned(), "Article".to_owned()),
            ]),
        };
        assert_eq!(expand(&blog, &[("controller", "Blog"), ("action", "Article")]), ["/blog/*article?"]);
        assert!(expand(&blog, &[("controller", "Home"), ("action", "Article")]).is_empty());
    }
}
