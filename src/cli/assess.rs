//! `spasm-triage assess`: one answers object in, one result out.

use std::io::IsTerminal;
use std::path::PathBuf;

use super::results::ResultArgs;
use super::{Error, Global, read_input, write_stdout, write_stdout_exact};
use crate::model::answers::parse_with_id;
use crate::model::clock::Clock;
use crate::output::record::{Context, Fields, Record};
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

    #[command(flatten)]
    pub result: ResultArgs,

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
    /// A FHIR R4 Bundle: the answers as a QuestionnaireResponse, the decision
    /// as a GuidanceResponse, the plan as a CarePlan, and a ServiceRequest
    /// when someone is to be seen.
    Fhir,
}

pub fn run(global: &Global, a: &AssessArgs) -> Result<(), Error> {
    let rules = global.load_rules()?;
    let region = global.region(&rules)?;
    let id_key = a.result.id_key(&rules.catalog)?;
    if a.format != AssessFormat::Json && a.result.fields.is_some() {
        return Err(Error::Usage(
            "--fields selects fields of the JSON result: use it with --format json".to_string(),
        ));
    }
    let input = read_input(a.input.as_ref())?;
    let options = a.result.options();
    let (id, answers) = parse_with_id(&input, &rules.catalog, options, id_key);
    let decision = crate::engine::decide(&rules, answers?, options.missing)?;
    let clock = Clock::system(options.now);
    if a.format == AssessFormat::Json {
        let record = Record {
            context: Context {
                rules: &rules,
                region,
                clock: &clock,
            },
            decision: &decision,
            fields: &a.result.fields(Fields::all()),
            id: id_key.map(|_| id.as_deref()),
        };
        let text = serde_json::to_string_pretty(&record).map_err(anyhow::Error::from)?;
        return write_stdout_exact(&(text + "\n"));
    }
    let plan = crate::plan::build(&rules, &decision, region, &clock);
    let mut report = Report::new(&rules, &decision, plan);
    if a.result.explain {
        report = report.with_explanation(&rules, &decision);
    }
    match a.format {
        AssessFormat::Markdown => write_stdout(&render::markdown(&report)),
        AssessFormat::Ics => {
            let calendar = crate::output::calendar::ics(&report).ok_or_else(|| Error::Reported {
                message: format!(
                    "--format ics: this is an emergency, so there are no dates to put in a calendar. {}",
                    report.plan.headline
                ),
                code: super::exit::DATA,
            })?;
            write_stdout_exact(&calendar)
        }
        AssessFormat::Fhir => write_stdout_exact(&crate::output::fhir::pretty(
            &crate::output::fhir::outcome::bundle(&rules, &report, &decision.answers, options.now),
        )),
        _ => write_stdout(&render::text_with(&report, text_options(a.width))),
    }
}

/// How text output is laid out: the terminal's width and colour, as `assess`
/// and the questionnaire's result both use.
pub(super) fn text_options(width: Option<u16>) -> TextOptions {
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
        color: super::colored(&std::io::stdout()),
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
