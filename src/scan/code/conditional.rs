//! C# conditional compilation: which lines of a file the build compiles.
//!
//! `#if`, `#elif`, `#else` and `#endif` choose lines the way the C#
//! compiler does, with the symbols the project's build defines
//! ([`super::msbuild`]) and the file's own `#define`/`#undef`: conditions
//! of `!`, `&&`, `||`, `==`, `!=`, parentheses, `true`, `false` and symbol
//! names (a symbol is true when defined). A route in a branch the build
//! leaves out is not served, so it must not be listed; but a user who
//! builds with another symbol would serve it, so each left-out branch is
//! kept as a [`Skipped`] region, for a note saying what it holds.
//!
//! The result has the same length and lines as the source: directive lines
//! and left-out lines become spaces, so byte offsets and line numbers of
//! what is kept stay true. A directive is a line whose first character
//! (after white space) is `#` followed by one of C#'s directive names; as
//! for the compiler, lines of a left-out branch are not read at all (they
//! may hold anything), only their directives are counted for nesting.

use std::collections::HashSet;

/// A branch the build leaves out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// The first and last line of the branch (its directive lines excluded).
    pub lines: (u32, u32),
    /// The directive that opened it (`#if (UseApiOnly)`, `#else`).
    pub directive: String,
    /// Why it is left out, in words.
    pub why: String,
}

/// A file as the build compiles it.
#[derive(Debug, PartialEq, Eq)]
pub struct Compiled {
    /// The source with directive lines and left-out lines blanked.
    pub text: String,
    pub skipped: Vec<Skipped>,
}

/// The directives C# has; a `#` line naming another word is no directive.
const DIRECTIVES: &[&str] = &[
    "if",
    "elif",
    "else",
    "endif",
    "define",
    "undef",
    "region",
    "endregion",
    "pragma",
    "nullable",
    "line",
    "error",
    "warning",
];

/// One `#if … #endif` being read.
struct Frame {
    /// The enclosing code is compiled.
    outer: bool,
    /// A branch of this `#if` was already taken.
    taken: bool,
    /// The current branch is compiled.
    active: bool,
    /// The line of the `#if`, and the directive of the current branch.
    if_line: u32,
    directive: String,
    /// Where the current branch began (first line after its directive).
    from: u32,
    why: String,
}

/// `text` as the build compiles it with `defined`; `None` when the file has
/// no directive (the text is compiled as it is).
#[must_use]
pub fn compile(text: &str, defined: &HashSet<String>) -> Option<Compiled> {
    let lines = directive_lines(text)?;
    let mut symbols = defined.clone();
    let mut frames: Vec<Frame> = Vec::new();
    let mut skipped = Vec::new();
    let mut blank: Vec<(usize, usize)> = Vec::new();
    // Left-out spans are blanked from the directive opening them to the one closing them.
    let mut open_span: Option<usize> = None;
    let active = |frames: &[Frame]| frames.last().is_none_or(|f| f.active);
    for (number, start, end, name, rest) in lines {
        let was_active = active(&frames);
        match name {
            "if" => {
                let value = was_active && evaluate(rest, &symbols);
                let why = if was_active { reason(rest, &symbols) } else { String::new() };
                frames.push(Frame {
                    outer: was_active,
                    taken: value,
                    active: value,
                    if_line: number,
                    directive: format!("#if {rest}"),
                    from: number + 1,
                    why,
                });
            }
            "elif" | "else" => {
                let Some(frame) = frames.last_mut() else { continue };
                close_branch(frame, number, &mut skipped);
                let value = frame.outer && !frame.taken && (name == "else" || evaluate(rest, &symbols));
                frame.why = if !frame.outer {
                    String::new()
                } else if frame.taken {
                    format!("an earlier branch of the `#if` on line {} is compiled", frame.if_line)
                } else if name == "else" {
                    String::new()
                } else {
                    reason(rest, &symbols)
                };
                frame.taken |= value;
                frame.active = value;
                frame.directive = if name == "else" { "#else".to_owned() } else { format!("#elif {rest}") };
                frame.from = number + 1;
            }
            "endif" => {
                if let Some(frame) = frames.pop() {
                    close_branch(&frame, number, &mut skipped);
                }
            }
            "define" if was_active => {
                symbols.insert(rest.to_owned());
            }
            "undef" if was_active => {
                symbols.remove(rest);
            }
            _ => {}
        }
        let now_active = active(&frames);
        match (was_active, now_active) {
            (true, false) => open_span = Some(start),
            (false, true) => {
                if let Some(from) = open_span.take() {
                    blank.push((from, end));
                }
            }
            (true, true) => blank.push((start, end)),
            (false, false) => {}
        }
    }
    if let Some(from) = open_span {
        blank.push((from, text.len()));
    }
    Some(Compiled { text: blanked(text, &blank), skipped })
}

