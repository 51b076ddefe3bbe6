//! Hostile input: no extractor may panic, and an unreadable file yields nothing.

use std::path::PathBuf;

use super::{SourceFile, extract_project};
use crate::scan::DiscoveredRoute;
use crate::scan::framework::{self, ExtractCode, Extractor, FRAMEWORKS};

fn file(path: &str, text: &str) -> SourceFile {
    SourceFile::new(path, text.to_owned())
}

/// The rows of routes in code: name, extensions, extractor.
fn code_frameworks() -> impl Iterator<Item = (&'static str, &'static [&'static str], ExtractCode)> {
    FRAMEWORKS.iter().filter_map(|row| match row.extractor {
        Extractor::Code { extensions, extract } => Some((row.name, extensions, extract)),
        Extractor::PerFile(_) => None,
    })
}

/// Runs the row called `name` over `files`, as the scan does.
fn run(name: &str, files: &[SourceFile]) -> (Vec<DiscoveredRoute>, Vec<PathBuf>) {
    let row = framework::by_name(name).unwrap_or_else(|| panic!("no framework is called {name}"));
    let Extractor::Code { extract, .. } = row.extractor else { panic!("{name} does not read code") };
    let (routes, unreadable, _) = extract_project(extract, row.name, files);
    (routes, unreadable)
}

fn extract(name: &str, files: &[SourceFile]) -> Vec<DiscoveredRoute> {
    run(name, files).0
}

const GARBAGE: &[&str] = &[
    "",
    "app.get('/x, h)\nrouter.get(\"/y\", h",
    "`${ unterminated",
    "/* never closed",
    "))]]}}{{[[((",
    "r#\"raw never closed",
    "resources :photos do\n  resources :comments\n",
    "@app.get(\"/x\"\ndef f(): pass",
    "<Route path=\"/a\"><Route path=\"b\"></Route>",
    "{ path: 'x', children: [ { path: ",
    "\u{0}\u{ffff}é'\"`\\",
    "r.Route(\"/p\", func(r chi.Router) {",
    "Router::new().route(\"/x\", get(h)).nest(\"/y\", nested()",
    ":\"::::a:b:::\"#{",
    "f'{'",
    "'\\",
    "@RestController class A { @GetMapping(value = {\"/x\" ) String f(",
    "[Route(\"api/[controller]\")] public class XController : Controller { [HttpGet(\"{id\")] public",
    "\"\"\"never closed",
    "@\"verbatim \"\" never closed",
    "$\"{{{x}\" app.MapGroup(\"/a\").MapGroup(",
    "@page \"",
];

#[test]
fn garbage_never_panics_in_any_extractor() {
    for (framework, extensions, extract) in code_frameworks() {
        for (i, text) in GARBAGE.iter().enumerate() {
            for ext in extensions {
                let files = [file(&format!("f{i}.{ext}"), text), file(&format!("config/routes.{ext}"), text)];
                let _ = extract_project(extract, framework, &files);
            }
        }
    }
}

#[test]
fn an_unterminated_string_makes_the_file_yield_nothing() {
    let text = "const app = express();\napp.get('/a', h);\nconst s = `never closed\n";
    assert!(extract("express", &[file("app.js", text)]).is_empty());
}

#[test]
fn an_unknown_framework_has_no_row_to_extract_with() {
    assert!(framework::by_name("cobol").is_none());
}

#[test]
fn routes_record_the_name_of_the_row_that_read_them() {
    let go = |body: &str| format!("package main\n\nfunc main() {{\n{body}\n}}\n");
    let cases = [
        ("express", file("app.js", "const app = express();\napp.get('/a', h);\n")),
        ("go-http", file("main.go", &go("mux := http.NewServeMux()\nmux.HandleFunc(\"GET /a\", h)"))),
        ("chi", file("main.go", &go("r := chi.NewRouter()\nr.Get(\"/a\", h)"))),
        ("gin", file("main.go", &go("r := gin.Default()\nr.GET(\"/a\", h)"))),
    ];
    for (name, source) in cases {
        let routes = extract(name, std::slice::from_ref(&source));
        let found: Vec<(&str, &str)> = routes.iter().map(|r| (r.framework, r.pattern.as_str())).collect();
        assert_eq!(found, [(name, "/a")], "{name}");
    }
}

#[test]
fn nesting_deeper_than_any_router_file_is_unreadable_not_a_stack_overflow() {
    let deep = format!("app.get('/a', h);\nfoo({}{});\n", "(".repeat(50_000), ")".repeat(50_000));
    for framework in ["express", "vue-router", "react-router"] {
        let (routes, unreadable) = run(framework, &[file("app.js", &deep)]);
        assert!(routes.is_empty(), "{framework}: {routes:?}");
        assert_eq!(unreadable, [PathBuf::from("app.js")], "{framework}");
    }
    let shallow = format!("const app = express();\napp.get('/a', h);\nfoo({}{});\n", "(".repeat(200), ")".repeat(200));
    let (routes, unreadable) = run("express", &[file("app.js", &shallow)]);
    assert_eq!((routes.len(), unreadable.len()), (1, 0), "200 levels are still read");
}

#[test]
fn unreadable_files_are_named_once_and_readable_ones_still_give_routes() {
    let files = [
        file("src/app.js", "const app = express();\napp.get('/ok', h);\n"),
        file("src/broken.js", "const app = express();\napp.get('/lost', h);\nconst s = `never closed\n"),
    ];
    let (routes, unreadable) = run("express", &files);
    assert_eq!(routes.iter().map(|r| r.pattern.as_str()).collect::<Vec<_>>(), ["/ok"]);
    assert_eq!(unreadable, [PathBuf::from("src/broken.js")]);
}

#[test]
fn templates_fill_every_placeholder_or_nothing() {
    use super::interpolate;
    use super::lex::Lang;
    let mut names = |expr: &[super::tree::Tree]| match expr {
        [name] if name.is_ident("API") => Some("/api".to_owned()),
        _ => None,
    };
    assert_eq!(interpolate("${API}/auth", "${", Lang::Js, &mut names).as_deref(), Some("/api/auth"));
    assert_eq!(interpolate("{API}/{{x}}", "{", Lang::Python, &mut names).as_deref(), Some("/api/{x}"));
    assert_eq!(interpolate("{API}/{other}", "{", Lang::Python, &mut names), None);
    assert_eq!(
        interpolate("/plain}", "{", Lang::Python, &mut names),
        None,
        "a lone closing brace is an error in an f-string"
    );
    assert_eq!(interpolate("/plain", "${", Lang::Js, &mut names).as_deref(), Some("/plain"));
}

#[test]
fn django_notes_what_it_lists_in_part_or_cannot_follow() {
    let urls = "from django.contrib import admin\nfrom django.urls import include, path, re_path\n\n\
        urlpatterns = [\n    path(\"admin/\", admin.site.urls),\n    re_path(r\"^page/[0-9]+/$\", v),\n    \
        path(\"x/\", include(\"nowhere.urls\")),\n]\nurlpatterns += static(\"/media/\")\n";
    let row = framework::by_name("django").unwrap();
    let Extractor::Code { extract, .. } = row.extractor else { panic!("django reads code") };
    let (routes, unreadable, notes) = extract_project(extract, row.name, &[file("urls.py", urls)]);
    let patterns: Vec<&str> = routes.iter().map(|r| r.pattern.as_str()).collect();
    // A package's URLconf, like the admin, is one catch-all under its prefix.
    assert_eq!(patterns, ["/admin/{*path?}", "/page/{_1}", "/x/{*path?}"]);
    assert!(unreadable.is_empty());
    let lines: Vec<&str> = notes.iter().map(|(_, message)| message.split(':').next().unwrap_or("")).collect();
    assert_eq!(lines, ["line 5", "line 6", "line 7", "line 9"], "{notes:?}");
    assert!(notes[1].1.contains("^page/[0-9]+/$"), "the regex is named: {notes:?}");
    assert!(notes[2].1.contains("an installed package's"), "{notes:?}");
    assert!(notes[3].1.contains("static(\"/media/\")"), "{notes:?}");
}

#[test]
fn flask_notes_a_rule_it_cannot_compute_instead_of_dropping_it() {
    let app = "from flask import Flask\n\napp = Flask(__name__, static_folder=None)\n\n\
        def assets(app, base):\n    rule = \"/\" + base.strip(\"/\") + \"/<path:path>\"\n    \
        app.add_url_rule(rule=rule, view_func=send)\n\n@app.get(\"/ok\")\ndef ok():\n    pass\n";
    let row = framework::by_name("flask").unwrap();
    let Extractor::Code { extract, .. } = row.extractor else { panic!("flask reads code") };
    let (routes, _, notes) = extract_project(extract, row.name, &[file("app.py", app)]);
    let patterns: Vec<&str> = routes.iter().map(|r| r.pattern.as_str()).collect();
    assert_eq!(patterns, ["/ok"]);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].1.starts_with("line 7: a route whose rule `rule` is computed"), "{notes:?}");
}

