//! `spasm-triage questions`: the question catalog, for people or scripts.

use clap::ValueEnum;

use super::{Error, Global, write_stdout, write_stdout_exact};

#[derive(Debug, clap::Args)]
pub struct QuestionsArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people: each question with its type, options and gate.
    Text,
    /// For programs (`spasm-triage schema questions` describes it).
    Json,
    /// A FHIR R4 Bundle: the Questionnaire and the CodeSystem of its answers.
    Fhir,
}

pub fn run(global: &Global, a: &QuestionsArgs) -> Result<(), Error> {
    let rules = global.load_rules()?;
    match a.format {
        Format::Text => write_stdout(&crate::output::questions::text(&rules)),
        Format::Json => write_stdout_exact(
            &(serde_json::to_string_pretty(&crate::output::questions::listing(&rules))
                .map_err(anyhow::Error::from)?
                + "\n"),
        ),
        Format::Fhir => {
            let bundle = crate::output::fhir::questionnaire::bundle(&rules).map_err(|e| {
                Error::Reported {
                    message: format!("error: {}{e}", where_asked(global, &rules, &e.question)),
                    code: super::exit::CONFIG,
                }
            })?;
            write_stdout_exact(&crate::output::fhir::pretty(&bundle))
        }
    }
}

/// `rules/questions.toml:319: `: where a question's `asked_when` is written,
/// for a message about it; empty when the file cannot be read again.
fn where_asked(global: &Global, rules: &crate::RuleSet, id: &str) -> String {
    let Some(q) = rules.catalog.lookup(id).map(|q| rules.catalog.get(q)) else {
        return String::new();
    };
    let Ok(Some(file)) = global.source.read("questions.toml") else {
        return String::new();
    };
    let from = q.span.start.min(file.text.len());
    let offset = file.text[from..]
        .find("asked_when")
        .map_or(from, |i| from + i);
    let (line, _) = file.line_col(offset);
    format!("{}:{line}: ", file.name)
}
