//! What a render run is given and gives back, without the browser
//! machinery: the check plans and reads renders through these whether or
//! not the `render` feature is built.

use std::path::PathBuf;
use std::time::Duration;

use super::snapshot::Snapshot;
use crate::probe::{Deployment, KnownRoutes, PlannedProbe, ProbeResult};

/// What one render run renders: route probes of `deployments`, whose
/// not-found samples avoid every route of `known` and of the probes.
#[derive(Clone, Copy)]
pub struct RenderPlan<'a> {
    pub probes: &'a [PlannedProbe],
    pub deployments: &'a [Deployment],
    pub known: &'a KnownRoutes,
}

/// How the browser is found and driven.
#[derive(Clone, Debug)]
pub struct RenderOptions {
    pub browser: PathBuf,
    /// Tabs open at once.
    pub concurrency: usize,
    /// Deadline of one page, settling included.
    pub page_timeout: Duration,
    /// How long a page must be quiet to count as settled.
    pub settle: Duration,
    /// Send mutating requests of `mutable` deployments (`--allow-mutating`).
    pub allow_mutating: bool,
    /// Take a PNG of each rendered page.
    pub screenshots: bool,
    /// CSS selectors to look for on every page (a matrix `control: css:…`).
    pub selectors: Vec<String>,
}

impl Default for RenderOptions {
    fn default() -> Self {
        Self {
            browser: PathBuf::from("chromium"),
            concurrency: 4,
            page_timeout: Duration::from_secs(15),
            settle: Duration::from_millis(300),
            allow_mutating: false,
            screenshots: false,
            selectors: Vec::new(),
        }
    }
}

/// Why the browser could not be used at all.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("cannot create the browser's temporary profile: {0}")]
    Profile(#[source] std::io::Error),
    #[error("the browser `{path}` did not start: {detail}")]
    Launch { path: String, detail: String },
    #[error("the browser cannot open a tab: {0}")]
    Tab(String),
    #[error("this parity was built without the `render` feature")]
    NotBuilt,
}

/// A rendered route probe: its result, what the page showed, and its
/// screenshot when asked for.
#[derive(Clone, Debug)]
pub struct RenderedProbe {
    /// The probe's index in the slice given to the run.
    pub index: usize,
    pub result: ProbeResult,
    pub snapshot: Snapshot,
    pub screenshot: Option<Vec<u8>>,
}
