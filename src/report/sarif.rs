//! SARIF 2.1.0, the format code-scanning services read (GitHub code
//! scanning, Azure DevOps, IDE viewers): one run, one rule per finding or
//! change code with its documentation, one result per finding at its
//! file, line and column, and a fingerprint per result (see
//! [`super::issues`]) so a service follows a finding across commits.
//!
//! Plain serde structs rather than the `serde-sarif` crate: parity writes a
//! dozen of SARIF's hundred-odd types, and that crate generates all of them
//! at build time (docs/dependencies.md). The tests check every output
//! against the official schema instead.

use std::io::{self, Write};
use std::path::{Component, Path};

use serde::Serialize;

use super::issues::{Issue, Rule, rules_of};
use crate::finding::Location;

/// The schema address GitHub and other readers recognise.
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The key of parity's fingerprint in `partialFingerprints`: versioned, so a
/// change of what it hashes can never be mistaken for the same finding.
pub const FINGERPRINT_KEY: &str = "parityIdentity/v1";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    automation_details: AutomationDetails,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
    properties: serde_json::Value,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: Vec<Descriptor>,
}

/// SARIF's `reportingDescriptor`: a rule.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor {
    id: &'static str,
    name: &'static str,
    short_description: Text,
    full_description: Text,
    help: Help,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    default_configuration: Configuration,
    properties: Tags,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: &'static str,
    markdown: &'static str,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct Tags {
    tags: [&'static str; 2],
}

#[derive(Serialize)]
struct AutomationDetails {
    id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<SarifLocation>,
    partial_fingerprints: std::collections::BTreeMap<&'static str, &'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<ResultProperties<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultProperties<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    surface: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    subject: Option<&'a str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    in_baseline: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
}

/// Writes one SARIF log of `command`'s issues; `summary` (the counts of the
/// command's JSON report) becomes the run's properties.
pub fn write(out: &mut dyn Write, command: &str, issues: &[Issue<'_>], summary: &impl Serialize) -> io::Result<()> {
    let rules = rules_of(issues);
    let results = issues
        .iter()
        .map(|issue| SarifResult {
            rule_id: issue.rule.id,
            rule_index: rules.iter().position(|rule| rule.id == issue.rule.id).unwrap_or_default(),
            level: issue.severity.as_str(),
            message: Text { text: issue.message.clone() },
            locations: issue.location.map(location).into_iter().collect(),
            partial_fingerprints: [(FINGERPRINT_KEY, issue.fingerprint.as_str())].into(),
            properties: result_properties(issue),
        })
        .collect();
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool { driver: driver(rules.iter().map(descriptor).collect()) },
            // The category that keeps each command's results apart on a
            // service that receives several uploads for one commit.
            automation_details: AutomationDetails { id: format!("parity/{command}/") },
            column_kind: "unicodeCodePoints",
            results,
            properties: serde_json::to_value(summary).map_err(io::Error::other)?,
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

fn driver(rules: Vec<Descriptor>) -> Driver {
    let repository = env!("CARGO_PKG_REPOSITORY");
    Driver {
        name: "parity",
        version: env!("CARGO_PKG_VERSION"),
        semantic_version: env!("CARGO_PKG_VERSION"),
        information_uri: (!repository.is_empty()).then_some(repository),
        rules,
    }
}

fn descriptor(rule: &Rule) -> Descriptor {
    Descriptor {
        id: rule.id,
        name: rule.name,
        short_description: Text { text: rule.summary.to_owned() },
        full_description: Text { text: rule.description() },
        help: Help { text: rule.explanation, markdown: rule.explanation },
        help_uri: rule.help_uri(env!("CARGO_PKG_REPOSITORY"), env!("CARGO_PKG_VERSION")),
        // SARIF's level words are parity's severities.
        default_configuration: Configuration { level: rule.default_severity.as_str() },
        properties: Tags { tags: ["parity", rule.kind] },
    }
}

fn result_properties<'a>(issue: &Issue<'a>) -> Option<ResultProperties<'a>> {
    (issue.surface.is_some() || issue.subject.is_some() || issue.in_baseline).then_some(ResultProperties {
        surface: issue.surface,
        subject: issue.subject,
        in_baseline: issue.in_baseline,
    })
}

fn location(location: &Location) -> SarifLocation {
    // Line 0 means "the whole file" (an unreadable one): no region then.
    let region =
        (location.line > 0).then(|| Region { start_line: location.line, start_column: location.column.max(1) });
    SarifLocation { physical_location: PhysicalLocation { artifact_location: artifact(&location.path), region } }
}

/// A relative path becomes a URI reference against the checkout
/// (`%SRCROOT%`), where code scanning resolves it; an absolute one a
/// `file:` URI.
fn artifact(path: &Path) -> ArtifactLocation {
    if path.is_absolute() {
        if let Ok(url) = url::Url::from_file_path(path) {
            return ArtifactLocation { uri: url.to_string(), uri_base_id: None };
        }
    }
    let segments: Vec<String> = path
        .components()
        .filter_map(|component| match component {
            Component::Normal(part) => Some(encode_segment(&part.to_string_lossy())),
            Component::ParentDir => Some("..".to_owned()),
            _ => None,
        })
        .collect();
    ArtifactLocation { uri: segments.join("/"), uri_base_id: Some("%SRCROOT%") }
}

/// Percent-encodes what a URI path segment cannot hold as it is.
fn encode_segment(segment: &str) -> String {
    const KEPT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~')
        .remove(b'!')
        .remove(b'$')
        .remove(b'&')
        .remove(b'\'')
        .remove(b'(')
        .remove(b')')
        .remove(b'*')
        .remove(b'+')
        .remove(b',')
        .remove(b';')
        .remove(b'=')
        .remove(b'@');
    percent_encoding::utf8_percent_encode(segment, KEPT).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references_against_the_checkout() {
        let relative = artifact(Path::new("./parity/my nodes/50%.yaml"));
        assert_eq!((relative.uri.as_str(), relative.uri_base_id), ("parity/my%20nodes/50%25.yaml", Some("%SRCROOT%")));
        assert_eq!(artifact(Path::new("../v1/app.py")).uri, "../v1/app.py");
        #[cfg(unix)]
        assert_eq!(artifact(Path::new("/srv/app/routes.py")).uri, "file:///srv/app/routes.py");
    }
}
