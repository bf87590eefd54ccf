//! Property tests for the engine's promises.

use std::sync::OnceLock;

use proptest::prelude::*;
use serde_json::Value as Json;
use spasm_triage::model::answers::{Builder, Value};
use spasm_triage::model::catalog::{Kind, NO, UNSURE, YES};
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

/// Like [`values_from`], but mostly the calm answer (no, the first option,
/// an adult age), so that one change is not hidden behind a red flag.
fn calm_values_from(seeds: &[u32]) -> Vec<Value> {
    let random = values_from(seeds);
    rules()
        .catalog
        .questions
        .iter()
        .zip(seeds)
        .zip(random)
        .map(|((q, &seed), random)| match &q.kind {
            _ if seed % 8 == 0 => random,
            Kind::Tristate => Value::Option(NO),
            Kind::Choice { .. } if q.id == "previous_episodes" => {
                option_of("previous_episodes", "occasional")
            }
            Kind::Choice { .. } => Value::Option(0),
            _ if q.id == "age" => Value::Number(f64::from(18 + seed % 70)),
            _ if q.id == "pain_severity" => Value::Number(f64::from(3 + seed % 5)),
            _ => random,
        })
        .collect()
}

fn urgency_of(values: &[Value]) -> spasm_triage::Urgency {
    try_urgency_of(values).expect("complete answers are valid")
}

/// The urgency, or `None` when the answers are refused (an onset before
/// birth, when hours were added).
fn try_urgency_of(values: &[Value]) -> Option<spasm_triage::Urgency> {
    let mut b = Builder::new(&rules().catalog);
    for (i, v) in values.iter().enumerate() {
        b.set(u16::try_from(i).expect("small catalog"), *v);
    }
    let answers = b.finish(options(Missing::Partial)).ok()?;
    Some(engine::evaluate(rules(), answers).urgency)
}

fn index_of(id: &str) -> usize {
    let q = rules().catalog.lookup(id).expect("question exists");
    usize::from(q)
}

fn option_of(id: &str, value: &str) -> Value {
    let q = &rules().catalog.questions[index_of(id)];
    let i = q
        .kind
        .option_values()
        .iter()
        .position(|o| *o == value)
        .expect("option exists");
    Value::Option(u8::try_from(i).expect("few options"))
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
    fn adding_a_red_flag_gives_emergency_whatever_else_is_answered(
        seeds in prop::collection::vec(any::<u32>(), 64),
        pick in any::<prop::sample::Index>(),
        unsure in any::<bool>(),
    ) {
        let values = values_from(&seeds);
        let flags: Vec<usize> = rules().catalog.questions.iter().enumerate()
            .filter(|(_, q)| q.red_flag).map(|(i, _)| i).collect();
        let i = flags[pick.index(flags.len())];
        let before = urgency_of(&values);
        let mut flagged = values.clone();
        flagged[i] = Value::Option(if unsure { UNSURE } else { YES });
        let after = urgency_of(&flagged);
        prop_assert!(after >= before, "adding {} lowered urgency", rules().catalog.questions[i].id);
        if unsure {
            prop_assert!(after >= spasm_triage::Urgency::Urgent);
        } else {
            prop_assert_eq!(after, spasm_triage::Urgency::Emergency, "{}", rules().catalog.questions[i].id);
        }
    }

    #[test]
    fn unsure_is_never_less_urgent_than_no(
        seeds in prop::collection::vec(any::<u32>(), 64),
        pick in any::<prop::sample::Index>(),
        calm in any::<bool>(),
    ) {
        // Every tristate but one: not sure whether painkillers helped counts
        // as not yet tried (revision 2, L11).
        let mut values = if calm { calm_values_from(&seeds) } else { values_from(&seeds) };
        let tristates: Vec<usize> = rules().catalog.questions.iter().enumerate()
            .filter(|(_, q)| q.kind == Kind::Tristate && q.id != "otc_tried_no_relief")
            .map(|(i, _)| i).collect();
        let i = tristates[pick.index(tristates.len())];
        values[i] = Value::Option(NO);
        let before = urgency_of(&values);
        values[i] = Value::Option(UNSURE);
        prop_assert!(urgency_of(&values) >= before, "unsure on {} is less urgent than no", rules().catalog.questions[i].id);
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]
    #[test]
    fn more_hours_without_improvement_never_lower_urgency(
        seeds in prop::collection::vec(any::<u32>(), 64),
        hours in 0.0..400.0f64,
        more in 0.0..2500.0f64,
        worse in any::<bool>(),
    ) {
        let mut values = calm_values_from(&seeds);
        values[index_of("pain_trend")] = option_of("pain_trend", if worse { "worse" } else { "same" });
        values[index_of("onset_hours_ago")] = Value::Number(hours.round());
        let before = urgency_of(&values);
        values[index_of("onset_hours_ago")] = Value::Number((hours + more).round());
        if let Some(after) = try_urgency_of(&values) {
            prop_assert!(after >= before, "{} hours more lowered urgency from {:?} to {:?}", more.round(), before, after);
        }
    }
}
