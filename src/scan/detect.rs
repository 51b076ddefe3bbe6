//! `--framework auto`: which frameworks a project uses, read from its
//! manifests (`package.json` dependencies, `go.mod`, `Gemfile`,
//! `Cargo.toml`, `requirements.txt`, `pyproject.toml`) and marker files.
//! A manifest that cannot be read or parsed simply matches nothing.
//!
//! A member of a JavaScript workspace that names no framework in its own
//! `package.json` is read with the dependencies of its workspace root too
//! (see [`super::workspace`]): monorepos hoist them there.

use std::path::{Path, PathBuf};

use super::framework::{Framework, Marker};
use super::workspace::{self, Workspace};

/// The frameworks of one project, and where they were read.
#[derive(Debug)]
pub struct Detection {
    pub frameworks: Vec<&'static Framework>,
    /// The workspace root (relative to the scanned root) whose `package.json`
    /// dependencies were read for the project, when they detected any.
    pub workspace: Option<PathBuf>,
}

/// The frameworks of the project in `dir` (relative to `root`), given the
/// workspaces declared in the tree.
///
/// The workspace root's npm dependencies count only for a declared member
/// whose own `package.json` names no framework: a member that names one has
/// said what it uses, and reading the root's too would, say, read an API
/// package as a Next.js app because the root hoists `next` for the web app.
#[must_use]
pub fn detect(root: &Path, dir: &Path, workspaces: &[Workspace], frameworks: &[&'static Framework]) -> Detection {
    let project = root.join(dir);
    let manifests = Manifests::read(&project);
    let own = |framework: &Framework| framework.markers.iter().any(|marker| manifests.has(&project, *marker));
    let names_npm_framework = frameworks.iter().any(|framework| {
        framework.markers.iter().any(|marker| matches!(marker, Marker::Npm(_)) && manifests.has(&project, *marker))
    });
    let workspace = if names_npm_framework || manifests.package_json.is_none() {
        None
    } else {
        workspace::containing(workspaces, dir)
    };
    let hoisted = |framework: &Framework| {
        workspace.is_some_and(|w| {
            framework
                .markers
                .iter()
                .any(|marker| matches!(marker, Marker::Npm(name) if npm_dependency(&w.package_json, name)))
        })
    };
    let found: Vec<&'static Framework> = frameworks.iter().copied().filter(|f| own(f) || hoisted(f)).collect();
    let inherited = found.iter().any(|f| !own(f));
    Detection { frameworks: found, workspace: workspace.filter(|_| inherited).map(|w| w.dir.clone()) }
}

/// The manifests of one directory, read once.
#[derive(Default)]
struct Manifests {
    package_json: Option<serde_json::Value>,
    go_mod: Option<String>,
    gemfile: Option<String>,
    cargo_toml: Option<toml::Table>,
    python: String,
    /// `pom.xml`, `build.gradle` and `build.gradle.kts`, one after the other.
    jvm: String,
    /// Every `*.csproj` of the directory, one after the other.
    csproj: String,
    composer_json: Option<serde_json::Value>,
}

impl Manifests {
    fn read(dir: &Path) -> Self {
        let text = |name: &str| super::walk::read_text(&dir.join(name)).ok();
        let python = ["requirements.txt", "pyproject.toml"].iter().filter_map(|name| text(name)).collect();
        let jvm = ["pom.xml", "build.gradle", "build.gradle.kts"].iter().filter_map(|name| text(name)).collect();
        let csproj = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|entry| entry.file_name().to_str().is_some_and(|name| name.ends_with(".csproj")))
            .filter_map(|entry| super::walk::read_text(&entry.path()).ok())
            .collect();
        Self {
            package_json: text("package.json").and_then(|t| serde_json::from_str(&t).ok()),
            go_mod: text("go.mod"),
            gemfile: text("Gemfile"),
            cargo_toml: text("Cargo.toml").and_then(|t| t.parse().ok()),
            python,
            jvm,
            csproj,
            composer_json: text("composer.json").and_then(|t| serde_json::from_str(&t).ok()),
        }
    }

    fn has(&self, dir: &Path, marker: Marker) -> bool {
        match marker {
            Marker::Npm(name) => self.package_json.as_ref().is_some_and(|json| npm_dependency(json, name)),
            Marker::Go(module) => self.go_mod.as_ref().is_some_and(|text| {
                text.split_whitespace()
                    .any(|word| word == module || word.strip_prefix(module).is_some_and(|r| r.starts_with('/')))
            }),
            Marker::Gem(name) => self.gemfile.as_ref().is_some_and(|text| {
                text.lines().any(|line| {
                    let line = line.trim_start();
                    line.strip_prefix("gem").is_some_and(|rest| {
                        let rest = rest.trim_start();
                        rest.strip_prefix(['"', '\''])
                            .is_some_and(|r| r.strip_prefix(name).is_some_and(|r| r.starts_with(['"', '\''])))
                    })
                })
            }),
            Marker::Crate(name) => self.cargo_toml.as_ref().is_some_and(|table| crate_dependency(table, name)),
            Marker::Python(name) => python_requirement(&self.python, name),
            Marker::File(name) => dir.join(name).is_file(),
            Marker::FileWith(name, text) => {
                super::walk::read_text(&dir.join(name)).is_ok_and(|content| content.contains(text))
            }
            Marker::Anywhere => true,
            Marker::Maven(artifact) => maven_artifact(&self.jvm, artifact),
            Marker::DotNet(name) => dotnet_reference(&self.csproj, name),
            Marker::Composer(name) => self.composer_json.as_ref().is_some_and(|json| {
                ["require", "require-dev"].iter().any(|kind| json.get(kind).and_then(|deps| deps.get(name)).is_some())
            }),
        }
    }
}

