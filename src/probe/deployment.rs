//! The deployments a check probes, and the secrets they are probed with:
//! the lowest layer of the prober, since every request starts from a
//! deployment and the configuration builds them without knowing the rest.
//!
//! Secrets live in [`Secret`] values that never print, so no report, log or
//! panic message can carry a token.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Which side of the migration a deployment serves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    V1,
    V3,
}

/// A header value, token or cookie read from the environment. It never
/// appears in any output: `Debug` and `Display` print `<redacted>`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    #[must_use]
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value, for the one place that needs it: the request's headers.
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// A deployment to probe, with its credentials resolved from the environment.
#[derive(Clone, Debug)]
pub struct Deployment {
    /// The name in `parity.toml` (`v1`, `v3`, `staging-v3` …).
    pub name: String,
    pub role: Role,
    /// Every planned URL starts with this.
    pub base_url: url::Url,
    /// Headers sent with every request (bearer token, cookie, configured
    /// headers); names are public, values are secrets.
    pub headers: Vec<(String, Secret)>,
    /// The deployment accepts mutating requests (with `--allow-mutating`).
    pub mutable: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_never_prints_its_value() {
        let secret = Secret::new("Bearer s3cret");
        assert_eq!(format!("{secret} {secret:?}"), "<redacted> <redacted>");
        let deployment = Deployment {
            name: "v3".to_owned(),
            role: Role::V3,
            base_url: url::Url::parse("http://h/").expect("a valid test URL"),
            headers: vec![("Authorization".to_owned(), secret.clone())],
            mutable: false,
        };
        assert!(!format!("{deployment:?}").contains("s3cret"));
        assert_eq!(secret.expose(), "Bearer s3cret");
    }
}
