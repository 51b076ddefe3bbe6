//! Route discovery against one fixture tree per framework and convention:
//! every `fixtures/scan/<framework>/` (or `<framework>--<convention>/`) is
//! scanned with `--framework <framework>`
//! and must give exactly the routes of its `expected.txt`, one a line:
//! `METHODS PATTERN FILE:LINE CONFIDENCE [prefix-unresolved=EXPR]
//! [redirect STATUS → DESTINATION | rewrite → DESTINATION]`. Lines
//! starting with `#` explain the traps. Plain text, not snapshots, so every
//! expected route is written and reviewed by a person.

use std::path::Path;

use parity::scan::{self, DiscoveredRoute, framework};

use crate::support::root;

/// A route as `expected.txt` writes it.
fn expected_line(route: &DiscoveredRoute) -> String {
    let confidence = serde_json::to_value(route.confidence).ok().and_then(|v| v.as_str().map(str::to_owned));
    let prefix = route.unresolved_prefix.as_ref().map(|p| format!(" prefix-unresolved={p}")).unwrap_or_default();
    let forward = route.forward.as_ref().map(|f| format!(" {f}")).unwrap_or_default();
    format!(
        "{} {} {}:{} {}{prefix}{forward}",
        route.methods.join(","),
        route.pattern,
        route.file.display(),
        route.line,
        confidence.unwrap_or_default()
    )
}

fn expected_lines(dir: &Path) -> Vec<String> {
    let path = dir.join("expected.txt");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines: Vec<String> = text
        .lines()
        .map(str::trim_end)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(str::to_owned)
        .collect();
    lines.sort();
    lines
}

