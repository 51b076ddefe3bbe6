//! One small lexer for the language families whose router calls we read
//! (JS/TS, Python, Rust, Go, Ruby, Java and Kotlin, C#, PHP). It only has to know
//! what can hide a bracket or a quote from a naive reader: strings, comments,
//! regex literals, raw strings, Ruby symbols. Everything else is an
//! identifier, a number or a single punctuation character.

use std::borrow::Cow;

/// The language family of a source file; it decides comment and string syntax.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Js,
    Python,
    Rust,
    Go,
    Ruby,
    /// Java and Kotlin: `"…"`, text blocks and raw strings `"""…"""`, char
    /// literals; Kotlin's `$name` templates stay text (no route uses them).
    Java,
    /// C#: `"…"`, verbatim `@"…"` (`""` is a quote), interpolated `$"…"`,
    /// raw `"""…"""`, char literals.
    CSharp,
    /// PHP: code between `<?php` (or `<?=`) and `?>`; inline HTML outside
    /// the tags is read as an `echo` of a string, as PHP runs it.
    Php,
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
    // About one token for every six bytes of source, in the apps measured.
    Lexer::new(src, lang, Vec::with_capacity(src.len() / 6), None).run()
}

/// The tokens of the statements that begin with the identifier `word`
/// (`export`) before byte `until`, from `word` on: at least four tokens,
/// then on until every bracket opened since `word` is closed. A `word`
/// after a `.` begins nothing (`module.export`).
///
/// The source is lexed, so `word` in a comment or a string counts for
/// nothing, as with [`lex`]; but only these tokens are kept. Reading a
/// module's exports this way allocates for a handful of tokens instead of
/// every token of the file, which made it most of the cost of a scan of a
/// real Next.js app (one route handler lexed for each API route). Lexing
/// stops at the first token past `until` that no statement holds: a caller
/// that knows no `word` after it can begin a statement does not have the
/// rest of a large module read (`usize::MAX` reads it all). What the rest
/// holds is not checked either: a string left open there is no error.
///
/// # Errors
/// As [`lex`], before the point where lexing stops.
pub fn lex_statements(src: &str, lang: Lang, word: &'static str, until: usize) -> Result<Vec<Token>, LexError> {
    Lexer::new(src, lang, Vec::new(), Some(Statements { word, left: 0, depth: 0, until })).run()
}

/// What [`lex_statements`] keeps: the statement being kept, if any.
struct Statements {
    word: &'static str,
    /// Tokens still to keep before the statement may end.
    left: usize,
    /// Brackets opened and not yet closed since `word`.
    depth: usize,
    /// No statement begins at or after this byte ([`lex_statements`]).
    until: usize,
}

impl Statements {
    /// The least tokens kept after `word`: `export async function* GET`.
    const LEAST: usize = 4;

    /// True while a statement is being kept: the next token is kept.
    fn open(&self) -> bool {
        self.left > 0 || self.depth > 0
    }

    /// True when the cursor, at byte `at` between tokens, is past every
    /// statement there is to keep.
    fn done(&self, at: usize) -> bool {
        at >= self.until && !self.open()
    }

    /// Whether to keep a token; `after_dot` when a `.` precedes it.
    fn keeps(&mut self, kind: Kind, text: &str, after_dot: bool) -> bool {
        if self.left == 0 && self.depth == 0 {
            if kind != Kind::Ident || text != self.word || after_dot {
                return false;
            }
            self.left = Self::LEAST + 1;
        }
        if kind == Kind::Punct {
            match text {
                "(" | "[" | "{" => self.depth += 1,
                ")" | "]" | "}" => self.depth = self.depth.saturating_sub(1),
                _ => {}
            }
        }
        self.left = self.left.saturating_sub(1);
        true
    }
}

/// The cursor is a byte offset into the source, always on a character
/// boundary: the source is read in place, never copied (a copy as
/// `(offset, char)` pairs took 16 bytes a character and a fifth of a scan).
struct Lexer<'a> {
    src: &'a str,
    i: usize,
    /// Keep only these statements' tokens ([`lex_statements`]).
    only: Option<Statements>,
    /// Reading a string inside an interpolation: its tokens are not kept.
    muted: bool,
    /// Whether a `/` may start a regex literal after the last token (an
    /// operand cannot be followed by one), and whether that token is a `.`.
    regex_may_follow: bool,
    after_dot: bool,
    line: u32,
    lang: Lang,
    tokens: Vec<Token>,
    /// Where the last token pushed starts, and its line.
    last_push: Option<(usize, u32)>,
    /// Where the cursor's line starts.
    line_start: usize,
}

