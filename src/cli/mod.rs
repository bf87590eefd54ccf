//! The command line: arguments, reading input, choosing output, exit codes.

mod ask;
mod assess;
pub mod batch;
mod completions;
mod demo;
mod files;
mod man;
mod questions;
mod result_menu;
mod results;
mod rules;
mod rules_report;
mod schema;

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use jiff::Timestamp;

use crate::AnswersError;
use crate::model::region::Region;
use crate::model::rule_set::{RuleSet, RulesSource};
use crate::rulebook::RulesError;

/// Exit codes of contract v1.
pub mod exit {
    pub const OK: u8 = 0;
    pub const FAILURE: u8 = 1;
    pub const USAGE: u8 = 2;
    pub const DATA: u8 = 65;
    pub const NO_INPUT: u8 = 66;
    pub const CONFIG: u8 = 78;
    pub const INTERRUPTED: u8 = 130;
}

const ABOUT: &str = "Triage back spasm and acute back pain: emergency care, book a clinician, or home care.\n\
It gives general information and does not replace a clinician. In an emergency, call your local emergency number.";

const AFTER_HELP: &str = "Examples:
  spasm-triage                                  the questionnaire (in a terminal)
  spasm-triage assess answers.json              what to do, for one answers file
  spasm-triage assess --format json - < a.json  the contract-v1 JSON result
  spasm-triage --rules my-rules/ assess a.json  assess with an edited copy of rules/
  spasm-triage batch answers.jsonl              one result per line of JSON Lines

Exit codes: 0 result given, 2 usage error, 65 invalid answers, 66 unreadable input,
78 invalid rule files, 130 interrupted, 1 anything else.";

/// `0.1.0 (rules: spasm-triage default rules 1.0.0)`: the version of the
/// program and of its embedded rules, read from the `[ruleset]` table alone
/// so that every start does not pay for parsing all the rules.
fn version() -> &'static str {
    static VERSION: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        let program = env!("CARGO_PKG_VERSION");
        match embedded_rules_id() {
            Some((name, version)) => format!("{program} (rules: {name} {version})"),
            None => program.to_string(),
        }
    });
    &VERSION
}

/// The name and version in the embedded `triage.toml`.
fn embedded_rules_id() -> Option<(String, String)> {
    let (_, text) = crate::rulebook::EMBEDDED
        .iter()
        .find(|(name, _)| *name == "triage.toml")?;
    let start = text.find("[ruleset]")?;
    let table = &text[start..];
    let end = table[1..].find("\n[").map_or(table.len(), |i| i + 1);
    let value: toml::Table = toml::from_str(&table[..end]).ok()?;
    let ruleset = value.get("ruleset")?;
    Some((
        ruleset.get("name")?.as_str()?.to_string(),
        ruleset.get("version")?.as_str()?.to_string(),
    ))
}

#[derive(Debug, Parser)]
#[command(name = "spasm-triage", version = version(), about = ABOUT, after_help = AFTER_HELP)]
pub struct Args {
    /// Load the rules from this directory instead of the embedded defaults.
    #[arg(long, global = true, value_name = "DIR", env = "SPASM_TRIAGE_RULES")]
    pub rules: Option<PathBuf>,

