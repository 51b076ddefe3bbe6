//! `parity init`: a first matrix from the code, for a team starting out.
//!
//! One surface per V1 page (a route answering GET), its id derived from the
//! path, status `not-started`, and the V3 pages whose paths and names look
//! most alike written beside it as commented-out targets: a suggestion for a
//! person to confirm, never a claim the matrix would then make. The files it
//! writes pass `parity validate` as they are.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::{Confidence, DiscoveredRoute, ForwardKind, TreeScan};
use crate::route::{RoutePattern, Segment};

/// At most this many V3 candidates per surface.
const MAX_CANDIDATES: usize = 3;
/// Candidates scoring below this are not worth a reader's time.
const MIN_SCORE: f64 = 0.72;

/// The text of the files `parity init` writes.
#[derive(Debug)]
pub struct Scaffold {
    /// `00-document.yaml`: the audit's framing, to be reworded.
    pub document: String,
    /// `10-surfaces.yaml`: one surface per V1 page.
    pub surfaces: String,
    /// How many surfaces `surfaces` holds.
    pub surface_count: usize,
}

/// Builds the matrix files from the scanned trees.
#[must_use]
pub fn scaffold(title: &str, v1: &[&TreeScan], v3: &[&TreeScan]) -> Scaffold {
    let pages = |trees: &[&TreeScan]| -> Vec<(RoutePattern, String)> {
        let mut seen = BTreeSet::new();
        trees
            .iter()
            .flat_map(|tree| tree.routes.iter())
            .filter(|route| is_page(route))
            .filter_map(|route| RoutePattern::parse(&route.pattern).ok().map(|p| (p, where_defined(route))))
            .filter(|(pattern, _)| seen.insert(pattern.shape()))
            .collect()
    };
    let (v1_pages, v3_pages) = (pages(v1), pages(v3));
    let redirects = redirect_targets(v3);
    let mut ids = BTreeSet::new();
    let mut surfaces = String::from(
        "# Scaffolded by `parity init`: one surface per V1 page found in the code.\n\
         # Confirm the V3 targets (candidates are commented out), record the actions\n\
         # by lifecycle intent, and update each status as the migration moves.\n\
         surfaces:\n",
    );
    for (pattern, defined) in &v1_pages {
        let id = unique_id(&surface_id(pattern), &mut ids);
        let _ =
            write!(surfaces, "  - id: {id}\n    # defined at {defined}\n    v1: [{}]\n", quoted(&pattern.to_string()));
        let candidates = candidates(pattern, &v3_pages);
        if !candidates.is_empty() {
            surfaces.push_str("    # V3 candidates by similar path and name; uncomment the right one:\n    # v3:\n");
            for (candidate, score) in candidates {
                let _ = writeln!(surfaces, "    #   - route: {}  # {score:.2}", quoted(&candidate.to_string()));
                if let Some(destination) = redirects.get(&candidate.shape()) {
                    let _ = writeln!(surfaces, "    #     resolves_to: {}", quoted(destination));
                }
            }
        }
        surfaces.push_str("    status: not-started\n\n");
    }
    let unresolved: Vec<&DiscoveredRoute> =
        v1.iter().flat_map(|t| t.routes.iter()).filter(|r| r.confidence == Confidence::Unresolved).collect();
    if !unresolved.is_empty() {
        surfaces.push_str("# Routes under a prefix parity could not resolve; add them by hand:\n");
        for route in unresolved {
            let prefix = route.unresolved_prefix.as_deref().unwrap_or("?");
            let _ = writeln!(surfaces, "#   {prefix} + {}  at {}", route.pattern, where_defined(route));
        }
    }
    Scaffold {
        document: document(title),
        surfaces: surfaces.trim_end().to_owned() + "\n",
        surface_count: v1_pages.len(),
    }
}

