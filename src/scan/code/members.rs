//! The declarations of Java, Kotlin and C# files that routes hang on:
//! classes with their annotations (`@RestController`, `[Route("api")]`),
//! their methods with theirs, and the `name = value` fields of annotation
//! arguments. Spring and ASP.NET Core declare routes this way, so both read
//! their files through here; method bodies are never entered.

use super::lex::{Kind, Lang};
use super::tree::{self, Group, Tree};

/// An annotation or attribute: its simple name (`GetMapping`, `HttpGet`; a
/// C# `…Attribute` suffix dropped) and its argument list.
#[derive(Clone, Copy, Debug)]
pub struct Annotation<'a> {
    pub name: &'a str,
    pub args: Option<&'a Group>,
    pub line: u32,
}

impl<'a> Annotation<'a> {
    /// The positional arguments, in order.
    #[must_use]
    pub fn positional(&self) -> Vec<&'a [Tree]> {
        self.parts().into_iter().filter(|part| named(part).is_none()).collect()
    }

    /// The argument named `name` (`value = "/x"` in Java and Kotlin,
    /// `Name = "x"` or `template: "x"` in C#).
    #[must_use]
    pub fn named(&self, name: &str) -> Option<&'a [Tree]> {
        self.parts().into_iter().filter_map(named).find(|(key, _)| *key == name).map(|(_, value)| value)
    }

    fn parts(&self) -> Vec<&'a [Tree]> {
        self.args.map(|group| tree::split(&group.items, ',')).unwrap_or_default()
    }
}

/// `key = value` or `key: value`.
fn named(part: &[Tree]) -> Option<(&str, &[Tree])> {
    match part {
        [key, sep, value @ ..] if (sep.is_punct('=') || sep.is_punct(':')) && !value.is_empty() => {
            let second = value.first().is_some_and(|v| v.is_punct('=') || v.is_punct('>'));
            (!second).then_some((key.ident()?, value))
        }
        _ => None,
    }
}

/// A class, interface, record, struct or Kotlin object.
#[derive(Debug)]
pub struct Class<'a> {
    pub name: &'a str,
    pub annotations: Vec<Annotation<'a>>,
    /// Names after `extends`, `implements` or `:` (simple names).
    pub supers: Vec<&'a str>,
    pub interface: bool,
    pub methods: Vec<Method<'a>>,
    /// The items of its body, for fields.
    pub body: &'a [Tree],
    /// Where its body starts in the source (`{`), to tell it from other blocks.
    pub body_start: Option<usize>,
}

/// A method (or constructor) declared in a class body.
#[derive(Debug)]
pub struct Method<'a> {
    pub name: &'a str,
    pub annotations: Vec<Annotation<'a>>,
    /// The words before its name: modifiers and the return type.
    pub modifiers: Vec<&'a str>,
    pub params: &'a Group,
    /// Its body: the block, or the expression after `=>` (empty when abstract).
    pub body: &'a [Tree],
    pub line: u32,
}

const CLASS_WORDS: &[&str] = &["class", "interface", "record", "struct", "object", "enum"];

/// Words before `(` that are statements or expressions, not a method's name.
const NOT_NAMES: &[&str] =
    &["if", "for", "foreach", "while", "switch", "catch", "using", "lock", "return", "new", "typeof", "nameof", "when"];

/// Every class of a file, nested ones included, outermost first.
#[must_use]
pub fn classes(items: &[Tree], lang: Lang) -> Vec<Class<'_>> {
    let mut out = Vec::new();
    level(items, lang, &mut out, 0);
    out
}

/// Reads one level (a file, a namespace block, a class body): its classes
/// go to `out`, its methods are returned.
fn level<'a>(items: &'a [Tree], lang: Lang, out: &mut Vec<Class<'a>>, depth: usize) -> Vec<Method<'a>> {
    let mut methods = Vec::new();
    if depth > 32 {
        return methods;
    }
    let mut pending: Vec<Annotation<'a>> = Vec::new();
    let mut words: Vec<&'a str> = Vec::new();
    let mut assigned = false;
    let mut i = 0;
    while i < items.len() {
        if let Some((annotations, next)) = annotation_at(items, i, lang) {
            // Kotlin ends a property without `;`: a declaration starts here.
            (assigned, i) = (false, next);
            pending.extend(annotations);
            continue;
        }
        let item = &items[i];
        if item.ident().is_some_and(|w| CLASS_WORDS.contains(&w)) && !assigned {
            if let Some(next) = class_at(items, i, std::mem::take(&mut pending), lang, out, depth) {
                (i, assigned) = (next, false);
                words.clear();
                continue;
            }
        }
        match item {
            Tree::Group(g) if g.open == '(' && !assigned => {
                let name = i.checked_sub(1).and_then(|k| items[k].ident()).filter(|n| !NOT_NAMES.contains(n));
                let dotted = i.checked_sub(2).is_some_and(|k| items[k].is_punct('.'));
                if let Some(name) = name.filter(|_| !dotted) {
                    let modifiers = words[..words.len().saturating_sub(1)].to_vec();
                    let annotations = std::mem::take(&mut pending);
                    let body = method_body(&items[i + 1..]);
                    methods.push(Method { name, annotations, modifiers, params: g, body, line: g.line });
                }
                words.clear();
            }
            Tree::Group(g) if g.open == '{' => {
                // A namespace block holds classes; a method body or an initializer does not.
                if namespace_block(&items[..i]) {
                    level(&g.items, lang, out, depth + 1);
                }
                (assigned, pending) = (false, Vec::new());
                words.clear();
            }
            Tree::Tok(t) if t.is_punct(';') => {
                (assigned, pending) = (false, Vec::new());
                words.clear();
            }
            Tree::Tok(t) if t.is_punct('=') => assigned = true,
            Tree::Tok(t) if t.is_ident("fun") => (assigned, words) = (false, vec!["fun"]),
            Tree::Tok(t) if t.kind == Kind::Ident => words.push(&t.text),
            _ => {}
        }
        i += 1;
    }
    methods
}

