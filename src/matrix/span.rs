//! Source positions that survive deserialisation.
//!
//! Every rule finding must point at the YAML that caused it, so the model keeps
//! a position beside each value a rule may complain about. The wrapper reads
//! serde-saphyr's span, and is transparent in the JSON Schema, so editors see
//! plain values.

use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer};

/// A 1-based line and column and a character range within one matrix file.
///
/// The range counts Unicode scalar values, as the YAML parser does; the
/// renderer converts it to bytes against the source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
    pub offset: usize,
    pub len: usize,
}

impl Pos {
    /// The position just after `prefix` (the text of a file before it),
    /// spanning `len` characters.
    #[must_use]
    pub fn after(prefix: &str, len: usize) -> Self {
        let line = prefix.matches('\n').count() + 1;
        let column = prefix.rsplit('\n').next().map_or(0, |last| last.chars().count()) + 1;
        Self {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
            offset: prefix.chars().count(),
            len,
        }
    }

    pub(crate) fn from_saphyr(location: serde_saphyr::Location) -> Self {
        Self {
            line: u32::try_from(location.line()).unwrap_or(u32::MAX),
            column: u32::try_from(location.column()).unwrap_or(u32::MAX),
            offset: location.span().offset(),
            len: location.span().len(),
        }
    }
}

/// A value together with the position of the YAML node it came from.
#[derive(Clone, Debug)]
pub struct Spanned<T> {
    pub value: T,
    pub pos: Pos,
}

impl<T> Spanned<T> {
    /// Wraps a value that was not read from a file (tests, generated input).
    pub fn unplaced(value: T) -> Self {
        Self { value, pos: Pos::default() }
    }
}

impl<T> Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: fmt::Display> fmt::Display for Spanned<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}

impl<T: PartialEq> PartialEq for Spanned<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let inner = serde_saphyr::Spanned::<T>::deserialize(deserializer)?;
        let mut pos = Pos::from_saphyr(inner.referenced);
        if pos.len == 0 {
            // Mappings and sequences carry a start but no length; mark one
            // character so the caret has something to point at.
            pos.len = 1;
        }
        Ok(Self { value: inner.value, pos })
    }
}

impl<T: serde::Serialize> serde::Serialize for Spanned<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

impl<T: JsonSchema> JsonSchema for Spanned<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}
