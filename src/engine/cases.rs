//! Runs the clinical cases of `cases.toml` through the engine, for
//! `rules test` and `cargo test`.

use jiff::Timestamp;

use crate::engine;
use crate::model::answers::{self, Missing, ParseOptions};
use crate::model::rule_set::RuleSet;
use crate::model::urgency::Urgency;
use crate::rulebook::cases::{Case, NOW};

/// What a case gave when it was run.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Outcome {
    /// Index of the case in the list given to [`run`].
    pub case: usize,
    /// `Err` holds the answers error when the case could not be assessed.
    pub urgency: Result<Urgency, String>,
    /// The rules that fired, with their urgencies, most urgent first.
    pub fired: Vec<(String, Urgency)>,
    /// The urgency was the expected one, decided by the expected rule.
    pub passed: bool,
}

impl Outcome {
    /// Why the case failed, in one sentence.
    #[must_use]
    pub fn failure(&self, case: &Case) -> Option<String> {
        if self.passed {
            return None;
        }
        Some(match &self.urgency {
            Err(e) => format!("could not be assessed: {e}"),
            Ok(u) if *u != case.expect => format!("expected {}, got {u}", case.expect),
            Ok(_) => match &case.decided_by {
                Some(rule) => format!(
                    "got {} as expected, but rule `{rule}` did not decide it",
                    case.expect
                ),
                None => "expected no rule to fire".to_string(),
            },
        })
    }
}

/// Runs every case.
#[must_use]
pub fn run(rules: &RuleSet, cases: &[Case]) -> Vec<Outcome> {
    let now: Timestamp = NOW.parse().unwrap_or(Timestamp::UNIX_EPOCH);
    cases
        .iter()
        .enumerate()
        .map(|(i, case)| {
            let json = serde_json::Value::Object(case.answers.clone()).to_string();
            let missing = if case.partial {
                Missing::Partial
            } else {
                Missing::Reject
            };
            let options = ParseOptions { missing, now };
            let decision = answers::parse(&json, &rules.catalog, options)
                .and_then(|a| engine::decide(rules, a, missing));
            match decision {
                Ok(d) => {
                    let fired: Vec<(String, Urgency)> = d
                        .fired
                        .iter()
                        .map(|f| (rules.rules[f.rule].id.clone(), rules.rules[f.rule].urgency))
                        .collect();
                    let decided = match &case.decided_by {
                        Some(rule) => d.deciding(rules).any(|r| &r.id == rule),
                        None => fired.is_empty(),
                    };
                    Outcome {
                        case: i,
                        urgency: Ok(d.urgency),
                        passed: d.urgency == case.expect && decided,
                        fired,
                    }
                }
                Err(e) => Outcome {
                    case: i,
                    urgency: Err(e.to_string()),
                    fired: Vec::new(),
                    passed: false,
                },
            }
        })
        .collect()
}
