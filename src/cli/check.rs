//! `parity check`: configuration and flags → a check → a report and an exit code.

use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context, Result, bail};

use super::Exit;
use super::args::CheckArgs;
use super::input::{first_file, load_or_report, surface_glob};
use super::output::{
    Output, append_step_summary, cannot_write, color_for, format_or_ci_default, stderr, terminal_width,
};
use parity::check::{self, CheckSetup, RenderSetup};
use parity::config::{Config, ConfigError, RenderMode};
use parity::matrix::Sources;
use parity::probe::{Observer, SentRequest};
use parity::probe::{ProbeResult, Role};
use parity::render::{RenderOptions, discover};
use parity::report::check::{CheckFormat, CheckReport};
use parity::report::diagnostics;

/// Runs `parity check`.
pub fn check(args: &CheckArgs) -> Result<Exit> {
    let Some(mut config) = load_config(args)? else { return Ok(Exit::Usage) };
    apply_flags(&mut config, args);
    let paths = matrix_paths(args, &config);
    let Some(loaded) = load_or_report(&paths)? else { return Ok(Exit::Usage) };
    let deployments = match config.deployments(&|name| std::env::var(name).ok()) {
        Ok(deployments) => deployments,
        Err(error) => return report_config_error(&error),
    };
    if deployments.is_empty() {
        bail!("no deployments to probe: pass --v1/--v3 URLs or configure [deployments] in parity.toml");
    }
    let mut policy = config.policy();
    apply_policy_flags(&mut policy, args);
    let surface = args.surface.as_deref().map(surface_glob).transpose()?;
    let rendering = match render_setup(args, &config) {
        Ok(rendering) => rendering,
        Err(exit) => return Ok(exit),
    };
    let setup = CheckSetup {
        loaded: &loaded,
        config: &config,
        deployments: &deployments,
        policy: &policy,
        surface: surface.as_ref(),
        partition: args.partition,
        today: jiff::Zoned::now().date(),
        fail_on: args.fail_on,
        render: rendering.as_ref(),
    };
    let plan = check::plan(&setup);
    let observer = Observers::new(args.log.as_deref(), plan.probes.len())?;
    let mut outcome = check::run(&setup, plan, &observer);
    observer.finish()?;
    if let Some(error) = &outcome.render_failure {
        if render_required(args, &config) {
            eprintln!("error: {error}");
            return Ok(Exit::Usage);
        }
        eprintln!("note: routes were not rendered ({error}); HTTP verdicts stand");
    }
    if let Some(dir) = &args.screenshots {
        save_screenshots(dir, &outcome, &deployments)?;
    }
    if let Some(path) = &args.baseline {
        check::mark_known(&mut outcome.findings, &check::read_known(path)?);
    }
    let report = CheckReport::new(&loaded.matrix, &outcome, args.fail_on);
    let fallback = first_file(&loaded.sources, &paths);
    render(args.format, args.output.as_deref(), &report, &fallback)?;
    let exit = if outcome.findings.iter().any(|f| f.fails(args.fail_on)) { Exit::Findings } else { Exit::Clean };
    // The process ends next: freeing the matrix, the plan and the results
    // one allocation at a time took about 5% of a 30,000-route run
    // (docs/benchmarks.md), for memory the system takes back anyway.
    std::mem::forget(outcome);
    std::mem::forget(loaded);
    Ok(exit)
}

fn load_config(args: &CheckArgs) -> Result<Option<Config>> {
    let path = match &args.config {
        Some(path) => Some(path.clone()),
        None => Config::discover(&std::env::current_dir()?),
    };
    let Some(path) = path else { return Ok(Some(Config::default())) };
    match Config::load(&path) {
        Ok(config) => Ok(Some(config)),
        Err(error) => report_config_error(&error).map(|_| None),
    }
}

fn report_config_error(error: &ConfigError) -> Result<Exit> {
    let mut sources = Sources::default();
    if let Some((path, text)) = &error.text {
        sources.add(path.clone(), text.clone());
    }
    diagnostics::write(&mut stderr(), std::slice::from_ref(&error.finding), &sources, color_for(&std::io::stderr()))?;
    Ok(Exit::Usage)
}

fn apply_flags(config: &mut Config, args: &CheckArgs) {
    for (flag, name, role, url) in [("--v1", "v1", Role::V1, &args.v1), ("--v3", "v3", Role::V3, &args.v3)] {
        let Some(url) = url else { continue };
        if config.set_deployment_url(name, role, url) {
            // Names only: neither the URLs nor any credential is printed.
            eprintln!(
                "warning: {flag} points deployment `{name}` at another origin than its configured base_url: its \
                 token, cookie, headers and `mutable` are not used (declare that server as a deployment of its own in \
                 parity.toml to probe it with credentials)"
            );
        }
    }
    for (name, value) in &args.param {
        config.params.insert(name.clone(), value.clone());
    }
}

fn apply_policy_flags(policy: &mut parity::probe::ProbePolicy, args: &CheckArgs) {
    if let Some(timeout) = args.timeout {
        policy.timeout = timeout;
    }
    if let Some(concurrency) = args.concurrency {
        policy.concurrency = usize::from(concurrency);
    }
    if let Some(retries) = args.retries {
        policy.retries = retries;
    }
    policy.allow_mutating = args.allow_mutating;
}

