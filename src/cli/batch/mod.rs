//! `spasm-triage batch`: JSON Lines of answers in, one result per line out.

pub mod stream;

use std::fs::File;
use std::io::{self, BufReader, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::sync::LazyLock;
use std::sync::atomic::Ordering;

use super::{Error, Global};
use crate::cli::batch::stream::{Batch, Control, Fields, Format, RunError, Summary};
use crate::cli::results::ResultArgs;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

#[derive(Debug, clap::Args)]
pub struct BatchArgs {
    /// The JSON Lines file, one answers object per line; `-` or nothing reads standard input.
    #[arg(value_name = "FILE|-")]
    pub input: Option<PathBuf>,

    /// Output format: JSON Lines, or CSV with a header row.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    pub format: Format,

    #[command(flatten)]
    pub result: ResultArgs,

    /// Threads to assess on [default: the number of CPUs].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,

    /// Print nothing on standard error but errors: no progress bar, no summary.
    #[arg(long, short)]
    pub quiet: bool,
}

pub fn run(global: &Global, a: &BatchArgs) -> Result<(), Error> {
    let rules = global.load_rules()?;
    let region = global.region(&rules)?;
    let fields = a.result.fields(match a.format {
        Format::Json => Fields::all(),
        Format::Csv => Fields::flat(),
    });
    if a.format == Format::Csv
        && let Some(field) = fields.nested()
    {
        return Err(Error::Usage(format!(
            "`{}` does not fit in a CSV cell: use --format json for it",
            field.name()
        )));
    }
    let id_key = a.result.id_key(&rules.catalog)?;
    let (mut input, size, name) = open(a.input.as_ref())?;
    let batch = Batch {
        rules: &rules,
        region,
        options: a.result.options(),
        fields: &fields,
        id_key,
        format: a.format,
    };
    let cpus = std::thread::available_parallelism().map_or(1, usize::from);
    let jobs = a.jobs.map_or(cpus, usize::from);
    let max = MAX_JOBS_PER_CPU * cpus;
    let jobs = if jobs > max {
        let _ = writeln!(
            io::stderr(),
            "warning: --jobs {jobs} is more than {MAX_JOBS_PER_CPU} threads for each of the {cpus} CPUs; using {max}"
        );
        max
    } else {
        jobs
    };
    let bar = if a.quiet {
        ProgressBar::hidden()
    } else {
        progress_bar(size)
    };
    stop_on_ctrl_c();
    let mut stdout = io::stdout().lock();
    let summary = batch.run(&mut input, &mut stdout, jobs, &CONTROL, |summary, bytes| {
        if size.is_some() {
            bar.set_position(bytes);
        } else {
            bar.set_position(summary.lines);
        }
    });
    bar.finish_and_clear();
    let summary = summary.map_err(|e| match e {
        RunError::Read(e) => Error::Input {
            path: name,
            message: crate::model::io_message(&e),
        },
        RunError::Write(e) => Error::Io(e),
        RunError::Stopped(_) => Error::Reported {
            message: STOPPED.to_string(),
            code: super::exit::INTERRUPTED,
        },
    })?;
    if !a.quiet {
        // A summary that cannot be written is not worth failing the run for.
        let _ = writeln!(io::stderr(), "{}", describe(&summary));
    }
    if summary.failed > 0 {
        return Err(Error::Lines {
            failed: summary.failed,
            lines: summary.lines,
        });
    }
    Ok(())
}

/// `--jobs` is capped at this many threads per CPU: more only costs memory
/// and start-up time (10,000 threads took 70 s and 191 MB for one line).
pub const MAX_JOBS_PER_CPU: usize = 4;

static CONTROL: LazyLock<Control> = LazyLock::new(Control::default);

const STOPPED: &str =
    "Stopped: every line written so far is complete; the rest of the input was not assessed.";

/// On Ctrl-C, stop after the chunk being written; if the run is waiting for
/// input instead, end now: nothing is half-written then.
fn stop_on_ctrl_c() {
    // Without a handler Ctrl-C still ends the run, only less tidily.
    let _ = ctrlc::set_handler(|| {
        CONTROL.stop.store(true, Ordering::SeqCst);
        let _busy = CONTROL
            .busy
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // The run stops by itself after a chunk; only a run waiting for
        // input is still here after a moment.
        std::thread::sleep(std::time::Duration::from_millis(300));
        let _ = writeln!(io::stderr(), "{STOPPED}");
        std::process::exit(i32::from(super::exit::INTERRUPTED));
    });
}

type Input = (BufReader<Box<dyn Read>>, Option<u64>, String);

/// Opens the input; its size, when known, drives the progress bar.
fn open(path: Option<&PathBuf>) -> Result<Input, Error> {
    // A file fills a whole chunk per read; a pipe gives what it has.
    const BUFFER: usize = 1 << 20;
    match path {
        Some(p) if p.as_os_str() != "-" => {
            let name = p.display().to_string();
            let unreadable = |e: &io::Error| Error::Input {
                path: name.clone(),
                message: crate::model::io_message(e),
            };
            let file = File::open(p).map_err(|e| unreadable(&e))?;
            let meta = file.metadata().map_err(|e| unreadable(&e))?;
            if meta.is_dir() {
                return Err(unreadable(&io::Error::from(io::ErrorKind::IsADirectory)));
            }
            let size = meta.is_file().then_some(meta.len());
            Ok((BufReader::with_capacity(BUFFER, Box::new(file)), size, name))
        }
        _ => {
            let stdin = io::stdin();
            if stdin.is_terminal() {
                return Err(Error::Usage(
                    "standard input is a terminal: give a JSON Lines file, or pipe answers in, one object per line".to_string(),
                ));
            }
            Ok((
                BufReader::with_capacity(BUFFER, Box::new(stdin)),
                None,
                "standard input".to_string(),
            ))
        }
    }
}

/// A bar over the bytes of a file, or a count of lines; drawn only on a terminal.
fn progress_bar(size: Option<u64>) -> ProgressBar {
    if !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(size, ProgressDrawTarget::stderr());
    let style = match size {
        Some(_) => ProgressStyle::with_template(
            "{spinner} {bar:40} {percent:>3}% {binary_bytes}/{binary_total_bytes}, {elapsed} ",
        ),
        None => ProgressStyle::with_template("{spinner} {human_pos} lines, {elapsed} "),
    };
    if let Ok(style) = style {
        bar.set_style(style);
    }
    bar
}

/// The summary line: counts per disposition and errors.
#[must_use]
pub fn describe(s: &Summary) -> String {
    let noun = |n: u64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut out = format!(
        "{} assessed: {} emergency, {} clinician, {} home care; {}",
        noun(s.lines - s.failed, "line", "lines"),
        s.emergency,
        s.clinician,
        s.home_care,
        noun(s.failed, "error", "errors"),
    );
    if let Some(first) = s.first_failed {
        out.push_str(&format!(" (first at line {first})"));
    }
    out
}
