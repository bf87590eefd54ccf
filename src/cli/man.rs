//! `spasm-triage man`: one manual page, in roff: every command and option,
//! then ENVIRONMENT, FILES, EXIT STATUS and EXAMPLES.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::CommandFactory;

use super::{Args, Error, write_stdout_exact};

#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Write the page into this directory as spasm-triage.1 instead (the directory is created).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

pub fn run(a: &ManArgs) -> Result<(), Error> {
    let page = page()?;
    let Some(dir) = &a.dir else {
        return write_stdout_exact(&page);
    };
    let path = dir.join("spasm-triage.1");
    std::fs::create_dir_all(dir)
        .and_then(|()| std::fs::write(&path, page))
        .map_err(|e| {
            Error::Other(anyhow::anyhow!(
                "{}: cannot write the manual page: {}",
                path.display(),
                crate::model::io_message(&e)
            ))
        })
}

/// The whole page.
fn page() -> Result<String, Error> {
    let command = Args::command();
    let man = clap_mangen::Man::new(command.clone());
    let mut out = Vec::new();
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    let mut page = format!(
        ".TH SPASM\\-TRIAGE 1 {} \"spasm\\-triage {}\" \"User Commands\"\n",
        date(),
        env!("CARGO_PKG_VERSION")
    );
    page.push_str(&String::from_utf8_lossy(&out));
    page.push_str(".SH OPTIONS\n");
    options(&mut page, &command);
    page.push_str(".SH COMMANDS\n");
    for sub in command.get_subcommands() {
        commands(&mut page, "spasm-triage", sub);
    }
    page.push_str(EXTRA);
    Ok(page)
}

/// A subsection per command (and per subcommand), with its options.
fn commands(page: &mut String, parent: &str, cmd: &clap::Command) {
    let name = format!("{parent} {}", cmd.get_name());
    let _ = writeln!(page, ".SS \"{}\"", escape(&name));
    if let Some(about) = cmd.get_about() {
        let _ = writeln!(page, "{}", escape(&about.to_string()));
    }
    options(page, cmd);
    for sub in cmd.get_subcommands() {
        commands(page, &name, sub);
    }
}

/// The date of the page: `SOURCE_DATE_EPOCH` for a reproducible build, else today.
fn date() -> String {
    let now = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
        .and_then(|s| jiff::Timestamp::from_second(s).ok())
        .unwrap_or_else(jiff::Timestamp::now);
    now.strftime("%Y-%m-%d").to_string()
}

/// A tagged paragraph per option or argument of `cmd` (global options only at the top).
fn options(page: &mut String, cmd: &clap::Command) {
    let top = cmd.get_name() == "spasm-triage";
    for arg in cmd
        .get_arguments()
        .filter(|a| !a.is_hide_set() && (top || !a.is_global_set()))
    {
        let mut head = match (arg.get_long(), arg.get_short()) {
            (Some(long), Some(short)) => format!("\\fB\\-{short}\\fR, \\fB\\-\\-{long}\\fR"),
            (Some(long), None) => format!("\\fB\\-\\-{long}\\fR"),
            (None, _) => format!(
                "\\fI{}\\fR",
                escape(&arg.get_value_names().map_or_else(
                    || arg.get_id().to_string().to_uppercase(),
                    |v| {
                        v.iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join(" ")
                    }
                ))
            ),
        };
        if arg.get_long().is_some()
            && arg.get_action().takes_values()
            && let Some(values) = arg.get_value_names()
        {
            let _ = write!(head, " \\fI{}\\fR", escape(values[0].as_ref()));
        }
        let _ = writeln!(page, ".TP\n{head}");
        let help = arg
            .get_long_help()
            .or_else(|| arg.get_help())
            .map(ToString::to_string)
            .unwrap_or_default();
        let _ = writeln!(page, "{}", escape(&help));
        let values: Vec<String> = arg
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_string())
            .collect();
        if !values.is_empty() && arg.get_action().takes_values() {
            let _ = writeln!(page, ".br\nValues: {}.", escape(&values.join(", ")));
        }
    }
}

/// Text made safe for roff: backslashes, hyphens, and a leading dot or quote.
fn escape(text: &str) -> String {
    text.lines()
        .map(|line| {
            let line = line.trim_end().replace('\\', "\\e").replace('-', "\\-");
            if line.starts_with('.') || line.starts_with('\'') {
                format!("\\&{line}")
            } else if line.is_empty() {
                ".br".to_string()
            } else {
                line
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

const EXTRA: &str = r#".SH ENVIRONMENT
.TP
\fBSPASM_TRIAGE_RULES\fR
A directory of rule files to use instead of the embedded rules, as \fB\-\-rules\fR.
.TP
\fBSPASM_TRIAGE_REGION\fR
The region whose emergency numbers the plan gives (us, uk, eu, au, ca or other), as \fB\-\-region\fR; else the locale (\fBLC_ALL\fR, \fBLANG\fR) decides.
.TP
\fBNO_COLOR\fR
When set and not empty, no colour (unless \fB\-\-color always\fR).
.TP
\fBTZ\fR
The time zone that times in the plan are shown in; else the system's (\fI/etc/localtime\fR).
.SH FILES
.TP
\fIrules/\fR
An edited copy of the rules, written by \fBspasm\-triage rules init DIR\fR and used with \fB\-\-rules DIR\fR: questions.toml, triage.toml, plan.toml, regions.toml, cases.toml and demos.toml.
.TP
\fI/etc/localtime\fR
The system time zone, when \fBTZ\fR is not set.
.SH EXIT STATUS
.TP
0
A result was produced (whatever the disposition).
.TP
1
\fBrules test\fR: a clinical case failed; or any other failure.
.TP
2
Command\-line usage error.
.TP
65
The answers are invalid (in \fBbatch\fR: at least one line was).
.TP
66
An input file could not be read.
.TP
78
The rule files are invalid.
.TP
130
Interrupted (Ctrl\-C).
.SH EXAMPLES
.nf
spasm\-triage
spasm\-triage assess \-\-format json answers.json | jq .urgency
spasm\-triage batch \-\-id\-key id \-\-fields urgency,reasons answers.jsonl
spasm\-triage batch \-\-format csv answers.jsonl > results.csv
spasm\-triage rules check my\-rules/
spasm\-triage schema answers > answers.schema.json
.fi
"#;
