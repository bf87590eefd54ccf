//! The plan's content, loaded from `plan.toml`: headlines, named times and
//! sections of steps, each chosen by the decided urgency and a condition on
//! the answers, with `{placeholders}` for the region's numbers and times.

use crate::model::answers::Value;
use crate::model::clock::Show;
use crate::model::condition::{Condition, Truth};
use crate::model::urgency::Urgency;

/// The compiled `plan.toml`.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct PlanRules {
    /// One per urgency, in [`Urgency::ALL`] order.
    pub headlines: Vec<Text>,
    /// Printed at the end of every plan.
    pub disclaimer: Text,
    /// The named times that texts may show, such as `{cold_until}`.
    pub times: Vec<TimeRule>,
    /// In print order.
    pub sections: Vec<SectionRule>,
}

impl PlanRules {
    /// The headline for an urgency.
    #[must_use]
    pub fn headline(&self, urgency: Urgency) -> Option<&Text> {
        let i = Urgency::ALL.iter().position(|u| *u == urgency)?;
        self.headlines.get(i)
    }
}

/// A named time, such as `cold_until`: some hours after the onset or now.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct TimeRule {
    /// The name texts use, as `{name}`.
    pub name: String,
    /// The moment it counts from.
    pub from: Anchor,
    /// Hours after that moment.
    pub hours: f64,
    /// Shown as a date, or a date and time.
    pub show: Show,
}

/// What a named time counts from (`from` in `plan.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Anchor {
    /// When the pain started (may be unknown).
    Onset,
    /// The time of the assessment.
    Now,
}

/// Which answers and urgencies a section or step is printed for.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Filter {
    /// `None`: every urgency.
    pub urgency: Option<Vec<Urgency>>,
    /// `None`: every region; else region ids.
    pub region: Option<Vec<String>>,
    /// `None`: whatever the answers.
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

/// A section of the plan (`[[section]]`): a title and its steps.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct SectionRule {
    /// Stable kebab-case id, such as `while-you-wait`.
    pub id: String,
    /// The heading.
    pub title: Text,
    /// When the section is printed.
    pub filter: Filter,
    /// The section lists the rules that fired, before its own steps.
    pub reasons: bool,
    /// Its steps that name a time are also on the plan's schedule.
    pub timeline: bool,
    /// In print order.
    pub steps: Vec<StepRule>,
    /// A line printed after the steps.
    pub note: Option<Text>,
}

/// A step of a section (`[[section.step]]`).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct StepRule {
    /// A stable id that scripts may look for, such as `nsaid`.
    pub id: Option<String>,
    /// A few words printed in bold before the text.
    pub lead: Option<Text>,
    /// What to do.
    pub text: Text,
    /// A few words for the summary and the timeline.
    pub short: Option<Text>,
    /// When the step is printed.
    pub filter: Filter,
}

/// A text with its placeholders resolved to what they stand for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Text {
    /// In order: literal text and what each placeholder stands for.
    pub parts: Vec<Part>,
}

/// A piece of a [`Text`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Part {
    /// Text as written.
    Literal(String),
    /// A field of the region, such as `{emergency}`.
    Region(RegionField),
    /// Index into [`PlanRules::times`].
    Time(usize),
}

/// A field of the region, named in text as `{emergency}` and so on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RegionField {
    /// `{emergency}`: the number to dial.
    Emergency,
    /// `{emergency_name}`: the number as a sentence names it.
    EmergencyName,
    /// `{urgent_advice}`: where to get urgent advice.
    UrgentAdvice,
    /// `{emergency_department}`: what the emergency department is called.
    EmergencyDepartment,
    /// `{region}`: the region's name.
    Name,
}

impl RegionField {
    /// Every field with its placeholder name.
    pub const ALL: [(RegionField, &'static str); 5] = [
        (RegionField::Emergency, "emergency"),
        (RegionField::EmergencyName, "emergency_name"),
        (RegionField::UrgentAdvice, "urgent_advice"),
        (RegionField::EmergencyDepartment, "emergency_department"),
        (RegionField::Name, "region"),
    ];
}
