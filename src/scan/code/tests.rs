//! Hostile input: no extractor may panic, and an unreadable file yields nothing.

use super::{FRAMEWORKS, SourceFile, extract, sniff};

fn file(path: &str, text: &str) -> SourceFile {
    SourceFile { path: path.into(), text: text.to_owned() }
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
];

#[test]
fn garbage_never_panics_in_any_extractor() {
    for (framework, extensions) in FRAMEWORKS {
        for (i, text) in GARBAGE.iter().enumerate() {
            for ext in *extensions {
                let files = [file(&format!("f{i}.{ext}"), text), file(&format!("config/routes.{ext}"), text)];
                let _ = extract(framework, &files);
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
fn an_unknown_framework_yields_nothing() {
    assert!(extract("cobol", &[file("a.js", "app.get('/x', h)")]).is_empty());
}

#[test]
fn sniffing_names_the_framework_a_file_imports() {
    assert_eq!(sniff("import express from 'express';"), ["express"]);
    assert_eq!(sniff("from fastapi import APIRouter"), ["fastapi"]);
    assert_eq!(sniff("Rails.application.routes.draw do\nend"), ["rails"]);
    assert!(sniff("fn main() {}").is_empty());
}

#[test]
fn nesting_deeper_than_any_router_file_is_unreadable_not_a_stack_overflow() {
    let deep = format!("app.get('/a', h);\nfoo({}{});\n", "(".repeat(50_000), ")".repeat(50_000));
    for framework in ["express", "vue-router", "react-router"] {
        let (routes, unreadable) = super::extract_project(framework, &[file("app.js", &deep)]);
        assert!(routes.is_empty(), "{framework}: {routes:?}");
        assert_eq!(unreadable, [std::path::PathBuf::from("app.js")], "{framework}");
    }
    let shallow = format!("const app = express();\napp.get('/a', h);\nfoo({}{});\n", "(".repeat(200), ")".repeat(200));
    let (routes, unreadable) = super::extract_project("express", &[file("app.js", &shallow)]);
    assert_eq!((routes.len(), unreadable.len()), (1, 0), "200 levels are still read");
}

#[test]
fn unreadable_files_are_named_once_and_readable_ones_still_give_routes() {
    let files = [
        file("src/app.js", "const app = express();\napp.get('/ok', h);\n"),
        file("src/broken.js", "const app = express();\napp.get('/lost', h);\nconst s = `never closed\n"),
    ];
    let (routes, unreadable) = super::extract_project("express", &files);
    assert_eq!(routes.iter().map(|r| r.pattern.as_str()).collect::<Vec<_>>(), ["/ok"]);
    assert_eq!(unreadable, [std::path::PathBuf::from("src/broken.js")]);
}
