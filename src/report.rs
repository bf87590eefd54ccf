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
//! | `reasons` | the rules that fired, most urgent first: `{ "rule": id, "message": text }` |
//! | `plan` | the printed plan as structured data |
//! | `unanswered` | question ids that were not answered |
//! | `rules` | the rule set used: `name`, `version`, `sha256`, `source` |
//!
//! Fields may be added; none is renamed or removed within version 1.

use serde::Serialize;

use crate::engine::Decision;
use crate::plan::Plan;
use crate::rule_set::{RuleSet, RuleSetId};
use crate::urgency::{Disposition, Urgency};

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Report {
    /// Always 1 for this contract.
    pub schema_version: u32,
    /// Where to get care; follows from `urgency`.
    pub disposition: Disposition,
    pub urgency: Urgency,
    /// The rules that fired, most urgent first.
    pub reasons: Vec<Reason>,
    /// The printed plan as structured data.
    pub plan: Plan,
    /// Question ids that were not answered.
    pub unanswered: Vec<String>,
    /// The rule set used.
    pub rules: RuleSetId,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct Reason {
    /// The rule's id in `triage.toml`.
    pub rule: String,
    /// Why it matters, in plain words.
    pub message: String,
}

impl Report {
    #[must_use]
    pub fn new(rules: &RuleSet, decision: &Decision, plan: Plan) -> Report {
        Report {
            schema_version: SCHEMA_VERSION,
            disposition: decision.urgency.disposition(),
            urgency: decision.urgency,
            reasons: reasons(rules, decision),
            plan,
            unanswered: decision
                .answers
                .unanswered
                .iter()
                .map(|&id| rules.catalog.get(id).id.clone())
                .collect(),
            rules: rules.id.clone(),
        }
    }
}

#[must_use]
pub fn reasons(rules: &RuleSet, decision: &Decision) -> Vec<Reason> {
    decision
        .fired
        .iter()
        .map(|f| {
            let rule = &rules.rules[f.rule];
            Reason {
                rule: rule.id.clone(),
                message: rule.message.clone(),
            }
        })
        .collect()
}
