//! Renders one URL in one tab, safely: every request the page makes is
//! paused and judged by [`guard`](super::guard) before it leaves the
//! browser, then the page is left to settle (no request in flight and no
//! DOM change for the settle time, bounded by the page deadline) and read
//! into a [`Snapshot`]. Nothing is ever clicked, typed or submitted.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chromiumoxide::Page;
use chromiumoxide::cdp::browser_protocol::accessibility::GetFullAxTreeParams;
use chromiumoxide::cdp::browser_protocol::fetch::{
    ContinueRequestParams, EventRequestPaused, FailRequestParams, HeaderEntry,
};
use chromiumoxide::cdp::browser_protocol::network::{
    ErrorReason, EventLoadingFailed, EventLoadingFinished, EventResponseReceived, ResourceType,
    SetBypassServiceWorkerParams,
};
use chromiumoxide::cdp::browser_protocol::page::{
    AddScriptToEvaluateOnNewDocumentParams, CaptureScreenshotFormat, NavigateParams,
};
use chromiumoxide::cdp::js_protocol::runtime::EventExceptionThrown;
use chromiumoxide::page::ScreenshotParams;
use futures_util::StreamExt;
use tokio::task::JoinSet;

use super::guard::{Decision, decide, with_credentials};
use super::judge::Rendered;
use super::session::Session;
use super::snapshot::{Snapshot, collapse};
use crate::probe::{Deployment, SentRequest};

/// Runs in every document before its own scripts: no service worker, no
/// popup, no notification or location prompt, and a clock of the last DOM
/// change for the settle rule.
const PREPARE: &str = r"
(() => {
  try { Object.defineProperty(Navigator.prototype, 'serviceWorker', { get: () => undefined }); } catch (e) {}
  window.open = () => null;
  if (window.Notification) { Notification.requestPermission = () => Promise.resolve('denied'); }
  if (navigator.geolocation) {
    const deny = (ok, fail) => fail && fail({ code: 1, message: 'denied by parity' });
    navigator.geolocation.getCurrentPosition = deny;
    navigator.geolocation.watchPosition = (ok, fail) => { deny(ok, fail); return 0; };
  }
  window.__parityChanged = performance.now();
  new MutationObserver(() => { window.__parityChanged = performance.now(); })
    .observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
})();
";

/// Milliseconds since the last DOM change, once the document is complete.
const QUIET_FOR: &str = "document.readyState === 'complete' ? performance.now() - (window.__parityChanged || 0) : -1";

/// The title, visible text, DOM and URL, as one JSON string.
const READ: &str = r"JSON.stringify({
  title: document.title || '',
  text: document.body ? document.body.innerText.slice(0, 200000) : '',
  main: (() => { const main = document.querySelector('main, [role=main]'); return main ? main.innerText : null; })(),
  html: document.documentElement ? document.documentElement.outerHTML.slice(0, 1000000) : '',
  url: location.href,
})";

/// How often the settle rule looks at the page.
const POLL: Duration = Duration::from_millis(50);

/// What a page did while it was open.
#[derive(Default)]
struct Traffic {
    /// Requests paused and not yet finished, by network id.
    in_flight: BTreeMap<String, usize>,
    /// Where each network id's request sits in `requests`.
    index: BTreeMap<String, usize>,
    /// Every request, in order, for `--log`.
    requests: Vec<SentRequest>,
    started: BTreeMap<String, Instant>,
    blocked: Vec<String>,
    /// The status of the latest document of the main frame.
    document_status: Option<u16>,
    exception: Option<String>,
    last_activity: Option<Instant>,
}

/// A rendered page, with the requests it made and a screenshot if asked.
pub struct PageRun {
    pub rendered: Rendered,
    pub requests: Vec<SentRequest>,
    pub screenshot: Option<Vec<u8>>,
}

