//! The questionnaire in a terminal, on dialoguer: one clean screen per
//! question, readable without colour and in 60 columns.

use std::fmt;
use std::io;

use dialoguer::console::{self, Key, Style, Term};
use dialoguer::{Confirm, MultiSelect, Select, theme::Theme};

use crate::model::printable::escape;
use crate::questionnaire::prompter::{Prompter, Screen, Stop};

impl From<dialoguer::Error> for Stop {
    fn from(e: dialoguer::Error) -> Stop {
        match e {
            dialoguer::Error::IO(e) => Stop::from(e),
        }
    }
}

/// Prompts in a terminal, one clean screen per question, readable without
/// colour and in 60 columns.
pub struct TermPrompter {
    term: Term,
    theme: CalmTheme,
}

const LIST_HINT: &str = "Use ↑ ↓ to pick an answer, then Enter. Esc stops.";
const TICK_HINT: &str = "Use ↑ ↓ to move, Space to tick or untick, then Enter. Esc stops.";
/// Below this many rows, questions are asked as plain lines.
const MIN_ROWS: usize = 3;

/// Runs a dialoguer prompt, which panics when the terminal shrinks below
/// three rows while it pages; `None` then (quietly: the question is asked
/// again as plain lines).
fn unpanicked<T>(prompt: impl FnOnce() -> T) -> Option<T> {
    thread_local! {
        static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(prompt));
    QUIET.with(|q| q.set(false));
    result.ok()
}

const TEXT_HINT: &str = "Type your answer, then Enter. Esc stops.";

impl TermPrompter {
    /// A prompter on `term`; `color` styles the screens.
    #[must_use]
    pub fn new(term: Term, color: bool) -> TermPrompter {
        TermPrompter {
            term,
            theme: CalmTheme { color },
        }
    }

    /// Text width: the terminal's, kept readable on wide screens.
    fn width(&self) -> usize {
        usize::from(self.term.size().1).clamp(20, 100) - 1
    }

    fn rows(&self) -> usize {
        usize::from(self.term.size().0).max(10)
    }

    /// Clears the screen and draws everything above the answer; returns the
    /// number of lines used.
    fn draw(&self, screen: &Screen, hint: &str) -> io::Result<usize> {
        let width = self.width();
        let mut lines = 0;
        let mut out = String::new();
        let mut put = |text: &str, style: &Style| {
            for line in textwrap::wrap(&escape(text), width) {
                out.push_str(&self.theme.paint(&line, style));
                out.push('\n');
                lines += 1;
            }
        };
        let plain = Style::new();
        put(&screen.header, &Style::new().dim());
        put("", &plain);
        for paragraph in &screen.preface {
            put(paragraph, &plain);
            put("", &plain);
        }
        put(&screen.prompt, &Style::new().bold());
        if let Some(help) = &screen.help {
            put(help, &plain);
        }
        if let Some(note) = &screen.note {
            put("", &plain);
            put(note, &Style::new().yellow().bold());
        }
        put("", &plain);
        put(hint, &Style::new().dim());
        self.term.clear_screen()?;
        self.term.write_str(&out)?;
        Ok(lines)
    }

    /// Fewer rows than dialoguer's lists can page in (it panics below 3).
    fn too_small(&self) -> bool {
        usize::from(self.term.size().0) < MIN_ROWS
    }

    /// The question as plain lines, for a terminal too small for a list:
    /// numbered answers, and a line typed back (one number, or for `multi`
    /// any numbers, or nothing for none). Never a panic, whatever the size.
    fn plain(&self, screen: &Screen, items: &[String], multi: bool) -> Result<Vec<usize>, Stop> {
        let mut out = format!("\n{}\n{}\n", escape(&screen.header), escape(&screen.prompt));
        for (i, item) in items.iter().enumerate() {
            out.push_str(&format!("  {}. {}\n", i + 1, escape(item)));
        }
        out.push_str(if multi {
            "Type the numbers that apply (or none), then Enter. Esc stops.\n"
        } else {
            "Type a number, then Enter. Esc stops.\n"
        });
        self.term.write_str(&out)?;
        loop {
            let line = self.line_editor("›", "", 40)?;
            let numbers: Option<Vec<usize>> = line
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|w| !w.is_empty())
                .map(|w| {
                    w.parse::<usize>()
                        .ok()
                        .filter(|n| (1..=items.len()).contains(n))
                        .map(|n| n - 1)
                })
                .collect();
            match numbers {
                Some(n) if multi || n.len() == 1 => return Ok(n),
                _ => self
                    .term
                    .write_line(&format!("Please type a number from 1 to {}.", items.len()))?,
            }
        }
    }

    /// Reads a line of at most `max` characters after `prompt`.
    fn line_editor(&self, prompt: &str, initial: &str, max: usize) -> Result<String, Stop> {
        let mut line: String = initial.chars().take(max).collect();
        self.term.show_cursor()?;
        loop {
            self.term.clear_line()?;
            self.term
                .write_str(&format!("{prompt} {}", escape(&line)))?;
            self.term.flush()?;
            match self.term.read_key()? {
                Key::Enter => {
                    self.term.write_line("")?;
                    return Ok(line);
                }
                Key::Escape => return Err(Stop::Cancelled),
                Key::Backspace => {
                    line.pop();
                }
                Key::Char(c) if !c.is_control() && line.chars().count() < max => line.push(c),
                _ => {}
            }
        }
    }

    /// Draws the screen, and the items wrapped to fit beside their marker;
    /// or, when wrapped ones would not fit, cut to one line each, in pages.
    fn layout(
        &self,
        screen: &Screen,
        hint: &str,
        items: &[String],
        marker: usize,
    ) -> io::Result<(Vec<String>, Option<usize>)> {
        // dialoguer measures items in bytes: keep a margin for multi-byte text.
        let width = self.width().saturating_sub(marker + 4).max(10);
        let wrapped: Vec<String> = items
            .iter()
            .map(|i| textwrap::wrap(&escape(i), width).join("\n"))
            .collect();
        let needed: usize = wrapped.iter().map(|i| i.lines().count()).sum();
        let used = self.draw(screen, hint)?;
        if needed < self.rows().saturating_sub(used) {
            return Ok((wrapped, None));
        }
        let used = self.draw(
            screen,
            &format!("{hint} More lines below: keep pressing ↓."),
        )?;
        let cut = items
            .iter()
            .map(|i| console::truncate_str(&escape(i), width, "…").into_owned())
            .collect();
        Ok((cut, Some(self.rows().saturating_sub(used + 1).max(3))))
    }
}

