//! Rule sets generated from the input, run through the analysis of
//! `rules check`: it ends (every search has a step budget; run with
//! `-timeout=10` for a per-input time limit), never panics, and exits 78
//! only for a real finding (an error has a code the analysis documents).
#![no_main]

use libfuzzer_sys::fuzz_target;
use spasm_triage::engine::analysis::{CODES, check_texts};
use spasm_triage::rulebook::EMBEDDED;

/// Questions the generated rules test, with values they may compare.
const TESTS: &[(&str, &[&str])] = &[
    ("fever", &["\"yes\"", "\"no\"", "[\"yes\", \"unsure\"]"]),
    ("night_pain", &["\"yes\"", "\"unsure\""]),
    (
        "age",
        &["\">= 50\"", "\"< 18\"", "\"between 20 and 60\"", "70"],
    ),
    ("pain_severity", &["\">= 7\"", "\"<= 3\"", "5"]),
    ("saddle_numbness", &["\"yes\"", "\"no\""]),
    ("pregnant", &["\"yes\"", "\"no\""]),
    ("sex", &["\"female\"", "\"!= male\""]),
    ("leg_symptoms", &["\"both_legs\"", "\"none\""]),
];
const URGENCIES: &[&str] = &["emergency", "urgent", "routine", "self_care"];

/// One condition from the bytes: a test, or all/any/not of more.
fn condition(bytes: &mut impl Iterator<Item = u8>, depth: usize) -> String {
    let pick = bytes.next().unwrap_or(0);
    if depth < 4 && pick % 5 == 0 {
        let n = 1 + usize::from(bytes.next().unwrap_or(0) % 3);
        let parts: Vec<String> = (0..n).map(|_| condition(bytes, depth + 1)).collect();
        let word = if pick % 2 == 0 { "all" } else { "any" };
        return format!("{{ {word} = [{}] }}", parts.join(", "));
    }
    if depth < 4 && pick % 7 == 1 {
        return format!("{{ not = {} }}", condition(bytes, depth + 1));
    }
    let (question, values) = TESTS[usize::from(pick) % TESTS.len()];
    let value = values[usize::from(bytes.next().unwrap_or(0)) % values.len()];
    format!("{{ {question} = {value} }}")
}

fuzz_target!(|data: &[u8]| {
    let mut bytes = data.iter().copied();
    let mut triage = EMBEDDED
        .iter()
        .find(|(n, _)| *n == "triage.toml")
        .map(|(_, t)| (*t).to_string())
        .unwrap_or_default();
    // Up to 200 more rules: enough for the pairwise lints to matter.
    for i in 0..200 {
        let Some(u) = bytes.next() else { break };
        let urgency = URGENCIES[usize::from(u) % URGENCIES.len()];
        let when = condition(&mut bytes, 0);
        triage.push_str(&format!(
            "\n[[rule]]\nid = \"fuzz-{i}\"\nurgency = \"{urgency}\"\nmessage = \"m\"\nsource = \"s\"\nwhen = {when}\n"
        ));
    }
    let texts: Vec<(&str, &str)> = EMBEDDED
        .iter()
        .map(|&(n, t)| {
            (
                n,
                if n == "triage.toml" {
                    triage.as_str()
                } else {
                    t
                },
            )
        })
        .collect();
    let check = check_texts(&texts).expect("every rule file is given");
    for d in &check.diagnostics.items {
        let known = CODES.iter().any(|(c, _, _)| *c == d.code);
        // Loading errors have their own codes; the analysis only its own.
        assert!(
            known || check.counts.is_none() || d.code == "bad-number",
            "{}",
            d.code
        );
    }
    assert!(!check.diagnostics.render(false).is_empty() || check.diagnostics.items.is_empty());
});