/// Where each V3 redirect within the app leads, by its source's shape: a
/// V1 page that maps to a redirect is a target that `resolves_to` there.
fn redirect_targets(v3: &[&TreeScan]) -> std::collections::BTreeMap<String, String> {
    let routes = v3.iter().flat_map(|tree| tree.routes.iter());
    routes
        .filter_map(|route| {
            let forward = route.forward.as_ref().filter(|f| f.kind == ForwardKind::Redirect)?;
            let destination = super::fs::next_config::source_pattern(&forward.destination)?;
            let destination = RoutePattern::parse(&destination).ok()?.to_string();
            Some((RoutePattern::parse(&route.pattern).ok()?.shape(), destination))
        })
        .collect()
}

/// A page: a route with a known path answering GET.
fn is_page(route: &DiscoveredRoute) -> bool {
    route.confidence != Confidence::Unresolved && route.methods.iter().any(|m| m == "GET" || m == "*")
}

fn where_defined(route: &DiscoveredRoute) -> String {
    format!("{}:{} ({})", route.file.display(), route.line, route.framework)
}

/// A YAML double-quoted scalar (JSON string syntax is valid YAML).
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| format!("\"{text}\""))
}

/// `/users/{id}/edit` → `users-id-edit`; `/` → `home`.
#[must_use]
pub fn surface_id(pattern: &RoutePattern) -> String {
    // A segment's canonical text holds its words: `{id}` → `id`, `{id}.json` → `id json`.
    let words: Vec<String> = pattern.segments().iter().flat_map(|segment| kebab_words(&segment.to_string())).collect();
    if words.is_empty() { "home".to_owned() } else { words.join("-") }
}

/// The lower-case words of `text`, split at non-alphanumerics and camelCase.
fn kebab_words(text: &str) -> Vec<String> {
    let mut words = vec![String::new()];
    let mut previous_lower = false;
    for c in text.chars() {
        if !c.is_ascii_alphanumeric() {
            words.push(String::new());
        } else if c.is_ascii_uppercase() && previous_lower {
            words.push(c.to_ascii_lowercase().to_string());
        } else {
            words.last_mut().expect("never empty").push(c.to_ascii_lowercase());
        }
        previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
    }
    words.into_iter().filter(|w| !w.is_empty()).collect()
}

fn unique_id(base: &str, taken: &mut BTreeSet<String>) -> String {
    let mut id = base.to_owned();
    let mut n = 1;
    while taken.contains(&id) {
        n += 1;
        id = format!("{base}-{n}");
    }
    taken.insert(id.clone());
    id
}

/// The V3 pages most like `v1`, best first, with their scores.
fn candidates<'a>(v1: &RoutePattern, v3: &'a [(RoutePattern, String)]) -> Vec<(&'a RoutePattern, f64)> {
    let mut scored: Vec<(&RoutePattern, f64)> =
        v3.iter().map(|(pattern, _)| (pattern, similarity(v1, pattern))).filter(|(_, s)| *s >= MIN_SCORE).collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.to_string().cmp(&b.0.to_string())));
    scored.truncate(MAX_CANDIDATES);
    scored
}

/// How alike two routes look, 0 to 1: mostly the last literal (the page's
/// name), then the words the literals share, then the same parameter count.
/// V3 paths often add a prefix (`/v3-prod/platform/…`), so whole-path
/// distance alone would rank badly.
#[must_use]
pub fn similarity(v1: &RoutePattern, v3: &RoutePattern) -> f64 {
    let literals = |p: &RoutePattern| -> Vec<String> {
        p.segments()
            .iter()
            .filter_map(|s| if let Segment::Literal(t) = s { Some(t.to_ascii_lowercase()) } else { None })
            .collect()
    };
    let (a, b) = (literals(v1), literals(v3));
    let name = |l: &[String]| l.last().cloned().unwrap_or_default();
    let name_score = strsim::jaro_winkler(&name(&a), &name(&b));
    let words = |l: &[String]| -> BTreeSet<String> { l.iter().flat_map(|s| kebab_words(s)).collect() };
    let (wa, wb) = (words(&a), words(&b));
    // Jaccard: words only one side has (`api`, `v3-prod`) lower the score.
    let count = |n: usize| f64::from(u32::try_from(n).unwrap_or(u32::MAX));
    let union = wa.union(&wb).count();
    let word_score = if union == 0 { 1.0 } else { count(wa.intersection(&wb).count()) / count(union) };
    let same_params = if v1.params().count() == v3.params().count() { 1.0 } else { 0.0 };
    0.6 * name_score + 0.3 * word_score + 0.1 * same_params
}

