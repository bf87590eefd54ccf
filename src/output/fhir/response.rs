//! Answers as a FHIR R4 `QuestionnaireResponse`, its items nested as the
//! Questionnaire's are (checklists as groups), so that a forms engine can
//! show it against the Questionnaire. `assess` reads it back.

use jiff::Timestamp;
use serde_json::{Value, json};

use super::questionnaire::link_id;
use super::{Place, questionnaire_canonical};
use crate::model::answers::Answers;
use crate::model::catalog::{Kind, Question};
use crate::model::fhir::{ANSWER_SYSTEM, option_code, option_display};
use crate::model::rule_set::RuleSet;
use crate::model::value::{Value as Answer, json_number};

/// The given answers as a QuestionnaireResponse; `authored` when known.
/// Its status is `completed`, or `in-progress` when answers are missing.
#[must_use]
pub fn questionnaire_response(
    rules: &RuleSet,
    answers: &Answers,
    authored: Option<Timestamp>,
) -> Value {
    let catalog = &rules.catalog;
    // With --partial, a missing yes/no answer is held as "unsure": it is
    // still not given, so it is left out.
    let given = |i: usize| {
        if answers.unanswered.iter().any(|&u| usize::from(u) == i) {
            Answer::Missing
        } else {
            answers.values[i]
        }
    };
    let mut items = Vec::new();
    for place in super::layout(catalog) {
        match place {
            Place::Question(i) => {
                items.extend(answer_item(&catalog.questions[i], given(i), answers.onset));
            }
            Place::Group(g, members) => {
                let children: Vec<Value> = members
                    .into_iter()
                    .filter_map(|j| answer_item(&catalog.questions[j], given(j), answers.onset))
                    .collect();
                if !children.is_empty() {
                    items.push(json!({
                        "linkId": catalog.groups[g].id,
                        "text": catalog.groups[g].prompt,
                        "item": children,
                    }));
                }
            }
        }
    }
    let status = if answers.unanswered.is_empty() {
        "completed"
    } else {
        "in-progress"
    };
    let mut out = json!({
        "resourceType": "QuestionnaireResponse",
        "questionnaire": questionnaire_canonical(rules),
        "status": status,
    });
    if let Some(at) = authored {
        out["authored"] = json!(at.to_string());
    }
    out["item"] = Value::Array(items);
    super::prune(&mut out);
    out
}

/// One answered item; `None` for a question not answered or not asked.
fn answer_item(q: &Question, value: Answer, onset: Option<Timestamp>) -> Option<Value> {
    let mut link = link_id(q);
    let answer = match value {
        Answer::Missing | Answer::Skipped => return None,
        // The onset as the time it began, to the second: the same hours
        // come back when it is read against the same "now". Hours that no
        // time can hold stay hours.
        Answer::Number(_) if q.timestamp_key.is_some() && onset.is_some() => {
            json!({ "valueDateTime": onset?.to_string() })
        }
        Answer::Number(x) if matches!(q.kind, Kind::Int { .. }) => {
            json!({ "valueInteger": json_number(x) })
        }
        Answer::Number(x) => {
            link = &q.id;
            json!({ "valueDecimal": json_number(x) })
        }
        Answer::Option(i) => {
            let value = *q.kind.option_values().get(usize::from(i))?;
            json!({ "valueCoding": {
                "system": ANSWER_SYSTEM,
                "code": option_code(q, value),
                "display": option_display(q, value),
            } })
        }
    };
    Some(json!({ "linkId": link, "text": q.prompt, "answer": [answer] }))
}
