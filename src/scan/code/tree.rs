//! Token trees: tokens nested by their brackets (and Ruby's `do … end`), so
//! an extractor can take "the arguments of this call" or "the fields of this
//! object" without counting brackets itself. Unbalanced brackets make the
//! file unreadable, which is better than routes joined to the wrong parent.

use super::lex::{Kind, Lang, Token, lex};

/// A token, or a bracketed group of trees.
#[derive(Clone, Debug)]
pub enum Tree {
    Tok(Token),
    Group(Group),
}

/// A bracketed group: `(`, `[`, `{`, or `d` for Ruby's `do … end` blocks.
#[derive(Clone, Debug)]
pub struct Group {
    pub open: char,
    pub line: u32,
    pub start: usize,
    pub end: usize,
    pub items: Vec<Tree>,
}

impl Tree {
    #[must_use]
    pub fn tok(&self) -> Option<&Token> {
        match self {
            Tree::Tok(t) => Some(t),
            Tree::Group(_) => None,
        }
    }

    /// The group, when this is one opened by `open`.
    #[must_use]
    pub fn group(&self, open: char) -> Option<&Group> {
        match self {
            Tree::Group(g) if g.open == open => Some(g),
            _ => None,
        }
    }

    #[must_use]
    pub fn line(&self) -> u32 {
        match self {
            Tree::Tok(t) => t.line,
            Tree::Group(g) => g.line,
        }
    }

    fn span(&self) -> (usize, usize) {
        match self {
            Tree::Tok(t) => (t.start, t.end),
            Tree::Group(g) => (g.start, g.end),
        }
    }

    #[must_use]
    pub fn is_punct(&self, c: char) -> bool {
        self.tok().is_some_and(|t| t.is_punct(c))
    }

    #[must_use]
    pub fn is_ident(&self, name: &str) -> bool {
        self.tok().is_some_and(|t| t.is_ident(name))
    }

    /// The identifier's name, when this is one.
    #[must_use]
    pub fn ident(&self) -> Option<&str> {
        self.tok().filter(|t| t.kind == Kind::Ident).map(|t| t.text.as_str())
    }
}

/// Lexes and nests `src`; `None` when it cannot be read.
#[must_use]
pub fn parse(src: &str, lang: Lang) -> Option<Vec<Tree>> {
    let tokens = lex(src, lang).ok()?;
    build(tokens, lang)
}

fn opener(tokens: &[Token], i: usize, lang: Lang) -> Option<char> {
    let t = &tokens[i];
    if t.kind == Kind::Punct {
        return t.text.chars().next().filter(|c| matches!(c, '(' | '[' | '{'));
    }
    if lang != Lang::Ruby || t.kind != Kind::Ident {
        return None;
    }
    let prev = i.checked_sub(1).map(|k| &tokens[k]);
    // `.class` is a method call, and `module: "x"` / `class: "btn"` a hash key.
    let key = tokens.get(i + 1).is_some_and(|n| n.is_punct(':') && n.start == t.end);
    if prev.is_some_and(|p| p.is_punct('.')) || key {
        return None;
    }
    let statement_start =
        t.first_on_line || prev.is_some_and(|p| p.is_punct('=') || p.is_punct('(') || p.is_punct(';'));
    match t.text.as_str() {
        "do" | "def" | "class" | "module" | "begin" | "case" => Some('d'),
        "if" | "unless" | "while" | "until" if statement_start => Some('d'),
        _ => None,
    }
}

fn closer(t: &Token, lang: Lang) -> Option<char> {
    if lang == Lang::Ruby && t.is_ident("end") {
        return Some('d');
    }
    match t.text.as_str() {
        ")" if t.kind == Kind::Punct => Some('('),
        "]" if t.kind == Kind::Punct => Some('['),
        "}" if t.kind == Kind::Punct => Some('{'),
        _ => None,
    }
}

/// Real route files nest a few dozen brackets deep; deeper input is not a
/// router file, and refusing it keeps every walk over the tree (and its
/// drop) far from the stack's limit.
pub const MAX_DEPTH: usize = 256;

fn build(tokens: Vec<Token>, lang: Lang) -> Option<Vec<Tree>> {
    let opens: Vec<Option<char>> = (0..tokens.len()).map(|i| opener(&tokens, i, lang)).collect();
    let mut stack: Vec<Group> = vec![Group { open: '\0', line: 1, start: 0, end: 0, items: Vec::new() }];
    for (token, open) in tokens.into_iter().zip(opens) {
        if let Some(open) = open {
            if stack.len() > MAX_DEPTH {
                return None;
            }
            stack.push(Group { open, line: token.line, start: token.start, end: token.end, items: Vec::new() });
        } else if let Some(open) = closer(&token, lang) {
            let mut group = stack.pop().filter(|g| g.open == open)?;
            group.end = token.end;
            stack.last_mut()?.items.push(Tree::Group(group));
        } else {
            stack.last_mut()?.items.push(Tree::Tok(token));
        }
    }
    let top = stack.pop()?;
    stack.is_empty().then_some(top.items)
}

