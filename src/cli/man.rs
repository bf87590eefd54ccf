//! `spasm-triage man`: the manual page, in roff.

use std::path::PathBuf;

use clap::CommandFactory;

use super::{Args, Error, write_stdout_exact};

#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Write a page per command into this directory instead (spasm-triage.1, spasm-triage-assess.1, ...).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

pub fn run(a: &ManArgs) -> Result<(), Error> {
    let command = Args::command();
    if let Some(dir) = &a.dir {
        return clap_mangen::generate_to(command, dir).map_err(|e| {
            Error::Other(anyhow::anyhow!(
                "{}: cannot write the manual pages: {}",
                dir.display(),
                crate::model::io_message(&e)
            ))
        });
    }
    let mut page = Vec::new();
    clap_mangen::Man::new(command).render(&mut page)?;
    write_stdout_exact(&String::from_utf8_lossy(&page))
}
