//! The `parity` binary: parses arguments, runs one command, maps its outcome
//! to an exit code. Everything else lives in the library.

mod cli;

use std::process::ExitCode;

use clap::Parser;

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
