//! How much input parity agrees to read. Hostile or broken YAML must not
//! exhaust memory or the stack, and every stage that reads a file (the size
//! check, the parser's budget, the node tree, the schema walk) has to refuse
//! at the same bounds, so the bounds live here, below all of them.

/// The largest matrix file parity reads: the limit of every file it reads.
pub use crate::file::MAX_FILE_BYTES;

/// The deepest nesting a matrix needs is about eight levels; the limit leaves
/// room for flow style while refusing pathological input early.
pub(super) const MAX_DEPTH: usize = 48;

/// Far above the 10,000-surface benchmark matrix (about two million nodes).
pub(super) const MAX_NODES: usize = 20_000_000;
