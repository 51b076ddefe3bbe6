//! Not written yet: yields no routes (the next commits fill it in).
use super::SourceFile;
use crate::scan::DiscoveredRoute;
pub fn extract(_files: &[SourceFile]) -> Vec<DiscoveredRoute> {
    Vec::new()
}
