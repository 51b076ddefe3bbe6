//! Screenshots for the surface drawer: `DIR/<surface-id>/v1.png` and
//! `v3.png` (or `.jpg`, `.jpeg`, `.webp`). A small image goes into the page
//! as a data URI; a large one is copied beside the page and linked
//! relatively, so the page stays quick to open and still needs no network.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use base64::Engine;

use super::data::Screenshots;

/// Images up to this size are inlined; larger ones go to the sibling folder.
pub const INLINE_BYTES: u64 = 256 * 1024;

const EXTENSIONS: &[(&str, &str)] =
    &[("png", "image/png"), ("jpg", "image/jpeg"), ("jpeg", "image/jpeg"), ("webp", "image/webp")];

/// An image to copy next to the page: from `source` to `name` inside the
/// sibling folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiblingImage {
    pub source: PathBuf,
    pub name: String,
}

/// The screenshots found, and the images to copy beside the page.
#[derive(Debug, Default)]
pub struct Shots {
    pub by_surface: BTreeMap<String, Screenshots>,
    pub siblings: Vec<SiblingImage>,
}

/// Why a screenshot folder cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    #[error("cannot read screenshot `{}`", .path.display())]
    Unreadable { path: PathBuf, source: crate::file::ReadError },
}

/// Finds the screenshots of `surfaces` in `dir`. `folder` is the sibling
/// folder's name as the page links it (`parity.html.images`).
///
/// # Errors
/// When a screenshot exists but cannot be read.
pub fn collect_screenshots<'a>(
    dir: &Path,
    surfaces: impl IntoIterator<Item = &'a str>,
    folder: &str,
) -> Result<Shots, ImageError> {
    let mut shots = Shots::default();
    for id in surfaces {
        let mut found = Screenshots::default();
        for (side, slot) in [("v1", &mut found.v1), ("v3", &mut found.v3)] {
            let Some((path, mime)) = find(&dir.join(id), side) else { continue };
            let size = std::fs::metadata(&path).map_or(0, |m| m.len());
            if size > INLINE_BYTES {
                let name = format!("{id}-{side}.{}", path.extension().unwrap_or_default().to_string_lossy());
                *slot = Some(format!("{folder}/{name}"));
                shots.siblings.push(SiblingImage { source: path, name });
            } else {
                let bytes = crate::file::read_bytes(&path)
                    .map_err(|source| ImageError::Unreadable { path: path.clone(), source })?;
                let encoded = base64::engine::general_purpose::STANDARD.encode(bytes);
                *slot = Some(format!("data:{mime};base64,{encoded}"));
            }
        }
        if found.v1.is_some() || found.v3.is_some() {
            shots.by_surface.insert(id.to_owned(), found);
        }
    }
    Ok(shots)
}

fn find(dir: &Path, side: &str) -> Option<(PathBuf, &'static str)> {
    EXTENSIONS.iter().map(|(ext, mime)| (dir.join(format!("{side}.{ext}")), *mime)).find(|(path, _)| path.is_file())
}
