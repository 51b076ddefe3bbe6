//! Laravel's routes: the route files the app loads, read from where Laravel
//! loads them — `withRouting(web:, api:, apiPrefix:, health:, then:,
//! using:)` in `bootstrap/app.php` (Laravel 11), the `*RouteServiceProvider`
//! (Laravel 10 and before), else `routes/web.php` at `/` and
//! `routes/api.php` under `/api` — and followed through `require` and
//! `group(base_path(…))`.
//!
//! In them: `Route::get/post/put/patch/delete/options/any/match`, `view`,
//! `redirect`, `permanentRedirect`, `fallback`; `resource`, `apiResource`,
//! `resources`, `apiResources`, `singleton`, `apiSingleton` with
//! `only`/`except`, `parameters`, nesting (`photos.comments`) and `shallow`;
//! `prefix()` and `group(['prefix' => …], …)` nesting. `GET` routes answer
//! `HEAD` too, as parity assumes everywhere, so `HEAD` is not listed.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::canon::{self, Colon};
use super::lex::Lang;
use super::php_value as value;
use super::rails::singular;
use super::tree::{self, Tree};
use super::{Files, SourceFile};
use crate::scan::{Confidence, DiscoveredRoute, Forward, ForwardKind, RouteSource, param_name};

/// The resource actions: name, methods, path after the base (`#` is the member).
const RESOURCE: &[(&str, &str, &str)] = &[
    ("index", "GET", ""),
    ("create", "GET", "/create"),
    ("store", "POST", ""),
    ("show", "GET", "/#"),
    ("edit", "GET", "/#/edit"),
    ("update", "PATCH,PUT", "/#"),
    ("destroy", "DELETE", "/#"),
];

/// A singleton resource (`Route::singleton('profile', …)`) has no member id.
const SINGLETON: &[(&str, &str, &str)] = &[
    ("create", "GET", "/create"),
    ("store", "POST", ""),
    ("show", "GET", ""),
    ("edit", "GET", "/edit"),
    ("update", "PATCH,PUT", ""),
    ("destroy", "DELETE", ""),
];

/// The files of `routes/` that Laravel loads as something else: console
/// commands and broadcast channels.
const NOT_HTTP: &[&str] = &["console.php", "channels.php"];

/// A method and a path.
type Verb = (&'static str, &'static str);

/// What `Auth::routes()` registers, by option: its default (`confirm`'s is
/// whether the app has its controller), and the routes.
const AUTH_ROUTES: &[(&str, bool, &[Verb])] = &[
    ("login", true, &[("GET", "login"), ("POST", "login")]),
    ("logout", true, &[("POST", "logout")]),
    ("register", true, &[("GET", "register"), ("POST", "register")]),
    (
        "reset",
        true,
        &[
            ("GET", "password/reset"),
            ("POST", "password/email"),
            ("GET", "password/reset/{token}"),
            ("POST", "password/reset"),
        ],
    ),
    ("confirm", false, &[("GET", "password/confirm"), ("POST", "password/confirm")]),
    ("verify", false, &[("GET", "email/verify"), ("GET", "email/verify/{id}/{hash}"), ("POST", "email/resend")]),
];

/// Route files required from route files: deeper is a cycle.
const MAX_DEPTH: u8 = 8;

/// Where the routes of a file or group land.
#[derive(Clone, Default)]
struct Scope {
    prefix: String,
    /// A prefix that is not a literal, as written.
    unresolved: Option<String>,
    depth: u8,
    /// The strings `foreach` binds its variables to (`$endpoint`).
    vars: Vec<(String, String)>,
}

impl Scope {
    /// The scope under a prefix: its value, or the prefix as written.
    fn under(&self, value: Option<String>, written: &str) -> Scope {
        let mut inner = self.clone();
        match value {
            Some(text) => inner.prefix = canon::concat(&self.prefix, &text),
            None => inner.unresolved = Some(written.to_owned()),
        }
        inner
    }
}

/// One call of a chain: `get('/x', …)` in `Route::middleware(…)->get('/x', …)`.
struct Call<'a> {
    name: &'a str,
    args: Vec<&'a [Tree]>,
    line: u32,
}

