//! GitHub Actions workflow commands (`::error file=…,line=…::…`): one
//! annotation per finding or change, at the YAML line it concerns, so a
//! failure lands on the right line of the pull request. `check`, `diff` and
//! `scan` all write them through [`Annotations`], which also says what
//! GitHub will not show: it keeps ten annotations of a kind per step and
//! drops the rest without a word.

use std::io::{self, Write};

use crate::finding::{Finding, Location, Severity};

/// Annotations of one kind GitHub shows per step.
pub const SHOWN_PER_KIND: usize = 10;

/// The three kinds of annotation, each shown up to [`SHOWN_PER_KIND`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Error,
    Warning,
    Notice,
}

impl Kind {
    const ALL: [Self; 3] = [Self::Error, Self::Warning, Self::Notice];

    fn command(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Notice => "notice",
        }
    }
}

impl From<Severity> for Kind {
    fn from(severity: Severity) -> Self {
        match severity {
            Severity::Error => Self::Error,
            Severity::Warning => Self::Warning,
            Severity::Note => Self::Notice,
        }
    }
}

/// Writes annotations, counting them by kind.
pub struct Annotations<'w> {
    out: &'w mut dyn Write,
    written: [usize; 3],
}

impl<'w> Annotations<'w> {
    pub fn new(out: &'w mut dyn Write) -> Self {
        Self { out, written: [0; 3] }
    }

    /// One annotation of `kind`, titled, at `location` when there is one.
    pub fn write(&mut self, kind: Kind, location: Option<&Location>, title: &str, message: &str) -> io::Result<()> {
        self.written[kind as usize] += 1;
        writeln!(self.out, "{}", workflow_command(kind.command(), location, title, message))
    }

    /// A finding's annotation: its code as the title, its help after the message.
    pub fn finding(&mut self, finding: &Finding) -> io::Result<()> {
        let message = match &finding.help {
            Some(help) => format!("{}\nhelp: {help}", finding.message),
            None => finding.message.clone(),
        };
        self.write(finding.severity.into(), finding.location.as_ref(), finding.code.as_str(), &message)
    }

    /// A notice counting the annotations GitHub will not show, if any, then
    /// `summary` (one line) as a plain log line.
    pub fn finish(self, summary: &str) -> io::Result<()> {
        let hidden: Vec<String> = Kind::ALL
            .into_iter()
            .filter_map(|kind| {
                let beyond = self.written[kind as usize].checked_sub(SHOWN_PER_KIND).filter(|n| *n > 0)?;
                Some(format!("{beyond} more {}", kind.command()))
            })
            .collect();
        if !hidden.is_empty() {
            let message = format!(
                "GitHub shows {SHOWN_PER_KIND} annotations of a kind per step: {} annotations are only in this log",
                hidden.join(" and ")
            );
            writeln!(self.out, "{}", workflow_command("notice", None, "parity", &message))?;
        }
        // A plain log line: GitHub reads escapes only inside workflow commands.
        writeln!(self.out, "{summary}")
    }
}

/// A workflow command (`error`, `warning`, `notice`) at a YAML location,
/// with every property and the message escaped.
fn workflow_command(command: &str, location: Option<&Location>, title: &str, message: &str) -> String {
    let mut properties = Vec::new();
    if let Some(location) = location {
        properties.push(format!("file={}", escape_property(&location.path.to_string_lossy())));
        properties.push(format!("line={}", location.line));
        properties.push(format!("col={}", location.column));
    }
    properties.push(format!("title={}", escape_property(title)));
    format!("::{command} {}::{}", properties.join(","), escape_data(message))
}

/// Escapes a workflow-command message.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a workflow-command property value.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Code;
    use crate::matrix::Pos;

    fn written(write: impl FnOnce(&mut Annotations<'_>) -> io::Result<()>, summary: &str) -> String {
        let mut out = Vec::new();
        let mut annotations = Annotations::new(&mut out);
        write(&mut annotations).unwrap();
        annotations.finish(summary).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn annotations_escape_what_github_would_misread() {
        let pos = Pos { line: 12, column: 5, offset: 0, len: 1 };
        let finding = Finding::new(Code::RouteMissing, "50% gone\nreally")
            .at(Location::new("parity/a,b:c.yaml".into(), pos))
            .help("fix it");
        assert_eq!(
            written(|a| a.finding(&finding), "1 error (100%)"),
            "::error file=parity/a%2Cb%3Ac.yaml,line=12,col=5,title=route-missing::50%25 gone%0Areally%0Ahelp: \
             fix it\n1 error (100%)\n"
        );
    }

    /// GitHub drops the eleventh error annotation of a step without a word;
    /// the notice says how many it will not show.
    #[test]
    fn annotations_github_will_not_show_are_counted_in_a_notice() {
        let out = written(
            |annotations| {
                for n in 0..12 {
                    annotations.write(Kind::Error, None, "route-missing", &format!("gone {n}"))?;
                }
                annotations.write(Kind::Warning, None, "auth-required", "behind auth")
            },
            "done",
        );
        assert_eq!(out.lines().filter(|line| line.starts_with("::error ")).count(), 12);
        assert!(
            out.ends_with(
                "::notice title=parity::GitHub shows 10 annotations of a kind per step: 2 more error annotations \
                 are only in this log\ndone\n"
            ),
            "{out}"
        );
    }
}
