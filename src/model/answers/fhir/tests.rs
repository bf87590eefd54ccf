use serde_json::{Value as Json, json};

use crate::model::answers::{Answers, AnswersError, Missing, ParseOptions, parse, parse_with_id};
use crate::model::fhir::{ANSWER_SYSTEM, option_code};
use crate::model::rule_set::RuleSet;

fn rules() -> RuleSet {
    RuleSet::embedded().expect("embedded rules")
}

fn options(missing: Missing) -> ParseOptions {
    ParseOptions::new(missing, "2026-11-21T10:00:00Z".parse().expect("time"))
}

fn read(json: &Json, missing: Missing) -> Result<Answers, AnswersError> {
    parse(&json.to_string(), &rules().catalog, options(missing))
}

/// One problem's (kind, message).
fn problem(json: &Json) -> (&'static str, String) {
    let e = read(json, Missing::Partial).expect_err("refused");
    assert_eq!(e.problems.len(), 1, "{e}");
    (e.kind(), e.to_string())
}

fn qr(items: Json) -> Json {
    json!({
        "resourceType": "QuestionnaireResponse",
        "id": "qr-1",
        "status": "completed",
        "questionnaire": "https://spasm-triage.example/fhir/Questionnaire/spasm-triage",
        "authored": "2026-11-21T09:00:00Z",
        "meta": {"profile": ["x"]},
        "item": items
    })
}

fn coding(code: &str) -> Json {
    json!({"valueCoding": {"system": ANSWER_SYSTEM, "code": code, "display": "shown"}})
}

fn answered(link_id: &str, answer: Json) -> Json {
    json!({"linkId": link_id, "text": "a question", "answer": [answer]})
}

/// Contract-v1 answers of every kind: yes/no/unsure as words and as
/// true/false, choices, whole numbers and a fraction.
fn varied() -> Json {
    json!({
        "age": 52, "sex": "female", "pregnant": "no", "onset_hours_ago": 30.5,
        "pain_severity": 7, "pain_trend": "worse", "leg_symptoms": "none",
        "leg_weakness": "none", "fever": "unsure", "saddle_numbness": false,
        "night_pain": true, "cancer_history": "no", "nsaid_cautions": "yes",
        "trigger": "lifting_or_bending"
    })
}

/// `answers` as a QuestionnaireResponse: the items spread over a group, a
/// group within a group, and items nested under an answer.
fn as_qr(answers: &Json) -> Json {
    let rules = rules();
    let mut items: Vec<Json> = Vec::new();
    for (key, v) in answers.as_object().expect("object") {
        let q = rules
            .catalog
            .get(rules.catalog.lookup(key).expect("a question id"));
        let answer = match v {
            Json::String(s) => coding(&option_code(q, s)),
            Json::Bool(b) => json!({"valueBoolean": b}),
            Json::Number(n) if n.is_f64() => json!({"valueDecimal": n}),
            other => json!({"valueInteger": other}),
        };
        items.push(answered(key, answer));
    }
    let rest = items.split_off(items.len() / 2);
    let (middle, last) = rest.split_at(rest.len() / 2);
    let mut carrier = items.pop().expect("an item");
    carrier["answer"][0]["item"] = Json::Array(last.to_vec());
    qr(json!([
        {"linkId": "core", "text": "About you", "item": items},
        carrier,
        {"linkId": "outer", "item": [{"linkId": "inner", "item": middle}]}
    ]))
}

#[test]
fn a_response_with_nested_groups_reads_as_the_same_answers() {
    let answers = varied();
    let v1 = read(&answers, Missing::Partial).expect("contract v1 reads");
    let fhir = read(&as_qr(&answers), Missing::Partial).expect("the response reads");
    assert_eq!(fhir, v1);
    assert!(!v1.unanswered.is_empty(), "some left unanswered");
}

#[test]
fn onset_as_a_date_time_and_items_without_answers() {
    let response = qr(json!([
        answered("onset", json!({"valueDateTime": "2026-11-20T08:00:00Z"})),
        answered("age", json!({"valueInteger": 40})),
        {"linkId": "fever", "answer": []},
        {"linkId": "night_pain"},
    ]));
    let v1 = json!({"onset": "2026-11-20T08:00:00Z", "age": 40});
    let fhir = read(&response, Missing::Partial).expect("reads");
    assert_eq!(fhir, read(&v1, Missing::Partial).expect("reads"));
    assert_eq!(
        fhir.onset,
        Some("2026-11-20T08:00:00Z".parse().expect("time"))
    );
    let hours = qr(json!([answered(
        "onset_hours_ago",
        json!({"valueQuantity": {"value": 26, "unit": "h"}})
    )]));
    let v1 = json!({"onset_hours_ago": 26});
    assert_eq!(
        read(&hours, Missing::Partial).expect("reads"),
        read(&v1, Missing::Partial).expect("reads")
    );
}

#[test]
fn a_link_id_typo_gets_the_suggestion() {
    let response = qr(json!([answered("sadle_numbness", coding("yes"))]));
    let (kind, message) = problem(&response);
    assert_eq!(kind, "unknown-key");
    assert_eq!(
        message,
        "unknown answer `sadle_numbness`: did you mean `saddle_numbness`?"
    );
}

#[test]
fn a_coding_from_another_system_is_refused() {
    let answer = json!({"valueCoding": {"system": "http://snomed.info/sct", "code": "373066001"}});
    let (kind, message) = problem(&qr(json!([answered("fever", answer)])));
    assert_eq!(kind, "wrong-value");
    assert_eq!(
        message,
        format!(
            "`fever` must be a coding from `{ANSWER_SYSTEM}`; got one from `http://snomed.info/sct`"
        )
    );
}

