//! Real servers on 127.0.0.1 with ephemeral ports: an axum site for answers
//! that mean something, raw TCP listeners for faults axum would not commit.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{any, get};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Serves `app` on an ephemeral loopback port for the rest of the test.
pub async fn serve(app: Router) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
    let address = listener.local_addr().expect("local address");
    tokio::spawn(async move { axum::serve(listener, app).await.ok() });
    format!("http://{address}")
}

/// A page with enough words to have a fingerprint of its own.
pub fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html><html><head><title>{title}</title><link rel=stylesheet href=/site.css></head>\
         <body><nav>Home Workloads Nodes Settings</nav><main><h1>{title}</h1><p>{body}</p></main></body></html>"
    )
}

/// The site's not-found page: 200, with the path reflected, like many CMSs.
async fn soft_not_found(request: Request) -> Html<String> {
    Html(page("Page not found", &not_found_text(request.uri().path())))
}

fn not_found_text(path: &str) -> String {
    format!(
        "We looked everywhere for {path} but could not find it. It may have moved, or it never existed. \
         Check the address, or go back to the home page and try the search box at the top of every page."
    )
}

/// Looks like the not-found page, but carries the page's marker.
async fn marked(request: Request) -> Html<String> {
    let text = format!("{}<div data-page=\"marked\"></div>", not_found_text(request.uri().path()));
    Html(page("Page not found", &text))
}

fn status(code: u16) -> impl Fn() -> std::future::Ready<StatusCode> + Clone {
    move || std::future::ready(StatusCode::from_u16(code).expect("a valid status"))
}

fn redirect(code: u16, to: &'static str) -> impl Fn() -> std::future::Ready<Response> + Clone {
    move || {
        let code = StatusCode::from_u16(code).expect("a valid status");
        std::future::ready((code, [(header::LOCATION, to)]).into_response())
    }
}

/// The main test site: one route per verdict, a soft-404 for the rest.
pub async fn site() -> String {
    let busy = Arc::new(AtomicU32::new(0));
    let app = Router::new()
        .route(
            "/v3-prod/workloads",
            get(|| async { Html(page("Workloads", "web-1 running, db-1 stopped. Launch app.")) }),
        )
        .route(
            "/v3-prod/nodes",
            get(|| async { Html(page("Nodes", "node-a ready, node-b cordoned; drain or reboot.")) }),
        )
        .route("/v3-prod/marked", get(marked))
        .route("/v3-prod/deleted", get(status(404)))
        .route("/gone", get(status(410)))
        .route("/v3-prod/secret", get(status(401)))
        .route("/v3-prod/forbidden", get(status(403)))
        .route("/v3-prod/teapot", get(status(418)))
        .route("/old/a", get(redirect(301, "/old/b")))
        .route("/old/b", get(redirect(302, "/v3-prod/workloads")))
        .route("/v3-prod/settings", get(redirect(302, "/login?next=/v3-prod/settings")))
        .route("/login", get(|| async { Html(page("Sign in", "Email, password, remember me.")) }))
        .route("/v3-prod/busy", get(busy_then_fine).with_state(busy))
        .route("/v3-prod/down", get(status(503)))
        .route("/v3-prod/api/items", any(items))
        .route("/v3-prod/api/restart", any(|| async { StatusCode::METHOD_NOT_ALLOWED }))
        .route("/v3-prod/api/removed", any(status(410)))
        .route("/loop/a", get(redirect(302, "/loop/b")))
        .route("/loop/b", get(redirect(302, "/loop/a")))
        .route("/bad-location", get(redirect(302, "http://[not-an-address")))
        .route("/no-location", get(status(302)))
        .fallback(soft_not_found);
    serve(app).await
}

/// 429 with a long Retry-After once, then the page.
async fn busy_then_fine(State(calls): State<Arc<AtomicU32>>) -> Response {
    if calls.fetch_add(1, Ordering::SeqCst) == 0 {
        return (StatusCode::TOO_MANY_REQUESTS, [(header::RETRY_AFTER, "3600")]).into_response();
    }
    Html(page("Busy page", "Answered at the second try, after the pause.")).into_response()
}