/// Renders `url` of `deployment` in a tab of `session`. Never fails:
/// problems are a [`Rendered::failure`].
pub async fn render(session: &Session, deployment: &Deployment, url: &str) -> PageRun {
    let started = Instant::now();
    let traffic = Arc::new(Mutex::new(Traffic::default()));
    let opened = session.tab().await;
    let (page, _permit) = match opened {
        Ok(tab) => tab,
        Err(error) => return failed(url, error.to_string()),
    };
    let deadline = session.options.page_timeout;
    let watched = watch(&page, deployment, session.options.allow_mutating, &traffic).await;
    let run = match watched {
        Ok(mut watchers) => {
            let run = tokio::time::timeout(deadline, load(&page, session, url, &traffic, started)).await;
            watchers.abort_all();
            run.unwrap_or_else(|_| failed(url, format!("the page did not load within {} ms", deadline.as_millis())))
        }
        Err(error) => failed(url, error),
    };
    // A tab that will not close is the browser's problem, not the verdict's.
    let _ = tokio::time::timeout(Duration::from_secs(2), page.close()).await;
    finish(run, &traffic, started)
}

fn failed(url: &str, failure: String) -> PageRun {
    let rendered = Rendered { final_url: url.to_owned(), failure: Some(failure), ..Rendered::default() };
    PageRun { rendered, requests: Vec::new(), screenshot: None }
}

/// Adds what the page did to its run: the requests, what was blocked, the
/// first exception and the document's status.
fn finish(mut run: PageRun, traffic: &Mutex<Traffic>, started: Instant) -> PageRun {
    let Ok(mut traffic) = traffic.lock() else { return run };
    run.requests = std::mem::take(&mut traffic.requests);
    run.rendered.blocked = std::mem::take(&mut traffic.blocked);
    if run.rendered.exception.is_none() {
        run.rendered.exception = traffic.exception.take();
    }
    run.rendered.status = run.rendered.status.or(traffic.document_status);
    if run.rendered.failure.is_some() {
        run.rendered.settle_ms = millis(started.elapsed());
    }
    run
}

/// Navigates, waits for the page to settle and reads it.
async fn load(page: &Page, session: &Session, url: &str, traffic: &Mutex<Traffic>, started: Instant) -> PageRun {
    let navigated = page.execute(NavigateParams::new(url)).await;
    match navigated {
        Err(error) => return failed(url, error.to_string()),
        Ok(answer) => {
            if let Some(error) = answer.result.error_text.clone().filter(|text| !text.is_empty()) {
                return failed(url, error);
            }
        }
    }
    let settled = settle(page, session.options.settle, session.options.page_timeout, traffic, started).await;
    let settle_ms = millis(started.elapsed());
    let mut rendered = match read(page, &session.options.selectors).await {
        Ok(rendered) => rendered,
        Err(error) => return failed(url, error),
    };
    rendered.settled = settled;
    rendered.settle_ms = settle_ms;
    let screenshot = if session.options.screenshots {
        page.screenshot(ScreenshotParams::builder().format(CaptureScreenshotFormat::Png).full_page(true).build())
            .await
            .ok()
    } else {
        None
    };
    PageRun { rendered, requests: Vec::new(), screenshot }
}

/// Polls until nothing is in flight and the DOM has not changed for
/// `quiet`; `false` when the deadline (less a margin to read the page)
/// comes first.
async fn settle(page: &Page, quiet: Duration, deadline: Duration, traffic: &Mutex<Traffic>, started: Instant) -> bool {
    let budget = deadline.saturating_sub(deadline / 5);
    while started.elapsed() < budget {
        tokio::time::sleep(POLL).await;
        let network_quiet = traffic.lock().is_ok_and(|traffic| {
            traffic.in_flight.is_empty() && traffic.last_activity.is_none_or(|at| at.elapsed() >= quiet)
        });
        if !network_quiet {
            continue;
        }
        let dom_quiet = page.evaluate(QUIET_FOR).await.ok().and_then(|result| result.into_value::<f64>().ok());
        if dom_quiet.is_some_and(|ms| ms >= 0.0 && ms >= quiet.as_secs_f64() * 1000.0) {
            return true;
        }
    }
    false
}

