//! Paths as text. On Unix a file name is any bytes but `/` and NUL, while
//! routes, tables and JSON are UTF-8: a directory named with a Latin-1 byte
//! must neither drop the pages under it nor fail a JSON report. Such a path
//! is shown with U+FFFD (`�`) in place of each byte that is not UTF-8, and
//! whoever meets one says so in a note.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use serde::Serializer;

/// `path` itself when it is UTF-8, else its lossy form, for code that reads
/// names from a path (a file-system router) rather than opening it.
#[must_use]
pub fn utf8(path: &Path) -> Cow<'_, Path> {
    match path.to_string_lossy() {
        Cow::Borrowed(_) => Cow::Borrowed(path),
        Cow::Owned(lossy) => Cow::Owned(PathBuf::from(lossy)),
    }
}

/// Serialises a path as its lossy text, where serde's own impl fails the
/// whole document on a byte that is not UTF-8; for `#[serde(serialize_with)]`.
///
/// # Errors
/// Only the serializer's own.
pub fn serialize<S: Serializer>(path: &Path, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&path.to_string_lossy())
}

/// Like [`serialize`], for an optional path.
///
/// # Errors
/// Only the serializer's own.
#[allow(clippy::ref_option)]
pub fn serialize_option<S: Serializer>(path: &Option<PathBuf>, serializer: S) -> Result<S::Ok, S::Error> {
    match path {
        Some(path) => serialize(path, serializer),
        None => serializer.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt as _;

    use super::*;

    #[test]
    fn a_path_that_is_not_utf8_reads_with_replacement_characters() {
        let path = Path::new(OsStr::from_bytes(b"app/caf\xff/page.tsx"));
        assert_eq!(utf8(path).as_ref(), Path::new("app/caf\u{FFFD}/page.tsx"));
        assert!(matches!(utf8(Path::new("app/page.tsx")), Cow::Borrowed(_)));
        let json = serialize(path, serde_json::value::Serializer).unwrap();
        assert_eq!(json, serde_json::json!("app/caf\u{FFFD}/page.tsx"));
    }
}
