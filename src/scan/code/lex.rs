//! One small lexer for the five language families whose router calls we
//! read (JS/TS, Python, Rust, Go, Ruby). It only has to know what can hide a
//! bracket or a quote from a naive reader: strings, comments, regex literals,
//! raw strings, Ruby symbols. Everything else is an identifier, a number or
//! a single punctuation character.

/// The language family of a source file; it decides comment and string syntax.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Js,
    Python,
    Rust,
    Go,
    Ruby,
}

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Ident,
    /// A string literal without interpolation; `text` is its value.
    Str,
    /// A string with interpolation (`${}`, `#{}`, f-string); `text` is the raw source.
    Template,
    /// A JS regex literal (`/^\/x/i`); `text` is the raw source. Read only so
    /// that the brackets and quotes inside it hide nothing; no route is in it.
    Regex,
    Num,
    Punct,
    /// A Ruby symbol (`:photos`); `text` is the name without the colon.
    Symbol,
}

/// One token, with where it stands in the source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: Kind,
    pub text: String,
    pub line: u32,
    /// Byte offsets of the token in the source, for quoting expressions.
    pub start: usize,
    pub end: usize,
    /// True when nothing but white space precedes it on its line.
    pub first_on_line: bool,
}

impl Token {
    /// True for the punctuation character `c`.
    #[must_use]
    pub fn is_punct(&self, c: char) -> bool {
        self.kind == Kind::Punct && self.text.len() == c.len_utf8() && self.text.starts_with(c)
    }

    /// True for the identifier `name`.
    #[must_use]
    pub fn is_ident(&self, name: &str) -> bool {
        self.kind == Kind::Ident && self.text == name
    }
}

/// Why a file could not be lexed; the file then yields no routes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LexError {
    pub line: u32,
    pub message: &'static str,
}

/// Splits `src` into tokens.
///
/// # Errors
/// An unterminated string, template or block comment.
pub fn lex(src: &str, lang: Lang) -> Result<Vec<Token>, LexError> {
    let mut lexer = Lexer { src, chars: src.char_indices().collect(), i: 0, line: 1, lang, tokens: Vec::new() };
    lexer.run()?;
    Ok(lexer.tokens)
}

struct Lexer<'a> {
    src: &'a str,
    chars: Vec<(usize, char)>,
    i: usize,
    line: u32,
    lang: Lang,
    tokens: Vec<Token>,
}