/// Reads the settled page: its text and DOM by script, its headings,
/// landmarks and controls from the accessibility tree.
async fn read(page: &Page, selectors: &[String]) -> Result<Rendered, String> {
    #[derive(serde::Deserialize)]
    struct Read {
        title: String,
        text: String,
        main: Option<String>,
        html: String,
        url: String,
    }
    let json: String = page
        .evaluate(READ)
        .await
        .map_err(|error| error.to_string())?
        .into_value()
        .map_err(|error| error.to_string())?;
    let read: Read = serde_json::from_str(&json).map_err(|error| error.to_string())?;
    let mut snapshot = Snapshot {
        title: collapse(&read.title),
        text: collapse(&read.text),
        main_text: read.main.as_deref().map(collapse),
        html: read.html,
        ..Snapshot::default()
    };
    snapshot.visible_selectors = visible(page, selectors).await;
    let tree = page.execute(GetFullAxTreeParams::default()).await.map_err(|error| error.to_string())?;
    let text = |value: &Option<chromiumoxide::cdp::browser_protocol::accessibility::AxValue>| {
        value.as_ref().and_then(|v| v.value.as_ref()).and_then(|v| v.as_str()).unwrap_or_default().to_owned()
    };
    for node in tree.result.nodes.iter().filter(|node| !node.ignored) {
        snapshot.add_node(&text(&node.role), &text(&node.name));
    }
    Ok(Rendered { snapshot, final_url: read.url, ..Rendered::default() })
}

/// The selectors that match an element a person can see (rendered with a
/// box, not `visibility: hidden`); a selector the browser refuses matches nothing.
async fn visible(page: &Page, selectors: &[String]) -> Vec<String> {
    if selectors.is_empty() {
        return Vec::new();
    }
    let Ok(list) = serde_json::to_string(selectors) else { return Vec::new() };
    let script = format!(
        "JSON.stringify({list}.filter((selector) => {{ try {{ return [...document.querySelectorAll(selector)].some(\
         (element) => element.getClientRects().length > 0 && getComputedStyle(element).visibility !== 'hidden'); }} \
         catch (error) {{ return false; }} }}))"
    );
    let found = page.evaluate(script).await.ok().and_then(|result| result.into_value::<String>().ok());
    found.and_then(|json| serde_json::from_str(&json).ok()).unwrap_or_default()
}

/// Starts the tasks that judge every request and note what the page does.
async fn watch(
    page: &Page,
    deployment: &Deployment,
    allow_mutating: bool,
    traffic: &Arc<Mutex<Traffic>>,
) -> Result<JoinSet<()>, String> {
    let error = |error: chromiumoxide::error::CdpError| error.to_string();
    let mut paused = page.event_listener::<EventRequestPaused>().await.map_err(error)?;
    let mut answered = page.event_listener::<EventResponseReceived>().await.map_err(error)?;
    let mut finished = page.event_listener::<EventLoadingFinished>().await.map_err(error)?;
    let mut failed = page.event_listener::<EventLoadingFailed>().await.map_err(error)?;
    let mut thrown = page.event_listener::<EventExceptionThrown>().await.map_err(error)?;
    page.execute(SetBypassServiceWorkerParams::new(true)).await.map_err(error)?;
    page.execute(AddScriptToEvaluateOnNewDocumentParams::new(PREPARE)).await.map_err(error)?;
    let mut tasks = JoinSet::new();
    let (tab, own, shared) = (page.clone(), deployment.clone(), Arc::clone(traffic));
    tasks.spawn(async move {
        while let Some(event) = paused.next().await {
            let decision = decide(&event.request.method, &event.request.url, &own, allow_mutating);
            note_paused(&shared, &event, &decision, &own);
            answer(&tab, &event, &decision, &own).await;
        }
    });
    let shared = Arc::clone(traffic);
    tasks.spawn(async move {
        while let Some(event) = answered.next().await {
            let status = u16::try_from(event.response.status).ok();
            note(&shared, |traffic| {
                if event.r#type == ResourceType::Document {
                    traffic.document_status = status;
                }
                let index = traffic.index.get(event.request_id.inner()).copied();
                if let Some(request) = index.and_then(|index| traffic.requests.get_mut(index)) {
                    request.status = status;
                }
            });
        }
    });
    let shared = Arc::clone(traffic);
    tasks.spawn(async move {
        while let Some(event) = finished.next().await {
            note(&shared, |traffic| done(traffic, event.request_id.inner(), None));
        }
    });
    let shared = Arc::clone(traffic);
    tasks.spawn(async move {
        while let Some(event) = failed.next().await {
            note(&shared, |traffic| done(traffic, event.request_id.inner(), Some(event.error_text.clone())));
        }
    });
    let shared = Arc::clone(traffic);
    tasks.spawn(async move {
        while let Some(event) = thrown.next().await {
            let details = &event.exception_details;
            let message = details
                .exception
                .as_ref()
                .and_then(|exception| exception.description.clone())
                .and_then(|description| description.lines().next().map(str::to_owned))
                .unwrap_or_else(|| details.text.clone());
            note(&shared, |traffic| {
                traffic.exception.get_or_insert(message);
            });
        }
    });
    Ok(tasks)
}

