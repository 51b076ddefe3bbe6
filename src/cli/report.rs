//! `parity report`: the matrix, its check reports and the changes since a
//! revision → one self-contained web page (`--out FILE`).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::Exit;
use super::args::ReportArgs;
use super::input::load_or_report;
use parity::diff::{Diff, read_report};
use parity::matrix::Loaded;
use parity::report::html::{self, Link, NamedReport, PageInputs, collect_screenshots};

/// Runs `parity report`: exit 0 when the page was written, 2 on bad input.
pub fn report(args: &ReportArgs) -> Result<Exit> {
    let paths = args.matrix.resolve();
    let Some(loaded) = load_or_report(&paths)? else { return Ok(Exit::Usage) };
    let checks = args
        .check
        .iter()
        .map(|path| Ok(NamedReport { name: path.display().to_string(), report: read_report(path)? }))
        .collect::<Result<Vec<_>>>()?;
    let since = match &args.since {
        // The diff takes a loaded head; the page reads this one.
        Some(rev) => {
            let Some(head) = load_or_report(&paths)? else { return Ok(Exit::Usage) };
            let Some(diff) = super::diff::since(rev, &paths, head)? else { return Ok(Exit::Usage) };
            Some(diff)
        }
        None => None,
    };
    let link = args.link.as_deref().map(link).transpose()?;
    let page = PageParts { checks, since, link, today: args.today };
    write_page(&args.out, &loaded, page, args.screenshots.as_deref())?;
    Ok(Exit::Clean)
}

/// What a page shows besides the matrix.
pub struct PageParts {
    pub checks: Vec<NamedReport>,
    pub since: Option<Diff>,
    pub link: Option<Link>,
    pub today: Option<jiff::civil::Date>,
}

/// Builds the page and writes it to `out`, large screenshots beside it.
pub fn write_page(out: &Path, loaded: &Loaded, parts: PageParts, screenshots: Option<&Path>) -> Result<()> {
    let folder = format!("{}.images", out.file_name().map_or_else(|| "parity.html".into(), |n| n.to_string_lossy()));
    let shots = match screenshots {
        Some(dir) => {
            if !dir.is_dir() {
                bail!("`--screenshots {}` is not a directory", dir.display());
            }
            collect_screenshots(dir, loaded.matrix.surfaces.iter().map(|s| s.id.as_str()), &folder)?
        }
        None => html::Shots::default(),
    };
    let inputs = PageInputs {
        loaded,
        today: parts.today.unwrap_or_else(|| jiff::Zoned::now().date()),
        checks: parts.checks,
        since: parts.since,
        link: parts.link,
        screenshots: shots.by_surface,
    };
    let page = html::build(inputs);
    let mut bytes = Vec::new();
    html::write(&mut bytes, &page)?;
    std::fs::write(out, bytes).with_context(|| format!("cannot write `{}`", out.display()))?;
    if !shots.siblings.is_empty() {
        let dir = out.parent().map_or_else(PathBuf::new, Path::to_path_buf).join(&folder);
        std::fs::create_dir_all(&dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
        for image in shots.siblings {
            std::fs::copy(&image.source, dir.join(&image.name))
                .with_context(|| format!("cannot copy `{}` to `{}`", image.source.display(), dir.display()))?;
        }
    }
    Ok(())
}

/// `--link TEMPLATE`, with `{rev}` read from git only when the template uses it.
fn link(template: &str) -> Result<Link> {
    let rev = if template.contains("{rev}") { head_commit()? } else { String::new() };
    Ok(Link { template: template.to_owned(), rev })
}

fn head_commit() -> Result<String> {
    let output = std::process::Command::new("git")
        .args(["rev-parse", "--verify", "HEAD"])
        .output()
        .context("`--link` uses {rev}, but git could not be run")?;
    if !output.status.success() {
        bail!(
            "`--link` uses {{rev}}, but there is no git commit here: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}
