//! The shared HTTP client: per-host concurrency and rate limits, retries
//! with backoff, redirects followed by hand, bodies read up to a cap.