    /// Region for emergency numbers: us, uk, eu, au, ca or other [default: from the locale].
    #[arg(
        long,
        global = true,
        value_name = "REGION",
        env = "SPASM_TRIAGE_REGION",
        value_parser = EmbeddedNames("regions.toml", "id"),
        hide_possible_values = true
    )]
    pub region: Option<String>,

    /// When to use colour.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// The questionnaire's options, for `spasm-triage` alone (as `ask`).
    #[command(flatten)]
    pub ask: ask::AskArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Assess one answers object (contract v1 JSON) and print the result.
    #[command(after_help = "Examples:
  spasm-triage assess answers.json
  spasm-triage assess --format json answers.json | jq .urgency
  echo '{\"bladder_bowel_change\": \"yes\"}' | spasm-triage assess -")]
    Assess(assess::AssessArgs),
    /// The questionnaire, in a terminal (also what `spasm-triage` alone runs).
    #[command(after_help = "Examples:
  spasm-triage ask
  spasm-triage ask --save answers.json && spasm-triage assess answers.json")]
    Ask(ask::AskArgs),

    /// For clinicians: check, test or show the rules.
    #[command(after_help = "Examples:
  spasm-triage rules check my-rules/     errors with their line, and the red-flag proof
  spasm-triage rules test my-rules/      run the clinical cases of my-rules/cases.toml
  spasm-triage rules show --format markdown > rules.md")]
    Rules(rules::RulesArgs),

    /// Run a worked scenario from demos.toml, or list them.
    #[command(after_help = "Examples:
  spasm-triage demo                  list the scenarios
  spasm-triage demo cauda-equina     answers, decision, plan and the rules that fired
  spasm-triage demo --step pregnancy one answer per press of Enter")]
    Demo(demo::DemoArgs),
    /// Assess JSON Lines: one answers object per line in, one result per line out, in order.
    #[command(after_help = BATCH_HELP)]
    Batch(batch::BatchArgs),
    /// Print the JSON Schema (draft 2020-12) of the answers or of the result.
    #[command(after_help = "Examples:
  spasm-triage schema answers > answers.schema.json
  spasm-triage schema result | jq '.properties | keys'
  spasm-triage --rules my-rules/ schema answers    the answers an edited copy of the rules accepts")]
    Schema(schema::SchemaArgs),
    /// List the questions: ids, types, options or ranges, wording, when each is asked.
    #[command(after_help = "Examples:
  spasm-triage questions
  spasm-triage questions --format json | jq -r '.questions[].id'")]
    Questions(questions::QuestionsArgs),
    /// Print a shell completion script.
    #[command(after_help = "Examples:
  spasm-triage completions bash > ~/.local/share/bash-completion/completions/spasm-triage
  spasm-triage completions zsh > ~/.zfunc/_spasm-triage
  spasm-triage completions fish > ~/.config/fish/completions/spasm-triage.fish
  spasm-triage completions powershell >> $PROFILE")]
    Completions(completions::CompletionsArgs),
    /// Print the manual page (roff).
    #[command(after_help = "Examples:
  spasm-triage man | man -l -
  spasm-triage man --dir /usr/local/share/man/man1    writes spasm-triage.1 there")]
    Man(man::ManArgs),
}

const BATCH_HELP: &str = "Examples:
  spasm-triage batch answers.jsonl > results.jsonl
  spasm-triage batch --fields urgency,reasons - < answers.jsonl
  cat answers.jsonl | spasm-triage batch --partial --now 2026-11-21T10:00:00Z -q | jq .disposition

A line that cannot be assessed gives {\"line\": N, \"error\": {\"kind\": ..., \"message\": ...}} in its
place (N counts blank lines too) and the run goes on. Exit code 65 at the end if any line failed.";

/// Any name (an edited copy of the rules may add some), offering to shell
/// completion the names in an embedded rule file: the `KEY = "..."` lines
/// of `FILE`, such as the region ids.
#[derive(Debug, Clone, Copy)]
pub(crate) struct EmbeddedNames(pub &'static str, pub &'static str);

impl clap::builder::TypedValueParser for EmbeddedNames {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        let EmbeddedNames(file, key) = *self;
        let text = crate::rulebook::EMBEDDED
            .iter()
            .find(|(name, _)| *name == file)
            .map_or("", |(_, text)| text);
        let ids = text.lines().filter_map(move |line| {
            let value = line
                .strip_prefix(key)?
                .strip_prefix(" = \"")?
                .strip_suffix('"')?;
            Some(clap::builder::PossibleValue::new(value))
        });
        Some(Box::new(ids.collect::<Vec<_>>().into_iter()))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Makes this the one colour decision of the process: for our output,
    /// and (through [`ColorChoice::clap`]) for clap's help and errors.
    pub fn apply(self) {
        match self {
            ColorChoice::Auto => colorchoice::ColorChoice::Auto,
            ColorChoice::Always => colorchoice::ColorChoice::Always,
            ColorChoice::Never => colorchoice::ColorChoice::Never,
        }
        .write_global();
    }

    /// The same choice, for clap.
    #[must_use]
    pub fn clap(self) -> clap::ColorChoice {
        match self {
            ColorChoice::Auto => clap::ColorChoice::Auto,
            ColorChoice::Always => clap::ColorChoice::Always,
            ColorChoice::Never => clap::ColorChoice::Never,
        }
    }

    /// The `--color` given on a command line, read before clap parses it so
    /// that clap's own help and errors follow it too.
    #[must_use]
    pub fn from_args(args: &[std::ffi::OsString]) -> ColorChoice {
        let mut choice = ColorChoice::Auto;
        let mut words = args.iter().skip(1).map(|a| a.to_string_lossy());
        while let Some(word) = words.next() {
            if word == "--" {
                break;
            }
            let value = match word.strip_prefix("--color") {
                Some("") => words.next(),
                Some(rest) => rest.strip_prefix('=').map(|v| v.to_string().into()),
                None => None,
            };
            if let Some(value) = value.and_then(|v| ColorChoice::from_str(&v, false).ok()) {
                choice = value;
            }
        }
        choice
    }
}

/// Whether to colour what goes to `stream`: `--color always`/`never` win;
/// otherwise `NO_COLOR`, `CLICOLOR_FORCE`, `CLICOLOR=0`, `TERM=dumb` and
/// whether it is a terminal decide (anstream's rules).
#[must_use]
pub fn colored(stream: &impl anstream::stream::RawStream) -> bool {
    anstream::AutoStream::choice(stream) != colorchoice::ColorChoice::Never
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people, on a terminal: wrapped, coloured when it is one.
    Text,
    /// A page to print or paste into a message.
    Markdown,
    /// Contract v1, for programs.
    Json,
}

pub(crate) fn parse_now(s: &str) -> Result<Timestamp, String> {
    crate::model::rfc3339::parse(s)
        .map_err(|why| format!("`{s}` is not an RFC 3339 time such as 2026-11-21T10:00:00Z: {why}"))
}

/// A failure, with the exit code it maps to.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Answers(#[from] AnswersError),
    #[error("{path}: {message}")]
    Input { path: String, message: String },
    #[error(transparent)]
    Rules(#[from] RulesError),
    #[error(
        "{failed} of {lines} lines could not be assessed: see their error records in the output"
    )]
    Lines { failed: u64, lines: u64 },
    #[error("stopped: nothing was saved")]
    Interrupted,
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
    /// A command that has written out its findings and fails with `code`.
    #[error("{message}")]
    Reported { message: String, code: u8 },
}

