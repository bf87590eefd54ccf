//! `spasm-triage ask` (and `spasm-triage` alone): the questionnaire in a
//! terminal, then the same result as `assess`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::{Once, OnceLock};

use dialoguer::console::{Style, Term};
use jiff::Timestamp;

use super::{Error, Global, exit, parse_now, write_stdout};
use crate::model::answers;
use crate::model::urgency::Urgency;
use crate::output::render;
use crate::questionnaire::prompter::Stop;
use crate::questionnaire::terminal::TermPrompter;
use crate::{plan, questionnaire};

#[derive(Debug, Default, clap::Args)]
pub struct AskArgs {
    /// Also save the answers to FILE (contract-v1 JSON): `spasm-triage assess
    /// FILE` then gives the same result.
    /// A file already there, or a symbolic link, is replaced only with
    /// --force; a device or a directory is refused; `-` is refused, as
    /// standard output shows the result.
    #[arg(long, value_name = "FILE")]
    pub save: Option<PathBuf>,

    /// The current time, RFC 3339 (for tests and demos); default: the clock.
    #[arg(long, value_name = "TIME", value_parser = parse_now)]
    pub now: Option<Timestamp>,

    /// With --save: replace a file or a symbolic link at FILE with the
    /// answers file.
    #[arg(long, requires = "save")]
    pub force: bool,

    /// With --save: contract-v1 JSON, or a FHIR R4 QuestionnaireResponse
    /// (which `assess` reads too).
    #[arg(long, value_enum, requires = "save", default_value_t = SaveFormat::Json)]
    pub save_format: SaveFormat,

    /// "Read the whole plan" prints it here instead of through $PAGER
    /// (default `less -FRX`).
    #[arg(long)]
    pub no_pager: bool,
}

/// How `--save` writes the answers.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SaveFormat {
    /// Contract-v1 answers JSON.
    #[default]
    Json,
    /// A FHIR R4 QuestionnaireResponse.
    Fhir,
}

/// The terminal and emergency number the Ctrl-C handler needs.
static INTERRUPT: OnceLock<(Term, String)> = OnceLock::new();

pub fn run(global: &Global, a: &AskArgs) -> Result<(), Error> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(Error::Usage(
            "the questionnaire needs a terminal; to assess answers from a file or a pipe, use `spasm-triage assess FILE` (`-` for standard input)".to_string(),
        ));
    }
    let rules = global.load_rules()?;
    let region = global.region(&rules)?;
    if let Some(path) = &a.save {
        check_save(path, a.force)?;
    }
    // Prompts go to standard error, unless only standard output is a terminal.
    let term = if std::io::stderr().is_terminal() {
        Term::stderr()
    } else {
        Term::stdout()
    };
    let color = super::colored(&std::io::stderr());
    let _ = INTERRUPT.set((term.clone(), region.emergency_name.clone()));
    // dialoguer hides the cursor and leaves it hidden when Ctrl-C kills the
    // process; the handler restores it. Failing to install it is not fatal.
    let _ = ctrlc::set_handler(|| exit_interrupted());

    let now = a
        .now
        .unwrap_or_else(Timestamp::now)
        .to_zoned(crate::model::clock::system_time_zone());
    let mut prompter = TermPrompter::new(term.clone(), color);
    let outcome = match questionnaire::run(&rules, region, &now, &mut prompter) {
        Ok(outcome) => outcome,
        // Esc ends like Ctrl-C, with the same message and exit code.
        Err(Stop::Cancelled | Stop::Back | Stop::Interrupted) => exit_interrupted(),
        Err(Stop::Io(e)) => {
            clean(&term);
            return Err(Error::Io(e));
        }
    };
    let decision = &outcome.decision;
    let clock = crate::model::clock::Clock {
        now: now.timestamp(),
        zone: now.time_zone().clone(),
    };
    let plan = plan::build(&rules, decision, region, &clock);
    let report = crate::Report::new(&rules, decision, plan);
    clean(&term);
    // Wrapped to the terminal and coloured exactly as `assess` is.
    let options = super::assess::text_options(None);
    let full = render::text_with(&report, options);
    // Home care or a booking: the summary fills the first screen, and a menu
    // offers the rest. An emergency stays one short page, nothing to choose.
    let menu = decision.urgency != Urgency::Emergency && std::io::stdout().is_terminal();
    if menu {
        write_stdout(&crate::output::summary::summary_text(&report, options))?;
    } else {
        write_stdout(&full)?;
    }
    // The call to action comes last too, where the eye is when the result
    // is longer than the screen.
    if decision.urgency == Urgency::Emergency {
        let lead = if outcome.stopped_at.is_some() {
            "We stopped the questions: your answers mean you need emergency help now."
        } else {
            "Your answers mean you need emergency help now."
        };
        let _ = term.write_line("");
        note(&term, lead, color);
        note(
            &term,
            &format!("Do not wait. {}", report.plan.headline),
            color,
        );
    }
    if let Some(path) = &a.save {
        let json = match a.save_format {
            SaveFormat::Json => {
                serde_json::Value::Object(answers::to_json(&decision.answers, &rules.catalog))
            }
            SaveFormat::Fhir => crate::output::fhir::response::questionnaire_response(
                &rules,
                &decision.answers,
                Some(now.timestamp()),
            ),
        };
        let text = crate::output::fhir::pretty(&json);
        save(path, &text)?;
        let shown = crate::model::printable::escape(&path.display().to_string()).into_owned();
        let _ = term.write_line(&format!(
            "\nYour answers are saved in {shown}: `spasm-triage assess {shown}` shows this result again."
        ));
    }
    if menu {
        super::result_menu::run(&term, &report, &full, !a.no_pager)?;
    }
    Ok(())
}

