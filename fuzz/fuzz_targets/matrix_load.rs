//! The matrix loader from bytes, as `parity validate` runs it: size, UTF-8,
//! YAML, the typed read and the schema walk (`Loaded::add_bytes`), then the
//! validation rules when the file loaded, then the human diagnostics and the
//! JSON findings. No input may panic, hang or grow without bound, and every
//! finding placed in the file names a line the file has, so a snippet can
//! always be quoted.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use parity::matrix::{self, Loaded};
use parity::report::{diagnostics, json};

fuzz_target!(|data: &[u8]| {
    let path = Path::new("m.yaml");
    let mut loaded = Loaded::default();
    loaded.add_bytes(path, data.to_vec());
    let findings = if loaded.problems.is_empty() {
        matrix::validate(&loaded.matrix, &loaded.sources, jiff::civil::date(2026, 12, 1)).findings
    } else {
        loaded.problems
    };
    for finding in &findings {
        let Some(location) = &finding.location else { continue };
        if location.line == 0 {
            continue;
        }
        let file = loaded.sources.file(&location.path).expect("a finding is placed in a file that was read");
        assert!(file.line(location.line).is_some(), "{location} is past the end of the file: {finding:?}");
    }
    let mut out = Vec::new();
    diagnostics::write(&mut out, &findings, &loaded.sources, false).expect("diagnostics render");
    json::write_findings(&mut out, &findings, 0).expect("JSON renders");
});