impl Error {
    #[must_use]
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) => exit::USAGE,
            Error::Answers(_) | Error::Lines { .. } => exit::DATA,
            Error::Input { .. } => exit::NO_INPUT,
            Error::Rules(_) => exit::CONFIG,
            Error::Interrupted => exit::INTERRUPTED,
            Error::Io(_) | Error::Other(_) => exit::FAILURE,
            Error::Reported { code, .. } => *code,
        }
    }

    /// The message for standard error; rule diagnostics are rendered in full.
    #[must_use]
    pub fn render(&self, color: bool) -> String {
        match self {
            Error::Rules(RulesError::Invalid(diags)) => {
                let count = diags.error_count();
                let noun = if count == 1 { "error" } else { "errors" };
                format!(
                    "{}error: the rule files have {count} {noun}; nothing was assessed",
                    diags.render(color)
                )
            }
            Error::Rules(e @ RulesError::Io { .. }) => format!("error: cannot load the rules: {e}"),
            Error::Answers(e) => format!("error: {e}"),
            Error::Interrupted => "Stopped: nothing was saved.".to_string(),
            Error::Reported { message, .. } => message.clone(),
            Error::Io(e) => format!("error: {}", crate::model::io_message(e)),
            other => format!("error: {other}"),
        }
    }
}

/// True when the error comes from writing into a closed pipe.
#[must_use]
pub fn is_broken_pipe(e: &Error) -> bool {
    matches!(e, Error::Io(io) if io.kind() == std::io::ErrorKind::BrokenPipe)
}

/// Options that apply to every command.
#[derive(Debug, Clone)]
pub struct Global {
    pub source: RulesSource,
    pub region: Option<String>,
    pub color: ColorChoice,
}

impl Global {
    /// Loads the rule set.
    ///
    /// # Errors
    /// Invalid or unreadable rule files (exit 78).
    pub fn load_rules(&self) -> Result<RuleSet, Error> {
        Ok(RuleSet::load(&self.source)?)
    }

    /// The region to name in plans.
    ///
    /// # Errors
    /// An unknown `--region` (exit 2).
    pub fn region<'r>(&self, rules: &'r RuleSet) -> Result<&'r Region, Error> {
        rules
            .regions
            .choose(self.region.as_deref(), |k| std::env::var(k).ok())
            .map_err(Error::Usage)
    }
}

