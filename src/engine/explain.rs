//! Why a decision came out as it did: the rules that fired and the answers
//! that made each fire; and, for a clinician asking "why not more urgent?",
//! the more urgent rules that did not fire and the part of each condition
//! that stopped it.

use schemars::JsonSchema;
use serde::Serialize;

use crate::engine::Decision;
use crate::model::answers::{Answers, Value};
use crate::model::catalog::{Catalog, Kind, QuestionId};
use crate::model::condition::{Condition, Truth};
use crate::model::rule_set::{Rule, RuleSet};
use crate::model::urgency::Urgency;

/// The trace of one decision (`--explain`).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct Explanation {
    /// Every rule that fired, most urgent first.
    pub fired: Vec<FiredRule>,
    /// Every rule more urgent than the decision, most urgent first: none
    /// of them fired.
    pub not_fired: Vec<NotFired>,
}

/// A rule that fired, with the answers that made it fire.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct FiredRule {
    /// The rule's id.
    pub rule: String,
    /// The urgency it gives.
    pub urgency: Urgency,
    /// Where the rule is written: `rules/triage.toml:42`.
    pub location: String,
    /// The rule's condition in words.
    pub when: String,
    /// `false` when it fired only because a missing answer might make it hold.
    pub certain: bool,
    /// The answers its condition read.
    pub answers: Vec<GivenAnswer>,
}

/// A more urgent rule that did not fire, and what stopped it.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct NotFired {
    /// The rule's id.
    pub rule: String,
    /// The urgency it would have given.
    pub urgency: Urgency,
    /// Where the rule is written: `rules/triage.toml:42`.
    pub location: String,
    /// The rule's condition in words.
    pub when: String,
    /// The parts of the condition that do not hold.
    pub blocked_by: Vec<Blocker>,
}

/// A part of a condition that does not hold, and the answers it read.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct Blocker {
    /// The part of the condition, in words.
    pub condition: String,
    /// The answers it read.
    pub answers: Vec<GivenAnswer>,
}

/// One answer, as given and in words.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct GivenAnswer {
    /// The question id.
    pub question: String,
    /// The answer as contract v1 writes it; `null` when not answered or not asked.
    pub answer: Option<AnswerValue>,
    /// The answer in words: "Not sure", "55 years", "no answer", "not asked".
    pub label: String,
    /// The question as the person sees it.
    pub prompt: String,
}

/// An answer value: an option (`"yes"`, `"both_legs"`) or a number
/// (a whole number written without a fraction).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
#[non_exhaustive]
pub enum AnswerValue {
    /// An option value, such as `yes`.
    Option(String),
    /// A number.
    Number(#[serde(serialize_with = "whole")] f64),
}

fn whole<S: serde::Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    crate::model::value::json_number(*x).serialize(s)
}

/// Explains a decision.
#[must_use]
pub fn explain(rules: &RuleSet, decision: &Decision) -> Explanation {
    let values = &decision.answers.values;
    let fired = decision
        .fired
        .iter()
        .map(|f| {
            let rule = &rules.rules[f.rule];
            FiredRule {
                rule: rule.id.clone(),
                urgency: rule.urgency,
                location: rule.location.clone(),
                when: rule.when.describe(&rules.catalog),
                certain: f.certain,
                answers: triggers(&rules.catalog, rule, &decision.answers),
            }
        })
        .collect();
    let not_fired = rules
        .rules
        .iter()
        .enumerate()
        .filter(|(i, rule)| {
            rule.urgency > decision.urgency && !decision.fired.iter().any(|f| f.rule == *i)
        })
        .map(|(_, rule)| NotFired {
            rule: rule.id.clone(),
            urgency: rule.urgency,
            location: rule.location.clone(),
            when: rule.when.describe(&rules.catalog),
            blocked_by: blocking(&rule.when, values)
                .into_iter()
                .map(|c| Blocker {
                    condition: c.describe(&rules.catalog),
                    answers: c
                        .questions()
                        .into_iter()
                        .map(|q| given(&rules.catalog, &decision.answers, q))
                        .collect(),
                })
                .collect(),
        })
        .collect();
    Explanation { fired, not_fired }
}

