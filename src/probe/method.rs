//! Which methods may change something on a server. Both the client (what
//! it may retry) and the strategy (what it may send) ask, and so does the
//! check's plan (which probes can answer a page), so the answer lives
//! below all of them.

use super::planned::{PlannedProbe, ProbeKind};

/// Methods that change nothing on the server.
#[must_use]
pub fn is_safe_method(method: &str) -> bool {
    matches!(method.to_ascii_uppercase().as_str(), "GET" | "HEAD" | "OPTIONS")
}

/// An endpoint whose real method may change something: a mutating method,
/// or any method of a destructive or recovery action.
pub(crate) fn is_mutating(planned: &PlannedProbe) -> bool {
    planned.kind == ProbeKind::Endpoint && (planned.options_only || !is_safe_method(&planned.method))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn planned(kind: ProbeKind, method: &str, options_only: bool) -> PlannedProbe {
        PlannedProbe {
            deployment: "v3".into(),
            kind,
            method: method.into(),
            route: "/x".into(),
            surfaces: std::sync::Arc::default(),
            url: "http://h/x".into(),
            resolves_to: None,
            marker: None,
            options_only,
        }
    }

    #[test]
    fn only_get_head_and_options_are_safe_in_any_case() {
        assert!(["GET", "head", "Options"].into_iter().all(is_safe_method));
        assert!(!["POST", "put", "PATCH", "DELETE", "TRACE"].into_iter().any(is_safe_method));
    }

    #[test]
    fn an_endpoint_mutates_by_its_method_or_its_action() {
        assert!(is_mutating(&planned(ProbeKind::Endpoint, "post", false)));
        assert!(is_mutating(&planned(ProbeKind::Endpoint, "GET", true)), "a destructive action's GET");
        assert!(!is_mutating(&planned(ProbeKind::Endpoint, "GET", false)));
        assert!(!is_mutating(&planned(ProbeKind::Route, "GET", false)), "a page is fetched, never mutated");
    }
}
