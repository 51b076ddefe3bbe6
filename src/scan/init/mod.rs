//! `parity init`: a first matrix from the code, for a team starting out.
//!
//! One surface per V1 page (a route answering GET), its id derived from the
//! path, status `not-started`, and the V3 pages whose paths and names look
//! most alike written beside it as commented-out targets: a suggestion for a
//! person to confirm, never a claim the matrix would then make. Every
//! mutating V1 endpoint becomes an action of the surface its page leads to
//! (see [`actions`]). A route under a prefix parity could not resolve is
//! kept: its path is written as far as it is known, with the unknown prefix
//! in a comment to fill in. The files it writes pass `parity validate` as
//! they are.

pub mod actions;

use std::collections::BTreeSet;
use std::fmt::Write as _;

use self::actions::Mutation;
use super::{DiscoveredRoute, ForwardKind, TreeScan};
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
    /// How many actions they hold.
    pub action_count: usize,
}

/// A V1 page or V3 target: a route answering GET, where it is defined, and
/// the mount expression in front of it when that is unknown.
struct Page {
    pattern: RoutePattern,
    defined: String,
    unresolved_prefix: Option<String>,
}

/// Every page of `trees`, each path once.
fn pages(trees: &[&TreeScan]) -> Vec<Page> {
    let mut seen = BTreeSet::new();
    trees
        .iter()
        .flat_map(|tree| tree.routes.iter())
        .filter(|route| is_page(route))
        .filter_map(|route| {
            let pattern = RoutePattern::parse(&route.pattern).ok()?;
            let unresolved_prefix = route.unresolved_prefix.clone();
            Some(Page { pattern, defined: where_defined(route), unresolved_prefix })
        })
        .filter(|page| seen.insert(page.pattern.shape()))
        .collect()
}

/// Builds the matrix files from the scanned trees.
#[must_use]
pub fn scaffold(title: &str, v1: &[&TreeScan], v3: &[&TreeScan]) -> Scaffold {
    let (mut v1_pages, v3_pages) = (pages(v1), pages(v3));
    let v1_mutations = actions::mutations(v1.iter().flat_map(|t| t.routes.iter()));
    let v3_mutations = actions::mutations(v3.iter().flat_map(|t| t.routes.iter()));
    let homes = homes(&mut v1_pages, &v1_mutations);
    let v3_patterns: Vec<(RoutePattern, String)> =
        v3_pages.iter().map(|page| (page.pattern.clone(), page.defined.clone())).collect();
    let redirects = redirect_targets(v3);
    let mut ids = BTreeSet::new();
    let mut surfaces = String::from(
        "# Scaffolded by `parity init`: one surface per V1 page found in the code, each\n\
         # mutating V1 endpoint an action of the page it belongs to. Confirm the V3\n\
         # targets and endpoints (candidates are commented out), correct each guessed\n\
         # intent, and update each status as the migration moves.\n\
         surfaces:\n",
    );
    for (index, page) in v1_pages.iter().enumerate() {
        let id = unique_id(&surface_id(&page.pattern), &mut ids);
        let _ = write!(surfaces, "  - id: {id}\n    # defined at {}\n", page.defined);
        if let Some(prefix) = &page.unresolved_prefix {
            let _ = writeln!(surfaces, "    # prefix unknown: write the value of `{prefix}` in front of the path");
        }
        let _ = writeln!(surfaces, "    v1: [{}]", quoted(&page.pattern.to_string()));
        let candidates = candidates(&page.pattern, &v3_patterns);
        if !candidates.is_empty() {
            surfaces.push_str("    # V3 candidates by similar path and name; uncomment the right one:\n    # v3:\n");
            for (candidate, score) in candidates {
                let _ = writeln!(surfaces, "    #   - route: {}  # {score:.2}", quoted(&candidate.to_string()));
                if let Some(destination) = redirects.get(&candidate.shape()) {
                    let _ = writeln!(surfaces, "    #     resolves_to: {}", quoted(destination));
                }
            }
        }
        surfaces.push_str("    status: not-started\n");
        let own: Vec<&Mutation> = homes.iter().filter(|(home, _)| *home == index).map(|(_, m)| *m).collect();
        if !own.is_empty() {
            surfaces.push_str(&actions::render(&own, &v3_mutations));
        }
        surfaces.push('\n');
    }
    Scaffold {
        document: document(title),
        surfaces: surfaces.trim_end().to_owned() + "\n",
        surface_count: v1_pages.len(),
        action_count: homes.len(),
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

/// The page each mutation belongs to, by index into `pages`; a mutation no
/// page leads to gets a page of its own path (an API with no GET there is
/// still a place where the operator acts).
fn homes<'m>(pages: &mut Vec<Page>, mutations: &'m [Mutation]) -> Vec<(usize, &'m Mutation)> {
    let mut homes = Vec::new();
    for mutation in mutations {
        let known: Vec<(&RoutePattern, Option<&str>)> =
            pages.iter().map(|p| (&p.pattern, p.unresolved_prefix.as_deref())).collect();
        let home = actions::home_page(mutation, &known).unwrap_or_else(|| {
            pages.push(Page {
                pattern: mutation.pattern.clone(),
                defined: format!("{}; no page answers GET here, only its actions", mutation.defined),
                unresolved_prefix: mutation.unresolved_prefix.clone(),
            });
            pages.len() - 1
        });
        homes.push((home, mutation));
    }
    homes
}

/// A page: a route answering GET.
fn is_page(route: &DiscoveredRoute) -> bool {
    route.methods.iter().any(|m| m == "GET" || m == "*")
}

pub(crate) fn where_defined(route: &DiscoveredRoute) -> String {
    format!("{}:{} ({})", route.file.display(), route.line, route.framework)
}

/// A YAML double-quoted scalar (JSON string syntax is valid YAML).
pub(crate) fn quoted(text: &str) -> String {
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
pub(crate) fn kebab_words(text: &str) -> Vec<String> {
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
