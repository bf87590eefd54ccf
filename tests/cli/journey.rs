//! The person's journey in a pseudo-terminal: the result screen on a small
//! terminal, the onset typed as people type it, going back, and how many
//! screens a plain spasm takes.
#![cfg(unix)]

use crate::pty::*;

const NOW: &str = "2026-11-21T10:00:00Z";

#[test]
fn at_50_by_20_the_result_screen_shows_the_decision_the_signs_and_the_menu() {
    let mut p = Pty::spawn_sized(&["ask", "--now", NOW], 50, 20);
    answer_home_care(&mut p);
    p.wait_for("Quit");
    let screen = p.screen();
    for wanted in [
        "HOME CARE",
        "◀ now",
        "switch to moist heat",
        "Call 999 now",
        "Read the whole plan",
    ] {
        assert!(
            screen.contains(wanted),
            "{wanted:?} is not on the screen:\n{screen}"
        );
    }
    p.press(&["q"]);
    assert_eq!(p.finish(), 0);
}

#[test]
fn no_pager_prints_the_whole_plan_in_the_terminal() {
    let mut p = Pty::spawn_in(&["ask", "--now", NOW, "--no-pager"], 80, 30, |c| {
        c.env("PAGER", "echo PAGER-RAN");
    });
    answer_home_care(&mut p);
    p.wait_for("what next?");
    p.press(&[ENTER]);
    p.wait_for("Once it settles");
    p.wait_for("what next?");
    p.press(&["q"]);
    assert_eq!(p.finish(), 0);
    assert!(!p.seen.contains("PAGER-RAN"), "{}", p.seen);
}

/// Types `text` at the onset question and waits for `reply`.
fn onset(p: &mut Pty, text: &str, reply: &str) {
    let keys: Vec<String> = text.chars().map(String::from).collect();
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    p.press(&keys);
    p.press(&[ENTER]);
    p.wait_for(reply);
}

#[test]
fn an_onset_ahead_is_the_future_never_last_year_and_a_typo_gets_a_suggestion() {
    let mut p = Pty::spawn(&["ask", "--now", NOW], 80);
    answer_until_onset(&mut p);
    let future = "That is in the future (it is now Sat 21 Nov 10:00).";
    onset(&mut p, "1 Dec 08:00", future);
    onset(&mut p, "25/11", future);
    onset(&mut p, "tomorrow", future);
    onset(&mut p, "in 2 hours", future);
    onset(&mut p, "yesteday", "Did you mean \"yesterday\"?");
    assert!(!p.seen.contains("months ago"), "{}", p.seen);
    // Day/month, a fraction of a day and "last week" are understood, and
    // quoted back in words with the date.
    onset(&mut p, "20/11", "about 22 hours ago, Fri 20 Nov 12:00");
    p.press(&["n"]);
    onset(&mut p, "1.5 days", "about 36 hours ago, Thu 19 Nov 22:00");
    p.press(&["n"]);
    onset(&mut p, "last week", "about 7 days ago, Sat 14 Nov 10:00");
    p.press(&["n"]);
    onset(&mut p, "2 days", "about 2 days ago, Thu 19 Nov 10:00");
    p.press(&["y"]);
    answer_after_onset(&mut p);
    p.wait_for("HOME CARE");
    p.press(&["q"]);
    assert_eq!(p.finish(), 0);
}

#[test]
fn in_the_us_a_slash_date_is_month_first() {
    let mut p = Pty::spawn(&["--region", "us", "ask", "--now", NOW], 80);
    answer_until_onset(&mut p);
    onset(&mut p, "11/20", "Fri 20 Nov");
    p.press(&["\x1b"]);
    assert_eq!(p.finish(), 130);
}

#[test]
fn esc_while_changing_an_answer_at_the_review_returns_to_the_review() {
    let mut p = Pty::spawn(&["ask", "--now", NOW], 80);
    answer_until_onset(&mut p);
    p.press(&["2", " ", "d", "a", "y", "s", ENTER]);
    p.wait_for("about 2 days ago");
    p.press(&["y"]);
    p.wait_for("How bad is the pain");
    // ← from the question after the onset goes back to the onset, with the
    // answer as it was.
    p.press(&["\x1b[D"]);
    p.wait_for("When did the pain start?");
    p.press(&[ENTER]);
    p.wait_for("about 2 days ago");
    p.press(&["y"]);
    answer_to_review(&mut p);
    // Change the age, then think better of it.
    p.press(&[DOWN, DOWN, DOWN, DOWN, DOWN, ENTER]);
    p.wait_for("How old are you?");
    p.press(&["\x1b"]);
    p.wait_for("Are these answers right?");
    p.wait_for("Age: 35 years");
    p.press(&[ENTER]);
    p.wait_for("HOME CARE");
    p.press(&["q"]);
    assert_eq!(p.finish(), 0);
    assert!(!p.seen.contains("Stopped"), "{}", p.seen);
}

#[test]
fn a_plain_spasm_reaches_its_plan_in_16_screens_with_the_review() {
    let mut p = Pty::spawn(&["ask", "--now", NOW], 80);
    answer_home_care(&mut p);
    p.wait_for("HOME CARE");
    p.press(&["q"]);
    assert_eq!(p.finish(), 0);
    let mut questions: Vec<u32> = p
        .seen
        .match_indices("Question ")
        .filter_map(|(i, _)| {
            let rest = &p.seen[i + "Question ".len()..];
            let n: String = rest.chars().take_while(char::is_ascii_digit).collect();
            rest[n.len()..].starts_with(" of").then(|| n.parse().ok())?
        })
        .collect();
    questions.dedup();
    let reviews = usize::from(p.seen.contains("Check your answers"));
    assert_eq!(questions, (1..=15).collect::<Vec<_>>());
    assert!(questions.len() + reviews <= 16);
}

#[test]
fn save_refuses_a_file_already_there_before_any_question() {
    let dir = tempfile::tempdir().expect("temp dir");
    let there = dir.path().join("answers.json");
    std::fs::write(&there, "{}\n").expect("writes");
    let mut p = Pty::spawn(&["ask", "--save", there.to_str().expect("utf-8")], 80);
    p.wait_for("already there; use --force to replace it");
    assert_eq!(p.finish(), 2);
    assert!(!p.seen.contains("Question 1 of"));
    assert_eq!(std::fs::read_to_string(&there).expect("kept"), "{}\n");
}

#[test]
fn save_format_fhir_writes_a_questionnaire_response_that_assess_reads() {
    let dir = tempfile::tempdir().expect("temp dir");
    let saved = dir.path().join("answers.fhir.json");
    let path = saved.to_str().expect("utf-8");
    let mut p = Pty::spawn(
        &["ask", "--now", NOW, "--save", path, "--save-format", "fhir"],
        80,
    );
    answer_home_care(&mut p);
    p.wait_for("saved in");
    p.press(&["q"]);
    assert_eq!(p.finish(), 0);
    let text = std::fs::read_to_string(&saved).expect("saved");
    let response: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(response["resourceType"], "QuestionnaireResponse");
    assert_eq!(response["status"], "completed");
    let result = crate::common::json_out(&["assess", "--now", NOW, "--format", "json", path], "");
    assert_eq!(result["urgency"], "self_care");
    assert_eq!(result["plan"]["onset"], "2026-11-19T10:00:00+00:00");
}
