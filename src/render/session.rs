//! One headless browser for a whole run: launched with the flags a server
//! without a display needs, a fresh profile in a temporary directory that
//! is removed afterwards, and a bounded pool of tabs. A browser that will
//! not start is an error the caller turns into a usage error; a page that
//! misbehaves is cut off at its deadline, never waited on.

use std::time::Duration;

use chromiumoxide::cdp::browser_protocol::browser::{SetDownloadBehaviorBehavior, SetDownloadBehaviorParams};
use chromiumoxide::{Browser, BrowserConfig, Page};
use futures_util::StreamExt;
use tokio::sync::{Semaphore, SemaphorePermit};
use tokio::task::JoinHandle;

use super::options::{RenderError, RenderOptions};

/// The flags every launch passes, beside `--headless`, `--no-sandbox` and
/// the profile directory: no GPU, no QUIC, no first-run, background or
/// sync traffic, no popups and no permission prompts.
pub const LAUNCH_FLAGS: &[&str] = &[
    "disable-gpu",
    "disable-quic",
    "no-first-run",
    "no-default-browser-check",
    "disable-background-networking",
    "disable-component-update",
    "disable-sync",
    "disable-default-apps",
    "disable-breakpad",
    "disable-dev-shm-usage",
    "block-new-web-contents",
    "deny-permission-prompts",
    "disable-notifications",
];

/// A running browser and its pool of tabs.
pub struct Session {
    browser: Browser,
    handler: JoinHandle<()>,
    tabs: Semaphore,
    pub options: RenderOptions,
    /// Removed when the session is dropped, after the browser has exited.
    profile: Option<tempfile::TempDir>,
}

impl Session {
    /// Starts the browser with a fresh profile.
    pub async fn launch(options: RenderOptions) -> Result<Self, RenderError> {
        let profile = tempfile::Builder::new().prefix("parity-browser-").tempdir().map_err(RenderError::Profile)?;
        let launch_error = |detail: String| RenderError::Launch { path: options.browser.display().to_string(), detail };
        let config = BrowserConfig::builder()
            .chrome_executable(&options.browser)
            .disable_default_args()
            .no_sandbox()
            .user_data_dir(profile.path())
            .args(LAUNCH_FLAGS.iter().copied())
            .enable_request_intercept()
            .request_timeout(options.page_timeout)
            .launch_timeout(Duration::from_secs(30))
            .viewport(None)
            .window_size(1280, 900)
            .build()
            .map_err(launch_error)?;
        let (browser, mut handler) = Browser::launch(config).await.map_err(|error| launch_error(error.to_string()))?;
        // The handler carries every message of the protocol: it runs until the browser closes.
        let handler = tokio::spawn(async move { while handler.next().await.is_some() {} });
        let deny = SetDownloadBehaviorParams::new(SetDownloadBehaviorBehavior::Deny);
        let tabs = Semaphore::new(options.concurrency.max(1));
        let session = Self { browser, handler, tabs, options, profile: Some(profile) };
        session.browser.execute(deny).await.map_err(|error| RenderError::Tab(error.to_string()))?;
        Ok(session)
    }

    /// Waits for a free tab slot, then opens a blank tab.
    pub async fn tab(&self) -> Result<(Page, SemaphorePermit<'_>), RenderError> {
        let permit = self.tabs.acquire().await.map_err(|error| RenderError::Tab(error.to_string()))?;
        let page = self.browser.new_page("about:blank").await.map_err(|error| RenderError::Tab(error.to_string()))?;
        Ok((page, permit))
    }

    /// Closes the browser, waits for it to exit (killing it if it will not)
    /// and removes its profile.
    pub async fn close(mut self) {
        let closed = tokio::time::timeout(Duration::from_secs(5), async {
            let _ = self.browser.close().await;
            self.browser.wait().await
        })
        .await;
        if !matches!(closed, Ok(Ok(_))) {
            let _ = self.browser.kill().await;
        }
        self.handler.abort();
        if let Some(profile) = self.profile.take() {
            // A profile left behind is disk space, not a wrong verdict.
            let _ = profile.close();
        }
    }
}