fn is_ident_start(c: char) -> bool {
    c.is_alphabetic() || c == '_' || c == '$'
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

impl Lexer<'_> {
    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.i + ahead).map(|&(_, c)| c)
    }

    fn offset(&self, i: usize) -> usize {
        self.chars.get(i).map_or(self.src.len(), |&(o, _)| o)
    }

    fn err(&self, message: &'static str) -> LexError {
        LexError { line: self.line, message }
    }

    fn starts_with(&self, s: &str) -> bool {
        s.chars().enumerate().all(|(k, c)| self.peek(k) == Some(c))
    }

    fn first_on_line(&self, start: usize) -> bool {
        self.src[..start].rsplit('\n').next().is_none_or(|before| before.trim().is_empty())
    }

    fn push(&mut self, kind: Kind, text: String, from: usize, line: u32) {
        let start = self.offset(from);
        let end = self.offset(self.i);
        let first_on_line = self.first_on_line(start);
        self.tokens.push(Token { kind, text, line, start, end, first_on_line });
    }

    /// Advances one character, counting lines.
    fn bump(&mut self) -> Option<char> {
        let c = self.peek(0)?;
        self.i += 1;
        if c == '\n' {
            self.line += 1;
        }
        Some(c)
    }

    fn run(&mut self) -> Result<(), LexError> {
        while let Some(c) = self.peek(0) {
            if c.is_whitespace() {
                self.bump();
            } else if self.comment_start() {
                self.skip_comment()?;
            } else if let Some(quote) = self.string_start() {
                self.string(quote)?;
            } else if is_ident_start(c) {
                self.ident();
            } else if c.is_ascii_digit() {
                let from = self.i;
                while self.peek(0).is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
                    self.bump();
                }
                let text = self.text_from(from);
                self.push(Kind::Num, text, from, self.line);
            } else if !self.special(c) {
                let (from, line) = (self.i, self.line);
                self.bump();
                self.push(Kind::Punct, c.to_string(), from, line);
            }
        }
        Ok(())
    }

    /// A Ruby symbol or a JS regex literal at the cursor, read when there is one.
    fn special(&mut self, c: char) -> bool {
        (self.lang == Lang::Ruby && c == ':' && self.ruby_symbol())
            || (self.lang == Lang::Js && c == '/' && self.regex_allowed() && self.regex())
    }

    fn text_from(&self, from: usize) -> String {
        self.src[self.offset(from)..self.offset(self.i)].to_owned()
    }

    fn comment_start(&self) -> bool {
        match self.lang {
            Lang::Python | Lang::Ruby => self.peek(0) == Some('#'),
            Lang::Js | Lang::Rust | Lang::Go => self.starts_with("//") || self.starts_with("/*"),
        }
    }

    fn skip_comment(&mut self) -> Result<(), LexError> {
        if self.starts_with("/*") {
            // Rust block comments nest; the others end at the first `*/`.
            let mut depth = 0usize;
            loop {
                if self.starts_with("/*") && (depth == 0 || self.lang == Lang::Rust) {
                    depth += 1;
                    self.i += 2;
                } else if self.starts_with("*/") {
                    self.i += 2;
                    depth -= 1;
                    if depth == 0 {
                        return Ok(());
                    }
                } else if self.bump().is_none() {
                    return Err(self.err("unterminated block comment"));
                }
            }
        }
        while self.peek(0).is_some_and(|c| c != '\n') {
            self.bump();
        }
        Ok(())
    }

    fn ident(&mut self) {
        let (from, line) = (self.i, self.line);
        while self.peek(0).is_some_and(is_ident_char) {
            self.bump();
        }
        // Ruby method names may end in `?` or `!`.
        if self.lang == Lang::Ruby && matches!(self.peek(0), Some('?' | '!')) && self.peek(1) != Some('=') {
            self.bump();
        }
        let text = self.text_from(from);
        self.push(Kind::Ident, text, from, line);
    }

    /// The opening quote of a string at the cursor, after any prefix letters
    /// (Python `rb"`, Rust `r#"`), or `None`.
    fn string_start(&self) -> Option<Quote> {
        let c = self.peek(0)?;
        match (self.lang, c) {
            (Lang::Js, '\'' | '"' | '`') | (Lang::Go, '"' | '`') | (Lang::Ruby, '\'' | '"') => {
                Some(Quote { prefix: 0, hashes: 0, delim: c, triple: false, raw: c == '`' && self.lang == Lang::Go })
            }
            (Lang::Go | Lang::Rust, '\'') | (Lang::Rust, '"') => {
                Some(Quote { prefix: 0, hashes: 0, delim: c, triple: false, raw: false })
            }
            (Lang::Rust, 'r' | 'b') => self.rust_raw_start(),
            (Lang::Python, _) => self.python_start(),
            _ => None,
        }
    }

    fn rust_raw_start(&self) -> Option<Quote> {
        let prefix = usize::from(self.peek(0) == Some('b') && self.peek(1) == Some('r')) + 1;
        let raw = self.peek(prefix - 1) == Some('r');
        let mut hashes = 0;
        while raw && self.peek(prefix + hashes) == Some('#') {
            hashes += 1;
        }
        let prefix = if raw { prefix } else { 1 };
        (self.peek(prefix + hashes) == Some('"')).then_some(Quote { prefix, hashes, delim: '"', triple: false, raw })
    }

    fn python_start(&self) -> Option<Quote> {
        let mut prefix = 0;
        while prefix < 2 && self.peek(prefix).is_some_and(|c| "rRbBfFuU".contains(c)) {
            prefix += 1;
        }
        let delim = self.peek(prefix).filter(|&c| c == '\'' || c == '"')?;
        let triple = self.peek(prefix + 1) == Some(delim) && self.peek(prefix + 2) == Some(delim);
        let letters: String = (0..prefix).filter_map(|k| self.peek(k)).collect::<String>().to_lowercase();
        Some(Quote { prefix, hashes: 0, delim, triple, raw: letters.contains('r') })
    }

    fn string(&mut self, quote: Quote) -> Result<(), LexError> {
        let (from, line) = (self.i, self.line);
        let f_string = self.lang == Lang::Python && (0..quote.prefix).any(|k| matches!(self.peek(k), Some('f' | 'F')));
        self.i += quote.prefix + quote.hashes + if quote.triple { 3 } else { 1 };
        if self.lang == Lang::Rust && quote.delim == '\'' && self.lifetime() {
            return Ok(());
        }
        let mut value = String::new();
        let mut interpolated = false;
        loop {
            let Some(c) = self.peek(0) else { return Err(self.err("unterminated string")) };
            if self.closes(&quote) {
                self.i += quote.hashes + if quote.triple { 3 } else { 1 };
                break;
            }
            if c == '\n' && !quote.triple && quote.delim != '`' && self.lang != Lang::Ruby && !quote.raw {
                // A quote in JSX text or prose: not a string after all.
                self.i = from + quote.prefix + 1;
                self.line = line;
                self.push(Kind::Punct, quote.delim.to_string(), from, line);
                return Ok(());
            }
            if c == '\\' && !quote.raw {
                self.bump();
                if let Some(escaped) = self.bump() {
                    value.push(escaped);
                }
                continue;
            }
            if self.interpolation_start(&quote, f_string) {
                interpolated = true;
                self.skip_interpolation()?;
                continue;
            }
            value.push(c);
            self.bump();
        }
        if interpolated {
            let text = self.text_from(from);
            self.push(Kind::Template, text, from, line);
        } else {
            self.push(Kind::Str, value, from, line);
        }
        Ok(())
    }

    /// A Rust `'a` lifetime (no closing quote right after one character).
    fn lifetime(&mut self) -> bool {
        let escaped = self.peek(0) == Some('\\');
        if escaped || self.peek(1) == Some('\'') {
            return false;
        }
        true
    }

    fn closes(&self, quote: &Quote) -> bool {
        if self.peek(0) != Some(quote.delim) {
            return false;
        }
        if quote.triple {
            return self.peek(1) == Some(quote.delim) && self.peek(2) == Some(quote.delim);
        }
        (1..=quote.hashes).all(|k| self.peek(k) == Some('#'))
    }

    fn interpolation_start(&self, quote: &Quote, f_string: bool) -> bool {
        match self.lang {
            Lang::Js => quote.delim == '`' && self.starts_with("${"),
            Lang::Ruby => quote.delim == '"' && self.starts_with("#{"),
            Lang::Python => f_string && self.peek(0) == Some('{') && self.peek(1) != Some('{'),
            Lang::Rust | Lang::Go => false,
        }
    }

    /// Skips `${ … }` / `#{ … }` / `{ … }`, nested strings included.
    fn skip_interpolation(&mut self) -> Result<(), LexError> {
        while self.peek(0) != Some('{') {
            self.bump();
        }
        let mut depth = 0usize;
        loop {
            if let Some(quote) = self.string_start().filter(|q| q.delim != '`' || self.lang == Lang::Js) {
                let before = self.tokens.len();
                self.string(quote)?;
                self.tokens.truncate(before);
                continue;
            }
            match self.bump() {
                None => return Err(self.err("unterminated interpolation")),
                Some('{') => depth += 1,
                Some('}') => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(());
                    }
                }
                Some(_) => {}
            }
        }
    }

    /// `:name` in Ruby is a symbol unless it follows an identifier (`key: v`)
    /// or another colon (`A::B`). Returns whether a symbol was read.
    fn ruby_symbol(&mut self) -> bool {
        let prev = self.i.checked_sub(1).and_then(|k| self.chars.get(k)).map(|&(_, c)| c);
        let next = self.peek(1);
        if prev.is_some_and(|c| is_ident_char(c) || c == ':') || !next.is_some_and(is_ident_start) {
            return false;
        }
        let (from, line) = (self.i, self.line);
        self.bump();
        while self.peek(0).is_some_and(is_ident_char) {
            self.bump();
        }
        let text = self.text_from(from)[1..].to_owned();
        self.push(Kind::Symbol, text, from, line);
        true
    }

    /// A `/` starts a regex literal where an expression is expected.
    fn regex_allowed(&self) -> bool {
        match self.tokens.last() {
            None => true,
            // `</Route>` closes a JSX element.
            Some(t) if t.kind == Kind::Punct => !matches!(t.text.as_str(), ")" | "]" | "}" | "<"),
            Some(t) => t.kind == Kind::Ident && matches!(t.text.as_str(), "return" | "typeof" | "case" | "in" | "of"),
        }
    }

    /// Reads a regex literal; when none ends on this line the `/` was a
    /// division after all, and nothing is consumed.
    fn regex(&mut self) -> bool {
        let (from, line) = (self.i, self.line);
        self.bump();
        let mut in_class = false;
        loop {
            match self.bump() {
                None | Some('\n') => {
                    (self.i, self.line) = (from, line);
                    return false;
                }
                Some('\\') => {
                    self.bump();
                }
                Some('[') => in_class = true,
                Some(']') => in_class = false,
                Some('/') if !in_class => break,
                Some(_) => {}
            }
        }
        while self.peek(0).is_some_and(char::is_alphanumeric) {
            self.bump();
        }
        let text = self.text_from(from);
        self.push(Kind::Regex, text, from, line);
        true
    }
}

/// How a string opens and closes.
#[derive(Clone, Copy)]
struct Quote {
    /// Letters before the quote (`r`, `b`, `f`, `br`).
    prefix: usize,
    /// Rust raw string `#` count.
    hashes: usize,
    delim: char,
    triple: bool,
    /// Backslashes are literal.
    raw: bool,
}
