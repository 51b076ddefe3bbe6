//! Findings are data: a stable kebab-case code, a severity, the YAML location
//! they concern and a message. A matrix that cannot be read is reported as
//! findings of kind [`Kind::Input`] (exit 2); what is wrong in a matrix that
//! was read is a [`Kind::Rule`] finding (exit 1 at the failure level). Errors
//! outside the matrix (a bad flag, an unwritable file) stay errors in the binary.
//!
//! Every code has an explanation in `docs/codes/CODE.md`, shown by
//! `parity explain CODE`, so the documentation and the tool never disagree.

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

use crate::catalogue::catalogue;
use crate::matrix::Pos;

/// How serious a finding is; `--fail-on` picks the lowest that fails a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Note => "note",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a code means the input could not be read (exit 2), that a rule
/// found a problem in a matrix that was read, that probing a deployment
/// found one, or that comparing the matrix with source code did (all three
/// exit 1 at the failure level).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Input,
    Rule,
    Probe,
    Scan,
}

catalogue! {
    /// Every finding code parity can report.
    pub enum Code {
        /// The code's kind and severity, read through [`Code::kind`] and [`Code::severity`].
        fn class() -> (Kind, Severity), using [Kind, Severity];
        MatrixUnreadable = "matrix-unreadable", (Input, Error), "a matrix path does not exist, cannot be read, or holds no YAML files";
        MatrixTooLarge = "matrix-too-large", (Input, Error), "a matrix file is larger than parity reads";
        MatrixNotUtf8 = "matrix-not-utf8", (Input, Error), "a matrix file is not UTF-8 text";
        MatrixEmpty = "matrix-empty", (Input, Error), "a matrix file holds no YAML document";
        MatrixSyntax = "matrix-syntax", (Input, Error), "a matrix file is not well-formed YAML";
        MatrixLimits = "matrix-limits", (Input, Error), "a matrix file nests too deeply or holds too many nodes";
        MatrixUnknownKey = "matrix-unknown-key", (Input, Error), "a key the matrix format does not define";
        MatrixMissingKey = "matrix-missing-key", (Input, Error), "a required key is absent";
        MatrixWrongType = "matrix-wrong-type", (Input, Error), "a value has the wrong type or is not one of the allowed words";
        MatrixInvalidValue = "matrix-invalid-value", (Input, Error), "a value is well-typed but cannot be read (a bad date, a number out of range)";
        ConfigInvalid = "config-invalid", (Input, Error), "parity.toml cannot be read, has an unknown key or a bad value, or names an unset variable";
        DocumentMissing = "document-missing", (Rule, Error), "no file of the matrix declares the `document` section";
        DocumentDuplicate = "document-duplicate", (Rule, Error), "more than one file declares the `document` section";
        DuplicateSurfaceId = "duplicate-surface-id", (Rule, Error), "two surfaces share an id";
        DuplicateV1Route = "duplicate-v1-route", (Rule, Error), "two surfaces claim the same V1 route";
        DuplicateReference = "duplicate-reference", (Rule, Error), "two follow-ups share a number or two gaps share an id";
        RouteMalformed = "route-malformed", (Rule, Error), "a route or endpoint is not a valid pattern";
        ParamUnfillable = "param-unfillable", (Rule, Error), "a V3 route parameter that no V1 route parameter or declared param fills";
        IntentUnknown = "intent-unknown", (Rule, Error), "an action's intent is not one of the six lifecycle intents";
        LandingOffPattern = "landing-off-pattern", (Rule, Error), "an action landed outside the four V3 patterns (a one-off button)";
        EvidenceUnknown = "evidence-unknown", (Rule, Error), "a progress evidence kind outside the vocabulary";
        LandingWithoutEvidence = "landing-without-evidence", (Rule, Warning), "a landed action shows no post-click progress evidence";
        ActionOutcomeInvalid = "action-outcome-invalid", (Rule, Error), "an action is neither landed nor pending, or is both";
        ReferenceUnknown = "reference-unknown", (Rule, Error), "a reference to a surface, follow-up or gap that does not exist";
        WaiverUnmatched = "waiver-unmatched", (Rule, Warning), "a waiver matches no finding";
        WaiverExpired = "waiver-expired", (Rule, Warning), "a waiver's expiry date has passed";
        StatusOverclaim = "status-overclaim", (Rule, Error), "a declared status is better than the status computed from lifecycle coverage, or a covered surface's V3 target is missing";
        ParamMissing = "param-missing", (Probe, Warning), "a route has a parameter with no sample value, so it was not probed";
        RouteMissing = "route-missing", (Probe, Error), "a route answered 404 or 410";
        RouteSoftMissing = "route-soft-missing", (Probe, Error), "a route answered like the deployment's not-found page, or without its marker";
        RedirectMismatch = "redirect-mismatch", (Probe, Warning), "a route redirected somewhere other than the route it resolves to";
        EndpointMissing = "endpoint-missing", (Probe, Error), "an action endpoint does not exist on the deployment";
        AuthRequired = "auth-required", (Probe, Warning), "a route exists behind authentication (401/403 or a login redirect)";
        ProbeError = "probe-error", (Probe, Error), "a probe ended in a server error or could not reach the deployment";
        ActionNotVisible = "action-not-visible", (Probe, Warning), "a landed action has no visible control (button, link, menu item or tab) on its rendered V3 page";
        EvidenceNotVisible = "evidence-not-visible", (Probe, Warning), "a surface's progress evidence is named by no visible tab, heading or region of its rendered V3 pages";
        ProbeIndeterminate = "probe-indeterminate", (Probe, Warning), "HTTP cannot tell: the deployment answers known and unknown paths alike, or a destructive or recovery endpoint was sent OPTIONS only";
        RouteUnmapped = "route-unmapped", (Scan, Error), "a V1 route defined in code that no surface or action of the matrix lists";
        TargetNotInCode = "target-not-in-code", (Scan, Error), "a V3 target of the matrix that no route in the V3 code defines";
        EndpointNotInCode = "endpoint-not-in-code", (Scan, Error), "an action's V3 endpoint (`METHOD /path`) that no route in the V3 code defines";
        RouteShadowed = "route-shadowed", (Scan, Warning), "a static route that only a parameter route matches (`/x/new` only by `/x/{id}`)";
        RouteCatchAll = "route-catch-all", (Scan, Note), "a route covered only by a catch-all, which is not counted as a match";
        PrefixUnresolved = "prefix-unresolved", (Scan, Warning), "a route in code mounted under a prefix that cannot be resolved statically";
        FrameworkNoRoutes = "framework-no-routes", (Scan, Warning), "a framework detected in a project yielded no route";
    }
}

