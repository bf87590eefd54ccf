//! `spasm-triage schema`: the JSON Schema of the answers or of the result.

use clap::ValueEnum;

use super::{Error, Global, write_stdout_exact};

#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// Which schema: the answers object (input), the result (output), a batch
    /// error record, or the question listing.
    #[arg(value_enum)]
    pub which: Which,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Which {
    Answers,
    Result,
    /// A batch error record.
    Error,
    /// The output of `questions --format json`.
    Questions,
}

pub fn run(global: &Global, a: &SchemaArgs) -> Result<(), Error> {
    let schema = match a.which {
        // Built from the catalog: an edited copy of the rules has its own schema.
        Which::Answers => crate::output::schema::answers(&global.load_rules()?.catalog),
        Which::Result => crate::output::schema::result(),
        Which::Error => crate::output::schema::error_record(),
        Which::Questions => crate::output::schema::questions(),
    };
    let text = serde_json::to_string_pretty(&schema).map_err(anyhow::Error::from)?;
    write_stdout_exact(&(text + "\n"))
}
