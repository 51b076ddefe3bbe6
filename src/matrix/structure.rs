//! A structural check of a matrix file against the matrix's own JSON Schema,
//! run when typed deserialisation fails.
//!
//! serde stops at the first problem; people fixing a file want every unknown
//! key, wrong type and missing key at once. So the file is re-read into a
//! tree of positioned nodes and walked beside the schema generated from the
//! model types, which keeps one source of truth for editors and for parity.

use serde_json::Value;

use super::span::Pos;
use crate::finding::{Code, suggestion};

/// A problem found by the structural check, not yet tied to a file.
#[derive(Debug)]
pub struct Problem {
    pub code: Code,
    pub pos: Pos,
    pub message: String,
    pub label: String,
    pub help: Option<String>,
}

use super::load::MAX_DEPTH;
use super::tree::{Kind, Node, tree};

/// The schema keyword that marks words checked by a validation rule rather
/// than by the structure (the value names the rule's code).
pub const RULE_CHECKED: &str = "x-parity-rule";

/// Checks `text` against `schema`. A YAML syntax error is returned as a single
/// `matrix-syntax` problem.
pub fn check(text: &str, schema: &Value) -> Vec<Problem> {
    match tree(text) {
        Ok(Some(root)) => {
            let mut walker = Walker { root: schema, problems: Vec::new() };
            walker.check(&root, schema, "the file", 0);
            walker.problems
        }
        Ok(None) => Vec::new(),
        Err(problem) => vec![problem],
    }
}

struct Walker<'s> {
    root: &'s Value,
    problems: Vec<Problem>,
}

/// What a scalar can be read as, by YAML 1.2 core-schema rules.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ScalarType {
    Null,
    Boolean,
    Integer,
    Number,
    String,
}

fn scalar_type(text: &str, plain: bool) -> ScalarType {
    if !plain {
        return ScalarType::String;
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => ScalarType::Null,
        "true" | "false" => ScalarType::Boolean,
        _ if text.parse::<i64>().is_ok() => ScalarType::Integer,
        _ if text.parse::<f64>().is_ok() => ScalarType::Number,
        _ => ScalarType::String,
    }
}