fn npm_dependency(json: &serde_json::Value, name: &str) -> bool {
    ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"]
        .iter()
        .any(|kind| json.get(kind).and_then(|deps| deps.get(name)).is_some())
}

fn crate_dependency(table: &toml::Table, name: &str) -> bool {
    let in_section = |section: Option<&toml::Value>| section.and_then(|s| s.get(name)).is_some();
    in_section(table.get("dependencies"))
        || in_section(table.get("dev-dependencies"))
        || in_section(table.get("workspace").and_then(|w| w.get("dependencies")))
}

/// An artifact named in a Maven or Gradle build (`<artifactId>spring-web</artifactId>`,
/// `"org.springframework.boot:spring-boot-starter-web"`), or a Gradle version
/// catalog accessor (`libs.spring.boot.starter.web`), as a whole name.
fn maven_artifact(text: &str, artifact: &str) -> bool {
    let accessor = artifact.replace('-', ".");
    [artifact, accessor.as_str()].iter().any(|name| {
        text.match_indices(name).any(|(at, _)| {
            let after = text[at + name.len()..].chars().next();
            let before = text[..at].chars().next_back();
            let part = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_');
            after.is_none_or(|c| !part(c) && c != '.') && before.is_none_or(|c| !part(c))
        })
    })
}

/// A `*.csproj` with `Sdk="name"`, or an `Include="…"` reference to `name`
/// or to a package under it (`Microsoft.AspNetCore.OpenApi`).
fn dotnet_reference(text: &str, name: &str) -> bool {
    fn quoted<'t>(text: &'t str, key: &'t str) -> impl Iterator<Item = &'t str> {
        text.match_indices(key).filter_map(move |(at, _)| {
            let rest = text[at + key.len()..].trim_start().strip_prefix('=')?.trim_start();
            let rest = rest.strip_prefix('"')?;
            rest.split('"').next()
        })
    }
    quoted(text, "Sdk").any(|sdk| sdk == name)
        || quoted(text, "Include").any(|include| {
            let under = include.strip_prefix(name).is_some_and(|rest| rest.starts_with('.'));
            (include == name || under) && !include.ends_with(".Testing")
        })
}

/// A requirement line (`fastapi>=0.110`, `"fastapi[all]"`, `fastapi = "^0.1"`)
/// naming the package, case-insensitively.
fn python_requirement(text: &str, name: &str) -> bool {
    let text = text.to_ascii_lowercase();
    let name = name.to_ascii_lowercase();
    text.match_indices(&name).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + name.len()..].chars().next();
        let is_name = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
        before.is_none_or(|c| !is_name(c)) && after.is_none_or(|c| !is_name(c))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_kind_of_manifest() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
        write("package.json", r#"{"devDependencies": {"@sveltejs/kit": "^2"}}"#);
        write("go.mod", "module x\n\nrequire (\n\tgithub.com/go-chi/chi/v5 v5.0.12\n)\n");
        write("Gemfile", "source 'x'\ngem 'rails', '~> 7.1'\n");
        write("Cargo.toml", "[package]\nname = \"x\"\n[dependencies]\naxum = \"0.8\"\n");
        write("requirements.txt", "fastapi-users==1\nFastAPI>=0.110\n");
        write("composer.json", r#"{"require": {"php": "^8.2", "laravel/framework": "^11.0"}}"#);
        let manifests = Manifests::read(dir.path());
        let has = |marker| manifests.has(dir.path(), marker);
        assert!(has(Marker::Npm("@sveltejs/kit")) && !has(Marker::Npm("next")));
        assert!(has(Marker::Go("github.com/go-chi/chi")) && !has(Marker::Go("github.com/gin-gonic/gin")));
        assert!(has(Marker::Gem("rails")) && !has(Marker::Gem("rail")));
        assert!(has(Marker::Crate("axum")) && !has(Marker::Crate("actix-web")));
        assert!(has(Marker::Python("fastapi")) && !has(Marker::Python("flask")));
        assert!(has(Marker::Composer("laravel/framework")) && !has(Marker::Composer("laravel")));
        assert!(!python_requirement("fastapi-users==1", "fastapi"), "a longer name is another package");
    }

    #[test]
    fn reads_maven_gradle_and_csproj_manifests() {
        let pom = "<dependency><artifactId>spring-webmvc</artifactId></dependency>";
        assert!(maven_artifact(pom, "spring-webmvc") && !maven_artifact(pom, "spring-web"));
        let gradle = "implementation(\"org.springframework.boot:spring-boot-starter-webflux:3.2\")\nimplementation libs.spring.web";
        assert!(
            maven_artifact(gradle, "spring-boot-starter-webflux") && !maven_artifact(gradle, "spring-boot-starter-web")
        );
        assert!(maven_artifact(gradle, "spring-web"), "a version catalog accessor");
        let web = r#"<Project Sdk="Microsoft.NET.Sdk.Web">"#;
        assert!(dotnet_reference(web, "Microsoft.NET.Sdk.Web") && !dotnet_reference(web, "Microsoft.NET.Sdk"));
        let library = r#"<Project Sdk="Microsoft.NET.Sdk"><FrameworkReference Include = "Microsoft.AspNetCore.App" />"#;
        assert!(dotnet_reference(library, "Microsoft.AspNetCore"));
        assert!(!dotnet_reference(
            r#"<PackageReference Include="Microsoft.AspNetCore.Mvc.Testing" />"#,
            "Microsoft.AspNetCore.Mvc"
        ));
        assert!(!dotnet_reference(r#"<PackageReference Include="Microsoft.AspNetCoreX" />"#, "Microsoft.AspNetCore"));
    }
}
