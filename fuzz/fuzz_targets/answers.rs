//! Arbitrary bytes as an answers file: a result or a clear error, never a
//! panic, and every error a list of one-line sentences.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use spasm_triage::output::render;
use spasm_triage::{Missing, ParseOptions, RuleSet};

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::embedded().expect("embedded rules load"))
}

fuzz_target!(|data: &[u8]| {
    let rules = rules();
    let region = rules.regions.fallback();
    for missing in [Missing::Reject, Missing::Partial] {
        let options =
            ParseOptions::new(missing, "2026-11-21T10:00:00Z".parse().expect("valid time"));
        match spasm_triage::assess_bytes(rules, data, options, region) {
            Ok(report) => {
                assert!(!render::text(&report).is_empty());
                assert!(!render::json(&report, false).contains('\n'));
            }
            Err(e) => {
                assert!(!e.problems.is_empty());
                for p in &e.problems {
                    assert!(!p.message.is_empty(), "empty message");
                    assert!(!p.message.contains('\n'), "{:?}", p.message);
                    assert!(p.message.len() < 1000, "{:.200}", p.message);
                }
                assert!(!e.to_string().is_empty());
            }
        }
    }
});
