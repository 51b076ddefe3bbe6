//! `parity check --render`: routes judged in a real, headless browser, for
//! single-page apps whose every path answers the same HTML shell (HTTP
//! alone reads them `indeterminate`).
//!
//! The files read top to bottom: finding the browser ([`discover`]), the
//! safety rules every request of a page passes ([`guard`]), what a rendered
//! page reduces to ([`snapshot`]) and the verdict it gives ([`judge`]);
//! then, with the `render` feature, the browser [`session`], one [`page`],
//! and the [`engine`] that renders a plan's routes.

pub mod discover;
pub mod guard;
pub mod judge;
pub mod options;
pub mod screenshot;
pub mod snapshot;

#[cfg(feature = "render")]
pub mod engine;
#[cfg(feature = "render")]
pub mod page;
#[cfg(feature = "render")]
pub mod session;

pub use discover::{Discovery, INSTALL_HINT, discover};
pub use judge::{RenderNote, Rendered, judge};
pub use options::{RenderError, RenderOptions, RenderPlan, RenderedProbe};
pub use snapshot::{Named, Snapshot};

use crate::probe::Observer;

/// Renders the plan's probes (routes) in one browser launched for the call, on a
/// runtime of its own; one [`RenderedProbe`] per probe of a configured
/// deployment. Without the `render` feature, [`RenderError::NotBuilt`].
pub fn run_blocking(
    options: RenderOptions,
    plan: RenderPlan<'_>,
    observer: &dyn Observer,
) -> Result<Vec<RenderedProbe>, RenderError> {
    #[cfg(feature = "render")]
    {
        // The browser's protocol handler and the pages' watchers run beside the
        // loop that renders: two threads keep one busy page from stalling them.
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build();
        let runtime = runtime.map_err(|error| RenderError::Launch {
            path: options.browser.display().to_string(),
            detail: format!("the async runtime cannot start: {error}"),
        })?;
        let rendered = runtime.block_on(engine::run(options, plan, observer));
        runtime.shutdown_background();
        rendered
    }
    #[cfg(not(feature = "render"))]
    {
        let _ = (options, plan, observer);
        Err(RenderError::NotBuilt)
    }
}

/// [`run_blocking`] on the caller's runtime (the demo's, whose simulated
/// deployments run on it too).
pub async fn run(
    options: RenderOptions,
    plan: RenderPlan<'_>,
    observer: &dyn Observer,
) -> Result<Vec<RenderedProbe>, RenderError> {
    #[cfg(feature = "render")]
    {
        engine::run(options, plan, observer).await
    }
    #[cfg(not(feature = "render"))]
    {
        let _ = (options, plan, observer);
        Err(RenderError::NotBuilt)
    }
}
