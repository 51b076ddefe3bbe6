//! `parity report`: the audit as one self-contained web page for PMs and
//! reviewers — overview, heatmap of surfaces by intent, a detail drawer per
//! surface and one findings table across validation, check and diff.
//!
//! The Rust side is a data producer: [`build`] gathers a [`Page`] (serde),
//! and [`write`] pours it as a JSON island into one template with the
//! stylesheet and the script inline (`assets/`, hand-written, no build
//! step). The page renders itself from that island, so it opens from
//! `file://` and never makes a request. Same inputs, same bytes.

mod data;
mod images;
mod inputs;

use std::collections::BTreeMap;
use std::io::{self, Write};

pub use data::{
    At, DATA_VERSION, Files, Link, Page, PageAction, PageCheck, PageDeployment, PageFollowUp, PageGap, PagePending,
    PageProbe, PageSurface, PageTarget, PageWaiver, Screenshots,
};
pub use images::{INLINE_BYTES, ImageError, Shots, SiblingImage, collect_screenshots};
pub use inputs::{NamedReport, PageFinding, Source};

use crate::diff::Diff;
use crate::matrix::{self, Loaded};

const TEMPLATE: &str = include_str!("assets/page.html");
const STYLE: &str = include_str!("assets/style.css");
const SCRIPT: &str = include_str!("assets/app.js");

/// What a page is built from.
pub struct PageInputs<'a> {
    pub loaded: &'a Loaded,
    /// The day waiver expiry is judged on.
    pub today: jiff::civil::Date,
    /// `parity check --format json` reports, merged.
    pub checks: Vec<NamedReport>,
    /// The changes since `--since REV`.
    pub since: Option<Diff>,
    pub link: Option<Link>,
    /// Screenshots by surface id.
    pub screenshots: BTreeMap<String, Screenshots>,
}

/// Gathers everything the page shows.
#[must_use]
pub fn build(inputs: PageInputs<'_>) -> Page {
    let loaded = inputs.loaded;
    let mut reader = data::MatrixReader { sources: &loaded.sources, files: Files::default() };
    for file in loaded.sources.files() {
        reader.files.index(&file.path.display().to_string());
    }
    let mut families = Vec::new();
    let mut surfaces = reader.surfaces(loaded, &mut families);
    for surface in &mut surfaces {
        surface.screenshots = inputs.screenshots.get(&surface.id).cloned();
    }
    let (follow_ups, gaps, waivers) = reader.rest(loaded);
    let validation = matrix::validate(&loaded.matrix, &loaded.sources, inputs.today);
    let mut findings: Vec<PageFinding> = validation.findings.iter().map(|f| reader.finding(f)).collect();
    let mut files = reader.files;
    let check = (!inputs.checks.is_empty()).then(|| {
        let (check, reported) = inputs::merge_checks(inputs.checks, &mut files);
        // A check restates the matrix's own findings; list them once.
        let restated = |f: &PageFinding| {
            findings.iter().any(|v| (&v.code, &v.surface, &v.message) == (&f.code, &f.surface, &f.message))
        };
        let fresh: Vec<PageFinding> = reported.into_iter().filter(|f| !restated(f)).collect();
        findings.extend(fresh);
        check
    });
    if let Some(diff) = &inputs.since {
        findings.extend(diff.changes.iter().map(|change| PageFinding::from_change(change, &mut files)));
    }
    let (levels, intents) = data::vocabulary();
    Page {
        version: DATA_VERSION,
        title: loaded.matrix.document().map_or_else(|| "Parity report".to_owned(), |d| d.title.clone()),
        files: files.into_paths(),
        link: inputs.link,
        intents,
        levels,
        families,
        surfaces,
        follow_ups,
        gaps,
        waivers,
        check,
        explanations: data::explanations(&findings, inputs.since.as_ref()),
        since: inputs.since,
        findings,
    }
}

