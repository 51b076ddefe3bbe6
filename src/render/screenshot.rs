//! `--screenshots DIR`: one PNG per rendered V3 target, named so a reviewer
//! (or the web report) finds it from the surface id and the route alone.

/// `node-detail` and `/nodes/{id}` → `node-detail--nodes-id.png`: letters,
/// digits, `-` and `_` only, so the name is safe on every file system.
#[must_use]
pub fn file_name(surface: &str, route: &str) -> String {
    let clean = |text: &str| {
        let kept: String = text.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '-' }).collect();
        kept.split('-').filter(|part| !part.is_empty()).collect::<Vec<_>>().join("-")
    };
    let route = clean(route);
    let route = if route.is_empty() { "root".to_owned() } else { route };
    format!("{}--{route}.png", clean(surface))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_the_surface_and_the_route() {
        assert_eq!(file_name("node-detail", "/nodes/{id}"), "node-detail--nodes-id.png");
        assert_eq!(file_name("home", "/"), "home--root.png");
        assert_eq!(file_name("docs", "/docs/[...slug]/../x"), "docs--docs-slug-x.png", "no way out of the directory");
    }
}
