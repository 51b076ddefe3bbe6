//! Spring MVC and `WebFlux` annotated controllers, in Java and Kotlin: a
//! `@RestController` or `@Controller` class, its class-level
//! `@RequestMapping` paths (`value`, `path`, arrays), and each handler's
//! `@GetMapping`/`@PostMapping`/…/`@RequestMapping(method = …)`; a mapping
//! without a method answers any (`*`). Mappings declared on an interface the
//! controller implements count too, as Spring inherits them. A path written
//! as a constant (`static final String`, Kotlin `const val`, here or in
//! another class) is followed; one that is not known leaves the route
//! unresolved, with the expression as its prefix. The whole app lives under
//! `server.servlet.context-path` (and `spring.mvc.servlet.path`,
//! `spring.webflux.base-path`) of `application.properties`/`.yml`.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::canon::{self, Colon};
use super::lex::{Kind, Lang};
use super::members::{self, Annotation, Class};
use super::tree::{self, Tree};
use super::{Files, SourceFile};
use crate::scan::{Confidence, DiscoveredRoute};

/// Mapping annotations and the method each one implies.
const MAPPINGS: &[(&str, Option<&str>)] = &[
    ("RequestMapping", None),
    ("GetMapping", Some("GET")),
    ("PostMapping", Some("POST")),
    ("PutMapping", Some("PUT")),
    ("PatchMapping", Some("PATCH")),
    ("DeleteMapping", Some("DELETE")),
];

const HTTP_METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE"];

/// Where the app is served, in the order Spring puts them in front of a mapping.
const BASE_KEYS: &[&str] =
    &["server.servlet.context-path", "server.context-path", "spring.mvc.servlet.path", "spring.webflux.base-path"];

/// A path as far as the code says it: text, or an expression not followed.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Part {
    Known(String),
    Unknown(String),
}

/// A parsed source file with its classes.
struct Unit<'a> {
    file: &'a SourceFile,
    kotlin: bool,
    trees: Vec<Tree>,
}

/// The Spring routes of `files`.
#[must_use]
pub fn extract(files: &Files<'_>, framework: &'static str) -> Vec<DiscoveredRoute> {
    let sources: Vec<&SourceFile> =
        files.iter().filter(|f| has_extension(&f.path, &["java", "kt"]) && !in_tests(&f.path)).collect();
    let units = needed_units(files, &sources);
    let classes: Vec<(usize, Vec<Class>)> =
        units.iter().enumerate().map(|(index, unit)| (index, members::classes(&unit.trees, Lang::Java))).collect();
    let mut constants = Constants::default();
    for (index, found) in &classes {
        let unit = &units[*index];
        constants.collect("", &unit.trees, unit.kotlin);
        for class in found {
            constants.collect(class.name, class.body, unit.kotlin);
        }
    }
    let interfaces: HashMap<&str, (&Class, &Unit)> = classes
        .iter()
        .flat_map(|(index, found)| {
            let unit = &units[*index];
            found.iter().map(move |c| (c, unit))
        })
        .filter(|(c, _)| c.interface)
        .map(|(c, unit)| (c.name, (c, unit)))
        .collect();
    let base = base_path(files);
    let mut routes = Vec::new();
    for (index, found) in &classes {
        let reader = Reader { unit: &units[*index], constants: &constants, framework, base: &base };
        for class in found.iter().filter(|c| is_controller(c)) {
            reader.controller(class, &interfaces, &mut routes);
        }
    }
    routes
}