/// OPTIONS lists the methods; GET lists items; POST would create one.
async fn items(method: Method) -> Response {
    match method {
        Method::OPTIONS => (StatusCode::NO_CONTENT, [(header::ALLOW, "GET, POST, OPTIONS")]).into_response(),
        Method::GET => Html(page("Items", "item-1 item-2 item-3")).into_response(),
        _ => StatusCode::CREATED.into_response(),
    }
}

/// A single-page app: the same shell for every path.
pub async fn spa() -> String {
    let shell = "<!doctype html><html><head><title>Console</title><script src=/assets/app.js></script></head>\
                 <body><div id=root></div><noscript>Enable JavaScript.</noscript></body></html>";
    serve(Router::new().fallback(move || async move { Html(shell) })).await
}

/// Every request seen by a recording server: method, path, headers.
pub type Seen = Arc<Mutex<Vec<(String, String, HeaderMap)>>>;

/// Records every request and answers 200 with the same small page, or 404
/// for the baseline's random paths so the answers stay distinguishable.
pub async fn recorder() -> (String, Seen) {
    let seen: Seen = Arc::default();
    let app = Router::new().fallback(record).with_state(Arc::clone(&seen));
    (serve(app).await, seen)
}

async fn record(State(seen): State<Seen>, request: Request) -> Response {
    let path = request.uri().path().to_owned();
    let entry = (request.method().to_string(), path.clone(), request.headers().clone());
    seen.lock().expect("recorder lock").push(entry);
    let echo = request.headers().get(header::AUTHORIZATION).cloned().unwrap_or(HeaderValue::from_static(""));
    if path.contains("parity-404-") {
        return StatusCode::NOT_FOUND.into_response();
    }
    if let Some(target) = path.strip_prefix("/jump/") {
        // A cross-origin redirect: the next host must not see our headers.
        return (StatusCode::FOUND, [(header::LOCATION, format!("http://{target}/landing"))]).into_response();
    }
    if path == "/echo" {
        // A careless server that puts the caller's token in a URL.
        let location = format!("/callback?token={}", echo.to_str().unwrap_or_default());
        return (StatusCode::FOUND, [(header::LOCATION, location)]).into_response();
    }
    Html(page("Recorded", "Every request is written down.")).into_response()
}

/// A raw TCP server; `answer` gets each connection and the request's path.
pub async fn raw<F, Fut>(answer: F) -> String
where
    F: Fn(TcpStream, String) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
    let address: SocketAddr = listener.local_addr().expect("local address");
    let answer = Arc::new(answer);
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let answer = Arc::clone(&answer);
            tokio::spawn(async move {
                let path = read_request(&mut stream).await;
                answer(stream, path).await;
            });
        }
    });
    format!("http://{address}")
}

/// Reads a request head and returns its path (empty if unreadable).
async fn read_request(stream: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut buffer = [0_u8; 1024];
    while !head.windows(4).any(|window| window == b"\r\n\r\n") {
        match stream.read(&mut buffer).await {
            Ok(0) | Err(_) => break,
            Ok(read) => head.extend_from_slice(&buffer[..read]),
        }
    }
    let head = String::from_utf8_lossy(&head);
    head.split_whitespace().nth(1).unwrap_or_default().to_owned()
}

/// Answers the baseline's random paths with a plain 404.
pub async fn not_found(mut stream: TcpStream) {
    let _ = stream.write_all(b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n").await;
}

/// Writes a 200 head announcing `length` bytes.
pub async fn ok_head(stream: &mut TcpStream, length: usize) -> std::io::Result<()> {
    let head = format!("HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: {length}\r\n\r\n");
    stream.write_all(head.as_bytes()).await
}

/// A port where nothing listens: bound, then closed.
pub async fn closed_port() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
    let address = listener.local_addr().expect("local address");
    drop(listener);
    format!("http://{address}")
}

/// Keeps a connection open, silently, longer than any test policy waits.
pub async fn hold(stream: TcpStream) {
    tokio::time::sleep(Duration::from_secs(30)).await;
    drop(stream);
}
