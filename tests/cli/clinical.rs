//! The clinical case suite in `rules/cases.toml`, run through the engine.

use spasm_triage::rulebook::cases;
use spasm_triage::{RuleSet, RulesSource};

#[test]
fn every_clinical_case_passes() {
    let rules = RuleSet::embedded().expect("embedded rules load");
    let all = cases::load(&RulesSource::Embedded, &rules).expect("cases load");
    assert!(all.len() >= 80, "only {} cases", all.len());
    let failures: Vec<String> = spasm_triage::engine::cases::run(&rules, &all)
        .iter()
        .filter_map(|o| {
            let case = &all[o.case];
            o.failure(case).map(|why| {
                format!(
                    "{} ({}): {why}; fired {:?}",
                    case.name, case.location, o.fired
                )
            })
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} failing cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_red_flag_has_a_yes_and_an_unsure_case() {
    let rules = RuleSet::embedded().expect("embedded rules load");
    let all = cases::load(&RulesSource::Embedded, &rules).expect("cases load");
    for q in rules.catalog.questions.iter().filter(|q| q.red_flag) {
        for value in ["yes", "unsure"] {
            let covered = all.iter().any(|c| {
                c.answers.get(&q.id).and_then(|v| v.as_str()) == Some(value)
                    && c.expect >= spasm_triage::Urgency::Urgent
            });
            assert!(covered, "no case answers {} = {value}", q.id);
        }
    }
}
