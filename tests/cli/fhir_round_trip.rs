//! Answers → QuestionnaireResponse → `assess` gives the same result as the
//! answers: for every case of `rules/cases.toml` and for generated answers,
//! in process; and once through the binary, Bundle to result.

use std::sync::OnceLock;

use proptest::prelude::*;
use serde_json::Value as Json;
use spasm_triage::model::answers::{Answers, Builder, Value, parse};
use spasm_triage::model::catalog::Kind;
use spasm_triage::model::clock::Clock;
use spasm_triage::output::fhir::response::questionnaire_response;
use spasm_triage::output::report::Report;
use spasm_triage::rulebook::cases;
use spasm_triage::{Missing, ParseOptions, RuleSet, RulesSource, engine, plan};

use crate::common::json_out;

const NOW: &str = "2026-11-21T10:00:00Z";

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::embedded().expect("embedded rules load"))
}

fn options(missing: Missing) -> ParseOptions {
    ParseOptions::new(missing, NOW.parse().expect("valid time"))
}

/// The whole result, as `assess --format json` writes it.
fn result(answers: Answers, missing: Missing) -> Result<Json, String> {
    let rules = rules();
    let decision = engine::decide(rules, answers, missing).map_err(|e| e.to_string())?;
    let clock = Clock::system(options(missing).now);
    let region = rules.regions.get("uk").expect("uk");
    let plan = plan::build(rules, &decision, region, &clock);
    let report = Report::new(rules, &decision, plan);
    Ok(serde_json::to_value(&report).expect("serialises"))
}

/// The result of `answers`, and of the same answers read back from their
/// QuestionnaireResponse.
fn both(answers: Answers, missing: Missing) -> (Result<Json, String>, Result<Json, String>) {
    let response = questionnaire_response(rules(), &answers, None).to_string();
    let again = parse(&response, &rules().catalog, options(missing))
        .map_err(|e| format!("{e}\n{response}"));
    let direct = result(answers, missing);
    (direct, again.and_then(|a| result(a, missing)))
}

#[test]
fn every_clinical_case_gives_the_same_result_from_its_questionnaire_response() {
    let all = cases::load(&RulesSource::Embedded, rules()).expect("cases load");
    assert!(all.len() > 200, "{}", all.len());
    for case in &all {
        let missing = if case.partial {
            Missing::Partial
        } else {
            Missing::Reject
        };
        let json = Json::Object(case.answers.clone()).to_string();
        let answers = parse(&json, &rules().catalog, options(missing)).expect("case parses");
        let (direct, again) = both(answers, missing);
        assert_eq!(direct, again, "case {}", case.name);
        assert!(direct.is_ok(), "case {}: {direct:?}", case.name);
    }
}

/// Answers from seeds: any option, any number in range (to 1/4), any
/// question left out (`--partial`).
fn answers_from(seeds: &[u32]) -> Option<Answers> {
    let catalog = &rules().catalog;
    let mut b = Builder::new(catalog);
    for ((i, q), &seed) in catalog.questions.iter().enumerate().zip(seeds) {
        if seed % 7 == 0 {
            continue;
        }
        let value = match &q.kind {
            Kind::Tristate | Kind::Choice { .. } => {
                let n = u32::try_from(q.kind.option_values().len()).expect("few");
                Value::Option(u8::try_from(seed % n).expect("few"))
            }
            Kind::Int { min, max } | Kind::Number { min, max } => {
                let span = max.unwrap_or(min + 2000.0) - min;
                let x = min + f64::from(seed % 10_000) / 10_000.0 * span;
                if matches!(q.kind, Kind::Int { .. }) {
                    Value::Number(x.round())
                } else {
                    Value::Number((x * 4.0).round() / 4.0)
                }
            }
            other => panic!("no seed for {other:?}"),
        };
        b.set(u16::try_from(i).expect("small catalog"), value);
    }
    b.finish(options(Missing::Partial)).ok()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn generated_answers_give_the_same_result_from_their_questionnaire_response(
        seeds in prop::collection::vec(any::<u32>(), 64)
    ) {
        if let Some(answers) = answers_from(&seeds) {
            let (direct, again) = both(answers, Missing::Partial);
            prop_assert_eq!(direct, again);
        }
    }
}

#[test]
fn the_bundle_s_response_read_by_assess_gives_the_same_result() {
    let answers = Json::Object(
        cases::load(&RulesSource::Embedded, rules()).expect("cases")[0]
            .answers
            .clone(),
    )
    .to_string();
    let run = |format: &str, input: &str| {
        json_out(&["assess", "--now", NOW, "--format", format, "-"], input)
    };
    let bundle = run("fhir", &answers);
    let response = bundle["entry"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| &e["resource"])
        .find(|r| r["resourceType"] == "QuestionnaireResponse")
        .expect("a QuestionnaireResponse")
        .to_string();
    assert_eq!(run("json", &answers), run("json", &response));
}