/// Whether the block after `before` is a namespace's: `namespace A.B {`.
fn namespace_block(before: &[Tree]) -> bool {
    let name = before
        .iter()
        .rev()
        .take_while(|t| (t.ident().is_some() && !t.is_ident("namespace")) || t.is_punct('.'))
        .count();
    before.len() > name && name > 0 && before[before.len() - name - 1].is_ident("namespace")
}

/// The class declared by the word at `i` (`class`, `interface`, …): pushed
/// to `out` after its nested classes; the index after its body. `None` when
/// the word declares nothing here (`Foo.class`, `where T : class`).
fn class_at<'a>(
    items: &'a [Tree],
    i: usize,
    annotations: Vec<Annotation<'a>>,
    lang: Lang,
    out: &mut Vec<Class<'a>>,
    depth: usize,
) -> Option<usize> {
    if i.checked_sub(1).is_some_and(|k| items[k].is_punct('.') || items[k].is_punct(':')) {
        return None;
    }
    let word = items[i].ident()?;
    // `companion object {` has no name.
    let (name, from) = match items.get(i + 1).and_then(Tree::ident) {
        Some(name) => (name, i + 2),
        None if word == "object" => ("Companion", i + 1),
        None => return None,
    };
    let mut supers = Vec::new();
    let mut body = None;
    let mut k = from;
    while let Some(item) = items.get(k) {
        if let Some(g) = item.group('{') {
            body = Some((g, k));
            break;
        }
        if item.is_punct(';') || item.is_punct('@') || item.ident().is_some_and(|w| CLASS_WORDS.contains(&w)) {
            break;
        }
        if let Some(super_name) = item.ident() {
            let qualified = items.get(k + 1).is_some_and(|n| n.is_punct('.'));
            let keyword = matches!(super_name, "extends" | "implements" | "where" | "public" | "private");
            if !qualified && !keyword {
                supers.push(super_name);
            }
        }
        k += 1;
    }
    let (group, end) = match body {
        Some((g, end)) => (Some(g), end + 1),
        None => (None, k),
    };
    let body: &[Tree] = group.map_or(&[], |g| g.items.as_slice());
    let mut nested = Vec::new();
    let methods = level(body, lang, &mut nested, depth + 1);
    let interface = word == "interface";
    let body_start = group.map(|g| g.start);
    out.push(Class { name, annotations, supers, interface, methods, body, body_start });
    out.extend(nested);
    Some(end)
}

/// What follows a method's parameters up to its end: the items of its
/// block, or the tokens of `=> expr;`.
fn method_body(after: &[Tree]) -> &[Tree] {
    for (k, item) in after.iter().enumerate() {
        if let Some(block) = item.group('{') {
            return &block.items;
        }
        if item.is_punct(';') {
            return &after[..k];
        }
    }
    &[]
}

/// The annotations at `i` (`@A`, `@a.b.A(…)`; a C# `[A, B(…)]` list, also
/// `[return: A]`), and the index after them.
fn annotation_at(items: &[Tree], i: usize, lang: Lang) -> Option<(Vec<Annotation<'_>>, usize)> {
    if lang == Lang::CSharp {
        let group = items[i].group('[')?;
        let after_value = i.checked_sub(1).is_some_and(|k| {
            items[k].ident().is_some_and(|w| !matches!(w, "public" | "static")) || items[k].group('(').is_some()
        });
        if after_value {
            return None;
        }
        let annotations = tree::split(&group.items, ',').into_iter().filter_map(attribute).collect::<Vec<_>>();
        return (!annotations.is_empty()).then_some((annotations, i + 1));
    }
    if !items[i].is_punct('@') {
        return None;
    }
    let mut k = i + 1;
    let mut name = items.get(k)?.ident()?;
    while items.get(k + 1).is_some_and(|t| t.is_punct('.')) {
        k += 2;
        name = items.get(k)?.ident()?;
    }
    let args = items.get(k + 1).and_then(|t| t.group('('));
    let next = k + 1 + usize::from(args.is_some());
    Some((vec![Annotation { name, args, line: items[i].line() }], next))
}

