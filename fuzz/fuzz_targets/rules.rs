//! Arbitrary text in place of one rule file: a rule set or diagnostics,
//! never a panic; a rule set that loads can assess answers.
#![no_main]

use libfuzzer_sys::fuzz_target;
use spasm_triage::rulebook::{EMBEDDED, RULE_FILES};
use spasm_triage::{Missing, ParseOptions, RuleSet, RulesError};

fuzz_target!(|data: &[u8]| {
    // The first byte picks the file the rest of the input replaces.
    let Some((&pick, text)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(text) else {
        return;
    };
    let replaced = RULE_FILES[usize::from(pick) % RULE_FILES.len()];
    let texts: Vec<(&str, &str)> = EMBEDDED
        .iter()
        .map(|&(name, embedded)| (name, if name == replaced { text } else { embedded }))
        .collect();
    match RuleSet::from_texts(&texts) {
        Ok(rules) => {
            let options = ParseOptions::new(
                Missing::Partial,
                "2026-11-21T10:00:00Z".parse().expect("valid time"),
            );
            let region = rules.regions.fallback();
            let _ = spasm_triage::assess(&rules, "{}", options, region);
        }
        Err(RulesError::Invalid(diags)) => {
            assert!(diags.has_errors());
            assert!(!diags.render(false).is_empty());
            assert!(!diags.to_string().is_empty());
        }
        Err(e) => panic!("texts in memory cannot be unreadable: {e}"),
    }
});
