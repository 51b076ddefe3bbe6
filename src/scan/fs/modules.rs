//! Following a module's wholesale re-exports (`export * from "../route"`)
//! to the files they name, so a route handler whose methods live in another
//! module still shows them. Next.js apps share one handler between URLs
//! this way; without it those routes have no method the scanner can see.
//!
//! A specifier is resolved the way TypeScript's bundler resolution does for
//! project files: relative to the importing file, or through the
//! `compilerOptions.paths` and `baseUrl` of the project's `tsconfig.json`
//! (or `jsconfig.json`, following relative `extends`), trying the usual
//! extensions and `index` files. Packages are not followed. Only files
//! inside the scanned root are read, at most [`MAX_DEPTH`] re-exports deep,
//! and a module already spliced is not spliced again (a cycle ends there).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::scan::code::js::lexical_join;
use crate::scan::code::lex::{Kind, Lang, Token, lex, lex_statements};
use crate::scan::framework::SCRIPT_EXTENSIONS;
use crate::scan::walk::read_text;

/// How many `export *` hops are followed from a route module.
pub const MAX_DEPTH: usize = 8;

/// How many `extends` of a tsconfig are followed.
const MAX_EXTENDS: usize = 4;

/// The text of the module at `file` (absolute, inside `root`) with every
/// `export * from` that names a project file replaced by that file's own
/// text, recursively. What cannot be followed (a package, a file outside the
/// root, too deep) stays as written, so the reader can tell it is unknown.
#[must_use]
pub fn splice_reexports(root: &Path, project: &Path, file: &Path, text: String) -> String {
    if last_star_export(&text).is_none() {
        return text;
    }
    let resolver = Resolver::new(root, project);
    let mut seen = HashSet::from([file.to_path_buf()]);
    resolver.splice(file, text, 0, &mut seen)
}

/// Where the last `export * from` followed by a quote (or a comment) starts:
/// a cheap search before lexing, which need go no further. `memmem`, because
/// `str::match_indices` took a twentieth of a scan of biomejs/website (33 MB
/// of endpoints); the quote, because one of them quotes modules in its
/// strings (`export * from \"foo\"`), which no module re-exports.
fn last_star_export(text: &str) -> Option<usize> {
    let word = "export".len();
    let may_follow = |rest: &str| rest.starts_with(['\'', '"', '/']);
    memchr::memmem::find_iter(text.as_bytes(), "export")
        .filter(|&at| {
            let Some(rest) = text[at + word..].trim_start().strip_prefix('*') else { return false };
            let rest = rest.trim_start();
            may_follow(rest) || rest.strip_prefix("from").is_some_and(|rest| may_follow(rest.trim_start()))
        })
        .last()
}

/// `export * from "spec"` at byte range `start..end` of a module.
struct StarExport {
    spec: String,
    start: usize,
    end: usize,
}

/// The wholesale re-exports of a module, in order.
fn star_exports(tokens: &[Token]) -> Vec<StarExport> {
    let mut found = Vec::new();
    for (at, token) in tokens.iter().enumerate() {
        let after_dot = at.checked_sub(1).is_some_and(|before| tokens[before].is_punct('.'));
        let shape = tokens.get(at + 1).is_some_and(|t| t.is_punct('*'))
            && tokens.get(at + 2).is_some_and(|t| t.is_ident("from"));
        let Some(spec) = tokens.get(at + 3).filter(|t| t.kind == Kind::Str) else { continue };
        if token.is_ident("export") && !after_dot && shape {
            let end = tokens.get(at + 4).filter(|t| t.is_punct(';')).unwrap_or(spec).end;
            found.push(StarExport { spec: spec.text.clone(), start: token.start, end });
        }
    }
    found
}

/// Where the project's imports resolve: aliases and base URL.
struct Resolver {
    root: PathBuf,
    /// `(pattern, targets)`: `@/*` → `[<dir>/src/*]`, absolute.
    paths: Vec<(String, Vec<PathBuf>)>,
    base_url: Option<PathBuf>,
}

impl Resolver {
    fn new(root: &Path, project: &Path) -> Self {
        let mut resolver = Self { root: root.to_path_buf(), paths: Vec::new(), base_url: None };
        let config = ["tsconfig.json", "jsconfig.json"].iter().map(|n| project.join(n)).find(|p| p.is_file());
        if let Some(config) = config {
            resolver.read_config(&config, 0);
        }
        resolver
    }

    /// Reads `baseUrl` and `paths` from a tsconfig, its `extends` first so
    /// the file's own options win.
    fn read_config(&mut self, config: &Path, depth: usize) {
        let Some(json) = read_text(config).ok().and_then(|text| jsonc(&text)) else { return };
        let dir = config.parent().unwrap_or(Path::new(""));
        if let Some(extends) = json["extends"].as_str().filter(|e| e.starts_with('.') && depth < MAX_EXTENDS) {
            let parent = dir.join(extends);
            let parent = if parent.extension().is_some() { parent } else { parent.with_extension("json") };
            self.read_config(&parent, depth + 1);
        }
        let options = &json["compilerOptions"];
        if let Some(base) = options["baseUrl"].as_str() {
            self.base_url = Some(lexical_join(dir, base));
        }
        if let Some(paths) = options["paths"].as_object() {
            let base = self.base_url.clone().unwrap_or_else(|| dir.to_path_buf());
            self.paths = paths
                .iter()
                .map(|(pattern, targets)| {
                    let targets = targets.as_array().map(Vec::as_slice).unwrap_or_default();
                    (pattern.clone(), targets.iter().filter_map(|t| Some(lexical_join(&base, t.as_str()?))).collect())
                })
                .collect();
        }
    }

