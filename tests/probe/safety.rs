//! What is never sent: no action run by a request parity makes on its own
//! account, whatever the server does with the method.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::http::{Method, StatusCode};
use axum::response::Html;
use parity::probe::{PlannedProbe, Verdict};

use super::servers::{page, serve};
use super::{deployment, endpoint, policy, probe_one};

/// "Never sent unless mutable + --allow-mutating" protects the method, not
/// the action: legacy handlers that ignore the method (PHP scripts, Django
/// function views, Express `app.all`, ASP.NET actions without `[HttpPost]`) run
/// a destructive action for the safe fallback's GET too.
#[tokio::test]
async fn a_destructive_endpoint_gets_no_get_from_the_safe_fallback() {
    let executed = Arc::new(Mutex::new(Vec::<String>::new()));
    let log = Arc::clone(&executed);
    let app = Router::new()
        .route(
            "/api/v1/nodes/7/decommission",
            axum::routing::any(move |method: Method| {
                let log = Arc::clone(&log);
                async move {
                    log.lock().expect("lock").push(method.to_string());
                    Html(page("Done", "Node 7 was decommissioned."))
                }
            }),
        )
        .fallback(|| async { StatusCode::NOT_FOUND });
    let base = serve(app).await;
    for method in ["POST", "GET"] {
        let probe =
            PlannedProbe { options_only: true, ..endpoint("v1", &base, method, "/api/v1/nodes/7/decommission") };
        let result = probe_one(probe, &deployment("v1", &base), &policy()).await;
        assert_eq!((result.verdict, result.sent.as_slice()), (Verdict::Indeterminate, &["OPTIONS".to_owned()][..]));
        assert!(result.detail.as_deref().unwrap_or_default().contains("GET is not sent"), "{result:?}");
    }
    let executed = executed.lock().expect("lock").clone();
    assert_eq!(executed, ["OPTIONS", "OPTIONS"], "only OPTIONS reached the action on a non-mutable deployment");
}
