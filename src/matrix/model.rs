//! The parity matrix as written in YAML: one type per concept of the audit
//! document, with doc comments that become the JSON Schema's descriptions.
//!
//! Values a validation rule may point at are [`Spanned`]; words from the
//! migration rule's vocabulary (intents, patterns, evidence) stay strings here
//! and are checked by rules, so a one-off button is a finding, not a parse error.

use std::collections::BTreeMap;
use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};

use super::span::Spanned;
use super::vocabulary::{Evidence, Intent, Level, Pattern, PendingReason};
use crate::finding::Code;

/// The schema keyword that marks words checked by a validation rule rather
/// than by the schema walk (the value names the rule's code): the model
/// writes it into the schema, and the walk leaves such words to the rule.
pub(super) const RULE_CHECKED: &str = "x-parity-rule";

/// Index of a matrix file in load order; items remember where they came from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub usize);

/// One YAML file of a matrix. Every key is optional, so a matrix can be split
/// across files in any way; the files are merged in sorted path order.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "parity matrix file")]
pub struct MatrixFile {
    /// The audit document's framing: title, purpose and the migration rule.
    /// Exactly one file of a matrix declares it.
    pub document: Option<Spanned<Document>>,
    /// V1 surfaces (routes) and where they landed in V3.
    #[serde(default)]
    pub surfaces: Vec<Surface>,
    /// Numbered follow-ups that remain after the audit.
    #[serde(default)]
    pub follow_ups: Vec<FollowUp>,
    /// Backend or API contract gaps found during the audit.
    #[serde(default)]
    pub gaps: Vec<Gap>,
    /// Accepted findings, each with a reason and an expiry date.
    #[serde(default)]
    pub waivers: Vec<Waiver>,
}

/// Title, status line, purpose and the migration rule of the audit.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// The document title, e.g. "V3 V1 Workflow Parity Audit v1".
    pub title: String,
    /// The status line, e.g. "active migration audit."
    pub status: String,
    /// Why the audit exists.
    pub purpose: String,
    /// Where a migrated V1 action may land.
    pub rule: MigrationRule,
    /// Lifecycle visibility by intent.
    pub lifecycle: LifecycleRule,
    /// The rule that post-click progress must be explicit.
    pub progress_rule: String,
}

/// The four V3 landing patterns and the ban on one-off buttons.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MigrationRule {
    /// The sentence that introduces the patterns.
    pub lead: String,
    /// What each pattern is for, completing the pattern's name
    /// ("for things an operator should triage now.").
    #[schemars(schema_with = "pattern_texts_schema")]
    pub patterns: BTreeMap<Pattern, String>,
    /// The sentence forbidding one-off buttons.
    pub no_one_off_buttons: String,
}

/// The six lifecycle intents and the verbs that belong to each.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LifecycleRule {
    /// The sentence that introduces the intents.
    pub lead: String,
    /// Verbs per intent, in the document's order.
    #[schemars(schema_with = "intent_verbs_schema")]
    pub intents: BTreeMap<Intent, Vec<String>>,
}

/// A V1 surface: its routes, its V3 targets, its status and its actions.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Surface {
    /// Stable, rename-safe key (kebab-case), used by follow-ups, gaps and waivers.
    #[serde(deserialize_with = "kebab_case_id")]
    #[schemars(regex(pattern = KEBAB_CASE))]
    pub id: Spanned<String>,
    /// V1 route patterns, e.g. `/allocations/{id}`. Usually one.
    #[serde(deserialize_with = "non_empty_list")]
    #[schemars(length(min = 1))]
    pub v1: Vec<Spanned<String>>,
    /// V3 targets that replace the V1 surface.
    #[serde(default)]
    pub v3: Vec<Target>,
    /// Declared parity status.
    pub status: Spanned<Status>,
    /// Free-text notes, rendered in the matrix's Notes column.
    #[serde(default)]
    pub notes: Option<String>,
    /// Post-click progress evidence shared by every landed action of this
    /// surface that does not list its own.
    #[serde(default)]
    #[schemars(schema_with = "evidence_list_schema")]
    pub progress: Vec<Spanned<String>>,
    /// V1 actions and where each landed in V3.
    #[serde(default)]
    pub actions: Vec<Action>,
    /// The file this surface was read from.
    #[serde(skip)]
    pub file: FileId,
}

