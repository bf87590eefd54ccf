//! Renders a report for people (text for a terminal, Markdown to print or
//! paste) or programs (JSON). The only layer that turns results into output
//! text.

use std::fmt::Write;

use crate::engine::explain::{Explanation, GivenAnswer};
use crate::model::urgency::Urgency;
use crate::output::report::Report;
use crate::output::summary;
use crate::output::wrap::{BOLD, Wrapper, md_escape};
pub use crate::output::wrap::{TextOptions, banner};

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

/// Plain text, 80 columns, no colour.
#[must_use]
pub fn text(report: &Report) -> String {
    text_with(report, TextOptions::default())
}

/// Text for a terminal that leads with what to do, wrapped to `width`.
#[must_use]
pub fn text_with(report: &Report, options: TextOptions) -> String {
    let w = Wrapper::new(options);
    let plan = &report.plan;
    let mut out = String::new();
    summary::text(&mut out, &w, report);
    for section in plan.sections.iter().filter(|s| s.id != summary::SECTION) {
        out.push('\n');
        w.para(&mut out, &w.style(BOLD, &section.title), "", "");
        for step in &section.steps {
            w.para(&mut out, &w.step(step), "  - ", "    ");
            for answer in &step.because {
                w.para(&mut out, &because(answer), "    ", "      ");
            }
        }
        if let Some(note) = &section.note {
            w.para(&mut out, note, "  ", "  ");
        }
    }
    // After an emergency, more answers could not change what to do.
    if !report.unanswered.is_empty() && report.urgency != Urgency::Emergency {
        out.push('\n');
        w.para(
            &mut out,
            &format!(
                "Not answered (treated with caution): {}",
                report.unanswered.join(", ")
            ),
            "",
            "",
        );
    }
    out.push('\n');
    w.para(&mut out, &plan.disclaimer, "", "");
    if let Some(e) = &report.explanation {
        out.push('\n');
        explanation_text(&mut out, &w, e, report.urgency);
    }
    out.push('\n');
    w.para(&mut out, &rules_line(report), "", "");
    out
}

fn rules_line(report: &Report) -> String {
    format!(
        "Rules: {} {} ({}, sha256 {})",
        report.rules.name,
        report.rules.version,
        report.rules.source,
        &report.rules.sha256[..12.min(report.rules.sha256.len())]
    )
}

fn because(answer: &GivenAnswer) -> String {
    match answer.answer {
        None => format!("You did not answer \"{}\"", answer.prompt),
        Some(_) => format!("You answered \"{}\" to \"{}\"", answer.label, answer.prompt),
    }
}

/// An answer as a clinician reads it: `saddle_numbness = unsure`.
fn answer_code(answer: &GivenAnswer) -> String {
    let value = match &answer.answer {
        Some(crate::engine::explain::AnswerValue::Option(s)) => s.clone(),
        Some(crate::engine::explain::AnswerValue::Number(x)) => x.to_string(),
        None => format!("({})", answer.label),
    };
    format!("{} = {value}", answer.question)
}

fn answers_code(answers: &[GivenAnswer]) -> String {
    answers
        .iter()
        .map(answer_code)
        .collect::<Vec<_>>()
        .join(", ")
}

fn explanation_text(out: &mut String, w: &Wrapper, e: &Explanation, decided: Urgency) {
    w.para(out, &w.style(BOLD, "Explanation, for clinicians"), "", "");
    if e.fired.is_empty() {
        w.para(out, "No rule fired, so the result is self_care.", "", "");
    } else {
        w.para(out, "Rules that fired, most urgent first:", "", "");
    }
    for f in &e.fired {
        let certain = if f.certain {
            ""
        } else {
            " (fired because an answer is missing)"
        };
        w.para(
            out,
            &format!("{} [{}] at {}{certain}", f.rule, f.urgency, f.location),
            "  - ",
            "    ",
        );
        w.para(out, &format!("when: {}", f.when), "    ", "      ");
        w.para(
            out,
            &format!("answers: {}", answers_code(&f.answers)),
            "    ",
            "      ",
        );
    }
    for level in Urgency::ALL.iter().rev().filter(|u| **u > decided) {
        let rules: Vec<_> = e.not_fired.iter().filter(|n| n.urgency == *level).collect();
        if rules.is_empty() {
            continue;
        }
        out.push('\n');
        w.para(
            out,
            &format!("Not {level}: none of these {level} rules fired."),
            "",
            "",
        );
        for n in rules {
            w.para(
                out,
                &format!("{} at {}", n.rule, n.location),
                "  - ",
                "    ",
            );
            for b in &n.blocked_by {
                w.para(
                    out,
                    &format!("needs {}; but {}", b.condition, answers_code(&b.answers)),
                    "    ",
                    "      ",
                );
            }
        }
    }
}

/// A Markdown page to print or paste into a message.
#[must_use]
pub fn markdown(report: &Report) -> String {
    let plan = &report.plan;
    let mut out = summary::summary_markdown(report);
    for section in plan.sections.iter().filter(|s| s.id != summary::SECTION) {
        let _ = writeln!(out, "\n## {}\n", md_escape(&section.title));
        for step in &section.steps {
            match &step.lead {
                Some(lead) => {
                    let _ = writeln!(out, "- **{}:** {}", md_escape(lead), md_escape(&step.text));
                }
                None => {
                    let _ = writeln!(out, "- {}", md_escape(&step.text));
                }
            }
            for answer in &step.because {
                let _ = writeln!(out, "  - {}", md_escape(&because(answer)));
            }
        }
        if let Some(note) = &section.note {
            let _ = writeln!(out, "\n{}", md_escape(note));
        }
    }
    if !report.unanswered.is_empty() && report.urgency != Urgency::Emergency {
        let ids: Vec<String> = report
            .unanswered
            .iter()
            .map(|id| format!("`{id}`"))
            .collect();
        let _ = writeln!(
            out,
            "\nNot answered (treated with caution): {}",
            ids.join(", ")
        );
    }
    let _ = writeln!(out, "\n---\n\n*{}*", md_escape(&plan.disclaimer));
    if let Some(e) = &report.explanation {
        explanation_markdown(&mut out, e, report.urgency);
    }
    let _ = writeln!(out, "\n{}", md_escape(&rules_line(report)));
    out
}

fn explanation_markdown(out: &mut String, e: &Explanation, decided: Urgency) {
    let _ = writeln!(out, "\n## Explanation, for clinicians\n");
    if e.fired.is_empty() {
        let _ = writeln!(out, "No rule fired, so the result is `self_care`.");
    } else {
        let _ = writeln!(out, "Rules that fired, most urgent first:\n");
    }
    for f in &e.fired {
        let certain = if f.certain {
            ""
        } else {
            " (fired because an answer is missing)"
        };
        let _ = writeln!(
            out,
            "- `{}` ({}) at {}{certain}\n  - when: `{}`\n  - answers: `{}`",
            f.rule,
            f.urgency,
            md_escape(&f.location),
            f.when,
            answers_code(&f.answers)
        );
    }
    for level in Urgency::ALL.iter().rev().filter(|u| **u > decided) {
        let rules: Vec<_> = e.not_fired.iter().filter(|n| n.urgency == *level).collect();
        if rules.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "\nNot `{level}`: none of these `{level}` rules fired.\n"
        );
        for n in rules {
            let _ = writeln!(out, "- `{}` at {}", n.rule, md_escape(&n.location));
            for b in &n.blocked_by {
                let _ = writeln!(
                    out,
                    "  - needs `{}`; but `{}`",
                    b.condition,
                    answers_code(&b.answers)
                );
            }
        }
    }
}
