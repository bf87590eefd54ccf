//! The questionnaire: end to end in a real pseudo-terminal (the built
//! binary, keys sent as a person would press them), its refusal to run
//! without a terminal, and checklist groups in rule files.

use predicates::prelude::*;
use spasm_triage::{RuleSet, RulesError, RulesSource};

use crate::common::{assess_json, cmd, rules_copy};

#[test]
fn without_a_terminal_it_points_to_assess_and_exits_2() {
    // `--save` and `--now` work without `ask` too: the questionnaire is
    // what `spasm-triage` alone runs.
    for args in [
        &[][..],
        &["ask"][..],
        &["--save", "answers.json"][..],
        &["--now", "2026-11-21T10:00:00Z", "--save", "answers.json"][..],
    ] {
        cmd()
            .args(args)
            .write_stdin("")
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains("spasm-triage assess FILE"))
            .stderr(predicate::str::contains("needs a terminal"));
    }
}

#[test]
fn the_questionnaire_options_before_another_command_are_refused() {
    cmd()
        .args(["--save", "answers.json", "assess", "-"])
        .write_stdin("{}")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("belong to the questionnaire"));
}

/// The diagnostic codes for `questions.toml` with `from` replaced by `to`.
fn codes(from: &str, to: &str) -> Vec<&'static str> {
    let dir = rules_copy("questions.toml", |t| {
        assert!(t.contains(from), "fixture text not found: {from}");
        t.replacen(from, to, 1)
    });
    match RuleSet::load(&RulesSource::Dir(dir.path().to_path_buf())) {
        Err(RulesError::Invalid(diags)) => diags.items.iter().map(|d| d.code).collect(),
        Err(e) => panic!("unexpected error: {e}"),
        Ok(_) => Vec::new(),
    }
}

#[test]
fn checklist_groups_are_checked_when_the_rules_load() {
    let history = "id = \"iv_drug_use\"\ngroup = \"history\"";
    assert_eq!(
        codes(history, "id = \"iv_drug_use\"\ngroup = \"histroy\""),
        ["unknown-group"]
    );
    // A checklist holds only red flags, or none: never a mix.
    assert_eq!(
        codes(
            "id = \"saddle_numbness\"\ngroup = \"right_now\"\n",
            "id = \"saddle_numbness\"\ngroup = \"history\"\n"
        ),
        ["red-flag-group-mixed"]
    );
    assert_eq!(
        codes(history, "id = \"iv_drug_use\"\ngroup = \"right_now\""),
        ["red-flag-group-mixed"]
    );
    assert_eq!(
        codes("id = \"age\"\n", "id = \"age\"\ngroup = \"history\"\n"),
        ["group-not-tristate"]
    );
    assert_eq!(codes("label = \"I inject drugs\"\n", ""), ["missing-key"]);
    // A duplicate is dropped, so the questions of the first are in no group.
    let duplicate = codes("id = \"symptoms\"", "id = \"history\"");
    assert_eq!(duplicate[0], "duplicate-group");
    assert!(duplicate[1..].iter().all(|c| *c == "unknown-group"));
    assert_eq!(
        codes(
            "[[group]]\nid = \"course\"\n",
            "[[group]]\nid = \"course\"\ncolour = \"red\"\n"
        ),
        ["unknown-key"]
    );
}

#[test]
fn an_unknown_group_is_reported_with_its_position_and_a_suggestion() {
    let dir = rules_copy("questions.toml", |t| {
        t.replacen("group = \"course\"", "group = \"coarse\"", 1)
    });
    let text = std::fs::read_to_string(dir.path().join("questions.toml")).expect("read");
    let at = text.find("group = \"coarse\"").expect("edited");
    let line = text[..at].matches('\n').count() + 1;
    cmd()
        .args([
            "--rules",
            dir.path().to_str().expect("utf-8"),
            "assess",
            "-",
        ])
        .write_stdin("{}")
        .assert()
        .code(78)
        .stderr(predicate::str::contains(format!("questions.toml:{line}:9")))
        .stderr(predicate::str::contains("unknown group `coarse`"))
        .stderr(predicate::str::contains("did you mean `course`?"));
}

