//! How the questionnaire talks to a person: the small [`Prompter`] trait,
//! its terminal implementation on dialoguer ([`TermPrompter`]), and a
//! scripted one for tests. Each question gets a clean screen of its own.

use std::fmt;
use std::io;

use dialoguer::console::{self, Key, Style, Term};
use dialoguer::{Confirm, MultiSelect, Select, theme::Theme};

/// What one screen shows above the answer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Screen {
    /// The top line: progress, and the emergency number.
    pub header: String,
    /// Paragraphs before the question (the opening, on the first screen).
    pub preface: Vec<String>,
    pub prompt: String,
    pub help: Option<String>,
    /// Why the last answer was not taken, when it was not.
    pub note: Option<String>,
}

/// Why the questionnaire stopped before the end.
#[derive(Debug)]
pub enum Stop {
    /// The person pressed Esc (or `q` in a list).
    Cancelled,
    /// Ctrl-C while waiting for a key.
    Interrupted,
    Io(io::Error),
}

impl From<io::Error> for Stop {
    fn from(e: io::Error) -> Stop {
        if e.kind() == io::ErrorKind::Interrupted {
            Stop::Interrupted
        } else {
            Stop::Io(e)
        }
    }
}

impl From<dialoguer::Error> for Stop {
    fn from(e: dialoguer::Error) -> Stop {
        match e {
            dialoguer::Error::IO(e) => Stop::from(e),
        }
    }
}

/// The four ways the questionnaire asks. Each call shows one screen (a
/// `confirm` adds a line to the current one).
pub trait Prompter {
    /// One of `items`; `current` is marked (when changing an answer).
    ///
    /// # Errors
    /// [`Stop`] when the person leaves, or the terminal fails.
    fn choose(
        &mut self,
        screen: &Screen,
        items: &[String],
        current: Option<usize>,
    ) -> Result<usize, Stop>;

    /// Any of `items`, as indices; `ticked` are ticked to begin with.
    ///
    /// # Errors
    /// As [`Prompter::choose`].
    fn tick(
        &mut self,
        screen: &Screen,
        items: &[String],
        ticked: &[bool],
    ) -> Result<Vec<usize>, Stop>;

    /// A line of text, starting from `initial`.
    ///
    /// # Errors
    /// As [`Prompter::choose`].
    fn text(&mut self, screen: &Screen, initial: &str) -> Result<String, Stop>;

    /// Yes or no, below the current screen; Enter means yes.
    ///
    /// # Errors
    /// As [`Prompter::choose`].
    fn confirm(&mut self, question: &str) -> Result<bool, Stop>;
}

/// Prompts in a terminal, one clean screen per question, readable without
/// colour and in 60 columns.
pub struct TermPrompter {
    term: Term,
    theme: CalmTheme,
}

const LIST_HINT: &str = "Use ↑ ↓ to pick an answer, then Enter. Esc stops.";
const TICK_HINT: &str = "Use ↑ ↓ to move, Space to tick or untick, then Enter. Esc stops.";
const TEXT_HINT: &str = "Type your answer, then Enter. Esc stops.";

impl TermPrompter {
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
            for line in textwrap::wrap(text, width) {
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
            .map(|i| textwrap::wrap(i, width).join("\n"))
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
            .map(|i| console::truncate_str(i, width, "…").into_owned())
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
        let (items, page) = self.layout(screen, LIST_HINT, items, 2)?;
        let mut select = Select::with_theme(&self.theme).items(&items);
        if let Some(i) = current {
            select = select.default(i);
        }
        if let Some(rows) = page {
            select = select.max_length(rows);
        }
        select.interact_on_opt(&self.term)?.ok_or(Stop::Cancelled)
    }

    fn tick(
        &mut self,
        screen: &Screen,
        items: &[String],
        ticked: &[bool],
    ) -> Result<Vec<usize>, Stop> {
        let (items, page) = self.layout(screen, TICK_HINT, items, 6)?;
        let mut select = MultiSelect::with_theme(&self.theme)
            .items(&items)
            .defaults(ticked);
        if let Some(rows) = page {
            select = select.max_length(rows);
        }
        select.interact_on_opt(&self.term)?.ok_or(Stop::Cancelled)
    }