/// One C# attribute of a `[…]` list: `Name`, `Name(args)`, `a.b.Name(args)`, `return: Name`.
fn attribute(part: &[Tree]) -> Option<Annotation<'_>> {
    let part = match part {
        [target, colon, rest @ ..] if colon.is_punct(':') && target.ident().is_some() => rest,
        _ => part,
    };
    let (args, names) = match part.split_last()? {
        (Tree::Group(g), names) if g.open == '(' => (Some(g), names),
        _ => (None, part),
    };
    if names.iter().any(|t| t.ident().is_none() && !t.is_punct('.')) {
        return None;
    }
    let name = names.last()?.ident()?;
    let name = name.strip_suffix("Attribute").filter(|n| !n.is_empty()).unwrap_or(name);
    Some(Annotation { name, args, line: part[0].line() })
}

/// The idents of an expression at any depth (`RequestMethod.GET`, `{GET, POST}`).
#[must_use]
pub fn idents(expr: &[Tree]) -> Vec<&str> {
    let mut out = Vec::new();
    tree::visit(expr, &mut |level| out.extend(level.iter().filter_map(Tree::ident)));
    out
}

/// The elements of an array expression (`{"/a", "/b"}`, `["/a"]`,
/// `arrayOf("/a")`, `new[] { "a" }`), or the expression itself.
#[must_use]
pub fn elements(expr: &[Tree]) -> Vec<&[Tree]> {
    let group = match expr {
        [Tree::Group(g)] if g.open == '{' || g.open == '[' => Some(g),
        [name, Tree::Group(g)] if g.open == '(' && name.ident().is_some_and(|n| n.ends_with("rrayOf")) => Some(g),
        [new, .., Tree::Group(g)] if g.open == '{' && new.is_ident("new") => Some(g),
        _ => None,
    };
    group.map_or_else(|| vec![expr], |g| tree::split(&g.items, ','))
}

#[cfg(test)]
mod tests {
    use super::{classes, elements};
    use crate::scan::code::lex::Lang;
    use crate::scan::code::tree::{self, parse};

    #[test]
    fn java_classes_methods_and_annotations() {
        let src = "package x;\n@RestController\n@RequestMapping(value = {\"/a\", \"/b\"})\n\
                   public class OwnerController extends Base implements Api {\n\
                   private final Repo repo = new Repo();\n\
                   @GetMapping(\"/{id}\") public ResponseEntity<Owner> show(@PathVariable(\"id\") int id) { if (x) { f(); } }\n\
                   static class Inner { @PostMapping void save() {} }\n}\n";
        let trees = parse(src, Lang::Java).unwrap();
        let found = classes(&trees, Lang::Java);
        let names: Vec<&str> = found.iter().map(|c| c.name).collect();
        assert_eq!(names, ["OwnerController", "Inner"]);
        let owner = &found[0];
        assert_eq!(owner.supers, ["Base", "Api"]);
        let annotations: Vec<&str> = owner.annotations.iter().map(|a| a.name).collect();
        assert_eq!(annotations, ["RestController", "RequestMapping"]);
        let value = owner.annotations[1].named("value").unwrap();
        let paths: Vec<&str> =
            elements(value).into_iter().filter_map(|e| tree::string(e)).map(|t| t.text.as_str()).collect();
        assert_eq!(paths, ["/a", "/b"]);
        let methods: Vec<(&str, usize)> = owner.methods.iter().map(|m| (m.name, m.annotations.len())).collect();
        assert_eq!(methods, [("show", 1)], "a field initializer is no method");
        assert_eq!(found[1].methods[0].annotations[0].name, "PostMapping");
    }

    #[test]
    fn csharp_attributes_namespaces_and_modifiers() {
        let src = "namespace A {\n[ApiController, Route(\"api/[controller]\")]\n\
                   public class UsersController : ControllerBase {\n\
                   private int[] xs = new int[3];\n\
                   [HttpGet(\"{id:int}\", Name = \"get\")]\n[ProducesResponseType(200)]\n\
                   public async Task<IActionResult> GetAsync(int id) => Ok(xs[id]);\n\
                   public string Name { get; set; }\n}\n}\n";
        let trees = parse(src, Lang::CSharp).unwrap();
        let found = classes(&trees, Lang::CSharp);
        assert_eq!(found.len(), 1);
        let users = &found[0];
        assert_eq!((users.name, users.supers.clone()), ("UsersController", vec!["ControllerBase"]));
        assert_eq!(users.annotations.iter().map(|a| a.name).collect::<Vec<_>>(), ["ApiController", "Route"]);
        let get = &users.methods[0];
        assert_eq!((get.name, get.modifiers.clone()), ("GetAsync", vec!["public", "async", "Task", "IActionResult"]));
        assert_eq!(get.annotations.iter().map(|a| a.name).collect::<Vec<_>>(), ["HttpGet", "ProducesResponseType"]);
        assert_eq!(get.annotations[0].named("Name").and_then(tree::string).map(|t| t.text.as_str()), Some("get"));
        assert_eq!(users.methods.len(), 1);
    }
}