/// Splits a group's items at top-level `sep` punctuation; empty parts are dropped.
#[must_use]
pub fn split(items: &[Tree], sep: char) -> Vec<&[Tree]> {
    items.split(|t| t.is_punct(sep)).filter(|part| !part.is_empty()).collect()
}

/// The string token, when `expr` is exactly one string literal.
#[must_use]
pub fn string(expr: &[Tree]) -> Option<&Token> {
    match expr {
        [Tree::Tok(t)] if t.kind == Kind::Str => Some(t),
        _ => None,
    }
}

/// The source text of an expression, for reporting what could not be resolved.
#[must_use]
pub fn source<'a>(src: &'a str, expr: &[Tree]) -> &'a str {
    match (expr.first(), expr.last()) {
        (Some(first), Some(last)) => src.get(first.span().0..last.span().1).unwrap_or(""),
        _ => "",
    }
}

/// Calls `f` on the items of every level: the top and each group, depth first.
pub fn visit<'a>(items: &'a [Tree], f: &mut dyn FnMut(&'a [Tree])) {
    f(items);
    for tree in items {
        if let Tree::Group(g) = tree {
            visit(&g.items, f);
        }
    }
}

/// The `key: value` fields of an object literal (JS, Python dict-ish calls
/// use `key=value` and go through [`keyword_args`]). Keys may be
/// identifiers or strings; spreads and shorthand fields are skipped.
#[must_use]
pub fn fields(object: &Group) -> Vec<(&str, &[Tree])> {
    split(&object.items, ',')
        .into_iter()
        .filter_map(|field| match field {
            [key, colon, value @ ..] if colon.is_punct(':') => {
                let key = key.tok().filter(|t| matches!(t.kind, Kind::Ident | Kind::Str))?;
                Some((key.text.as_str(), value))
            }
            _ => None,
        })
        .collect()
}

/// The value of field `name` of an object literal.
#[must_use]
pub fn field<'a>(object: &'a Group, name: &str) -> Option<&'a [Tree]> {
    fields(object).into_iter().find(|(key, _)| *key == name).map(|(_, value)| value)
}

