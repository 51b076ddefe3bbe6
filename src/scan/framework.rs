//! The frameworks `parity scan` knows, so that a framework is one row of
//! [`FRAMEWORKS`]: how `--framework auto` recognises a project of it, which
//! files it reads and the function that extracts their routes. The walker,
//! the detection and the dispatcher read the rows and need no change when
//! one is added.
//!
//! File-system routers and API documents read one file at a time; routes
//! declared in code (`src/scan/code/`) need every file of a project at once,
//! because routers are mounted across files.

use std::path::Path;

use super::DiscoveredRoute;
use super::{code, fs, spec};

/// How `--framework auto` tells that a project uses a framework. A project
/// is a directory holding a manifest (`package.json`, `go.mod`, `Gemfile`,
/// `Cargo.toml`, `requirements.txt`, `pyproject.toml`) or a marker file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marker {
    /// A dependency in `package.json` (any kind of dependencies).
    Npm(&'static str),
    /// A module required in `go.mod`.
    Go(&'static str),
    /// A gem in `Gemfile`.
    Gem(&'static str),
    /// A dependency in `Cargo.toml`.
    Crate(&'static str),
    /// A requirement in `requirements.txt` or `pyproject.toml`.
    Python(&'static str),
    /// A file beside the manifest (`svelte.config.js`).
    File(&'static str),
    /// A file beside the manifest holding this text: Django's `manage.py`
    /// sets `DJANGO_SETTINGS_MODULE` (Flask-Script's `manage.py` does not).
    FileWith(&'static str, &'static str),
    /// Any project: the framework's files announce themselves (OpenAPI).
    Anywhere,
    /// A Maven artifact in `pom.xml`, `build.gradle` or `build.gradle.kts`
    /// (`spring-boot-starter-web`; a version catalog's `libs.spring.boot.starter.web` too).
    Maven(&'static str),
    /// A `*.csproj` whose `Sdk` is this, or that references a package or
    /// framework whose name is this or starts with it and a dot (test
    /// helpers, `….Testing`, excepted).
    DotNet(&'static str),
    /// A package required in `composer.json` (`require` or `require-dev`).
    Composer(&'static str),
}

/// The files that make a directory a project, whatever its framework.
pub const MANIFESTS: &[&str] = &[
    "package.json",
    "go.mod",
    "Gemfile",
    "Cargo.toml",
    "requirements.txt",
    "pyproject.toml",
    "pom.xml",
    "build.gradle",
    "build.gradle.kts",
    "composer.json",
];

/// Manifests named by their extension: a .NET project is `<Name>.csproj`.
pub const MANIFEST_EXTENSIONS: &[&str] = &[".csproj"];

/// Whether a file name is a project manifest ([`MANIFESTS`], [`MANIFEST_EXTENSIONS`]).
#[must_use]
pub fn is_manifest(name: &str) -> bool {
    MANIFESTS.contains(&name) || MANIFEST_EXTENSIONS.iter().any(|ext| name.len() > ext.len() && name.ends_with(ext))
}

/// What a framework does with a file, by its path relative to the project.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reading {
    /// Not one of its files.
    Skip,
    /// The path alone is the route; the text is not read.
    Path,
    /// The route (or its methods) is in the text.
    Text,
    /// Like [`Reading::Text`], with the modules it re-exports wholesale
    /// (`export * from`) spliced in, so their exports count as its own.
    Module,
}

/// Why one file gave no routes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExtractError {
    /// The file could not be understood (a syntax the extractor does not
    /// follow): a note, the scan goes on.
    Unparsable(String),
    /// A document that must be right is wrong (a malformed OpenAPI file or
    /// manifest): an input error, the run exits 2.
    Invalid(String),
    /// The file is a route, but could only partly be read (its methods are
    /// not all known): the routes are listed, with a note saying why.
    Partial(Vec<DiscoveredRoute>, String),
}

/// Extracts the routes of one file: framework name, path relative to the
/// project, text (empty for [`Reading::Path`]).
pub type Extract = fn(&str, &Path, &str) -> Result<Vec<DiscoveredRoute>, ExtractError>;

/// Extracts the routes of every file of one project that a code framework
/// reads, at once, because routers are mounted across files. The name is
/// the row's, so the routes record the framework that read them; the files
/// that cannot be read are remembered by [`code::Files`] for the scan's notes.
pub type ExtractCode = fn(&code::Files<'_>, &'static str) -> Vec<DiscoveredRoute>;

/// How a framework is handed its files: file-system routers and API
/// documents need rules about paths, routes in code only need extensions.
#[derive(Clone, Copy, Debug)]
pub enum Extractor {
    /// One file at a time: the path is the route, or the file stands alone.
    PerFile(PerFile),
    /// Every file of a project with one of `extensions`, at once.
    Code {
        /// Every file of the language is handed over: which of them hold
        /// routers only the extractor can tell, from calls and imports.
        extensions: &'static [&'static str],
        extract: ExtractCode,
    },
}

/// The rules of a framework that reads one file at a time.
#[derive(Clone, Copy, Debug)]
pub struct PerFile {
    /// A cheap test on the file name and the path (relative to the scanned
    /// root, the project not yet known), applied to every file while walking.
    pub wants: fn(&str, &Path) -> bool,
    /// What to do with a file, by its path relative to the project.
    pub reads: fn(&Path) -> Reading,
    /// Router folders the framework ignores when another exists beside them
    /// (`src/pages` when the project has `pages`), as `(ignored, preferred)`.
    pub preferred: &'static [(&'static str, &'static str)],
    /// Module names the framework ignores when a sibling module of the other
    /// name exists (`index.tsx` beside `route.tsx` in a flat-routes folder),
    /// as `(ignored, preferred)` file stems.
    pub preferred_modules: &'static [(&'static str, &'static str)],
    /// Files read even when ignored or hidden (generated manifests live in
    /// `.next/`, which every Next.js project ignores), relative to the project.
    pub generated: &'static [&'static str],
    pub extract: Extract,
}

/// One framework `parity scan` reads: one registration in [`FRAMEWORKS`].
#[derive(Clone, Copy, Debug)]
pub struct Framework {
    /// The name `--framework` takes and every route records.
    pub name: &'static str,
    /// What it reads, in one line, for whoever reads the table (`--help`
    /// lists names only; docs/scan.md says it at length).
    pub about: &'static str,
    /// Any of these makes `--framework auto` pick it for a project.
    pub markers: &'static [Marker],
    pub extractor: Extractor,
}

impl Framework {
    /// Whether the walker keeps a file: `name` is its file name, `path` is
    /// relative to the scanned root, because projects are not known yet.
    #[must_use]
    pub fn wants(&self, name: &str, path: &Path) -> bool {
        match self.extractor {
            Extractor::PerFile(rules) => (rules.wants)(name, path),
            Extractor::Code { extensions, .. } => extension_in(name, extensions).is_some(),
        }
    }

    /// What the framework does with a file, by its path relative to the project.
    #[must_use]
    pub fn reads(&self, relative: &Path) -> Reading {
        match self.extractor {
            Extractor::PerFile(rules) => (rules.reads)(relative),
            Extractor::Code { extensions, .. } => {
                let name = relative.file_name().and_then(|name| name.to_str()).unwrap_or_default();
                if extension_in(name, extensions).is_some() { Reading::Text } else { Reading::Skip }
            }
        }
    }
}

/// Every framework, in the order `--framework` lists them: adding one is
/// adding its row here. A file-system router or an API document is written
/// in its module, beside the path rules it uses, and named here; a
/// framework of routes in code is written here whole.
pub const FRAMEWORKS: &[Framework] = &[
    fs::nextjs::APP,
    fs::nextjs::PAGES,
    fs::flat::FLAT_ROUTES,
    fs::sveltekit::SVELTEKIT,
    spec::openapi::OPENAPI,
    Framework {
        name: "react-router",
        about: "React Router JSX <Route> elements and route objects",
        markers: &[Marker::Npm("react-router"), Marker::Npm("react-router-dom")],
        extractor: Extractor::Code { extensions: SCRIPT_EXTENSIONS, extract: code::react::extract },
    },
    Framework {
        name: "react-router-config",
        about: "React Router v7 app/routes.ts (route, index, layout, prefix)",
        // remix-flat-routes: a Remix v2 app calls it from its build config.
        markers: &[Marker::Npm("@react-router/dev"), Marker::Npm("remix-flat-routes")],
        extractor: Extractor::Code { extensions: SCRIPT_EXTENSIONS, extract: code::react::extract_config },
    },
    Framework {
        name: "vue-router",
        about: "Vue Router route records",
        markers: &[Marker::Npm("vue-router")],
        extractor: Extractor::Code { extensions: SCRIPT_EXTENSIONS, extract: code::vue::extract },
    },
    Framework {
        name: "angular",
        about: "Angular Routes arrays, including loadChildren",
        markers: &[Marker::Npm("@angular/router")],
        extractor: Extractor::Code { extensions: &["ts", "js"], extract: code::angular::extract },
    },
    Framework {
        name: "express",
        about: "Express 4 and 5 app and router calls, mounts across files",
        markers: &[Marker::Npm("express")],
        extractor: Extractor::Code { extensions: SCRIPT_EXTENSIONS, extract: code::express::extract },
    },
    Framework {
        name: "fastapi",
        about: "FastAPI decorators, APIRouter prefixes and include_router",
        markers: &[Marker::Python("fastapi")],
        extractor: Extractor::Code { extensions: &["py"], extract: code::fastapi::extract },
    },
    Framework {
        name: "axum",
        about: "axum 0.7 and 0.8 Router::route, nest and merge",
        markers: &[Marker::Crate("axum")],
        extractor: Extractor::Code { extensions: &["rs"], extract: code::axum::extract },
    },
    Framework {
        name: "go-http",
        about: "Go net/http 1.22 ServeMux patterns",
        // net/http is the standard library: any Go module may use it.
        markers: &[Marker::File("go.mod")],
        extractor: Extractor::Code { extensions: &["go"], extract: code::go::net_http },
    },
    Framework {
        name: "chi",
        about: "chi routers, Route, Group and Mount",
        markers: &[Marker::Go("github.com/go-chi/chi")],
        extractor: Extractor::Code { extensions: &["go"], extract: code::go::chi },
    },
    Framework {
        name: "gin",
        about: "gin engines and groups",
        markers: &[Marker::Go("github.com/gin-gonic/gin")],
        extractor: Extractor::Code { extensions: &["go"], extract: code::go::gin },
    },
    Framework {
        name: "rails",
        about: "Rails config/routes.rb (resources, namespace, scope, member, collection)",
        markers: &[Marker::Gem("rails")],
        extractor: Extractor::Code { extensions: &["rb"], extract: code::rails::extract },
    },
    fs::nuxt::NUXT,
    fs::astro::ASTRO,
    Framework {
        name: "spring",
        about: "Spring MVC and WebFlux @RequestMapping controllers, server.servlet.context-path",
        markers: &[
            Marker::Maven("spring-web"),
            Marker::Maven("spring-webmvc"),
            Marker::Maven("spring-webflux"),
            Marker::Maven("spring-boot-starter-web"),
            Marker::Maven("spring-boot-starter-webflux"),
            Marker::Maven("spring-boot-starter-webmvc"),
        ],
        // The config files say where the app is served (`server.servlet.context-path`).
        extractor: Extractor::Code {
            extensions: &["java", "kt", "properties", "yml", "yaml"],
            extract: code::spring::extract,
        },
    },
    Framework {
        name: "aspnetcore",
        about: "ASP.NET Core attribute and conventional routes, minimal APIs, Razor Pages",
        // Not every `Microsoft.AspNetCore.*` package: a class library using Identity serves nothing.
        markers: &[
            Marker::DotNet("Microsoft.NET.Sdk.Web"),
            Marker::DotNet("Microsoft.NET.Sdk.Razor"),
            Marker::DotNet("Microsoft.AspNetCore.App"),
            Marker::DotNet("Microsoft.AspNetCore.All"),
            Marker::DotNet("Microsoft.AspNetCore.Mvc"),
        ],
        extractor: Extractor::Code { extensions: &["cs", "cshtml", "razor"], extract: code::aspnet::extract },
    },
    Framework {
        name: "flask",
        about: "Flask routes, blueprints, add_url_rule, Flask-RESTX namespaces and Flask-RESTful resources",
        markers: &[Marker::Python("flask")],
        extractor: Extractor::Code { extensions: &["py"], extract: code::flask::extract },
    },
    Framework {
        name: "django",
        about: "Django URLconfs (path, re_path, include) and Django REST Framework routers",
        // `manage.py` beside a manifest whose Django requirement lives elsewhere.
        markers: &[Marker::Python("django"), Marker::FileWith("manage.py", "DJANGO_SETTINGS_MODULE")],
        extractor: Extractor::Code { extensions: &["py"], extract: code::django::extract },
    },
    Framework {
        name: "laravel",
        about: "Laravel route files (Route:: verbs, resource, prefix and group, withRouting)",
        markers: &[Marker::Composer("laravel/framework")],
        extractor: Extractor::Code { extensions: &["php"], extract: code::laravel::extract },
    },
    Framework {
        name: "php",
        about: "plain PHP sites: each *.php file under the document root is a page",
        // A framework keeps its index.php in public/; a plain site serves its folder.
        markers: &[Marker::File("index.php")],
        extractor: Extractor::Code { extensions: &["php"], extract: code::php::extract },
    },
];

/// The framework `--framework NAME` names.
#[must_use]
pub fn by_name(name: &str) -> Option<&'static Framework> {
    FRAMEWORKS.iter().find(|framework| framework.name == name)
}

/// The names `--framework` accepts, `auto` first.
#[must_use]
pub fn names() -> Vec<&'static str> {
    std::iter::once("auto").chain(FRAMEWORKS.iter().map(|framework| framework.name)).collect()
}

/// True when a file could belong to any framework.
#[must_use]
pub fn wanted_by_any(frameworks: &[&Framework], name: &str, path: &Path) -> bool {
    frameworks.iter().any(|framework| framework.wants(name, path))
}

/// True when `path` has a folder called `folder`: the cheap test that a
/// file may lie in a router folder (`pages`, `routes`).
#[must_use]
pub fn in_folder(path: &Path, folder: &str) -> bool {
    path.parent().is_some_and(|dir| dir.components().any(|c| c.as_os_str() == folder))
}

/// The extensions of JavaScript and TypeScript modules.
pub const SCRIPT_EXTENSIONS: &[&str] = &["js", "jsx", "ts", "tsx", "mjs", "cjs", "mts", "cts"];

/// The extension of a file name, when it is one of `extensions`.
#[must_use]
fn extension_in<'a>(name: &'a str, extensions: &[&str]) -> Option<&'a str> {
    name.rsplit_once('.').map(|(_, ext)| ext).filter(|ext| extensions.contains(ext))
}
