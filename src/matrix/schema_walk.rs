//! The schema walk, run when a matrix file fails the typed read. serde stops
//! at the first problem; people fixing a file want every unknown key, wrong
//! type and missing key at once. So the file's tree of positioned nodes is
//! walked beside the matrix's JSON Schema (the one `crate::schema` emits for
//! editors, generated from the model types), which keeps one source of truth
//! for editors and for parity.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use serde_json::Value;

use super::constraints;
use super::limits::{MAX_DEPTH, MAX_NODES};
use super::model::RULE_CHECKED;
use super::problem::Problem;
use super::span::Pos;
use super::tree::{Kind, Merges, Node, Tree, tree};
use crate::finding::{Code, suggestion};

/// Every problem of `text` against `schema`. A YAML syntax error is returned
/// as a single `matrix-syntax` problem.
pub(super) fn walk(text: &str, schema: &Value) -> Vec<Problem> {
    match tree(text) {
        Ok(Some(tree)) => {
            let context = Context {
                root: schema,
                tree: &tree,
                aliases: RefCell::default(),
                merges: RefCell::new(Merges::new(&tree, MAX_NODES)),
                work: Cell::new(0),
                exhausted: Cell::new(None),
            };
            let mut walker = Walker { cx: &context, problems: Vec::new() };
            walker.check(&tree.root, schema, "the file", 0);
            let mut problems = walker.problems;
            if let Some(pos) = context.exhausted.get() {
                // What was found before the limit stands; the rest is unchecked.
                problems.insert(0, limits_problem(pos));
            }
            problems
        }
        Ok(None) => Vec::new(),
        Err(problem) => vec![problem],
    }
}

/// What every walker of one file shares.
struct Context<'a> {
    /// The schema, for `$ref`s.
    root: &'a Value,
    tree: &'a Tree,
    /// The problems of each anchored value checked in one place (anchor,
    /// schema, noun): an alias used many times is checked once, so nested
    /// aliases cannot make the walk exponential.
    aliases: RefCell<HashMap<(usize, usize, String), Vec<Problem>>>,
    /// The keys merge keys bring in, each anchor's worked out once.
    merges: RefCell<Merges<'a>>,
    /// Nodes checked, counting each key a merge key brings in as often as a
    /// plain YAML loader would: `<<: [*a, *a, …]` chains cannot make the
    /// check blow up, and a file past [`MAX_NODES`] is a limits problem.
    work: Cell<usize>,
    /// Where the work ran past the limit; the walk stops there.
    exhausted: Cell<Option<Pos>>,
}

impl Context<'_> {
    /// Counts `work` more units done at `pos`; false once past the limit.
    fn spend(&self, work: usize, pos: Pos) -> bool {
        if self.exhausted.get().is_some() {
            return false;
        }
        self.work.set(self.work.get().saturating_add(work));
        if self.work.get() > MAX_NODES {
            self.exhausted.set(Some(pos));
            return false;
        }
        true
    }
}

fn limits_problem(pos: Pos) -> Problem {
    Problem {
        code: Code::MatrixLimits,
        pos,
        message: format!(
            "this file exceeds parity's YAML limits: more than {MAX_NODES} nodes once its merge keys (`<<`) are expanded"
        ),
        label: "limit reached here".into(),
        help: Some(format!(
            "parity reads at most {MAX_NODES} nodes per file, counting each merged key every time it is merged; \
             merge each anchor once, not through chains of aliases"
        )),
    }
}

struct Walker<'a> {
    cx: &'a Context<'a>,
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
        _ if text.parse::<i128>().is_ok() => ScalarType::Integer,
        _ if text.parse::<f64>().is_ok() => ScalarType::Number,
        _ => ScalarType::String,
    }
}

