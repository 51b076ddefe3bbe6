//! `parity scan`: source trees → discovered routes, and against a matrix →
//! findings, coverage and an exit code.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::Exit;
use super::args::{InitArgs, MatrixArgs, ScanArgs};
use super::input::{first_file, load_or_report};
use super::output::{Output, cannot_write, color_for, stdout};
use parity::report::scan::{ScanFormat, ScanReport, ScannedTree, github, json, markdown, sarif, table};
use parity::scan::{self, framework};

/// Runs `parity scan`.
pub fn scan(args: &ScanArgs) -> Result<Exit> {
    let only = framework::by_name(&args.framework);
    let comparing = !args.v1.is_empty() || !args.v3.is_empty();
    let roles: Vec<(Option<&'static str>, &PathBuf)> = if comparing {
        args.v1.iter().map(|p| (Some("v1"), p)).chain(args.v3.iter().map(|p| (Some("v3"), p))).collect()
    } else {
        args.paths.iter().map(|p| (None, p)).collect()
    };
    let Some(trees) = scan_all(roles, only) else { return Ok(Exit::Usage) };
    let loaded = if comparing {
        let paths = MatrixArgs { paths: args.matrix.clone() }.resolve();
        let Some(loaded) = load_or_report(&paths)? else { return Ok(Exit::Usage) };
        Some(loaded)
    } else {
        None
    };
    let mut comparison = loaded.as_ref().map(|loaded| {
        let side = |role| trees.iter().filter(move |t| t.role == Some(role)).map(|t| &t.scan);
        let v1: Vec<&scan::TreeScan> = side("v1").collect();
        let v3: Vec<&scan::TreeScan> = side("v3").collect();
        let mut comparison = scan::against::compare(&loaded.matrix, &loaded.sources, &v1, &v3);
        let findings = std::mem::take(&mut comparison.findings);
        let (kept, waived) = parity::matrix::waive_check_findings(&loaded.matrix, findings, jiff::Zoned::now().date());
        comparison.findings = kept;
        comparison.waived = waived.len();
        comparison
    });
    if let (Some(comparison), Some(path)) = (comparison.as_mut(), &args.baseline) {
        parity::check::mark_known(&mut comparison.findings, &parity::check::read_known(path)?);
    }
    let report = ScanReport {
        trees: &trees,
        comparison: comparison.as_ref(),
        sources: loaded.as_ref().map(|l| &l.sources),
        fail_on: args.fail_on,
    };
    let plain = matches!(args.format, ScanFormat::Json | ScanFormat::Sarif | ScanFormat::Codequality);
    let mut out = if plain { Output::open_plain(None)? } else { Output::open(None)? };
    match args.format {
        ScanFormat::Table => table::write(&mut out, &report, color_for(&std::io::stdout()))?,
        ScanFormat::Json => json::write(&mut out, &report)?,
        ScanFormat::Markdown => markdown::write(&mut out, &report)?,
        ScanFormat::Github => github::write(&mut out, &report)?,
        ScanFormat::Sarif => sarif::write(&mut out, &report)?,
        ScanFormat::Codequality => {
            let matrix = MatrixArgs { paths: args.matrix.clone() }.resolve();
            let fallback = loaded.as_ref().map_or_else(|| args.paths[0].clone(), |l| first_file(&l.sources, &matrix));
            sarif::write_codequality(&mut out, &report, &fallback)?;
        }
    }
    out.finish()?;
    let failed = report.findings().iter().any(|f| f.fails(args.fail_on));
    Ok(if failed { Exit::Findings } else { Exit::Clean })
}

/// Scans every tree; on an input error, prints it and returns `None` (exit 2).
fn scan_all(
    roles: Vec<(Option<&'static str>, &PathBuf)>,
    only: Option<&'static framework::Framework>,
) -> Option<Vec<ScannedTree>> {
    let mut trees = Vec::new();
    for (role, root) in roles {
        match scan::scan_tree(root, only) {
            Ok(scan) => trees.push(ScannedTree { role, scan }),
            Err(error) => {
                anstream::eprintln!("error: {error}");
                return None;
            }
        }
    }
    Some(trees)
}

/// Why `parity init` found nothing to scaffold, blaming detection only
/// when nothing was detected.
fn nothing_to_scaffold(roots: &[PathBuf], scans: &[&scan::TreeScan]) -> String {
    let roots: Vec<String> = roots.iter().map(|p| format!("`{}`", p.display())).collect();
    let detected: Vec<String> = scans
        .iter()
        .flat_map(|scan| scan.projects.iter())
        .filter(|project| !project.frameworks.is_empty())
        .map(|project| {
            let dir = if project.dir.as_os_str().is_empty() { ".".into() } else { project.dir.display().to_string() };
            format!("{} in `{dir}`", project.frameworks.join(", "))
        })
        .collect();
    let hint = if detected.is_empty() {
        "hint: no framework was detected from a manifest; name one with --framework NAME".to_owned()
    } else {
        format!(
            "hint: detected {}, but its code declares no route parity can read; \
             `parity scan` lists the notes on what was skipped",
            detected.join("; ")
        )
    };
    format!("error: no V1 route was found in {}, so there is nothing to scaffold\n{hint}", roots.join(", "))
}

/// Runs `parity init`: scans, then writes the matrix and parity.toml,
/// refusing to overwrite any of them without `--force`.
pub fn init(args: &InitArgs) -> Result<Exit> {
    let only = framework::by_name(&args.framework);
    let roles = args.v1.iter().map(|p| (Some("v1"), p)).chain(args.v3.iter().map(|p| (Some("v3"), p))).collect();
    let Some(trees) = scan_all(roles, only) else { return Ok(Exit::Usage) };
    let side = |role| trees.iter().filter(|t| t.role == Some(role)).map(|t| &t.scan).collect::<Vec<_>>();
    let scaffold = scan::init::scaffold(&args.title, &side("v1"), &side("v3"));
    if scaffold.surface_count == 0 {
        anstream::eprintln!("{}", nothing_to_scaffold(&args.v1, &side("v1")));
        return Ok(Exit::Usage);
    }
    let config_dir = args.out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let matrix_dir = args.out.file_name().map_or_else(|| "parity".to_owned(), |n| n.to_string_lossy().into_owned());
    let files = [
        (args.out.join("00-document.yaml"), scaffold.document.clone()),
        (args.out.join("10-surfaces.yaml"), scaffold.surfaces.clone()),
        (config_dir.join("parity.toml"), scan::init::config(&matrix_dir)),
    ];
    if !args.force {
        if let Some((path, _)) = files.iter().find(|(path, _)| path.exists()) {
            anstream::eprintln!("error: `{}` exists; pass --force to overwrite it", path.display());
            return Ok(Exit::Usage);
        }
    }
    std::fs::create_dir_all(&args.out).with_context(|| format!("cannot create `{}`", args.out.display()))?;
    for (path, text) in &files {
        std::fs::write(path, text).with_context(|| cannot_write(path))?;
    }
    let mut out = stdout();
    writeln!(
        out,
        "wrote {} surfaces with {} actions to {} and {}",
        scaffold.surface_count,
        scaffold.action_count,
        args.out.display(),
        files[2].0.display()
    )?;
    writeln!(out, "next: confirm the V3 targets, then `parity validate`")?;
    Ok(Exit::Clean)
}
