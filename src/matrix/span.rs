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

/// A 1-based line and column and a range within one matrix file.
///
/// Positions read from YAML are in the parser's units: `column`, `offset`
/// and `len` count bytes. A finding's [`Location`](crate::finding::Location)
/// counts characters; [`Pos::in_chars`] converts (the matrix's
/// `Sources::locate` does it for every finding), so after non-ASCII text on a
/// line the caret, the JSON column and GitHub's `col=` still agree.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
    pub offset: usize,
    pub len: usize,
}

impl Pos {
    /// The position just after `prefix` (the text of a file before it),
    /// spanning `len` bytes: in the parser's units (bytes), like every `Pos`
    /// before it is located, so [`Pos::in_chars`] (or `Sources::locate`)
    /// turns it into a finding's columns.
    #[must_use]
    pub fn after(prefix: &str, len: usize) -> Self {
        let line = prefix.matches('\n').count() + 1;
        let column = prefix.rsplit('\n').next().map_or(0, str::len) + 1;
        Self {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
            offset: prefix.len(),
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

    /// This parser position (bytes) with its column and length counted in
    /// characters of `text`, the file it was read from. The line and the
    /// byte offset stay as they are; a position that is not in `text` (none
    /// was known, or the text changed) is returned unchanged.
    #[must_use]
    pub fn in_chars(self, text: &str) -> Self {
        if self.line == 0 || !text.is_char_boundary(self.offset) {
            return self;
        }
        let line_start = text[..self.offset].rfind('\n').map_or(0, |newline| newline + 1);
        let column = text[line_start..self.offset].chars().count() + 1;
        let end = self.offset + self.len;
        // A length may end inside a character (a mapping is marked one byte long).
        let len = text[self.offset..].char_indices().take_while(|(at, _)| self.offset + at < end).count();
        Self { column: u32::try_from(column).unwrap_or(u32::MAX), len, ..self }
    }
}

/// A value together with the position of the YAML node it came from.
#[derive(Clone, Debug)]
pub struct Spanned<T> {
    pub value: T,
    pub pos: Pos,
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

impl<'de, T: Deserialize<'de> + 'static> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut inner = serde_saphyr::Spanned::<T>::deserialize(deserializer)?;
        // The parser hands over its scalar buffer: a 10-byte id arrives with
        // room for 129, and 30,000 ids and routes kept 7 MiB of it
        // (docs/benchmarks.md).
        if let Some(text) = (&mut inner.value as &mut dyn std::any::Any).downcast_mut::<String>() {
            text.shrink_to_fit();
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_parser_position_counts_characters_once_located() {
        let text = "a: \"é\"\nb: [\"→→\", x]\n";
        // `x`: byte offset 22, byte column 15 on line 2.
        let x = Pos { line: 2, column: 15, offset: 22, len: 1 }.in_chars(text);
        assert_eq!((x.line, x.column, x.len), (2, 11, 1));
        // `"→→"`: eight bytes, four characters.
        let arrows = Pos { line: 2, column: 5, offset: 12, len: 8 }.in_chars(text);
        assert_eq!((arrows.column, arrows.len), (5, 4));
    }

    #[test]
    fn a_position_after_a_prefix_counts_bytes_until_located() {
        let text = "a: é\nb: →x→\n";
        let at = text.find('x').unwrap();
        let x = Pos::after(&text[..at], 1);
        assert_eq!((x.line, x.column, x.offset, x.len), (2, 7, at, 1));
        assert_eq!(&text[x.offset..x.offset + x.len], "x");
        let located = x.in_chars(text);
        assert_eq!((located.line, located.column, located.offset, located.len), (2, 5, at, 1));
        let arrow = Pos::after(&text[..=at], '→'.len_utf8()).in_chars(text);
        assert_eq!((arrow.column, arrow.len), (6, 1));
    }

    #[test]
    fn a_position_outside_the_text_is_left_alone() {
        let unknown = Pos::default();
        assert_eq!(unknown.in_chars("é"), unknown);
        let inside_a_character = Pos { line: 1, column: 2, offset: 1, len: 1 };
        assert_eq!(inside_a_character.in_chars("é"), inside_a_character);
    }
}