fn document(title: &str) -> String {
    format!(
        r#"# Scaffolded by `parity init`: the audit's framing. Reword it for your migration.
document:
  title: {title}
  status: scaffolded, not yet reviewed.
  purpose: Track which V1 pages and actions have a home in V3, and how far each has come.
  rule:
    lead: "If a V1 action is still needed, it must land in V3 as one of these patterns:"
    patterns:
      workbench-action-queue: for things an operator should triage now.
      resource-operations-panel: for actions scoped to one resource.
      lifecycle-activity-tab: for what happened and where to pivot next.
      family-local-nav: for sibling workbenches inside one product family.
    no_one_off_buttons: Do not add one-off buttons to isolated pages unless they fit one of those patterns.
  lifecycle:
    lead: "A V3 replacement is incomplete until the resource lifecycle is visible by intent:"
    intents:
      setup: [create, enroll, bootstrap, configure, grant, attach, publish]
      update: [edit, activate, retire, upgrade, role/scope change, quota change]
      maintenance: [probe, repair, rotate, reconcile, drift review, health check]
      recovery: [retry, resume, rerun, restore, re-enroll, compensate]
      destructive: [release, decommission, detach, remove, delete, revoke]
      evidence: [audit, task, workflow, event, runbook, log, trace, provider handoff]
  progress_rule: The V3 page must make the intent and post-click progress explicit.
"#,
        title = quoted(title)
    )
}

/// A `parity.toml` whose matrix is `matrix_dir` (relative to the file).
#[must_use]
pub fn config(matrix_dir: &str) -> String {
    format!(
        "# Scaffolded by `parity init`. Every key is documented in docs/config.md;\n\
         # parity.example.toml shows deployments, auth and probe settings.\n\n\
         [matrix]\n\
         # Matrix files or directories, relative to this file.\n\
         paths = [{}]\n\n\
         # Uncomment and set the deployments `parity check` probes:\n\
         # [deployments.v1]\n\
         # base_url = \"https://v1.example.test\"\n\
         # role = \"v1\"\n\
         #\n\
         # [deployments.v3]\n\
         # base_url = \"https://v3.example.test\"\n\
         # role = \"v3\"\n",
        quoted(matrix_dir)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(text: &str) -> RoutePattern {
        RoutePattern::parse(text).unwrap()
    }

    #[test]
    fn ids_come_from_the_path() {
        assert_eq!(surface_id(&route("/")), "home");
        assert_eq!(surface_id(&route("/admin/userGroups/{groupId}")), "admin-user-groups-group-id");
        assert_eq!(surface_id(&route("/docs/{*rest?}")), "docs-rest");
        let mut taken = BTreeSet::new();
        assert_eq!(unique_id("users", &mut taken), "users");
        assert_eq!(unique_id("users", &mut taken), "users-2");
    }

    #[test]
    fn the_page_name_weighs_more_than_the_prefix() {
        let v1 = route("/admin/quotas/{id}");
        let near = similarity(&v1, &route("/v3-prod/platform/quotas/{id}"));
        let far = similarity(&v1, &route("/v3-prod/platform/users/{id}"));
        assert!(near > far && near >= MIN_SCORE, "{near} vs {far}");
    }
}
