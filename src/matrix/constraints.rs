//! What the schema asks of one value beyond its type: a date's form, a whole
//! number's range, a string that is not empty or is kebab-case, a list that
//! is not empty. The schema walk reports a broken one, located, when a
//! file fails to load.

use serde_json::Value;

use super::model::{KEBAB_CASE, is_kebab_case};
use crate::finding::Code;

/// A constraint a value breaks: what to report.
pub(super) struct Broken {
    pub code: Code,
    pub message: String,
    pub label: &'static str,
    pub help: Option<String>,
}

impl Broken {
    fn invalid(message: String, label: &'static str, help: Option<String>) -> Self {
        Self { code: Code::MatrixInvalidValue, message, label, help }
    }
}

/// The first constraint of `schema` that the scalar `text` breaks.
pub(super) fn scalar(text: &str, schema: &Value, what: &str) -> Option<Broken> {
    if schema.get("format").and_then(Value::as_str) == Some("date") && text.parse::<jiff::civil::Date>().is_err() {
        let help = Some("write the date as YYYY-MM-DD, e.g. 2027-03-31".into());
        return Some(Broken::invalid(format!("`{text}` is not a date"), "expected YYYY-MM-DD", help));
    }
    if let Some(broken) = text.parse().ok().and_then(|number| out_of_range(number, schema, what)) {
        return Some(broken);
    }
    let pattern = schema.get("pattern").and_then(Value::as_str);
    let min_length = schema.get("minLength").and_then(Value::as_u64).unwrap_or(0);
    if text.is_empty() && (min_length > 0 || pattern.is_some()) {
        return Some(Broken::invalid(format!("{what} must not be empty"), "empty", described(schema)));
    }
    // Kebab-case is the only pattern of the matrix; `is_kebab_case` spares
    // compiling the regular expression for every id.
    if pattern == Some(KEBAB_CASE) && !is_kebab_case(text) {
        let kebab = kebab_case(text);
        let example = if kebab.is_empty() { String::new() } else { format!(": `{kebab}`") };
        let help = format!("use lower-case letters and digits, in words joined by `-`{example}");
        return Some(Broken::invalid(
            format!("{what} must be kebab-case, found `{text}`"),
            "not kebab-case",
            Some(help),
        ));
    }
    None
}

/// Whether a list of `len` items is shorter than `schema` allows.
pub(super) fn list(len: usize, schema: &Value, what: &str) -> Option<Broken> {
    let min_items = schema.get("minItems").and_then(Value::as_u64).unwrap_or(0);
    (u64::try_from(len).unwrap_or(u64::MAX) < min_items)
        .then(|| Broken::invalid(format!("{what} must not be empty"), "empty list", described(schema)))
}

fn out_of_range(number: i128, schema: &Value, what: &str) -> Option<Broken> {
    let minimum = schema.get("minimum").and_then(Value::as_i64).map(i128::from);
    let maximum = schema.get("maximum").and_then(Value::as_i64).map(i128::from).or_else(|| {
        // schemars states a Rust integer's upper bound only as its format.
        match schema.get("format").and_then(Value::as_str)? {
            "uint8" => Some(u8::MAX.into()),
            "uint16" => Some(u16::MAX.into()),
            "uint32" => Some(u32::MAX.into()),
            "uint64" => Some(u64::MAX.into()),
            _ => None,
        }
    });
    if minimum.is_none_or(|min| number >= min) && maximum.is_none_or(|max| number <= max) {
        return None;
    }
    let allowed = match (minimum, maximum) {
        (Some(min), Some(max)) => format!("a whole number from {min} to {max}"),
        (Some(min), None) => format!("at least {min}"),
        (None, Some(max)) => format!("at most {max}"),
        (None, None) => unreachable!("a number is only out of a range that exists"),
    };
    Some(Broken::invalid(format!("{what} must be {allowed}, found {number}"), "out of range", None))
}

/// The schema's description, as a hint for an empty value.
fn described(schema: &Value) -> Option<String> {
    let description = schema.get("description")?.as_str()?;
    Some(description.lines().next().unwrap_or(description).to_owned())
}

/// `Node_Detail` → `node-detail`, for a hint.
fn kebab_case(text: &str) -> String {
    let words: Vec<String> = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    words.join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_kebab_case_agrees_with_the_schema_pattern() {
        let pattern = regex::Regex::new(KEBAB_CASE).unwrap();
        for id in ["node-detail", "a", "v3", "a-1-b", "", "-a", "a-", "a--b", "Node", "a_b", "é", "a b"] {
            assert_eq!(is_kebab_case(id), pattern.is_match(id), "{id:?}");
        }
    }

    #[test]
    fn a_rust_integer_format_bounds_the_range() {
        let schema = serde_json::json!({ "type": "integer", "format": "uint32", "minimum": 0 });
        let broken = scalar("4294967296", &schema, "`number`").expect("out of range");
        assert_eq!(broken.message, "`number` must be a whole number from 0 to 4294967295, found 4294967296");
        assert!(scalar("4294967295", &schema, "`number`").is_none());
        assert!(scalar("-1", &schema, "`number`").is_some());
    }

    #[test]
    fn the_hint_for_an_id_is_its_kebab_case() {
        assert_eq!(kebab_case("Node_Detail v2"), "node-detail-v2");
    }
}