struct Reader<'f, 'a> {
    files: &'f Files<'a>,
    framework: &'static str,
    routes: Vec<DiscoveredRoute>,
    /// Files read, with the prefix they were read under.
    loaded: Vec<(PathBuf, String, Option<String>)>,
    /// Whether a file was loaded by a path that is not a literal.
    unfollowed: bool,
    /// The array literals each file assigns to a variable, as keys and
    /// string values, for the `foreach` loops that register routes.
    arrays: Vec<(PathBuf, String, Entries)>,
}

/// An array's entries: key and value, when they are strings.
type Entries = Vec<(Option<String>, Option<String>)>;

fn string_entries(items: &[Tree]) -> Entries {
    value::entries(items)
        .into_iter()
        .map(|(key, v)| (key.map(str::to_owned), value::string(v).map(str::to_owned)))
        .collect()
}

/// The Laravel routes of a project's PHP files.
#[must_use]
pub fn extract(files: &Files<'_>, framework: &'static str) -> Vec<DiscoveredRoute> {
    let mut reader =
        Reader { files, framework, routes: Vec::new(), loaded: Vec::new(), unfollowed: false, arrays: Vec::new() };
    let root = Scope::default();
    if let Some(app) = files.iter().find(|f| f.path == Path::new("bootstrap/app.php")) {
        reader.bootstrap(app);
    }
    for provider in files.iter().filter(|f| f.path.to_string_lossy().ends_with("RouteServiceProvider.php")) {
        reader.file(provider, &root);
    }
    // What every Laravel app loads when nothing above said otherwise.
    for (name, prefix) in [("routes/web.php", ""), ("routes/api.php", "/api")] {
        if !reader.loaded.iter().any(|(path, ..)| path == Path::new(name)) {
            if let Some(file) = files.iter().find(|f| f.path == Path::new(name)) {
                reader.file(file, &Scope { prefix: prefix.to_owned(), ..Scope::default() });
            }
        }
    }
    // A file loaded by a computed path (`base_path(sprintf('routes/%s.php',
    // $type))`) is one of `routes/`: those nothing else loads are read at `/`.
    if reader.unfollowed {
        let unread: Vec<&SourceFile> = files
            .iter()
            .filter(|f| f.path.parent() == Some(Path::new("routes")) && !NOT_HTTP.iter().any(|n| f.path.ends_with(n)))
            .filter(|f| !reader.loaded.iter().any(|(path, ..)| *path == f.path))
            .collect();
        for file in unread {
            reader.file(file, &root);
        }
    }
    reader.routes
}

impl Reader<'_, '_> {
    /// `Application::configure(…)->withRouting(web: …, api: …, …)`.
    fn bootstrap(&mut self, app: &SourceFile) {
        let Some(items) = self.files.parse(app, Lang::Php) else { return };
        let mut calls = Vec::new();
        tree::visit(&items, &mut |level| {
            for (at, item) in level.iter().enumerate() {
                if item.is_ident("withRouting") {
                    if let Some(args) = level.get(at + 1).and_then(|t| t.group('(')) {
                        calls.push(args);
                    }
                }
            }
        });
        let root = Scope::default();
        for call in calls {
            let args = tree::split(&call.items, ',');
            if let Some(using) = value::named(&args, "using") {
                self.level(using, &root, app);
                continue;
            }
            let api_prefix = value::named(&args, "apiPrefix").and_then(value::string).unwrap_or("api");
            let api = Scope { prefix: canon::concat("", api_prefix), ..Scope::default() };
            for (name, scope) in [("web", &root), ("api", &api)] {
                let Some(paths) = value::named(&args, name) else { continue };
                let each: Vec<&[Tree]> = value::array(paths)
                    .map_or_else(|| vec![paths], |items| value::entries(items).into_iter().map(|(_, v)| v).collect());
                for path in each {
                    self.include(path, scope, app);
                }
            }
            if let Some(health) = value::named(&args, "health").and_then(value::string) {
                self.push(&root, app, line_of(&args, "health"), health, "GET", None);
            }
            if let Some(then) = value::named(&args, "then") {
                self.level(then, &root, app);
            }
        }
    }