/// Data past this size goes into the page compressed: a 10,000-surface
/// matrix is about 10 MB of JSON but well under 2 MB deflated. Below it the
/// island stays readable JSON, so a committed page diffs line by line.
pub const COMPRESS_OVER_BYTES: usize = 2 * 1024 * 1024;

/// Writes the page: the template with the stylesheet, the script and the
/// data inline.
pub fn write(out: &mut dyn Write, page: &Page) -> io::Result<()> {
    write_with(out, page, COMPRESS_OVER_BYTES)
}

/// [`write`], compressing the data when its JSON is over `compress_over` bytes.
pub fn write_with(out: &mut dyn Write, page: &Page, compress_over: usize) -> io::Result<()> {
    let json = serde_json::to_string(page).map_err(io::Error::other)?;
    // Split first and fill the title last: a title that spells a
    // placeholder stays text.
    let (before, after) = TEMPLATE.split_once("{{data}}").expect("the template has a data island");
    let before = before.replace("/*{{style}}*/", STYLE).replace("{{title}}", &escape_html(&page.title));
    let after = after.replace("/*{{script}}*/", SCRIPT);
    out.write_all(before.as_bytes())?;
    if json.len() > compress_over {
        out.write_all(deflated_island(&json)?.as_bytes())?;
    } else {
        write!(out, r#"<script type="application/json" id="parity-data">{}</script>"#, island(&json))?;
    }
    out.write_all(after.as_bytes())
}

/// The data deflated (zlib, which the browser's `DecompressionStream`
/// reads) and in base64: deterministic for the same JSON.
fn deflated_island(json: &str) -> io::Result<String> {
    use base64::Engine;
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(json.as_bytes())?;
    let base64_text = base64::engine::general_purpose::STANDARD.encode(encoder.finish()?);
    Ok(format!(
        r#"<script type="application/octet-stream" id="parity-data" data-encoding="deflate-base64">{base64_text}</script>"#
    ))
}

/// JSON safe inside `<script type="application/json">`: no `<` can close
/// the element or open a comment, and JSON reads `\u003c` back as `<`.
fn island(json: &str) -> String {
    json.replace('<', "\\u003c")
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_island_cannot_close_its_script_element() {
        let json = serde_json::to_string("</script><!--").unwrap();
        let safe = island(&json);
        assert!(!safe.contains('<'));
        assert_eq!(serde_json::from_str::<String>(&safe).unwrap(), "</script><!--");
    }

    #[test]
    fn a_title_that_spells_a_placeholder_stays_text() {
        let loaded = matrix::load(&[std::path::PathBuf::from("parity")]);
        let mut page = build(PageInputs {
            loaded: &loaded,
            today: jiff::civil::date(2026, 12, 1),
            checks: Vec::new(),
            since: None,
            link: None,
            screenshots: BTreeMap::new(),
        });
        page.title = "A {{data}} /*{{style}}*/ <b>".to_owned();
        let mut out = Vec::new();
        write(&mut out, &page).unwrap();
        let html = String::from_utf8(out).unwrap();
        assert!(html.contains("<title>A {{data}} /*{{style}}*/ &lt;b&gt;</title>"), "{}", &html[..400]);
        assert_eq!(html.matches(r#"id="parity-data""#).count(), 1);
        assert_eq!(html.matches(STYLE).count(), 1);
    }

    #[test]
    fn large_data_is_deflated_and_reads_back_whole() {
        use base64::Engine;
        use std::io::Read;
        let json = serde_json::to_string(&vec!["a note <b>"; 1000]).unwrap();
        let island = deflated_island(&json).unwrap();
        let encoded = island.split('>').nth(1).unwrap().split('<').next().unwrap();
        let bytes = base64::engine::general_purpose::STANDARD.decode(encoded).unwrap();
        let mut back = String::new();
        flate2::read::ZlibDecoder::new(&bytes[..]).read_to_string(&mut back).unwrap();
        assert_eq!(back, json);
        assert!(island.len() < json.len() / 10, "{} of {}", island.len(), json.len());
    }
}
