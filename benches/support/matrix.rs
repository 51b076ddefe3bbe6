//! The generated benchmark matrix, shared by the benchmarks that read it.

use std::fmt::Write as _;

/// A realistic matrix: every surface has routes with parameters, a
/// resolves-to target, notes and three actions over several intents. The
/// head version renames every tenth surface, lowers the status and loses a
/// landing on another tenth, and adds a target to a third tenth.
pub fn generate(surfaces: usize, head: bool) -> String {
    let mut yaml = String::from("surfaces:\n");
    for i in 0..surfaces {
        let changed = |n| head && i % 10 == n;
        let id = if changed(1) { format!("renamed-{i}") } else { format!("surface-{i}") };
        let level = if changed(2) { "partial" } else { "covered" };
        let extra = if changed(3) { format!("\n      - route: /v3-prod/extra-{i}") } else { String::new() };
        let f = i % 40;
        let repair = if changed(2) {
            "pending: {reason: deferred}".to_owned()
        } else {
            format!(
                "landing:\n          pattern: resource-operations-panel\n          \
                 v3: POST /v3-prod/family-{f}/things-{i}/{{id}}/repair"
            )
        };
        let _ = write!(
            yaml,
            r#"  - id: {id}
    v1: ["/family-{f}/things-{i}/{{id}}"]
    v3:
      - route: /v3-prod/family-{f}/things-{i}/{{id}}
        resolves_to: /v3-prod/workloads-{i}/{{id}}{extra}
    status: {{level: {level}, scope: for current workflows}}
    notes: >-
      Surface {i} keeps its lifecycle visible: operations, activity and
      evidence are present, with runtime credentials shown without secrets.
    progress: [task, event, audit]
    actions:
      - verb: create thing
        intent: setup
        v1: POST /family-{f}/things-{i}
        landing: {{pattern: workbench-action-queue}}
      - verb: repair thing
        intent: maintenance
        {repair}
      - verb: delete thing
        intent: destructive
        v1: DELETE /family-{f}/things-{i}/{{id}}
        landing: {{pattern: resource-operations-panel, progress: [workflow, audit]}}
"#
        );
    }
    yaml
}
