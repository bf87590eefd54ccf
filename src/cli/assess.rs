//! `spasm-triage assess`: one answers object in, one result out.

use std::path::PathBuf;

use jiff::Timestamp;

use super::{Error, Format, Global, parse_now, read_input, write_stdout};
use crate::answers::{Missing, ParseOptions};
use crate::render;

#[derive(Debug, clap::Args)]
pub struct AssessArgs {
    /// The answers file; `-` or nothing reads standard input.
    #[arg(value_name = "FILE|-")]
    pub input: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Accept missing answers: a missing yes/no/unsure counts as "unsure".
    #[arg(long)]
    pub partial: bool,

    /// The current time, RFC 3339 (for tests and demos); default: the clock.
    #[arg(long, value_name = "TIME", value_parser = parse_now)]
    pub now: Option<Timestamp>,
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
    let report = crate::assess(&rules, &input, options, region)?;
    let out = match a.format {
        Format::Json => render::json(&report, true) + "\n",
        Format::Text => render::text(&report),
    };
    write_stdout(&out)
}
