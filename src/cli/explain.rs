//! `parity explain`: what a finding or change code means, from docs/codes/.

use std::io::Write;

use anyhow::{Result, bail};

use super::Exit;
use super::args::ExplainArgs;
use super::output::stdout;
use parity::diff::ChangeCode;
use parity::finding::{Code, Kind, suggestion};

/// Runs `parity explain`: one code's page, or `--list` of them all.
pub fn explain(args: &ExplainArgs) -> Result<Exit> {
    if args.list {
        list()?;
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
    write!(stdout(), "{explanation}")?;
    Ok(Exit::Clean)
}

/// Every code, one line each: finding codes with their severity and kind,
/// then change codes with their direction.
fn list() -> Result<()> {
    let mut out = stdout();
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
    Ok(())
}