/// `name=value` keyword arguments of a Python call.
#[must_use]
pub fn keyword_args<'a>(args: &[&'a [Tree]]) -> Vec<(&'a str, &'a [Tree])> {
    args.iter()
        .filter_map(|arg: &&'a [Tree]| {
            let arg: &'a [Tree] = arg;
            match arg {
                [key, eq, value @ ..] if eq.is_punct('=') && !value.first().is_some_and(|v| v.is_punct('=')) => {
                    Some((key.ident()?, value))
                }
                _ => None,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{Group, MAX_DEPTH, Tree, field, fields, keyword_args, parse, source, split, string};
    use crate::scan::code::lex::Lang;

    fn trees(src: &str, lang: Lang) -> Vec<Tree> {
        parse(src, lang).unwrap_or_else(|| panic!("{src:?} did not parse"))
    }

    /// The trees written back as a compact outline: `f(a,[b])`; a Ruby block
    /// is `do[…]`, whichever keyword opened it (the keyword is the group).
    fn outline(items: &[Tree]) -> String {
        items
            .iter()
            .map(|tree| match tree {
                Tree::Tok(t) => t.text.clone(),
                Tree::Group(g) if g.open == 'd' => format!("do[{}]", outline(&g.items)),
                Tree::Group(g) => {
                    let close = match g.open {
                        '(' => ')',
                        '[' => ']',
                        _ => '}',
                    };
                    format!("{}{}{close}", g.open, outline(&g.items))
                }
            })
            .collect()
    }

    fn only_group(trees: &[Tree]) -> &Group {
        match trees {
            [Tree::Group(g)] => g,
            _ => panic!("not one group: {}", outline(trees)),
        }
    }

    #[test]
    fn brackets_nest_into_groups() {
        let trees = trees("f(a, [b, {c: 1}]);\ng()", Lang::Js);
        assert_eq!(outline(&trees), "f(a,[b,{c:1}]);g()");
        let call = trees[1].group('(').unwrap();
        assert_eq!((call.line, call.items.len()), (1, 3));
        let array = call.items[2].group('[').unwrap();
        assert!(array.items[2].group('{').is_some());
        assert_eq!(trees[4].group('(').map(|g| g.line), Some(2));
    }

    #[test]
    fn a_group_spans_from_its_opening_to_its_closing_bracket() {
        let src = "x = f(a,\n  b) + 1";
        let trees = trees(src, Lang::Js);
        let call = trees[3].group('(').unwrap();
        assert_eq!(&src[call.start..call.end], "(a,\n  b)");
        assert_eq!(source(src, &trees[2..4]), "f(a,\n  b)");
    }

    #[test]
    fn brackets_in_strings_comments_and_regexes_do_not_count() {
        let trees = trees("f(')', \"]\", /[(]/) // {\n/* ( */", Lang::Js);
        assert_eq!(trees.len(), 2);
        let args = split(&trees[1].group('(').unwrap().items, ',');
        assert_eq!(args.len(), 3);
        assert_eq!(string(args[0]).map(|t| t.text.as_str()), Some(")"));
    }

    #[test]
    fn unbalanced_or_mismatched_brackets_make_the_file_unreadable() {
        for src in ["f(a", "f(a))", "a)", "f(a]", "{[}]", "}"] {
            assert!(parse(src, Lang::Js).is_none(), "{src}");
        }
        // A file that cannot be lexed cannot be nested either.
        assert!(parse("f('a)", Lang::Js).is_none());
        assert!(parse("", Lang::Js).is_some_and(|trees| trees.is_empty()));
    }

    #[test]
    fn nesting_up_to_max_depth_is_read_and_deeper_is_refused() {
        let nested = |depth: usize| format!("{}x{}", "(".repeat(depth), ")".repeat(depth));
        let deepest = trees(&nested(MAX_DEPTH), Lang::Js);
        let mut group = only_group(&deepest);
        let mut depth = 1;
        while let [Tree::Group(inner)] = group.items.as_slice() {
            group = inner;
            depth += 1;
        }
        assert_eq!((depth, outline(&group.items)), (MAX_DEPTH, "x".to_owned()));
        assert!(parse(&nested(MAX_DEPTH + 1), Lang::Js).is_none());
        // Width is not depth.
        assert!(parse(&"()".repeat(10 * MAX_DEPTH), Lang::Js).is_some());
    }

    #[test]
    fn ruby_do_end_and_statement_keywords_nest_like_brackets() {
        let src = "Rails.application.routes.draw do\n  resources :photos do\n    get :x if admin?\n  end\n  if x\n  end\nend\n";
        let trees = trees(src, Lang::Ruby);
        assert_eq!(outline(&trees), "Rails.application.routes.drawdo[resourcesphotosdo[getxifadmin?]do[x]]");
        let block = trees.last().unwrap().group('d').unwrap();
        assert_eq!((block.line, &src[block.start..block.start + 2]), (1, "do"));
        // `.class` is a method call, not a body to close.
        assert!(parse("x.class\n", Lang::Ruby).is_some());
        // `module:` and `class:` are hash keys (`scope module: "admin" do`).
        let keys = super::parse("scope module: \"a\" do\n  tag.b class: \"c\"\nend\n", Lang::Ruby).unwrap();
        assert_eq!(outline(&keys), "scopemodule:ado[tag.bclass:c]");
        assert!(parse("do\n", Lang::Ruby).is_none());
        // `do … end` is plain words outside Ruby.
        assert!(parse("do\n", Lang::Python).is_some());
    }

    #[test]
    fn object_fields_take_identifier_and_string_keys() {
        let trees = trees("({ path: '/a', 'index': true, ...rest, short, children: [x] })", Lang::Js);
        let object = only_group(&trees).items[0].group('{').unwrap();
        let keys: Vec<&str> = fields(object).into_iter().map(|(key, _)| key).collect();
        assert_eq!(keys, ["path", "index", "children"]);
        assert_eq!(field(object, "path").and_then(string).map(|t| t.text.as_str()), Some("/a"));
        assert!(field(object, "rest").is_none());
    }

    #[test]
    fn python_keyword_arguments_are_name_equals_value() {
        let trees = trees("APIRouter(r, prefix=\"/v1\", deps=a == b, tags=[\"t\"])", Lang::Python);
        let args = split(&trees[1].group('(').unwrap().items, ',');
        let names: Vec<&str> = keyword_args(&args).into_iter().map(|(name, _)| name).collect();
        assert_eq!(names, ["prefix", "deps", "tags"]);
        let prefix = keyword_args(&args)[0].1;
        assert_eq!(string(prefix).map(|t| t.text.as_str()), Some("/v1"));
    }
}
