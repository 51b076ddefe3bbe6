//! SvelteKit: `src/routes/**/+page.svelte` answers GET, `+server.ts`
//! answers the methods it exports (`fallback`: any), and `+page.server.ts`
//! exporting `actions` answers POST (form actions).
//!
//! `(group)` folders add no segment; `[x]` and `[x=matcher]` are `{x}` (the
//! matcher is not checked), `[[x]]` is `{x?}`, and `[...rest]` is `{*rest?}`
//! because a SvelteKit rest parameter also matches nothing. `[x+2f]` and
//! `[u+00e9]` escape one character. A folder mixing text and parameters
//! (`[a]-[b]`) is one segment whose parts the route syntax cannot spell: it
//! becomes one parameter named after them, with `heuristic` confidence.

use std::path::Path;

use super::exports::Exports;
use super::{get, route, under};
use crate::scan::framework::{ExtractError, Extractor, Framework, Marker, PerFile, Reading};
use crate::scan::{Confidence, DiscoveredRoute, param_name};

const ROUTERS: &[&str] = &["src/routes"];

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

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Page,
    Server,
    PageServer,
}

fn kind(name: &str) -> Option<Kind> {
    let script = |stem: &str| [".js", ".ts"].iter().any(|ext| name == format!("{stem}{ext}"));
    if name.starts_with("+page") && name.ends_with(".svelte") && name[5..].starts_with(['.', '@']) {
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
    let methods = match kind(name) {
        Some(Kind::Page) => get(),
        Some(Kind::Server) => Exports::read(text)?.methods(),
        Some(Kind::PageServer) if Exports::read(text)?.has("actions") => vec!["POST".to_owned()],
        _ => return Ok(Vec::new()),
    };
    if methods.is_empty() {
        return Ok(Vec::new());
    }
    let mut confidence = Confidence::Exact;
    let mut segments = Vec::new();
    for dir in dirs.iter().filter(|d| !(d.starts_with('(') && d.ends_with(')'))) {
        let (segment, exact) = segment(dir)?;
        if !exact {
            confidence = Confidence::Heuristic;
        }
        segments.push(segment);
    }
    Ok(vec![route(SVELTEKIT.name, relative, &segments, methods, confidence)?])
}

/// One folder in canonical syntax, and whether it says exactly what the
/// folder matches.
fn segment(dir: &str) -> Result<(String, bool), ExtractError> {
    let mut literal = String::new();
    let mut params = Vec::new();
    let mut rest = dir;
    while let Some(open) = rest.find('[') {
        literal.push_str(&rest[..open]);
        let optional = rest[open..].starts_with("[[");
        let close_mark = if optional { "]]" } else { "]" };
        let start = open + if optional { 2 } else { 1 };
        let close = rest[start..]
            .find(close_mark)
            .ok_or_else(|| ExtractError::Unparsable(format!("`{dir}` opens `[` without closing it")))?;
        let inner = &rest[start..start + close];
        rest = &rest[start + close + close_mark.len()..];
        if let Some(escaped) = escape(inner) {
            literal.push(escaped);
            continue;
        }
        let name = inner.split('=').next().unwrap_or(inner);
        params.push(match name.strip_prefix("...") {
            Some(name) => format!("{{*{}?}}", param_name(name)),
            None if optional => format!("{{{}?}}", param_name(name)),
            None => format!("{{{}}}", param_name(name)),
        });
    }
    literal.push_str(rest);
    Ok(match params.as_slice() {
        [] => (literal, true),
        [param] if literal.is_empty() => (param.clone(), true),
        _ => {
            let names: Vec<&str> = params.iter().map(|p| p.trim_matches(['{', '}', '*', '?'])).collect();
            (format!("{{{}}}", names.join("_")), false)
        }
    })
}

/// The character of `x+2f` or `u+00e9`.
fn escape(inner: &str) -> Option<char> {
    let hex = inner.strip_prefix("x+").or_else(|| inner.strip_prefix("u+"))?;
    char::from_u32(u32::from_str_radix(hex, 16).ok()?)
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
        assert_eq!(seg("[a]-[b]"), ("{a_b}".to_owned(), false));
        assert_eq!(seg("[team-id]"), ("{team_id}".to_owned(), true));
        assert_eq!(seg("[...0rest]"), ("{*_0rest?}".to_owned(), true));
        assert!(segment("[oops").is_err());
    }

    #[test]
    fn knows_page_and_server_files() {
        assert!(kind("+page.svelte") == Some(Kind::Page));
        assert!(kind("+page@(app).svelte") == Some(Kind::Page));
        assert!(kind("+server.ts") == Some(Kind::Server));
        assert!(kind("+page.ts").is_none() && kind("+layout.svelte").is_none());
    }
}