/// The files routes can depend on, parsed, in the order of `sources`:
/// those naming a mapping annotation or a controller, and, until no more
/// are found, those holding a name the path of a mapping (or the value of
/// a constant such a path names) refers to. A constant is declared in a
/// file whose text holds its name, so every declaration a look-up can
/// reach is read, and in the same order: the routes are those of reading
/// every file. Lexing every file was most of a scan of an app whose
/// classes are mostly models, services and mappers (spring-petclinic-rest:
/// 87 files, 16 with a mapping).
fn needed_units<'a>(files: &Files<'a>, sources: &[&'a SourceFile]) -> Vec<Unit<'a>> {
    let mut parsed: Vec<Option<Option<Vec<Tree>>>> = vec![None; sources.len()];
    let mut names: HashSet<String> = HashSet::new();
    loop {
        let mut read = false;
        for (file, slot) in sources.iter().zip(parsed.iter_mut()) {
            let wanted = file.text().contains("Mapping")
                || file.text().contains("Controller")
                || names.iter().any(|name| file.text().contains(name.as_str()));
            if slot.is_none() && wanted {
                *slot = Some(files.parse(file, Lang::Java));
                read = true;
            }
        }
        if !read {
            break;
        }
        let trees = parsed.iter().flatten().flatten();
        let before = names.len();
        for tree in trees.clone() {
            mapping_names(tree, &mut names);
        }
        // Constants naming constants: until the names stop growing.
        loop {
            let known = names.len();
            for tree in trees.clone() {
                constant_names(tree, &mut names);
            }
            if names.len() == known {
                break;
            }
        }
        if names.len() == before {
            break;
        }
    }
    sources
        .iter()
        .zip(parsed)
        .filter_map(|(file, trees)| Some(Unit { file, kotlin: has_extension(&file.path, &["kt"]), trees: trees?? }))
        .collect()
}

/// The names in the paths of a file's mapping annotations (`value`,
/// `path` or positional arguments), and the `$NAME`s of their strings.
fn mapping_names(trees: &[Tree], names: &mut HashSet<String>) {
    tree::visit(trees, &mut |level| {
        for (i, item) in level.iter().enumerate() {
            let mapping = item.ident().is_some_and(|n| MAPPINGS.iter().any(|(m, _)| *m == n));
            let Some(args) = level.get(i + 1).and_then(|t| t.group('(')).filter(|_| mapping) else { continue };
            for part in tree::split(&args.items, ',') {
                let value = match part {
                    [key, eq, value @ ..] if eq.is_punct('=') => {
                        if !(key.is_ident("value") || key.is_ident("path")) {
                            continue;
                        }
                        value
                    }
                    _ => part,
                };
                expression_names(value, names);
            }
        }
    });
}

/// The names the values of constants named in `names` refer to.
fn constant_names(trees: &[Tree], names: &mut HashSet<String>) {
    let mut found = Vec::new();
    tree::visit(trees, &mut |level| {
        for (i, item) in level.iter().enumerate() {
            let declared = item.ident().is_some_and(|n| names.contains(n));
            if declared && level.get(i + 1).is_some_and(|t| t.is_punct('=')) {
                let rest = &level[i + 2..];
                found.push(&rest[..rest.iter().position(|t| t.is_punct(';')).unwrap_or(rest.len())]);
            }
        }
    });
    for value in found {
        expression_names(value, names);
    }
}

/// The identifiers of an expression, and the `$NAME`/`${NAME}` of its strings.
fn expression_names(expr: &[Tree], names: &mut HashSet<String>) {
    tree::visit(expr, &mut |level| {
        for item in level {
            if let Some(name) = item.ident() {
                names.insert(name.to_owned());
            } else if let Some(text) = item.tok().filter(|t| t.kind == Kind::Str).map(|t| t.text.as_str()) {
                for after in text.split('$').skip(1) {
                    let word: String = after
                        .trim_start_matches('{')
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if !word.is_empty() {
                        names.insert(word);
                    }
                }
            }
        }
    });
}

fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| extensions.contains(&e))
}

/// Maven's and Gradle's test sources (`src/test/…`) are not part of the app.
fn in_tests(path: &Path) -> bool {
    let parts: Vec<&std::ffi::OsStr> = path.components().map(std::path::Component::as_os_str).collect();
    parts.windows(2).any(|pair| pair[0] == "src" && pair[1].to_str().is_some_and(|p| p.starts_with("test")))
}

fn is_controller(class: &Class) -> bool {
    !class.interface && class.annotations.iter().any(|a| matches!(a.name, "RestController" | "Controller"))
}

/// One file's controllers being read.
#[derive(Clone, Copy)]
struct Reader<'r, 'a> {
    unit: &'r Unit<'a>,
    constants: &'r Constants<'a>,
    framework: &'static str,
    base: &'r [Part],
}

