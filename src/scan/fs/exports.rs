//! The names a JS/TS route module exports, read from the tokens of the
//! project's lexer (`lex`) rather than from raw text, so an export in a
//! comment or a string does not count and a destructuring export
//! (`export const { GET, POST } = handlers`, Auth.js) does.
//!
//! Only the module's text up to its last `export` that may begin such a
//! statement is lexed: a generated endpoint (biomejs/website's JSON schemas,
//! half a megabyte each, `export function GET()` on line 3) is read from its
//! first lines, the rest searched for the word only.

use memchr::memmem;

use crate::route::METHODS;
use crate::scan::code::lex::{Kind, Lang, Token, lex_statements};
use crate::scan::framework::ExtractError;

/// What one module exports: declared names, destructured bindings and the
/// names of `export { a as b }` lists; `default` for a default export.
#[derive(Debug, Default)]
pub struct Exports(Vec<String>);

impl Exports {
    /// Reads the exports of a JS/TS module.
    ///
    /// # Errors
    /// When the module cannot be lexed (an unterminated string or comment)
    /// before its last `export` statement ends.
    pub fn read(text: &str) -> Result<Self, ExtractError> {
        let Some(last) = last_statement(text) else { return Ok(Self::default()) };
        let tokens = lex_statements(text, Lang::Js, "export", last + 1)
            .map_err(|e| ExtractError::Unparsable(format!("exports not read: {} on line {}", e.message, e.line)))?;
        let mut names = Vec::new();
        for (at, token) in tokens.iter().enumerate() {
            let after_dot = at.checked_sub(1).is_some_and(|before| tokens[before].is_punct('.'));
            if token.is_ident("export") && !after_dot {
                exported_at(&tokens, at + 1, &mut names);
            }
        }
        Ok(Self(names))
    }

    /// True when the module exports `name` (`default` for a default export).
    #[must_use]
    pub fn has(&self, name: &str) -> bool {
        self.0.iter().any(|n| n == name)
    }

    /// True when the module re-exports everything of a module that was not
    /// followed (`export * from "pkg"`): it may export more than it shows.
    #[must_use]
    pub fn reexports_unknown(&self) -> bool {
        self.has("*")
    }

    /// The HTTP methods exported as handlers, in the order of [`METHODS`];
    /// `fallback` (SvelteKit) and `ALL` (Astro) mean any method (`*`).
    #[must_use]
    pub fn methods(&self) -> Vec<String> {
        if self.has("fallback") || self.has("ALL") {
            return vec!["*".to_owned()];
        }
        METHODS.iter().filter(|m| self.has(m)).map(|m| (*m).to_owned()).collect()
    }
}

/// The words after `export` that begin a statement [`exported_at`] reads
/// names from; besides them only `{` and `*` do.
const EXPORTING: &[&str] = &["default", "async", "function", "class", "const", "let", "var"];

/// Where the last `export` in `text` that may begin a statement naming an
/// export starts, found without lexing: the word itself, then (after white
/// space) `{`, `*`, a comment or one of [`EXPORTING`]. A word in a string or
/// a comment may count here; the lexer tells, up to the last of them.
fn last_statement(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let word = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'$');
    // Forward: `memmem`'s reverse search is many times slower.
    memmem::find_iter(bytes, b"export")
        .filter(|&at| {
            let rest = &bytes[at + "export".len()..];
            if at.checked_sub(1).is_some_and(|before| word(&bytes[before])) || rest.first().is_some_and(word) {
                return false;
            }
            let rest = rest.trim_ascii_start();
            match rest.first() {
                None => false,
                Some(b'{' | b'*' | b'/') => true,
                // A character of an identifier the lexer may read otherwise.
                Some(b) if !b.is_ascii() => true,
                Some(_) => {
                    let next = &rest[..rest.iter().position(|b| !word(b)).unwrap_or(rest.len())];
                    EXPORTING.iter().any(|w| w.as_bytes() == next)
                }
            }
        })
        .last()
}

