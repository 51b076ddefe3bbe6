//! `parity.toml` from bytes, as `parity check` reads it: UTF-8 and TOML
//! (`Config::from_bytes`), then the deployments (base URLs, credentials
//! from a made-up environment) and the probe policy, and the located error
//! rendered as the CLI renders it. No input may panic, and an error placed
//! in the file names a line the file has; no secret of the environment is
//! ever quoted.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use parity::config::{Config, ConfigError};
use parity::matrix::Sources;
use parity::report::diagnostics;

const SECRET: &str = "fuzz-secret-value-4711";

fuzz_target!(|data: &[u8]| {
    let path = Path::new("parity.toml");
    match Config::from_bytes(path, data.to_vec()) {
        Ok(config) => {
            let _ = config.policy();
            let _ = config.matrix_paths();
            if let Err(error) = config.deployments(&|_| Some(SECRET.to_owned())) {
                render(&error, data);
            }
        }
        Err(error) => render(&error, data),
    }
});

/// Renders `error` as the CLI does; the secret may show only where the file itself holds it.
fn render(error: &ConfigError, data: &[u8]) {
    let mut sources = Sources::default();
    if let Some((path, text)) = &error.text {
        sources.add(path.clone(), text.clone());
        if let Some(location) = error.finding.location.as_ref().filter(|location| location.line > 0) {
            let file = sources.file(path).expect("the file was added");
            assert!(file.line(location.line).is_some(), "{location} is past the end of the file");
        }
    }
    let mut out = Vec::new();
    diagnostics::write(&mut out, std::slice::from_ref(&error.finding), &sources, false).expect("renders");
    let shown = String::from_utf8_lossy(&out);
    let in_file = data.windows(SECRET.len()).any(|window| window == SECRET.as_bytes());
    assert!(in_file || !shown.contains(SECRET), "a secret from the environment was printed: {shown}");
}