/// The index by folder and file name finds what a scan of every file of
/// that name finds, first in order, and falls back to the name alone for a
/// one-name suffix.
#[test]
fn a_path_suffix_finds_the_first_file_ending_with_it() {
    let files = [
        file("a/x/__init__.py", ""),
        file("b/app/x/__init__.py", ""),
        file("app/x/__init__.py", ""),
        file("app/urls.py", ""),
        file("urls.py", ""),
    ];
    let files = super::Files::new(&files);
    let found = |suffix: &str| files.ending_with(std::path::Path::new(suffix)).map(|p| p.display().to_string());
    assert_eq!(found("app/x/__init__.py").as_deref(), Some("b/app/x/__init__.py"));
    assert_eq!(found("x/__init__.py").as_deref(), Some("a/x/__init__.py"));
    assert_eq!(found("app/urls.py").as_deref(), Some("app/urls.py"));
    assert_eq!(found("urls.py").as_deref(), Some("app/urls.py"));
    assert_eq!(found("c/x/__init__.py"), None);
    assert_eq!(found("/__init__.py"), None);
}

/// A DRF router is found through a subclass in another module, so the
/// check that a project writes a router's name at all (to skip the look-up
/// otherwise) must not skip it.
#[test]
fn django_lists_a_drf_router_reached_through_a_subclass() {
    let api = "from rest_framework import routers\n\nclass ApiRouter(routers.DefaultRouter):\n    pass\n";
    let urls = "from django.urls import include, path\nfrom .api import ApiRouter\nfrom .views import Things\n\n\
        router = ApiRouter()\nrouter.register(\"things\", Things)\n\n\
        urlpatterns = [\n    path(\"api/\", include(router.urls)),\n]\n";
    let views = "from rest_framework import viewsets\n\nclass Things(viewsets.ModelViewSet):\n    pass\n";
    let row = framework::by_name("django").unwrap();
    let Extractor::Code { extract, .. } = row.extractor else { panic!("django reads code") };
    let files = [file("urls.py", urls), file("api.py", api), file("views.py", views)];
    let (routes, _, _) = extract_project(extract, row.name, &files);
    let patterns: Vec<&str> = routes.iter().map(|r| r.pattern.as_str()).collect();
    assert!(patterns.contains(&"/api/things/{pk}"), "{patterns:?}");
}