    /// Reads a route file in `scope`, once per prefix.
    fn file(&mut self, file: &SourceFile, scope: &Scope) {
        let key = (file.path.clone(), scope.prefix.clone(), scope.unresolved.clone());
        if scope.depth >= MAX_DEPTH || self.loaded.contains(&key) {
            return;
        }
        self.loaded.push(key);
        let Some(items) = self.files.parse(file, Lang::Php) else { return };
        for (at, item) in items.iter().enumerate() {
            let assigned = items.get(at + 1).is_some_and(|t| t.is_punct('='));
            let value = items.get(at + 2..).and_then(|rest| {
                let end = rest.iter().position(|t| t.is_punct(';')).unwrap_or(rest.len());
                value::array(&rest[..end])
            });
            if let (Some(name), true, Some(array)) = (item.ident(), assigned, value) {
                self.arrays.push((file.path.clone(), name.to_owned(), string_entries(array)));
            }
        }
        self.level(&items, &Scope { depth: scope.depth + 1, ..scope.clone() }, file);
    }

    /// The route file a path expression names, read in `scope`.
    fn include(&mut self, path: &[Tree], scope: &Scope, from: &SourceFile) {
        let path = match path {
            [Tree::Group(g)] if g.open == '(' => &g.items,
            _ => path,
        };
        let Some(target) = value::path(path, &from.path) else {
            self.unfollowed = true;
            return;
        };
        let files = self.files;
        let found = files.iter().find(|f| f.path == target).or_else(|| {
            let beside = from.path.parent().unwrap_or(Path::new("")).join(&target);
            files.iter().find(|f| f.path == beside)
        });
        if let Some(file) = found {
            self.file(file, scope);
        }
    }

    /// Every route chain and `require` of one level, and of the blocks in it.
    fn level(&mut self, items: &[Tree], scope: &Scope, file: &SourceFile) {
        let mut at = 0;
        while at < items.len() {
            if let Some((calls, end)) = chain(items, at) {
                self.chain(&calls, scope, file);
                at = end;
                continue;
            }
            if items[at].ident().is_some_and(|w| matches!(w, "require" | "require_once" | "include" | "include_once")) {
                let end = items[at..].iter().position(|t| t.is_punct(';')).map_or(items.len(), |k| at + k);
                self.include(&items[at + 1..end], scope, file);
                at = end;
                continue;
            }
            // `Auth::routes([...])` of laravel/ui (and Laravel 5.3 to 5.8).
            if let [auth, c1, c2, routes, Tree::Group(args), ..] = &items[at..]
                && auth.is_ident("Auth")
                && c1.is_punct(':')
                && c2.is_punct(':')
                && routes.is_ident("routes")
                && args.open == '('
            {
                let options = tree::split(&args.items, ',').first().copied();
                self.auth(options, scope, file, routes.line());
                at += 5;
                continue;
            }
            if items[at].is_ident("foreach") {
                if let (Some(head), Some(body)) =
                    (items.get(at + 1).and_then(|t| t.group('(')), items.get(at + 2).and_then(|t| t.group('{')))
                {
                    self.foreach(&head.items, &body.items, scope, file);
                    at += 3;
                    continue;
                }
            }
            if let Tree::Group(group) = &items[at] {
                self.level(&group.items, scope, file);
            }
            at += 1;
        }
    }

    /// `foreach ($endpoints as $name => $controller) { Route::get("{$name}", …); }`
    /// over an array literal, here or assigned in the file: the body once
    /// per entry, with the variables bound to its strings. Any other loop's
    /// body is read once, its templates unresolved.
    fn foreach(&mut self, head: &[Tree], body: &[Tree], scope: &Scope, file: &SourceFile) {
        let Some(split) = head.iter().position(|t| t.is_ident("as")) else { return self.level(body, scope, file) };
        let (source, binding) = (&head[..split], &head[split + 1..]);
        let names: Vec<&str> = binding.iter().filter_map(Tree::ident).collect();
        let entries: Option<Entries> = value::array(source).map(string_entries).or_else(|| match source {
            [t] => t.ident().and_then(|name| {
                self.arrays.iter().rev().find(|(path, n, _)| *path == file.path && n == name).map(|(.., e)| e.clone())
            }),
            _ => None,
        });
        let Some(entries) = entries else { return self.level(body, scope, file) };
        for (key, entry) in entries {
            let mut inner = scope.clone();
            let bound = match names.as_slice() {
                [k, v] => vec![(*k, key), (*v, entry)],
                [v] => vec![(*v, entry)],
                _ => Vec::new(),
            };
            inner.vars.extend(bound.into_iter().filter_map(|(name, value)| Some((name.to_owned(), value?))));
            self.level(body, &inner, file);
        }
    }