fn is_ident_start(c: char) -> bool {
    c.is_alphabetic() || c == '_' || c == '$'
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

impl<'a> Lexer<'a> {
    fn new(src: &'a str, lang: Lang, tokens: Vec<Token>, only: Option<Statements>) -> Self {
        Lexer {
            src,
            i: 0,
            only,
            muted: false,
            regex_may_follow: true,
            after_dot: false,
            line: 1,
            lang,
            tokens,
            last_push: None,
            line_start: 0,
        }
    }

    /// The character `ahead` characters after the cursor.
    fn peek(&self, ahead: usize) -> Option<char> {
        // Source is mostly ASCII: a byte below 0x80 is a whole character.
        if ahead == 0 && self.src.as_bytes().get(self.i).is_some_and(u8::is_ascii) {
            return Some(char::from(self.src.as_bytes()[self.i]));
        }
        let mut rest = self.src[self.i..].chars();
        if ahead == 0 { rest.next() } else { rest.nth(ahead) }
    }

    fn err(&self, message: &'static str) -> LexError {
        LexError { line: self.line, message }
    }

    /// Compared byte by byte: the patterns are two or three bytes, for
    /// which a call to `memcmp` costs more than the comparison.
    fn starts_with(&self, s: &str) -> bool {
        let rest = &self.src.as_bytes()[self.i..];
        rest.len() >= s.len() && s.bytes().zip(rest).all(|(a, &b)| a == b)
    }

    /// Whether a token starting at byte `start` on `line` is the first on
    /// its line: no token pushed before it starts on that line, and only
    /// white space precedes it there. The line's start is kept by
    /// [`Self::bump`], so nothing is searched for each token.
    fn first_on_line(&mut self, start: usize, line: u32) -> bool {
        // A token pushed after tokens it holds (a template literal after
        // its `${…}`) is compared with the text only.
        let after_a_token = self.last_push.is_some_and(|(previous, on)| previous < start && on == line);
        self.last_push = Some((start, line));
        let before = if start >= self.line_start {
            &self.src[self.line_start..start]
        } else {
            // A token that spans lines: its own line is behind the cursor.
            self.src[..start].rsplit('\n').next().unwrap_or_default()
        };
        !after_a_token && before.trim().is_empty()
    }

    /// Records a token: its text is borrowed from the source where it can
    /// be, and copied only when the token is kept.
    fn push(&mut self, kind: Kind, text: Cow<'a, str>, from: usize, line: u32) {
        if self.muted {
            return;
        }
        let after_dot = std::mem::replace(&mut self.after_dot, kind == Kind::Punct && text == ".");
        self.regex_may_follow = match kind {
            // `</Route>` closes a JSX element.
            Kind::Punct => !matches!(&*text, ")" | "]" | "}" | "<"),
            Kind::Ident => matches!(&*text, "return" | "typeof" | "case" | "in" | "of"),
            _ => false,
        };
        if self.only.as_mut().is_some_and(|only| !only.keeps(kind, &text, after_dot)) {
            self.last_push = Some((from, line));
            return;
        }
        let first_on_line = self.first_on_line(from, line);
        self.tokens.push(Token { kind, text: text.into_owned(), line, start: from, end: self.i, first_on_line });
    }

    /// Advances over the ASCII bytes that `keep`, counting lines: what
    /// [`Self::bump`] does one character at a time, for the runs of white
    /// space and identifiers that are most of a source.
    fn skip_ascii_while(&mut self, keep: impl Fn(u8) -> bool) {
        let bytes = self.src.as_bytes();
        while let Some(&b) = bytes.get(self.i).filter(|&&b| keep(b)) {
            self.i += 1;
            if b == b'\n' {
                self.line += 1;
                self.line_start = self.i;
            }
        }
    }

    /// Advances one character, counting lines.
    fn bump(&mut self) -> Option<char> {
        let c = self.peek(0)?;
        self.i += c.len_utf8();
        if c == '\n' {
            self.line += 1;
            self.line_start = self.i;
        }
        Some(c)
    }

    fn run(mut self) -> Result<Vec<Token>, LexError> {
        if self.lang == Lang::Php {
            self.php_inline_html();
        }
        while let Some(c) = self.peek(0) {
            if self.only.as_ref().is_some_and(|only| only.done(self.i)) {
                break;
            }
            if self.lang == Lang::Php && self.starts_with("?>") {
                self.php_close_tag();
            } else if c.is_ascii_whitespace() {
                self.skip_ascii_while(|b| b.is_ascii_whitespace());
            } else if c.is_whitespace() {
                self.bump();
            } else if self.lang == Lang::Php && self.starts_with("<<<") && self.php_heredoc()? {
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
                let text = self.text_from(from);
                self.push(Kind::Punct, text, from, line);
            }
        }
        Ok(self.tokens)
    }

    /// A Ruby symbol or a JS regex literal at the cursor, read when there is one.
    fn special(&mut self, c: char) -> bool {
        (self.lang == Lang::Ruby && c == ':' && self.ruby_symbol())
            || (self.lang == Lang::Js && c == '/' && self.regex_allowed() && self.regex())
    }

    fn text_from(&self, from: usize) -> Cow<'a, str> {
        Cow::Borrowed(&self.src[from..self.i])
    }

    fn comment_start(&self) -> bool {
        match self.lang {
            Lang::Python | Lang::Ruby => self.peek(0) == Some('#'),
            Lang::Js | Lang::Rust | Lang::Go | Lang::Java | Lang::CSharp => {
                self.starts_with("//") || self.starts_with("/*")
            }
            // `#[Attr]` is an attribute, not a comment.
            Lang::Php => {
                self.starts_with("//")
                    || self.starts_with("/*")
                    || (self.peek(0) == Some('#') && self.peek(1) != Some('['))
            }
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
        let rest = &self.src[self.i..];
        let end = rest.find('\n').unwrap_or(rest.len());
        // A PHP line comment also ends where the code does, at `?>`.
        let end = if self.lang == Lang::Php { rest[..end].find("?>").unwrap_or(end) } else { end };
        self.i += end;
        Ok(())
    }

    fn ident(&mut self) {
        let (from, line) = (self.i, self.line);
        self.skip_ascii_while(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'$');
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
            (Lang::Js, '\'' | '"' | '`') | (Lang::Go, '"' | '`') | (Lang::Ruby | Lang::Php, '\'' | '"') => {
                Some(Quote { prefix: 0, hashes: 0, delim: c, triple: false, raw: c == '`' && self.lang == Lang::Go })
            }
            (Lang::Go | Lang::Rust | Lang::Java | Lang::CSharp, '\'') | (Lang::Rust, '"') => {
                Some(Quote { prefix: 0, hashes: 0, delim: c, triple: false, raw: false })
            }
            (Lang::Rust, 'r' | 'b') => self.rust_raw_start(),
            (Lang::Python, _) => self.python_start(),
            (Lang::Java, '"') => Some(self.triple_start(0, false)),
            (Lang::CSharp, '"' | '@' | '$') => self.csharp_start(),
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

    /// A `"` at `prefix`, tripled or not (Java text blocks, C# raw strings).
    fn triple_start(&self, prefix: usize, raw: bool) -> Quote {
        let triple = self.peek(prefix + 1) == Some('"') && self.peek(prefix + 2) == Some('"');
        Quote { prefix, hashes: 0, delim: '"', triple, raw: raw || triple }
    }

    /// `"`, `@"`, `$"`, `$@"`, `@$"`, `$"""`: `@` makes a verbatim string.
    fn csharp_start(&self) -> Option<Quote> {
        let mut prefix = 0;
        while prefix < 2 && matches!(self.peek(prefix), Some('@' | '$')) {
            prefix += 1;
        }
        if self.peek(prefix) != Some('"') {
            return None;
        }
        let verbatim = (0..prefix).any(|k| self.peek(k) == Some('@'));
        Some(self.triple_start(prefix, verbatim))
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
        let (from, line, line_start) = (self.i, self.line, self.line_start);
        let f_string = match self.lang {
            Lang::Python => (0..quote.prefix).any(|k| matches!(self.peek(k), Some('f' | 'F'))),
            Lang::CSharp => (0..quote.prefix).any(|k| self.peek(k) == Some('$')),
            _ => false,
        };
        let verbatim = self.lang == Lang::CSharp && quote.raw && !quote.triple;
        self.i += quote.prefix + quote.hashes + if quote.triple { 3 } else { 1 };
        if self.lang == Lang::Rust && quote.delim == '\'' && self.lifetime() {
            return Ok(());
        }
        // The value is the source between the quotes until an escape
        // makes it differ; only then is it copied.
        let content = self.i;
        // A string no statement keeps ([`lex_statements`]) has no value to copy.
        let copy = !self.muted && self.only.as_ref().is_none_or(Statements::open);
        let mut escaped_value: Option<String> = None;
        let mut interpolated = false;
        let close = loop {
            self.skip_plain(quote.delim, escaped_value.as_mut());
            let Some(c) = self.peek(0) else { return Err(self.err("unterminated string")) };
            // A verbatim string writes a quote twice, an interpolated one a
            // brace: the value differs from the source from here on.
            let doubled = (verbatim && self.starts_with("\"\""))
                || (f_string && self.lang == Lang::CSharp && (self.starts_with("{{") || self.starts_with("}}")));
            if doubled {
                escaped_value.get_or_insert_with(|| self.src[content..self.i].to_owned()).push(c);
                self.i += 2;
                continue;
            }
            if self.closes(&quote) {
                let close = self.i;
                self.i += quote.hashes + if quote.triple { 3 } else { 1 };
                break close;
            }
            let multiline = matches!(self.lang, Lang::Ruby | Lang::Php);
            if c == '\n' && !quote.triple && quote.delim != '`' && !multiline && !quote.raw {
                // A quote in JSX text or prose: not a string after all.
                self.i = from + quote.prefix + 1;
                (self.line, self.line_start) = (line, line_start);
                self.push(Kind::Punct, Cow::Owned(quote.delim.to_string()), from, line);
                return Ok(());
            }
            // A Python raw string keeps its backslashes, but one still hides
            // the quote after it (`r'\'x'` is one string).
            if c == '\\' && quote.raw && self.lang == Lang::Python {
                self.bump();
                let escaped = self.bump();
                if let Some(value) = &mut escaped_value {
                    value.push(c);
                    value.extend(escaped);
                }
                continue;
            }
            if c == '\\' && self.lang == Lang::Php && quote.delim == '\'' {
                // In single quotes only `\'` and `\\` are escapes.
                let at = self.i;
                self.bump();
                match self.peek(0) {
                    Some(escaped @ ('\'' | '\\')) => {
                        escaped_value.get_or_insert_with(|| self.src[content..at].to_owned()).push(escaped);
                        self.bump();
                    }
                    _ => {
                        if let Some(value) = &mut escaped_value {
                            value.push('\\');
                        }
                    }
                }
                continue;
            }
            if c == '\\' && !quote.raw && !copy {
                self.bump();
                self.bump();
                continue;
            }
            if c == '\\' && !quote.raw {
                let value = escaped_value.get_or_insert_with(|| self.src[content..self.i].to_owned());
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
            if let Some(value) = &mut escaped_value {
                value.push(c);
            }
            self.bump();
        };
        if interpolated {
            let text = self.text_from(from);
            self.push(Kind::Template, text, from, line);
        } else {
            let value = escaped_value.map_or(Cow::Borrowed(&self.src[content..close]), Cow::Owned);
            self.push(Kind::Str, value, from, line);
        }
        Ok(())
    }

    /// Skips the run of a string's content that holds nothing to look at:
    /// no `delim`, backslash or line break, and no byte that begins an
    /// escape or an interpolation in any of the languages (`{`, `}`, `$`,
    /// `#`); copied to `value` when the value is being copied. Most of a
    /// string, read a byte at a time rather than through [`Self::peek`]: the
    /// data strings of a generated module were most of the cost of lexing it.
    fn skip_plain(&mut self, delim: char, value: Option<&mut String>) {
        let rest = &self.src.as_bytes()[self.i..];
        let plain = |&b: &u8| !matches!(b, b'\\' | b'\n' | b'{' | b'}' | b'$' | b'#') && char::from(b) != delim;
        // The bytes that stop it are ASCII: it stops on a character boundary.
        let run = rest.iter().position(|b| !plain(b)).unwrap_or(rest.len());
        if let Some(value) = value {
            value.push_str(&self.src[self.i..self.i + run]);
        }
        self.i += run;
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
            Lang::Python | Lang::CSharp => f_string && self.peek(0) == Some('{') && self.peek(1) != Some('{'),
            Lang::Rust | Lang::Go | Lang::Java => false,
            Lang::Php => quote.delim == '"' && self.php_interpolation_start(),
        }
    }

    /// Skips `${ … }` / `#{ … }` / `{ … }`, nested strings included.
    fn skip_interpolation(&mut self) -> Result<(), LexError> {
        if self.lang == Lang::Php && self.peek(0) == Some('$') && self.peek(1) != Some('{') {
            self.php_skip_variable();
            return Ok(());
        }
        while self.peek(0) != Some('{') {
            self.bump();
        }
        let mut depth = 0usize;
        loop {
            if let Some(quote) = self.string_start().filter(|q| q.delim != '`' || self.lang == Lang::Js) {
                let muted = std::mem::replace(&mut self.muted, true);
                let read = self.string(quote);
                self.muted = muted;
                read?;
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
        let prev = self.src[..self.i].chars().next_back();
        let next = self.peek(1);
        if prev.is_some_and(|c| is_ident_char(c) || c == ':') || !next.is_some_and(is_ident_start) {
            return false;
        }
        let (from, line) = (self.i, self.line);
        self.bump();
        while self.peek(0).is_some_and(is_ident_char) {
            self.bump();
        }
        let text = Cow::Borrowed(&self.src[from + 1..self.i]);
        self.push(Kind::Symbol, text, from, line);
        true
    }

    /// A `/` starts a regex literal where an expression is expected.
    fn regex_allowed(&self) -> bool {
        self.regex_may_follow
    }

    /// Reads a regex literal; when none ends on this line the `/` was a
    /// division after all, and nothing is consumed.
    fn regex(&mut self) -> bool {
        let (from, line, line_start) = (self.i, self.line, self.line_start);
        self.bump();
        let mut in_class = false;
        loop {
            match self.bump() {
                None | Some('\n') => {
                    (self.i, self.line, self.line_start) = (from, line, line_start);
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

/// PHP's tags, inline HTML, heredocs and the variables it interpolates.
impl Lexer<'_> {
    /// Inline HTML up to the next opening tag (`<?php`, `<?=`, `<?`), read as
    /// an `echo` (when there is more than white space), then the tag.
    fn php_inline_html(&mut self) {
        let (from, line) = (self.i, self.line);
        let mut text = false;
        while self.peek(0).is_some() && !self.starts_with("<?") {
            text |= !self.peek(0).is_some_and(char::is_whitespace);
            self.bump();
        }
        if text {
            self.push(Kind::Ident, Cow::Borrowed("echo"), from, line);
            let (from, line) = (self.i, self.line);
            self.push(Kind::Punct, Cow::Borrowed(";"), from, line);
        }
        if self.peek(0).is_none() {
            return;
        }
        let (from, line) = (self.i, self.line);
        self.i += 2;
        if self.peek(0) == Some('=') {
            self.bump();
            self.push(Kind::Ident, Cow::Borrowed("echo"), from, line);
        } else if (0..3).all(|k| self.peek(k).is_some_and(|c| "php".contains(c.to_ascii_lowercase()))) {
            self.i += 3;
        }
    }

    /// `?>` ends a statement, and the code: inline HTML follows.
    fn php_close_tag(&mut self) {
        let (from, line) = (self.i, self.line);
        self.i += 2;
        self.push(Kind::Punct, Cow::Borrowed(";"), from, line);
        // The newline right after `?>` is part of the tag.
        if self.peek(0) == Some('\n') {
            self.bump();
        }
        self.php_inline_html();
    }

    /// `<<<ID`, `<<<"ID"` (heredoc) or `<<<'ID'` (nowdoc) up to the line
    /// that starts with `ID`; `false` when `<<<` opens none (a shift).
    fn php_heredoc(&mut self) -> Result<bool, LexError> {
        let mut k = 3;
        while matches!(self.peek(k), Some(' ' | '\t')) {
            k += 1;
        }
        let quote = self.peek(k).filter(|&c| c == '\'' || c == '"');
        k += usize::from(quote.is_some());
        let name_from = k;
        while self.peek(k).is_some_and(is_ident_char) {
            k += 1;
        }
        let name: String = (name_from..k).filter_map(|j| self.peek(j)).collect();
        if name.is_empty() || name.starts_with('$') || (quote.is_some() && self.peek(k) != quote) {
            return Ok(false);
        }
        k += usize::from(quote.is_some());
        if !matches!(self.peek(k), Some('\n' | '\r')) {
            return Ok(false);
        }
        let (from, line) = (self.i, self.line);
        for _ in 0..k {
            self.bump();
        }
        let body_from = self.i;
        let mut at_line_start = false;
        loop {
            let Some(c) = self.peek(0) else { return Err(self.err("unterminated heredoc")) };
            if at_line_start {
                let mut indent = 0;
                while matches!(self.peek(indent), Some(' ' | '\t')) {
                    indent += 1;
                }
                let closes = name.chars().enumerate().all(|(j, n)| self.peek(indent + j) == Some(n))
                    && !self.peek(indent + name.chars().count()).is_some_and(is_ident_char);
                if closes {
                    let body = Cow::Borrowed(self.src[body_from..self.i].trim_matches('\n'));
                    self.i += indent + name.len();
                    let interpolated = quote != Some('\'') && php_interpolates(&body);
                    let (kind, text) =
                        if interpolated { (Kind::Template, self.text_from(from)) } else { (Kind::Str, body) };
                    self.push(kind, text, from, line);
                    return Ok(true);
                }
            }
            at_line_start = c == '\n';
            self.bump();
        }
    }

    /// `$name` or `{$` inside double quotes.
    fn php_interpolation_start(&self) -> bool {
        (self.peek(0) == Some('$') && self.peek(1).is_some_and(|c| is_ident_start(c) || c == '{'))
            || self.starts_with("{$")
    }

    /// `$name`, `$name->prop` or `$name[key]` inside double quotes.
    fn php_skip_variable(&mut self) {
        self.bump();
        while self.peek(0).is_some_and(is_ident_char) {
            self.bump();
        }
        if self.starts_with("->") && self.peek(2).is_some_and(is_ident_start) {
            self.i += 2;
            while self.peek(0).is_some_and(is_ident_char) {
                self.bump();
            }
        } else if self.peek(0) == Some('[') {
            while self.peek(0).is_some_and(|c| c != ']' && c != '"' && c != '\n') {
                self.bump();
            }
            if self.peek(0) == Some(']') {
                self.bump();
            }
        }
    }
}

/// Whether a heredoc's body interpolates a variable.
fn php_interpolates(body: &str) -> bool {
    let bytes = body.as_bytes();
    bytes.windows(2).enumerate().any(|(at, pair)| {
        let escaped = at > 0 && bytes[at - 1] == b'\\';
        !escaped && pair[0] == b'$' && (pair[1].is_ascii_alphabetic() || pair[1] == b'_' || pair[1] == b'{')
    }) || body.contains("{$")
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

#[cfg(test)]
mod tests {
    use super::{Kind, Lang, LexError, Token, lex, lex_statements};

    fn tokens(src: &str, lang: Lang) -> Vec<Token> {
        lex(src, lang).unwrap_or_else(|e| panic!("{src:?}: {e:?}"))
    }

    /// Kind and text of each token.
    fn kinds(src: &str, lang: Lang) -> Vec<(Kind, String)> {
        tokens(src, lang).into_iter().map(|t| (t.kind, t.text)).collect()
    }

    fn tok(kind: Kind, text: &str) -> (Kind, String) {
        (kind, text.to_owned())
    }

    fn error(src: &str, lang: Lang) -> LexError {
        lex(src, lang).expect_err(src)
    }

    #[test]
    fn a_string_token_holds_its_value_with_escapes_resolved() {
        assert_eq!(
            kinds(r#"get('it\'s', "a\"b")"#, Lang::Js),
            [
                tok(Kind::Ident, "get"),
                tok(Kind::Punct, "("),
                tok(Kind::Str, "it's"),
                tok(Kind::Punct, ","),
                tok(Kind::Str, "a\"b"),
                tok(Kind::Punct, ")"),
            ]
        );
        // A backslash keeps the next character, brackets and quotes included.
        assert_eq!(kinds(r#""\(\\""#, Lang::Go), [tok(Kind::Str, "(\\")]);
    }

    #[test]
    fn a_quote_that_does_not_close_on_its_line_is_punctuation() {
        // An apostrophe in JSX text is not a string: the rest is still read.
        assert_eq!(
            kinds("<p>don't</p>\nx", Lang::Js).into_iter().filter(|(k, _)| *k != Kind::Punct).collect::<Vec<_>>(),
            [
                tok(Kind::Ident, "p"),
                tok(Kind::Ident, "don"),
                tok(Kind::Ident, "t"),
                tok(Kind::Ident, "p"),
                tok(Kind::Ident, "x")
            ]
        );
        assert!(kinds("don't\n", Lang::Js).contains(&tok(Kind::Punct, "'")));
    }

    #[test]
    fn templates_are_strings_until_they_interpolate() {
        assert_eq!(kinds("`/users`", Lang::Js), [tok(Kind::Str, "/users")]);
        // Interpolation keeps the raw source; strings and braces inside it hide nothing.
        let src = "`/a/${ids.map(i => `${i}}`).join('}')}/b` + x";
        assert_eq!(
            kinds(src, Lang::Js),
            [
                tok(Kind::Template, "`/a/${ids.map(i => `${i}}`).join('}')}/b`"),
                tok(Kind::Punct, "+"),
                tok(Kind::Ident, "x")
            ]
        );
        // `${` outside a template is no interpolation.
        assert_eq!(kinds("'${x}'", Lang::Js), [tok(Kind::Str, "${x}")]);
    }

    #[test]
    fn a_template_may_span_lines_and_the_next_token_is_on_the_right_line() {
        let tokens = tokens("const s = `a\nb`;\nnext", Lang::Js);
        let s = tokens.iter().find(|t| t.kind == Kind::Str).unwrap();
        assert_eq!((s.text.as_str(), s.line), ("a\nb", 1));
        let next = tokens.last().unwrap();
        assert_eq!((next.text.as_str(), next.line, next.first_on_line), ("next", 3, true));
    }

    #[test]
    fn a_slash_is_a_regex_where_an_expression_starts_and_a_division_after_a_value() {
        assert_eq!(
            kinds(r"x = /a\/b[/)]c/gi;", Lang::Js),
            [tok(Kind::Ident, "x"), tok(Kind::Punct, "="), tok(Kind::Regex, r"/a\/b[/)]c/gi"), tok(Kind::Punct, ";")]
        );
        assert_eq!(kinds("return /'/.test(s)", Lang::Js)[..2], [tok(Kind::Ident, "return"), tok(Kind::Regex, "/'/")]);
        for division in ["a / b / c", "f(a) / 2 / 3", "xs[0] / n / 2", "1 / 2 / 3"] {
            let slashes = kinds(division, Lang::Js).into_iter().filter(|t| *t == tok(Kind::Punct, "/")).count();
            assert_eq!(slashes, 2, "{division}");
        }
    }

    #[test]
    fn a_slash_with_no_closing_slash_on_its_line_is_a_division() {
        assert_eq!(
            kinds("x = ( / 2)\n'/'", Lang::Js),
            [
                tok(Kind::Ident, "x"),
                tok(Kind::Punct, "="),
                tok(Kind::Punct, "("),
                tok(Kind::Punct, "/"),
                tok(Kind::Num, "2"),
                tok(Kind::Punct, ")"),
                tok(Kind::Str, "/"),
            ]
        );
    }

    #[test]
    fn a_jsx_closing_tag_is_not_a_regex() {
        assert_eq!(
            kinds("<Route></Route>", Lang::Js),
            [
                tok(Kind::Punct, "<"),
                tok(Kind::Ident, "Route"),
                tok(Kind::Punct, ">"),
                tok(Kind::Punct, "<"),
                tok(Kind::Punct, "/"),
                tok(Kind::Ident, "Route"),
                tok(Kind::Punct, ">"),
            ]
        );
    }

    #[test]
    fn comments_hide_calls_and_end_where_the_language_says() {
        let idents = |src: &str, lang| -> Vec<String> {
            tokens(src, lang).into_iter().filter(|t| t.kind == Kind::Ident).map(|t| t.text).collect()
        };
        assert_eq!(idents("a // b('/x')\nc /* d(\n'/y') */ e", Lang::Js), ["a", "c", "e"]);
        assert_eq!(idents("a # b('/x')\nc", Lang::Python), ["a", "c"]);
        assert_eq!(idents("a # b\nc", Lang::Ruby), ["a", "c"]);
        // Rust block comments nest; in JS and Go the first `*/` ends one.
        assert_eq!(idents("a /* b /* c */ d */ e", Lang::Rust), ["a", "e"]);
        assert_eq!(idents("a /* b /* c */ d", Lang::Go), ["a", "d"]);
        // `#` is no comment in JS, `//` none in Python.
        assert_eq!(idents("#a", Lang::Js), ["a"]);
        assert_eq!(kinds("a // b", Lang::Python).len(), 4);
    }

    #[test]
    fn lines_count_through_comments_and_strings() {
        let tokens = tokens("/* 1\n2 */ a\n\"x\" b\n  c", Lang::Go);
        let lines: Vec<(&str, u32, bool)> = tokens.iter().map(|t| (t.text.as_str(), t.line, t.first_on_line)).collect();
        assert_eq!(lines, [("a", 2, false), ("x", 3, true), ("b", 3, false), ("c", 4, true)]);
    }

    #[test]
    fn first_on_line_is_what_precedes_the_token_on_its_line() {
        let src = "a b\n  /* c */ d\n\te `x\ny` f\n<p>It's</p> g\n\n h\n `${i}\n${j}` k `${l}`";
        for lang in [Lang::Js, Lang::Python, Lang::Go] {
            for t in tokens(src, lang) {
                let expected = src[..t.start].rsplit('\n').next().is_none_or(|before| before.trim().is_empty());
                assert_eq!(t.first_on_line, expected, "{lang:?} `{}` at {}", t.text, t.start);
            }
        }
    }

    #[test]
    fn tokens_know_their_byte_offsets() {
        let src = "é = 'x';";
        let tokens = tokens(src, Lang::Js);
        let spans: Vec<&str> = tokens.iter().map(|t| &src[t.start..t.end]).collect();
        assert_eq!(spans, ["é", "=", "'x'", ";"]);
    }

    #[test]
    fn python_string_prefixes_triple_quotes_and_f_strings() {
        assert_eq!(
            kinds(r#"r"\d+" b'x' rb"\n""#, Lang::Python),
            [tok(Kind::Str, r"\d+"), tok(Kind::Str, "x"), tok(Kind::Str, r"\n"),]
        );
        let tokens = tokens("'''a\n\"b\"\n''' x", Lang::Python);
        assert_eq!((tokens[0].kind, tokens[0].text.as_str(), tokens[0].line), (Kind::Str, "a\n\"b\"\n", 1));
        assert_eq!((tokens[1].text.as_str(), tokens[1].line), ("x", 3));
        assert_eq!(kinds(r#"f"/items/{item_id}""#, Lang::Python), [tok(Kind::Template, r#"f"/items/{item_id}""#)]);
        assert_eq!(kinds(r#"f"/items""#, Lang::Python), [tok(Kind::Str, "/items")]);
        assert_eq!(kinds(r"r'a\'b' x", Lang::Python)[0], tok(Kind::Str, r"a\'b"), "a raw string's \' hides the quote");
        // Without a prefix, braces are text: FastAPI path parameters.
        assert_eq!(kinds(r#""/items/{item_id}""#, Lang::Python), [tok(Kind::Str, "/items/{item_id}")]);
        // A prefix letter that starts a name is a name.
        assert_eq!(kinds("f(x)", Lang::Python)[0], tok(Kind::Ident, "f"));
    }

    #[test]
    fn ruby_symbols_keywords_and_method_names() {
        assert_eq!(
            kinds("resources :photos, only: [:index]", Lang::Ruby),
            [
                tok(Kind::Ident, "resources"),
                tok(Kind::Symbol, "photos"),
                tok(Kind::Punct, ","),
                tok(Kind::Ident, "only"),
                tok(Kind::Punct, ":"),
                tok(Kind::Punct, "["),
                tok(Kind::Symbol, "index"),
                tok(Kind::Punct, "]"),
            ]
        );
        // A scope operator is no symbol.
        assert!(kinds("Api::V1", Lang::Ruby).iter().all(|(kind, _)| *kind != Kind::Symbol));
        assert_eq!(
            kinds("valid? x!= y", Lang::Ruby)[..3],
            [tok(Kind::Ident, "valid?"), tok(Kind::Ident, "x"), tok(Kind::Punct, "!"),]
        );
    }

    #[test]
    fn ruby_strings_interpolate_in_double_quotes_only_and_may_span_lines() {
        assert_eq!(kinds("'#{x}'", Lang::Ruby), [tok(Kind::Str, "#{x}")]);
        assert_eq!(kinds(r#""/p/#{id}""#, Lang::Ruby), [tok(Kind::Template, r#""/p/#{id}""#)]);
        assert_eq!(kinds("\"a\nb\"", Lang::Ruby), [tok(Kind::Str, "a\nb")]);
    }

    #[test]
    fn go_raw_strings_keep_backslashes_and_newlines() {
        assert_eq!(kinds("`a\\d\n{x}`", Lang::Go), [tok(Kind::Str, "a\\d\n{x}")]);
        assert_eq!(kinds("'('", Lang::Go), [tok(Kind::Str, "(")]);
    }

    #[test]
    fn rust_raw_strings_byte_strings_chars_and_lifetimes() {
        assert_eq!(
            kinds(r##"r#"a "b" c"# br"\d" b"x""##, Lang::Rust),
            [tok(Kind::Str, r#"a "b" c"#), tok(Kind::Str, r"\d"), tok(Kind::Str, "x"),]
        );
        // A lifetime is no char literal: what follows it is still read.
        assert_eq!(
            kinds("fn f<'a>(x: &'a str) -> char { '(' }", Lang::Rust)
                .into_iter()
                .filter(|(kind, _)| *kind != Kind::Punct)
                .collect::<Vec<_>>(),
            [
                tok(Kind::Ident, "fn"),
                tok(Kind::Ident, "f"),
                tok(Kind::Ident, "a"),
                tok(Kind::Ident, "x"),
                tok(Kind::Ident, "a"),
                tok(Kind::Ident, "str"),
                tok(Kind::Ident, "char"),
                tok(Kind::Str, "("),
            ]
        );
        assert_eq!(kinds(r"'\''", Lang::Rust), [tok(Kind::Str, "'")]);
        // `r` and `b` alone start names.
        assert_eq!(kinds("router", Lang::Rust), [tok(Kind::Ident, "router")]);
    }

    #[test]
    fn numbers_and_names() {
        assert_eq!(
            kinds("$scope _x 1_000 0x1F 2.5", Lang::Js),
            [
                tok(Kind::Ident, "$scope"),
                tok(Kind::Ident, "_x"),
                tok(Kind::Num, "1_000"),
                tok(Kind::Num, "0x1F"),
                tok(Kind::Num, "2.5"),
            ]
        );
    }

    #[test]
    fn java_annotations_text_blocks_and_char_literals() {
        assert_eq!(
            kinds(r#"@GetMapping(value = {"/a", "/b"}) char c = '"';"#, Lang::Java)
                .into_iter()
                .filter(|(kind, _)| *kind != Kind::Punct)
                .collect::<Vec<_>>(),
            [
                tok(Kind::Ident, "GetMapping"),
                tok(Kind::Ident, "value"),
                tok(Kind::Str, "/a"),
                tok(Kind::Str, "/b"),
                tok(Kind::Ident, "char"),
                tok(Kind::Ident, "c"),
                tok(Kind::Str, "\""),
            ]
        );
        let tokens = tokens("String s = \"\"\"\n  \"(\"\n\"\"\"; x", Lang::Java);
        assert_eq!((tokens[3].kind, tokens[3].text.as_str()), (Kind::Str, "\n  \"(\"\n"));
        assert_eq!((tokens[5].text.as_str(), tokens[5].line), ("x", 3));
        assert_eq!(kinds("a /* b */ // c\nd", Lang::Java), [tok(Kind::Ident, "a"), tok(Kind::Ident, "d")]);
    }

    #[test]
    fn csharp_verbatim_interpolated_and_raw_strings() {
        assert_eq!(
            kinds(r#"[HttpGet("{id:int}")] @"a\""b" $"/api/{name}" $"{{x}}" '\'' @class"#, Lang::CSharp)
                .into_iter()
                .filter(|(kind, _)| *kind != Kind::Punct)
                .collect::<Vec<_>>(),
            [
                tok(Kind::Ident, "HttpGet"),
                tok(Kind::Str, "{id:int}"),
                tok(Kind::Str, r#"a\"b"#),
                tok(Kind::Template, r#"$"/api/{name}""#),
                tok(Kind::Str, "{x}"),
                tok(Kind::Str, "'"),
                tok(Kind::Ident, "class"),
            ]
        );
        assert_eq!(kinds("\"\"\"\n{\"a\"}\n\"\"\"", Lang::CSharp), [tok(Kind::Str, "\n{\"a\"}\n")]);
        assert_eq!(kinds("@\"a\nb\"", Lang::CSharp), [tok(Kind::Str, "a\nb")]);
        // An apostrophe in a preprocessor line is no char literal.
        assert_eq!(kinds("#region Don't\nx", Lang::CSharp).last(), Some(&tok(Kind::Ident, "x")));
    }

    #[test]
    fn php_reads_code_between_its_tags_and_inline_html_as_an_echo() {
        let src = "<h1>{{ x</h1>\n<?php\nRoute::get('/a', f()); ?>\n<p>}</p>\n<?= $t ?>";
        assert_eq!(
            kinds(src, Lang::Php).into_iter().map(|(_, text)| text).collect::<Vec<_>>(),
            [
                "echo", ";", "Route", ":", ":", "get", "(", "/a", ",", "f", "(", ")", ")", ";", ";", "echo", ";",
                "echo", "$t", ";"
            ]
        );
        // Whitespace alone before the tag is no output.
        assert_eq!(kinds("\n<?php x;", Lang::Php)[0], tok(Kind::Ident, "x"));
    }

    #[test]
    fn php_comments_attributes_and_strings() {
        let idents = |src: &str| -> Vec<String> {
            tokens(src, Lang::Php).into_iter().filter(|t| t.kind == Kind::Ident).map(|t| t.text).collect()
        };
        assert_eq!(idents("<?php a # b('/x')\nc // d ?> e"), ["a", "c", "echo"]);
        assert_eq!(idents("<?php #[Attr] /* ( */ f"), ["Attr", "f"]);
        // Single quotes keep backslashes but `\'` and `\\`; strings may span lines.
        assert_eq!(kinds(r"<?php 'App\Http\'s\\'", Lang::Php).first().cloned(), Some(tok(Kind::Str, r"App\Http's\")));
        assert_eq!(kinds("<?php 'a\nb'", Lang::Php), [tok(Kind::Str, "a\nb")]);
        // Double quotes interpolate `$x`, `{$x}` and `${x}`.
        assert_eq!(kinds(r#"<?php "/u/$id/x""#, Lang::Php), [tok(Kind::Template, r#""/u/$id/x""#)]);
        assert_eq!(
            kinds(r#"<?php "{$a['}']}" "\$x" "$""#, Lang::Php)[1..],
            [tok(Kind::Str, "$x"), tok(Kind::Str, "$")]
        );
        assert_eq!(kinds(r#"<?php "/users/{id}""#, Lang::Php), [tok(Kind::Str, "/users/{id}")]);
    }

    #[test]
    fn php_heredocs_and_nowdocs() {
        let src = "<?php $a = <<<EOT\n  {( $x\n  EOT;\n$b = <<<'SQL'\nselect '$y\nSQL;\n$c = 1 <<< 2;";
        let found = kinds(src, Lang::Php);
        assert_eq!(found[2], tok(Kind::Template, "<<<EOT\n  {( $x\n  EOT"));
        assert_eq!(found[6], tok(Kind::Str, "select '$y"));
        assert!(found.contains(&tok(Kind::Ident, "$c")));
        assert_eq!(error("<?php <<<X\nnever", Lang::Php).message, "unterminated heredoc");
    }

    #[test]
    fn unterminated_input_is_an_error_naming_its_line() {
        let cases = [
            ("a\n'never closed", Lang::Js, 2, "unterminated string"),
            ("`a\nb", Lang::Js, 2, "unterminated string"),
            ("`${a", Lang::Js, 1, "unterminated interpolation"),
            ("x /* a\n", Lang::Js, 2, "unterminated block comment"),
            ("/* a /* b */", Lang::Rust, 1, "unterminated block comment"),
            ("'''a\n", Lang::Python, 2, "unterminated string"),
            ("r#\"a\"", Lang::Rust, 1, "unterminated string"),
            ("\"a\n", Lang::Ruby, 2, "unterminated string"),
        ];
        for (src, lang, line, message) in cases {
            assert_eq!(error(src, lang), LexError { line, message }, "{src:?}");
        }
    }

    #[test]
    fn statements_keep_the_tokens_of_lex_from_their_word_until_brackets_close() {
        let src = "// export const A = 1\nconst s = \"export const B\";\nmodule.export = 2;\n\
                   export const { GET, POST: post } = handlers;\nfoo(); bar();\n\
                   export async function* PUT(req) { return `${req}`; }\n  export * from './x';";
        let all = tokens(src, Lang::Js);
        let kept = lex_statements(src, Lang::Js, "export", usize::MAX).unwrap();
        // Every kept token is the very token `lex` reads there, line,
        // offsets and first-on-line included.
        for token in &kept {
            assert!(all.contains(token), "{token:?} is not a token of lex");
        }
        let texts: Vec<&str> = kept.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "export", "const", "{", "GET", ",", "POST", ":", "post", "}", // the pattern closes
                "export", "async", "function", "*", "PUT", // four after the word
                "export", "*", "from", "./x", ";",
            ]
        );
        assert!(kept[0].first_on_line && kept[14].first_on_line && !kept[1].first_on_line);
        assert_eq!(kept[17].line, 7);
    }

    #[test]
    fn statements_before_a_byte_stop_past_it_once_no_statement_is_open() {
        let src = "/* export const A */ export const { GET,\n POST } = h;\n/* never closed\nexport const PUT = 1;";
        // The last statement begins just before `until`.
        let until = src.find("export const {").unwrap() + 1;
        let kept = lex_statements(src, Lang::Js, "export", until).unwrap();
        let texts: Vec<&str> = kept.iter().map(|t| t.text.as_str()).collect();
        // The statement begun before `until` is kept whole; nothing after it
        // is read, not even the comment left open.
        assert_eq!(texts, ["export", "const", "{", "GET", ",", "POST", "}"]);
        assert!(lex_statements(src, Lang::Js, "export", usize::MAX).is_err());
        // A `word` hidden in a comment ends nothing early.
        let hidden = lex_statements(src, Lang::Js, "export", 4).unwrap();
        assert!(hidden.is_empty(), "{hidden:?}");
    }

    #[test]
    fn a_string_value_is_the_source_until_an_escape() {
        assert_eq!(
            kinds(r#"'a\'b' "plain" `t${'x'}u`"#, Lang::Js),
            [tok(Kind::Str, "a'b"), tok(Kind::Str, "plain"), tok(Kind::Template, "`t${'x'}u`"),]
        );
        assert_eq!(kinds("r'\\d' b'\\x'", Lang::Python), [tok(Kind::Str, "\\d"), tok(Kind::Str, "x")]);
    }
}
