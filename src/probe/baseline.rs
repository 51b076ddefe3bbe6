//! Soft-404 detection: fingerprints of what a deployment answers for paths
//! that cannot exist, compared with every 2xx answer.