    /// A chain of calls on `Route::` (or `$router->`): attributes (`prefix`)
    /// up to the call that registers routes or a group.
    fn chain(&mut self, calls: &[Call<'_>], scope: &Scope, file: &SourceFile) {
        let mut scope = scope.clone();
        for (k, call) in calls.iter().enumerate() {
            let args = &call.args;
            let uri = |n: usize| args.get(n).copied();
            let (line, rest) = (call.line, &calls[k + 1..]);
            match call.name {
                "prefix" => {
                    if let Some(prefix) = uri(0) {
                        scope = scope.under(self.value(prefix), tree::source(file.text(), prefix));
                    }
                }
                "group" => {
                    let (attributes, body) = match args.as_slice() {
                        [attributes, body, ..] => (Some(*attributes), *body),
                        [body] => (None, *body),
                        [] => return,
                    };
                    if let Some(prefix) = attributes.and_then(|a| value::entry(a, "prefix")) {
                        scope = scope.under(self.value(prefix), tree::source(file.text(), prefix));
                    }
                    self.group_body(body, &scope, file);
                    return;
                }
                "get" | "post" | "put" | "patch" | "delete" | "options" => {
                    self.route(&scope, file, line, uri(0), &call.name.to_uppercase(), None);
                    return self.catch_alls(rest);
                }
                "any" => {
                    self.route(&scope, file, line, uri(0), "*", None);
                    return self.catch_alls(rest);
                }
                "view" => return self.route(&scope, file, line, uri(0), "GET", None),
                "match" => {
                    let methods: Vec<String> =
                        uri(0).map(value::strings).unwrap_or_default().iter().map(|m| m.to_uppercase()).collect();
                    let methods = if methods.is_empty() { "*".to_owned() } else { methods.join(",") };
                    return self.route(&scope, file, line, uri(1), &methods, None);
                }
                "redirect" | "permanentRedirect" => {
                    let status = uri(2).and_then(|s| s.first()?.tok()?.text.parse().ok());
                    let status = if call.name == "redirect" { status.or(Some(302)) } else { Some(301) };
                    let destination = uri(1).and_then(value::string).unwrap_or_default().to_owned();
                    let forward = Forward { kind: ForwardKind::Redirect, destination, status, conditional: false };
                    return self.route(&scope, file, line, uri(0), "*", Some(forward));
                }
                "auth" => return self.auth(uri(0), &scope, file, line),
                // `Route::fallback`: a catch-all that answers what no other route does.
                "fallback" => return self.push(&scope, file, line, "{*fallbackPlaceholder}", "GET", None),
                "resource" | "apiResource" | "singleton" | "apiSingleton" => {
                    let name = uri(0).and_then(value::string).unwrap_or_default();
                    let options = Options::read(call.name, uri(2), rest);
                    return self.resource(name, &options, &scope, file, line);
                }
                "resources" | "apiResources" => {
                    let kind = if call.name == "resources" { "resource" } else { "apiResource" };
                    let options = Options::read(kind, uri(1), rest);
                    let names = uri(0).and_then(value::array).map(value::entries).unwrap_or_default();
                    for name in names.into_iter().filter_map(|(key, _)| key) {
                        self.resource(name, &options, &scope, file, line);
                    }
                    return;
                }
                _ => {}
            }
        }
    }

    /// A group's routes: a closure (`function () { … }`, `fn () => …`) or a
    /// route file (`base_path('routes/admin.php')`).
    fn group_body(&mut self, body: &[Tree], scope: &Scope, file: &SourceFile) {
        if body.iter().any(|t| t.is_ident("function") || t.is_ident("fn")) {
            self.level(body, scope, file);
        } else {
            self.include(body, scope, file);
        }
    }

    /// One verb's route; a URI that is not a literal is listed under its prefix, unresolved.
    fn route(
        &mut self,
        scope: &Scope,
        file: &SourceFile,
        line: u32,
        uri: Option<&[Tree]>,
        methods: &str,
        forward: Option<Forward>,
    ) {
        let Some(uri) = uri else { return };
        if let Some(path) = value::string(uri) {
            self.push(scope, file, line, path, methods, forward);
        } else if let Some(path) = interpolated(uri, &scope.vars) {
            self.push(scope, file, line, &path, methods, forward);
        } else {
            let written = tree::source(file.text(), uri);
            let unresolved = Some(
                scope.unresolved.as_ref().map_or_else(|| written.to_owned(), |prefix| format!("{prefix} {written}")),
            );
            self.push(&Scope { unresolved, ..scope.clone() }, file, line, "", methods, forward);
        }
    }

    /// `->where('path', '.*')` after a route: a parameter that takes the
    /// rest of the URL, slashes included, is a catch-all when it is a whole
    /// segment (`{*path}`), as Laravel's `Route::fallback` is written.
    fn catch_alls(&mut self, rest: &[Call<'_>]) {
        let Some(route) = self.routes.last_mut() else { return };
        for call in rest.iter().filter(|c| c.name == "where") {
            let pairs: Vec<(Option<&str>, &[Tree])> = match call.args.as_slice() {
                [name, pattern] => vec![(value::string(name), *pattern)],
                [array] => value::array(array).map(value::entries).unwrap_or_default(),
                _ => Vec::new(),
            };
            for (name, pattern) in pairs {
                let (Some(name), Some(".*" | ".+")) = (name, value::string(pattern)) else { continue };
                let segment = format!("/{{{name}}}");
                if let Some(at) = route.pattern.find(&segment)
                    && route.pattern[at + segment.len()..].chars().next().is_none_or(|c| c == '/')
                {
                    route.pattern.replace_range(at..at + segment.len(), &format!("/{{*{name}}}"));
                }
            }
        }
    }

    /// A prefix's text: a string, or `config('file.key')` whose value in
    /// `config/file.php` is a string or `env('NAME', 'default')` (the
    /// default: the value wherever `NAME` is not set).
    fn value(&self, expr: &[Tree]) -> Option<String> {
        if let Some(text) = value::string(expr) {
            return Some(text.to_owned());
        }
        let [callee, Tree::Group(args)] = expr else { return None };
        if !callee.is_ident("config") || args.open != '(' {
            return None;
        }
        let key = value::string(tree::split(&args.items, ',').first()?)?;
        let mut parts = key.split('.');
        let config = Path::new("config").join(format!("{}.php", parts.next()?));
        let file = self.files.iter().find(|f| f.path == config)?;
        let items = self.files.parse(file, Lang::Php)?;
        let at = items.iter().position(|t| t.is_ident("return"))?;
        let end = items[at..].iter().position(|t| t.is_punct(';')).map_or(items.len(), |k| at + k);
        let mut found = &items[at + 1..end];
        for part in parts {
            found = value::entry(found, part)?;
        }
        match found {
            [env, Tree::Group(args)] if env.is_ident("env") && args.open == '(' => {
                value::string(tree::split(&args.items, ',').get(1)?).map(str::to_owned)
            }
            _ => value::string(found).map(str::to_owned),
        }
    }

    /// `Auth::routes($options)` (`Route::auth`): the routes laravel/ui's
    /// `auth` macro registers, each group on unless its option is `false`;
    /// `verify` is off unless `true`, and `confirm` is on when the app has
    /// the controller it names (`Auth\ConfirmPasswordController`), as the
    /// macro checks with `class_exists`.
    fn auth(&mut self, options: Option<&[Tree]>, scope: &Scope, file: &SourceFile, line: u32) {
        let option = |name: &str| {
            let value = options.and_then(|o| value::entry(o, name))?;
            value.first().and_then(Tree::ident).map(|word| word.eq_ignore_ascii_case("true"))
        };
        let confirm_controller = self
            .files
            .iter()
            .any(|f| f.path.ends_with("Http/Controllers/Auth/ConfirmPasswordController.php") && f.readable());
        for (group, default, routes) in AUTH_ROUTES {
            let default = if *group == "confirm" { confirm_controller } else { *default };
            if option(group).unwrap_or(default) {
                for (methods, path) in *routes {
                    self.push(scope, file, line, path, methods, None);
                }
            }
        }
    }

    /// `Route::resource('photos', …)` and its kin: the conventional routes.
    fn resource(&mut self, name: &str, options: &Options, scope: &Scope, file: &SourceFile, line: u32) {
        // `admin/photos` is `photos` under the prefix `admin`.
        let (scope, name) = match name.rsplit_once('/') {
            Some((prefix, name)) => (Scope { prefix: canon::concat(&scope.prefix, prefix), ..scope.clone() }, name),
            None => (scope.clone(), name),
        };
        if name.is_empty() {
            return;
        }
        let last = name.rsplit('.').next().unwrap_or(name);
        let collection = options.uri(name);
        let member_of = if options.shallow { last } else { name };
        let member = format!("{}/{{{}}}", options.uri(member_of), options.wildcard(last));
        let table = if options.singleton.is_some() { SINGLETON } else { RESOURCE };
        for (action, methods, path) in table {
            if !options.wanted(action) {
                continue;
            }
            let full = match path.strip_prefix("/#") {
                Some(rest) => format!("{member}{rest}"),
                None => format!("{collection}{path}"),
            };
            self.push(&scope, file, line, &full, methods, None);
        }
    }

    fn push(
        &mut self,
        scope: &Scope,
        file: &SourceFile,
        line: u32,
        path: &str,
        methods: &str,
        forward: Option<Forward>,
    ) {
        let confidence = if scope.unresolved.is_some() { Confidence::Unresolved } else { Confidence::Heuristic };
        self.routes.push(DiscoveredRoute {
            pattern: canon::canonical(&canon::concat(&scope.prefix, path), Colon::Literal),
            methods: methods.split(',').map(str::to_owned).collect(),
            file: file.path.clone(),
            line,
            framework: self.framework,
            source: RouteSource::Code,
            confidence,
            unresolved_prefix: scope.unresolved.clone(),
            forward,
        });
    }
}

/// The chain of calls starting at `items[at]` (`Route::x(…)->y(…)` or
/// `$router->x(…)`), and where it ends.
fn chain(items: &[Tree], at: usize) -> Option<(Vec<Call<'_>>, usize)> {
    let head = items.get(at)?;
    let after = |k: usize, c: char| items.get(at + k).is_some_and(|t| t.is_punct(c));
    let starts = (head.is_ident("Route") && after(1, ':') && after(2, ':'))
        || (head.is_ident("$router") && after(1, '-') && after(2, '>'));
    let inside = at > 0 && (items[at - 1].is_punct('>') || items[at - 1].is_punct(':'));
    if !starts || inside {
        return None;
    }
    let mut calls = Vec::new();
    let mut k = at + 3;
    while let (Some(name), Some(args)) =
        (items.get(k).and_then(Tree::ident), items.get(k + 1).and_then(|t| t.group('(')))
    {
        calls.push(Call { name, args: tree::split(&args.items, ','), line: items[k].line() });
        k += 2;
        if items.get(k).is_some_and(|t| t.is_punct('-')) && items.get(k + 1).is_some_and(|t| t.is_punct('>')) {
            k += 2;
        } else {
            break;
        }
    }
    (!calls.is_empty()).then_some((calls, k))
}

/// A double-quoted string whose variables (`$x`, `{$x}`, `${x}`) are all
/// bound by an enclosing `foreach`, with their values.
fn interpolated(uri: &[Tree], vars: &[(String, String)]) -> Option<String> {
    let [Tree::Tok(token)] = uri else { return None };
    let body = token.text.strip_prefix('"')?.strip_suffix('"')?;
    let lookup = |name: &str| vars.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v.clone());
    let mut out = String::new();
    let mut rest = body;
    while let Some(at) = rest.find('$') {
        let braced = rest[..at].ends_with('{');
        out.push_str(&rest[..at - usize::from(braced)]);
        let after = rest[at + 1..].strip_prefix('{').unwrap_or(&rest[at + 1..]);
        let len = after.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(after.len());
        out.push_str(&lookup(&format!("${}", &after[..len]))?);
        let skip = usize::from(braced || rest[at + 1..].starts_with('{'));
        rest = &after[len + skip..];
    }
    out.push_str(rest);
    Some(out)
}

/// The line of a named argument, for the route it declares.
fn line_of(args: &[&[Tree]], name: &str) -> u32 {
    args.iter().find(|a| a.first().is_some_and(|t| t.is_ident(name))).map_or(1, |a| a[0].line())
}

/// What a resource registration says about its routes.
#[derive(Default)]
struct Options {
    /// For a singleton, the actions beyond show, edit and update it serves.
    singleton: Option<Extent>,
    /// `apiResource`, `apiSingleton`: no forms.
    api: bool,
    only: Option<Vec<String>>,
    except: Vec<String>,
    /// `parameters(['photos' => 'picture'])`: the wildcard of a resource.
    parameters: Vec<(String, String)>,
    shallow: bool,
}

/// What a singleton serves besides show, edit and update, in order.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Extent {
    Base,
    /// `destroyable()`: destroy too.
    Destroyable,
    /// `creatable()`: create, store and destroy too.
    Creatable,
}