/// Words on the prompt terminal, wrapped, bold when colour is on.
fn note(term: &Term, text: &str, color: bool) {
    let width = usize::from(term.size().1).clamp(20, 100) - 1;
    for line in textwrap::wrap(text, width) {
        let line = if color {
            Style::new()
                .bold()
                .force_styling(true)
                .apply_to(line)
                .to_string()
        } else {
            line.into_owned()
        };
        let _ = term.write_line(&line);
    }
}

/// A clean screen with the cursor shown.
fn clean(term: &Term) {
    let _ = term.clear_screen();
    let _ = term.show_cursor();
}

/// Ctrl-C or Esc: leaves the terminal clean, says nothing was saved, exits
/// 130. Ctrl-C reaches both the signal handler and the prompt that was
/// reading keys, so the message is written once.
fn exit_interrupted() -> ! {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        if let Some((term, emergency)) = INTERRUPT.get() {
            clean(term);
            let message = format!("Stopped: nothing was saved. In an emergency, call {emergency}.");
            note(term, &message, false);
            let _ = term.flush();
        }
    });
    std::process::exit(i32::from(exit::INTERRUPTED))
}

/// Fails before any question when the answers could not be saved.
fn check_save(path: &Path, force: bool) -> Result<(), Error> {
    let refuse = |why: String| {
        Err(Error::Usage(format!(
            "cannot save to {}: {why}",
            path.display()
        )))
    };
    if path.as_os_str() == "-" {
        return refuse(
            "standard output shows the result; give a file name, such as --save answers.json"
                .to_string(),
        );
    }
    let dir = super::files::dir_of(path);
    if !dir.is_dir() {
        return refuse(format!("{} is not a directory", dir.display()));
    }
    match super::files::not_a_plain_target(path) {
        Some("a symbolic link") if force => {}
        Some(what @ "a symbolic link") => {
            return refuse(format!(
                "it is {what}; use --force to replace the link with the answers file"
            ));
        }
        Some(what) => return refuse(format!("it is {what}, not a file")),
        None if !force && path.exists() => {
            return refuse(
                "a file of that name is already there; use --force to replace it, or give another name"
                    .to_string(),
            );
        }
        None => {}
    }
    super::files::check_writable(path).or_else(|e| {
        refuse(format!(
            "{} cannot be written in: {}",
            dir.display(),
            crate::model::io_message(&e)
        ))
    })
}

/// Writes the whole file or nothing: a temporary file in the same
/// directory, flushed to disk, then renamed over the target.
fn save(path: &Path, text: &str) -> Result<(), Error> {
    let fail = |e: &std::io::Error| {
        Error::Other(anyhow::anyhow!(
            "cannot save the answers to {}: {}",
            path.display(),
            crate::model::io_message(e)
        ))
    };
    super::files::write_atomically(path, text).map_err(|e| fail(&e))
}