/// A V3 route that replaces a V1 surface.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// V3 route pattern, e.g. `/v3-prod/workloads/{id}`.
    pub route: Spanned<String>,
    /// The route this one resolves to (rendered `route → resolves_to`).
    #[serde(default)]
    pub resolves_to: Option<Spanned<String>>,
    /// Free text written beside the route ("and future observability surface").
    #[serde(default)]
    pub note: Option<String>,
    /// Route parameters not filled by a V1 route parameter, with where a
    /// value comes from.
    #[serde(default)]
    pub params: BTreeMap<String, String>,
    /// A regular expression the V3 page must match to count as present.
    #[serde(default)]
    pub marker: Option<String>,
}

/// A declared status: a rung of the ladder, or a rung with a scope or a
/// combined form.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Status {
    /// Just the rung: `mostly-covered`.
    Level(Level),
    /// A rung with details.
    Detailed(DetailedStatus),
}

/// A status with a scope ("for current workflows") or a combined form
/// (`partial` with the `rest` deferred reads "partial/deferred").
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DetailedStatus {
    /// The rung the surface has reached.
    pub level: Level,
    /// Where the remainder stands, for combined forms like "partial/deferred".
    #[serde(default)]
    pub rest: Option<Level>,
    /// What the claim is limited to, e.g. "for current workflows".
    #[serde(default)]
    pub scope: Option<String>,
}

impl Status {
    /// The rung claimed; for combined forms, the better one.
    #[must_use]
    pub fn level(&self) -> Level {
        match self {
            Self::Level(level) => *level,
            Self::Detailed(detailed) => detailed.level,
        }
    }

    /// Where the remainder stands, for combined forms.
    #[must_use]
    pub fn rest(&self) -> Option<Level> {
        match self {
            Self::Level(_) => None,
            Self::Detailed(detailed) => detailed.rest,
        }
    }

    /// The scope the claim is limited to, if any.
    #[must_use]
    pub fn scope(&self) -> Option<&str> {
        match self {
            Self::Level(_) => None,
            Self::Detailed(detailed) => detailed.scope.as_deref(),
        }
    }
}

impl fmt::Display for Status {
    /// Renders as the audit document writes it: "partial/deferred",
    /// "covered for current workflows".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Level(level) => f.write_str(level.label()),
            Self::Detailed(detailed) => {
                f.write_str(detailed.level.label())?;
                if let Some(rest) = detailed.rest {
                    write!(f, "/{}", rest.label())?;
                }
                if let Some(scope) = &detailed.scope {
                    write!(f, " {scope}")?;
                }
                Ok(())
            }
        }
    }
}

/// A V1 action and its V3 outcome: landed, or pending with a reason.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// What the operator does, in the document's words ("re-enroll").
    #[serde(deserialize_with = "non_empty_text")]
    #[schemars(length(min = 1))]
    pub verb: Spanned<String>,
    /// One of the six lifecycle intents.
    #[schemars(schema_with = "intent_schema")]
    pub intent: Spanned<String>,
    /// The V1 endpoint, `METHOD /path`, when known.
    #[serde(default)]
    pub v1: Option<Spanned<String>>,
    /// Where the action landed in V3.
    #[serde(default)]
    pub landing: Option<Landing>,
    /// Why the action has not landed yet.
    #[serde(default)]
    pub pending: Option<Pending>,
    /// The control a person uses for the action on the rendered V3 page,
    /// when its words differ from the verb: an accessible name (`Drain
    /// node`), a `/regex/` on accessible names, or `css:SELECTOR`. Checked
    /// by `parity check --render`.
    #[serde(default)]
    pub control: Option<Spanned<String>>,
}

/// Where a V1 action landed in V3.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Landing {
    /// One of the four V3 patterns.
    #[schemars(schema_with = "pattern_schema")]
    pub pattern: Spanned<String>,
    /// The V3 route or endpoint (`METHOD /path`) that carries the action.
    #[serde(default)]
    pub v3: Option<Spanned<String>>,
    /// Post-click progress evidence; when absent, the surface's `progress`.
    #[serde(default)]
    #[schemars(schema_with = "evidence_list_schema")]
    pub progress: Option<Vec<Spanned<String>>>,
}

/// Why an action has not landed, and what tracks it.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pending {
    /// Follow-up, contract gap, or deferred.
    pub reason: Spanned<PendingReason>,
    /// The number of the follow-up that tracks it.
    #[serde(default)]
    pub follow_up: Option<Spanned<u32>>,
    /// The id of the backend/contract gap that blocks it.
    #[serde(default)]
    pub gap: Option<Spanned<String>>,
}

