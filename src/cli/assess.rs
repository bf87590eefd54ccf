//! `spasm-triage assess`: one answers object in, one result out.

use std::io::IsTerminal;
use std::path::PathBuf;

use jiff::Timestamp;

use super::{Error, Global, parse_now, read_input, write_stdout};
use crate::model::answers::{Missing, ParseOptions};
use crate::model::clock::Clock;
use crate::output::render::{self, TextOptions};
use crate::output::report::Report;
use crate::output::summary::Glyphs;

/// Text is wrapped to the terminal, but no wider than this.
const MAX_AUTO_WIDTH: usize = 100;
/// The width when standard output is not a terminal.
const DEFAULT_WIDTH: usize = 80;

#[derive(Debug, clap::Args)]
pub struct AssessArgs {
    /// The answers file; `-` or nothing reads standard input.
    #[arg(value_name = "FILE|-")]
    pub input: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = AssessFormat::Text)]
    pub format: AssessFormat,

    /// Accept missing answers: a missing yes/no/unsure counts as "unsure".
    #[arg(long)]
    pub partial: bool,

    /// The current time, RFC 3339 (for tests and demos); default: the clock.
    /// Times in the plan are shown in the local time zone (`TZ`).
    #[arg(long, value_name = "TIME", value_parser = parse_now)]
    pub now: Option<Timestamp>,

    /// Also show why: the rules that fired and the answers that made each
    /// fire, and the more urgent rules that did not fire and what stopped them.
    #[arg(long)]
    pub explain: bool,

    /// Wrap text at this many columns [default: the terminal's, at most 100; 80 when not a terminal].
    #[arg(long, value_name = "COLS", value_parser = clap::value_parser!(u16).range(30..=1000))]
    pub width: Option<u16>,
}

/// What `assess` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AssessFormat {
    /// For people, on a terminal: wrapped, coloured when it is one.
    Text,
    /// A page to print or paste into a message.
    Markdown,
    /// Contract v1, for programs.
    Json,
    /// An iCalendar file (RFC 5545) of the plan's dates; not for an emergency.
    Ics,
}

pub fn run(global: &Global, a: &AssessArgs) -> Result<(), Error> {
    let rules = global.load_rules()?;
    let region = global.region(&rules)?;
    let input = read_input(a.input.as_ref())?;
    let options = ParseOptions {
        missing: if a.partial {
            Missing::Partial
        } else {
            Missing::Reject
        },
        now: a.now.unwrap_or_else(Timestamp::now),
    };
    let decision = crate::decide(&rules, &input, options)?;
    let plan = crate::plan::build(&rules, &decision, region, &Clock::system(options.now));
    let mut report = Report::new(&rules, &decision, plan);
    if a.explain {
        report = report.with_explanation(&rules, &decision);
    }
    let out = match a.format {
        AssessFormat::Json => render::json(&report, true) + "\n",
        AssessFormat::Markdown => render::markdown(&report),
        AssessFormat::Text => render::text_with(&report, text_options(global, a.width)),
        AssessFormat::Ics => crate::output::calendar::ics(&report).ok_or_else(|| {
            Error::Reported {
                message: format!(
                    "--format ics: this is an emergency, so there are no dates to put in a calendar. {}",
                    report.plan.headline
                ),
                code: super::exit::DATA,
            }
        })?,
    };
    write_stdout(&out)
}

fn text_options(global: &Global, width: Option<u16>) -> TextOptions {
    let terminal = std::io::stdout().is_terminal();
    let width = width.map_or_else(
        || {
            if terminal {
                terminal_size::terminal_size()
                    .map_or(DEFAULT_WIDTH, |(w, _)| usize::from(w.0).min(MAX_AUTO_WIDTH))
            } else {
                DEFAULT_WIDTH
            }
        },
        usize::from,
    );
    TextOptions {
        width,
        color: global.color.enabled(terminal),
        glyphs: glyphs(),
    }
}

/// Box-drawing characters when the locale is UTF-8 and the terminal is not dumb.
pub(crate) fn glyphs() -> Glyphs {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let locale = var("LC_ALL")
        .or_else(|| var("LC_CTYPE"))
        .or_else(|| var("LANG"));
    Glyphs::from_locale(locale.as_deref(), var("TERM").as_deref())
}