#[test]
fn every_fixture_tree_gives_exactly_its_expected_routes() {
    let fixtures = root().join("fixtures/scan");
    let mut dirs: Vec<_> =
        std::fs::read_dir(&fixtures).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    dirs.sort();
    assert!(dirs.len() >= 5, "the fixture trees are missing");
    let mut failures = Vec::new();
    for dir in &dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        // `NAME--CONVENTION`: one more convention the framework NAME reads.
        let framework_name = name.split_once("--").map_or(name.as_str(), |(framework, _)| framework);
        let Some(framework) = framework::by_name(framework_name) else {
            failures.push(format!("{name}: no framework is called `{name}`"));
            continue;
        };
        let expected = expected_lines(dir);
        // Named with --framework, then found by --framework auto from the tree's manifest.
        for (how, only) in [("--framework", Some(framework)), ("auto", None)] {
            let scanned = scan::scan_tree(dir, only).unwrap_or_else(|e| panic!("{name}: {e}"));
            // Every route, not only the named framework's: auto must add nothing.
            let mut actual: Vec<String> = scanned.routes.iter().map(expected_line).collect();
            actual.sort();
            if actual != expected {
                let (expected, actual) = (expected.join("\n") + "\n", actual.join("\n") + "\n");
                let diff = similar::TextDiff::from_lines(&expected, &actual);
                failures.push(format!("{name} ({how}):\n{}", diff.unified_diff().header("expected.txt", "scanned")));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn gitignored_files_and_dependency_folders_are_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let write = |path: &str| {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "export default function Page() {}\n").unwrap();
    };
    std::fs::write(dir.path().join(".gitignore"), "app/generated/\n").unwrap();
    for path in ["app/kept/page.tsx", "app/generated/page.tsx", "node_modules/pkg/app/x/page.tsx"] {
        write(path);
    }
    let scanned = scan::scan_tree(dir.path(), framework::by_name("nextjs-app")).unwrap();
    let patterns: Vec<&str> = scanned.routes.iter().map(|r| r.pattern.as_str()).collect();
    assert_eq!(patterns, ["/kept"]);
}

#[test]
fn a_composer_vendor_folder_moved_by_vendor_dir_is_not_read() {
    // composer.json's `config.vendor-dir` put Composer's packages under
    // includes/vendor (YOURLS does), each package with its composer.json:
    // Composer's `autoload.php` and `composer/` give the folder away, so
    // its packages are neither projects nor pages.
    let dir = tree(&[
        ("composer.json", r#"{"config": {"vendor-dir": "includes/vendor"}}"#),
        ("index.php", "<?php echo 'home';\n"),
        ("includes/vendor/autoload.php", "<?php\nrequire __DIR__ . '/composer/autoload_real.php';\n"),
        ("includes/vendor/composer/installed.json", "{}\n"),
        ("includes/vendor/acme/geo/composer.json", r#"{"name": "acme/geo"}"#),
        ("includes/vendor/acme/geo/index.php", "<?php echo 'a package page';\n"),
    ]);
    let scanned = scan::scan_tree(dir.path(), framework::by_name("php")).unwrap();
    let patterns: Vec<&str> = scanned.routes.iter().map(|r| r.pattern.as_str()).collect();
    assert_eq!(patterns, ["/", "/index.php"], "{:?}", scanned.routes);
    assert_eq!(scanned.projects.len(), 1, "{:?}", scanned.projects);
}

#[test]
fn an_unreadable_root_is_an_error_naming_it() {
    let error = scan::scan_tree(Path::new("fixtures/scan/no-such-tree"), None).unwrap_err();
    assert!(error.to_string().contains("fixtures/scan/no-such-tree"), "{error}");
}

#[test]
fn a_malformed_openapi_document_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("openapi.yaml"), "openapi: 3.0.0\npaths: [unclosed\n").unwrap();
    let error = scan::scan_tree(dir.path(), None).unwrap_err();
    assert!(matches!(error, scan::ScanError::Invalid { .. }), "{error}");
    assert!(error.to_string().contains("openapi.yaml"), "{error}");
}

#[test]
fn a_route_module_that_cannot_be_lexed_is_still_a_route_with_a_note() {
    let dir = root().join("fixtures/scan/react-router-config--auto-routes");
    let scanned = scan::scan_tree(&dir, framework::by_name("react-router-config")).unwrap();
    let broken = scanned.routes.iter().find(|r| r.pattern == "/broken").expect("listed");
    assert_eq!((broken.methods.as_slice(), broken.confidence), (&["*".to_owned()][..], scan::Confidence::Heuristic));
    let noted: Vec<String> = scanned.notes.iter().map(|n| n.file.display().to_string()).collect();
    assert_eq!(noted, ["app/routes/broken.tsx"]);
}

#[test]
fn a_file_no_router_understands_is_a_note_and_the_scan_goes_on() {
    let dir = root().join("fixtures/scan/flat-routes");
    let scanned = scan::scan_tree(&dir, framework::by_name("flat-routes")).unwrap();
    let noted: Vec<String> = scanned.notes.iter().map(|n| n.file.display().to_string()).collect();
    assert_eq!(noted, ["app/routes/broken[.tsx"]);
    assert!(!scanned.routes.is_empty());
}

/// `parity scan` of the V1 and V3 trees of `fixtures/scan-against` with its matrix.
fn scan_against(format: &str) -> crate::support::Run {
    let base = "fixtures/scan-against";
    crate::support::parity(
        &root(),
        &[
            "scan",
            "--matrix",
            &format!("{base}/matrix"),
            "--v1",
            &format!("{base}/v1"),
            "--v3",
            &format!("{base}/v3"),
            "--format",
            format,
        ],
    )
}

#[test]
fn against_the_matrix_every_kind_of_gap_is_a_finding() {
    let run = scan_against("json");
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let codes: Vec<&str> = report["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    for code in [
        "route-unmapped",
        "target-not-in-code",
        "endpoint-not-in-code",
        "route-shadowed",
        "route-catch-all",
        "prefix-unresolved",
    ] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
    assert_eq!(report["coverage"], serde_json::json!({"v1_routes": 6, "mapped": 4, "catch_all": 0, "unresolved": 1}));
    insta::assert_snapshot!("scan_against_table", scan_against("table").stdout);
    insta::assert_snapshot!("scan_against_markdown", scan_against("markdown").stdout);
    insta::assert_snapshot!("scan_against_github", scan_against("github").stdout);
}

#[test]
fn fail_on_decides_the_exit_and_listing_alone_exits_clean() {
    let base = "fixtures/scan-against";
    let only_v3 = ["scan", "--matrix", &format!("{base}/matrix"), "--v3", &format!("{base}/v3")];
    assert_eq!(crate::support::parity(&root(), &only_v3).code, 1);
    let listing = crate::support::parity(&root(), &["scan", "fixtures/scan/sveltekit", "--framework", "sveltekit"]);
    assert_eq!(listing.code, 0, "{}", listing.stderr);
    assert!(listing.stdout.contains("GET,POST  /api/items"), "{}", listing.stdout);
    let unknown = crate::support::parity(&root(), &["scan", ".", "--framework", "rails-ish"]);
    assert_eq!(unknown.code, 2);
    let missing = crate::support::parity(&root(), &["scan", "no/such/dir"]);
    assert_eq!(missing.code, 2);
    assert!(missing.stderr.contains("no/such/dir"), "{}", missing.stderr);
}

#[test]
fn init_scaffolds_a_matrix_that_validates_as_it_is_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let v1 = root().join("fixtures/scan-against/v1");
    let v3 = root().join("fixtures/scan-against/v3");
    let (v1, v3) = (v1.to_str().unwrap(), v3.to_str().unwrap());
    let init = crate::support::parity(dir.path(), &["init", "--v1", v1, "--v3", v3]);
    assert_eq!(init.code, 0, "{}", init.stderr);
    let surfaces = std::fs::read_to_string(dir.path().join("parity/10-surfaces.yaml")).unwrap();
    assert!(surfaces.contains("- id: users-id\n"), "{surfaces}");
    assert!(surfaces.contains("#   - route: \"/v3/users/{id}\""), "the V3 page is suggested:\n{surfaces}");
    let validate = crate::support::parity(dir.path(), &["validate"]);
    assert_eq!(validate.code, 0, "{}{}", validate.stdout, validate.stderr);
    // Six pages, and the page of `POST /legacy/export`, which no GET answers.
    assert!(validate.stdout.contains("checked 7 surfaces"), "{}", validate.stdout);
    let again = crate::support::parity(dir.path(), &["init", "--v1", v1]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("pass --force"), "{}", again.stderr);
    assert_eq!(crate::support::parity(dir.path(), &["init", "--v1", v1, "--force"]).code, 0);
}