/// The names exported by the statement whose tokens start at `at`, just
/// after `export`.
fn exported_at(tokens: &[Token], at: usize, names: &mut Vec<String>) {
    let Some(first) = tokens.get(at) else { return };
    let ident = |k: usize| tokens.get(k).filter(|t| t.kind == Kind::Ident).map(|t| t.text.clone());
    match first.text.as_str() {
        "default" if first.kind == Kind::Ident => names.push("default".to_owned()),
        "async" | "function" | "class" if first.kind == Kind::Ident => {
            let mut k = at + usize::from(first.text == "async") + 1;
            k += usize::from(tokens.get(k).is_some_and(|t| t.is_punct('*')));
            names.extend(ident(k));
        }
        "const" | "let" | "var" if first.kind == Kind::Ident => {
            bindings(tokens, at + 1, names);
        }
        "{" if first.is_punct('{') => listed(tokens, at + 1, names),
        // `export * from "x"` left in the text: a module that was not followed.
        "*" if first.is_punct('*') && tokens.get(at + 1).is_some_and(|t| t.is_ident("from")) => {
            names.push("*".to_owned());
        }
        _ => {}
    }
}

/// The exported names of an `export { a, b as c, type d }` list.
fn listed(tokens: &[Token], mut at: usize, names: &mut Vec<String>) {
    let mut last = None;
    while let Some(token) = tokens.get(at) {
        if token.is_punct(',') || token.is_punct('}') {
            names.extend(last.take());
            if token.is_punct('}') {
                return;
            }
        } else if matches!(token.kind, Kind::Ident | Kind::Str) {
            last = Some(token.text.clone());
        }
        at += 1;
    }
}

/// The names bound by the destructuring pattern (or plain name) at `at`,
/// pushed to `names`; returns the index after the pattern. In `{ b: c }`
/// the binding is `c`, in `{ b = 1 }` it is `b`.
fn bindings(tokens: &[Token], at: usize, names: &mut Vec<String>) -> usize {
    let Some(token) = tokens.get(at) else { return at };
    if token.kind == Kind::Ident {
        names.push(token.text.clone());
        return at + 1;
    }
    let close = match token.text.as_str() {
        "{" if token.is_punct('{') => '}',
        "[" if token.is_punct('[') => ']',
        _ => return at,
    };
    let mut k = at + 1;
    while let Some(token) = tokens.get(k) {
        if token.is_punct(close) {
            return k + 1;
        }
        if token.is_punct(',') {
            k += 1;
            continue;
        }
        k = element(tokens, k, close, names);
        k = skip_default(tokens, k, close);
    }
    k
}

/// One property (`a`, `a: b`, `[key]: b`, `...rest`) of an object pattern,
/// or one element of an array pattern; returns the index after it.
fn element(tokens: &[Token], at: usize, close: char, names: &mut Vec<String>) -> usize {
    let spread = (0..3).all(|d| tokens.get(at + d).is_some_and(|t| t.is_punct('.')));
    if spread {
        return bindings(tokens, at + 3, names);
    }
    if close == ']' {
        return bindings(tokens, at, names).max(at + 1);
    }
    let key = &tokens[at];
    let after_key = if key.is_punct('[') { skip_group(tokens, at) } else { at + 1 };
    if tokens.get(after_key).is_some_and(|t| t.is_punct(':')) {
        return bindings(tokens, after_key + 1, names).max(after_key + 1);
    }
    if key.kind == Kind::Ident {
        names.push(key.text.clone());
    }
    after_key
}

/// Skips a `= default` expression up to the next `,` or the pattern's end.
fn skip_default(tokens: &[Token], mut at: usize, close: char) -> usize {
    if !tokens.get(at).is_some_and(|t| t.is_punct('=')) {
        return at;
    }
    while let Some(token) = tokens.get(at) {
        if token.is_punct(',') || token.is_punct(close) {
            return at;
        }
        at = if ["(", "[", "{"].contains(&token.text.as_str()) && token.kind == Kind::Punct {
            skip_group(tokens, at)
        } else {
            at + 1
        };
    }
    at
}

