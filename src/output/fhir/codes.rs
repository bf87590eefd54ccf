//! The local CodeSystems: every code the tool writes that no standard
//! terminology certainly has. Their URLs are under [`BASE`](super::BASE)
//! and stay the same from version to version.

use serde_json::{Value, json};

use super::version;
use crate::model::catalog::Kind;
use crate::model::fhir::{
    ANSWER_SYSTEM, DISPOSITION_SYSTEM, FHIR_VERSION, RULE_SYSTEM, STEP_SYSTEM, TRISTATE_DISPLAY,
    URGENCY_SYSTEM, coded_options, disposition_display, urgency_display,
};
use crate::model::rule_set::RuleSet;
use crate::model::urgency::Urgency;

/// Every local CodeSystem: answers, dispositions, urgencies, rules and
/// plan steps.
#[must_use]
pub fn code_systems(rules: &RuleSet) -> Vec<Value> {
    vec![
        answers(rules),
        dispositions(rules),
        urgencies(rules),
        rule_ids(rules),
        plan_steps(rules),
    ]
}

/// The answer options: `yes`, `no` and `unsure` for every yes/no question,
/// and `question.value` for the options of a choice.
#[must_use]
pub fn answers(rules: &RuleSet) -> Value {
    let mut concepts: Vec<Value> = TRISTATE_DISPLAY
        .iter()
        .map(|(code, display)| json!({ "code": code, "display": display }))
        .collect();
    for q in &rules.catalog.questions {
        if matches!(q.kind, Kind::Choice { .. }) {
            concepts.extend(
                coded_options(q)
                    .into_iter()
                    .map(|(code, display)| json!({ "code": code, "display": display })),
            );
        }
    }
    code_system(
        rules,
        ANSWER_SYSTEM,
        ("answer", "SpasmTriageAnswer", "spasm-triage answer codes"),
        "The answer options of the spasm-triage questionnaire: yes, no and unsure for every yes/no question, and `question.value` for the options of a choice.",
        concepts,
    )
}

fn dispositions(rules: &RuleSet) -> Value {
    let mut dispositions: Vec<_> = Urgency::ALL.iter().map(|u| u.disposition()).collect();
    dispositions.dedup();
    let concepts = dispositions
        .into_iter()
        .map(|d| json!({ "code": d.as_str(), "display": disposition_display(d) }))
        .collect();
    code_system(
        rules,
        DISPOSITION_SYSTEM,
        (
            "disposition",
            "SpasmTriageDisposition",
            "spasm-triage dispositions",
        ),
        "Where to get care: contract v1's `disposition`.",
        concepts,
    )
}

fn urgencies(rules: &RuleSet) -> Value {
    let concepts = Urgency::ALL
        .iter()
        .map(|u| json!({ "code": u.as_str(), "display": urgency_display(*u) }))
        .collect();
    code_system(
        rules,
        URGENCY_SYSTEM,
        ("urgency", "SpasmTriageUrgency", "spasm-triage urgencies"),
        "How soon to get care: contract v1's `urgency`.",
        concepts,
    )
}

fn rule_ids(rules: &RuleSet) -> Value {
    let concepts = rules
        .rules
        .iter()
        .map(|r| json!({ "code": r.id, "display": r.id, "definition": r.message }))
        .collect();
    code_system(
        rules,
        RULE_SYSTEM,
        ("rule", "SpasmTriageRule", "spasm-triage rules"),
        "The triage rules of this rule set, by id: a result's reasons.",
        concepts,
    )
}

/// The plan's dated steps are named by `plan.toml`; their ids are not
/// listed here (`content` is `not-present`).
fn plan_steps(rules: &RuleSet) -> Value {
    let mut out = code_system(
        rules,
        STEP_SYSTEM,
        (
            "plan-step",
            "SpasmTriagePlanStep",
            "spasm-triage plan steps",
        ),
        "The dated steps of a plan (`plan.schedule[].id` in contract v1), such as `ice`, `ice-may-end`, `heat` and `review-by`, as plan.toml names them.",
        Vec::new(),
    );
    out["content"] = json!("not-present");
    if let Some(map) = out.as_object_mut() {
        map.remove("concept");
        map.remove("count");
    }
    out
}

fn code_system(
    rules: &RuleSet,
    url: &str,
    (id, name, title): (&str, &str, &str),
    description: &str,
    concepts: Vec<Value>,
) -> Value {
    json!({
        "resourceType": "CodeSystem",
        "id": id,
        "url": url,
        "version": version(rules),
        "name": name,
        "title": title,
        "status": "active",
        "description": format!("{description} FHIR {FHIR_VERSION}."),
        "caseSensitive": true,
        "content": "complete",
        "count": concepts.len(),
        "concept": concepts,
    })
}
