//! The `spasm-triage` binary: parse the arguments, run, map errors to exit codes.
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use spasm_triage::cli::{self, Args};

fn main() -> ExitCode {
    let args = match Args::try_parse() {
        Ok(args) => args,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                cli::exit::USAGE
            } else {
                cli::exit::OK
            });
        }
    };
    match cli::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if cli::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let color = std::io::stderr().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            // A closed or full standard error must not turn an error into a panic.
            let _ = writeln!(std::io::stderr(), "{}", e.render(color));
            ExitCode::from(e.exit_code())
        }
    }
}