/// The answers that made a rule that fired hold (or might hold).
#[must_use]
pub(crate) fn triggers(catalog: &Catalog, rule: &Rule, answers: &Answers) -> Vec<GivenAnswer> {
    let mut questions = Vec::new();
    supporting(&rule.when, &answers.values, &mut questions);
    questions
        .into_iter()
        .map(|q| given(catalog, answers, q))
        .collect()
}

/// Collects the questions whose answers make `c` hold or possibly hold.
fn supporting(c: &Condition, values: &[Value], out: &mut Vec<QuestionId>) {
    match c {
        Condition::Test { question, .. } => {
            if !out.contains(question) {
                out.push(*question);
            }
        }
        Condition::All(parts) => {
            for p in parts {
                supporting(p, values, out);
            }
        }
        Condition::Any(parts) => {
            for p in parts.iter().filter(|p| p.eval(values).possible()) {
                supporting(p, values, out);
            }
        }
        // The inner condition fails on every answer it reads.
        Condition::Not(inner) => {
            for q in inner.questions() {
                if !out.contains(&q) {
                    out.push(q);
                }
            }
        }
    }
}

/// The smallest parts of `c` that do not hold: the failing parts of an
/// `all`, or the whole of an `any` or `not` (each of whose parts fails).
fn blocking<'c>(c: &'c Condition, values: &[Value]) -> Vec<&'c Condition> {
    match c {
        Condition::All(parts) => parts
            .iter()
            .filter(|p| p.eval(values) != Truth::True)
            .flat_map(|p| blocking(p, values))
            .collect(),
        _ if c.eval(values) == Truth::True => Vec::new(),
        _ => vec![c],
    }
}

/// One answer, in data and in words.
#[must_use]
pub(crate) fn given(catalog: &Catalog, answers: &Answers, q: QuestionId) -> GivenAnswer {
    let question = catalog.get(q);
    let (answer, label) = match answers.values[usize::from(q)] {
        Value::Missing => (None, "no answer".to_string()),
        Value::Skipped => (None, "not asked".to_string()),
        Value::Option(i) => {
            let value = question
                .kind
                .option_values()
                .get(usize::from(i))
                .map_or_else(String::new, |v| (*v).to_string());
            let label = match &question.kind {
                Kind::Choice { options } => options
                    .get(usize::from(i))
                    .map_or_else(|| value.clone(), |o| o.label.clone()),
                _ => tristate_label(&value).to_string(),
            };
            (Some(AnswerValue::Option(value)), label)
        }
        Value::Number(x) => {
            let number = number_words(x);
            let label = match &question.unit {
                // When the pain started, in words: "about 3 weeks ago".
                _ if question.timestamp_key.is_some() => crate::model::onset::ago(x),
                Some(unit) => crate::model::value::with_unit(&number, unit),
                None => number,
            };
            (Some(AnswerValue::Number(x)), label)
        }
    };
    GivenAnswer {
        question: question.id.clone(),
        answer,
        label,
        prompt: question.prompt.clone(),
    }
}

fn tristate_label(value: &str) -> &str {
    match value {
        "yes" => "Yes",
        "no" => "No",
        "unsure" => "Not sure",
        other => other,
    }
}

