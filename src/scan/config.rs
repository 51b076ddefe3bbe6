//! What a project's own config files say about its URLs, read once per
//! project before any of its files is handed to a framework: the one place
//! for "project config values". Today: Next.js's literal `basePath`
//! (`next.config.*`) and SvelteKit's `kit.files.routes` (`svelte.config.js`),
//! which moves the routes folder away from `src/routes`; Nuxt's `srcDir`,
//! `dir.pages`, `serverDir` and `app.baseURL` (`nuxt.config.*`), and
//! Astro's `srcDir` and `base` (`astro.config.*`).
//!
//! A framework reads paths in its default layout. A moved router folder is
//! handed to it as if it lay where the framework expects it
//! ([`ProjectConfig::read_as`]), and the routes keep the file's real path;
//! the default folder is then no router at all, as for the framework.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use super::DiscoveredRoute;
use super::code;
use super::code::lex::Lang;
use super::code::tree::{self, Group, Tree};
use super::framework::Framework;
use super::fs::{astro, next_config, nextjs, nuxt, sveltekit};
use super::walk;

/// The config values of one project.
#[derive(Debug, Default)]
pub struct ProjectConfig {
    /// Next.js's literal `basePath` (`/docs`), which every URL of the app
    /// lives under.
    pub base_path: Option<String>,
    /// Router folders the config moves.
    moved: Vec<Moved>,
    /// What a config says that could not be read, with its file (relative
    /// to the project).
    pub unread: Vec<(PathBuf, String)>,
    /// The literal base URL of another framework (Nuxt's `app.baseURL`,
    /// Astro's `base`), by framework name: all its routes live under it.
    pub bases: Vec<(&'static str, String)>,
    /// Routes a config defines (Astro's `redirects`), read here because
    /// they may spread a module the config imports; files are relative to
    /// the project.
    pub routes: Vec<DiscoveredRoute>,
    /// The C# conditional compilation symbols of a .NET project's default
    /// build, from its `*.csproj` and `Directory.Build.props`.
    pub csharp_symbols: Option<Vec<String>>,
}

/// A router folder moved by the config: `framework` reads `default`, the
/// project keeps its routes in `actual`.
#[derive(Debug)]
struct Moved {
    framework: &'static str,
    default: &'static str,
    actual: PathBuf,
}

impl ProjectConfig {
    /// Reads the config files of the frameworks `uses` of the project at
    /// `project` (absolute). A missing or unreadable file says nothing.
    #[must_use]
    pub fn read(project: &Path, uses: &[&'static Framework]) -> Self {
        let mut config = Self::default();
        let reads = |name: &str| uses.iter().any(|f| f.name == name);
        if reads(nextjs::APP.name) || reads(nextjs::PAGES.name) {
            if let Some((_, text)) = first_file(project, next_config::NAMES) {
                let base = next_config::read(nextjs::APP.name, Path::new(""), &text).base_path;
                config.base_path = base.filter(|base| !base.is_empty());
            }
        }
        if reads(sveltekit::SVELTEKIT.name) {
            if let Some((file, text)) = first_file(project, sveltekit::CONFIG_NAMES) {
                match sveltekit::routes_folder(&text) {
                    Ok(Some(folder)) if folder != sveltekit::ROUTES => config.moved.push(Moved {
                        framework: sveltekit::SVELTEKIT.name,
                        default: sveltekit::ROUTES,
                        actual: PathBuf::from(folder),
                    }),
                    Ok(_) => {}
                    Err(why) => config.unread.push((PathBuf::from(file), why)),
                }
            }
        }
        if reads(nuxt::NUXT.name) {
            if let Some((file, text)) = first_file(project, nuxt::CONFIG_NAMES) {
                config.read_nuxt(project, file, &text);
            }
        }
        if reads(astro::ASTRO.name) {
            if let Some((file, text)) = first_file(project, astro::CONFIG_NAMES) {
                config.read_astro(file, &text);
                let import = |spec: &str| project_module(project, spec);
                let (routes, unread) = astro::redirects(Path::new(file), &text, &import);
                config.routes.extend(routes);
                config.unread.extend(unread.into_iter().map(|why| (PathBuf::from(file), why)));
            }
        }
        if reads("aspnetcore") {
            config.csharp_symbols = Some(csharp_symbols(project));
        }
        config
    }

    /// Nuxt's folders and base URL. The pages folder is `dir.pages`
    /// (`pages`) under `srcDir`; the server folder is `serverDir`, else
    /// `<srcDir>/server` when it exists (Nuxt 3 puts it under `srcDir`).
    fn read_nuxt(&mut self, project: &Path, file: &'static str, text: &str) {
        let mut value = |path: &[&str]| match literal(text, path) {
            Ok(value) => value,
            Err(why) => {
                self.unread.push((PathBuf::from(file), format!("`{}` {why}", path.join("."))));
                None
            }
        };
        let (src, pages, server, base) =
            (value(&["srcDir"]), value(&["dir", "pages"]), value(&["serverDir"]), value(&["app", "baseURL"]));
        let folder = |path: &str| path.trim_start_matches("./").trim_end_matches('/').to_owned();
        let src = src.map(|src| folder(&src)).filter(|src| !src.is_empty() && src != ".");
        if src.is_some() || pages.is_some() {
            // Without `srcDir`, Nuxt 4 takes `app/` when it exists.
            let src = src.clone().or_else(|| project.join("app").is_dir().then(|| "app".to_owned()));
            let pages = folder(pages.as_deref().unwrap_or(nuxt::PAGES));
            let actual = src.map_or_else(|| PathBuf::from(&pages), |src| Path::new(&src).join(&pages));
            self.moved.push(Moved { framework: nuxt::NUXT.name, default: nuxt::PAGES, actual });
        }
        let server = server.map(|server| folder(&server)).or_else(|| {
            let nested = Path::new(src.as_deref()?).join(nuxt::SERVER);
            project.join(&nested).is_dir().then(|| nested.to_string_lossy().into_owned())
        });
        if let Some(server) = server.filter(|server| server != nuxt::SERVER) {
            self.moved.push(Moved { framework: nuxt::NUXT.name, default: nuxt::SERVER, actual: server.into() });
        }
        if let Some(base) = base.map(|base| base.trim_end_matches('/').to_owned()).filter(|base| !base.is_empty()) {
            self.bases.push((nuxt::NUXT.name, base));
        }
    }

    /// Astro's `srcDir` (the pages are `<srcDir>/pages`) and `base`.
    fn read_astro(&mut self, file: &'static str, text: &str) {
        let mut value = |name: &str| match literal(text, &[name]) {
            Ok(value) => value,
            Err(why) => {
                self.unread.push((PathBuf::from(file), format!("`{name}` {why}")));
                None
            }
        };
        let (src, base) = (value("srcDir"), value("base"));
        let src = src.map(|src| src.trim_start_matches("./").trim_end_matches('/').to_owned());
        if let Some(src) = src.filter(|src| src != "src" && !src.is_empty()) {
            let actual = Path::new(&src).join("pages");
            self.moved.push(Moved { framework: astro::ASTRO.name, default: astro::PAGES, actual });
        }
        if let Some(base) = base.map(|base| base.trim_end_matches('/').to_owned()).filter(|base| !base.is_empty()) {
            self.bases.push((astro::ASTRO.name, base));
        }
    }

    /// The path `framework` reads for the file at `relative` (to the
    /// project): under a moved router folder, the same file in the default
    /// one; `None` for a file of the default folder once it is moved away.
    #[must_use]
    pub fn read_as<'a>(&self, framework: &str, relative: &'a Path) -> Option<Cow<'a, Path>> {
        // A framework may move more than one folder (Nuxt's pages and server).
        let moved = || self.moved.iter().filter(|m| m.framework == framework);
        if let Some((moved, rest)) = moved().find_map(|m| Some((m, relative.strip_prefix(&m.actual).ok()?))) {
            Some(Cow::Owned(Path::new(moved.default).join(rest)))
        } else if moved().any(|m| relative.starts_with(m.default)) {
            None
        } else {
            Some(Cow::Borrowed(relative))
        }
    }
}

