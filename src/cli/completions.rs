//! `spasm-triage completions`: a completion script for a shell.

use clap::CommandFactory;
use clap_complete::Shell;

use super::{Args, Error, write_stdout_exact};

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn run(a: &CompletionsArgs) -> Result<(), Error> {
    let mut script = Vec::new();
    clap_complete::generate(a.shell, &mut Args::command(), "spasm-triage", &mut script);
    let mut script = String::from_utf8_lossy(&script).into_owned();
    if a.shell == Shell::Bash {
        // clap_complete names the case arms after a hyphenated binary
        // differently from the commands it dispatches to
        // (`spasm__subcmd__triage__...` against `spasm__triage__...`).
        script = script.replace("spasm__subcmd__triage", "spasm__triage");
    }
    if a.shell == Shell::Fish {
        script.push_str(&fish_positionals(&Args::command()));
    }
    write_stdout_exact(&script)
}

/// clap_complete's fish script offers files for a command's positional
/// argument; these lines offer its values instead (schema kinds, demo names).
fn fish_positionals(command: &clap::Command) -> String {
    let mut out = String::new();
    for sub in command.get_subcommands() {
        for arg in sub.get_positionals() {
            let values: Vec<String> = arg
                .get_possible_values()
                .iter()
                .map(|v| v.get_name().to_string())
                .collect();
            if !values.is_empty() {
                out.push_str(&format!(
                    "complete -c spasm-triage -n \"__fish_spasm_triage_using_subcommand {}\" -f -a \"{}\"\n",
                    sub.get_name(),
                    values.join(" ")
                ));
            }
        }
    }
    out
}
