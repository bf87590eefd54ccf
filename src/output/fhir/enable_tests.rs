//! The Questionnaire's `enableWhen` agrees with the catalog's gates on every
//! combination of the gating answers: a small FHIR R4 `enableWhen`
//! evaluator over the exported JSON on one side, `assess`'s own skipping
//! on the other.

use serde_json::{Map, Value, json};

use crate::model::answers::{Missing, ParseOptions, Value as Answer, parse};
use crate::model::catalog::Kind;
use crate::model::fhir::option_code;
use crate::model::rule_set::RuleSet;

/// Every item with its linkId, depth first, in form order.
fn items(list: &[Value], out: &mut Vec<Value>) {
    for item in list {
        out.push(item.clone());
        if let Some(children) = item["item"].as_array() {
            items(children, out);
        }
    }
}

/// One `enableWhen` condition, as FHIR R4 defines its operators: `=` and
/// the comparisons need an answer; `!=` holds when no answer equals.
fn holds(condition: &Value, answers: &Map<String, Value>) -> bool {
    let answer = condition["question"].as_str().and_then(|q| answers.get(q));
    let op = condition["operator"].as_str().unwrap_or_default();
    let Some(answer) = answer else {
        return op == "!=" || (op == "exists" && condition["answerBoolean"] == false);
    };
    if op == "exists" {
        return condition["answerBoolean"] == true;
    }
    if let Some(coding) = condition.get("answerCoding") {
        let same = answer["valueCoding"]["system"] == coding["system"]
            && answer["valueCoding"]["code"] == coding["code"];
        return match op {
            "=" => same,
            "!=" => !same,
            _ => panic!("{op} on a coding"),
        };
    }
    let expected = condition
        .get("answerInteger")
        .or_else(|| condition.get("answerDecimal"))
        .and_then(Value::as_f64)
        .expect("a number to compare with");
    let given = answer
        .get("valueInteger")
        .or_else(|| answer.get("valueDecimal"))
        .and_then(Value::as_f64)
        .expect("a number answer");
    match op {
        "=" => given == expected,
        "!=" => given != expected,
        ">" => given > expected,
        ">=" => given >= expected,
        "<" => given < expected,
        "<=" => given <= expected,
        _ => panic!("unknown operator {op}"),
    }
}

fn enabled(item: &Value, answers: &Map<String, Value>) -> bool {
    let Some(conditions) = item["enableWhen"].as_array() else {
        return true;
    };
    let mut results = conditions.iter().map(|c| holds(c, answers));
    match item["enableBehavior"].as_str() {
        Some("any") => results.any(|r| r),
        Some("all") => results.all(|r| r),
        None => {
            assert_eq!(
                conditions.len(),
                1,
                "enableBehavior is required for several"
            );
            results.all(|r| r)
        }
        Some(other) => panic!("enableBehavior {other}"),
    }
}

/// The gated items the form enables, answering each enabled gating
/// question from `given` (linkId → FHIR answer), in form order.
fn form_enables(form: &[Value], given: &Map<String, Value>) -> Vec<String> {
    let mut answers = Map::new();
    let mut out = Vec::new();
    for item in form {
        let link = item["linkId"].as_str().expect("linkId").to_string();
        if !enabled(item, &answers) {
            continue;
        }
        if item.get("enableWhen").is_some() {
            out.push(link.clone());
        }
        if let Some(answer) = given.get(&link) {
            answers.insert(link, answer.clone());
        }
    }
    out
}

/// The gated questions `assess` asks for these answers (given in contract
/// v1), answering each gating question only where it is asked.
fn engine_asks(rules: &RuleSet, given: &Map<String, Value>) -> Vec<String> {
    let catalog = &rules.catalog;
    let options = ParseOptions::new(Missing::Partial, jiff::Timestamp::UNIX_EPOCH);
    let mut json = Map::new();
    // Gating answers are placed one at a time, in the catalog's order, each
    // only if the question is asked given the ones before it.
    for q in &catalog.questions {
        let Some(value) = given.get(&q.id) else {
            continue;
        };
        let answers = parse(&Value::Object(json.clone()).to_string(), catalog, options)
            .expect("answers parse");
        let id = catalog.lookup(&q.id).expect("known");
        if answers.values[usize::from(id)] != Answer::Skipped {
            json.insert(q.id.clone(), value.clone());
        }
    }
    let answers = parse(&Value::Object(json).to_string(), catalog, options).expect("answers parse");
    catalog
        .questions
        .iter()
        .zip(&answers.values)
        .filter(|(q, v)| q.asked_when.is_some() && **v != Answer::Skipped)
        .map(|(q, _)| super::questionnaire::link_id(q).to_string())
        .collect()
}

#[test]
fn enable_when_agrees_with_the_gates_on_every_combination_of_gating_answers() {
    let rules = RuleSet::embedded().expect("embedded rules");
    let catalog = &rules.catalog;
    let questionnaire = super::questionnaire::questionnaire(&rules).expect("exports");
    let mut form = Vec::new();
    items(questionnaire["item"].as_array().expect("items"), &mut form);

    let sex = catalog.get(catalog.lookup("sex").expect("sex"));
    let pregnant = catalog.get(catalog.lookup("pregnant").expect("pregnant"));
    let coding = |q, value: &str| json!({ "valueCoding": { "system": super::ANSWER_SYSTEM, "code": option_code(q, value) } });
    let mut combinations = 0;
    let mut gated_seen = std::collections::BTreeSet::new();
    let mut sexes: Vec<Option<&str>> = sex.kind.option_values().into_iter().map(Some).collect();
    // The sex question may be skipped.
    sexes.push(None);
    for sex_value in sexes {
        for age in [0, 11, 12, 13, 49, 50, 51, 54, 55, 56, 59, 60, 61, 120] {
            for pregnant_value in pregnant.kind.option_values() {
                let mut contract: Map<String, Value> = [
                    ("age".to_string(), json!(age)),
                    ("pregnant".to_string(), json!(pregnant_value)),
                ]
                .into_iter()
                .collect();
                let mut fhir: Map<String, Value> = [
                    ("age".to_string(), json!({ "valueInteger": age })),
                    ("pregnant".to_string(), coding(pregnant, pregnant_value)),
                ]
                .into_iter()
                .collect();
                if let Some(sex_value) = sex_value {
                    contract.insert("sex".to_string(), json!(sex_value));
                    fhir.insert("sex".to_string(), coding(sex, sex_value));
                }
                let engine = engine_asks(&rules, &contract);
                let form = form_enables(&form, &fhir);
                assert_eq!(
                    form, engine,
                    "sex {sex_value:?}, age {age}, pregnant {pregnant_value}"
                );
                gated_seen.extend(engine);
                combinations += 1;
            }
        }
    }
    // Every gated question was asked in some combination, and not in another.
    let gated: std::collections::BTreeSet<String> = catalog
        .questions
        .iter()
        .filter(|q| q.asked_when.is_some())
        .map(|q| super::questionnaire::link_id(q).to_string())
        .collect();
    assert_eq!(gated_seen, gated);
    assert!(combinations >= 100, "{combinations}");
    assert!(matches!(sex.kind, Kind::Choice { .. }));
}
