//! `parity scan`: source trees → discovered routes, and against a matrix →
//! findings, coverage and an exit code.

use std::path::PathBuf;

use anyhow::Result;

use super::commands::{color_for, load_or_report, stdout};
use super::{Exit, MatrixArgs, ScanArgs};
use parity::report::scan::{ScanFormat, ScanReport, ScannedTree, github, json, markdown, table};
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
    let mut trees = Vec::new();
    for (role, root) in roles {
        match scan::scan_tree(root, only) {
            Ok(scan) => trees.push(ScannedTree { role, scan }),
            Err(error) => {
                anstream::eprintln!("error: {error}");
                return Ok(Exit::Usage);
            }
        }
    }
    let loaded = if comparing {
        let paths = MatrixArgs { paths: args.matrix.clone() }.resolve();
        let Some(loaded) = load_or_report(&paths)? else { return Ok(Exit::Usage) };
        Some(loaded)
    } else {
        None
    };
    let audit = loaded.as_ref().map(|loaded| {
        let side = |role| trees.iter().filter(move |t| t.role == Some(role)).map(|t| &t.scan);
        let v1: Vec<&scan::TreeScan> = side("v1").collect();
        let v3: Vec<&scan::TreeScan> = side("v3").collect();
        scan::against::audit(&loaded.matrix, &loaded.sources, &v1, &v3)
    });
    let report = ScanReport {
        trees: &trees,
        audit: audit.as_ref(),
        sources: loaded.as_ref().map(|l| &l.sources),
        fail_on: args.fail_on,
    };
    let mut out = stdout();
    match args.format {
        ScanFormat::Table => table::write(&mut out, &report, color_for(&std::io::stdout()))?,
        ScanFormat::Json => json::write(&mut out, &report)?,
        ScanFormat::Markdown => markdown::write(&mut out, &report)?,
        ScanFormat::Github => github::write(&mut out, &report)?,
    }
    let failed = report.findings().iter().any(|f| f.fails(args.fail_on));
    Ok(if failed { Exit::Findings } else { Exit::Clean })
}
