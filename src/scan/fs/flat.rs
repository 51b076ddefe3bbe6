//! React Router v7 (`@react-router/fs-routes`) and Remix v2 flat routes:
//! every module in `app/routes/` (or a folder there holding `route.tsx` or
//! `index.tsx`) is a route whose name, split at unescaped dots, is its path.
//!
//! `$id` is `{id}`, a lone `$` the splat `{*splat}`, `($lang)` is `{lang?}`,
//! `(en)` an optional literal (both variants are listed), `_index` the index
//! of its parent, a leading `_` a pathless layout (no segment; as the last
//! segment, no URL of its own), a trailing `_` opts out of layout nesting
//! without changing the URL, and `[...]` escapes its characters
//! (`sitemap[.]xml` is `/sitemap.xml`). A module exporting an `action`
//! answers POST, PUT, PATCH and DELETE, and GET when it also exports a
//! `loader` or a default component; any other module answers GET. The `react-router routes --json` output,
//! saved as `react-router-routes.json`, is read when present and wins.

use std::path::Path;

use super::exports::Exports;
use super::{get, module_stem, route, under};
use crate::route::METHODS;
use crate::scan::framework::{ExtractError, Extractor, Framework, Marker, PerFile, Reading, in_folder};
use crate::scan::{Confidence, DiscoveredRoute, param_name, spec};

const ROUTERS: &[&str] = &["app/routes"];
const EXTENSIONS: &[&str] = &["js", "jsx", "ts", "tsx", "md", "mdx"];
const MANIFEST: &str = "react-router-routes.json";

pub const FLAT_ROUTES: Framework = Framework {
    name: "flat-routes",
    about: "React Router v7 / Remix flat routes: app/routes/*.tsx",
    markers: &[Marker::Npm("@react-router/fs-routes"), Marker::Npm("@remix-run/dev")],
    extractor: Extractor::PerFile(PerFile {
        wants: |name, path| name == MANIFEST || (module_stem(name, EXTENSIONS).is_some() && in_folder(path, "routes")),
        reads: |relative| {
            if relative == Path::new(MANIFEST) || route_name(relative).is_some() {
                Reading::Text
            } else {
                Reading::Skip
            }
        },
        preferred: &[],
        preferred_modules: &[("index", "route")],
        generated: &[],
        extract,
    }),
};

fn extract(_: &str, relative: &Path, text: &str) -> Result<Vec<DiscoveredRoute>, ExtractError> {
    if relative == Path::new(MANIFEST) {
        return spec::manifest::react_router_routes(FLAT_ROUTES.name, relative, text);
    }
    let Some(name) = route_name(relative) else { return Ok(Vec::new()) };
    let markdown = relative.extension().is_some_and(|ext| ext == "md" || ext == "mdx");
    let methods = if markdown { get() } else { module_methods(&Exports::read(text)?) };
    let Some(variants) = segments(name)? else { return Ok(Vec::new()) };
    variants
        .iter()
        .map(|segments| route(FLAT_ROUTES.name, relative, segments, methods.clone(), Confidence::Exact))
        .collect()
}

/// What a route module answers: an `action` handles every method but GET
/// (a form or `fetch` may send any of them); GET is answered by a `loader`
/// or a default component, and by a module with no action at all (a route
/// renders even without either). A resource route exporting only an action
/// answers no GET.
fn module_methods(exports: &Exports) -> Vec<String> {
    let action = exports.has("action");
    let get = !action || exports.has("loader") || exports.has("default");
    METHODS
        .iter()
        .filter(|m| if **m == "GET" { get } else { action && ACTION_METHODS.contains(m) })
        .map(|m| (*m).to_owned())
        .collect()
}

/// The methods an `action` answers.
const ACTION_METHODS: &[&str] = &["POST", "PUT", "PATCH", "DELETE"];

/// The route name of a module: its stem directly in `app/routes/`, or its
/// folder's name for the folder's route module, `app/routes/<name>/route.tsx`
/// or `app/routes/<name>/index.tsx`.
fn route_name(relative: &Path) -> Option<&str> {
    let (dirs, file) = under(relative, ROUTERS)?;
    let stem = module_stem(file, EXTENSIONS)?;
    match dirs.as_slice() {
        [] => Some(stem),
        [folder] if stem == "route" || stem == "index" => Some(folder),
        _ => None,
    }
}

/// One character of a route name and whether `[...]` escaped it.
type Char = (char, bool);