/// The browser and the deployments whose routes it may render, or the
/// exit code when `--render` (or `render = "always"`) finds no browser. A
/// deployment without `render` follows `--render` (`auto`).
fn render_setup(args: &CheckArgs, config: &Config) -> Result<Option<RenderSetup>, Exit> {
    let mut modes = config.render_modes();
    if args.render {
        for name in config.deployments.keys() {
            modes.entry(name.clone()).or_insert(RenderMode::Auto);
        }
    }
    modes.retain(|_, mode| *mode != RenderMode::Never);
    if modes.is_empty() {
        return Ok(None);
    }
    let env = |name| std::env::var_os(name);
    let found = discover(config.browser().as_deref(), env("PARITY_BROWSER").as_deref(), env("PATH").as_deref());
    let browser = match found.into_result() {
        Ok(browser) => browser,
        Err(why) if render_required(args, config) => {
            let asked = if args.render { "--render" } else { "render = \"always\"" };
            eprintln!("error: {asked} needs a browser: {why}");
            return Err(Exit::Usage);
        }
        Err(why) => {
            eprintln!("note: render = \"auto\" renders nothing: {why}; HTTP verdicts stand");
            return Ok(None);
        }
    };
    let defaults = RenderOptions::default();
    let options = RenderOptions {
        browser,
        concurrency: config.render.concurrency.unwrap_or(defaults.concurrency),
        page_timeout: config.render.timeout.unwrap_or(defaults.page_timeout),
        settle: config.render.settle.unwrap_or(defaults.settle),
        allow_mutating: args.allow_mutating,
        screenshots: args.screenshots.is_some(),
        selectors: Vec::new(),
    };
    Ok(Some(RenderSetup { options, modes }))
}

/// Writes the PNG of every rendered V3 target, once per surface that lists it.
fn save_screenshots(
    dir: &Path,
    outcome: &check::CheckOutcome,
    deployments: &[parity::probe::Deployment],
) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| cannot_write(dir))?;
    let v3 = |name: &str| deployments.iter().any(|d| d.name == name && d.role == Role::V3);
    for probe in outcome.rendered.iter().filter(|probe| v3(&probe.result.deployment)) {
        let Some(png) = &probe.screenshot else { continue };
        for surface in probe.result.surfaces.iter() {
            let path = dir.join(parity::render::screenshot::file_name(surface, &probe.result.route));
            std::fs::write(&path, png).with_context(|| cannot_write(&path))?;
        }
    }
    Ok(())
}

/// Whether the run must render: `--render`, or a deployment set to `always`.
fn render_required(args: &CheckArgs, config: &Config) -> bool {
    args.render || config.render_modes().values().any(|mode| *mode == RenderMode::Always)
}

fn matrix_paths(args: &CheckArgs, config: &Config) -> Vec<PathBuf> {
    if !args.matrix.paths.is_empty() {
        return args.matrix.paths.clone();
    }
    let configured = config.matrix_paths();
    if configured.is_empty() { vec![PathBuf::from("parity")] } else { configured }
}

/// Renders a check report in the chosen format (or the CI default) to
/// `--output` or stdout; on GitHub, the Markdown also goes to the step summary.
/// Code Quality puts what concerns no line of the matrix on `fallback`.
pub(super) fn render(
    format: Option<CheckFormat>,
    output: Option<&Path>,
    report: &CheckReport<'_>,
    fallback: &Path,
) -> Result<()> {
    let mut out = Output::open(output)?;
    match format_or_ci_default(format, CheckFormat::Github, CheckFormat::Table) {
        CheckFormat::Table => {
            // Colour for a person at a terminal, never into a file.
            let color = output.is_none() && color_for(&std::io::stdout());
            parity::report::check::table::write(&mut out, report, terminal_width(), color)?;
        }
        CheckFormat::Json => parity::report::check::json::write(&mut out, report)?,
        CheckFormat::Junit => parity::report::check::junit::write(&mut out, report)?,
        CheckFormat::Markdown => parity::report::check::markdown::write(&mut out, report)?,
        CheckFormat::Sarif => parity::report::check::sarif::write(&mut out, report)?,
        CheckFormat::Codequality => parity::report::check::sarif::write_codequality(&mut out, report, fallback)?,
        CheckFormat::Github => {
            parity::report::check::github::write(&mut out, report)?;
            append_step_summary(|file| parity::report::check::markdown::write(file, report))?;
        }
    }
    out.finish()
}

/// The request log and the progress bar.
struct Observers {
    log: Option<Mutex<BufWriter<File>>>,
    progress: Option<indicatif::ProgressBar>,
}

impl Observers {
    fn new(log: Option<&std::path::Path>, total: usize) -> Result<Self> {
        let log = log
            .map(|path| File::create(path).with_context(|| cannot_write(path)))
            .transpose()?
            .map(|file| Mutex::new(BufWriter::new(file)));
        // A progress bar only for a person watching: a terminal, and not CI.
        let interactive = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
        let progress = interactive.then(|| {
            let bar = indicatif::ProgressBar::new(total as u64);
            bar.set_style(
                indicatif::ProgressStyle::with_template("{spinner} probing {pos}/{len} {wide_bar} {elapsed}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar
        });
        Ok(Self { log, progress })
    }

    fn finish(&self) -> Result<()> {
        if let Some(bar) = &self.progress {
            bar.finish_and_clear();
        }
        if let Some(log) = &self.log {
            log.lock().map_err(|_| anyhow::anyhow!("the request log lock was poisoned"))?.flush()?;
        }
        Ok(())
    }
}

impl Observer for Observers {
    fn wants_requests(&self) -> bool {
        self.log.is_some()
    }

    fn request_sent(&self, request: &SentRequest) {
        if let Some(log) = &self.log {
            if let Ok(mut log) = log.lock() {
                // A failed log write must not stop the check; the flush at the end reports it.
                let _ = serde_json::to_writer(&mut *log, request).map(|()| log.write_all(b"\n"));
            }
        }
    }

    fn probe_done(&self, _result: &ProbeResult) {
        if let Some(bar) = &self.progress {
            bar.inc(1);
        }
    }
}