impl<'s> Walker<'s> {
    /// Follows a local `$ref`, returning the target and the type's name.
    fn resolve(&self, mut schema: &'s Value) -> (&'s Value, Option<&'s str>) {
        let mut name = None;
        while let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            let Some(def) = reference.strip_prefix("#/$defs/") else {
                break;
            };
            name = Some(def);
            match self.root.get("$defs").and_then(|defs| defs.get(def)) {
                Some(target) => schema = target,
                None => break,
            }
        }
        (schema, name)
    }

    fn push(&mut self, code: Code, node: &Node, message: String, label: &str, help: Option<String>) {
        self.problems.push(Problem { code, pos: node.pos, message, label: label.to_owned(), help });
    }

    fn check(&mut self, node: &Node, schema: &'s Value, what: &str, depth: usize) {
        if depth > MAX_DEPTH || matches!(node.kind, Kind::Alias) {
            return;
        }
        let (schema, name) = self.resolve(schema);
        let what = name.map_or_else(|| what.to_owned(), noun);
        if enum_words(schema).is_some() && matches!(node.kind, Kind::Scalar { .. }) {
            if let Kind::Scalar { text, .. } = &node.kind {
                self.check_scalar(node, text, schema, &what);
            }
            return;
        }
        if let Some(alternatives) = schema.get("anyOf").or_else(|| schema.get("oneOf")).and_then(Value::as_array) {
            self.check_alternatives(node, alternatives, &what, depth);
            return;
        }
        if !Self::accepts_kind(node, schema) {
            let found = describe_node(node);
            let help = (schema_types(schema).contains(&"array") && matches!(node.kind, Kind::Scalar { .. }))
                .then(|| format!("write a list, even of one item: `[\"{}\"]`", found.trim_matches('`')));
            self.push(
                Code::MatrixWrongType,
                node,
                format!("{what} must be {}, found {found}", describe(schema, self)),
                "wrong type",
                help,
            );
            return;
        }
        match &node.kind {
            Kind::Map(entries) => self.check_map(node, entries, schema, &what, depth),
            Kind::Seq(items) => {
                if let Some(item) = schema.get("items") {
                    for element in items {
                        self.check(element, item, &what, depth + 1);
                    }
                }
            }
            Kind::Scalar { text, .. } => self.check_scalar(node, text, schema, &what),
            Kind::Alias => {}
        }
    }

    fn check_alternatives(&mut self, node: &Node, alternatives: &'s [Value], what: &str, depth: usize) {
        let mut best: Option<Vec<Problem>> = None;
        for alternative in alternatives {
            let mut trial = Walker { root: self.root, problems: Vec::new() };
            trial.check(node, alternative, what, depth);
            if trial.problems.is_empty() {
                return;
            }
            let (resolved, _) = self.resolve(alternative);
            if best.is_none() && Self::accepts_kind(node, resolved) {
                best = Some(trial.problems);
            }
        }
        if let Some(problems) = best {
            self.problems.extend(problems);
        } else {
            let expected: Vec<String> = alternatives.iter().map(|a| describe(self.resolve(a).0, self)).collect();
            let found = describe_node(node);
            self.push(
                Code::MatrixWrongType,
                node,
                format!("{what} must be {}, found {found}", expected.join(" or ")),
                "wrong type",
                None,
            );
        }
    }

    fn accepts_kind(node: &Node, schema: &Value) -> bool {
        let types = schema_types(schema);
        if types.is_empty() {
            return true;
        }
        match &node.kind {
            Kind::Map(_) => types.contains(&"object"),
            Kind::Seq(_) => types.contains(&"array"),
            Kind::Alias => true,
            Kind::Scalar { text, plain } => match scalar_type(text, *plain) {
                ScalarType::Null => types.contains(&"null"),
                ScalarType::Boolean => types.iter().any(|t| matches!(*t, "boolean" | "string")),
                ScalarType::Integer => types.iter().any(|t| matches!(*t, "integer" | "number" | "string")),
                ScalarType::Number => types.iter().any(|t| matches!(*t, "number" | "string")),
                ScalarType::String => types.contains(&"string"),
            },
        }
    }

    fn check_map(&mut self, node: &Node, entries: &[(Node, Node)], schema: &'s Value, what: &str, depth: usize) {
        let properties = schema.get("properties").and_then(Value::as_object);
        let additional = schema.get("additionalProperties");
        for (key, value) in entries {
            let Kind::Scalar { text: key_text, .. } = &key.kind else {
                continue;
            };
            if let Some(property) = properties.and_then(|p| p.get(key_text)) {
                self.check(value, property, &format!("`{key_text}`"), depth + 1);
                continue;
            }
            match additional {
                Some(Value::Bool(false)) => {
                    let known: Vec<&str> =
                        properties.map(|p| p.keys().map(String::as_str).collect()).unwrap_or_default();
                    let help = suggestion(key_text, known.iter().copied())
                        .unwrap_or_else(|| format!("{what} takes: {}", known.join(", ")));
                    self.push(
                        Code::MatrixUnknownKey,
                        key,
                        format!("unknown key `{key_text}` in {what}"),
                        "not a key of this mapping",
                        Some(help),
                    );
                }
                Some(value_schema @ Value::Object(_)) => {
                    if let Some(names) = schema.get("propertyNames") {
                        self.check(key, names, "a key", depth + 1);
                    }
                    self.check(value, value_schema, &format!("`{key_text}`"), depth + 1);
                }
                _ => {}
            }
        }
        let required = schema.get("required").and_then(Value::as_array).into_iter().flatten();
        for key in required.filter_map(Value::as_str) {
            let present = entries.iter().any(|(k, _)| matches!(&k.kind, Kind::Scalar { text, .. } if text == key));
            if !present {
                self.push(
                    Code::MatrixMissingKey,
                    node,
                    format!("{what} is missing the required key `{key}`"),
                    "in this mapping",
                    property_help(properties, key),
                );
            }
        }
    }

    fn check_scalar(&mut self, node: &Node, text: &str, schema: &Value, what: &str) {
        if schema.get(RULE_CHECKED).is_some() {
            // Words a validation rule checks (intents, patterns, evidence):
            // the rule reports them, with its own code, once the file loads.
            return;
        }
        if let Some(words) = enum_words(schema) {
            if !words.iter().any(|word| word == text) {
                let help = suggestion(text, words.iter().map(String::as_str))
                    .unwrap_or_else(|| format!("expected one of: {}", words.join(", ")));
                self.push(
                    Code::MatrixWrongType,
                    node,
                    format!("{what} cannot be `{text}`"),
                    "not one of the allowed words",
                    Some(help),
                );
            }
            return;
        }
        if schema.get("format").and_then(Value::as_str) == Some("date") && text.parse::<jiff::civil::Date>().is_err() {
            self.push(
                Code::MatrixInvalidValue,
                node,
                format!("`{text}` is not a date"),
                "expected YYYY-MM-DD",
                Some("write the date as YYYY-MM-DD, e.g. 2027-03-31".into()),
            );
        }
        if let Some(minimum) = schema.get("minimum").and_then(Value::as_i64) {
            if text.parse::<i64>().is_ok_and(|n| n < minimum) {
                self.push(
                    Code::MatrixInvalidValue,
                    node,
                    format!("{what} must be at least {minimum}"),
                    "too small",
                    None,
                );
            }
        }
    }
}