    fn splice(&self, file: &Path, text: String, depth: usize, seen: &mut HashSet<PathBuf>) -> String {
        let Some(last) = last_star_export(&text) else { return text };
        let Ok(tokens) = lex_statements(&text, Lang::Js, "export", last + 1) else { return text };
        let stars = star_exports(&tokens);
        if stars.is_empty() || depth >= MAX_DEPTH {
            return text;
        }
        let mut out = String::with_capacity(text.len());
        let mut copied = 0;
        for star in stars {
            let Some(target) = self.resolve(file, &star.spec) else { continue };
            let inner = if seen.insert(target.clone()) {
                let Ok(inner) = read_text(&target) else { continue };
                self.splice(&target, inner, depth + 1, seen)
            } else {
                // Already spliced: its exports are there once.
                String::new()
            };
            out.push_str(&text[copied..star.start]);
            out.push('\n');
            out.push_str(&inner);
            out.push('\n');
            copied = star.end;
        }
        out.push_str(&text[copied..]);
        out
    }

    /// The project file `spec` names from `file`, when there is one inside the root.
    fn resolve(&self, file: &Path, spec: &str) -> Option<PathBuf> {
        let bases: Vec<PathBuf> = if spec.starts_with('.') {
            vec![lexical_join(file.parent()?, spec)]
        } else {
            let aliased = self.paths.iter().filter_map(|(pattern, targets)| {
                let rest = match pattern.split_once('*') {
                    Some((prefix, suffix)) => spec.strip_prefix(prefix)?.strip_suffix(suffix)?,
                    None if pattern == spec => "",
                    None => return None,
                };
                Some(targets.iter().map(move |t| PathBuf::from(t.to_string_lossy().replacen('*', rest, 1))))
            });
            aliased.flatten().chain(self.base_url.iter().map(|base| base.join(spec))).collect()
        };
        let root = self.root.canonicalize().ok()?;
        bases
            .iter()
            .flat_map(|base| candidates(base))
            .find(|candidate| candidate.is_file() && candidate.canonicalize().is_ok_and(|real| real.starts_with(&root)))
    }
}

/// The files an import of `base` may mean: itself, with each extension
/// (`./x.js` written for `./x.ts` too), or its folder's `index`.
fn candidates(base: &Path) -> Vec<PathBuf> {
    let text = base.to_string_lossy();
    let stem = text.strip_suffix(".js").unwrap_or(&text);
    std::iter::once(base.to_path_buf())
        .chain(SCRIPT_EXTENSIONS.iter().map(|ext| PathBuf::from(format!("{stem}.{ext}"))))
        .chain(SCRIPT_EXTENSIONS.iter().map(|ext| base.join(format!("index.{ext}"))))
        .collect()
}

/// A tsconfig's JSON with comments (JSONC) and trailing commas, read with
/// the JS lexer so a `/*` inside a string (`"@/*"`) is not a comment.
fn jsonc(text: &str) -> Option<serde_json::Value> {
    let tokens = lex(text, Lang::Js).ok()?;
    let mut json = String::with_capacity(text.len());
    for (at, token) in tokens.iter().enumerate() {
        let closes = tokens.get(at + 1).is_some_and(|t| t.is_punct('}') || t.is_punct(']'));
        match token.kind {
            Kind::Str => json.push_str(&serde_json::to_string(&token.text).ok()?),
            Kind::Punct if token.is_punct(',') && closes => {}
            _ => json.push_str(&token.text),
        }
        json.push(' ');
    }
    serde_json::from_str(&json).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsconfig_comments_and_trailing_commas_are_read() {
        let json =
            jsonc("{\n  // aliases\n  \"compilerOptions\": { /* x */ \"paths\": { \"@/*\": [\"./src/*\",], }, },\n}")
                .unwrap();
        assert_eq!(json["compilerOptions"]["paths"]["@/*"][0], "./src/*");
    }

    #[test]
    fn only_a_module_that_may_star_export_is_lexed() {
        assert_eq!(last_star_export("export * from './x';\nexport  *\n from \"./y\""), Some(21));
        assert_eq!(last_star_export("export * /* c */ from './x'"), Some(0));
        assert_eq!(last_star_export("/** docs */ export const GET = 1; const a = 2 * 3;"), None);
        let quoted = r#"const doc = "export * from \"foo\"; export * as ns from 'x'";"#;
        assert_eq!(last_star_export(quoted), None);
    }

    #[test]
    fn star_exports_are_found_by_tokens() {
        let text =
            "export * from \"../route\";\nexport * as ns from './x';\n// export * from './y'\nexport * from './z'";
        let tokens = lex_statements(text, Lang::Js, "export", usize::MAX).unwrap();
        let specs: Vec<String> = star_exports(&tokens).into_iter().map(|s| s.spec).collect();
        assert_eq!(specs, ["../route", "./z"]);
    }
}
