//! The summary: the first screen of every result (at most about 15 lines at
//! 80 columns). The decision and what to do now, the schedule as a timeline
//! with "now" marked, the most important "call now" signs and the numbers.
//! Also shown on its own, as the questionnaire's result screen.

use std::fmt::Write;

use jiff::Timestamp;

use crate::model::urgency::Urgency;
use crate::output::report::Report;
pub use crate::output::wrap::Glyphs;
pub use crate::output::wrap::banner;
use crate::output::wrap::{TextOptions, Wrapper, md_escape};
use crate::plan::{Plan, ScheduleItem};

/// The id of the plan section the summary takes its own lines from; the
/// full plan does not print it again.
pub const SECTION: &str = "summary";

/// One row of the timeline: a time, what happens then, and whether it is
/// the "now" row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// As people read it: "Mon 23 Nov, 04:00".
    pub when: String,
    /// A few words.
    pub what: String,
    /// The row that marks the time the plan was made.
    pub now: bool,
}

/// The timeline's rows: the schedule, earliest first, with "now" in its
/// place. Empty when the plan has no schedule (an emergency, or no onset).
#[must_use]
pub fn rows(plan: &Plan) -> Vec<Row> {
    if plan.schedule.is_empty() {
        return Vec::new();
    }
    let now = plan.now.parse::<Timestamp>().ok();
    let mut rows = Vec::new();
    let mut placed = false;
    for item in &plan.schedule {
        if !placed && now.is_some_and(|n| at(item).is_some_and(|t| t > n)) {
            rows.push(now_row(plan));
            placed = true;
        }
        rows.push(Row {
            when: item.shown.clone(),
            what: item.short.clone(),
            now: false,
        });
    }
    if !placed {
        rows.push(now_row(plan));
    }
    rows
}

fn at(item: &ScheduleItem) -> Option<Timestamp> {
    item.at.parse().ok()
}

fn now_row(plan: &Plan) -> Row {
    Row {
        when: plan.now_shown.clone(),
        what: "now".to_string(),
        now: true,
    }
}

/// The timeline drawn for a terminal, wrapped to `width` columns: a row
/// per time, its words under each other.
#[must_use]
pub fn timeline_text(plan: &Plan, glyphs: Glyphs, width: usize) -> String {
    let rows = rows(plan);
    let pad = rows
        .iter()
        .map(|r| r.when.chars().count())
        .max()
        .unwrap_or(0);
    let [first, middle, last, pointer] = glyphs.marks();
    let line = if glyphs == Glyphs::Unicode {
        "│"
    } else {
        "|"
    };
    let mut out = String::new();
    for (i, row) in rows.iter().enumerate() {
        let mark = if i == 0 {
            first
        } else if i + 1 == rows.len() {
            last
        } else {
            middle
        };
        let what = if row.now {
            format!("{pointer} now")
        } else {
            row.what.clone()
        };
        let when = format!("{:<pad$}", row.when);
        let rest = if i + 1 == rows.len() { " " } else { line };
        let (first_indent, rest_indent) = (
            format!("  {when} {mark} "),
            format!("  {:pad$} {rest} ", ""),
        );
        let options = textwrap::Options::new(width.max(40))
            .initial_indent(&first_indent)
            .subsequent_indent(&rest_indent);
        for l in textwrap::wrap(&what, options) {
            let _ = writeln!(out, "{}", l.trim_end());
        }
    }
    out
}

/// The timeline as a Markdown table.
#[must_use]
pub fn timeline_markdown(plan: &Plan) -> String {
    let rows = rows(plan);
    if rows.is_empty() {
        return String::new();
    }
    let mut out = String::from("| when | what |\n| --- | --- |\n");
    for row in &rows {
        if row.now {
            let _ = writeln!(out, "| **{}** | **now** |", md_escape(&row.when));
        } else {
            let _ = writeln!(
                out,
                "| {} | {} |",
                md_escape(&row.when),
                md_escape(&row.what)
            );
        }
    }
    out
}

/// The summary as text, wrapped by `w`.
pub(crate) fn text(out: &mut String, w: &Wrapper, report: &Report) {
    let plan = &report.plan;
    w.para(out, &w.banner_line(report), "", "");
    for reason in reasons(report) {
        w.para(out, &reason, "  - ", "    ");
    }
    if !plan.schedule.is_empty() {
        w.para(out, "Ice, then heat, and the dates to check:", "", "");
        out.push_str(&timeline_text(plan, w.options.glyphs, w.options.width));
    }
    for step in summary_steps(plan) {
        w.para(out, &w.step(step), "", "");
    }
    w.para(out, &numbers(plan), "", "");
}

/// The summary on its own, for a terminal (the questionnaire's result
/// screen): wrapped to `options.width`.
#[must_use]
pub fn summary_text(report: &Report, options: TextOptions) -> String {
    let mut out = String::new();
    text(&mut out, &Wrapper::new(options), report);
    out
}

/// The summary as Markdown.
#[must_use]
pub fn summary_markdown(report: &Report) -> String {
    let plan = &report.plan;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {}: {}",
        banner(report.urgency),
        md_escape(&plan.headline)
    );
    for reason in reasons(report) {
        let _ = writeln!(out, "\n- {}", md_escape(&reason));
    }
    if !plan.schedule.is_empty() {
        let _ = writeln!(out, "\n{}", timeline_markdown(plan).trim_end());
    }
    let _ = writeln!(out);
    for step in summary_steps(plan) {
        match &step.lead {
            Some(lead) => {
                let _ = writeln!(out, "**{}** {}\n", md_escape(lead), md_escape(&step.text));
            }
            None => {
                let _ = writeln!(out, "{}\n", md_escape(&step.text));
            }
        }
    }
    let _ = writeln!(out, "{}", md_escape(&numbers(plan)));
    out
}

/// An emergency or a booking names what made it so (the first reason; the
/// plan lists them all); home care needs none.
fn reasons(report: &Report) -> Vec<String> {
    if report.urgency == Urgency::SelfCare {
        return Vec::new();
    }
    let Some(first) = report.reasons.first() else {
        return Vec::new();
    };
    let more = match report.reasons.len() - 1 {
        0 => String::new(),
        1 => " (and 1 more reason below)".to_string(),
        n => format!(" (and {n} more reasons below)"),
    };
    vec![format!("{}{more}", first.message)]
}

fn summary_steps(plan: &Plan) -> impl Iterator<Item = &crate::plan::Step> {
    plan.sections
        .iter()
        .filter(|s| s.id == SECTION)
        .flat_map(|s| &s.steps)
}

fn numbers(plan: &Plan) -> String {
    format!(
        "Numbers: emergency {}; urgent advice: {}.",
        plan.region.emergency_name, plan.region.urgent_advice
    )
}
