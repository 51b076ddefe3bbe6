//! One function per command: load, run the library, render, pick the exit.

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::{Context, Result, bail};

use clap::CommandFactory;

use super::{
    Args, Command, CompletionsArgs, DocArgs, Exit, ExplainArgs, ManArgs, StatusArgs, ValidateArgs, ValidateFormat,
};
use parity::diff::ChangeCode;
use parity::finding::{Code, Kind, suggestion};
use parity::matrix::{self, Loaded};
use parity::report::{self, Filter, StatusFormat, audit_doc, diagnostics};

/// Runs the command the arguments name.
pub fn run(args: Args) -> Result<Exit> {
    match args.command {
        Command::Validate(args) => validate(&args),
        Command::Status(args) => status(&args),
        Command::Doc(args) => doc(&args),
        Command::Check(args) => super::check::check(&args),
        Command::Demo(args) => super::check::demo(&args),
        Command::Diff(args) => super::diff::diff(&args),
        Command::Scan(args) => super::scan::scan(&args),
        Command::Init(args) => super::scan::init(&args),
        Command::Explain(args) => explain(&args),
        Command::Schema => schema(),
        Command::Completions(args) => completions(&args),
        Command::Man(args) => man(&args),
    }
}

pub(super) fn stdout() -> anstream::AutoStream<std::io::StdoutLock<'static>> {
    anstream::AutoStream::auto(std::io::stdout().lock())
}

pub(super) fn color_for(stream: &impl IsTerminal) -> bool {
    anstream::ColorChoice::global() == anstream::ColorChoice::Always
        || (anstream::ColorChoice::global() != anstream::ColorChoice::Never
            && stream.is_terminal()
            && std::env::var_os("NO_COLOR").is_none())
}

/// Loads the matrix; on input problems prints them to stderr and returns
/// `None` so the caller exits 2.
pub(super) fn load_or_report(paths: &[std::path::PathBuf]) -> Result<Option<Loaded>> {
    usable(matrix::load(paths))
}

/// The loaded matrix when it has no input problems; otherwise prints them
/// to stderr and returns `None` so the caller exits 2.
pub(super) fn usable(loaded: Loaded) -> Result<Option<Loaded>> {
    if loaded.problems.is_empty() {
        return Ok(Some(loaded));
    }
    let mut err = anstream::AutoStream::auto(std::io::stderr().lock());
    diagnostics::write(&mut err, &loaded.problems, &loaded.sources, color_for(&std::io::stderr()))?;
    writeln!(err, "error: the matrix could not be read: {}", diagnostics::summary(&loaded.problems, 0))?;
    Ok(None)
}

fn validate(args: &ValidateArgs) -> Result<Exit> {
    let loaded = matrix::load(&args.matrix.resolve());
    let today = args.today.unwrap_or_else(|| jiff::Zoned::now().date());
    let (findings, waived) = if loaded.problems.is_empty() {
        let validation = matrix::validate(&loaded.matrix, &loaded.sources, today);
        (validation.findings, validation.waived.len())
    } else {
        (loaded.problems, 0)
    };
    let mut out = stdout();
    match args.format {
        ValidateFormat::Json => report::json::write_findings(&mut out, &findings, waived)?,
        ValidateFormat::Human => {
            diagnostics::write(&mut out, &findings, &loaded.sources, color_for(&std::io::stdout()))?;
            let files = diagnostics::plural(loaded.sources.files().len(), "file");
            let surfaces = diagnostics::plural(loaded.matrix.surfaces.len(), "surface");
            writeln!(out, "checked {surfaces} in {files}: {}", diagnostics::summary(&findings, waived))?;
        }
    }
    if findings.iter().any(|f| f.code.kind() == Kind::Input) {
        return Ok(Exit::Usage);
    }
    Ok(if findings.iter().any(|f| f.severity >= args.fail_on) { Exit::Findings } else { Exit::Clean })
}

fn status(args: &StatusArgs) -> Result<Exit> {
    let Some(loaded) = load_or_report(&args.matrix.resolve())? else {
        return Ok(Exit::Usage);
    };
    let surface = match &args.surface {
        Some(glob) => Some(
            globset::Glob::new(glob)
                .with_context(|| format!("`--surface {glob}` is not a valid glob"))?
                .compile_matcher(),
        ),
        None => None,
    };
    let filter = Filter { statuses: args.status.clone(), intents: args.intent.clone(), surface };
    let rows = report::status_rows(&loaded.matrix, &filter);
    let mut out = stdout();
    match args.format {
        StatusFormat::Table => report::table::write(&mut out, &rows, terminal_width())?,
        StatusFormat::Json => report::json::write_status(&mut out, &rows, &loaded.sources)?,
        StatusFormat::Markdown => report::markdown::write_status(&mut out, &rows)?,
    }
    Ok(Exit::Clean)
}