/// The object a JS config file exports: the argument of its
/// `define…Config({…})` call (`defineNuxtConfig`, Astro's `defineConfig`),
/// or the literal after `export default`.
pub(crate) fn config_object(items: &[Tree]) -> Option<&Group> {
    let mut found = None;
    tree::visit(items, &mut |level| {
        for (at, item) in level.iter().enumerate() {
            let call = item.ident().is_some_and(|name| name.starts_with("define") && name.ends_with("Config"));
            let default = item.is_ident("default") && at > 0 && level[at - 1].is_ident("export");
            let object = match level.get(at + 1) {
                Some(Tree::Group(args)) if call && args.open == '(' => args.items.first().and_then(|t| t.group('{')),
                Some(Tree::Group(object)) if default && object.open == '{' => Some(object),
                _ => None,
            };
            if found.is_none() {
                found = object;
            }
        }
    });
    found
}

/// The string at `path` (`["app", "baseURL"]`) of a JS config's exported
/// object: `None` when the config does not set it (or exports no literal
/// object).
///
/// # Errors
/// When the value is set but is not a string literal, or the file cannot be
/// lexed, with the sentence that says so.
pub fn literal(text: &str, path: &[&str]) -> Result<Option<String>, String> {
    let items = tree::parse(text, Lang::Js).ok_or("could not be read: the file could not be lexed")?;
    let Some(mut object) = config_object(&items) else { return Ok(None) };
    let Some((last, parents)) = path.split_last() else { return Ok(None) };
    for name in parents {
        match tree::field(object, name).and_then(|value| value.first()?.group('{')) {
            Some(inner) => object = inner,
            None => return Ok(None),
        }
    }
    let Some(value) = tree::field(object, last) else { return Ok(None) };
    let value = value.split(|t| t.is_punct(',')).next().unwrap_or(value);
    tree::string(value)
        .map(|token| Some(token.text.clone()))
        .ok_or_else(|| "is not a string literal: the default is used".to_owned())
}

