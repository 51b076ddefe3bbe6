//! SvelteKit: a page is any of `+page.svelte`, `+page.{js,ts}` and
//! `+page.server.{js,ts}` under `src/routes/` and answers GET (a page made
//! only of `+page.server.ts` is often a redirect), `+server.ts` answers the
//! methods it exports (`fallback`: any), and `+page.server.ts` exporting
//! `actions` answers POST too (form actions).
//!
//! `(group)` folders add no segment; `[x]` and `[x=matcher]` are `{x}` (the
//! matcher is not checked), `[[x]]` is `{x?}`, and `[...rest]` is `{*rest?}`
//! because a SvelteKit rest parameter also matches nothing; folders may
//! follow it (`[...path]/llms.txt`). An escaped character the route syntax
//! reserves (`[x+3f]`, a `?`) is percent-encoded, as a client sends it. `[x+2f]` and
//! `[u+00e9]` escape one character. A folder mixing text and `[x]`
//! parameters is one segment of text and parameters: `[id].json` is
//! `{id}.json`, `[a]-[b]` is `{a}-{b}`. What the route syntax cannot spell
//! (two parameters side by side, an optional or rest parameter sharing the
//! folder with text) becomes one parameter named after them, with
//! `heuristic` confidence.

use std::fmt::Write as _;
use std::path::Path;

use crate::scan::code::lex::Lang;
use crate::scan::code::tree;

use super::exports::Exports;
use super::{get, route, under};
use crate::scan::framework::{ExtractError, Extractor, Framework, Marker, PerFile, Reading};
use crate::scan::{Confidence, DiscoveredRoute, param_name};

/// The routes folder SvelteKit reads unless `kit.files.routes` moves it.
pub const ROUTES: &str = "src/routes";
const ROUTERS: &[&str] = &[ROUTES];

/// The config file SvelteKit loads.
pub const CONFIG_NAMES: &[&str] = &["svelte.config.js"];

pub const SVELTEKIT: Framework = Framework {
    name: "sveltekit",
    about: "SvelteKit: src/routes/**/+page.svelte, +server.ts, +page.server.ts actions",
    markers: &[Marker::Npm("@sveltejs/kit")],
    extractor: Extractor::PerFile(PerFile {
        wants: |name, _| name.starts_with('+'),
        reads: |relative| match under(relative, ROUTERS).map(|(_, name)| kind(name)) {
            Some(Some(Kind::Page)) => Reading::Path,
            Some(Some(_)) => Reading::Text,
            _ => Reading::Skip,
        },
        preferred: &[],
        preferred_modules: &[],
        generated: &[],
        extract,
    }),
};

/// The routes folder a `svelte.config.js` sets (`kit: { files: { routes:
/// "src/pages" } }`), relative to the project: `None` when it sets none.
///
/// # Errors
/// When the config sets one that is not a string literal, or cannot be lexed.
pub fn routes_folder(text: &str) -> Result<Option<String>, String> {
    let items = tree::parse(text, Lang::Js).ok_or("the file could not be lexed")?;
    let mut found = None;
    tree::visit(&items, &mut |level| {
        for (at, item) in level.iter().enumerate() {
            let files = item.is_ident("files") && level.get(at + 1).is_some_and(|t| t.is_punct(':'));
            let value = level.get(at + 2).and_then(|t| t.group('{')).and_then(|object| tree::field(object, "routes"));
            if let (true, Some(value), None) = (files, value, &found) {
                found = Some(value);
            }
        }
    });
    let Some(value) = found else { return Ok(None) };
    let literal = tree::string(value)
        .ok_or_else(|| "`kit.files.routes` is not a string literal: routes are read from `src/routes`".to_owned())?;
    let folder = literal.text.trim_start_matches("./").trim_end_matches('/');
    Ok(Some(folder.to_owned()))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Page,
    Server,
    PageServer,
}

fn kind(name: &str) -> Option<Kind> {
    let script = |stem: &str| [".js", ".ts"].iter().any(|ext| name == format!("{stem}{ext}"));
    let svelte = name.starts_with("+page") && name.ends_with(".svelte") && name[5..].starts_with(['.', '@']);
    // A page made only of `+page.ts` (a redirect, data without markup) is a page too.
    if svelte || script("+page") {
        Some(Kind::Page)
    } else if script("+server") {
        Some(Kind::Server)
    } else if script("+page.server") {
        Some(Kind::PageServer)
    } else {
        None
    }
}

