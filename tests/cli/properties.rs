//! Property tests for the engine's promises.

use std::sync::OnceLock;

use proptest::prelude::*;
use serde_json::Value as Json;
use spasm_triage::model::answers::{Builder, Value};
use spasm_triage::model::catalog::{Kind, YES};
use spasm_triage::{Missing, ParseOptions, RuleSet, engine};

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::embedded().expect("embedded rules load"))
}

fn options(missing: Missing) -> ParseOptions {
    ParseOptions::new(missing, "2026-11-21T10:00:00Z".parse().expect("valid time"))
}

/// One value per question, chosen from `seeds`.
fn values_from(seeds: &[u32]) -> Vec<Value> {
    rules()
        .catalog
        .questions
        .iter()
        .zip(seeds)
        .map(|(q, &seed)| match &q.kind {
            Kind::Tristate => Value::Option(u8::try_from(seed % 3).unwrap_or(0)),
            Kind::Choice { options } => {
                let n = u32::try_from(options.len()).unwrap_or(1);
                Value::Option(u8::try_from(seed % n).unwrap_or(0))
            }
            Kind::Int { min, max } | Kind::Number { min, max } => {
                let span = max.unwrap_or(min + 5000.0) - min;
                Value::Number((min + f64::from(seed % 10_000) / 10_000.0 * span).round())
            }
            other => panic!("no seed for a question of kind {other:?}"),
        })
        .collect()
}

fn urgency_of(values: &[Value]) -> spasm_triage::Urgency {
    let mut b = Builder::new(&rules().catalog);
    for (i, v) in values.iter().enumerate() {
        b.set(u16::try_from(i).expect("small catalog"), *v);
    }
    let answers = b
        .finish(options(Missing::Partial))
        .expect("complete answers are valid");
    engine::evaluate(rules(), answers).urgency
}

fn arb_json() -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        any::<i64>().prop_map(Json::from),
        any::<f64>().prop_map(Json::from),
        "[a-z_]{0,12}".prop_map(Json::String),
        prop_oneof![
            Just("yes"),
            Just("no"),
            Just("unsure"),
            Just("male"),
            Just("none")
        ]
        .prop_map(|s| Json::String(s.to_string())),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Json::Array),
            prop::collection::vec((key(), inner), 0..12)
                .prop_map(|kv| Json::Object(kv.into_iter().collect())),
        ]
    })
}

/// A valid answers object with a few random byte edits: inserted,
/// replaced or deleted anywhere, so inputs stay close to the real thing.
fn edited_answers() -> impl Strategy<Value = Vec<u8>> {
    let base = crate::common::well().to_string().into_bytes();
    let edit = (any::<prop::sample::Index>(), any::<u8>(), 0..3u8);
    prop::collection::vec(edit, 1..8).prop_map(move |edits| {
        let mut bytes = base.clone();
        for (at, byte, op) in edits {
            let i = at.index(bytes.len() + 1);
            match op {
                0 => bytes.insert(i, byte),
                1 if i < bytes.len() => bytes[i] = byte,
                _ if i < bytes.len() => {
                    bytes.remove(i);
                }
                _ => bytes.push(byte),
            }
        }
        bytes
    })
}

/// Runs raw bytes through the input path and checks the error, if any, is
/// a list of one-line sentences.
fn check_bytes(bytes: &[u8]) -> Result<(), TestCaseError> {
    match spasm_triage::assess_bytes(
        rules(),
        bytes,
        options(Missing::Partial),
        rules().regions.fallback(),
    ) {
        Ok(report) => prop_assert_eq!(report.schema_version, 1),
        Err(e) => {
            prop_assert!(!e.problems.is_empty());
            for p in &e.problems {
                prop_assert!(
                    !p.message.is_empty() && !p.message.contains('\n'),
                    "{:?}",
                    p.message
                );
                prop_assert!(
                    p.message.len() < 1000,
                    "{} bytes: {:.200}",
                    p.message.len(),
                    p.message
                );
            }
        }
    }
    Ok(())
}

fn key() -> impl Strategy<Value = String> {
    let ids: Vec<String> = rules().catalog.answer_keys().map(str::to_string).collect();
    prop_oneof![prop::sample::select(ids), "[a-zA-Z_]{1,16}"]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn raising_a_tristate_never_lowers_urgency(
        seeds in prop::collection::vec(any::<u32>(), 64),
        pick in any::<prop::sample::Index>(),
    ) {
        let values = values_from(&seeds);
        let tristates: Vec<usize> = rules().catalog.questions.iter().enumerate()
            .filter(|(_, q)| q.kind == Kind::Tristate).map(|(i, _)| i).collect();
        let i = tristates[pick.index(tristates.len())];
        let before = urgency_of(&values);
        let mut raised = values.clone();
        if let Value::Option(v) = raised[i] && v < YES {
            raised[i] = Value::Option(v + 1);
        }
        prop_assert!(urgency_of(&raised) >= before, "raising {} lowered urgency", rules().catalog.questions[i].id);
    }

    #[test]
    fn any_json_gives_a_result_or_an_error(json in arb_json(), partial in any::<bool>()) {
        let missing = if partial { Missing::Partial } else { Missing::Reject };
        let result = spasm_triage::assess(rules(), &json.to_string(), options(missing), rules().regions.fallback());
        // Nothing is dropped silently: a result means every key was an answer.
        if let (Ok(_), Some(map)) = (result, json.as_object()) {
            for key in map.keys() {
                prop_assert!(rules().catalog.answer_keys().any(|k| k == key), "`{}` was accepted", key);
            }
        }
    }

    #[test]
    fn any_text_gives_a_result_or_an_error(text in ".{0,200}") {
        let _ = spasm_triage::assess(rules(), &text, options(Missing::Reject), rules().regions.fallback());
    }

    #[test]
    fn any_bytes_give_a_result_or_an_error(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        check_bytes(&bytes)?;
    }

    #[test]
    fn edited_answers_give_a_result_or_an_error(bytes in edited_answers()) {
        check_bytes(&bytes)?;
    }
}
