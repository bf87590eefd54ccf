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
    size: (u16, u16),
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
        if !args.contains(&"--region") {
            command.args(["--region", "uk"]);
        }
        command
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
            size: (cols, rows),
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

    /// What the terminal shows now: everything seen so far played into a
    /// terminal emulator of the same size.
    pub fn screen(&self) -> String {
        let (cols, rows) = self.size;
        let nonzero = |n: u16| std::num::NonZeroU16::new(n).expect("a terminal has a size");
        let mut parser = vt100::Parser::new(nonzero(rows), nonzero(cols), 0);
        parser.process(self.seen.as_bytes());
        parser.screen().contents()
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

const NO: [&str; 3] = [DOWN, DOWN, ENTER];
const FIRST: [&str; 2] = [DOWN, ENTER];
const NONE_OF_THESE: [&str; 3] = [UP, SPACE, ENTER];

/// Answers a plain lifting spasm, a 35-year-old man, up to the onset
/// question.
pub fn answer_until_onset(p: &mut Pty) {
    p.wait_for("Question 1 of");
    p.wait_for("does not replace");
    p.press(&NO);
    p.wait_for("Question 2 of");
    p.press(&NONE_OF_THESE);
    p.wait_for("Question 3 of");
    p.press(&FIRST);
    p.wait_for("Question 4 of");
    p.press(&FIRST);
    p.wait_for("How old are you?");
    p.press(&["3", "5", ENTER]);
    p.wait_for("What set the pain off?");
    p.press(&FIRST);
    p.wait_for("What is your sex?");
    p.press(&[DOWN, DOWN, ENTER]);
    p.wait_for("Question 8 of");
    p.press(&NONE_OF_THESE);
    p.wait_for("Question 9 of");
    p.press(&NONE_OF_THESE);
    p.wait_for("When did the pain start?");
}

/// Answers a plain lifting spasm, a 35-year-old man, to the end: the pain
/// began 2 days ago.
pub fn answer_home_care(p: &mut Pty) {
    answer_until_onset(p);
    p.press(&["2", " ", "d", "a", "y", "s", ENTER]);
    p.wait_for("about 2 days ago");
    p.press(&["y"]);
    answer_after_onset(p);
}

/// From the question after the onset to the end, all plain, and the review
/// accepted.
pub fn answer_after_onset(p: &mut Pty) {
    answer_to_review(p);
    p.press(&[ENTER]);
}

/// From the question after the onset to the review, all plain.
pub fn answer_to_review(p: &mut Pty) {
    p.wait_for("How bad is the pain");
    p.press(&["6", ENTER]);
    p.wait_for("Question 12 of");
    p.press(&FIRST);
    p.wait_for("Question 13 of");
    p.press(&FIRST);
    p.wait_for("Question 14 of");
    p.press(&[DOWN, DOWN, ENTER]);
    p.wait_for("Question 15 of");
    p.press(&NONE_OF_THESE);
    p.wait_for("Are these answers right?");
}