/// 30 → "30", 30.4 → "30.4".
fn number_words(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::answers::{Missing, ParseOptions};

    fn decide(json: &str, missing: Missing) -> (RuleSet, Decision) {
        let rules = RuleSet::embedded().expect("embedded rules load");
        let options = ParseOptions {
            missing,
            now: "2026-11-21T10:00:00Z".parse().expect("time"),
        };
        let answers = crate::model::answers::parse(json, &rules.catalog, options).expect("valid");
        let decision = crate::engine::decide(&rules, answers, missing).expect("decided");
        (rules, decision)
    }

    #[test]
    fn a_fired_rule_names_the_answers_that_made_it_fire() {
        let (rules, decision) = decide(
            r#"{"fever": "yes", "iv_drug_use": "unsure", "immunosuppressed": "no"}"#,
            Missing::Partial,
        );
        let e = explain(&rules, &decision);
        let rule = e
            .fired
            .iter()
            .find(|f| f.rule == "fever-with-infection-risk")
            .expect("fired");
        let questions: Vec<&str> = rule.answers.iter().map(|a| a.question.as_str()).collect();
        // recent_spinal_procedure is missing: with --partial it counts as
        // unsure, so it supports the rule too; immunosuppressed = no does not.
        assert_eq!(
            questions,
            ["fever", "iv_drug_use", "recent_spinal_procedure"]
        );
        assert_eq!(rule.answers[1].label, "Not sure");
        assert!(
            e.not_fired.is_empty(),
            "nothing is more urgent than emergency"
        );
    }

    #[test]
    fn why_not_emergency_lists_the_blocking_leaves() {
        let rules = RuleSet::embedded().expect("embedded rules load");
        let mut b = crate::model::answers::Builder::new(&rules.catalog);
        for q in &rules.catalog.questions {
            let id = rules.catalog.lookup(&q.id).expect("id");
            let value = match (&q.kind, q.id.as_str()) {
                (_, "fever") => Value::Option(crate::model::catalog::YES),
                (Kind::Tristate, _) => Value::Option(crate::model::catalog::NO),
                (Kind::Choice { .. }, _) => Value::Option(0),
                (_, "age") => Value::Number(35.0),
                (_, "onset_hours_ago") => Value::Number(30.0),
                _ => Value::Number(5.0),
            };
            b.set(id, value);
        }
        let answers = b
            .finish(ParseOptions {
                missing: Missing::Reject,
                now: "2026-11-21T10:00:00Z".parse().expect("time"),
            })
            .expect("complete");
        let decision = crate::engine::decide(&rules, answers, Missing::Reject).expect("ok");
        assert_eq!(decision.urgency, Urgency::Urgent);
        let e = explain(&rules, &decision);
        let not = e
            .not_fired
            .iter()
            .find(|n| n.rule == "fever-with-infection-risk")
            .expect("listed");
        // fever = yes holds; the `any` of risks is what stopped it.
        assert_eq!(not.blocked_by.len(), 1);
        assert!(not.blocked_by[0].condition.contains("iv_drug_use"));
        assert!(!not.blocked_by[0].condition.contains("fever"));
        assert!(not.blocked_by[0].answers.iter().all(|a| a.label == "No"));
        assert!(e.not_fired.iter().all(|n| n.urgency == Urgency::Emergency));
        let saddle = e
            .not_fired
            .iter()
            .find(|n| n.rule == "cauda-equina-saddle")
            .expect("listed");
        assert_eq!(saddle.blocked_by[0].answers[0].question, "saddle_numbness");
    }

    #[test]
    fn numbers_and_choices_in_words() {
        let (rules, decision) = decide(
            r#"{"age": 67, "onset_hours_ago": 30.4, "leg_symptoms": "both_legs"}"#,
            Missing::Reject,
        );
        let catalog = &rules.catalog;
        let word = |id: &str| given(catalog, &decision.answers, catalog.lookup(id).expect("id"));
        assert_eq!(word("age").label, "67 years");
        assert_eq!(word("onset_hours_ago").label, "about 30 hours ago");
        assert_eq!(word("leg_symptoms").label, "Yes, in both legs");
        assert_eq!(
            word("leg_symptoms").answer,
            Some(AnswerValue::Option("both_legs".into()))
        );
        assert_eq!(word("fever").label, "no answer");
        assert_eq!(word("pregnant").label, "not asked");
    }
}
