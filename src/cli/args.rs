//! The command-line arguments, as clap derives them: one struct per command,
//! the value parsers they need, and the exit-code text `--help` shows.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use parity::Severity;
use parity::matrix::{Intent, Level};
use parity::report::StatusFormat;

const EXIT_CODES: &str = "\
Exit codes:
  0  clean: nothing at or above the failure level
  1  findings at or above the failure level (or a stale document with --check)
  2  usage, configuration or input error (a malformed matrix, a bad flag)";

/// Audit a web-app migration from V1 pages to V3 workflow-first pages.
///
/// parity reads a declarative parity matrix (YAML, default `parity/`),
/// validates it, computes lifecycle coverage, and renders status tables and
/// the audit document.
#[derive(Debug, Parser)]
#[command(name = "parity", version, after_help = EXIT_CODES, max_term_width = 100)]
pub struct Args {
    /// When to use colour: auto honours `NO_COLOR` and pipes.
    #[arg(long, global = true, value_name = "WHEN", default_value = "auto")]
    pub color: ColorWhen,

    #[command(subcommand)]
    pub command: Command,
}

/// When to colour the output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

impl ColorWhen {
    /// Sets the choice for every stream of the process.
    pub fn write_global(self) {
        let choice = match self {
            Self::Auto => anstream::ColorChoice::Auto,
            Self::Always => anstream::ColorChoice::Always,
            Self::Never => anstream::ColorChoice::Never,
        };
        choice.write_global();
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a matrix: syntax, structure and every validation rule.
    #[command(after_help = EXIT_CODES)]
    Validate(ValidateArgs),
    /// Show each surface's declared and computed status and intent strip.
    #[command(after_help = EXIT_CODES)]
    Status(StatusArgs),
    /// Render the audit document (Markdown) from the matrix.
    #[command(after_help = EXIT_CODES)]
    Doc(DocArgs),
    /// Probe live V1 and V3 deployments for the routes and endpoints the matrix promises.
    #[command(after_help = EXIT_CODES)]
    Check(CheckArgs),
    /// Run `check` against simulated deployments on loopback: no live servers needed.
    Demo(DemoArgs),
    /// Show what changed in parity between two versions (matrices, git revisions or check reports).
    Diff(DiffArgs),
    /// Write the audit as one self-contained web page (overview, heatmap, details, findings).
    Report(ReportArgs),
    /// Discover the routes of source trees; with --v1/--v3, compare them with the matrix.
    #[command(after_help = EXIT_CODES)]
    Scan(ScanArgs),
    /// Scaffold a matrix and a parity.toml from the routes of a V1 (and V3) source tree.
    #[command(after_help = EXIT_CODES)]
    Init(InitArgs),
    /// Explain a finding or change code, or list every code.
    Explain(ExplainArgs),
    /// Print the JSON Schema of matrix files (for editors).
    Schema,
    /// Print a shell completion script.
    ///
    /// Save it where your shell looks for completions, e.g.
    ///   parity completions bash > ~/.local/share/bash-completion/completions/parity
    ///   parity completions zsh > ~/.zfunc/_parity   (with `fpath+=~/.zfunc` before `compinit`)
    ///   parity completions fish > ~/.config/fish/completions/parity.fish
    #[command(verbatim_doc_comment)]
    Completions(CompletionsArgs),
    /// Print the manual page (roff), or write one page per command with --out.
    Man(ManArgs),
}

/// The matrix to read.
#[derive(Debug, clap::Args)]
pub struct MatrixArgs {
    /// Matrix files or directories, read in sorted order [default: `[matrix] paths` of parity.toml, else parity]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

impl MatrixArgs {
    /// The paths given, else those of the nearest parity.toml, else `parity/`.
    /// A parity.toml that cannot be read is left to `parity check` to report.
    pub fn resolve(&self) -> Vec<PathBuf> {
        if !self.paths.is_empty() {
            return self.paths.clone();
        }
        let configured = std::env::current_dir()
            .ok()
            .and_then(|dir| parity::config::Config::discover(&dir))
            .and_then(|path| parity::config::Config::load(&path).ok())
            .map(|config| config.matrix_paths())
            .unwrap_or_default();
        if configured.is_empty() { vec![PathBuf::from("parity")] } else { configured }
    }
}

#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    #[command(flatten)]
    pub matrix: MatrixArgs,
    /// The lowest severity that makes the run fail (exit 1).
    #[arg(long, value_name = "SEVERITY", default_value = "error")]
    pub fail_on: Severity,
    /// Output format.
    #[arg(long, value_name = "FORMAT", default_value = "human")]
    pub format: ValidateFormat,
    /// Judge waiver expiry as of this date (YYYY-MM-DD) instead of today.
    #[arg(long, value_name = "DATE")]
    pub today: Option<jiff::civil::Date>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ValidateFormat {
    /// Diagnostics like rustc's, with the offending line.
    Human,
    /// A versioned JSON document (see docs/json.md).
    Json,
    /// SARIF 2.1.0 for code scanning (see docs/ci.md).
    Sarif,
    /// GitLab Code Quality (Code Climate issues; see docs/ci.md).
    Codequality,
}

#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    #[command(flatten)]
    pub matrix: MatrixArgs,
    /// Only surfaces with this declared status (repeatable).
    #[arg(long, value_name = "LEVEL", value_parser = parse_level)]
    pub status: Vec<Level>,
    /// Only surfaces with actions of this intent (repeatable).
    #[arg(long, value_name = "INTENT", value_parser = parse_intent)]
    pub intent: Vec<Intent>,
    /// Only surfaces whose id or a V1 route matches this glob (`/admin/*`).
    #[arg(long, value_name = "GLOB")]
    pub surface: Option<String>,
    /// Output format; the table wraps notes to the terminal width ($COLUMNS).
    #[arg(long, value_name = "FORMAT", default_value = "table")]
    pub format: StatusFormat,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub matrix: MatrixArgs,
    /// The configuration file (default: parity.toml here or in a parent directory).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Base URL of the deployment named `v1` (overrides the file).
    #[arg(long, value_name = "URL")]
    pub v1: Option<String>,
    /// Base URL of the deployment named `v3` (overrides the file).
    #[arg(long, value_name = "URL")]
    pub v3: Option<String>,
    /// A sample value for a route parameter, e.g. `--param id=42` (repeatable).
    #[arg(long, value_name = "NAME=VALUE", value_parser = parse_param)]
    pub param: Vec<(String, String)>,
    /// Deadline of one attempt, body included: seconds (`2.5`) or with a unit (`500ms`, `2s`, `1m30s`).
    #[arg(long, value_name = "DURATION", value_parser = parse_timeout)]
    pub timeout: Option<std::time::Duration>,
    /// Requests in flight at once.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub concurrency: Option<u16>,
    /// Retries for 429, 502, 503, 504 and timeouts.
    #[arg(long, value_name = "N")]
    pub retries: Option<u32>,
    /// Send the real method of mutating endpoints to deployments marked `mutable = true`.
    #[arg(long)]
    pub allow_mutating: bool,
    /// Only surfaces whose id or a V1 route matches this glob.
    #[arg(long, value_name = "GLOB")]
    pub surface: Option<String>,
    /// Probe only the K-th of N deterministic shares of the plan (CI sharding).
    #[arg(long, value_name = "K/N")]
    pub partition: Option<parity::check::plan::Partition>,
    /// The lowest severity that makes the run fail (exit 1); the matrix's own validation findings
    /// from it up are reported and count too.
    #[arg(long, value_name = "SEVERITY", default_value = "error")]
    pub fail_on: Severity,
    /// An earlier JSON report: only findings not in it fail the run.
    #[arg(long, value_name = "REPORT.json")]
    pub baseline: Option<PathBuf>,
    /// Output format (default: table; github when `GITHUB_ACTIONS` is set).
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<parity::report::check::CheckFormat>,
    /// Write the report to FILE instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Write every request sent as JSON lines to FILE (header values never included).
    #[arg(long, value_name = "FILE")]
    pub log: Option<PathBuf>,
    /// Judge routes in a headless Chromium: all routes of deployments with `render = "always"`, and
    /// those of the others (unless `render = "never"`) when HTTP reads them `indeterminate`.
    #[arg(long)]
    pub render: bool,
    /// With --render: save one PNG per rendered V3 target in DIR (named from surface id and route).
    #[arg(long, value_name = "DIR", requires = "render")]
    pub screenshots: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct ScanArgs {
    /// Source trees whose routes to list.
    #[arg(value_name = "PATH", required_unless_present_any = ["v1", "v3"], conflicts_with_all = ["v1", "v3"])]
    pub paths: Vec<PathBuf>,
    /// The framework to read, or `auto` to detect it per project from manifests.
    #[arg(long, value_name = "NAME", default_value = "auto", value_parser = clap::builder::PossibleValuesParser::new(parity::scan::framework::names()))]
    pub framework: String,
    /// A V1 source tree to compare with the matrix (repeatable).
    #[arg(long, value_name = "SRC")]
    pub v1: Vec<PathBuf>,
    /// A V3 source tree to compare with the matrix (repeatable).
    #[arg(long, value_name = "SRC")]
    pub v3: Vec<PathBuf>,
    /// Matrix files or directories [default: `[matrix] paths` of parity.toml, else parity]
    #[arg(long, value_name = "PATH")]
    pub matrix: Vec<PathBuf>,
    /// The lowest severity that makes the run fail (exit 1).
    #[arg(long, value_name = "SEVERITY", default_value = "error")]
    pub fail_on: Severity,
    /// An earlier JSON report: only findings not in it fail the run.
    #[arg(long, value_name = "REPORT.json")]
    pub baseline: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_name = "FORMAT", default_value = "table")]
    pub format: parity::report::scan::ScanFormat,
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The V1 source tree: one surface per page found (repeatable).
    #[arg(long, value_name = "SRC", required = true)]
    pub v1: Vec<PathBuf>,
    /// The V3 source tree, for suggested targets (repeatable).
    #[arg(long, value_name = "SRC")]
    pub v3: Vec<PathBuf>,
    /// The framework to read, or `auto` to detect it per project from manifests.
    #[arg(long, value_name = "NAME", default_value = "auto", value_parser = clap::builder::PossibleValuesParser::new(parity::scan::framework::names()))]
    pub framework: String,
    /// The matrix directory to write; parity.toml goes beside it.
    #[arg(long, value_name = "DIR", default_value = "parity")]
    pub out: PathBuf,
    /// The audit's title.
    #[arg(long, value_name = "TEXT", default_value = "V1 to V3 Parity Audit")]
    pub title: String,
    /// Overwrite files that already exist.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    #[command(flatten)]
    pub matrix: MatrixArgs,
    /// Output format.
    #[arg(long, value_name = "FORMAT", default_value = "table")]
    pub format: parity::report::check::CheckFormat,
    /// Write the report to FILE instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also write the demo run as a web page (see `parity report`).
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Keep HTTP verdicts for the single-page preview: do not render it even when a browser is found.
    #[arg(long)]
    pub no_render: bool,
}

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub matrix: MatrixArgs,
    /// Write the page to FILE.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// A `parity check --format json` report to show; repeat to merge
    /// several (one per deployment set or CI shard).
    #[arg(long, value_name = "REPORT.json")]
    pub check: Vec<PathBuf>,
    /// Add what changed since git revision REV (as `parity diff --base REV`),
    /// regressions first.
    #[arg(long, value_name = "REV")]
    pub since: Option<String>,
    /// Show V1 | V3 screenshots from DIR/<surface-id>/v1.png and v3.png
    /// (.png, .jpg, .jpeg or .webp).
    #[arg(long, value_name = "DIR")]
    pub screenshots: Option<PathBuf>,
    /// Turn every matrix location into a link: {rev} (the commit of HEAD),
    /// {path} and {line} are filled in, e.g.
    /// `https://git.example/org/repo/blob/{rev}/{path}#L{line}`.
    #[arg(long, value_name = "TEMPLATE")]
    pub link: Option<String>,
    /// Judge waiver expiry as of this date (YYYY-MM-DD) instead of today.
    #[arg(long, value_name = "DATE")]
    pub today: Option<jiff::civil::Date>,
}

