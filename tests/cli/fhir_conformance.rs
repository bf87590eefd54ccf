//! Everything the tool writes in FHIR is read by a third-party FHIR model
//! (`fhir-model`, R4B: the same elements as R4 4.0.1 for every resource
//! written here), which checks types, required elements and codes; written
//! back out, it must give the same JSON, so no element is unknown to it.

use fhir_model::r4b::resources::{Resource, ResourceType};
use serde_json::Value as Json;
use spasm_triage::rulebook::cases;
use spasm_triage::{RuleSet, RulesSource};

use crate::common::json_out;

const NOW: &str = "2026-11-21T10:00:00Z";

/// Parses `json` as a FHIR resource, and fails on any element the model
/// drops (an element FHIR does not define there).
fn conforms(json: &Json) -> Resource {
    let resource: Resource = serde_json::from_value(json.clone())
        .unwrap_or_else(|e| panic!("not valid FHIR: {e}\n{json:#}"));
    let back = serde_json::to_value(&resource).expect("serialises");
    if let Some(at) = difference(json, &back, String::new()) {
        panic!("the FHIR model reads {at} otherwise (an element FHIR does not define there?)");
    }
    resource
}

/// The model writes `+00:00` as `Z`: the same time.
fn same_instant(a: &Json, b: &Json) -> bool {
    let at = |v: &Json| v.as_str()?.parse::<jiff::Timestamp>().ok();
    at(a).is_some() && at(a) == at(b)
}

/// Where `a` and `b` first differ, as a path with both values.
fn difference(a: &Json, b: &Json, path: String) -> Option<String> {
    match (a, b) {
        (Json::Object(x), Json::Object(y)) => {
            x.keys()
                .chain(y.keys())
                .find_map(|k| match (x.get(k), y.get(k)) {
                    (Some(p), Some(q)) => difference(p, q, format!("{path}.{k}")),
                    (p, q) => Some(format!("{path}.{k}: {p:?} against {q:?}")),
                })
        }
        (Json::Array(x), Json::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (p, q))| difference(p, q, format!("{path}[{i}]"))),
        _ if a == b || same_instant(a, b) => None,
        _ => Some(format!("{path}: {a} against {b}")),
    }
}

fn types(bundle: &Resource) -> Vec<ResourceType> {
    let Resource::Bundle(b) = bundle else {
        panic!("not a Bundle: {:?}", bundle.resource_type());
    };
    b.entry
        .iter()
        .flatten()
        .filter_map(|e| e.resource.as_ref())
        .map(Resource::resource_type)
        .collect()
}

#[test]
fn the_questionnaire_and_its_code_systems_are_valid_fhir() {
    let bundle = conforms(&json_out(&["questions", "--format", "fhir"], ""));
    let found = types(&bundle);
    assert_eq!(found[0], ResourceType::Questionnaire);
    assert_eq!(found.len(), 6);
    assert!(
        found[1..].iter().all(|t| *t == ResourceType::CodeSystem),
        "{found:?}"
    );
}

#[test]
fn every_result_bundle_of_the_clinical_cases_is_valid_fhir() {
    let rules = RuleSet::embedded().expect("rules");
    let all = cases::load(&RulesSource::Embedded, &rules).expect("cases");
    let mut service_requests = 0;
    for case in &all {
        let mut args = vec!["--region", "uk", "assess", "--now", NOW, "--format", "fhir"];
        if case.partial {
            args.push("--partial");
        }
        args.push("-");
        let answers = Json::Object(case.answers.clone()).to_string();
        let bundle = conforms(&json_out(&args, &answers));
        let found = types(&bundle);
        assert_eq!(
            found[..3],
            [
                ResourceType::QuestionnaireResponse,
                ResourceType::GuidanceResponse,
                ResourceType::CarePlan
            ],
            "case {}",
            case.name
        );
        // Someone to see, exactly when the result is not home care.
        let home_care = case.expect == spasm_triage::Urgency::SelfCare;
        assert_eq!(
            found.len(),
            if home_care { 3 } else { 4 },
            "case {}",
            case.name
        );
        service_requests += usize::from(!home_care);
    }
    assert!(service_requests > 100, "{service_requests}");
}

#[test]
fn a_saved_questionnaire_response_is_valid_fhir_even_when_partial() {
    use spasm_triage::model::answers::parse;
    use spasm_triage::{Missing, ParseOptions};
    let rules = RuleSet::embedded().expect("rules");
    let now: jiff::Timestamp = NOW.parse().expect("time");
    for json in [r#"{"age": 35, "onset": "2026-11-20T08:00:00Z"}"#, "{}"] {
        let answers = parse(
            json,
            &rules.catalog,
            ParseOptions::new(Missing::Partial, now),
        )
        .expect("parses");
        let response = spasm_triage::output::fhir::response::questionnaire_response(
            &rules,
            &answers,
            Some(now),
        );
        let resource = conforms(&response);
        assert_eq!(
            resource.resource_type(),
            ResourceType::QuestionnaireResponse
        );
        assert_eq!(response["status"], "in-progress");
    }
}

#[test]
fn gates_on_one_question_s_options_are_merged_and_a_gate_fhir_cannot_say_names_its_line() {
    use crate::common::{line_of, replace_once, rules_copy, run_with};
    let gate = r#"asked_when = { sex = "!= female" }"#;
    let line = line_of("questions.toml", gate);
    let export = |replacement: &str| {
        let dir = rules_copy("questions.toml", |t| replace_once(&t, gate, replacement));
        let rules = dir.path().to_str().expect("utf-8").to_string();
        run_with(&["--rules", &rules, "questions", "--format", "fhir"], "")
    };
    // `sex = male` or `sex = other`, with an age: one test of sex, then all.
    let (code, out, err) = export(
        r#"asked_when = { all = [{ any = [{ sex = "male" }, { sex = "other" }] }, { age = ">= 18" }] }"#,
    );
    assert_eq!(code, 0, "{err}");
    let bundle: Json = serde_json::from_str(&out).expect("JSON");
    conforms(&bundle);
    let text = bundle.to_string();
    assert!(
        text.contains(r#"{"question":"age","operator":">=","answerInteger":18}"#),
        "{text}"
    );
    // An any of two questions inside an all cannot be said.
    let (code, out, err) = export(
        r#"asked_when = { all = [{ any = [{ sex = "male" }, { age = ">= 60" }] }, { age = "<= 90" }] }"#,
    );
    assert_eq!(code, 78, "{err}");
    assert!(out.is_empty());
    assert!(
        err.starts_with("error: ")
            && err.contains(&format!(
                "questions.toml:{line}: question `sexual_dysfunction`"
            )),
        "{err}"
    );
    assert!(
        err.contains("write it with all alone, or any alone"),
        "{err}"
    );
}
