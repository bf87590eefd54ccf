//! The `spasm-triage` binary: parse the arguments, run, map errors to exit codes.
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use spasm_triage::cli::{self, Args};
use spasm_triage::model::printable::escape_keeping_style;

fn main() -> ExitCode {
    let args = match Args::try_parse() {
        Ok(args) => args,
        Err(e) if e.use_stderr() => {
            // clap quotes the value it refuses: shown escaped, like every error.
            let text = if stderr_color() {
                e.render().ansi().to_string()
            } else {
                e.render().to_string()
            };
            let _ = write!(std::io::stderr(), "{}", escape_keeping_style(&text));
            return ExitCode::from(cli::exit::USAGE);
        }
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(cli::exit::OK);
        }
    };
    match cli::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if cli::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let color = stderr_color();
            // A closed or full standard error must not turn an error into a panic.
            let _ = writeln!(
                std::io::stderr(),
                "{}",
                escape_keeping_style(&e.render(color))
            );
            ExitCode::from(e.exit_code())
        }
    }
}

fn stderr_color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}
