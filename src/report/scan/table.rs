//! The terminal report: per tree, one aligned line per route (methods,
//! pattern, framework, confidence, `file:line`), then notes; against a matrix,
//! the findings like rustc and the coverage.

use std::io::{self, Write};

use super::ScanReport;
use crate::report::{clip, diagnostics};
use crate::scan::{Confidence, DiscoveredRoute};

/// Writes the report; `color` for the findings' diagnostics.
pub fn write(out: &mut dyn Write, report: &ScanReport<'_>, color: bool) -> io::Result<()> {
    for tree in report.trees {
        let scan = &tree.scan;
        let role = tree.role.map(|r| format!("{r}: ")).unwrap_or_default();
        writeln!(out, "{role}{}", scan.root.display())?;
        for project in scan.projects.iter().filter(|p| !p.frameworks.is_empty()) {
            let dir = if project.dir.as_os_str().is_empty() { ".".into() } else { project.dir.display().to_string() };
            // Say where hoisted dependencies came from, so a surprising framework can be traced.
            let from = project.workspace.as_ref().map_or_else(String::new, |root| {
                let root = if root.as_os_str().is_empty() { ".".into() } else { root.display().to_string() };
                format!(" (dependencies of workspace root {root})")
            });
            writeln!(out, "  project {dir}: {}{from}", project.frameworks.join(", "))?;
        }
        let rows: Vec<[String; 5]> = scan.routes.iter().map(row).collect();
        let widths: Vec<usize> = (0..4).map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0)).collect();
        for row in &rows {
            let line = format!(
                "  {:w0$}  {:w1$}  {:w2$}  {:w3$}  {}",
                row[0],
                row[1],
                row[2],
                row[3],
                row[4],
                w0 = widths[0],
                w1 = widths[1],
                w2 = widths[2],
                w3 = widths[3]
            );
            writeln!(out, "{}", line.trim_end())?;
        }
        for note in &scan.notes {
            writeln!(out, "  note: {}: {}", note.file.display(), note.message)?;
        }
        if scan.routes.is_empty() && scan.projects.iter().all(|p| p.frameworks.iter().all(|f| *f == "openapi")) {
            writeln!(
                out,
                "  hint: no framework was detected from a manifest (package.json, go.mod, Gemfile, Cargo.toml, \
                 requirements.txt, pyproject.toml, pom.xml, build.gradle, *.csproj); name one with --framework NAME"
            )?;
        }
        writeln!(out)?;
    }
    let findings = report.findings();
    if report.comparison.is_some() || !findings.is_empty() {
        let none = crate::matrix::Sources::default();
        diagnostics::write(out, &findings, report.sources.unwrap_or(&none), color)?;
    }
    writeln!(out, "{}", report.summary())
}

/// The widest a column of the route list grows: one route of 65,536
/// characters would otherwise pad every other line to its width (a 279 KB
/// source became 600 MB of table). A longer cell is cut with an ellipsis;
/// JSON keeps it whole.
const MAX_COLUMN: usize = 100;

fn row(route: &DiscoveredRoute) -> [String; 5] {
    let confidence = match route.confidence {
        Confidence::Exact => "exact",
        Confidence::Heuristic => "heuristic",
        Confidence::Unresolved => "unresolved",
    };
    let prefix = route.unresolved_prefix.as_ref().map(|p| format!("  prefix-unresolved={p}")).unwrap_or_default();
    let forward = route.forward.as_ref().map(|f| format!("  {f}")).unwrap_or_default();
    let place = format!("{}:{}{prefix}{forward}", route.file.display(), route.line);
    [route.methods.join(","), route.pattern.clone(), route.framework.to_owned(), confidence.to_owned(), place]
        .map(|cell| clip(&cell, MAX_COLUMN).into_owned())
}
