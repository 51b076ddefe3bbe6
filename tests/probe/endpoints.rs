//! Action endpoints checked without side effects: what OPTIONS proves.

use axum::Router;
use axum::http::{Method, StatusCode, header};
use axum::response::IntoResponse;
use parity::probe::{PlannedProbe, Verdict};

use super::servers::serve;
use super::{deployment, endpoint, policy, probe_one};

/// IIS and Apache answer OPTIONS on *any* path with `Allow: …, POST`. There
/// was no OPTIONS baseline, so an endpoint that never existed was
/// `endpoint-present` and the missing V1/V3 action went unreported.
#[tokio::test]
async fn options_allow_on_every_path_does_not_prove_an_endpoint() {
    let app = Router::new().fallback(|method: Method| async move {
        if method == Method::OPTIONS {
            (StatusCode::OK, [(header::ALLOW, "OPTIONS, TRACE, GET, HEAD, POST")]).into_response()
        } else {
            StatusCode::NOT_FOUND.into_response()
        }
    });
    let base = serve(app).await;
    let result =
        probe_one(endpoint("v3", &base, "POST", "/v3-prod/api/never-existed"), &deployment("v3", &base), &policy())
            .await;
    assert_eq!(
        (result.verdict, result.sent.as_slice()),
        (Verdict::Missing, &["OPTIONS".to_owned(), "GET".to_owned()][..])
    );
    let destructive =
        PlannedProbe { options_only: true, ..endpoint("v3", &base, "POST", "/v3-prod/api/never-existed") };
    let result = probe_one(destructive, &deployment("v3", &base), &policy()).await;
    assert_eq!(result.verdict, Verdict::Indeterminate, "{result:?}");
    assert!(result.detail.as_deref().unwrap_or_default().contains("as unknown paths under /v3-prod do"), "{result:?}");
}
