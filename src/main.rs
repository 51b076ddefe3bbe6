//! The `parity` binary: parses arguments, runs one command, maps its outcome
//! to an exit code. Everything else lives in the library.

mod cli;

use std::process::ExitCode;

use clap::Parser;

/// A probe allocates small buffers per request in the HTTP stack; with
/// glibc's allocator malloc and free were a sixth of a check's CPU
/// (docs/benchmarks.md). The library leaves the choice to its users.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = cli::Args::parse();
    args.color.write_global();
    match cli::run(args) {
        Ok(exit) => exit.into(),
        Err(error) if cli::is_broken_pipe(&error) => cli::Exit::Clean.into(),
        Err(error) => {
            anstream::eprintln!("error: {error:#}");
            cli::Exit::Usage.into()
        }
    }
}
