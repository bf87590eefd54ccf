//! Renders a report for people (text) or programs (JSON). The only layer
//! that turns results into output text.

use std::fmt::Write;

use crate::report::Report;
use crate::urgency::Urgency;

/// JSON, pretty for one result.
///
/// # Panics
/// Never: a report always serialises.
#[must_use]
pub fn json(report: &Report, pretty: bool) -> String {
    let result = if pretty {
        serde_json::to_string_pretty(report)
    } else {
        serde_json::to_string(report)
    };
    result.unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}

/// Plain text that leads with what to do.
#[must_use]
pub fn text(report: &Report) -> String {
    let mut out = String::new();
    let banner = match report.urgency {
        Urgency::Emergency => "EMERGENCY",
        Urgency::Urgent => "SEE A DOCTOR TODAY",
        Urgency::Routine => "BOOK AN APPOINTMENT",
        Urgency::SelfCare => "HOME CARE",
    };
    let _ = writeln!(out, "{banner}: {}", report.plan.headline);
    for section in &report.plan.sections {
        let _ = writeln!(out, "\n{}", section.title);
        for step in &section.steps {
            let _ = writeln!(out, "  - {}", step.text);
        }
    }
    if !report.unanswered.is_empty() {
        let _ = writeln!(
            out,
            "\nNot answered (treated with caution): {}",
            report.unanswered.join(", ")
        );
    }
    let _ = writeln!(out, "\n{}", report.plan.disclaimer);
    let _ = writeln!(
        out,
        "\nRules: {} {} ({}, sha256 {})",
        report.rules.name,
        report.rules.version,
        report.rules.source,
        &report.rules.sha256[..12.min(report.rules.sha256.len())]
    );
    out
}
