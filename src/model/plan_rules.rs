//! The plan's content, loaded from `plan.toml`: headlines, named times and
//! sections of steps, each chosen by the decided urgency and a condition on
//! the answers, with `{placeholders}` for the region's numbers and times.

use crate::model::answers::Value;
use crate::model::clock::Show;
use crate::model::condition::{Condition, Truth};
use crate::model::urgency::Urgency;

/// The compiled `plan.toml`.
#[derive(Debug, Clone, Default)]
pub struct PlanRules {
    /// One per urgency, in [`Urgency::ALL`] order.
    pub headlines: Vec<Text>,
    pub disclaimer: Text,
    pub times: Vec<TimeRule>,
    /// In print order.
    pub sections: Vec<SectionRule>,
}

impl PlanRules {
    #[must_use]
    pub fn headline(&self, urgency: Urgency) -> Option<&Text> {
        let i = Urgency::ALL.iter().position(|u| *u == urgency)?;
        self.headlines.get(i)
    }
}

/// A named time, such as `cold_until`: some hours after the onset or now.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeRule {
    pub name: String,
    pub from: Anchor,
    pub hours: f64,
    pub show: Show,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// When the pain started (may be unknown).
    Onset,
    /// The time of the assessment.
    Now,
}

/// Which answers and urgencies a section or step is printed for.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// `None`: every urgency.
    pub urgency: Option<Vec<Urgency>>,
    /// `None`: every region; else region ids.
    pub region: Option<Vec<String>>,
    pub when: Option<Condition>,
}

impl Filter {
    /// Printed when the urgency is listed and the condition certainly holds:
    /// a step that depends on a missing answer is left out.
    #[must_use]
    pub fn applies(&self, urgency: Urgency, region: &str, values: &[Value]) -> bool {
        self.urgency.as_ref().is_none_or(|u| u.contains(&urgency))
            && self
                .region
                .as_ref()
                .is_none_or(|r| r.iter().any(|id| id == region))
            && self
                .when
                .as_ref()
                .is_none_or(|c| c.eval(values) == Truth::True)
    }
}

#[derive(Debug, Clone)]
pub struct SectionRule {
    pub id: String,
    pub title: Text,
    pub filter: Filter,
    /// The section lists the rules that fired, before its own steps.
    pub reasons: bool,
    /// Its steps that name a time are also on the plan's schedule.
    pub timeline: bool,
    pub steps: Vec<StepRule>,
    /// A line printed after the steps.
    pub note: Option<Text>,
}

#[derive(Debug, Clone)]
pub struct StepRule {
    pub id: Option<String>,
    pub lead: Option<Text>,
    pub text: Text,
    /// A few words for the summary and the timeline.
    pub short: Option<Text>,
    pub filter: Filter,
}

/// A text with its placeholders resolved to what they stand for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Text {
    pub parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    Literal(String),
    Region(RegionField),
    /// Index into [`PlanRules::times`].
    Time(usize),
}

/// A field of the region, named in text as `{emergency}` and so on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionField {
    Emergency,
    EmergencyName,
    UrgentAdvice,
    EmergencyDepartment,
    Name,
}

impl RegionField {
    pub const ALL: [(RegionField, &'static str); 5] = [
        (RegionField::Emergency, "emergency"),
        (RegionField::EmergencyName, "emergency_name"),
        (RegionField::UrgentAdvice, "urgent_advice"),
        (RegionField::EmergencyDepartment, "emergency_department"),
        (RegionField::Name, "region"),
    ];
}
