//! `parity schema`, `completions` and `man`: files generated from parity's
//! own definitions (the matrix model, the clap arguments), so they never
//! fall behind a new key or flag.

use std::io::Write;

use anyhow::{Context, Result};
use clap::CommandFactory;

use super::Exit;
use super::args::{Args, CompletionsArgs, ManArgs};
use super::output::stdout;

/// Runs `parity schema`: the JSON Schema of matrix files.
pub fn schema() -> Result<Exit> {
    let mut out = stdout();
    serde_json::to_writer_pretty(&mut out, &parity::schema::matrix_schema())?;
    writeln!(out)?;
    Ok(Exit::Clean)
}

/// Runs `parity completions SHELL`.
pub fn completions(args: &CompletionsArgs) -> Result<Exit> {
    let mut command = Args::command();
    // Rendered first: the generator panics on a write error, and a closed pipe must end quietly.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "parity", &mut script);
    stdout().write_all(&script)?;
    Ok(Exit::Clean)
}

/// Runs `parity man`: `parity.1` to stdout, or every page into `--out DIR`.
pub fn man(args: &ManArgs) -> Result<Exit> {
    let command = Args::command();
    match &args.out {
        Some(dir) => {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
            clap_mangen::generate_to(command, dir)
                .with_context(|| format!("cannot write manual pages into `{}`", dir.display()))?;
        }
        None => clap_mangen::Man::new(command).render(&mut stdout())?,
    }
    Ok(Exit::Clean)
}
