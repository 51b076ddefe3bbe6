//! OpenAPI 3 (and Swagger 2) documents, YAML or JSON: every operation under
//! `paths`, behind the path of `servers[0].url` (server variables take their
//! defaults) or Swagger's `basePath`. A server path that still holds a
//! variable without a default cannot be resolved: its routes are listed as
//! `prefix-unresolved` with the URL, not guessed.
//!
//! Files are recognised by name, so a stray `*.json` is never mistaken for
//! an API: `openapi.yaml`, `swagger.json`, `api.openapi.yml`, `orders-openapi.json`.
//! A few names real apps give their document without saying OpenAPI
//! (`spec.json`, `api.yaml`, `api-docs.json`) are read too, but only as a
//! document when they are one: such a file that does not parse, or has no
//! `openapi` or `swagger` key, is some other file and yields nothing.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde::de::IgnoredAny;

use super::{canonical_path, key_line};
use crate::scan::framework::{ExtractError, Extractor, Framework, Marker, PerFile, Reading};
use crate::scan::{Confidence, DiscoveredRoute, RouteSource};

pub const OPENAPI: Framework = Framework {
    name: "openapi",
    about: "OpenAPI 3 / Swagger 2 documents (openapi.yaml, swagger.json, *.openapi.json)",
    markers: &[Marker::Anywhere],
    extractor: Extractor::PerFile(PerFile {
        wants: |name, _| is_document_name(name) || may_be_document(name),
        reads: |relative| {
            let name = relative.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            if is_document_name(name) || may_be_document(name) { Reading::Text } else { Reading::Skip }
        },
        preferred: &[],
        preferred_modules: &[],
        generated: &[],
        extract,
    }),
};

const OPERATIONS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

fn is_document_name(name: &str) -> bool {
    let Some((stem, ext)) = name.rsplit_once('.') else { return false };
    matches!(ext, "yaml" | "yml" | "json")
        && ["openapi", "swagger"]
            .iter()
            .any(|word| stem == *word || [".", "-", "_"].iter().any(|sep| stem.ends_with(&format!("{sep}{word}"))))
}

/// Names an OpenAPI document often has without saying so; read only when
/// the content is one.
fn may_be_document(name: &str) -> bool {
    let Some((stem, ext)) = name.rsplit_once('.') else { return false };
    matches!(ext, "yaml" | "yml" | "json") && matches!(stem, "spec" | "api" | "api-docs" | "api-spec")
}

#[derive(Deserialize)]
struct Document {
    openapi: Option<serde_json::Value>,
    swagger: Option<serde_json::Value>,
    #[serde(default)]
    servers: Vec<Server>,
    #[serde(rename = "basePath")]
    base_path: Option<String>,
    #[serde(default)]
    /// Only the keys matter: paths and, under each, the operations' methods.
    #[allow(clippy::zero_sized_map_values)]
    paths: BTreeMap<String, BTreeMap<String, IgnoredAny>>,
}

#[derive(Deserialize)]
struct Server {
    url: String,
    #[serde(default)]
    variables: BTreeMap<String, Variable>,
}

#[derive(Deserialize)]
struct Variable {
    default: Option<String>,
}

fn extract(_: &str, relative: &Path, text: &str) -> Result<Vec<DiscoveredRoute>, ExtractError> {
    let json = relative.extension().is_some_and(|ext| ext == "json");
    let parsed: Result<Document, String> = if json {
        serde_json::from_str(text).map_err(|e| e.to_string())
    } else {
        serde_saphyr::from_str(text).map_err(|e| e.to_string())
    };
    let named = relative.file_name().and_then(|n| n.to_str()).is_some_and(is_document_name);
    let document = match parsed {
        Ok(document) => document,
        Err(_) if !named => return Ok(Vec::new()),
        Err(message) => return Err(ExtractError::Invalid(message)),
    };
    if document.openapi.is_none() && document.swagger.is_none() && !named {
        return Ok(Vec::new());
    }
    if document.openapi.is_none() && document.swagger.is_none() {
        return Err(ExtractError::Invalid("not an OpenAPI document: no `openapi` or `swagger` key".to_owned()));
    }
    let base = match (document.servers.first(), &document.base_path) {
        (Some(server), _) => server_path(server),
        (None, Some(base)) => Ok(base.trim_end_matches('/').to_owned()),
        (None, None) => Ok(String::new()),
    };
    let mut routes = Vec::new();
    for (path, item) in &document.paths {
        let methods: Vec<String> =
            OPERATIONS.iter().filter(|op| item.contains_key(**op)).map(|op| op.to_ascii_uppercase()).collect();
        if methods.is_empty() {
            continue;
        }
        let full = match &base {
            Ok(base) => format!("{base}{path}"),
            Err(_) => path.clone(),
        };
        let (pattern, confidence) = canonical_path(&full)
            .ok_or_else(|| ExtractError::Invalid(format!("`{path}` under `paths` is not a route")))?;
        routes.push(DiscoveredRoute {
            pattern,
            methods,
            file: relative.to_path_buf(),
            line: key_line(text, path),
            framework: OPENAPI.name,
            source: RouteSource::OpenApi,
            confidence: if base.is_err() { Confidence::Unresolved } else { confidence },
            unresolved_prefix: base.as_ref().err().cloned(),
            forward: None,
        });
    }
    Ok(routes)
}

/// The path part of a server URL with its variables' defaults, or the URL
/// itself when a variable has no default.
fn server_path(server: &Server) -> Result<String, String> {
    let mut url = server.url.clone();
    for (name, variable) in &server.variables {
        if let Some(default) = &variable.default {
            url = url.replace(&format!("{{{name}}}"), default);
        }
    }
    let path = match url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("", |at| &rest[at..]),
        None => url.as_str(),
    };
    if path.contains('{') { Err(server.url.clone()) } else { Ok(path.trim_end_matches('/').to_owned()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_documents_by_name() {
        for name in ["openapi.yaml", "swagger.json", "api.openapi.yml", "orders-openapi.json"] {
            assert!(is_document_name(name), "{name}");
        }
        for name in ["openapi.ts", "package.json", "myopenapi.yaml"] {
            assert!(!is_document_name(name), "{name}");
        }
    }

    #[test]
    fn a_file_named_like_a_document_is_one_only_when_its_content_says_so() {
        let doc = "{\"swagger\": \"2.0\", \"paths\": {\"/health\": {\"get\": {}}}}";
        assert_eq!(extract("openapi", Path::new("docs/spec.json"), doc).unwrap().len(), 1);
        assert!(extract("openapi", Path::new("spec.json"), "{\"name\": \"x\"}").unwrap().is_empty());
        assert!(extract("openapi", Path::new("api.yaml"), "a: [").unwrap().is_empty());
        assert!(extract("openapi", Path::new("openapi.yaml"), "a: [").is_err(), "a document by name must parse");
    }

    #[test]
    fn resolves_server_paths_with_variable_defaults() {
        let server = |url: &str, default: Option<&str>| Server {
            url: url.to_owned(),
            variables: BTreeMap::from([("v".to_owned(), Variable { default: default.map(str::to_owned) })]),
        };
        assert_eq!(server_path(&server("https://x.test/api/", None)), Ok("/api".to_owned()));
        assert_eq!(server_path(&server("https://x.test/{v}", Some("v2"))), Ok("/v2".to_owned()));
        assert_eq!(server_path(&server("/{v}/api", None)), Err("/{v}/api".to_owned()));
        assert_eq!(server_path(&server("https://{v}.x.test", None)), Ok(String::new()));
    }
}
