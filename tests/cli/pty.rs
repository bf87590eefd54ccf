//! The binary in a pseudo-terminal, for the questionnaire tests.
#![cfg(unix)]

use std::process::Command;
use std::time::Duration;

use expectrl::process::unix::WaitStatus;
use expectrl::{Eof, Expect, Session};

pub const DOWN: &str = "\x1b[B";
pub const UP: &str = "\x1b[A";
pub const ENTER: &str = "\r";
pub const SPACE: &str = " ";
pub const HIDE_CURSOR: &str = "\x1b[?25l";
pub const SHOW_CURSOR: &str = "\x1b[?25h";

/// The binary in a pseudo-terminal, with everything it printed so far.
pub struct Pty {
    pub session: expectrl::session::OsSession,
    pub seen: String,
}

impl Pty {
    pub fn spawn(args: &[&str], cols: u16) -> Pty {
        Pty::spawn_sized(args, cols, 30)
    }

    /// As [`Pty::spawn`], with `rows` rows.
    pub fn spawn_sized(args: &[&str], cols: u16, rows: u16) -> Pty {
        Pty::spawn_in(args, cols, rows, |_| {})
    }

    /// As [`Pty::spawn_sized`], with the command adjusted first (its
    /// directory, its environment).
    pub fn spawn_in(args: &[&str], cols: u16, rows: u16, adjust: impl FnOnce(&mut Command)) -> Pty {
        let mut command = Command::new(env!("CARGO_BIN_EXE_spasm-triage"));
        command
            .args(["--region", "uk"])
            .args(args)
            .env_remove("SPASM_TRIAGE_RULES")
            .env("NO_COLOR", "1")
            .env("TERM", "xterm")
            .env("TZ", "UTC");
        adjust(&mut command);
        let mut session = Session::spawn(command).expect("spawns in a pty");
        session
            .get_process_mut()
            .set_window_size(cols, rows)
            .expect("sets the size");
        // Generous: CI machines can be slow.
        session.set_expect_timeout(Some(Duration::from_secs(60)));
        Pty {
            session,
            seen: String::new(),
        }
    }

    /// Waits until `text` appears.
    pub fn wait_for(&mut self, text: &str) {
        match self.session.expect(text) {
            Ok(found) => {
                self.seen.push_str(&String::from_utf8_lossy(found.before()));
                self.seen.push_str(text);
            }
            Err(e) => panic!(
                "{text:?} did not appear ({e}); the screen so far:\n{}",
                self.seen
            ),
        }
    }

    /// Presses keys, one at a time, as a person would.
    pub fn press(&mut self, keys: &[&str]) {
        for key in keys {
            self.session.send(key).expect("sends a key");
            std::thread::sleep(Duration::from_millis(40));
        }
    }

    /// Reads to the end; returns the exit code.
    pub fn finish(&mut self) -> i32 {
        if let Ok(found) = self.session.expect(Eof) {
            self.seen.push_str(&String::from_utf8_lossy(found.before()));
        }
        match self.session.get_process().wait().expect("waits") {
            WaitStatus::Exited(_, code) => code,
            other => panic!("did not exit normally: {other:?}"),
        }
    }
}
