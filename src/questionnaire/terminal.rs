//! The questionnaire in a terminal, on dialoguer: one clean screen per
//! question, readable without colour and in 60 columns.

use std::fmt;
use std::io;

use dialoguer::console::{self, Key, Style, Term};
use dialoguer::{Confirm, theme::Theme};

use crate::model::printable::escape;
use crate::questionnaire::list::{Action, Input, List, Mode};
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

const LIST_HINT: &str = "Use ↑ ↓ to pick an answer, then Enter.";
const TICK_HINT: &str = "Use ↑ ↓ to move, Space to tick or untick, then Enter.";
const TEXT_HINT: &str = "Type your answer, then Enter.";
const BACK_HINT: &str = "← goes back.";
const STOP_HINT: &str = "Esc stops.";
const NOTHING_PICKED: &str =
    "Nothing is picked yet. Use ↑ or ↓ to pick an answer, then press Enter.";
/// Below this many rows, questions are asked as plain lines.
const MIN_ROWS: usize = 3;

/// The key hints of a screen: how to answer, then back (where there is a
/// question before) and stop.
fn hint(how: &str, screen: &Screen) -> String {
    if screen.back {
        format!("{how} {BACK_HINT} {STOP_HINT}")
    } else {
        format!("{how} {STOP_HINT}")
    }
}

/// A key as a list reads it; `page` lines for Page Up and Page Down.
fn input(key: &Key, page: usize) -> Input {
    match key {
        Key::ArrowUp | Key::BackTab => Input::Up,
        Key::ArrowDown | Key::Tab => Input::Down,
        Key::Home => Input::First,
        Key::End => Input::Last,
        Key::PageUp => Input::PageUp(page),
        Key::PageDown => Input::PageDown(page),
        Key::Char(' ') => Input::Toggle,
        Key::Enter => Input::Enter,
        Key::ArrowLeft | Key::Backspace => Input::Back,
        Key::Escape => Input::Cancel,
        _ => Input::Other,
    }
}

/// Shows the cursor again however a list ends.
struct CursorShown<'t>(&'t Term);

impl Drop for CursorShown<'_> {
    fn drop(&mut self) {
        let _ = self.0.show_cursor();
    }
}

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
            let line = self.line_editor("›", "", 40, false)?;
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
    /// With `back`, ← asks for the question before (the line has no
    /// cursor to move).
    fn line_editor(
        &self,
        prompt: &str,
        initial: &str,
        max: usize,
        back: bool,
    ) -> Result<String, Stop> {
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
                Key::ArrowLeft if back => {
                    self.term.write_line("")?;
                    return Err(Stop::Back);
                }
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

impl TermPrompter {
    /// Asks with a list of `items`, drawn in full again after each key that
    /// changes it; a terminal too small for a list gets plain lines.
    fn list(&self, screen: &Screen, items: &[String], mut list: List) -> Result<Vec<usize>, Stop> {
        let (how, marker) = match list.mode() {
            Mode::One => (LIST_HINT, 2),
            Mode::Many => (TICK_HINT, 6),
        };
        let hint = hint(how, screen);
        self.term.hide_cursor()?;
        let _shown = CursorShown(&self.term);
        let mut note = screen.note.clone();
        let mut offset = 0;
        let mut redraw = true;
        let mut rows = items.len();
        loop {
            if self.too_small() {
                return self.plain(screen, items, list.mode() == Mode::Many);
            }
            if redraw {
                let shown = Screen {
                    note: note.clone(),
                    ..screen.clone()
                };
                let (lines, page) = self.layout(&shown, &hint, items, marker)?;
                rows = page.unwrap_or(items.len());
                offset = list.window(offset, rows);
                let mut out = String::new();
                for (i, line) in lines.iter().enumerate().skip(offset).take(rows) {
                    let active = list.cursor() == Some(i);
                    let mark = match (list.mode(), active, list.is_ticked(i)) {
                        (Mode::One, true, _) => "❯",
                        (Mode::One, false, _) => " ",
                        (Mode::Many, true, true) => "❯ [x]",
                        (Mode::Many, true, false) => "❯ [ ]",
                        (Mode::Many, false, true) => "  [x]",
                        (Mode::Many, false, false) => "  [ ]",
                    };
                    self.theme
                        .item(&mut out, mark, line, active)
                        .map_err(|_| io::Error::other("formatting a list line"))?;
                    out.push('\n');
                }
                self.term.write_str(&out)?;
                self.term.flush()?;
            }
            let key = self.term.read_key()?;
            redraw = true;
            match list.key(input(&key, rows.saturating_sub(1))) {
                Action::Redraw => {}
                Action::Nothing => redraw = self.too_small(),
                Action::NothingPicked => note = Some(NOTHING_PICKED.to_string()),
                Action::Done(picked) => return Ok(picked),
                Action::Back if screen.back => return Err(Stop::Back),
                Action::Back => redraw = false,
                Action::Cancel => return Err(Stop::Cancelled),
            }
        }
    }
}

impl Prompter for TermPrompter {
    fn choose(
        &mut self,
        screen: &Screen,
        items: &[String],
        current: Option<usize>,
    ) -> Result<usize, Stop> {
        let picked = self.list(screen, items, List::one(items.len(), current))?;
        picked.first().copied().ok_or(Stop::Cancelled)
    }

    fn tick(
        &mut self,
        screen: &Screen,
        items: &[String],
        ticked: &[bool],
    ) -> Result<Vec<usize>, Stop> {
        self.list(screen, items, List::many(items.len(), ticked))
    }

    // dialoguer's `Input` ignores Esc (it has no `interact_opt`), so a
    // small line editor on console's keys instead.
    fn text(&mut self, screen: &Screen, initial: &str) -> Result<String, Stop> {
        self.draw(screen, &hint(TEXT_HINT, screen))?;
        let max = self.width().saturating_sub(4);
        let prompt = self.theme.paint("›", &Style::new().cyan().bold());
        self.line_editor(&prompt, initial, max, screen.back)
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
