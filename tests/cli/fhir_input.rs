//! A FHIR R4 `QuestionnaireResponse` in place of a contract-v1 answers
//! object: `assess` and `batch` give what the equivalent object gives.

use serde_json::{Value, json};

use crate::common::{assess_json, run_with, well, well_with};

const SYSTEM: &str = "https://spasm-triage.example/fhir/CodeSystem/answer";
const NOW: &str = "2026-11-21T10:00:00Z";

/// The choice questions of `well()`, whose codes are `{question}.{value}`;
/// the rest are yes/no/unsure, whose codes are the value.
const CHOICES: [&str; 7] = [
    "sex",
    "pain_trend",
    "pain_location",
    "trigger",
    "previous_episodes",
    "leg_symptoms",
    "leg_weakness",
];

/// `answers` as a QuestionnaireResponse with `id`: the core answers in a
/// group, the rest in a group within a group; `onset` as a valueDateTime.
fn response(id: &str, answers: &Value) -> Value {
    let items: Vec<Value> = answers
        .as_object()
        .expect("an object")
        .iter()
        .map(|(key, v)| {
            let answer = match v {
                Value::String(s) if key == "onset" => json!({"valueDateTime": s}),
                Value::String(s) if CHOICES.contains(&key.as_str()) => {
                    json!({"valueCoding": {"system": SYSTEM, "code": format!("{key}.{s}")}})
                }
                Value::String(s) => json!({"valueCoding": {"system": SYSTEM, "code": s}}),
                other => json!({"valueInteger": other}),
            };
            json!({"linkId": key, "answer": [answer]})
        })
        .collect();
    let (core, rest) = items.split_at(8);
    json!({
        "resourceType": "QuestionnaireResponse",
        "id": id,
        "status": "completed",
        "authored": "2026-11-21T09:55:00Z",
        "item": [
            {"linkId": "core", "item": core},
            {"linkId": "flags", "item": [{"linkId": "all", "item": rest}]}
        ]
    })
}

/// `well()` with the onset as a time.
fn well_at_onset(changes: Value) -> Value {
    let mut answers = well_with(changes);
    let object = answers.as_object_mut().expect("an object");
    object.remove("onset_hours_ago");
    object.insert("onset".to_string(), json!("2026-11-20T04:00:00Z"));
    answers
}

#[test]
fn assess_gives_what_the_equivalent_answers_give() {
    for answers in [
        well(),
        well_at_onset(json!({})),
        well_at_onset(json!({"leg_weakness": "getting_worse_or_both_legs"})),
    ] {
        let (code, expected, stderr) = assess_json(&answers, &[]);
        assert_eq!(code, 0, "{stderr}");
        let (code, result, stderr) = assess_json(&response("r", &answers), &[]);
        assert_eq!(code, 0, "{stderr}");
        assert_eq!(result, expected, "for {answers}");
    }
}

#[test]
fn assess_refuses_a_response_as_it_refuses_the_answers() {
    let answers = well_with(json!({"age": 300}));
    let (code, _, expected) = assess_json(&answers, &[]);
    assert_eq!(code, 65);
    let (code, _, stderr) = assess_json(&response("r", &answers), &[]);
    assert_eq!(code, 65);
    assert_eq!(stderr, expected);
    let (code, _, stderr) = assess_json(&json!({"resourceType": "Observation"}), &[]);
    assert_eq!(code, 65);
    assert!(
        stderr.contains("the input is a FHIR `Observation`"),
        "{stderr}"
    );
}

#[test]
fn batch_reads_response_lines_with_their_ids() {
    let first = response("case-1", &well());
    let second = response("case-2", &well_with(json!({"saddle_numbness": "yes"})));
    let input = format!(
        "{first}\n{second}\n{}\n",
        json!({"resourceType": "Patient", "id": "p"})
    );
    let (code, out, stderr) = run_with(&["batch", "--now", NOW, "--id-key", "id", "-"], &input);
    assert_eq!(code, 65, "{stderr}");
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert_eq!(lines[0]["id"], "case-1");
    assert_eq!(lines[0]["urgency"], "self_care");
    assert_eq!(lines[1]["id"], "case-2");
    assert_eq!(lines[1]["urgency"], "emergency");
    let (_, alone, _) = assess_json(&well(), &[]);
    let mut first_result = lines[0].clone();
    first_result
        .as_object_mut()
        .expect("an object")
        .remove("id");
    assert_eq!(first_result, alone);
    assert_eq!(lines[2]["line"], 3);
    assert_eq!(lines[2]["error"]["kind"], "wrong-resource");
}