/// The index after the bracket group opening at `at`.
fn skip_group(tokens: &[Token], mut at: usize) -> usize {
    let mut depth = 0usize;
    while let Some(token) = tokens.get(at) {
        at += 1;
        if token.kind != Kind::Punct {
            continue;
        }
        match token.text.as_str() {
            "(" | "[" | "{" => depth += 1,
            ")" | "]" | "}" => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return at;
                }
            }
            _ => {}
        }
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    fn methods(text: &str) -> Vec<String> {
        Exports::read(text).unwrap().methods()
    }

    #[test]
    fn finds_every_way_of_exporting_a_handler() {
        let text = "export async function GET(req) {}\nexport const POST = handler;\n\
                    export function helper() {}\nconst del = 1;\nexport { del as DELETE, PATCH };\n// GET PUT";
        assert_eq!(methods(text), ["GET", "POST", "PATCH", "DELETE"]);
        assert_eq!(methods("export const fallback = x; export const GET = y;"), ["*"]);
        assert_eq!(methods("export const ALL: APIRoute = h;"), ["*"]);
        assert!(methods("export default function Page() {}").is_empty());
        assert_eq!(methods("export const HEAD: Handler = async () => {};"), ["HEAD"]);
    }

    #[test]
    fn exports_in_comments_and_strings_do_not_count() {
        let text = "export async function GET() {}\n// export async function DELETE() {}\n\
                    /* export const PATCH = 1 */\nconst s = \"export const PUT = 1\";\n\
                    const t = `export { h as POST }`;\nobj.export; const OPTIONS = 1;";
        assert_eq!(methods(text), ["GET"]);
    }

    #[test]
    fn destructured_exports_are_their_bindings() {
        // Auth.js: app/api/auth/[...nextauth]/route.ts
        assert_eq!(
            methods("import { handlers } from \"@/auth\";\nexport const { GET, POST } = handlers;"),
            ["GET", "POST"]
        );
        assert_eq!(
            methods("export const { get: GET, post = h, x: { PUT }, ...DELETE } = y;"),
            ["GET", "PUT", "DELETE"]
        );
        assert_eq!(methods("export const { [k]: PATCH, HEAD: helper } = y;"), ["PATCH"]);
        assert_eq!(methods("export let [GET, , { b: POST } = {}] = pair;"), ["GET", "POST"]);
    }

    #[test]
    fn export_lists_name_what_they_export() {
        let text = "const h = 1;\nexport { h as GET, h as POST, type T };\nexport { PUT } from './x';";
        assert_eq!(methods(text), ["GET", "POST", "PUT"]);
        let page = Exports::read("function Page() {}\nexport { Page as default, loader };").unwrap();
        assert!(page.has("default") && page.has("loader") && !page.has("Page"));
    }

    #[test]
    fn a_wholesale_reexport_left_unfollowed_is_known() {
        let exports = Exports::read("export * from \"@acme/api\";\nexport const GET = h;").unwrap();
        assert!(exports.reexports_unknown());
        assert_eq!(exports.methods(), ["GET"]);
        assert!(!Exports::read("export * as api from \"./x\";").unwrap().reexports_unknown());
    }

    #[test]
    fn a_large_module_is_read_up_to_its_last_export_statement() {
        // A generated endpoint: the word `export` in its data begins nothing.
        let data = "\"a default export exports\", \"export, and\", `export type`, \"export\", ".repeat(100);
        let text = format!("export function GET() {{\n  return [{data}\"/* left open\"];\n}}\n/* export");
        assert_eq!(last_statement(&text), Some(0));
        assert_eq!(methods(&text), ["GET"]);
        // Every statement `exported_at` reads is one `last_statement` finds.
        for statement in [
            "export default h",
            "export async function POST",
            "export function POST",
            "export class POST",
            "export const POST",
            "export let POST",
            "export var POST",
            "export { h as POST }",
            "export * from 'x'",
            "export /* c */ const POST",
            "export\n\tconst POST",
        ] {
            let text = format!("export const GET = 1;\n{statement};\n// exports, export type, reexport");
            assert_eq!(last_statement(&text), text.find(statement), "{statement}");
        }
        assert_eq!(last_statement("export type T = 1; export interface I {}; x.exports = 1"), None);
    }

    #[test]
    fn a_module_the_lexer_cannot_read_is_an_error() {
        assert!(Exports::read("export const GET = `unclosed").is_err());
    }
}