impl<'a> Walker<'a> {
    /// Follows a local `$ref`, returning the target and the type's name.
    fn resolve(&self, mut schema: &'a Value) -> (&'a Value, Option<&'a str>) {
        let mut name = None;
        while let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            let Some(def) = reference.strip_prefix("#/$defs/") else {
                break;
            };
            name = Some(def);
            match self.cx.root.get("$defs").and_then(|defs| defs.get(def)) {
                Some(target) => schema = target,
                None => break,
            }
        }
        (schema, name)
    }

    /// A walker that collects problems apart, sharing this one's context.
    fn trial(&self) -> Walker<'a> {
        Walker { cx: self.cx, problems: Vec::new() }
    }

    fn push(&mut self, code: Code, node: &Node, message: String, label: &str, help: Option<String>) {
        self.problems.push(Problem { code, pos: node.pos, message, label: label.to_owned(), help });
    }

    fn check(&mut self, node: &'a Node, schema: &'a Value, what: &str, depth: usize) {
        if depth > MAX_DEPTH || !self.cx.spend(1, node.pos) {
            return;
        }
        if let Kind::Alias(anchor) = node.kind {
            self.check_alias(node, anchor, schema, what, depth);
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
            self.wrong_type(node, schema, &what);
            return;
        }
        match &node.kind {
            Kind::Map(entries) => self.check_map(node, entries, schema, &what, depth),
            Kind::Seq(items) => {
                if let Some(broken) = constraints::list(items.len(), schema, &what) {
                    self.push(broken.code, node, broken.message, broken.label, broken.help);
                }
                if let Some(item) = schema.get("items") {
                    for element in items {
                        self.check(element, item, &what, depth + 1);
                    }
                }
            }
            Kind::Scalar { text, .. } => self.check_scalar(node, text, schema, &what),
            Kind::Alias(_) => {}
        }
    }

    /// Reports a node of a kind `schema` does not take; one value where a
    /// list is expected gets the list to write instead.
    fn wrong_type(&mut self, node: &Node, schema: &'a Value, what: &str) {
        let found = describe_node(node);
        let one_item =
            matches!(&node.kind, Kind::Scalar { text, plain } if scalar_type(text, *plain) != ScalarType::Null);
        let help = (schema_types(schema).contains(&"array") && one_item)
            .then(|| format!("write a list, even of one item: `[\"{}\"]`", found.trim_matches('`')));
        self.push(
            Code::MatrixWrongType,
            node,
            format!("{what} must be {}, found {found}", describe(schema, self)),
            "wrong type",
            help,
        );
    }

    /// Checks the value an alias stands for where the alias is used, and
    /// reports its problems at the alias: the anchored value may well fit
    /// where it is anchored.
    fn check_alias(&mut self, alias: &Node, anchor: usize, schema: &'a Value, what: &str, depth: usize) {
        let Some(target) = self.cx.tree.anchors.get(&anchor) else {
            return;
        };
        let key = (anchor, std::ptr::from_ref(schema) as usize, what.to_owned());
        let known = self.cx.aliases.borrow().get(&key).cloned();
        let problems = known.unwrap_or_else(|| {
            // Marked first, so an anchor that contains its own alias ends here.
            self.cx.aliases.borrow_mut().insert(key.clone(), Vec::new());
            let mut trial = self.trial();
            trial.check(target, schema, what, depth + 1);
            self.cx.aliases.borrow_mut().insert(key, trial.problems.clone());
            trial.problems
        });
        let label = format!("the value anchored at line {} does not fit here", target.pos.line);
        self.report_at(alias, &label, problems);
    }

    /// Adds problems found in an anchored value, placed at the alias that
    /// brought it here; at one place, a problem is said once.
    fn report_at(&mut self, alias: &Node, label: &str, problems: Vec<Problem>) {
        let mut said: Vec<(Code, String)> = Vec::new();
        for problem in problems {
            if !said.iter().any(|(code, message)| *code == problem.code && *message == problem.message) {
                said.push((problem.code, problem.message.clone()));
                self.problems.push(Problem { pos: alias.pos, label: label.to_owned(), ..problem });
            }
        }
    }

    fn check_alternatives(&mut self, node: &'a Node, alternatives: &'a [Value], what: &str, depth: usize) {
        let mut best: Option<Vec<Problem>> = None;
        for alternative in alternatives {
            let mut trial = self.trial();
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
            Kind::Alias(_) => true,
            Kind::Scalar { text, plain } => match scalar_type(text, *plain) {
                ScalarType::Null => types.contains(&"null"),
                ScalarType::Boolean => types.iter().any(|t| matches!(*t, "boolean" | "string")),
                ScalarType::Integer => types.iter().any(|t| matches!(*t, "integer" | "number" | "string")),
                ScalarType::Number => types.iter().any(|t| matches!(*t, "number" | "string")),
                ScalarType::String => types.contains(&"string"),
            },
        }
    }

    fn check_map(&mut self, node: &Node, entries: &'a [(Node, Node)], schema: &'a Value, what: &str, depth: usize) {
        let properties = schema.get("properties").and_then(Value::as_object);
        // Merged keys (`<<: *base`) count as written here, unless written
        // here too; their problems are reported at the alias.
        let merged = self.cx.merges.borrow_mut().of(entries);
        let merged = match merged {
            Ok(merged) if self.cx.spend(merged.expanded, node.pos) => merged.entries,
            Ok(_) => return,
            Err(_) => {
                self.cx.spend(usize::MAX, node.pos);
                return;
            }
        };
        for (key, value) in entries.iter().filter(|(key, _)| !Tree::is_merge_key(key)) {
            self.check_entry(key, value, schema, what, depth);
        }
        let written = |name: &str| entries.iter().any(|(k, _)| key_text(k) == Some(name));
        for (key, value, alias) in &merged {
            let Some(name) = key_text(key) else { continue };
            if written(name) {
                continue;
            }
            let mut trial = self.trial();
            trial.check_entry(key, value, schema, what, depth);
            self.report_at(alias, &format!("merged here from line {}", key.pos.line), trial.problems);
        }
        let required = schema.get("required").and_then(Value::as_array).into_iter().flatten();
        for key in required.filter_map(Value::as_str) {
            let present = written(key) || merged.iter().any(|(k, ..)| key_text(k) == Some(key));
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

    fn check_entry(&mut self, key: &'a Node, value: &'a Node, schema: &'a Value, what: &str, depth: usize) {
        let properties = schema.get("properties").and_then(Value::as_object);
        let Some(key_text) = key_text(key) else {
            return;
        };
        if let Some(property) = properties.and_then(|p| p.get(key_text)) {
            self.check(value, property, &format!("`{key_text}`"), depth + 1);
            return;
        }
        match schema.get("additionalProperties") {
            Some(Value::Bool(false)) => {
                let known: Vec<&str> = properties.map(|p| p.keys().map(String::as_str).collect()).unwrap_or_default();
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
        if let Some(broken) = constraints::scalar(text, schema, what) {
            self.push(broken.code, node, broken.message, broken.label, broken.help);
        }
    }
}

/// The text of a scalar key.
fn key_text(key: &Node) -> Option<&str> {
    match &key.kind {
        Kind::Scalar { text, .. } => Some(text),
        _ => None,
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

fn describe<'a>(schema: &'a Value, walker: &Walker<'a>) -> String {
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
        Kind::Alias(_) => "an alias".into(),
        Kind::Scalar { text, plain } => match scalar_type(text, *plain) {
            ScalarType::Null => "nothing (null)".into(),
            _ => format!("`{text}`"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A problem as compared here: code, line and column, message, label and help.
    type Said = (Code, (u32, u32), String, String, Option<String>);

    /// Each problem of `text` against the real matrix schema.
    fn walked(text: &str) -> Vec<Said> {
        let schema = crate::schema::matrix_schema().to_value();
        let problems = walk(text, &schema).into_iter();
        problems.map(|p| (p.code, (p.pos.line, p.pos.column), p.message, p.label, p.help)).collect()
    }

    fn problem(code: Code, at: (u32, u32), message: &str, label: &str, help: Option<&str>) -> Said {
        (code, at, message.to_owned(), label.to_owned(), help.map(str::to_owned))
    }

    #[test]
    fn an_unknown_key_suggests_the_key_meant_and_the_missing_one_is_reported_too() {
        let text = "surfaces:\n  - id: nodes\n    v1: [/nodes]\n    statsu: covered\n";
        assert_eq!(
            walked(text),
            [
                problem(
                    Code::MatrixUnknownKey,
                    (4, 5),
                    "unknown key `statsu` in a surface",
                    "not a key of this mapping",
                    Some("did you mean `status`?"),
                ),
                problem(
                    Code::MatrixMissingKey,
                    (2, 5),
                    "a surface is missing the required key `status`",
                    "in this mapping",
                    Some("`status`: Declared parity status."),
                ),
            ]
        );
    }

    #[test]
    fn an_unknown_key_with_nothing_close_lists_the_keys_taken() {
        let text = "surfaces: []\ncolour: red\n";
        let help = "the file takes: document, surfaces, follow_ups, gaps, waivers";
        assert_eq!(
            walked(text),
            [problem(
                Code::MatrixUnknownKey,
                (2, 1),
                "unknown key `colour` in the file",
                "not a key of this mapping",
                Some(help)
            )]
        );
    }

    #[test]
    fn one_value_where_a_list_belongs_is_a_wrong_type_with_the_list_to_write() {
        let text = "surfaces:\n  - id: nodes\n    v1: /nodes\n    status: covered\n";
        assert_eq!(
            walked(text),
            [problem(
                Code::MatrixWrongType,
                (3, 9),
                "`v1` must be a list, found `/nodes`",
                "wrong type",
                Some("write a list, even of one item: `[\"/nodes\"]`"),
            )]
        );
    }

    #[test]
    fn a_misspelt_level_is_reported_but_words_a_rule_checks_are_left_to_the_rule() {
        let text = "surfaces:\n  - id: nodes\n    v1: [/nodes]\n    status: coverd\n    actions:\n      \
                    - verb: probe\n        intent: maintenence\n        landing: {pattern: nowhere}\n";
        assert_eq!(
            walked(text),
            [problem(
                Code::MatrixWrongType,
                (4, 13),
                "a level cannot be `coverd`",
                "not one of the allowed words",
                Some("did you mean `covered`?"),
            )]
        );
    }

    #[test]
    fn a_broken_constraint_is_reported_at_its_value() {
        let text = "waivers:\n  - code: status-overclaim\n    surface: nodes\n    reason: r\n    expires: 2026-13-01\n";
        assert_eq!(
            walked(text),
            [problem(
                Code::MatrixInvalidValue,
                (5, 14),
                "`2026-13-01` is not a date",
                "expected YYYY-MM-DD",
                Some("write the date as YYYY-MM-DD, e.g. 2027-03-31"),
            )]
        );
    }

    #[test]
    fn an_anchored_value_that_does_not_fit_is_reported_at_the_alias() {
        let text = "surfaces:\n  - &base {id: nodes, v1: [/nodes], status: covered}\n  - *base\ngaps:\n  - *base\n";
        let problems = walked(text);
        let at_alias: Vec<_> = problems.iter().map(|(code, at, _, label, _)| (*code, *at, label.as_str())).collect();
        // A surface fits where it is anchored and used as a surface; as a gap
        // its `v1` and `status` are unknown and its `text` is missing.
        let label = "the value anchored at line 2 does not fit here";
        assert_eq!(
            at_alias,
            [
                (Code::MatrixUnknownKey, (5, 5), label),
                (Code::MatrixUnknownKey, (5, 5), label),
                (Code::MatrixMissingKey, (5, 5), label),
            ]
        );
        assert_eq!(problems[0].2, "unknown key `v1` in a gap");
        assert_eq!(problems[1].2, "unknown key `status` in a gap");
        assert_eq!(problems[2].2, "a gap is missing the required key `text`");
    }

    #[test]
    fn a_merged_key_that_does_not_fit_is_reported_at_the_merge() {
        let text = "surfaces:\n  - &base {id: nodes, v1: [/nodes], status: covered, colour: red}\n  \
                    - <<: *base\n    id: other\n";
        let problems = walked(text);
        assert_eq!(problems.len(), 2, "{problems:#?}");
        // Once where it is written, once where it is merged in.
        assert_eq!((problems[0].1, problems[0].3.as_str()), ((2, 54), "not a key of this mapping"));
        assert_eq!((problems[1].1, problems[1].3.as_str()), ((3, 9), "merged here from line 2"));
        assert!(problems.iter().all(|p| p.0 == Code::MatrixUnknownKey && p.2 == "unknown key `colour` in a surface"));
    }

    #[test]
    fn nesting_past_the_limit_is_one_limits_problem() {
        let text = format!("gaps: {}{}\n", "[".repeat(60), "]".repeat(60));
        let too_deep = format!("this file nests deeper than {MAX_DEPTH} levels");
        let help = "a matrix needs about eight levels; flatten the structure";
        assert_eq!(walked(&text), [problem(Code::MatrixLimits, (1, 54), &too_deep, "too deep", Some(help))]);
    }

    #[test]
    fn merge_chains_past_the_node_limit_stop_the_walk_with_a_limits_problem_first() {
        let mut text = String::from("surfaces:\n  - &a0 {id: a}\n");
        text.extend((1..=30).map(|k| {
            let aliases = vec![format!("*a{}", k - 1); 10].join(", ");
            format!("  - &a{k} {{<<: [{aliases}]}}\n")
        }));
        let problems = walked(&text);
        let (code, at, message, label, _) = &problems[0];
        // `&a8` expands to 10^8 keys: the first mapping past the limit.
        assert_eq!((*code, *at, label.as_str()), (Code::MatrixLimits, (10, 9), "limit reached here"));
        assert_eq!(
            message,
            &format!(
                "this file exceeds parity's YAML limits: more than {MAX_NODES} nodes once its merge keys (`<<`) are expanded"
            )
        );
        assert!(problems[1..].iter().all(|(code, ..)| *code != Code::MatrixLimits), "{problems:#?}");
    }

    #[test]
    fn a_syntax_error_is_the_only_problem_with_a_hint_for_braces_in_a_flow_list() {
        let problems = walked("surfaces:\n  - id: nodes\n    v1: [/nodes/{id}]\n");
        assert_eq!(problems.len(), 1);
        let (code, at, message, label, help) = &problems[0];
        assert_eq!((*code, *at, label.as_str()), (Code::MatrixSyntax, (3, 17), "here"));
        assert!(message.starts_with("this file is not valid YAML: "), "{message}");
        assert!(help.as_deref().is_some_and(|help| help.starts_with("inside `[...]`, `{` starts a mapping")));
    }

    #[test]
    fn an_empty_file_has_nothing_to_walk() {
        assert_eq!(walked(""), []);
        assert_eq!(walked("# only a comment\n"), []);
    }
}