#[test]
fn a_code_that_names_no_option_lists_the_codes() {
    let (kind, message) = problem(&qr(json!([answered("leg_weakness", coding("weak"))])));
    assert_eq!(kind, "wrong-value");
    assert!(
        message.starts_with(&format!(
            "`leg_weakness` must be a coding from `{ANSWER_SYSTEM}` with code one of `leg_weakness.none`, "
        )),
        "{message}"
    );
    assert!(message.ends_with("; got `weak`"), "{message}");
    // A tristate code for a choice question is not one of its codes.
    let (_, message) = problem(&qr(json!([answered("leg_weakness", coding("yes"))])));
    assert!(message.ends_with("; got `yes`"), "{message}");
}

#[test]
fn two_answers_are_refused() {
    let item = json!({"linkId": "age", "answer": [{"valueInteger": 30}, {"valueInteger": 31}]});
    let (kind, message) = problem(&qr(json!([item])));
    assert_eq!(kind, "too-many-answers");
    assert_eq!(message, "item `age` has 2 answers; give one");
}

#[test]
fn a_value_of_the_wrong_type_names_what_is_accepted() {
    let (kind, message) = problem(&qr(json!([answered(
        "age",
        json!({"valueDate": "2026-01-01"})
    )])));
    assert_eq!(kind, "wrong-type");
    assert_eq!(
        message,
        "item `age` must be answered with a valueInteger; got valueDate"
    );
    let (kind, message) = problem(&qr(json!([answered("fever", json!({"extension": []}))])));
    assert_eq!(kind, "wrong-type");
    assert_eq!(
        message,
        "item `fever` must be answered with a valueCoding or valueBoolean; its answer has no value"
    );
    let (_, message) = problem(&qr(json!([answered("age", coding("yes"))])));
    assert_eq!(
        message,
        "item `age` must be answered with a valueInteger; got valueCoding"
    );
    // A value of an accepted type is checked as in contract v1.
    let (kind, message) = problem(&qr(json!([answered("age", json!({"valueInteger": 300}))])));
    assert_eq!((kind, message), problem(&json!({"age": 300})));
}

#[test]
fn another_resource_is_refused() {
    let (kind, message) = problem(&json!({"resourceType": "Patient", "id": "p"}));
    assert_eq!(kind, "wrong-resource");
    assert_eq!(
        message,
        "the input is a FHIR `Patient`; expected a `QuestionnaireResponse` or a contract-v1 answers object"
    );
    let (kind, _) = problem(&json!({"resourceType": 7}));
    assert_eq!(kind, "wrong-resource");
}

#[test]
fn a_huge_number_gives_the_contract_v1_message() {
    for huge in ["123456789012345678901234567890", "1e400"] {
        let response = format!(
            r#"{{"resourceType": "QuestionnaireResponse", "item": [{{"linkId": "age", "answer": [{{"valueInteger": {huge}}}]}}]}}"#
        );
        let v1 = format!(r#"{{"age": {huge}}}"#);
        let catalog = &rules().catalog;
        let fhir = parse(&response, catalog, options(Missing::Partial)).expect_err("refused");
        let v1 = parse(&v1, catalog, options(Missing::Partial)).expect_err("refused");
        assert_eq!(fhir, v1);
        assert!(
            fhir.to_string().starts_with("`age` must be a whole number"),
            "{fhir}"
        );
    }
    let response = r#"{"resourceType": "QuestionnaireResponse", "item": [{"linkId": "age", "answer": [{"valueDecimal": -1e400}]}]}"#;
    let e = parse(response, &rules().catalog, options(Missing::Partial)).expect_err("refused");
    assert!(
        e.to_string().ends_with("got -1e400, too large to use"),
        "{e}"
    );
}

#[test]
fn a_malformed_response_is_an_error_not_a_panic() {
    let catalog = &rules().catalog;
    let (kind, message) = problem(&qr(json!([{"text": "no linkId"}])));
    assert_eq!(kind, "invalid-fhir");
    assert!(message.contains("missing field `linkId`"), "{message}");
    let (kind, _) = problem(&qr(json!({"linkId": "age"})));
    assert_eq!(kind, "invalid-fhir");
    // Not JSON: the contract-v1 messages.
    let broken = r#"{"resourceType": "QuestionnaireResponse", "item": ["#;
    let fhir = parse(broken, catalog, options(Missing::Partial)).expect_err("refused");
    assert_eq!(fhir.kind(), "invalid-json");
    let deep = format!(
        r#"{{"resourceType": "QuestionnaireResponse", "item": {}{}}}"#,
        r#"[{"linkId": "g", "item": "#.repeat(200),
        "[]}]".repeat(200)
    );
    let e = parse(&deep, catalog, options(Missing::Partial)).expect_err("refused");
    assert_eq!(e.kind(), "invalid-json", "{e}");
}

#[test]
fn the_id_of_the_response_is_the_record_id() {
    let catalog = &rules().catalog;
    let text = qr(json!([answered("age", json!({"valueInteger": 40}))])).to_string();
    let (id, _) = parse_with_id(&text, catalog, options(Missing::Partial), Some("id"));
    assert_eq!(
        id.map(|id| id.get().to_string()).as_deref(),
        Some("\"qr-1\"")
    );
    let (id, _) = parse_with_id(&text, catalog, options(Missing::Partial), None);
    assert!(id.is_none());
}