impl Options {
    /// The options of a `kind` registration: its options array and the
    /// calls chained after it.
    fn read(kind: &str, array: Option<&[Tree]>, chained: &[Call<'_>]) -> Options {
        let singleton = kind.ends_with("ingleton").then_some(Extent::Base);
        let mut options = Options { singleton, api: kind.starts_with("api"), ..Options::default() };
        let mut set = |key: &str, value: &[&[Tree]]| {
            let first = value.first().copied().unwrap_or_default();
            let listed = || value.iter().flat_map(|v| value::strings(v)).collect::<Vec<String>>();
            match key {
                "only" => options.only = Some(listed()),
                "except" => options.except.extend(listed()),
                "shallow" => options.shallow = true,
                "creatable" => options.singleton = options.singleton.max(Some(Extent::Creatable)),
                "destroyable" => options.singleton = options.singleton.max(Some(Extent::Destroyable)),
                "parameters" => {
                    let pairs = value::array(first).map(value::entries).unwrap_or_default();
                    options.parameters.extend(
                        pairs.into_iter().filter_map(|(key, v)| Some((key?.to_owned(), value::string(v)?.to_owned()))),
                    );
                }
                "parameter" => {
                    if let [name, param, ..] = value {
                        if let (Some(name), Some(param)) = (value::string(name), value::string(param)) {
                            options.parameters.push((name.to_owned(), param.to_owned()));
                        }
                    }
                }
                _ => {}
            }
        };
        if let Some(items) = array.and_then(value::array) {
            for (key, value) in value::entries(items) {
                if let Some(key) = key {
                    set(key, &[value]);
                }
            }
        }
        for call in chained {
            set(call.name, &call.args);
        }
        options
    }

    /// Whether the registration serves `action`: the kind's actions, those
    /// `creatable()`/`destroyable()` add to a singleton, then `only`/`except`.
    fn wanted(&self, action: &str) -> bool {
        let listed = |list: &[String]| list.iter().any(|a| a == action);
        let by_kind = match action {
            "create" | "edit" if self.api => false,
            "create" | "store" if self.singleton.is_some() => self.singleton == Some(Extent::Creatable),
            "destroy" if self.singleton.is_some() => self.singleton >= Some(Extent::Destroyable),
            _ => true,
        };
        by_kind && self.only.as_deref().is_none_or(listed) && !listed(&self.except)
    }

    /// Laravel's `getResourceWildcard`: the parameter given, else the
    /// singular of the name, with `-` made `_`.
    fn wildcard(&self, name: &str) -> String {
        let given = self.parameters.iter().find(|(resource, _)| resource == name).map(|(_, p)| p.clone());
        param_name(&given.unwrap_or_else(|| laravel_singular(name)))
    }

    /// `photos.comments` → `photos/{photo}/comments`.
    fn uri(&self, name: &str) -> String {
        let segments: Vec<&str> = name.split('.').collect();
        let (last, parents) = segments.split_last().unwrap_or((&"", &[]));
        let mut uri = String::new();
        for parent in parents {
            let _ = write!(uri, "/{parent}/{{{}}}", self.wildcard(parent));
        }
        uri.push('/');
        uri.push_str(last);
        uri
    }
}

/// English singulars as Laravel's inflector makes them, for the names
/// resources usually have; the rest as Rails makes them.
fn laravel_singular(name: &str) -> String {
    const SAME: &[&str] = &["data", "metadata", "news", "series", "species", "feedback", "equipment", "information"];
    const IRREGULAR: &[(&str, &str)] =
        &[("people", "person"), ("children", "child"), ("men", "man"), ("women", "woman"), ("media", "medium")];
    if SAME.contains(&name) || name.ends_with("status") {
        return name.to_owned();
    }
    if let Some((_, one)) = IRREGULAR.iter().find(|(many, _)| name.ends_with(many)) {
        let stem = &name[..name.len() - IRREGULAR.iter().find(|(m, _)| name.ends_with(m)).map_or(0, |(m, _)| m.len())];
        return format!("{stem}{one}");
    }
    for suffix in ["xes", "ches", "shes", "sses", "uses", "zzes"] {
        if let Some(stem) = name.strip_suffix(suffix) {
            return format!("{stem}{}", &suffix[..suffix.len() - 2]);
        }
    }
    if let Some(stem) = name.strip_suffix("ves").filter(|s| s.ends_with('l') || s.ends_with('r')) {
        return format!("{stem}f");
    }
    singular(name)
}