/// Records the branch `frame` is in as left out, when it is, ending before `line`.
fn close_branch(frame: &Frame, line: u32, skipped: &mut Vec<Skipped>) {
    if frame.outer && !frame.active && line > frame.from {
        skipped.push(Skipped {
            lines: (frame.from, line - 1),
            directive: frame.directive.clone(),
            why: frame.why.clone(),
        });
    }
}

/// `text` with every branch kept and only the directive lines blanked:
/// what the routes would be if every symbol were defined and none were.
#[must_use]
pub fn every_branch(text: &str) -> Option<String> {
    let lines = directive_lines(text)?;
    let spans: Vec<(usize, usize)> = lines.iter().map(|(_, start, end, _, _)| (*start, *end)).collect();
    Some(blanked(text, &spans))
}

/// A directive line: number, byte span, name, what follows the name.
type Directive<'t> = (u32, usize, usize, &'t str, &'t str);

/// Each directive line: number, byte span (without its line break), name,
/// and what follows the name (a trailing `//` comment removed). `None`
/// when there is none.
fn directive_lines(text: &str) -> Option<Vec<Directive<'_>>> {
    if !text.contains('#') {
        return None;
    }
    let mut out = Vec::new();
    let mut start = 0;
    for (index, line) in text.split('\n').enumerate() {
        let end = start + line.len();
        let trimmed = line.trim_start_matches('\u{feff}').trim_start();
        if let Some(after) = trimmed.strip_prefix('#') {
            let after = after.trim_start();
            let name_end = after.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(after.len());
            let name = &after[..name_end];
            if DIRECTIVES.contains(&name) {
                let rest = after[name_end..].split("//").next().unwrap_or_default().trim();
                out.push((u32::try_from(index + 1).unwrap_or(u32::MAX), start, end, name, rest));
            }
        }
        start = end + 1;
    }
    (!out.is_empty()).then_some(out)
}

/// `text` with the bytes of `spans` made spaces, line breaks kept.
fn blanked(text: &str, spans: &[(usize, usize)]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for &(from, to) in spans {
        for byte in &mut bytes[from..to.min(text.len())] {
            if *byte != b'\n' && *byte != b'\r' {
                *byte = b' ';
            }
        }
    }
    // Whole lines are blanked, so no character is cut in two.
    String::from_utf8(bytes).unwrap_or_default()
}

/// Why a condition is false: the symbols it names, defined or not.
fn reason(condition: &str, symbols: &HashSet<String>) -> String {
    let mut defined = Vec::new();
    let mut undefined = Vec::new();
    for name in names(condition) {
        let list = if symbols.contains(name) { &mut defined } else { &mut undefined };
        if !list.contains(&name) {
            list.push(name);
        }
    }
    let quote = |names: &[&str]| names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
    match (defined.is_empty(), undefined.is_empty()) {
        (true, true) => "the condition is false".to_owned(),
        (true, false) => format!("{} not defined", quote(&undefined)),
        (false, true) => format!("{} defined", quote(&defined)),
        (false, false) => format!("{} defined, {} not defined", quote(&defined), quote(&undefined)),
    }
}

/// The symbol names of a condition.
fn names(condition: &str) -> impl Iterator<Item = &str> {
    condition
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty() && !matches!(*w, "true" | "false") && !w.starts_with(|c: char| c.is_ascii_digit()))
}

/// A condition's value; a malformed one is false (the compiler rejects it).
fn evaluate(condition: &str, symbols: &HashSet<String>) -> bool {
    let tokens = tokens(condition);
    let mut parser = Parser { tokens: &tokens, at: 0, symbols };
    let value = parser.or();
    value.filter(|_| parser.at == tokens.len()).unwrap_or(false)
}

fn tokens(condition: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = condition.trim();
    while !rest.is_empty() {
        let len =
            if rest.starts_with("&&") || rest.starts_with("||") || rest.starts_with("==") || rest.starts_with("!=") {
                2
            } else if rest.starts_with(|c: char| c.is_alphanumeric() || c == '_') {
                rest.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(rest.len())
            } else {
                rest.chars().next().map_or(1, char::len_utf8)
            };
        out.push(&rest[..len]);
        rest = rest[len..].trim_start();
    }
    out
}

