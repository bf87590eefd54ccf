//! Renders a report for people (text for a terminal, Markdown to print or
//! paste) or programs (JSON). The only layer that turns results into output
//! text.

use std::fmt::Write;

use anstyle::{AnsiColor, Style};

use crate::engine::explain::{Explanation, GivenAnswer};
use crate::model::urgency::Urgency;
use crate::output::report::Report;
use crate::plan::Step;

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

/// How to lay out text for a terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextOptions {
    /// Columns to wrap at.
    pub width: usize,
    /// ANSI colour and bold.
    pub color: bool,
}

impl Default for TextOptions {
    fn default() -> Self {
        TextOptions {
            width: 80,
            color: false,
        }
    }
}

/// The banner that leads the plan: words, so it reads without colour.
#[must_use]
pub fn banner(urgency: Urgency) -> &'static str {
    match urgency {
        Urgency::Emergency => "EMERGENCY",
        Urgency::Urgent => "SEE A DOCTOR TODAY",
        Urgency::Routine => "BOOK AN APPOINTMENT",
        Urgency::SelfCare => "HOME CARE",
    }
}

fn banner_style(urgency: Urgency) -> Style {
    let color = match urgency {
        Urgency::Emergency => AnsiColor::Red,
        Urgency::Urgent => AnsiColor::Yellow,
        Urgency::Routine => AnsiColor::Cyan,
        Urgency::SelfCare => AnsiColor::Green,
    };
    Style::new().bold().fg_color(Some(color.into()))
}

const BOLD: Style = Style::new().bold();

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
    let banner = banner(report.urgency);
    w.para(
        &mut out,
        &format!(
            "{}: {}",
            w.style(banner_style(report.urgency), banner),
            plan.headline
        ),
        "",
        "",
    );
    for section in &plan.sections {
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

/// Wraps paragraphs to a width, with optional styling.
struct Wrapper {
    options: TextOptions,
}

impl Wrapper {
    fn new(options: TextOptions) -> Wrapper {
        Wrapper { options }
    }

    fn style(&self, style: Style, text: &str) -> String {
        if self.options.color {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text.to_string()
        }
    }

    fn step(&self, step: &Step) -> String {
        match &step.lead {
            Some(lead) => format!("{}: {}", self.style(BOLD, lead), step.text),
            None => step.text.clone(),
        }
    }

    /// Appends `text`, wrapped, with a first-line and a hanging indent.
    /// A date such as "Mon 23 Nov, 04:00" is kept on one line.
    fn para(&self, out: &mut String, text: &str, first: &str, rest: &str) {
        let options = textwrap::Options::new(self.options.width.max(20))
            .initial_indent(first)
            .subsequent_indent(rest);
        for line in textwrap::wrap(&keep_dates_together(text), options) {
            out.push_str(&line.trim_end().replace(NO_BREAK, " "));
            out.push('\n');
        }
    }
}

const NO_BREAK: char = '\u{a0}';

/// Joins the words of a date ("Mon 23 Nov" or "Mon 23 Nov, 04:00") with
/// no-break spaces, so wrapping does not split it.
fn keep_dates_together(text: &str) -> String {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let is_day = |w: &str| !w.is_empty() && w.len() <= 2 && w.bytes().all(|b| b.is_ascii_digit());
    let is_time = |w: &str| {
        let w = w.trim_end_matches(|c: char| c.is_ascii_punctuation());
        w.len() == 5 && w.as_bytes()[2] == b':'
    };
    let words: Vec<&str> = text.split(' ').collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < words.len() {
        let date = words.len() > i + 2
            && DAYS.contains(&words[i].trim_start_matches('('))
            && is_day(words[i + 1])
            && MONTHS.iter().any(|m| words[i + 2].starts_with(m));
        let glued = if !date {
            1
        } else if words[i + 2].ends_with(',') && words.get(i + 3).is_some_and(|w| is_time(w)) {
            4
        } else {
            3
        };
        if i > 0 {
            out.push(' ');
        }
        out.push_str(&words[i..i + glued].join(&NO_BREAK.to_string()));
        i += glued;
    }
    out
}

/// A Markdown page to print or paste into a message.
#[must_use]
pub fn markdown(report: &Report) -> String {
    let plan = &report.plan;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {}: {}",
        banner(report.urgency),
        md_escape(&plan.headline)
    );
    for section in &plan.sections {
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

/// Escapes the characters Markdown would read as formatting.
fn md_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_not_split_across_lines() {
        assert_eq!(
            keep_dates_together("until Mon 23 Nov, 04:00, or heat (by Sat 5 Dec)."),
            "until Mon\u{a0}23\u{a0}Nov,\u{a0}04:00, or heat (by Sat\u{a0}5\u{a0}Dec)."
        );
        assert_eq!(keep_dates_together("Mon and Sun 5"), "Mon and Sun 5");
        let w = Wrapper::new(TextOptions {
            width: 30,
            color: false,
        });
        let mut out = String::new();
        w.para(
            &mut out,
            "You can use a wrapped ice pack until Mon 23 Nov, 04:00, or heat.",
            "",
            "",
        );
        assert!(out.contains("Mon 23 Nov, 04:00"), "{out}");
        assert!(!out.contains('\u{a0}'));
    }

    #[test]
    fn markdown_escapes_formatting() {
        assert_eq!(md_escape("a_b *c* [d] A&E"), "a\\_b \\*c\\* \\[d\\] A&E");
    }

    #[test]
    fn wrapping_keeps_a_hanging_indent_and_ignores_colour_codes() {
        let w = Wrapper::new(TextOptions {
            width: 20,
            color: true,
        });
        let mut out = String::new();
        let lead = w.style(BOLD, "Heat");
        w.para(
            &mut out,
            &format!("{lead}: use a heat pack for 15 to 20 minutes"),
            "  - ",
            "    ",
        );
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[0].starts_with("  - \u{1b}["), "{out}");
        assert!(lines[1..].iter().all(|l| l.starts_with("    ")), "{out}");
        let plain: Vec<usize> = lines
            .iter()
            .map(|l| textwrap::core::display_width(l))
            .collect();
        assert!(plain.iter().all(|n| *n <= 20), "{plain:?}");
    }
}