#[cfg(unix)]
mod pty {
    use serde_json::json;

    use super::assess_json;

    use crate::pty::*;

    #[test]
    fn a_plain_spasm_answered_to_the_end_prints_home_care_and_saves_the_answers() {
        let dir = tempfile::tempdir().expect("temp dir");
        let saved = dir.path().join("answers.json");
        let now = "2026-11-21T10:00:00Z";
        let mut p = Pty::spawn(
            &[
                "ask",
                "--now",
                now,
                "--save",
                saved.to_str().expect("utf-8"),
            ],
            80,
        );
        answer_home_care(&mut p);
        p.wait_for("HOME CARE");
        p.wait_for("saved in");
        // The summary, then a menu for the rest: the whole plan is not
        // poured out at once.
        p.wait_for("what next?");
        assert!(!p.seen.contains("Once it settles"), "{}", p.seen);
        p.press(&["q"]);
        assert_eq!(p.finish(), 0);
        assert!(!p.seen.contains("Question 16 of"));

        // `assess` on the saved file gives the same result.
        let text = std::fs::read_to_string(&saved).expect("saved");
        let answers: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        // The onset is kept as a time, so the plan stays anchored to it.
        assert_eq!(answers["onset"], json!("2026-11-19T10:00:00Z"));
        assert!(answers.get("onset_hours_ago").is_none());
        assert_eq!(answers["age"], json!(35));
        assert!(answers.get("pregnant").is_none());
        let (code, result, _) = assess_json(&answers, &[]);
        assert_eq!(code, 0);
        assert_eq!(result["urgency"], "self_care");
    }

