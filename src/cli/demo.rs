//! `parity demo`: the main job with no live servers — `parity check` of the
//! project's matrix against simulated V1 and V3 deployments on loopback.

use std::path::Path;

use anyhow::{Context, Result};

use super::Exit;
use super::args::DemoArgs;
use super::input::usable;
use super::report::{PageParts, write_page};
use parity::render::{RenderOptions, discover};
use parity::report::check::CheckReport;
use parity::report::html::NamedReport;

/// Runs `parity demo`: starts the simulated deployments, checks them, and
/// exits 0 when the check ran — the gaps it finds are the demo's point.
pub fn demo(args: &DemoArgs) -> Result<Exit> {
    let paths = args.matrix.resolve();
    let mut loaded = parity::matrix::load(&paths);
    loaded.add_text(Path::new(parity::demo::MATRIX_PATH), parity::demo::MATRIX);
    let Some(loaded) = usable(loaded)? else { return Ok(Exit::Usage) };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let outcome = runtime.block_on(parity::demo::check(&loaded, browser(args)))?;
    if let Some(error) = &outcome.render_failure {
        eprintln!("note: the single-page preview was not rendered ({error}); its HTTP verdicts stand");
    }
    let report = CheckReport::new(&loaded.matrix, &outcome, parity::Severity::Error);
    let fallback = super::input::first_file(&loaded.sources, &paths);
    super::check::render(Some(args.format), args.output.as_deref(), &report, &fallback)?;
    if let Some(out) = &args.report {
        // The page reads the check as any other: through its JSON report.
        let mut json = Vec::new();
        parity::report::check::json::write(&mut json, &report)?;
        let report = serde_json::from_slice(&json).context("the demo's own JSON report does not read back")?;
        let checks = vec![NamedReport { name: "parity demo".to_owned(), report }];
        write_page(out, &loaded, PageParts { checks, since: None, link: None, today: None }, None)?;
    }
    runtime.shutdown_background();
    Ok(Exit::Clean)
}

/// The browser that renders the single-page preview, found as `check
/// --render` finds one; none (with one note) keeps its HTTP verdicts.
fn browser(args: &DemoArgs) -> Option<RenderOptions> {
    if args.no_render {
        return None;
    }
    let env = |name| std::env::var_os(name);
    match discover(None, env("PARITY_BROWSER").as_deref(), env("PATH").as_deref()).into_result() {
        Ok(browser) => Some(RenderOptions { browser, ..RenderOptions::default() }),
        Err(why) => {
            eprintln!("note: the single-page preview keeps its HTTP verdicts (`indeterminate`): {why}");
            None
        }
    }
}
