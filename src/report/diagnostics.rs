//! Findings printed like rustc: the file and position, the offending line
//! with a caret, what was expected and a hint. The message, label and hint
//! are cut like any prose on a terminal ([`clip_prose`]): a word past
//! [`MESSAGE_WORD_CHARS`] (a route of 65,536 characters) would fill screens;
//! JSON keeps them whole.

use std::io::{self, Write};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::finding::{Finding, Severity};
use crate::matrix::Sources;
use crate::report::{MESSAGE_WORD_CHARS, clip_prose};

/// Writes every finding, then a one-line summary.
pub fn write(out: &mut dyn Write, findings: &[Finding], sources: &Sources, color: bool) -> io::Result<()> {
    let renderer = if color { Renderer::styled() } else { Renderer::plain() };
    for finding in findings {
        writeln!(out, "{}\n", renderer.render(&[group(finding, sources)]))?;
    }
    Ok(())
}

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Note => Level::NOTE,
    }
}

fn group<'a>(finding: &'a Finding, sources: &'a Sources) -> Group<'a> {
    let cut = |text: &str| clip_prose(text, MESSAGE_WORD_CHARS);
    let title = level(finding.severity).primary_title(cut(&finding.message)).id(finding.code.as_str());
    let mut group = Group::with_title(title);
    if let Some(location) = &finding.location {
        match sources.file(&location.path).and_then(|file| file.line(location.line)) {
            Some(line) => {
                let span = byte_span(line, location.column, location.pos.len);
                let mut annotation = AnnotationKind::Primary.span(span);
                if let Some(label) = &finding.label {
                    annotation = annotation.label(cut(label));
                }
                group = group.element(
                    Snippet::source(line)
                        .line_start(location.line as usize)
                        .path(location.path.to_string_lossy())
                        .annotation(annotation),
                );
            }
            None => {
                group = group.element(Level::NOTE.message(format!("at {location}")));
            }
        }
    }
    if let Some(help) = &finding.help {
        group = group.element(Level::HELP.message(cut(help)));
    }
    group
}

/// Converts a 1-based character column and a character length on `line`
/// into a byte range, clamped to the line.
fn byte_span(line: &str, column: u32, len: usize) -> std::ops::Range<usize> {
    let byte_at = |chars: usize| line.char_indices().nth(chars).map_or(line.len(), |(i, _)| i);
    let start = byte_at((column as usize).saturating_sub(1));
    let end = byte_at((column as usize).saturating_sub(1) + len.max(1)).max(start);
    if start == end && start == line.len() && !line.is_empty() {
        // Point at the last character rather than past the line.
        let last = line.char_indices().last().map_or(0, |(i, _)| i);
        return last..line.len();
    }
    start..end
}

/// "1 file", "2 files".
#[must_use]
pub fn plural(count: usize, word: &str) -> String {
    format!("{count} {word}{}", if count == 1 { "" } else { "s" })
}

/// "2 errors, 1 warning (3 waived)" — the tally that closes a report.
#[must_use]
pub fn summary(findings: &[Finding], waived: usize) -> String {
    let count = |severity| findings.iter().filter(|f| f.severity == severity).count();
    let mut text = format!(
        "{}, {}, {}",
        plural(count(Severity::Error), "error"),
        plural(count(Severity::Warning), "warning"),
        plural(count(Severity::Note), "note")
    );
    if waived > 0 {
        text = format!("{text} ({waived} waived)");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_span_counts_characters_not_bytes() {
        let line = "  notes: site → profile";
        assert_eq!(&line[byte_span(line, 17, 7)], "profile");
        assert_eq!(&line[byte_span(line, 3, 5)], "notes");
    }

    #[test]
    fn byte_span_past_the_end_points_at_the_last_character() {
        assert_eq!(byte_span("abc", 9, 1), 2..3);
    }
}
