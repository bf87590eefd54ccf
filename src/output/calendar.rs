//! The plan's dates as an iCalendar file (RFC 5545): one event per dated
//! step still ahead (the switch to heat, each check, "book if not better"),
//! each carrying the "call now" list and the numbers. Times are in UTC.

use icalendar::{Calendar, Component, Event};
use jiff::{SignedDuration, Timestamp};

use crate::model::urgency::Urgency;
use crate::output::report::Report;
use crate::plan::Plan;

/// The section whose steps are the "call now" list.
const CALL_NOW: &str = "call-now-if";

/// The calendar, or `None` for an emergency (there is nothing to schedule:
/// get help now).
#[must_use]
pub fn ics(report: &Report) -> Option<String> {
    if report.urgency == Urgency::Emergency {
        return None;
    }
    let plan = &report.plan;
    let now: Timestamp = plan.now.parse().ok()?;
    let zone = offset(plan.onset.as_deref().unwrap_or(&plan.now));
    let footer = footer(plan, zone);
    let mut calendar = Calendar::new();
    calendar.name("Back pain plan").description(&format!(
        "{} Times are in UTC; the plan was made at UTC{zone}.",
        plan.headline
    ));
    for item in &plan.schedule {
        let Ok(at) = item.at.parse::<Timestamp>() else {
            continue;
        };
        if at < now {
            continue;
        }
        let end = at.checked_add(SignedDuration::from_mins(30)).unwrap_or(at);
        calendar.push(
            Event::new()
                .uid(&format!("{}-{}@spasm-triage", item.id, utc(at)))
                .add_property("DTSTAMP", utc(now))
                .add_property("DTSTART", utc(at))
                .add_property("DTEND", utc(end))
                .summary(&format!("Back pain: {}", item.short))
                .description(&format!("{} ({})\n\n{footer}", item.text, item.shown))
                .done(),
        );
    }
    Some(calendar.done().to_string())
}

fn utc(at: Timestamp) -> String {
    at.strftime("%Y%m%dT%H%M%SZ").to_string()
}

/// "+00:00" from an RFC 3339 time.
fn offset(rfc3339: &str) -> &str {
    rfc3339.get(rfc3339.len().saturating_sub(6)..).unwrap_or("")
}

fn footer(plan: &Plan, zone: &str) -> String {
    let mut out = String::new();
    for section in plan.sections.iter().filter(|s| s.id == CALL_NOW) {
        out.push_str(&section.title);
        for step in &section.steps {
            out.push_str("\n- ");
            out.push_str(&step.text);
        }
        out.push_str("\n\n");
    }
    out.push_str(&format!(
        "Emergency: {}. Urgent advice: {}.\nTimes in this calendar are in UTC; the plan was made at UTC{zone}.",
        plan.region.emergency_name, plan.region.urgent_advice
    ));
    out
}