fn note(traffic: &Mutex<Traffic>, change: impl FnOnce(&mut Traffic)) {
    if let Ok(mut traffic) = traffic.lock() {
        traffic.last_activity = Some(Instant::now());
        change(&mut traffic);
    }
}

/// Records a paused request: in flight unless blocked, and in the log.
fn note_paused(traffic: &Mutex<Traffic>, event: &EventRequestPaused, decision: &Decision, own: &Deployment) {
    let mut headers: Vec<String> =
        event.request.headers.inner().as_object().map(|map| map.keys().cloned().collect()).unwrap_or_default();
    if matches!(decision, Decision::Send { credentials: true }) {
        headers.extend(own.headers.iter().map(|(name, _)| name.clone()));
    }
    // Lower case, as the HTTP client logs them.
    let mut headers: Vec<String> = headers.iter().map(|name| name.to_ascii_lowercase()).collect();
    headers.sort();
    headers.dedup();
    let method = event.request.method.clone();
    let blocked = *decision == Decision::Block;
    note(traffic, |traffic| {
        let network_id = event.network_id.as_ref().map(|id| id.inner().clone());
        if let Some(id) = &network_id {
            traffic.index.insert(id.clone(), traffic.requests.len());
            if !blocked {
                traffic.in_flight.insert(id.clone(), traffic.requests.len());
                traffic.started.insert(id.clone(), Instant::now());
            }
        }
        if blocked {
            traffic.blocked.push(format!("{method} {}", event.request.url));
        }
        traffic.requests.push(SentRequest {
            deployment: own.name.clone(),
            method,
            url: event.request.url.clone(),
            attempt: 1,
            headers,
            status: None,
            elapsed_ms: 0,
            error: blocked.then(|| "blocked by parity: a mutating method never leaves the browser".to_owned()),
        });
    });
}

/// A request left the page's hands: no longer in flight.
fn done(traffic: &mut Traffic, id: &str, error: Option<String>) {
    let Some(index) = traffic.in_flight.remove(id) else { return };
    let elapsed = traffic.started.remove(id).map(|at| millis(at.elapsed())).unwrap_or_default();
    if let Some(request) = traffic.requests.get_mut(index) {
        request.elapsed_ms = elapsed;
        if request.error.is_none() {
            request.error = error;
        }
    }
}

/// Fails, or continues with the deployment's credentials on its own origin.
async fn answer(page: &Page, event: &EventRequestPaused, decision: &Decision, own: &Deployment) {
    let id = event.request_id.clone();
    // A command that fails means the tab is closing; nothing is left to protect.
    match decision {
        Decision::Block => {
            let _ = page.execute(FailRequestParams::new(id, ErrorReason::BlockedByClient)).await;
        }
        Decision::Send { credentials: false } => {
            let _ = page.execute(ContinueRequestParams::new(id)).await;
        }
        Decision::Send { credentials: true } => {
            let page_headers: Vec<(String, String)> = event
                .request
                .headers
                .inner()
                .as_object()
                .map(|map| {
                    map.iter().filter_map(|(name, value)| Some((name.clone(), value.as_str()?.to_owned()))).collect()
                })
                .unwrap_or_default();
            let headers = with_credentials(page_headers, own)
                .into_iter()
                .map(|(name, value)| HeaderEntry::new(name, value))
                .collect::<Vec<_>>();
            let mut params = ContinueRequestParams::new(id);
            params.headers = Some(headers);
            let _ = page.execute(params).await;
        }
    }
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}
