//! The rows of [`FRAMEWORKS`](crate::scan::framework::FRAMEWORKS) for routes
//! declared in code: how `--framework auto` recognises each framework's
//! projects, and which files it reads (by extension; the extractors ignore
//! files without router calls).

use std::path::Path;

use super::FRAMEWORKS as EXTENSIONS;
use crate::scan::framework::{Extractor, Framework, Marker, Reading, extension_in};

/// Whether `framework` reads a file called `name`: one of its extensions.
fn reads_name(framework: &str, name: &str) -> bool {
    EXTENSIONS
        .iter()
        .find(|(n, _)| *n == framework)
        .is_some_and(|(_, extensions)| extension_in(name, extensions).is_some())
}

fn reading(framework: &str, relative: &Path) -> Reading {
    let name = relative.file_name().and_then(|name| name.to_str()).unwrap_or_default();
    if reads_name(framework, name) { Reading::Text } else { Reading::Skip }
}

/// One framework row: every file of a project with one of the framework's
/// extensions goes to [`super::extract`] at once.
macro_rules! code_framework {
    ($(#[$doc:meta])* $constant:ident = $name:literal, $about:literal, [$($marker:expr),+ $(,)?]) => {
        $(#[$doc])*
        pub const $constant: Framework = Framework {
            name: $name,
            about: $about,
            markers: &[$($marker),+],
            wants: |name, _| reads_name($name, name),
            reads: |relative| reading($name, relative),
            preferred: &[],
            preferred_modules: &[],
            generated: &[],
            extract: Extractor::Project(super::extract_project),
        };
    };
}

code_framework!(
    REACT_ROUTER = "react-router",
    "React Router JSX <Route> elements and route objects",
    [Marker::Npm("react-router"), Marker::Npm("react-router-dom")]
);
code_framework!(
    REACT_ROUTER_CONFIG = "react-router-config",
    "React Router v7 app/routes.ts (route, index, layout, prefix)",
    [Marker::Npm("@react-router/dev")]
);
code_framework!(VUE_ROUTER = "vue-router", "Vue Router route records", [Marker::Npm("vue-router")]);
code_framework!(ANGULAR = "angular", "Angular Routes arrays, including loadChildren", [Marker::Npm("@angular/router")]);
code_framework!(
    EXPRESS = "express",
    "Express 4 and 5 app and router calls, mounts across files",
    [Marker::Npm("express")]
);
code_framework!(
    FASTAPI = "fastapi",
    "FastAPI decorators, APIRouter prefixes and include_router",
    [Marker::Python("fastapi")]
);
code_framework!(AXUM = "axum", "axum 0.7 and 0.8 Router::route, nest and merge", [Marker::Crate("axum")]);
code_framework!(
    /// net/http is the standard library: any Go module may use it.
    GO_HTTP = "go-http", "Go net/http 1.22 ServeMux patterns", [Marker::File("go.mod")]);
code_framework!(CHI = "chi", "chi routers, Route, Group and Mount", [Marker::Go("github.com/go-chi/chi")]);
code_framework!(GIN = "gin", "gin engines and groups", [Marker::Go("github.com/gin-gonic/gin")]);
code_framework!(
    RAILS = "rails",
    "Rails config/routes.rb (resources, namespace, scope, member, collection)",
    [Marker::Gem("rails")]
);
