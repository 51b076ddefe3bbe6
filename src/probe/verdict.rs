//! The fixed vocabulary of probe verdicts (documented in docs/verdicts.md):
//! a word every report prints and every JSON report stores, so it sits at the
//! bottom of the prober, below the exchange that maps failures to it and the
//! classification that maps answers to it.

use serde::{Deserialize, Serialize};

/// What a probe found. The words are a stable, documented contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// 2xx that is not a soft 404 (and matches the target's marker).
    Present,
    /// 404 or 410.
    Missing,
    /// 2xx whose fingerprint matches the deployment's not-found baseline, or
    /// that does not match the target's marker.
    SoftMissing,
    /// A 3xx chain ending in a page; compare `final_url` with resolves-to.
    Redirected,
    /// 401/403 or a redirect to a login page: it exists behind auth.
    Unauthorized,
    /// An action endpoint: `Allow` lists the method, or a safe method got 405.
    EndpointPresent,
    /// 5xx (or 429) after retries, or an answer parity cannot use.
    Error,
    /// Connect failure, DNS, TLS or timeout.
    Unreachable,
    /// The deployment answers known and unknown paths identically (a pure
    /// single-page app): HTTP cannot tell. Never counted as present.
    Indeterminate,
}

impl Verdict {
    /// Every verdict, in documentation order.
    pub const ALL: &'static [Self] = &[
        Self::Present,
        Self::Missing,
        Self::SoftMissing,
        Self::Redirected,
        Self::Unauthorized,
        Self::EndpointPresent,
        Self::Error,
        Self::Unreachable,
        Self::Indeterminate,
    ];

    /// The kebab-case word used in every report.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Present => "present",
            Self::Missing => "missing",
            Self::SoftMissing => "soft-missing",
            Self::Redirected => "redirected",
            Self::Unauthorized => "unauthorized",
            Self::EndpointPresent => "endpoint-present",
            Self::Error => "error",
            Self::Unreachable => "unreachable",
            Self::Indeterminate => "indeterminate",
        }
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_verdict_prints_and_serializes_as_its_documented_word() {
        for verdict in Verdict::ALL {
            let json = serde_json::to_string(verdict).expect("a verdict serializes");
            assert_eq!(json, format!("\"{}\"", verdict.as_str()));
            assert_eq!(verdict.to_string(), verdict.as_str());
            assert_eq!(serde_json::from_str::<Verdict>(&json).ok(), Some(*verdict));
        }
        assert_eq!(Verdict::SoftMissing.as_str(), "soft-missing");
    }
}
