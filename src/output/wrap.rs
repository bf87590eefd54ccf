//! Wrapping text for a terminal (dates kept on one line, colour codes not
//! counted) and the words and escapes the renderers share.

use anstyle::{AnsiColor, Style};

use crate::model::urgency::Urgency;
use crate::output::report::Report;
use crate::plan::Step;

/// How to lay out text for a terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextOptions {
    /// Columns to wrap at.
    pub width: usize,
    /// ANSI colour and bold.
    pub color: bool,
    /// How to draw the timeline.
    pub glyphs: Glyphs,
}

impl Default for TextOptions {
    fn default() -> Self {
        TextOptions {
            width: 80,
            color: false,
            glyphs: Glyphs::Unicode,
        }
    }
}

/// Which characters draw the timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Glyphs {
    /// Box-drawing characters.
    #[default]
    Unicode,
    /// Plain ASCII, for a locale that is not UTF-8 or `TERM=dumb`.
    Ascii,
}

impl Glyphs {
    /// From the locale variables (`LC_ALL`, `LC_CTYPE`, `LANG`, the first
    /// that is set and not empty) and `TERM`.
    #[must_use]
    pub fn from_locale(locale: Option<&str>, term: Option<&str>) -> Glyphs {
        let utf8 = locale.is_some_and(|l| {
            let l = l.to_ascii_lowercase();
            l.contains("utf-8") || l.contains("utf8")
        });
        if utf8 && term != Some("dumb") {
            Glyphs::Unicode
        } else {
            Glyphs::Ascii
        }
    }

    pub(crate) fn marks(self) -> [&'static str; 4] {
        match self {
            Glyphs::Unicode => ["┬", "├", "└", "◀"],
            Glyphs::Ascii => ["+", "|", "`", "<"],
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

pub(crate) fn banner_style(urgency: Urgency) -> Style {
    let color = match urgency {
        Urgency::Emergency => AnsiColor::Red,
        Urgency::Urgent => AnsiColor::Yellow,
        Urgency::Routine => AnsiColor::Cyan,
        Urgency::SelfCare => AnsiColor::Green,
    };
    Style::new().bold().fg_color(Some(color.into()))
}

pub(crate) const BOLD: Style = Style::new().bold();

/// Wraps paragraphs to a width, with optional styling.
pub(crate) struct Wrapper {
    pub(crate) options: TextOptions,
}

impl Wrapper {
    pub(crate) fn new(options: TextOptions) -> Wrapper {
        Wrapper { options }
    }

    /// "HOME CARE: You can look after this at home ..."
    pub(crate) fn banner_line(&self, report: &Report) -> String {
        format!(
            "{}: {}",
            self.style(banner_style(report.urgency), banner(report.urgency)),
            report.plan.headline
        )
    }

    pub(crate) fn style(&self, style: Style, text: &str) -> String {
        if self.options.color {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text.to_string()
        }
    }

    pub(crate) fn step(&self, step: &Step) -> String {
        match &step.lead {
            Some(lead) => format!("{}: {}", self.style(BOLD, lead), step.text),
            None => step.text.clone(),
        }
    }

    /// Appends `text`, wrapped, with a first-line and a hanging indent.
    /// A date such as "Mon 23 Nov, 04:00" is kept on one line.
    pub(crate) fn para(&self, out: &mut String, text: &str, first: &str, rest: &str) {
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
    let is_us_time = |w: &str| {
        let (h, m) = w.split_once(':').unwrap_or_default();
        (1..=2).contains(&h.len())
            && m.len() == 2
            && w.bytes().all(|b| b == b':' || b.is_ascii_digit())
    };
    let words: Vec<&str> = text.split(' ').collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < words.len() {
        let day = |w: &str| DAYS.contains(&w.trim_start_matches('('));
        let date = words.len() > i + 2
            && day(words[i])
            && is_day(words[i + 1])
            && MONTHS.iter().any(|m| words[i + 2].starts_with(m));
        // "Mon, Nov 23" or "Mon, Nov 23, 4:00 AM"
        let us_date = words.len() > i + 2
            && words[i].strip_suffix(',').is_some_and(day)
            && MONTHS.contains(&words[i + 1])
            && is_day(words[i + 2].trim_end_matches(|c: char| c.is_ascii_punctuation()));
        let glued = if us_date {
            let timed = words[i + 2].ends_with(',')
                && words.get(i + 3).is_some_and(|w| is_us_time(w))
                && words
                    .get(i + 4)
                    .is_some_and(|w| w.starts_with("AM") || w.starts_with("PM"));
            if timed { 5 } else { 3 }
        } else if !date {
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

/// Escapes the characters Markdown would read as formatting.
pub(crate) fn md_escape(text: &str) -> String {
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
        assert_eq!(
            keep_dates_together("heat from Mon, Nov 23, 4:00 AM, or by Sat, Dec 5."),
            "heat from Mon,\u{a0}Nov\u{a0}23,\u{a0}4:00\u{a0}AM, or by Sat,\u{a0}Dec\u{a0}5."
        );
        let w = Wrapper::new(TextOptions {
            width: 30,
            color: false,
            glyphs: Glyphs::Unicode,
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
            glyphs: Glyphs::Unicode,
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
