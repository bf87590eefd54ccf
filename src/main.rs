//! The `spasm-triage` binary: parse the arguments, run, map errors to exit codes.
use std::io::Write;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};
use spasm_triage::cli::{self, Args};
use spasm_triage::model::printable::escape_keeping_style;

fn main() -> ExitCode {
    let words: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let color = cli::ColorChoice::from_args(&words);
    color.apply();
    let parsed = Args::command()
        .color(color.clap())
        .try_get_matches_from(&words)
        .and_then(|m| Args::from_arg_matches(&m));
    let args = match parsed {
        Ok(args) => args,
        Err(e) if e.use_stderr() => {
            // clap quotes the value it refuses: shown escaped, like every error.
            let text = if cli::colored(&std::io::stderr()) {
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
            let color = cli::colored(&std::io::stderr());
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