#[test]
fn a_baseline_of_an_earlier_scan_keeps_known_gaps_from_failing_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let baseline = dir.path().join("scan.json");
    std::fs::write(&baseline, scan_against("json").stdout).unwrap();
    let base = "fixtures/scan-against";
    let (matrix, v1, v3) = (format!("{base}/matrix"), format!("{base}/v1"), format!("{base}/v3"));
    let args = ["scan", "--matrix", &matrix, "--v1", &v1, "--v3", &v3, "--baseline", baseline.to_str().unwrap()];
    let run = crate::support::parity(&root(), &args);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

#[test]
fn a_tree_without_a_manifest_says_how_to_name_the_framework() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("app.js"), "const app = require('express')();\napp.get('/x', h);\n").unwrap();
    let auto = crate::support::parity(dir.path(), &["scan", "."]);
    assert_eq!(auto.code, 0, "{}", auto.stderr);
    assert!(auto.stdout.contains("hint: no framework was detected"), "{}", auto.stdout);
    let named = crate::support::parity(dir.path(), &["scan", ".", "--framework", "express"]);
    assert!(named.stdout.contains("GET  /x  express  heuristic  app.js:2"), "{}", named.stdout);
    assert!(!named.stdout.contains("hint:"), "{}", named.stdout);
}

#[test]
fn a_live_waiver_sets_a_scan_finding_aside() {
    let matrix = tempfile::tempdir().unwrap();
    for file in ["00-document.yaml", "10-surfaces.yaml"] {
        std::fs::copy(root().join("fixtures/scan-against/matrix").join(file), matrix.path().join(file)).unwrap();
    }
    let waiver = "waivers:\n  - code: target-not-in-code\n    surface: settings\n    \
                  reason: the settings page ships from another repository\n    expires: 2099-01-01\n";
    std::fs::write(matrix.path().join("90-waivers.yaml"), waiver).unwrap();
    let base = root().join("fixtures/scan-against");
    let (v1, v3) = (base.join("v1"), base.join("v3"));
    let args = ["scan", "--matrix", matrix.path().to_str().unwrap(), "--v1", v1.to_str().unwrap()];
    let run =
        crate::support::parity(&root(), &[&args[..], &["--v3", v3.to_str().unwrap(), "--format", "json"]].concat());
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["summary"]["waived"], 1, "{}", run.stdout);
    let mut codes: Vec<(&str, &str)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["code"].as_str().unwrap(), f["surface"].as_str().unwrap_or_default()))
        .collect();
    // Exactly the waived finding is gone; the rest are those of the unwaived fixture. Findings are ordered by
    // file path, and the matrix (a temporary directory) sorts before or after the fixtures depending on where
    // the checkout lives, so compare them as a set.
    codes.sort_unstable();
    let mut expected = [
        ("endpoint-not-in-code", "user-detail"),
        ("route-catch-all", "docs"),
        ("route-shadowed", "nodes"),
        ("prefix-unresolved", ""),
        ("route-unmapped", ""),
        ("route-shadowed", ""),
    ];
    expected.sort_unstable();
    assert_eq!(codes, expected);
    // validate does not call a waiver of a scan code unmatched: only scan sees those findings.
    let validate = crate::support::parity(&root(), &["validate", matrix.path().to_str().unwrap()]);
    assert!(!validate.stdout.contains("waiver-unmatched"), "{}", validate.stdout);
}

