//! Hashes the embedded rule files once, at build time, so starting the
//! program does not.

#[allow(dead_code)]
#[path = "src/rulebook/content_hash.rs"]
mod content_hash;

fn main() {
    println!("cargo::rerun-if-changed=rules");
    println!("cargo::rerun-if-changed=src/rulebook/content_hash.rs");
    let texts: Vec<(&str, String)> = content_hash::RULE_FILES
        .iter()
        .map(|name| {
            let path = format!("rules/{name}");
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
            (*name, text)
        })
        .collect();
    let hash = content_hash::content_hash(texts.iter().map(|(n, t)| (*n, t.as_str())));
    println!("cargo::rustc-env=SPASM_TRIAGE_EMBEDDED_SHA256={hash}");
}
