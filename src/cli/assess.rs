//! `spasm-triage assess`: one answers object in, one result out.

use std::io::IsTerminal;
use std::path::PathBuf;

use super::results::ResultArgs;
use super::{Error, Format, Global, read_input, write_stdout, write_stdout_exact};
use crate::model::answers::parse_with_id;
use crate::model::clock::Clock;
use crate::output::record::{Context, Fields, Record};
use crate::output::render::{self, TextOptions};
use crate::output::report::Report;

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
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    #[command(flatten)]
    pub result: ResultArgs,

    /// Wrap text at this many columns [default: the terminal's, at most 100; 80 when not a terminal].
    #[arg(long, value_name = "COLS", value_parser = clap::value_parser!(u16).range(30..=1000))]
    pub width: Option<u16>,
}

pub fn run(global: &Global, a: &AssessArgs) -> Result<(), Error> {
    let rules = global.load_rules()?;
    let region = global.region(&rules)?;
    let id_key = a.result.id_key(&rules.catalog)?;
    if a.format != Format::Json && a.result.fields.is_some() {
        return Err(Error::Usage(
            "--fields selects fields of the JSON result: use it with --format json".to_string(),
        ));
    }
    let input = read_input(a.input.as_ref())?;
    let options = a.result.options();
    let (id, answers) = parse_with_id(&input, &rules.catalog, options, id_key);
    let decision = crate::engine::decide(&rules, answers?, options.missing)?;
    let clock = Clock::system(options.now);
    if a.format == Format::Json {
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
        Format::Markdown => write_stdout(&render::markdown(&report)),
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
    }
}