/// The paths and methods of one mapping annotation.
struct Mapping {
    paths: Vec<Vec<Part>>,
    methods: Vec<String>,
}

impl<'a> Reader<'_, 'a> {
    fn controller(
        &self,
        class: &Class,
        interfaces: &HashMap<&str, (&Class, &Unit<'a>)>,
        routes: &mut Vec<DiscoveredRoute>,
    ) {
        let inherited: Vec<(&Class, Reader)> = class
            .supers
            .iter()
            .filter_map(|name| interfaces.get(name))
            .map(|(c, unit)| (*c, Reader { unit, ..*self }))
            .collect();
        let prefix = std::iter::once((class, self))
            .chain(inherited.iter().map(|(c, reader)| (*c, reader)))
            .find_map(|(c, reader)| c.annotations.iter().find(|a| a.name == "RequestMapping").map(|a| (c, reader, *a)))
            .map(|(owner, reader, a)| reader.mapping(&a, None, owner.name));
        let (class_paths, class_methods) =
            prefix.map_or_else(|| (vec![Vec::new()], Vec::new()), |m| (m.paths, m.methods));
        let own: Vec<&str> = class.methods.iter().filter(|m| has_mapping(&m.annotations)).map(|m| m.name).collect();
        let handlers = class.methods.iter().map(|m| (class, self, m)).chain(
            inherited
                .iter()
                .flat_map(|(i, reader)| i.methods.iter().map(move |m| (*i, reader, m)))
                .filter(|(_, _, m)| !own.contains(&m.name)),
        );
        for (owner, reader, method) in handlers {
            for annotation in &method.annotations {
                let Some((_, verb)) = MAPPINGS.iter().find(|(name, _)| *name == annotation.name) else { continue };
                let mapping = reader.mapping(annotation, *verb, owner.name);
                let mut methods = if mapping.methods.is_empty() { class_methods.clone() } else { mapping.methods };
                if methods.is_empty() {
                    methods.push("*".to_owned());
                }
                for class_path in &class_paths {
                    for path in &mapping.paths {
                        let parts: Vec<Part> = self.base.iter().chain(class_path).chain(path).cloned().collect();
                        routes.push(reader.route(&parts, &methods, annotation.line));
                    }
                }
            }
        }
    }

    /// The paths (`value`, `path` or the first argument; none is the
    /// class's own path) and methods of a mapping annotation.
    fn mapping(&self, annotation: &Annotation, verb: Option<&str>, class: &str) -> Mapping {
        let expr = annotation.named("path").or_else(|| annotation.named("value"));
        let expr = expr.or_else(|| annotation.positional().first().copied());
        let mut paths: Vec<Vec<Part>> = expr
            .map(|e| members::elements(e).into_iter().map(|p| self.eval(p, class, 0)).collect())
            .unwrap_or_default();
        if paths.is_empty() {
            paths.push(Vec::new());
        }
        let methods = match verb {
            Some(verb) => vec![verb.to_owned()],
            None => annotation
                .named("method")
                .map(|m| {
                    members::idents(m).into_iter().filter(|i| HTTP_METHODS.contains(i)).map(str::to_owned).collect()
                })
                .unwrap_or_default(),
        };
        Mapping { paths, methods }
    }

    /// A path expression: literals, constants and `+` of them.
    fn eval(&self, expr: &[Tree], class: &str, depth: usize) -> Vec<Part> {
        let unknown = || vec![Part::Unknown(tree::source(self.unit.file.text(), expr).to_owned())];
        if depth > 8 {
            return unknown();
        }
        let mut parts = Vec::new();
        for term in expr.split(|t| t.is_punct('+')) {
            let found = match term {
                [Tree::Tok(t)] if t.kind == Kind::Str => self.kotlin_template(&t.text, class, depth),
                [Tree::Group(g)] if g.open == '(' => Some(self.eval(&g.items, class, depth + 1)),
                _ => self.constant(term, class).map(|(owner, value)| self.eval(value, owner, depth + 1)),
            };
            match found {
                Some(found) => parts.extend(found),
                None => parts.push(Part::Unknown(tree::source(self.unit.file.text(), term).to_owned())),
            }
        }
        parts
    }

    /// A Kotlin string's `$NAME` and `${NAME}` filled with constants (Java
    /// strings are text as they are).
    fn kotlin_template(&self, text: &str, class: &str, depth: usize) -> Option<Vec<Part>> {
        if !self.unit.kotlin || !text.contains('$') {
            return Some(vec![Part::Known(text.to_owned())]);
        }
        let mut parts = Vec::new();
        let mut rest = text;
        while let Some(at) = rest.find('$') {
            parts.push(Part::Known(rest[..at].to_owned()));
            let after = &rest[at + 1..];
            let (name, next) = if let Some(inner) = after.strip_prefix('{') {
                let end = inner.find('}')?;
                (&inner[..end], &inner[end + 1..])
            } else {
                let end = after.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(after.len());
                (&after[..end], &after[end..])
            };
            let trees = tree::parse(name, Lang::Java)?;
            let (owner, value) = self.constant(&trees, class)?;
            parts.extend(self.eval(value, owner, depth + 1));
            rest = next;
        }
        parts.push(Part::Known(rest.to_owned()));
        Some(parts)
    }

    /// The declaration a name (`NAME`, `Paths.NAME`, `a.b.Paths.NAME`) refers to.
    fn constant(&self, term: &[Tree], class: &str) -> Option<(&'a str, &'a [Tree])> {
        let names: Vec<&str> = term.iter().filter(|t| !t.is_punct('.')).map(Tree::ident).collect::<Option<_>>()?;
        match names.as_slice() {
            [name] => self.constants.get(Some(class), name),
            [.., owner, name] => self.constants.get(Some(owner), name),
            [] => None,
        }
    }

    fn route(&self, parts: &[Part], methods: &[String], line: u32) -> DiscoveredRoute {
        let mut path = String::new();
        let mut unknown: Vec<&str> = Vec::new();
        for part in parts {
            match part {
                Part::Known(text) => path = canon::concat(&path, text),
                Part::Unknown(expr) => unknown.push(expr),
            }
        }
        let unresolved = (!unknown.is_empty()).then(|| unknown.join(" + "));
        let mut route = super::page(canon::canonical(&path, Colon::Literal), self.unit.file, line, self.framework);
        route.methods = methods.to_vec();
        if unresolved.is_some() {
            route.confidence = Confidence::Unresolved;
        }
        route.unresolved_prefix = unresolved;
        route
    }
}