fn extract(_: &str, relative: &Path, text: &str) -> Result<Vec<DiscoveredRoute>, ExtractError> {
    let Some((dirs, name)) = under(relative, ROUTERS) else { return Ok(Vec::new()) };
    // A page's server module answers GET as the page does (listed once);
    // its form `actions` answer POST, listed apart so the page's GET stays
    // one route whichever of its files is read first.
    let answers: Vec<Vec<String>> = match kind(name) {
        Some(Kind::Server) => vec![Exports::read(text)?.methods()],
        Some(Kind::PageServer) if Exports::read(text)?.has("actions") => vec![get(), vec!["POST".to_owned()]],
        Some(Kind::Page | Kind::PageServer) => vec![get()],
        None => return Ok(Vec::new()),
    };
    let mut confidence = Confidence::Exact;
    let mut segments = Vec::new();
    for dir in dirs.iter().filter(|d| !(d.starts_with('(') && d.ends_with(')'))) {
        let (segment, exact) = segment(dir)?;
        if !exact {
            confidence = Confidence::Heuristic;
        }
        segments.push(segment);
    }
    answers
        .into_iter()
        .filter(|methods| !methods.is_empty())
        .map(|methods| route(SVELTEKIT.name, relative, &segments, methods, confidence))
        .collect()
}

/// A piece of a folder name: text (escapes decoded) or a parameter.
enum Piece {
    Text(String),
    /// The parameter in canonical syntax (`{id}`, `{lang?}`, `{*rest?}`),
    /// its name, and whether it is a plain `[x]` that can share a segment.
    Param {
        spelled: String,
        name: String,
        plain: bool,
    },
}

/// One folder in canonical syntax, and whether it says exactly what the
/// folder matches: `[id].json` is `{id}.json` and `v[n]` is `v{n}`, but an
/// optional or rest parameter sharing the folder with text, or two
/// parameters side by side, cannot be spelled: one parameter named after
/// them stands for the folder. Nuxt and Astro name their files the same
/// way, and read them with this too.
pub(crate) fn segment(dir: &str) -> Result<(String, bool), ExtractError> {
    let pieces = pieces(dir)?;
    let params = || {
        pieces.iter().filter_map(|p| if let Piece::Param { name, plain, .. } = p { Some((name, *plain)) } else { None })
    };
    let side_by_side = pieces.windows(2).any(|pair| matches!(pair, [Piece::Param { .. }, Piece::Param { .. }]));
    if pieces.len() > 1 && (side_by_side || params().any(|(_, plain)| !plain)) {
        let names: Vec<&str> = params().map(|(name, _)| name.as_str()).collect();
        return Ok((format!("{{{}}}", names.join("_")), false));
    }
    let spelled = pieces.iter().map(|piece| match piece {
        Piece::Text(text) => text.as_str(),
        Piece::Param { spelled, .. } => spelled.as_str(),
    });
    Ok((spelled.collect(), true))
}

/// The text and parameters of a folder name, in order.
fn pieces(dir: &str) -> Result<Vec<Piece>, ExtractError> {
    let mut pieces = Vec::new();
    let mut rest = dir;
    while let Some(open) = rest.find('[') {
        push_text(&mut pieces, &rest[..open]);
        let optional = rest[open..].starts_with("[[");
        let close_mark = if optional { "]]" } else { "]" };
        let start = open + if optional { 2 } else { 1 };
        let close = rest[start..]
            .find(close_mark)
            .ok_or_else(|| ExtractError::Unparsable(format!("`{dir}` opens `[` without closing it")))?;
        let inner = &rest[start..start + close];
        rest = &rest[start + close + close_mark.len()..];
        match escape(inner, &mut rest) {
            Some(escaped) => push_text(&mut pieces, &spelled(escaped)),
            None => pieces.push(param(inner, optional)),
        }
    }
    push_text(&mut pieces, rest);
    Ok(pieces)
}

/// Appends text to the last piece when it is text.
fn push_text(pieces: &mut Vec<Piece>, more: &str) {
    match pieces.last_mut() {
        Some(Piece::Text(text)) => text.push_str(more),
        _ if more.is_empty() => {}
        _ => pieces.push(Piece::Text(more.to_owned())),
    }
}

/// `[x]`, `[x=matcher]` (the matcher is not checked), `[[x]]`, `[...x]`.
fn param(inner: &str, optional: bool) -> Piece {
    let name = inner.split('=').next().unwrap_or(inner);
    let (spelled, name, plain) = match name.strip_prefix("...") {
        Some(name) => (format!("{{*{}?}}", param_name(name)), param_name(name), false),
        None if optional => (format!("{{{}?}}", param_name(name)), param_name(name), false),
        None => (format!("{{{}}}", param_name(name)), param_name(name), true),
    };
    Piece::Param { spelled, name, plain }
}