#[test]
fn special_and_oversized_files_are_notes_not_hangs() {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("openapi.json")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("package.json")).unwrap();
    // Sparse: 17 MiB long, no disk used, never read.
    let huge = std::fs::File::create(dir.path().join("swagger.yaml")).unwrap();
    huge.set_len(17 * 1024 * 1024).unwrap();
    let scanned = scan::scan_tree(dir.path(), None).unwrap();
    let notes = note_lines(&scanned);
    assert_eq!(notes, ["openapi.json: not read: not a regular file", "swagger.yaml: not read: larger than 16 MiB"]);
    assert!(scanned.routes.is_empty());
}

#[test]
fn pages_under_a_directory_named_in_non_utf8_bytes_are_listed_and_noted() {
    use std::os::unix::ffi::OsStrExt as _;
    let dir = tree(&[
        ("package.json", r#"{"dependencies": {"next": "15", "express": "^5.1.0"}}"#),
        ("app/ok/page.tsx", "export default function Ok() {}\n"),
    ]);
    // `caf\xff` (Latin-1 written by an old tool) and a code file in `r\xfe/`.
    let cafe = dir.path().join("app").join(std::ffi::OsStr::from_bytes(b"caf\xff"));
    std::fs::create_dir_all(&cafe).unwrap();
    std::fs::write(cafe.join("page.tsx"), "export default function Cafe() {}\n").unwrap();
    let server = dir.path().join(std::ffi::OsStr::from_bytes(b"r\xfe"));
    std::fs::create_dir_all(&server).unwrap();
    std::fs::write(server.join("app.js"), "const app = require('express')();\napp.get('/x', h);\n").unwrap();

    let mut routes = listed(dir.path());
    routes.sort();
    assert_eq!(
        routes,
        [
            "GET /caf\u{FFFD} app/caf\u{FFFD}/page.tsx:1 exact",
            "GET /ok app/ok/page.tsx:1 exact",
            "GET /x r\u{FFFD}/app.js:2 heuristic"
        ]
    );
    let scanned = scan::scan_tree(dir.path(), None).unwrap();
    let notes: Vec<String> = scanned.notes.iter().map(|n| n.file.to_string_lossy().into_owned()).collect();
    assert_eq!(notes, ["app/caf\u{FFFD}/page.tsx", "r\u{FFFD}/app.js"]);
    assert!(scanned.notes.iter().all(|n| n.message.starts_with("the path is not UTF-8")), "{:?}", scanned.notes);

    // JSON is UTF-8: the report is written whole, the paths with U+FFFD.
    let run = crate::support::parity(dir.path(), &["scan", ".", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let files: Vec<&str> =
        report["trees"][0]["notes"].as_array().unwrap().iter().map(|n| n["file"].as_str().unwrap()).collect();
    assert_eq!(files, ["app/caf\u{FFFD}/page.tsx", "r\u{FFFD}/app.js"]);
    let table = crate::support::parity(dir.path(), &["scan", "."]);
    assert!(table.stdout.contains("note: app/caf\u{FFFD}/page.tsx: the path is not UTF-8"), "{}", table.stdout);
}

/// Writes `files` (path, text) under a new temporary directory.
fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// Each note of a scan as `file: message`.
fn note_lines(scanned: &scan::TreeScan) -> Vec<String> {
    scanned.notes.iter().map(|n| format!("{}: {}", n.file.display(), n.message)).collect()
}

fn listed(dir: &Path) -> Vec<String> {
    scan::scan_tree(dir, None).unwrap().routes.iter().map(expected_line).collect()
}

#[test]
fn routes_under_different_prefixes_or_projects_are_never_merged() {
    let app = "const express = require('express');\nconst app = express();\nconst a = express.Router();\n\
               const b = express.Router();\na.get('/list', h);\nb.get('/list', h);\napp.get('/list', h);\n\
               app.use(config.a, a);\napp.use(config.b, b);\n";
    let package = r#"{"dependencies": {"express": "^5.1.0"}}"#;
    let dir =
        tree(&[("api/package.json", package), ("api/app.js", app), ("web/package.json", package), ("web/app.js", app)]);
    let mut expected = Vec::new();
    for project in ["api", "web"] {
        expected.push(format!("GET /list {project}/app.js:5 unresolved prefix-unresolved=config.a"));
        expected.push(format!("GET /list {project}/app.js:6 unresolved prefix-unresolved=config.b"));
        expected.push(format!("GET /list {project}/app.js:7 heuristic"));
    }
    let mut listed = listed(dir.path());
    listed.sort();
    expected.sort();
    assert_eq!(listed, expected);
}

/// The projects of a scan with their frameworks (`openapi` left out: every project has it) and the
/// workspace root they were read with.
fn projects(dir: &Path) -> Vec<String> {
    let scanned = scan::scan_tree(dir, None).unwrap();
    let show = |path: &Path| if path.as_os_str().is_empty() { ".".to_owned() } else { path.display().to_string() };
    scanned
        .projects
        .iter()
        .map(|p| {
            let frameworks: Vec<&str> = p.frameworks.iter().copied().filter(|f| *f != "openapi").collect();
            let from = p.workspace.as_deref().map(|w| format!(" from {}", show(w))).unwrap_or_default();
            format!("{}: {}{from}", show(&p.dir), frameworks.join(","))
        })
        .collect()
}

#[test]
fn a_workspace_member_is_read_with_the_dependencies_hoisted_to_its_root() {
    let page = "export default function Page() {}\n";
    let npm = tree(&[
        ("package.json", r#"{"private": true, "workspaces": ["apps/*"], "devDependencies": {"next": "15"}}"#),
        // A member naming no framework: the root's `next` reads it.
        ("apps/web/package.json", r#"{"name": "web"}"#),
        ("apps/web/app/about/page.tsx", page),
        // A member naming its own: only its own, though `next` would read this page.
        ("apps/api/package.json", r#"{"dependencies": {"express": "^5.1.0"}}"#),
        ("apps/api/app.js", "const app = require('express')();\napp.get('/health', h);\n"),
        ("apps/api/app/not-next/page.tsx", page),
        // Not declared (`apps/*` is one folder deep; `tools/` is not listed): nothing inherited.
        ("apps/web/e2e/package.json", "{}"),
        ("apps/web/e2e/app/fixture/page.tsx", page),
        ("tools/docs/package.json", "{}"),
        ("tools/docs/app/guide/page.tsx", page),
    ]);
    let mut routes = listed(npm.path());
    routes.sort();
    assert_eq!(routes, ["GET /about apps/web/app/about/page.tsx:1 exact", "GET /health apps/api/app.js:2 heuristic"]);
    assert_eq!(
        projects(npm.path()),
        [
            ".: nextjs-app,nextjs-pages",
            "apps/api: express",
            "apps/web: nextjs-app,nextjs-pages from .",
            "tools/docs: ",
            "apps/web/e2e: "
        ]
    );
    let table = crate::support::parity(npm.path(), &["scan", "."]);
    assert!(
        table.stdout.contains("project apps/web: nextjs-app, nextjs-pages, openapi (dependencies of workspace root .)"),
        "{}",
        table.stdout
    );

    // Scanning a member on its own, as `--v1 apps/web` does: the root above it still serves it.
    let alone = crate::support::parity(&npm.path().join("apps/web"), &["scan", "."]);
    assert!(alone.stdout.contains("GET  /about  nextjs-app  exact  app/about/page.tsx:1"), "{}", alone.stdout);
    assert!(alone.stdout.contains("(dependencies of workspace root ../..)"), "{}", alone.stdout);
    // A directory the root does not declare gets nothing from it, from inside or out.
    let undeclared = crate::support::parity(&npm.path().join("tools/docs"), &["scan", "."]);
    assert!(!undeclared.stdout.contains("/guide"), "{}", undeclared.stdout);

    let pnpm = tree(&[
        ("package.json", r#"{"devDependencies": {"@sveltejs/kit": "^2"}}"#),
        ("pnpm-workspace.yaml", "packages:\n  - 'packages/*'\n  - '!packages/legacy'\n"),
        ("packages/site/package.json", "{}"),
        ("packages/site/src/routes/+page.svelte", "<h1>home</h1>\n"),
        ("packages/legacy/package.json", "{}"),
        ("packages/legacy/src/routes/old/+page.svelte", "<h1>old</h1>\n"),
    ]);
    assert_eq!(listed(pnpm.path()), ["GET / packages/site/src/routes/+page.svelte:1 exact"]);

    // Cargo needs nothing of the kind: `axum = { workspace = true }` names the crate in the member.
    let cargo = tree(&[
        ("Cargo.toml", "[workspace]\nmembers = [\"crates/*\"]\n[workspace.dependencies]\naxum = \"0.8\"\n"),
        ("crates/api/Cargo.toml", "[package]\nname = \"api\"\n[dependencies]\naxum = { workspace = true }\n"),
        ("crates/api/src/main.rs", "fn app() -> Router {\n    Router::new().route(\"/health\", get(health))\n}\n"),
    ]);
    assert_eq!(listed(cargo.path()), ["GET /health crates/api/src/main.rs:2 heuristic"]);
}

#[test]
fn a_manifest_confirms_a_route_and_the_files_say_which_methods_answer_it() {
    let dir = tree(&[
        ("package.json", r#"{"dependencies": {"next": "15"}}"#),
        ("app/api/users/route.ts", "export async function GET() {}\n"),
        ("app/about/page.tsx", "export default function About() {}\n"),
        (
            ".next/app-path-routes-manifest.json",
            r#"{"/api/users/route": "/api/users", "/about/page": "/about", "/blog/page": "/blog"}"#,
        ),
    ]);
    assert_eq!(
        listed(dir.path()),
        [
            "GET /about .next/app-path-routes-manifest.json:1 exact",
            "GET /api/users .next/app-path-routes-manifest.json:1 exact",
            // Only the manifest knows /blog (its page was not scanned): listed as the manifest says.
            "GET /blog .next/app-path-routes-manifest.json:1 exact",
        ]
    );
}

#[test]
fn head_is_answered_wherever_get_is() {
    let code = tree(&[
        ("package.json", r#"{"dependencies": {"express": "^5.1.0"}}"#),
        ("app.js", "const app = require('express')();\napp.get('/api/items', h);\napp.get('/items', h);\n"),
    ]);
    let matrix = tree(&[(
        "matrix.yaml",
        "surfaces:\n  - id: items\n    v1: [/items]\n    v3:\n      - route: /items\n    status: partial\n    actions:\n\
         \x20     - {verb: check, intent: maintenance, landing: {pattern: resource-operations-panel, v3: HEAD /api/items}}\n\
         \x20     - {verb: delete, intent: destructive, landing: {pattern: resource-operations-panel, v3: DELETE /api/items}}\n",
    )]);
    let run = crate::support::parity(
        &root(),
        &[
            "scan",
            "--matrix",
            matrix.path().to_str().unwrap(),
            "--v3",
            code.path().to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    let report: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.transcript()));
    let missing = finding_fields(&report, "endpoint-not-in-code", "message");
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert!(missing[0].contains("DELETE /api/items"), "{missing:?}");
}

#[test]
fn init_with_no_v1_route_writes_nothing_and_says_why() {
    let empty = tree(&[("README.md", "nothing here\n")]);
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("parity");
    let run = crate::support::parity(
        out.path(),
        &["init", "--v1", empty.path().to_str().unwrap(), "--out", target.to_str().unwrap()],
    );
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(run.stderr.contains("no V1 route was found"), "{}", run.stderr);
    assert!(!target.exists() && !out.path().join("parity.toml").exists(), "nothing is written");
}

/// One field of each finding of `code` in a JSON scan report.
fn finding_fields<'a>(report: &'a serde_json::Value, code: &str, field: &str) -> Vec<&'a str> {
    let findings = report["findings"].as_array().unwrap().iter();
    findings.filter(|f| f["code"] == code).map(|f| f[field].as_str().unwrap()).collect()
}

/// `parity scan` of a tree of `fixtures/scan-silent`, as a transcript.
fn scan_silent(tree: &str, format: &str) -> crate::support::Run {
    crate::support::parity(&root(), &["scan", &format!("fixtures/scan-silent/{tree}"), "--format", format])
}

#[test]
fn a_detected_framework_that_yields_no_route_is_a_warning() {
    let run = scan_silent("framework-no-routes", "json");
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let subjects = finding_fields(&report, "framework-no-routes", "subject");
    // Next.js's two routers share the `next` dependency: one finding, not one per router.
    assert_eq!(subjects, ["nextjs-app .", "react-router .", "react-router-config ."]);
    let table = scan_silent("framework-no-routes", "table");
    assert_eq!(table.code, 0, "a warning fails only with --fail-on warning");
    insta::assert_snapshot!("scan_framework_no_routes", table.transcript());
    let strict = crate::support::parity(
        &root(),
        &["scan", "fixtures/scan-silent/framework-no-routes", "--fail-on", "warning", "--format", "json"],
    );
    assert_eq!(strict.code, 1);
}

#[test]
fn a_tree_without_manifest_is_read_by_its_content() {
    let run = scan_silent("no-manifest", "table");
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!("scan_no_manifest", run.transcript());
}

#[test]
fn a_root_without_manifest_guesses_only_from_its_own_files() {
    // `api/` is a project of its own (its requirements name Flask): its
    // `Flask(` says nothing about the root, which holds only a script.
    let dir = tree(&[
        ("api/requirements.txt", "flask==3.1\n"),
        (
            "api/app.py",
            "from flask import Flask\n\napp = Flask(__name__, static_folder=None)\n\n@app.get(\"/x\")\ndef x():\n    pass\n",
        ),
        ("tools/notes.txt", "nothing to serve\n"),
    ]);
    let run = crate::support::parity(dir.path(), &["scan", ".", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let tree = &report["trees"][0];
    let projects: Vec<(String, String)> = tree["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["dir"].as_str().unwrap().to_owned(), p["frameworks"].to_string()))
        .collect();
    let expected =
        [("", r#"["openapi"]"#), ("api", r#"["openapi","flask"]"#)].map(|(d, f)| (d.to_owned(), f.to_owned()));
    assert_eq!(projects, expected, "{}", run.stdout);
    assert_eq!(tree["routes"][0]["pattern"], "/x", "{}", run.stdout);
    assert!(!run.stdout.contains("no manifest in the scanned root"), "{}", run.stdout);
}

/// A code reader opens the files it needs: one of them that cannot be read
/// is a note; one it never needed is not even opened, so it says nothing.
#[test]
fn a_file_a_reader_needs_and_cannot_read_is_a_note_and_one_it_never_needs_is_silent() {
    let dir = tree(&[
        ("composer.json", r#"{"require": {"laravel/framework": "^11.0"}}"#),
        ("routes/web.php", "<?php\nRoute::get('/home', fn () => 'home');\n"),
    ]);
    std::fs::write(dir.path().join("routes/api.php"), b"<?php\nRoute::get('/caf\xe9', fn () => 1);\n").unwrap();
    std::fs::create_dir_all(dir.path().join("app/Models")).unwrap();
    std::fs::write(dir.path().join("app/Models/Legacy.php"), b"<?php // caf\xe9\nclass Legacy {}\n").unwrap();
    let scanned = scan::scan_tree(dir.path(), None).unwrap();
    let patterns: Vec<&str> = scanned.routes.iter().map(|r| r.pattern.as_str()).collect();
    assert_eq!(patterns, ["/home"]);
    let notes = note_lines(&scanned);
    assert_eq!(notes, ["routes/api.php: not read: not UTF-8 text"]);
}

/// A route module that cannot be read is a note, as it was when such files
/// were left out before any reader ran: not an empty module that a path
/// alone would list as a `GET` route.
#[test]
fn a_route_module_that_cannot_be_read_is_a_note_not_a_route() {
    let dir = tree(&[
        (
            "package.json",
            r#"{"devDependencies": {"@react-router/dev": "^7.1.0", "@react-router/fs-routes": "^7.1.0"}}"#,
        ),
        ("app/routes.ts", "import { flatRoutes } from \"@react-router/fs-routes\";\nexport default flatRoutes();\n"),
        ("app/root.tsx", "export default function Root() {}\n"),
        ("app/routes/about.tsx", "export default function About() {}\n"),
    ]);
    std::fs::write(dir.path().join("app/routes/caf\u{e9}.tsx"), b"export const title = 'caf\xe9';\n").unwrap();
    let scanned = scan::scan_tree(dir.path(), None).unwrap();
    let patterns: Vec<&str> = scanned.routes.iter().map(|r| r.pattern.as_str()).collect();
    assert_eq!(patterns, ["/about"]);
    let notes = note_lines(&scanned);
    assert_eq!(notes, ["app/routes/caf\u{e9}.tsx: not read: not UTF-8 text"]);
}

#[test]
fn a_minified_bundle_is_a_note_not_read_for_routes() {
    // A committed build (Laravel Mix's public/js/app.js): one line of 20 KB
    // holding the same router as its source, and more.
    let bundle = format!(
        "!function(){{var r=new VueRouter({{routes:[{{path:\"/from-the-bundle\",component:a}}]}});{}}}();",
        "var x=1;".repeat(2600)
    );
    let router = "import { createRouter } from 'vue-router';\nexport default createRouter({ routes: [{ path: '/settings', component: S }] });\n";
    let dir = tree(&[
        ("package.json", r#"{"dependencies": {"vue": "3", "vue-router": "4"}}"#),
        ("src/router.js", router),
        ("public/js/app.js", &bundle),
        ("public/js/vendor.js", &bundle),
    ]);
    let run = crate::support::parity(dir.path(), &["scan", ".", "--framework", "vue-router", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let patterns: Vec<&str> =
        report["trees"][0]["routes"].as_array().unwrap().iter().map(|r| r["pattern"].as_str().unwrap()).collect();
    assert_eq!(patterns, ["/settings"], "{}", run.stdout);
    let notes = report["trees"][0]["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 1, "one note for the project's bundles: {}", run.stdout);
    assert_eq!(notes[0]["file"], "public/js/app.js");
    let message = notes[0]["message"].as_str().unwrap();
    assert!(message.contains("minified") && message.contains("and 1 more"), "{message}");
}

#[test]
fn init_offers_a_v3_redirect_with_where_it_resolves_to() {
    let v1 = tree(&[
        ("package.json", r#"{"dependencies": {"next": "15"}}"#),
        ("app/help/guides/[slug]/page.tsx", "export default function Guide() {}\n"),
    ]);
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("parity");
    let v3 = root().join("fixtures/scan/nextjs-app--next-config");
    let run = crate::support::parity(
        out.path(),
        &["init", "--v1", v1.path().to_str().unwrap(), "--v3", v3.to_str().unwrap(), "--out", target.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let surfaces = std::fs::read_to_string(target.join("10-surfaces.yaml")).unwrap();
    // next.config.mjs: { source: "/guides/:slug", destination: "/docs/:slug", permanent: true } under basePath /help.
    let offered = "    #   - route: \"/help/guides/{slug}\"  # 1.00\n    #     resolves_to: \"/help/docs/{slug}\"\n";
    assert!(surfaces.contains(offered), "{surfaces}");
}

#[test]
fn init_keeps_unresolved_routes_scaffolds_actions_and_validates_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let (v1, v3) = (root().join("fixtures/init/v1"), root().join("fixtures/init/v3"));
    let init =
        crate::support::parity(dir.path(), &["init", "--v1", v1.to_str().unwrap(), "--v3", v3.to_str().unwrap()]);
    assert_eq!(init.code, 0, "{}", init.transcript());
    assert!(init.stdout.contains("wrote 4 surfaces with 5 actions"), "{}", init.stdout);
    let surfaces = std::fs::read_to_string(dir.path().join("parity/10-surfaces.yaml")).unwrap();
    insta::assert_snapshot!("init_fastapi_surfaces", surfaces);
    let validate = crate::support::parity(dir.path(), &["validate"]);
    assert_eq!(validate.code, 0, "{}", validate.transcript());
    assert!(validate.stdout.contains("0 errors, 0 warnings"), "{}", validate.stdout);
}

#[test]
fn init_on_a_detected_framework_without_routes_never_blames_detection() {
    let app =
        tree(&[("package.json", "{\"dependencies\": {\"express\": \"^4.19.0\"}}\n"), ("index.js", "console.log(1)\n")]);
    let out = tempfile::tempdir().unwrap();
    let run = crate::support::parity(out.path(), &["init", "--v1", app.path().to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(run.stderr.contains("hint: detected") && run.stderr.contains("express in `.`"), "{}", run.stderr);
    assert!(!run.stderr.contains("no framework was detected"), "{}", run.stderr);
}

#[test]
fn csharp_branches_the_default_build_leaves_out_are_noted_with_their_routes() {
    let dir = root().join("fixtures/scan/aspnetcore--conditional-compilation");
    let scanned = scan::scan_tree(&dir, framework::by_name("aspnetcore")).unwrap();
    let mut notes = note_lines(&scanned);
    notes.sort();
    let tail = "in the default Debug build); a build that compiles that branch serves";
    assert_eq!(
        notes,
        [
            format!(
                "Endpoints/Accounts.cs: read in part (aspnetcore): 2 routes in `#if (UseApiOnly)` (lines 2-11) \
                 not listed: not compiled (`UseApiOnly` not defined, {tail} them"
            ),
            format!(
                "Endpoints/Legacy.cs: read in part (aspnetcore): 1 route in `#if DEBUG` (lines 13-13) not listed: \
                 not compiled (`DEBUG` not defined, {tail} it"
            ),
            format!(
                "Program.cs: read in part (aspnetcore): 1 route in `#else` (lines 14-14) not listed: not compiled \
                 (an earlier branch of the `#if` on line 7 is compiled, {tail} it"
            ),
            format!(
                "Program.cs: read in part (aspnetcore): 1 route in `#if SHIPPING || (TRACE == false)` (lines 20-20) \
                 not listed: not compiled (`TRACE` defined, `SHIPPING` not defined, {tail} it"
            ),
            format!(
                "Program.cs: read in part (aspnetcore): 11 routes in `#if (UseApiOnly)` (lines 8-10) not listed: \
                 not compiled (`UseApiOnly` not defined, {tail} them"
            ),
        ]
    );
}