#[derive(Debug, clap::Args)]
pub struct DocArgs {
    #[command(flatten)]
    pub matrix: MatrixArgs,
    /// Write the document to FILE instead of stdout.
    #[arg(long, value_name = "FILE", conflicts_with = "check")]
    pub out: Option<PathBuf>,
    /// Compare with FILE: exit 1 and print a unified diff when it is stale.
    #[arg(long, value_name = "FILE")]
    pub check: Option<PathBuf>,
    /// Add a "Changes since REV" section: what `parity diff` finds between
    /// the matrix at git revision REV and this one.
    #[arg(long, value_name = "REV")]
    pub since: Option<String>,
}

#[derive(Debug, clap::Args)]
#[command(after_help = DIFF_EXIT_CODES)]
pub struct DiffArgs {
    /// The base version: a matrix path (file or directory), `REV:PATH` read
    /// from git, or a `parity check --format json` report.
    #[arg(value_name = "BASE", required_unless_present = "base", conflicts_with = "base", requires = "new")]
    pub old: Option<String>,
    /// The head version, of the same kind as BASE.
    #[arg(value_name = "HEAD")]
    pub new: Option<String>,
    /// Compare the project's matrix (`[matrix] paths` of parity.toml, else
    /// parity/) at this git revision with the working tree, or with `--head`.
    #[arg(long, value_name = "REV")]
    pub base: Option<String>,
    /// With `--base`: the revision to compare with instead of the working tree.
    #[arg(long, value_name = "REV", requires = "base")]
    pub head: Option<String>,
    /// Which changes make the run fail (exit 1); improvements never do.
    #[arg(long, value_name = "WHAT", default_value = "regression")]
    pub fail_on: parity::diff::FailOn,
    /// Output format (default: table; github when `GITHUB_ACTIONS` is set).
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<parity::report::diff::DiffFormat>,
    /// Write the report to FILE instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

const DIFF_EXIT_CODES: &str = "\
Exit codes:
  0  no change that fails the run (--fail-on, default: any regression)
  1  regressions (or, with --fail-on change, other changes) found
  2  usage or input error (an unreadable matrix or report, an unknown revision)";

#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// The finding or change code, e.g. status-overclaim or status-regressed.
    #[arg(value_name = "CODE", required_unless_present = "list")]
    pub code: Option<String>,
    /// List every code with its severity and a summary.
    #[arg(long, conflicts_with = "code")]
    pub list: bool,
}

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Write `parity.1` and one page per command (`parity-check.1` …) into
    /// this directory instead of printing `parity.1`.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// `NAME=VALUE` with both parts: an empty sample would probe `/nodes/`
/// for `/nodes/{id}`, the list instead of a page, and could read `present`.
fn parse_param(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.is_empty() && !value.is_empty() => Ok((name.to_owned(), value.to_owned())),
        Some((name, "")) if !name.is_empty() => Err(format!(
            "`{name}` has an empty value, which would probe the route without that segment; give a sample, e.g. {name}=42"
        )),
        _ => Err("expected NAME=VALUE, e.g. id=42".to_owned()),
    }
}

/// A positive duration, as `timeout` in parity.toml takes it: `2.5`, `500ms`, `1m30s`.
fn parse_timeout(text: &str) -> Result<std::time::Duration, String> {
    parity::duration::parse(text, parity::duration::Floor::Positive).map_err(|error| error.to_string())
}

fn parse_word<T: Copy>(word: &str, parse: fn(&str) -> Option<T>, words: &[&str]) -> Result<T, String> {
    parse(word).ok_or_else(|| format!("expected one of: {}", words.join(", ")))
}

fn parse_level(word: &str) -> Result<Level, String> {
    parse_word(word, Level::parse, &Level::words())
}

fn parse_intent(word: &str) -> Result<Intent, String> {
    parse_word(word, Intent::parse, &Intent::words())
}