/// The character of `x+2f` or `u+00e9`; a UTF-16 high surrogate
/// (`[u+d83e][u+dd2a]`, an emoji) takes the low one that follows it from
/// `rest`.
fn escape(inner: &str, rest: &mut &str) -> Option<char> {
    let code = |inner: &str| {
        let hex = inner.strip_prefix("x+").or_else(|| inner.strip_prefix("u+"))?;
        u32::from_str_radix(hex, 16).ok()
    };
    let high = code(inner)?;
    if !(0xd800..0xdc00).contains(&high) {
        return char::from_u32(high);
    }
    let close = rest.strip_prefix("[u+")?.find(']')? + 3;
    let low = code(&rest[1..close]).filter(|low| (0xdc00..0xe000).contains(low))?;
    *rest = &rest[close + 1..];
    char::from_u32(0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00))
}

/// An escaped character as the route spells it: percent-encoded when the
/// route syntax reserves it (`#`, `?`, `/`, `:`, braces, brackets, `*`, white
/// space), as a client sends it; itself otherwise.
fn spelled(c: char) -> String {
    if c.is_whitespace() || "#?/:{}[]*".contains(c) {
        let mut bytes = [0; 4];
        c.encode_utf8(&mut bytes).bytes().fold(String::new(), |mut out, b| {
            // Writing to a String cannot fail.
            let _ = write!(out, "%{b:02X}");
            out
        })
    } else {
        c.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_folder_convention() {
        let seg = |dir: &str| segment(dir).unwrap();
        assert_eq!(seg("[id]"), ("{id}".to_owned(), true));
        assert_eq!(seg("[id=integer]"), ("{id}".to_owned(), true));
        assert_eq!(seg("[[lang]]"), ("{lang?}".to_owned(), true));
        assert_eq!(seg("[...rest]"), ("{*rest?}".to_owned(), true));
        assert_eq!(seg("sitemap[x+2e]xml"), ("sitemap.xml".to_owned(), true));
        assert_eq!(seg("[a]-[b]"), ("{a}-{b}".to_owned(), true));
        assert_eq!(seg("[id].json"), ("{id}.json".to_owned(), true));
        assert_eq!(seg("v[version=integer]"), ("v{version}".to_owned(), true));
        assert_eq!(seg("[id][x+2e]json"), ("{id}.json".to_owned(), true));
        assert_eq!(seg("[u+d83e][u+dd2a]"), ("\u{1f92a}".to_owned(), true), "a surrogate pair is one character");
        assert_eq!(seg("[x+3f]"), ("%3F".to_owned(), true), "a reserved character is percent-encoded");
        assert_eq!(seg("[x+3a]-[x+29]"), ("%3A-)".to_owned(), true));
        assert_eq!(seg("[x+2f]"), ("%2F".to_owned(), true));
        assert_eq!(seg("[a][b]"), ("{a_b}".to_owned(), false), "side by side: ambiguous");
        assert_eq!(seg("[[lang]]-x"), ("{lang}".to_owned(), false), "an optional parameter with text");
        assert_eq!(seg("[...rest].json"), ("{rest}".to_owned(), false), "a rest parameter with text");
        assert_eq!(seg("[team-id]"), ("{team_id}".to_owned(), true));
        assert_eq!(seg("[...0rest]"), ("{*_0rest?}".to_owned(), true));
        assert!(segment("[oops").is_err());
    }

    #[test]
    fn the_routes_folder_is_read_from_the_config() {
        let config = "const config = { kit: { adapter: adapter(), files: { routes: './app/pages/' } } };\nexport default config;";
        assert_eq!(routes_folder(config), Ok(Some("app/pages".to_owned())));
        assert_eq!(routes_folder("export default { kit: { adapter: adapter() } };"), Ok(None));
        assert!(routes_folder("export default { kit: { files: { routes: dir } } };").is_err());
    }

    #[test]
    fn knows_page_and_server_files() {
        assert!(kind("+page.svelte") == Some(Kind::Page));
        assert!(kind("+page@(app).svelte") == Some(Kind::Page));
        assert!(kind("+server.ts") == Some(Kind::Server));
        assert!(kind("+page.ts") == Some(Kind::Page) && kind("+page.server.js") == Some(Kind::PageServer));
        assert!(kind("+layout.svelte").is_none() && kind("+layout.ts").is_none() && kind("+page.tsx").is_none());
    }
}
