//! The binary's side of parity: arguments ([`args`]), one module per
//! command that loads input, runs the library, renders and picks the exit
//! code, and the two things every command shares: reading the matrix
//! ([`input`]) and choosing where and how output goes ([`output`]).

mod args;
mod check;
mod demo;
mod diff;
mod doc;
mod explain;
mod generate;
mod input;
mod output;
mod report;
mod scan;
mod status;
mod validate;

pub use args::{Args, Command};

/// How a run ended, as the process exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// Nothing at or above the failure level.
    Clean = 0,
    /// Findings at or above the failure level, or a stale document.
    Findings = 1,
    /// A usage, configuration or input error.
    Usage = 2,
}

impl From<Exit> for std::process::ExitCode {
    fn from(exit: Exit) -> Self {
        Self::from(exit as u8)
    }
}

/// Runs the command the arguments name.
pub fn run(args: Args) -> anyhow::Result<Exit> {
    match args.command {
        Command::Validate(args) => validate::validate(&args),
        Command::Status(args) => status::status(&args),
        Command::Doc(args) => doc::doc(&args),
        Command::Check(args) => check::check(&args),
        Command::Demo(args) => demo::demo(&args),
        Command::Diff(args) => diff::diff(&args),
        Command::Report(args) => report::report(&args),
        Command::Scan(args) => scan::scan(&args),
        Command::Init(args) => scan::init(&args),
        Command::Explain(args) => explain::explain(&args),
        Command::Schema => generate::schema(),
        Command::Completions(args) => generate::completions(&args),
        Command::Man(args) => generate::man(&args),
    }
}

/// True when the error is a closed stdout (`parity status | head`), which
/// ends the run quietly.
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error
        .chain()
        .filter_map(|cause| cause.downcast_ref::<std::io::Error>())
        .any(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
}