fn property_help(properties: Option<&serde_json::Map<String, Value>>, key: &str) -> Option<String> {
    let description = properties?.get(key)?.get("description")?.as_str()?;
    Some(format!("`{key}`: {}", description.lines().next().unwrap_or(description)))
}

/// "Surface" → "a surface", for messages.
fn noun(name: &str) -> String {
    let mut words = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            words.push(' ');
        }
        words.push(c.to_ascii_lowercase());
    }
    let article = if words.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
    format!("{article} {words}")
}

fn schema_types(schema: &Value) -> Vec<&str> {
    match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ if schema.get("const").is_some() || schema.get("enum").is_some() => vec!["string"],
        _ => Vec::new(),
    }
}

/// The allowed words of an `enum`, a `const`, or alternatives that are all
/// `const` (schemars writes documented enum variants that way).
fn enum_words(schema: &Value) -> Option<Vec<String>> {
    if let Some(words) = schema.get("enum").and_then(Value::as_array) {
        return Some(words.iter().filter_map(|w| w.as_str().map(str::to_owned)).collect());
    }
    if let Some(word) = schema.get("const").and_then(Value::as_str) {
        return Some(vec![word.to_owned()]);
    }
    let alternatives = schema.get("oneOf").or_else(|| schema.get("anyOf"))?.as_array()?;
    let words: Option<Vec<String>> =
        alternatives.iter().map(|a| a.get("const").and_then(Value::as_str).map(str::to_owned)).collect();
    words.filter(|words| !words.is_empty())
}

fn describe(schema: &Value, walker: &Walker<'_>) -> String {
    if let Some(words) = enum_words(schema) {
        return format!("one of {}", words.iter().map(|w| format!("`{w}`")).collect::<Vec<_>>().join(", "));
    }
    if let Some(alternatives) = schema.get("anyOf").or_else(|| schema.get("oneOf")).and_then(Value::as_array) {
        let parts: Vec<String> = alternatives.iter().map(|a| describe(walker.resolve(a).0, walker)).collect();
        return parts.join(" or ");
    }
    let names: Vec<&str> = schema_types(schema)
        .into_iter()
        .filter(|t| *t != "null")
        .map(|t| match t {
            "object" => "a mapping",
            "array" => "a list",
            "integer" => "a whole number",
            "number" => "a number",
            "boolean" => "`true` or `false`",
            _ => "a string",
        })
        .collect();
    if names.is_empty() { "a value".into() } else { names.join(" or ") }
}

fn describe_node(node: &Node) -> String {
    match &node.kind {
        Kind::Map(_) => "a mapping".into(),
        Kind::Seq(_) => "a list".into(),
        Kind::Alias => "an alias".into(),
        Kind::Scalar { text, plain } => match scalar_type(text, *plain) {
            ScalarType::Null => "nothing (null)".into(),
            _ => format!("`{text}`"),
        },
    }
}
