//! What the browser may do with each request a page makes: the same safety
//! rules as the HTTP client, decided here once so they are tested without a
//! browser. A mutating method is failed before it leaves the browser unless
//! the deployment is `mutable` and the run allows mutating requests; the
//! deployment's credentials go to its own origin only, never to a
//! third-party script, font or API the page calls.

use url::Url;

use crate::probe::{Deployment, is_safe_method};

/// What happens to one intercepted request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Failed in the browser: the server never sees it.
    Block,
    /// Sent, with these headers added (the deployment's credentials on its
    /// own origin; none elsewhere).
    Send { credentials: bool },
}

/// Decides the fate of `method url` made by a page of `deployment`.
#[must_use]
pub fn decide(method: &str, url: &str, deployment: &Deployment, allow_mutating: bool) -> Decision {
    let mutation_allowed = deployment.mutable && allow_mutating;
    if !(is_safe_method(method) || mutation_allowed) {
        return Decision::Block;
    }
    Decision::Send { credentials: same_origin(url, &deployment.base_url) }
}

/// Whether `url` is on the deployment's origin (scheme, host and port).
#[must_use]
pub fn same_origin(url: &str, base: &Url) -> bool {
    Url::parse(url).is_ok_and(|url| url.origin().is_tuple() && url.origin() == base.origin())
}

/// The page's own headers with the deployment's credentials laid over
/// them (a header the page set under the same name is replaced, so a page
/// cannot smuggle a second `Authorization`).
#[must_use]
pub fn with_credentials(page: Vec<(String, String)>, deployment: &Deployment) -> Vec<(String, String)> {
    let mut headers: Vec<(String, String)> = page
        .into_iter()
        .filter(|(name, _)| !deployment.headers.iter().any(|(own, _)| own.eq_ignore_ascii_case(name)))
        .collect();
    headers.extend(deployment.headers.iter().map(|(name, secret)| (name.clone(), secret.expose().to_owned())));
    headers
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::{Role, Secret};

    fn deployment(mutable: bool) -> Deployment {
        Deployment {
            name: "v3".to_owned(),
            role: Role::V3,
            base_url: Url::parse("http://127.0.0.1:8080/app/").expect("a test URL"),
            headers: vec![("Authorization".to_owned(), Secret::new("Bearer s3cret"))],
            mutable,
        }
    }

    #[test]
    fn a_mutating_method_is_blocked_unless_the_deployment_is_mutable_and_the_run_allows_it() {
        let url = "http://127.0.0.1:8080/api/track";
        for method in ["POST", "put", "PATCH", "DELETE", "PURGE"] {
            assert_eq!(decide(method, url, &deployment(false), true), Decision::Block, "{method}");
            assert_eq!(decide(method, url, &deployment(true), false), Decision::Block, "{method}");
        }
        assert_eq!(decide("POST", url, &deployment(true), true), Decision::Send { credentials: true });
        for method in ["GET", "head", "OPTIONS"] {
            assert_eq!(decide(method, url, &deployment(false), false), Decision::Send { credentials: true });
        }
    }

    #[test]
    fn credentials_go_to_the_deployments_own_origin_only() {
        let own = deployment(false);
        assert_eq!(decide("GET", "http://127.0.0.1:8080/other", &own, false), Decision::Send { credentials: true });
        for elsewhere in ["http://127.0.0.1:8081/x", "https://127.0.0.1:8080/x", "http://localhost:8080/x", "data:,x"] {
            assert_eq!(decide("GET", elsewhere, &own, false), Decision::Send { credentials: false }, "{elsewhere}");
        }
    }

    #[test]
    fn the_deployments_header_replaces_one_the_page_set() {
        let page =
            vec![("authorization".to_owned(), "Bearer page".to_owned()), ("Accept".to_owned(), "*/*".to_owned())];
        let headers = with_credentials(page, &deployment(false));
        assert_eq!(
            headers,
            [("Accept".to_owned(), "*/*".to_owned()), ("Authorization".to_owned(), "Bearer s3cret".to_owned())]
        );
    }
}
