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
    write_stdout_exact(&String::from_utf8_lossy(&script))
}
