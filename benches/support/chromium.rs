//! Headless Chromium as the browser test and the benchmarks start it: the
//! browser `parity check --render` would drive (`PARITY_BROWSER`, else
//! `chromium`, `chromium-browser` or `google-chrome` on PATH, found by
//! `parity::render::discover`, so there is one name to learn) and the
//! flags this machine needs (no sandbox or GPU in a container, nothing
//! fetched in the background). Each run also gets a fresh `--user-data-dir`.

use std::path::PathBuf;
use std::process::{Command, Stdio};

/// The flags of every headless run.
#[allow(dead_code, reason = "the render benchmark launches through parity, not with these flags")]
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

/// The browser, if one is found and runs.
pub fn find() -> Option<PathBuf> {
    let env = |name| std::env::var_os(name);
    let binary =
        parity::render::discover(None, env("PARITY_BROWSER").as_deref(), env("PATH").as_deref()).into_result().ok()?;
    let runs = Command::new(&binary).arg("--version").stdout(Stdio::null()).stderr(Stdio::null()).status();
    runs.is_ok_and(|status| status.success()).then_some(binary)
}