fn has_mapping(annotations: &[Annotation]) -> bool {
    annotations.iter().any(|a| MAPPINGS.iter().any(|(name, _)| *name == a.name))
}

/// String constants by class and name: `static final String NAME = …;`
/// (any `String NAME = …;` of a class body: interface fields are constants
/// too) and Kotlin's `const val NAME = …` / `val NAME = …`.
#[derive(Default)]
struct Constants<'a> {
    /// By name: each class declaring it, with the value.
    by_name: HashMap<&'a str, Vec<(&'a str, &'a [Tree])>>,
}

impl<'a> Constants<'a> {
    fn collect(&mut self, class: &'a str, items: &'a [Tree], kotlin: bool) {
        for (i, item) in items.iter().enumerate() {
            if !item.is_punct('=') || i < 2 {
                continue;
            }
            let declared = if kotlin {
                match &items[..i] {
                    [.., val, name] if val.is_ident("val") => name.ident(),
                    [.., val, name, colon, ty]
                        if val.is_ident("val") && colon.is_punct(':') && ty.is_ident("String") =>
                    {
                        name.ident()
                    }
                    _ => None,
                }
            } else {
                items[i - 2].is_ident("String").then(|| items[i - 1].ident()).flatten()
            };
            let Some(name) = declared else { continue };
            let rest = &items[i + 1..];
            let end = rest
                .iter()
                .position(|t| {
                    t.is_punct(';') || (kotlin && t.tok().is_some_and(|t| t.first_on_line) && !t.is_punct('+'))
                })
                .unwrap_or(rest.len());
            let value = &rest[..end];
            if value.is_empty() {
                continue;
            }
            self.by_name.entry(name).or_default().push((class, value));
        }
    }