/// The URL segments of a route name, one list per variant (optional
/// literals double them); `None` for a pathless layout.
fn segments(name: &str) -> Result<Option<Vec<Vec<String>>>, ExtractError> {
    let parts = split(name)?;
    let mut variants: Vec<Vec<String>> = vec![Vec::new()];
    for (at, part) in parts.iter().enumerate() {
        let last = at + 1 == parts.len();
        let text: String = part.iter().map(|(c, _)| c).collect();
        let unescaped = |index: usize, c: char| part.get(index).is_some_and(|&(x, escaped)| x == c && !escaped);
        if text == "_index" && !part[0].1 {
            if !last {
                return Err(ExtractError::Unparsable("`_index` must be the last segment".to_owned()));
            }
            continue;
        }
        if unescaped(0, '_') {
            if last {
                return Ok(None);
            }
            continue;
        }
        let text = if unescaped(part.len() - 1, '_') { text[..text.len() - 1].to_owned() } else { text };
        let optional = unescaped(0, '(') && unescaped(part.len() - 1, ')');
        let core = if optional { &text[1..text.len() - 1] } else { text.as_str() };
        let dollar = unescaped(usize::from(optional), '$');
        let segment = match (dollar, core) {
            (true, "$") => "{*splat}".to_owned(),
            (true, _) => format!("{{{}{}}}", param_name(&core[1..]), if optional { "?" } else { "" }),
            (false, _) => core.to_owned(),
        };
        let without = (optional && !dollar).then(|| variants.clone());
        for variant in &mut variants {
            variant.push(segment.clone());
        }
        variants.extend(without.into_iter().flatten());
    }
    Ok(Some(variants))
}

/// Splits a route name at unescaped dots, resolving `[...]` escapes.
fn split(name: &str) -> Result<Vec<Vec<Char>>, ExtractError> {
    let mut parts = vec![Vec::new()];
    let mut escaped = false;
    for c in name.chars() {
        match (c, escaped) {
            ('[', false) => escaped = true,
            (']', true) => escaped = false,
            ('.', false) => parts.push(Vec::new()),
            _ => parts.last_mut().expect("never empty").push((c, escaped)),
        }
    }
    if escaped {
        return Err(ExtractError::Unparsable(format!("`{name}` opens `[` without closing it")));
    }
    if parts.iter().any(Vec::is_empty) {
        return Err(ExtractError::Unparsable(format!("`{name}` has an empty segment")));
    }
    Ok(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(name: &str) -> Vec<String> {
        segments(name).unwrap().unwrap_or_default().iter().map(|s| format!("/{}", s.join("/"))).collect()
    }

    fn answers(text: &str) -> Vec<String> {
        module_methods(&Exports::read(text).unwrap())
    }

    #[test]
    fn an_action_answers_every_method_but_get() {
        let page = "export const action = async () => {};\nexport default function Page() {}";
        assert_eq!(answers(page), ["GET", "POST", "PUT", "PATCH", "DELETE"]);
        assert_eq!(answers("export async function action() {}"), ["POST", "PUT", "PATCH", "DELETE"]);
        assert_eq!(answers("export { action, loader } from './shared';").len(), 5);
        assert_eq!(answers("export const loader = () => null;"), ["GET"]);
        assert_eq!(answers("export default function Page() {}"), ["GET"]);
        assert_eq!(answers("// export const action = 1;\nexport default function P() {}"), ["GET"]);
    }

    #[test]
    fn a_folder_route_module_is_route_or_index() {
        let name = |path: &'static str| route_name(Path::new(path));
        assert_eq!(name("app/routes/app.settings/route.tsx"), Some("app.settings"));
        assert_eq!(name("app/routes/app.billing/index.tsx"), Some("app.billing"));
        assert_eq!(name("app/routes/app.billing/form.tsx"), None);
        assert_eq!(name("app/routes/a/b/index.tsx"), None);
    }

    #[test]
    fn reads_every_flat_route_convention() {
        assert_eq!(paths("_index"), ["/"]);
        assert_eq!(paths("concerts.$city"), ["/concerts/$city".replace("$city", "{city}")]);
        assert_eq!(paths("concerts_.mine"), ["/concerts/mine"]);
        assert_eq!(paths("_auth.login"), ["/login"]);
        assert!(paths("_auth").is_empty(), "a pathless layout has no URL");
        assert_eq!(paths("($lang).about"), ["/{lang?}/about"]);
        assert_eq!(paths("(en).about"), ["/en/about", "/about"]);
        assert_eq!(paths("files.$"), ["/files/{*splat}"]);
        assert_eq!(paths("teams.$team-id.($2fa)"), ["/teams/{team_id}/{_2fa?}"]);
        assert_eq!(paths("sitemap[.]xml"), ["/sitemap.xml"]);
        assert_eq!(paths("[_]x.[$]y"), ["/_x/$y"]);
    }
}