/// A numbered follow-up of the audit.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowUp {
    /// The follow-up's number, as the document numbers it.
    pub number: Spanned<u32>,
    /// Short title (the text before the colon in the document).
    pub title: String,
    /// The follow-up's text.
    pub body: String,
    /// Ids of the surfaces it concerns.
    #[serde(default)]
    pub surfaces: Vec<Spanned<String>>,
    /// The file this follow-up was read from.
    #[serde(skip)]
    pub file: FileId,
}

/// A backend or API contract gap found during the audit.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Gap {
    /// Stable, rename-safe key (kebab-case).
    #[serde(deserialize_with = "kebab_case_id")]
    #[schemars(regex(pattern = KEBAB_CASE))]
    pub id: Spanned<String>,
    /// The gap as the document states it.
    pub text: String,
    /// Ids of the surfaces it concerns.
    #[serde(default)]
    pub surfaces: Vec<Spanned<String>>,
    /// The file this gap was read from.
    #[serde(skip)]
    pub file: FileId,
}

/// An accepted finding: it is not reported until the waiver expires.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Waiver {
    /// The finding code it waives, e.g. `status-overclaim`.
    pub code: Spanned<String>,
    /// The id of the surface the finding concerns.
    pub surface: Spanned<String>,
    /// Why the finding is accepted.
    pub reason: String,
    /// The last day the waiver applies (YYYY-MM-DD).
    pub expires: Spanned<jiff::civil::Date>,
    /// The file this waiver was read from.
    #[serde(skip)]
    pub file: FileId,
}

/// The form of surface and gap ids, for the schema: lower-case letters and
/// digits, in words joined by single hyphens. [`is_kebab_case`] is the same test.
pub(super) const KEBAB_CASE: &str = "^[a-z0-9]+(-[a-z0-9]+)*$";

/// Whether `text` is kebab-case (matches [`KEBAB_CASE`]).
pub(super) fn is_kebab_case(text: &str) -> bool {
    text.split('-').all(|word| !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

// A value these refuse fails the typed read, so the schema walk reports it,
// located, from the schema's `pattern` and `minLength`/`minItems`.

fn kebab_case_id<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Spanned<String>, D::Error> {
    let id = Spanned::<String>::deserialize(deserializer)?;
    if is_kebab_case(&id) { Ok(id) } else { Err(serde::de::Error::custom(format!("`{}` is not kebab-case", *id))) }
}

fn non_empty_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Spanned<String>, D::Error> {
    let text = Spanned::<String>::deserialize(deserializer)?;
    if text.is_empty() { Err(serde::de::Error::custom("an empty string")) } else { Ok(text) }
}

fn non_empty_list<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Spanned<String>>, D::Error> {
    let mut list = Vec::<Spanned<String>>::deserialize(deserializer)?;
    // A YAML sequence has no length up front, so the list grew to room for
    // four: most surfaces have one route, and 30,000 of them kept 7 MiB of
    // unused room (docs/benchmarks.md).
    list.shrink_to_fit();
    if list.is_empty() { Err(serde::de::Error::custom("an empty list")) } else { Ok(list) }
}

/// A word of the rule's vocabulary: an enum for editors, checked by the
/// named validation rule (not by the structure) so it gets its own code.
fn words_schema(words: &[&str], description: &str, rule: Code) -> schemars::Schema {
    schemars::json_schema!({
        "type": "string",
        "enum": words,
        "description": description,
        RULE_CHECKED: rule.as_str(),
    })
}

fn intent_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    words_schema(&Intent::words(), "A lifecycle intent.", Code::IntentUnknown)
}

fn pattern_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    words_schema(&Pattern::words(), "A V3 landing pattern.", Code::LandingOffPattern)
}

fn evidence_list_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let item = words_schema(&Evidence::words(), "A kind of post-click progress evidence.", Code::EvidenceUnknown);
    schemars::json_schema!({ "type": "array", "items": item })
}

/// A mapping keyed by the vocabulary's words, so editors complete the keys
/// and a misspelt key is an unknown key.
fn keyed_by(words: &[&str], value: &serde_json::Value) -> schemars::Schema {
    let properties: serde_json::Map<String, serde_json::Value> =
        words.iter().map(|word| ((*word).to_owned(), value.clone())).collect();
    schemars::json_schema!({ "type": "object", "properties": properties, "additionalProperties": false })
}

fn pattern_texts_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    keyed_by(&Pattern::words(), &serde_json::json!({ "type": "string" }))
}

fn intent_verbs_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    keyed_by(&Intent::words(), &serde_json::json!({ "type": "array", "items": { "type": "string" } }))
}
