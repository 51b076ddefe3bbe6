//! Which requests to make.
