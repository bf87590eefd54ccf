//! The plan the person takes away: what to do now, why, and when to get
//! help. Built from the rule set's `plan.toml` for one decision, region and
//! time; the `plan` field of contract v1.

use jiff::Zoned;
use schemars::JsonSchema;
use serde::Serialize;

use crate::engine::Decision;
use crate::engine::explain::{self, GivenAnswer};
use crate::model::clock::{self, Clock, Show};
use crate::model::plan_rules::{Anchor, Part, PlanRules, RegionField, Text};
use crate::model::region::Region;
use crate::model::rule_set::RuleSet;

/// The plan, as structured data (the `plan` field of contract v1).
///
/// Sections are in print order; a section or step that does not apply to
/// the person is left out, not marked. Times are RFC 3339 with the offset of
/// the time zone the plan was made in.
#[derive(Debug, Clone, Serialize, PartialEq, JsonSchema)]
#[non_exhaustive]
pub struct Plan {
    /// What to do, in one or two sentences: the first thing printed.
    pub headline: String,
    /// The region whose numbers the plan names.
    pub region: PlanRegion,
    /// When the pain started, if known.
    pub onset: Option<String>,
    /// What to do, in print order.
    pub sections: Vec<Section>,
    /// When the plan was made (RFC 3339), so that "now" can be marked on
    /// the schedule.
    #[schemars(extend("format" = "date-time"))]
    pub now: String,
    /// `now` as people read it (not in the JSON).
    #[serde(skip)]
    pub now_shown: String,
    /// The dated steps, earliest first: ice, the switch to heat, each
    /// dated check and the "book if not better" date. A step whose time is
    /// not known (the onset was not given) is left out.
    pub schedule: Vec<ScheduleItem>,
    /// Printed on every plan.
    pub disclaimer: String,
}

/// The region whose numbers a plan names.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, JsonSchema)]
#[non_exhaustive]
pub struct PlanRegion {
    /// `us`, `uk`, `eu`, `au`, `ca` or `other`.
    pub id: String,
    /// The region's name, such as `United Kingdom`.
    pub name: String,
    /// The number to dial (or words, when the region is not known).
    pub emergency: String,
    /// The number as a sentence names it: "999 (112 also works)".
    pub emergency_name: String,
    /// Where to get urgent advice.
    pub urgent_advice: String,
}

