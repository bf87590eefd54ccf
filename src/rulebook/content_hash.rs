//! The identity of a rule set: the SHA-256 of its files. Shared with
//! `build.rs`, which hashes the embedded files once, at build time.

/// The files that make up a rule set (and its hash); cases and demos are separate.
pub const RULE_FILES: [&str; 4] = ["questions.toml", "triage.toml", "regions.toml", "plan.toml"];

/// SHA-256, in hex, of `(name, text)` pairs in [`RULE_FILES`] order.
#[must_use]
pub fn content_hash<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    use sha2::{Digest, Sha256};
    use std::fmt::Write;
    let mut hasher = Sha256::new();
    for (name, text) in files {
        hasher.update(name.as_bytes());
        hasher.update([0]);
        hasher.update(text.as_bytes());
        hasher.update([0]);
    }
    hasher
        .finalize()
        .iter()
        .fold(String::with_capacity(64), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}