    /// `name` of `class` (or of the file's top level), else of any class.
    fn get(&self, class: Option<&str>, name: &str) -> Option<(&'a str, &'a [Tree])> {
        let declared = self.by_name.get(name)?;
        let own = class.and_then(|class| declared.iter().find(|(owner, _)| *owner == class));
        own.or_else(|| declared.first()).copied()
    }
}

/// Where the app is served: the `server.servlet.context-path` and servlet
/// path of the first `application.properties` or `application.yml` of
/// `src/main/resources` (else of anywhere but tests), the default profile's.
fn base_path(files: &Files<'_>) -> Vec<Part> {
    let configs = files.iter().filter(|f| {
        let name = f.path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        !in_tests(&f.path)
            && matches!(name, "application.properties" | "application.yml" | "application.yaml")
            && f.readable()
    });
    let mut configs: Vec<&SourceFile> = configs.collect();
    configs.sort_by_key(|f| !f.path.to_string_lossy().contains("src/main/resources"));
    let Some(config) = configs.first() else { return Vec::new() };
    let properties = if has_extension(&config.path, &["properties"]) {
        properties(config.text())
    } else {
        yaml_properties(config.text())
    };
    BASE_KEYS.iter().filter_map(|key| properties.iter().find(|(k, _)| k == key).map(|(_, v)| placeholder(v))).collect()
}

/// A property value: `${X:default}` is its default, `${X}` unknown.
fn placeholder(value: &str) -> Part {
    match value.strip_prefix("${").and_then(|v| v.strip_suffix('}')) {
        Some(inner) => match inner.split_once(':') {
            Some((_, default)) => Part::Known(default.to_owned()),
            None => Part::Unknown(value.to_owned()),
        },
        None => Part::Known(value.to_owned()),
    }
}

/// `key=value`, `key: value` and `key value` lines of a `.properties` file.
fn properties(text: &str) -> Vec<(String, String)> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with(['#', '!']))
        .filter_map(|line| {
            let at = line.find(['=', ':', ' '])?;
            Some((line[..at].trim().to_owned(), line[at + 1..].trim().to_owned()))
        })
        .collect()
}

/// The scalar keys of a YAML file's first document, dotted (`server:` /
/// `  servlet:` / `    context-path: /x` is `server.servlet.context-path`).
fn yaml_properties(text: &str) -> Vec<(String, String)> {
    let mut path: Vec<(usize, String)> = Vec::new();
    let mut out = Vec::new();
    for line in text.lines() {
        if line.trim_start().starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if line.starts_with("---") {
            if out.is_empty() && path.is_empty() {
                continue;
            }
            break;
        }
        let indent = line.len() - line.trim_start().len();
        let Some((key, value)) = line.trim().split_once(':') else { continue };
        path.retain(|(level, _)| *level < indent);
        let value = value.split(" #").next().unwrap_or_default().trim().trim_matches(['"', '\'']);
        if value.is_empty() {
            path.push((indent, key.trim().to_owned()));
        } else {
            let keys: Vec<&str> = path.iter().map(|(_, k)| k.as_str()).chain([key.trim()]).collect();
            out.push((keys.join("."), value.to_owned()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{Part, placeholder, properties, yaml_properties};

    #[test]
    fn config_files_give_dotted_keys() {
        let yaml = "server:\n  port: 8080\n  servlet:\n    context-path: \"/shop\" # the app\nspring:\n  mvc.servlet.path: /mvc\n---\nserver:\n  servlet:\n    context-path: /other\n";
        let keys = yaml_properties(yaml);
        assert!(keys.contains(&("server.servlet.context-path".to_owned(), "/shop".to_owned())));
        assert!(keys.contains(&("spring.mvc.servlet.path".to_owned(), "/mvc".to_owned())));
        assert!(!keys.iter().any(|(_, v)| v == "/other"), "another profile's document");
        let props = properties("# x\nserver.servlet.context-path=/petclinic/\nserver.port : 80\n");
        assert_eq!(props[0], ("server.servlet.context-path".to_owned(), "/petclinic/".to_owned()));
        assert_eq!(placeholder("${CONTEXT:/api}"), Part::Known("/api".to_owned()));
        assert_eq!(placeholder("${CONTEXT}"), Part::Unknown("${CONTEXT}".to_owned()));
    }
}
