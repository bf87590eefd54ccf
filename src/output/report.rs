//! The result of an assessment, as contract v1 defines it.
//!
//! # Wire format (`--format json`)
//!
//! One JSON object (in `batch`, one compact object per line):
//!
//! | field | meaning |
//! | --- | --- |
//! | `schema_version` | always `1` for this contract |
//! | `disposition` | `emergency`, `clinician` or `home_care`; follows from `urgency` |
//! | `urgency` | `emergency`, `urgent` (within 24 hours), `routine` (within about 1–2 weeks) or `self_care` |
//! | `reasons` | the rules that set the urgency (those that fired at the decided urgency): `{ "rule": id, "message": text }` |
//! | `also_fired` | the other rules that fired, less urgent, most urgent first (an addition to contract v1) |
//! | `plan` | the printed plan as structured data |
//! | `unanswered` | question ids that were not answered |
//! | `rules` | the rule set used: `name`, `version`, `sha256`, `source` |
//! | `explanation` | only with `--explain`: the rules that fired and the answers that made each fire, and the more urgent rules that did not fire and why |
//!
//! Fields may be added; none is renamed or removed within version 1. The
//! JSON Schema is generated from these types: [`Report::json_schema`].

use schemars::JsonSchema;
use serde::Serialize;

use crate::engine::Decision;
use crate::engine::explain::Explanation;
use crate::model::rule_set::{RuleSet, RuleSetId};
use crate::model::urgency::{Disposition, Urgency};
use crate::plan::Plan;

/// The `schema_version` of every result: contract v1.
pub const SCHEMA_VERSION: u32 = 1;

/// The top-level fields of a contract-v1 result, in the order they are written.
pub const FIELDS: [&str; 8] = [
    "schema_version",
    "disposition",
    "urgency",
    "reasons",
    "also_fired",
    "plan",
    "unanswered",
    "rules",
];

/// The result of one assessment: what [`render`](crate::output::render)
/// prints and `--format json` writes.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct Report {
    /// Always 1 for this contract.
    pub schema_version: u32,
    /// Where to get care; follows from `urgency`.
    pub disposition: Disposition,
    /// How soon to get care.
    pub urgency: Urgency,
    /// The rules that set the urgency: those that fired at the decided urgency.
    pub reasons: Vec<Reason>,
    /// The other rules that fired, less urgent than the decision, most urgent first.
    pub also_fired: Vec<Reason>,
    /// The printed plan as structured data.
    pub plan: Plan,
    /// Question ids that were not answered.
    pub unanswered: Vec<String>,
    /// The rule set used.
    pub rules: RuleSetId,
    /// Only when asked for (`--explain`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<Explanation>,
}

/// A rule that fired.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, JsonSchema)]
#[non_exhaustive]
pub struct Reason {
    /// The rule's id in `triage.toml`.
    pub rule: String,
    /// Why it matters, in plain words.
    pub message: String,
}

impl Report {
    /// The result for a decision and its plan, without an explanation.
    #[must_use]
    pub fn new(rules: &RuleSet, decision: &Decision, plan: Plan) -> Report {
        Report {
            schema_version: SCHEMA_VERSION,
            disposition: decision.urgency.disposition(),
            urgency: decision.urgency,
            reasons: reasons(rules, decision),
            also_fired: also_fired(rules, decision),
            plan,
            unanswered: decision
                .answers
                .unanswered
                .iter()
                .map(|&id| rules.catalog.get(id).id.clone())
                .collect(),
            rules: rules.id.clone(),
            explanation: None,
        }
    }

    /// Adds the trace of the decision (`--explain`).
    #[must_use]
    pub fn with_explanation(mut self, rules: &RuleSet, decision: &Decision) -> Report {
        self.explanation = Some(crate::engine::explain::explain(rules, decision));
        self
    }

    /// The JSON Schema of the result as it is written (fields left out
    /// when empty are not required), generated from these types.
    #[must_use]
    pub fn json_schema() -> schemars::Schema {
        schemars::generate::SchemaSettings::default()
            .for_serialize()
            .into_generator()
            .into_root_schema_for::<Report>()
    }
}

/// The rules that set the urgency: those that fired at the decided urgency.
#[must_use]
pub fn reasons(rules: &RuleSet, decision: &Decision) -> Vec<Reason> {
    fired_where(rules, decision, |u| u == decision.urgency)
}

/// The rules that fired below the decided urgency, most urgent first.
#[must_use]
pub fn also_fired(rules: &RuleSet, decision: &Decision) -> Vec<Reason> {
    fired_where(rules, decision, |u| u != decision.urgency)
}

fn fired_where(
    rules: &RuleSet,
    decision: &Decision,
    keep: impl Fn(Urgency) -> bool,
) -> Vec<Reason> {
    decision
        .fired
        .iter()
        .map(|f| &rules.rules[f.rule])
        .filter(|rule| keep(rule.urgency))
        .map(|rule| Reason {
            rule: rule.id.clone(),
            message: rule.message.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_json_schema_describes_every_contract_field() {
        let schema = serde_json::to_value(Report::json_schema()).expect("serialises");
        let properties = schema["properties"].as_object().expect("properties");
        for field in FIELDS.iter().chain(&["explanation"]) {
            assert!(properties.contains_key(*field), "{field}");
        }
        let required: Vec<&str> = schema["required"]
            .as_array()
            .expect("required")
            .iter()
            .filter_map(|v| v.as_str())
            .collect();
        assert!(!required.contains(&"explanation"));
        let defs = schema["$defs"].as_object().expect("definitions");
        for def in [
            "Plan",
            "Section",
            "Step",
            "PlanTime",
            "ScheduleItem",
            "Urgency",
            "Explanation",
        ] {
            assert!(defs.contains_key(def), "{def}");
        }
        assert_eq!(defs["PlanTime"]["properties"]["at"]["format"], "date-time");
        assert_eq!(
            defs["ScheduleItem"]["required"],
            serde_json::json!(["id", "at", "text"])
        );
        assert!(
            defs["Plan"]["required"]
                .as_array()
                .expect("required")
                .contains(&"schedule".into())
        );
        let urgencies: Vec<&str> = defs["Urgency"]["oneOf"]
            .as_array()
            .expect("variants")
            .iter()
            .filter_map(|v| v["const"].as_str())
            .collect();
        assert_eq!(urgencies, ["self_care", "routine", "urgent", "emergency"]);
        let step_required = &defs["Step"]["required"];
        assert_eq!(step_required, &serde_json::json!(["text"]));
    }
}