/// C#'s preprocessor grammar: `||` below `&&` below `==`/`!=` below `!`.
struct Parser<'t> {
    tokens: &'t [&'t str],
    at: usize,
    symbols: &'t HashSet<String>,
}

impl Parser<'_> {
    fn eat(&mut self, token: &str) -> bool {
        let found = self.tokens.get(self.at) == Some(&token);
        self.at += usize::from(found);
        found
    }

    fn or(&mut self) -> Option<bool> {
        let mut value = self.and()?;
        while self.eat("||") {
            value |= self.and()?;
        }
        Some(value)
    }

    fn and(&mut self) -> Option<bool> {
        let mut value = self.equality()?;
        while self.eat("&&") {
            value &= self.equality()?;
        }
        Some(value)
    }

    fn equality(&mut self) -> Option<bool> {
        let mut value = self.unary()?;
        loop {
            if self.eat("==") {
                value = value == self.unary()?;
            } else if self.eat("!=") {
                value = value != self.unary()?;
            } else {
                return Some(value);
            }
        }
    }

    fn unary(&mut self) -> Option<bool> {
        if self.eat("!") {
            return self.unary().map(|v| !v);
        }
        if self.eat("(") {
            let value = self.or()?;
            return self.eat(")").then_some(value);
        }
        let token = *self.tokens.get(self.at)?;
        self.at += 1;
        match token {
            "true" => Some(true),
            "false" => Some(false),
            name if name.starts_with(|c: char| c.is_alphabetic() || c == '_') => Some(self.symbols.contains(name)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(names: &[&str]) -> HashSet<String> {
        names.iter().map(|n| (*n).to_owned()).collect()
    }

    #[test]
    fn conditions_follow_the_compilers_precedence() {
        let symbols = set(&["DEBUG", "NET8_0_OR_GREATER"]);
        let value = |c| evaluate(c, &symbols);
        assert!(value("DEBUG"));
        assert!(!value("RELEASE"));
        assert!(value("(!RELEASE)"));
        assert!(value("DEBUG && !RELEASE || RELEASE"));
        assert!(!value("RELEASE || DEBUG && RELEASE"));
        assert!(value("DEBUG == NET8_0_OR_GREATER"));
        assert!(value("RELEASE != true"));
        assert!(value("!(RELEASE && DEBUG) && true"));
        assert!(!value("false"));
        // Malformed: the compiler rejects it, nothing is compiled.
        assert!(!value("DEBUG &&"));
        assert!(!value("(DEBUG"));
    }

    #[test]
    fn left_out_branches_are_blanked_and_reported() {
        let src =
            "a\n#if (UseApiOnly)\nb\nc\n#elif DEBUG // debug\nd\n#else\ne\n#endif\n  #define X\n#if X\nf\n#endif\n";
        let compiled = compile(src, &set(&["DEBUG"])).unwrap();
        assert_eq!(compiled.text.len(), src.len());
        let kept: Vec<&str> = compiled.text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        assert_eq!(kept, ["a", "d", "f"]);
        assert_eq!(compiled.text.lines().nth(5), Some("d"));
        assert_eq!(
            compiled.skipped,
            [
                Skipped {
                    lines: (3, 4),
                    directive: "#if (UseApiOnly)".to_owned(),
                    why: "`UseApiOnly` not defined".to_owned()
                },
                Skipped {
                    lines: (8, 8),
                    directive: "#else".to_owned(),
                    why: "an earlier branch of the `#if` on line 2 is compiled".to_owned()
                },
            ]
        );
    }

    #[test]
    fn a_left_out_branch_is_not_read_and_its_nested_directives_only_nest() {
        let src = "#if NO\n#if DEBUG\nx \"unterminated\n#else\ny\n#endif\n#define Z\n#endif\n#if Z\nz\n#endif\nw";
        let compiled = compile(src, &set(&["DEBUG"])).unwrap();
        let kept: Vec<&str> = compiled.text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        assert_eq!(kept, ["w"]);
        let lines: Vec<(u32, u32)> = compiled.skipped.iter().map(|s| s.lines).collect();
        assert_eq!(lines, [(2, 7), (10, 10)]);
        assert_eq!(every_branch(src).unwrap().lines().filter(|l| !l.trim().is_empty()).count(), 4);
    }

    #[test]
    fn files_without_directives_are_compiled_as_they_are() {
        assert_eq!(compile("var s = \"#if\";\n// #if X\n", &HashSet::new()), None);
        // `#` starting a line but naming no directive (inside a verbatim string) is text.
        assert_eq!(compile("var s = @\"\n#hashtag\n\";", &HashSet::new()), None);
    }
}