/// The module a relative specifier (`./redirects.js`, `./redirects`) of a
/// config at the project's root names, when it is a file of the project:
/// its path relative to the project, and its text.
fn project_module(project: &Path, spec: &str) -> Option<(PathBuf, String)> {
    if !spec.starts_with("./") {
        return None;
    }
    let spec = spec.trim_start_matches("./");
    let candidates =
        std::iter::once(spec.to_owned()).chain(["js", "mjs", "ts", "mts"].map(|ext| format!("{spec}.{ext}")));
    candidates
        .map(PathBuf::from)
        .find(|relative| project.join(relative).is_file())
        .and_then(|relative| Some((relative.clone(), walk::read_text(&project.join(&relative)).ok()?)))
}

/// The first of `names` that is a file of `project`, with its text.
/// The symbols of the .NET project at `project`: its first `*.csproj` (by
/// name) and the `Directory.Build.props` `MSBuild` imports, the nearest one at
/// or above the folder (above the scanned tree too, as for the build).
fn csharp_symbols(project: &Path) -> Vec<String> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(project)
        .map(|entries| {
            entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "csproj")).collect()
        })
        .unwrap_or_default();
    names.sort();
    let csproj = names.first().and_then(|p| walk::read_text(p).ok());
    let absolute = std::path::absolute(project).unwrap_or_else(|_| project.to_path_buf());
    let props = absolute.ancestors().map(|dir| dir.join("Directory.Build.props")).find(|p| p.is_file());
    let props = props.and_then(|p| walk::read_text(&p).ok());
    code::msbuild::symbols(props.as_deref(), csproj.as_deref())
}

fn first_file(project: &Path, names: &[&'static str]) -> Option<(&'static str, String)> {
    let name = names.iter().find(|name| project.join(name).is_file())?;
    walk::read_text(&project.join(name)).ok().map(|text| (*name, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_moved_router_is_read_as_the_default_one() {
        let moved = Moved { framework: "sveltekit", default: "src/routes", actual: PathBuf::from("app/pages") };
        let config = ProjectConfig { moved: vec![moved], ..ProjectConfig::default() };
        let read = |framework, path| config.read_as(framework, Path::new(path)).map(Cow::into_owned);
        assert_eq!(read("sveltekit", "app/pages/a/+page.svelte"), Some(PathBuf::from("src/routes/a/+page.svelte")));
        assert_eq!(read("sveltekit", "src/routes/a/+page.svelte"), None, "the default folder is no router now");
        assert_eq!(read("sveltekit", "src/lib/+x.ts"), Some(PathBuf::from("src/lib/+x.ts")));
        assert_eq!(read("nextjs-app", "src/routes/page.tsx"), Some(PathBuf::from("src/routes/page.tsx")));
    }

    #[test]
    fn literals_are_read_from_the_exported_object() {
        let nuxt = "export default defineNuxtConfig({\n  srcDir: 'src/',\n  app: { baseURL: '/shop/', head: {} },\n  \
                    dir: { pages: process.env.PAGES },\n  vite: { base: '/x' },\n})";
        assert_eq!(literal(nuxt, &["srcDir"]), Ok(Some("src/".to_owned())));
        assert_eq!(literal(nuxt, &["app", "baseURL"]), Ok(Some("/shop/".to_owned())));
        assert!(literal(nuxt, &["dir", "pages"]).is_err(), "a value that is not a literal");
        assert_eq!(literal(nuxt, &["base"]), Ok(None), "a nested `base` is not the config's");
        let astro = "const config = { site: 'https://x.test' };\nexport default { ...config, base: \"/docs\" };";
        assert_eq!(literal(astro, &["base"]), Ok(Some("/docs".to_owned())));
    }
}
