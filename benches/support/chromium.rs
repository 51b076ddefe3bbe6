//! Headless Chromium as the browser test and the report benchmark start it:
//! the binary (`chromium`, or `PARITY_CHROMIUM`) and the flags this machine
//! needs (no sandbox or GPU in a container, nothing fetched in the
//! background). Each run also gets a fresh `--user-data-dir`.

use std::path::PathBuf;
use std::process::{Command, Stdio};

/// The flags of every headless run.
pub const FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// The Chromium binary, if one runs.
pub fn find() -> Option<PathBuf> {
    let binary = std::env::var_os("PARITY_CHROMIUM").map_or_else(|| PathBuf::from("chromium"), PathBuf::from);
    let found = Command::new(&binary).arg("--version").stdout(Stdio::null()).stderr(Stdio::null()).status();
    found.is_ok_and(|status| status.success()).then_some(binary)
}