    // dialoguer's `Input` ignores Esc (it has no `interact_opt`), so a
    // small line editor on console's keys instead.
    fn text(&mut self, screen: &Screen, initial: &str) -> Result<String, Stop> {
        self.draw(screen, TEXT_HINT)?;
        let max = self.width().saturating_sub(4);
        let prompt = self.theme.paint("›", &Style::new().cyan().bold());
        let mut line: String = initial.chars().take(max).collect();
        self.term.show_cursor()?;
        loop {
            self.term.clear_line()?;
            self.term.write_str(&format!("{prompt} {line}"))?;
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

    fn confirm(&mut self, question: &str) -> Result<bool, Stop> {
        let question = textwrap::wrap(question, self.width().saturating_sub(8)).join("\n");
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

/// A prompter that answers from a script, for tests of the flow.
#[cfg(test)]
pub(crate) mod scripted {
    use std::collections::VecDeque;

    use super::{Prompter, Screen, Stop};

    #[derive(Debug, Clone)]
    pub enum Reply {
        /// Choose the item with this text.
        Pick(&'static str),
        /// Tick exactly the items with these texts.
        Tick(Vec<&'static str>),
        Type(&'static str),
        Confirm(bool),
        /// Press Esc.
        Esc,
    }

    /// Replays [`Reply`]s in order and records every screen it was shown.
    #[derive(Debug, Default)]
    pub struct Scripted {
        replies: VecDeque<Reply>,
        pub screens: Vec<Screen>,
        /// The items of each screen, in step with `screens`.
        pub items: Vec<Vec<String>>,
    }

    impl Scripted {
        pub fn new(replies: impl IntoIterator<Item = Reply>) -> Scripted {
            Scripted {
                replies: replies.into_iter().collect(),
                ..Scripted::default()
            }
        }

        pub fn prompts(&self) -> Vec<&str> {
            self.screens.iter().map(|s| s.prompt.as_str()).collect()
        }

        pub fn left(&self) -> usize {
            self.replies.len()
        }

        fn next(&mut self, screen: &Screen, items: &[String]) -> Reply {
            self.screens.push(screen.clone());
            self.items.push(items.to_vec());
            match self.replies.pop_front() {
                Some(reply) => reply,
                None => panic!("the script ended at {:?}", screen.prompt),
            }
        }
    }

    fn find(items: &[String], text: &str, prompt: &str) -> usize {
        items
            .iter()
            .position(|i| i == text)
            .unwrap_or_else(|| panic!("no item {text:?} at {prompt:?}; items: {items:?}"))
    }

    impl Prompter for Scripted {
        fn choose(
            &mut self,
            screen: &Screen,
            items: &[String],
            _current: Option<usize>,
        ) -> Result<usize, Stop> {
            match self.next(screen, items) {
                Reply::Pick(text) => Ok(find(items, text, &screen.prompt)),
                Reply::Esc => Err(Stop::Cancelled),
                other => panic!(
                    "expected a pick at {:?}, script has {other:?}",
                    screen.prompt
                ),
            }
        }

        fn tick(
            &mut self,
            screen: &Screen,
            items: &[String],
            _ticked: &[bool],
        ) -> Result<Vec<usize>, Stop> {
            match self.next(screen, items) {
                Reply::Tick(texts) => Ok(texts
                    .iter()
                    .map(|t| find(items, t, &screen.prompt))
                    .collect()),
                Reply::Esc => Err(Stop::Cancelled),
                other => panic!(
                    "expected ticks at {:?}, script has {other:?}",
                    screen.prompt
                ),
            }
        }

        fn text(&mut self, screen: &Screen, _initial: &str) -> Result<String, Stop> {
            match self.next(screen, &[]) {
                Reply::Type(text) => Ok(text.to_string()),
                Reply::Esc => Err(Stop::Cancelled),
                other => panic!("expected text at {:?}, script has {other:?}", screen.prompt),
            }
        }

        fn confirm(&mut self, question: &str) -> Result<bool, Stop> {
            match self.replies.pop_front() {
                Some(Reply::Confirm(yes)) => Ok(yes),
                Some(Reply::Esc) => Err(Stop::Cancelled),
                other => panic!("expected a confirm at {question:?}, script has {other:?}"),
            }
        }
    }
}
