//! The questionnaire's result screen: the summary first, then a menu to read
//! the whole plan, keep it as Markdown, keep its dates as a calendar, or quit.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use dialoguer::Select;
use dialoguer::console::Term;

use super::{Error, write_stdout};
use crate::output::report::Report;

const READ: &str = "Read the whole plan";
const MARKDOWN: &str = "Save the plan as a Markdown file";
const CALENDAR: &str = "Save the dates as a calendar file (.ics)";
const QUIT: &str = "Quit";

/// Offers the menu until the person quits (Esc, `q` or "Quit"). With
/// `pager` off, the whole plan is printed rather than paged.
///
/// # Errors
/// A terminal that cannot be read or written.
pub fn run(term: &Term, report: &Report, full_text: &str, pager: bool) -> Result<(), Error> {
    let calendar = crate::output::calendar::ics(report);
    let mut items = vec![READ, MARKDOWN];
    if calendar.is_some() {
        items.push(CALENDAR);
    }
    items.push(QUIT);
    // The decision rides on the menu, so it is on screen however short the
    // terminal is and however far the summary has scrolled.
    let prompt = format!(
        "{}: what next?",
        crate::output::summary::banner(report.urgency)
    );
    loop {
        let _ = term.write_line("");
        let chosen = Select::with_theme(&MenuTheme)
            .with_prompt(&prompt)
            .items(&items)
            .default(0)
            .interact_on_opt(term)
            .map_err(|e| match e {
                dialoguer::Error::IO(e) => Error::Io(e),
            })?;
        match chosen.map(|i| items[i]) {
            Some(READ) if pager => page(full_text)?,
            Some(READ) => write_stdout(full_text)?,
            Some(MARKDOWN) => keep(
                term,
                "back-pain-plan",
                "md",
                &crate::output::render::markdown(report),
            ),
            Some(CALENDAR) => {
                if let Some(ics) = &calendar {
                    keep(term, "back-pain-plan", "ics", ics);
                }
            }
            _ => return Ok(()),
        }
    }
}

/// dialoguer's plain look, without the colon it adds after a prompt that
/// is already a question.
struct MenuTheme;

impl dialoguer::theme::Theme for MenuTheme {
    fn format_prompt(&self, f: &mut dyn std::fmt::Write, prompt: &str) -> std::fmt::Result {
        write!(f, "{prompt}")
    }

    fn format_input_prompt_selection(
        &self,
        f: &mut dyn std::fmt::Write,
        prompt: &str,
        sel: &str,
    ) -> std::fmt::Result {
        write!(f, "{prompt} {sel}")
    }
}

/// The whole plan through `$PAGER` (default `less -FRX`, as git does), or
/// printed when no pager runs.
fn page(text: &str) -> Result<(), Error> {
    let pager = std::env::var("PAGER")
        .ok()
        .filter(|p| !p.trim().is_empty())
        .unwrap_or_else(|| "less -FRX".to_string());
    let child = Command::new("sh")
        .args(["-c", &pager])
        .stdin(Stdio::piped())
        .spawn();
    match child {
        Ok(mut child) => {
            if let Some(mut stdin) = child.stdin.take() {
                let _ = stdin.write_all(text.as_bytes());
            }
            let _ = child.wait();
            Ok(())
        }
        Err(_) => write_stdout(text),
    }
}

/// Writes `text` to a new file in the current directory, never over an
/// existing one (`back-pain-plan.md`, then `back-pain-plan-2.md`, ...).
fn keep(term: &Term, stem: &str, ext: &str, text: &str) {
    let path = (1..100)
        .map(|n| {
            if n == 1 {
                PathBuf::from(format!("{stem}.{ext}"))
            } else {
                PathBuf::from(format!("{stem}-{n}.{ext}"))
            }
        })
        .find(|p| !p.exists());
    let message = match path.map(|p| write_new(&p, text).map(|()| p)) {
        Some(Ok(p)) => format!("Saved in {}.", shown(&p)),
        Some(Err(e)) => format!("Could not save it: {}.", crate::model::io_message(&e)),
        None => "Could not save it: too many plan files here already.".to_string(),
    };
    let _ = term.write_line(&message);
}

fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(text.as_bytes())
}

fn shown(path: &Path) -> String {
    let full = std::env::current_dir().map_or_else(|_| path.to_path_buf(), |d| d.join(path));
    crate::model::printable::escape(&full.display().to_string()).into_owned()
}