/// Writes all of `text`, for a person, to standard output: control
/// characters and bidirectional overrides from rule files, answers or the
/// command line are shown escaped (only this program's own colours pass).
///
/// # Errors
/// As [`write_stdout_exact`].
pub fn write_stdout(text: &str) -> Result<(), Error> {
    write_stdout_exact(&crate::model::printable::escape_keeping_style(text))
}

/// Writes all of `text` to standard output unchanged: JSON, schemas,
/// completion scripts and the man page.
///
/// # Errors
/// A closed pipe (kept as [`Error::Io`], for a quiet exit), or a full disk
/// or any other write failure, in words.
pub fn write_stdout_exact(text: &str) -> Result<(), Error> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::BrokenPipe => Error::Io(e),
            _ => Error::Other(anyhow::anyhow!(
                "cannot write the result to standard output: {}",
                crate::model::io_message(&e)
            )),
        })
}

/// Runs the command line.
///
/// # Errors
/// Any failure, carrying its exit code.
pub fn run(args: Args) -> Result<(), Error> {
    args.color.apply();
    let global = Global {
        source: args.rules.map_or(RulesSource::Embedded, RulesSource::Dir),
        region: args.region,
        color: args.color,
    };
    if args.command.is_some() && (args.ask.save.is_some() || args.ask.now.is_some()) {
        return Err(Error::Usage(
            "--save and --now before a command belong to the questionnaire: give them after the command instead (`spasm-triage assess --now TIME FILE`)".to_string(),
        ));
    }
    let shows_times = matches!(
        args.command,
        None | Some(Command::Assess(_) | Command::Ask(_) | Command::Batch(_) | Command::Demo(_))
    );
    if shows_times && let Some(warning) = crate::model::clock::time_zone_warning() {
        let _ = writeln!(std::io::stderr(), "warning: {warning}");
    }
    match args.command {
        Some(Command::Assess(a)) => assess::run(&global, &a),
        Some(Command::Ask(a)) => ask::run(&global, &a),
        Some(Command::Rules(a)) => rules::run(&global, &a),
        Some(Command::Demo(a)) => demo::run(&global, &a),
        Some(Command::Batch(a)) => batch::run(&global, &a),
        Some(Command::Schema(a)) => schema::run(&global, &a),
        Some(Command::Questions(a)) => questions::run(&global, &a),
        Some(Command::Completions(a)) => completions::run(&a),
        Some(Command::Man(a)) => man::run(&a),
        None => ask::run(&global, &args.ask),
    }
}

/// The largest input read, far above any answers object, so that a wrong
/// file (or `/dev/zero`) fails at once instead of filling memory.
pub const MAX_INPUT_BYTES: u64 = 64 << 20;

/// Reads a whole input: a file, or standard input for `-` or nothing.
///
/// # Errors
/// Exit 66 when the file cannot be read or is larger than
/// [`MAX_INPUT_BYTES`]; exit 65 when it is not UTF-8 text; exit 2 when
/// standard input is a terminal (there is nothing to read).
pub fn read_input(path: Option<&PathBuf>) -> Result<String, Error> {
    let (name, bytes) = match path {
        Some(p) if p.as_os_str() != "-" => {
            let name = p.display().to_string();
            let bytes = std::fs::File::open(p).and_then(|f| read_limited(f, MAX_INPUT_BYTES));
            (name, bytes)
        }
        _ => {
            let stdin = std::io::stdin();
            if stdin.is_terminal() {
                return Err(Error::Usage(
                    "standard input is a terminal: give an answers file, or pipe JSON in (run `spasm-triage` with no command for the questionnaire)".to_string(),
                ));
            }
            let bytes = read_limited(stdin.lock(), MAX_INPUT_BYTES);
            ("standard input".to_string(), bytes)
        }
    };
    let bytes = bytes.map_err(|e| Error::Input {
        path: name,
        message: crate::model::io_message(&e),
    })?;
    String::from_utf8(bytes)
        .map_err(|e| Error::Answers(crate::model::answers::invalid_utf8(&e.utf8_error())))
}

/// Reads at most `limit` bytes; more is an error.
fn read_limited(reader: impl Read, limit: u64) -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    reader.take(limit + 1).read_to_end(&mut buf)?;
    if buf.len() as u64 > limit {
        return Err(std::io::Error::other(format!(
            "is larger than {} MiB, far too large for answers (is it the right file?)",
            limit >> 20
        )));
    }
    Ok(buf)
}
