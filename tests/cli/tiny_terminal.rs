//! The questionnaire in hostile terminals: one or two rows, a resize to
//! two rows mid-question, SIGTERM, and rule text that tries to drive the
//! terminal. Never a panic; the cursor is always shown again.
#![cfg(unix)]

use crate::common::rules_copy;
use crate::pty::{DOWN, ENTER, HIDE_CURSOR, Pty, SHOW_CURSOR};

fn cursor_shown_at_the_end(p: &Pty) {
    if let Some(hidden) = p.seen.rfind(HIDE_CURSOR) {
        let shown = p
            .seen
            .rfind(SHOW_CURSOR)
            .expect("the cursor is shown again");
        assert!(shown > hidden, "the cursor is left hidden");
    }
    assert!(!p.seen.contains("panicked"), "{}", p.seen);
}

#[test]
fn a_terminal_of_one_or_two_rows_gets_plain_lines_not_a_panic() {
    for rows in [1, 2] {
        let mut p = Pty::spawn_sized(&["ask"], 80, rows);
        p.wait_for("Type a number, then Enter");
        p.press(&["1", ENTER]);
        p.wait_for("EMERGENCY");
        assert_eq!(p.finish(), 0, "{rows} rows: {}", p.seen);
        cursor_shown_at_the_end(&p);
    }
}

#[test]
fn a_resize_to_two_rows_mid_question_is_asked_again_as_plain_lines() {
    let mut p = Pty::spawn(&["ask"], 80);
    p.wait_for("Question 1 of");
    p.session
        .get_process_mut()
        .set_window_size(80, 2)
        .expect("resizes");
    p.press(&[DOWN]);
    p.wait_for("Type a number, then Enter");
    p.press(&["1", ENTER]);
    p.wait_for("EMERGENCY");
    assert_eq!(p.finish(), 0, "{}", p.seen);
    cursor_shown_at_the_end(&p);
}

#[test]
fn sigterm_in_the_questionnaire_shows_the_cursor_and_exits_130() {
    let mut p = Pty::spawn(&["ask"], 80);
    p.wait_for("Question 1 of");
    p.press(&[DOWN, DOWN, ENTER]);
    p.wait_for("Question 2 of");
    let pid = p.session.get_process().pid().to_string();
    let status = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill runs");
    assert!(status.success());
    p.wait_for("Stopped: nothing was saved.");
    assert_eq!(p.finish(), 130);
    assert!(p.seen.contains(HIDE_CURSOR), "a list hid the cursor");
    cursor_shown_at_the_end(&p);
}

#[test]
fn rule_text_cannot_set_the_title_or_clear_the_screen() {
    let dir = rules_copy("questions.toml", |t| {
        let at = t.find("prompt = \"").expect("a prompt");
        let end = at + t[at..].find('\n').expect("line end");
        format!(
            "{}prompt = \"\\u001b]0;pwned\\u0007\\u001b[3J\\u202eFirst?\"{}",
            &t[..at],
            &t[end..]
        )
    });
    let mut p = Pty::spawn(&["--rules", dir.path().to_str().expect("utf-8"), "ask"], 80);
    p.wait_for("\\u{1b}]0;pwned\\u{7}\\u{1b}[3J\\u{202e}First?");
    p.press(&["\x1b"]);
    p.wait_for("Stopped");
    assert_eq!(p.finish(), 130);
    assert!(!p.seen.contains("\x1b]0;pwned"), "the title was set");
    assert!(!p.seen.contains('\u{202e}'));
}
