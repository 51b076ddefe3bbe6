//! What a person sees on a rendered page, reduced to what parity compares:
//! the title, the headings, the landmarks, the controls (role and
//! accessible name, as the browser's accessibility tree computes them) and
//! the visible text. Class names and markup that change with every build
//! are left out on purpose: two builds of the same page read the same here.

use serde::Serialize;

use crate::probe::baseline::simhash;

/// Roles that are a control a person can act on.
pub const CONTROL_ROLES: &[&str] = &["button", "link", "menuitem", "menuitemcheckbox", "menuitemradio", "tab"];

/// Roles that are a landmark (ARIA landmark roles).
pub const LANDMARK_ROLES: &[&str] =
    &["banner", "navigation", "main", "contentinfo", "complementary", "region", "form", "search"];

/// Simhashes of visible text that differ in at most this many bits are the
/// same text (a reflected path or a nonce aside), as for HTTP baselines.
const MAX_TEXT_DISTANCE: u32 = 3;

/// One node of the accessibility tree that matters: its role and name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Named {
    pub role: String,
    pub name: String,
}

/// A rendered page as a person sees it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Snapshot {
    pub title: String,
    /// Heading texts, in document order.
    pub headings: Vec<String>,
    /// Landmarks (`main`, `navigation`, a named `region` …) with their names.
    pub landmarks: Vec<Named>,
    /// Buttons, links, menu items and tabs that are not hidden.
    pub controls: Vec<Named>,
    /// `innerText` of the body: what is visible, collapsed.
    pub text: String,
    /// `innerText` of the `main` landmark, when the page has one: an app
    /// shell's navigation is not content the route drew.
    pub main_text: Option<String>,
    /// The serialised DOM, for the target's marker.
    pub html: String,
    /// The CSS selectors asked for (a matrix `control: css:…`) that match a
    /// visible element.
    pub visible_selectors: Vec<String>,
}

impl Snapshot {
    /// Adds one accessibility-tree node by role: headings, landmarks and
    /// controls are kept, the rest is text the page already gives.
    pub fn add_node(&mut self, role: &str, name: &str) {
        let name = collapse(name);
        let named = Named { role: role.to_owned(), name: name.clone() };
        if role == "heading" {
            self.headings.push(name);
        } else if LANDMARK_ROLES.contains(&role) {
            self.landmarks.push(named);
        } else if CONTROL_ROLES.contains(&role) && !name.is_empty() {
            self.controls.push(named);
        }
    }

    /// Nothing the route drew: no heading, and no text in its `main`
    /// landmark (in the whole page when it has none).
    #[must_use]
    pub fn is_blank(&self) -> bool {
        let content = self.main_text.as_deref().unwrap_or(&self.text);
        self.headings.iter().all(String::is_empty) && content.trim().is_empty()
    }

    /// Whether two pages look the same, once the words of `paths` (the
    /// requested paths, which a not-found view often echoes) are set aside.
    #[must_use]
    pub fn looks_like(&self, other: &Self, paths: &[&str]) -> bool {
        let echo: Vec<String> = paths.iter().flat_map(|path| words(path)).collect();
        let hash = |text: &str| {
            let kept: Vec<String> = words(text).filter(|word| !echo.contains(word)).collect();
            simhash(kept.iter().map(String::as_str))
        };
        let strip = |items: &[String]| items.iter().map(|item| hash(item)).collect::<Vec<_>>();
        self.title == other.title
            && strip(&self.headings) == strip(&other.headings)
            && self.landmarks.iter().map(|l| &l.role).eq(other.landmarks.iter().map(|l| &l.role))
            && (hash(&self.text) ^ hash(&other.text)).count_ones() <= MAX_TEXT_DISTANCE
    }
}

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric()).filter(|word| !word.is_empty()).map(str::to_lowercase)
}

/// Whitespace collapsed to single spaces, trimmed.
#[must_use]
pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(title: &str, heading: &str, text: &str) -> Snapshot {
        let mut snapshot = Snapshot { title: title.to_owned(), text: text.to_owned(), ..Snapshot::default() };
        snapshot.add_node("heading", heading);
        snapshot.add_node("main", "");
        snapshot
    }

    #[test]
    fn nodes_sort_into_headings_landmarks_and_named_controls() {
        let mut snapshot = Snapshot::default();
        for (role, name) in [
            ("heading", " Nodes\n list "),
            ("navigation", "Main"),
            ("button", "Drain"),
            ("button", ""),
            ("tab", "Activity"),
            ("generic", "x"),
        ] {
            snapshot.add_node(role, name);
        }
        assert_eq!(snapshot.headings, ["Nodes list"]);
        assert_eq!(snapshot.landmarks, [Named { role: "navigation".to_owned(), name: "Main".to_owned() }]);
        let controls: Vec<&str> = snapshot.controls.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(controls, ["Drain", "Activity"], "an unnamed button is nothing a person can find");
    }

    #[test]
    fn a_not_found_view_that_echoes_the_path_looks_like_another_one() {
        let one = page("App", "Not found", "No page at /nodes/parity-404-abc. Go home.");
        let two = page("App", "Not found", "No page at /nodes/n-1. Go home.");
        assert!(one.looks_like(&two, &["/nodes/parity-404-abc", "/nodes/n-1"]));
        let real = page("App", "Node n-1", "Node n-1 is ready. Drain Cordon Activity");
        assert!(!real.looks_like(&one, &["/nodes/parity-404-abc", "/nodes/n-1"]));
    }

    #[test]
    fn a_page_without_text_or_headings_is_blank() {
        assert!(Snapshot::default().is_blank());
        assert!(!page("", "Title", "").is_blank());
        let shell = Snapshot { text: "Nodes Jobs".to_owned(), main_text: Some(String::new()), ..Snapshot::default() };
        assert!(shell.is_blank(), "the shell's navigation is not the route's content");
    }
}
