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
    if prev.is_some_and(|p| p.is_punct('.')) {
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