/// A section of the plan: a title and its steps.
#[derive(Debug, Clone, Serialize, PartialEq, JsonSchema)]
#[non_exhaustive]
pub struct Section {
    /// Stable kebab-case id from `plan.toml`, such as `medicines`.
    pub id: String,
    /// The heading.
    pub title: String,
    /// In print order.
    pub steps: Vec<Step>,
    /// A line printed after the steps.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One thing to do, or one reason.
#[derive(Debug, Clone, Serialize, PartialEq, JsonSchema)]
#[non_exhaustive]
pub struct Step {
    /// A stable id for steps that scripts may look for (`nsaid`,
    /// `nsaid-withheld`, `cold`); for a reason, the rule id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// A few words printed in bold before the text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lead: Option<String>,
    /// The step, with its placeholders filled in.
    pub text: String,
    /// The times named in the lead or text.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub times: Vec<PlanTime>,
    /// For a reason: the answers that made its rule fire.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub because: Vec<GivenAnswer>,
    /// A few words for the summary and the timeline (not in the JSON).
    #[serde(skip)]
    pub short: Option<String>,
}

/// A time named in a step, such as `cold_until`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, JsonSchema)]
#[non_exhaustive]
pub struct PlanTime {
    /// The time's name in `plan.toml`.
    pub name: String,
    /// RFC 3339, such as `2026-11-23T04:00:00+00:00`.
    #[schemars(extend("format" = "date-time"))]
    pub at: String,
    /// `at` as people read it, such as "Mon 23 Nov, 04:00" (not in the JSON).
    #[serde(skip)]
    pub shown: String,
}

/// One dated step of the schedule.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, JsonSchema)]
pub struct ScheduleItem {
    /// The step's id, such as `ice`, `heat`, `review-by`.
    pub id: String,
    /// RFC 3339: the first time the step names.
    #[schemars(extend("format" = "date-time"))]
    pub at: String,
    /// The step as printed (its lead, then its text).
    pub text: String,
    /// A few words for the timeline (not in the JSON).
    #[serde(skip)]
    pub short: String,
    /// `at` as people read it (not in the JSON).
    #[serde(skip)]
    pub shown: String,
}

/// Builds the plan for a decision at the given time.
#[must_use]
pub fn build(rules: &RuleSet, decision: &Decision, region: &Region, clock: &Clock) -> Plan {
    let plan = &rules.plan;
    let times: Vec<Option<Zoned>> = plan
        .times
        .iter()
        .map(|t| match t.from {
            Anchor::Now => clock.after(clock.now, t.hours),
            Anchor::Onset => decision
                .answers
                .onset
                .and_then(|onset| clock.after(onset, t.hours)),
        })
        .collect();
    let fill = Filler {
        plan,
        region,
        times: &times,
    };
    let urgency = decision.urgency;
    let values = &decision.answers.values;
    let mut sections = Vec::new();
    let mut schedule = Vec::new();
    for rule in &plan.sections {
        if !rule.filter.applies(urgency, &region.id, values) {
            continue;
        }
        let mut steps = Vec::new();
        if rule.reasons {
            steps.extend(decision.fired.iter().map(|f| {
                let fired = &rules.rules[f.rule];
                Step {
                    id: Some(fired.id.clone()),
                    lead: None,
                    text: fired.message.clone(),
                    times: Vec::new(),
                    because: explain::triggers(&rules.catalog, fired, &decision.answers),
                    short: None,
                }
            }));
        }
        for step in rule
            .steps
            .iter()
            .filter(|s| s.filter.applies(urgency, &region.id, values))
        {
            let mut used = Vec::new();
            let lead = step.lead.as_ref().map(|l| fill.text(l, &mut used));
            let text = fill.text(&step.text, &mut used);
            let short = step.short.as_ref().map(|s| fill.text(s, &mut Vec::new()));
            steps.push(Step {
                id: step.id.clone(),
                lead,
                text,
                times: used,
                because: Vec::new(),
                short,
            });
        }
        if rule.timeline {
            schedule.extend(steps.iter().filter_map(|s| schedule_item(&rule.id, s)));
        }
        if !steps.is_empty() {
            sections.push(Section {
                id: rule.id.clone(),
                title: fill.text(&rule.title, &mut Vec::new()),
                steps,
                note: rule.note.as_ref().map(|n| fill.text(n, &mut Vec::new())),
            });
        }
    }
    Plan {
        headline: plan
            .headline(urgency)
            .map(|h| fill.text(h, &mut Vec::new()))
            .unwrap_or_default(),
        region: PlanRegion {
            id: region.id.clone(),
            name: region.name.clone(),
            emergency: region.emergency.clone(),
            emergency_name: region.emergency_name.clone(),
            urgent_advice: region.urgent_advice.clone(),
        },
        onset: decision
            .answers
            .onset
            .map(|t| clock::rfc3339(&t.to_zoned(clock.zone.clone()))),
        sections,
        now: clock::rfc3339(&clock.now.to_zoned(clock.zone.clone())),
        now_shown: clock::local_in(
            &clock.now.to_zoned(clock.zone.clone()),
            Show::DateTime,
            region.dates,
        ),
        schedule: sorted(schedule),
        disclaimer: fill.text(&plan.disclaimer, &mut Vec::new()),
    }
}

fn schedule_item(section: &str, step: &Step) -> Option<ScheduleItem> {
    let at = step.times.first()?;
    let text = match &step.lead {
        Some(lead) => format!("{lead}: {}", step.text),
        None => step.text.clone(),
    };
    Some(ScheduleItem {
        id: step
            .id
            .clone()
            .unwrap_or_else(|| format!("{section}-{}", at.name.replace('_', "-"))),
        at: at.at.clone(),
        text: text.clone(),
        short: step.short.clone().unwrap_or(text),
        shown: at.shown.clone(),
    })
}

/// Earliest first; a stable sort keeps the plan's order for equal times.
fn sorted(mut items: Vec<ScheduleItem>) -> Vec<ScheduleItem> {
    items.sort_by_key(|i| i.at.parse::<jiff::Timestamp>().ok());
    items
}

/// Fills in placeholders.
struct Filler<'a> {
    plan: &'a PlanRules,
    region: &'a Region,
    times: &'a [Option<Zoned>],
}

impl Filler<'_> {
    /// The text with its placeholders filled in; the times it names are
    /// added to `used`.
    fn text(&self, text: &Text, used: &mut Vec<PlanTime>) -> String {
        let mut out = String::new();
        for part in &text.parts {
            match part {
                Part::Literal(s) => out.push_str(s),
                Part::Region(field) => out.push_str(match field {
                    RegionField::Emergency => &self.region.emergency,
                    RegionField::EmergencyName => &self.region.emergency_name,
                    RegionField::UrgentAdvice => &self.region.urgent_advice,
                    RegionField::EmergencyDepartment => &self.region.emergency_department,
                    RegionField::Name => &self.region.name,
                }),
                Part::Time(i) => {
                    let rule = &self.plan.times[*i];
                    match &self.times[*i] {
                        Some(at) => {
                            let shown = clock::local_in(at, rule.show, self.region.dates);
                            out.push_str(&shown);
                            if !used.iter().any(|t| t.name == rule.name) {
                                used.push(PlanTime {
                                    name: rule.name.clone(),
                                    at: clock::rfc3339(at),
                                    shown,
                                });
                            }
                        }
                        // Only an onset time can be unknown.
                        None => {
                            out.push_str(&clock::duration_words(rule.hours));
                            out.push_str(" after the pain started");
                        }
                    }
                }
            }
        }
        out
    }
}