    #[test]
    fn the_result_menu_pages_the_plan_and_keeps_it_and_its_dates_as_files() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut p = Pty::spawn_in(&["ask", "--now", "2026-11-21T10:00:00Z"], 80, 30, |c| {
            c.current_dir(dir.path()).env("PAGER", "cat");
        });
        answer_home_care(&mut p);
        p.wait_for("what next?");
        // Read the whole plan (through the pager).
        p.press(&[ENTER]);
        p.wait_for("Once it settles");
        p.wait_for("what next?");
        // Save it as Markdown, then the dates as a calendar.
        p.press(&[DOWN, ENTER]);
        p.wait_for("back-pain-plan.md.");
        p.wait_for("what next?");
        p.press(&[DOWN, DOWN, ENTER]);
        p.wait_for("back-pain-plan.ics.");
        p.wait_for("what next?");
        // Saving again never overwrites.
        p.press(&[DOWN, ENTER]);
        p.wait_for("back-pain-plan-2.md.");
        p.press(&["q"]);
        assert_eq!(p.finish(), 0);
        let md = std::fs::read_to_string(dir.path().join("back-pain-plan.md")).expect("md");
        assert!(md.starts_with("# HOME CARE"), "{md}");
        let ics = std::fs::read_to_string(dir.path().join("back-pain-plan.ics")).expect("ics");
        assert!(ics.starts_with("BEGIN:VCALENDAR"), "{ics}");
        assert!(dir.path().join("back-pain-plan-2.md").exists());
    }

    #[test]
    fn enter_with_nothing_picked_says_so_and_left_goes_back_a_question() {
        let mut p = Pty::spawn(&["ask"], 80);
        p.wait_for("Question 1 of");
        assert!(!p.seen.contains("← goes back"), "nothing before question 1");
        p.press(&[ENTER]);
        p.wait_for("Nothing is picked yet");
        p.press(&[DOWN, DOWN, ENTER]);
        p.wait_for("Question 2 of");
        p.wait_for("← goes back");
        p.press(&["\x1b[D"]);
        p.wait_for("Question 1 of");
        // Question 1 again, with its answer highlighted: Enter keeps it.
        p.press(&[ENTER]);
        p.wait_for("Question 2 of");
        // `a` ticks nothing: Enter then finds nothing ticked.
        p.press(&["a", ENTER]);
        p.wait_for("Nothing is ticked yet");
        p.press(&["\x1b"]);
        p.wait_for("Stopped: nothing was saved.");
        assert_eq!(p.finish(), 130);
    }

    #[test]
    fn yes_to_the_first_red_flag_stops_at_once_with_emergency_advice() {
        let mut p = Pty::spawn(&[], 80);
        p.wait_for("Question 1 of");
        p.wait_for("call 999");
        p.press(&[DOWN, ENTER]);
        p.wait_for("EMERGENCY");
        p.wait_for("Do not wait. Call 999 now");
        assert_eq!(p.finish(), 0);
        assert!(!p.seen.contains("Question 2 of"));
        assert!(p.seen.contains("We stopped the questions"));
    }

    #[test]
    fn at_50_columns_nothing_runs_past_the_edge() {
        let mut p = Pty::spawn(&["ask"], 50);
        answer_home_care(&mut p);
        p.wait_for("HOME CARE");
        p.wait_for("what next?");
        p.press(&["q"]);
        assert_eq!(p.finish(), 0);
        // Every line fits: the questions, and the result, which is wrapped
        // to the terminal as `assess` wraps it (no word broken by the edge).
        for line in p.seen.split(['\n', '\r']) {
            let visible = strip_escapes(line);
            assert!(
                visible.chars().count() <= 50,
                "too wide for 50 columns: {visible:?}"
            );
        }
    }

    #[test]
    fn ctrl_c_leaves_the_cursor_visible_saves_nothing_and_exits_130() {
        let dir = tempfile::tempdir().expect("temp dir");
        let saved = dir.path().join("answers.json");
        let mut p = Pty::spawn(&["ask", "--save", saved.to_str().expect("utf-8")], 80);
        p.wait_for("Question 1 of");
        p.press(&[DOWN, DOWN, ENTER]);
        p.wait_for("Question 2 of");
        // A list hides the cursor while it waits for a key.
        p.press(&[DOWN, "\x03"]);
        p.wait_for("Stopped: nothing was saved.");
        assert_eq!(p.finish(), 130);
        let hidden = p.seen.rfind(HIDE_CURSOR).expect("the list hid the cursor");
        let shown = p
            .seen
            .rfind(SHOW_CURSOR)
            .expect("the cursor is shown again");
        assert!(shown > hidden);
        assert!(!saved.exists());
    }

    #[test]
    fn ctrl_c_while_typing_and_esc_in_a_list_exit_130_too() {
        let mut p = Pty::spawn(&["ask"], 80);
        p.wait_for("Question 1 of");
        p.press(&[DOWN, DOWN, ENTER]);
        p.wait_for("Question 2 of");
        p.press(&[UP, SPACE, ENTER]);
        p.wait_for("Question 3 of");
        p.press(&["\x1b"]);
        p.wait_for("Stopped: nothing was saved.");
        assert_eq!(p.finish(), 130);

        let mut p = Pty::spawn(&["ask"], 80);
        let no = [DOWN, DOWN, ENTER];
        for n in 1..=5 {
            p.wait_for(&format!("Question {n} of"));
            p.press(match n {
                2 => &[UP, SPACE, ENTER],
                4 | 5 => &[DOWN, ENTER],
                _ => &no,
            });
        }
        p.wait_for("How old are you?");
        p.press(&["4", "\x03"]);
        p.wait_for("Stopped: nothing was saved.");
        assert_eq!(p.finish(), 130);
    }

    #[test]
    fn a_save_file_in_a_missing_directory_is_refused_before_any_question() {
        let mut p = Pty::spawn(&["ask", "--save", "/nonexistent-dir/answers.json"], 80);
        p.wait_for("is not a directory");
        assert_eq!(p.finish(), 2);
        assert!(!p.seen.contains("Question 1"));
    }

    /// The text of a line without terminal escape sequences.
    fn strip_escapes(line: &str) -> String {
        let mut out = String::new();
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\x1b' {
                if chars.peek() == Some(&'[') {
                    chars.next();
                    for c in chars.by_ref() {
                        if c.is_ascii_alphabetic() {
                            break;
                        }
                    }
                }
            } else {
                out.push(c);
            }
        }
        out
    }
}
