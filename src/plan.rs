//! The plan the person takes away: what to do now, why, and when to get help.

use serde::Serialize;

use crate::engine::Decision;
use crate::region::Region;
use crate::rule_set::RuleSet;
use crate::urgency::Urgency;

/// The plan, as structured data (the `plan` field of contract v1).
#[derive(Debug, Clone, Serialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct Plan {
    /// What to do, in one sentence.
    pub headline: String,
    pub sections: Vec<Section>,
    pub disclaimer: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct Section {
    pub id: String,
    pub title: String,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct Step {
    pub text: String,
}

pub const DISCLAIMER: &str = "This tool gives general information to help you decide where to get care. \
It is not a diagnosis and does not replace advice from a doctor, nurse, physiotherapist or pharmacist \
who can examine you. If you are worried, or your symptoms change, get help straight away.";

#[must_use]
pub fn headline(urgency: Urgency) -> &'static str {
    match urgency {
        Urgency::Emergency => {
            "Get emergency help now: call your local emergency number or go to the emergency department."
        }
        Urgency::Urgent => "Get seen by a doctor today: within 24 hours at the latest.",
        Urgency::Routine => {
            "Book an appointment with your doctor or a physiotherapist, within about 1–2 weeks."
        }
        Urgency::SelfCare => "You can look after this at home, and get help if anything changes.",
    }
}

/// Builds the plan for a decision.
#[must_use]
pub fn build(rules: &RuleSet, decision: &Decision, region: &Region) -> Plan {
    let why: Vec<Step> = decision
        .fired
        .iter()
        .map(|f| Step {
            text: rules.rules[f.rule].message.clone(),
        })
        .collect();
    let mut sections = Vec::new();
    if !why.is_empty() {
        sections.push(Section {
            id: "why".to_string(),
            title: "Why".to_string(),
            steps: why,
        });
    }
    Plan {
        headline: match decision.urgency {
            Urgency::Emergency => format!(
                "Call {} now, or go to {}.",
                region.emergency, region.emergency_department
            ),
            other => headline(other).to_string(),
        },
        sections,
        disclaimer: DISCLAIMER.to_string(),
    }
}