/// Appends what `write` writes to `$GITHUB_STEP_SUMMARY`, when it is set:
/// the Markdown that GitHub shows on the run's summary page.
pub(super) fn append_step_summary(write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>) -> Result<()> {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY") else { return Ok(()) };
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .context("cannot open $GITHUB_STEP_SUMMARY")?;
    write(&mut file)?;
    Ok(())
}

/// `$COLUMNS` when set (so pipes and tests can choose), else the terminal's
/// width, else 100.
pub(super) fn terminal_width() -> u16 {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|columns| columns.parse().ok())
        .or_else(|| terminal_size::terminal_size().map(|(width, _)| width.0))
        .unwrap_or(100)
        .max(40)
}

fn doc(args: &DocArgs) -> Result<Exit> {
    let Some(loaded) = load_or_report(&args.matrix.resolve())? else {
        return Ok(Exit::Usage);
    };
    let mut rendered = Vec::new();
    audit_doc::write(&mut rendered, &loaded.matrix)?;
    if let Some(rev) = &args.since {
        let Some(changes) = super::diff::since(rev, &args.matrix.resolve(), loaded)? else {
            return Ok(Exit::Usage);
        };
        report::diff::doc_section(&mut rendered, &changes, rev)?;
    }
    let rendered = String::from_utf8(rendered).context("the rendered document is not UTF-8")?;
    if let Some(path) = &args.check {
        return check_doc(path, &rendered);
    }
    match &args.out {
        Some(path) => std::fs::write(path, &rendered).with_context(|| format!("cannot write `{}`", path.display()))?,
        None => stdout().write_all(rendered.as_bytes())?,
    }
    Ok(Exit::Clean)
}

fn check_doc(path: &Path, rendered: &str) -> Result<Exit> {
    let committed = std::fs::read_to_string(path).with_context(|| format!("cannot read `{}`", path.display()))?;
    if committed == rendered {
        return Ok(Exit::Clean);
    }
    let diff = similar::TextDiff::from_lines(committed.as_str(), rendered);
    let mut out = stdout();
    let name = path.display().to_string();
    write!(out, "{}", diff.unified_diff().context_radius(2).header(&name, "generated from the matrix"))?;
    writeln!(out, "`{name}` is stale: regenerate it with `parity doc --out {name}`")?;
    Ok(Exit::Findings)
}

fn explain(args: &ExplainArgs) -> Result<Exit> {
    let mut out = stdout();
    if args.list {
        for code in Code::ALL {
            let kind = match code.kind() {
                Kind::Input => "input",
                Kind::Rule => "rule",
                Kind::Probe => "probe",
                Kind::Scan => "scan",
            };
            writeln!(out, "{:<26} {:<11} {:<5} {}", code.as_str(), code.severity().as_str(), kind, code.summary())?;
        }
        for code in ChangeCode::ALL {
            let direction = code.direction().as_str();
            writeln!(out, "{:<26} {direction:<11} {:<5} {}", code.as_str(), "diff", code.summary())?;
        }
        return Ok(Exit::Clean);
    }
    let word = args.code.as_deref().unwrap_or_default();
    let explanation =
        Code::parse(word).map(Code::explanation).or_else(|| ChangeCode::parse(word).map(ChangeCode::explanation));
    let Some(explanation) = explanation else {
        let words = Code::ALL.iter().map(|c| c.as_str()).chain(ChangeCode::ALL.iter().map(|c| c.as_str()));
        let hint = suggestion(word, words).unwrap_or_else(|| "`parity explain --list` shows every code".into());
        bail!("`{word}` is not a finding or change code; {hint}");
    };
    write!(out, "{explanation}")?;
    Ok(Exit::Clean)
}

/// Completion scripts come from the argument definitions themselves, so they
/// never fall behind a new flag.
fn completions(args: &CompletionsArgs) -> Result<Exit> {
    let mut command = Args::command();
    // Rendered first: the generator panics on a write error, and a closed pipe must end quietly.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "parity", &mut script);
    stdout().write_all(&script)?;
    Ok(Exit::Clean)
}

/// Manual pages, like completions, are generated from the argument definitions.
fn man(args: &ManArgs) -> Result<Exit> {
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

fn schema() -> Result<Exit> {
    let mut out = stdout();
    serde_json::to_writer_pretty(&mut out, &parity::schema::matrix_schema())?;
    writeln!(out)?;
    Ok(Exit::Clean)
}