impl Code {
    /// Whether the code is an input error, a rule, probe or scan finding.
    #[must_use]
    pub const fn kind(self) -> Kind {
        self.class().0
    }

    /// The severity the code is reported at.
    #[must_use]
    pub const fn severity(self) -> Severity {
        self.class().1
    }

    /// Whether findings of this code can name a surface, and so be waived.
    #[must_use]
    pub fn concerns_a_surface(self) -> bool {
        self.kind() != Kind::Input
            && !matches!(
                self,
                Self::DocumentMissing
                    | Self::DocumentDuplicate
                    | Self::DuplicateReference
                    | Self::WaiverUnmatched
                    | Self::WaiverExpired
            )
    }
}

/// Where in which matrix file a finding points.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Location {
    #[serde(serialize_with = "crate::path_text::serialize")]
    pub path: PathBuf,
    pub line: u32,
    pub column: u32,
    #[serde(skip)]
    pub pos: Pos,
}

impl Location {
    #[must_use]
    pub fn new(path: PathBuf, pos: Pos) -> Self {
        Self { path, line: pos.line, column: pos.column, pos }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.path.display(), self.line, self.column)
    }
}

/// Why a probe finding was raised, when that cause is shared by many
/// findings at once (a deployment that answers every path alike, or never
/// answers): the terminal table groups by it instead of by label text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cause {
    /// The deployment answers every path alike (a pure single-page app).
    AnswersAlike,
    /// The endpoint of a destructive or recovery action was sent OPTIONS only.
    NotSent,
    /// The request got no answer at all (refused, timed out, no such host).
    NoAnswer,
    /// A parameter of the route has no sample value, so it was not probed.
    NoSampleValue,
}

/// One problem found in a matrix (or, later, on a deployment).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub surface: Option<String>,
    /// What on a deployment the finding is about (`v3 GET https://…`), or
    /// the route as written when a malformed one was not probed: with code
    /// and surface, the key `--baseline` matches on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// A few words shown under the caret.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// What to do about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Already in the `--baseline` report: shown, but it does not fail the run.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub in_baseline: bool,
    /// A cause several findings share, for grouping; never in the output.
    #[serde(skip)]
    pub cause: Option<Cause>,
}

impl Finding {
    /// A finding at the code's own severity, not yet located.
    #[must_use]
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Self {
            code,
            severity: code.severity(),
            surface: None,
            subject: None,
            message: message.into(),
            location: None,
            label: None,
            help: None,
            in_baseline: false,
            cause: None,
        }
    }

    #[must_use]
    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    #[must_use]
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    #[must_use]
    pub fn help_opt(self, help: Option<String>) -> Self {
        match help {
            Some(help) => self.help(help),
            None => self,
        }
    }

    #[must_use]
    pub fn subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }

    #[must_use]
    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    #[must_use]
    pub fn surface(mut self, id: &str) -> Self {
        self.surface = Some(id.to_owned());
        self
    }

    #[must_use]
    pub fn cause(mut self, cause: Cause) -> Self {
        self.cause = Some(cause);
        self
    }

    /// Whether this finding makes a run with `--fail-on fail_on` fail.
    #[must_use]
    pub fn fails(&self, fail_on: Severity) -> bool {
        self.severity >= fail_on && !self.in_baseline
    }

    /// The identity `--baseline` matches on: code, surface and subject.
    #[must_use]
    pub fn baseline_key(&self) -> (String, Option<String>, Option<String>) {
        (self.code.as_str().to_owned(), self.surface.clone(), self.subject.clone())
    }

    /// Orders findings by file, line and column, then code, for stable output.
    pub fn sort(findings: &mut [Self]) {
        findings.sort_by(|a, b| (&a.location, a.code, &a.message).cmp(&(&b.location, b.code, &b.message)));
    }
}

/// The closest word to `word` among `candidates`, when it is close enough to
/// be a likely typo. Of equally close words the first wins, so the hint
/// depends only on the order of `candidates`.
#[must_use]
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for candidate in candidates {
        let score = strsim::jaro_winkler(word, candidate);
        if score > 0.8 && best.is_none_or(|(best_score, _)| score > best_score) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// "did you mean `x`?" when a close word exists.
#[must_use]
pub fn suggestion<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    did_you_mean(word, candidates).map(|close| format!("did you mean `{close}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn of_equally_close_words_the_first_is_suggested() {
        assert_eq!(did_you_mean("gap-z", ["gap-a", "gap-b", "gap-c"]), Some("gap-a"));
        assert_eq!(did_you_mean("gap-z", ["gap-c", "gap-b", "gap-a"]), Some("gap-c"));
        assert_eq!(did_you_mean("statos", ["notes", "status"]), Some("status"));
    }
}
