//! Running the real `parity` binary and capturing what it printed.

use std::path::{Path, PathBuf};
use std::process::Command;

/// What one run of `parity` printed and how it exited.
pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

impl Run {
    /// Everything a reader of a snapshot needs: the exit code and both streams.
    pub fn transcript(&self) -> String {
        let stderr = if self.stderr.is_empty() { String::new() } else { format!("--- stderr\n{}", self.stderr) };
        format!("exit: {}\n--- stdout\n{}{stderr}", self.code, self.stdout)
    }
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `parity` with `args` in `dir`, without colour, at 120 columns.
pub fn parity(dir: &Path, args: &[&str]) -> Run {
    parity_in_columns(dir, args, 120)
}

/// Runs `parity` with `args` in `dir`, without colour, at `columns` columns.
pub fn parity_in_columns(dir: &Path, args: &[&str], columns: u16) -> Run {
    parity_with_env(dir, args, columns, &[])
}

/// Runs `parity` with `args` in `dir`, without colour, at `columns`
/// columns, with `env` set over the inherited environment.
pub fn parity_with_env(dir: &Path, args: &[&str], columns: u16, env: &[(&str, &str)]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_parity"))
        .args(args)
        .envs(env.iter().copied())
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("COLUMNS", columns.to_string())
        // Defaults that follow the CI environment (github formats, the step
        // summary, no progress bar) must not depend on where the tests run.
        .env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("CI")
        .output()
        .expect("the parity binary runs");
    let run = Run {
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        code: output.status.code().expect("parity exited, not killed by a signal"),
    };
    assert!(!run.stderr.contains("panicked"), "parity panicked: {}", run.stderr);
    run
}