impl Prompter for TermPrompter {
    fn choose(
        &mut self,
        screen: &Screen,
        items: &[String],
        current: Option<usize>,
    ) -> Result<usize, Stop> {
        if self.too_small() {
            return self.plain(screen, items, false).map(|picked| picked[0]);
        }
        let (shown, page) = self.layout(screen, LIST_HINT, items, 2)?;
        let mut select = Select::with_theme(&self.theme).items(&shown);
        if let Some(i) = current {
            select = select.default(i);
        }
        if let Some(rows) = page {
            select = select.max_length(rows);
        }
        match unpanicked(|| select.interact_on_opt(&self.term)) {
            Some(picked) => picked?.ok_or(Stop::Cancelled),
            None => self.plain(screen, items, false).map(|picked| picked[0]),
        }
    }

    fn tick(
        &mut self,
        screen: &Screen,
        items: &[String],
        ticked: &[bool],
    ) -> Result<Vec<usize>, Stop> {
        if self.too_small() {
            return self.plain(screen, items, true);
        }
        let (shown, page) = self.layout(screen, TICK_HINT, items, 6)?;
        let mut select = MultiSelect::with_theme(&self.theme)
            .items(&shown)
            .defaults(ticked);
        if let Some(rows) = page {
            select = select.max_length(rows);
        }
        match unpanicked(|| select.interact_on_opt(&self.term)) {
            Some(picked) => picked?.ok_or(Stop::Cancelled),
            None => self.plain(screen, items, true),
        }
    }

    // dialoguer's `Input` ignores Esc (it has no `interact_opt`), so a
    // small line editor on console's keys instead.
    fn text(&mut self, screen: &Screen, initial: &str) -> Result<String, Stop> {
        self.draw(screen, TEXT_HINT)?;
        let max = self.width().saturating_sub(4);
        let prompt = self.theme.paint("›", &Style::new().cyan().bold());
        self.line_editor(&prompt, initial, max)
    }

    fn confirm(&mut self, question: &str) -> Result<bool, Stop> {
        let question = textwrap::wrap(&escape(question), self.width().saturating_sub(8)).join("\n");
        self.term.write_line("")?;
        Confirm::with_theme(&self.theme)
            .with_prompt(question)
            .default(true)
            .interact_on_opt(&self.term)?
            .ok_or(Stop::Cancelled)
    }
}

/// Plain markers that read without colour: `❯` for the line the cursor is
/// on, `[x]` for a ticked line; colour only adds emphasis.
struct CalmTheme {
    color: bool,
}

impl CalmTheme {
    fn paint(&self, text: &str, style: &Style) -> String {
        if self.color && !text.is_empty() {
            style.clone().force_styling(true).apply_to(text).to_string()
        } else {
            text.to_string()
        }
    }

    fn item(&self, f: &mut dyn fmt::Write, marker: &str, text: &str, active: bool) -> fmt::Result {
        let indent = " ".repeat(console::measure_text_width(marker) + 1);
        let text = text.replace('\n', &format!("\n{indent}"));
        if active {
            let style = Style::new().cyan().bold();
            write!(
                f,
                "{} {}",
                self.paint(marker, &style),
                self.paint(&text, &style)
            )
        } else {
            write!(f, "{marker} {text}")
        }
    }
}

impl Theme for CalmTheme {
    fn format_select_prompt_item(
        &self,
        f: &mut dyn fmt::Write,
        text: &str,
        active: bool,
    ) -> fmt::Result {
        self.item(f, if active { "❯" } else { " " }, text, active)
    }

    fn format_multi_select_prompt_item(
        &self,
        f: &mut dyn fmt::Write,
        text: &str,
        checked: bool,
        active: bool,
    ) -> fmt::Result {
        let marker = match (active, checked) {
            (true, true) => "❯ [x]",
            (true, false) => "❯ [ ]",
            (false, true) => "  [x]",
            (false, false) => "  [ ]",
        };
        self.item(f, marker, text, active)
    }

    fn format_confirm_prompt(
        &self,
        f: &mut dyn fmt::Write,
        prompt: &str,
        default: Option<bool>,
    ) -> fmt::Result {
        let choices = match default {
            Some(true) => "[Y/n]",
            Some(false) => "[y/N]",
            None => "[y/n]",
        };
        write!(f, "{} {choices} ", self.paint(prompt, &Style::new().bold()))
    }
}
