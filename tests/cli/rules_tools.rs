//! `rules check`, `rules test`, `rules show` and `demo`: the clinician's tools.

use std::path::Path;

use predicates::prelude::*;
use spasm_triage::engine::analysis;
use spasm_triage::rulebook::{cases, demos as demo};
use spasm_triage::{RuleSet, RulesSource};

use crate::common::{cmd, replace_once, repo_rules, rules_copy};

/// Removes the `[[rule]]` table with this id (up to the next `[[rule]]`).
fn without_rule(text: &str, id: &str) -> String {
    let start = text
        .find(&format!("[[rule]]\nid = \"{id}\""))
        .expect("rule present");
    let end = text[start + 8..]
        .find("[[rule]]")
        .map_or(text.len(), |i| start + 8 + i);
    format!("{}{}", &text[..start], &text[end..])
}

fn dir_arg(dir: &Path) -> &str {
    dir.to_str().expect("utf-8 path")
}

/// Runs `spasm-triage ARGS`; returns (exit code, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    let out = cmd()
        .args(["--color", "never", "--region", "uk"])
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

// --- rules check -------------------------------------------------------------

#[test]
fn check_passes_the_default_rules_and_states_what_it_proved() {
    let (code, stdout, stderr) = run(&["rules", "check"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, "");
    let rules = RuleSet::embedded().expect("loads");
    let flags = rules
        .catalog
        .questions
        .iter()
        .filter(|q| q.red_flag)
        .count();
    assert!(
        stderr.contains(&format!(
            "proven: each of the {flags} red flags gives emergency"
        )),
        "{stderr}"
    );
    let summary = stderr.lines().last().unwrap_or_default();
    assert!(
        summary.starts_with(&format!(
            "rules ok: {} rules, {} questions, ",
            rules.rules.len(),
            rules.catalog.len()
        )),
        "{summary}"
    );
    assert!(!stderr.contains("error"), "{stderr}");
}

#[test]
fn deleting_the_bladder_bowel_rule_breaks_the_red_flag_guarantee() {
    let dir = rules_copy("triage.toml", |t| {
        without_rule(&t, "cauda-equina-bladder-bowel")
    });
    // The rules still load: `assess` would run, so only the check catches it.
    assert!(RuleSet::load(&RulesSource::Dir(dir.path().to_path_buf())).is_ok());
    let (code, _, stderr) = run(&["rules", "check", dir_arg(dir.path())]);
    assert_eq!(code, 78, "{stderr}");
    assert!(
        stderr.contains(
            "error[red-flag-not-guaranteed]: red flag `bladder_bowel_change` answered yes no longer always gives emergency"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "red flag `bladder_bowel_change` answered unsure no longer always gives at least urgent"
        ),
        "{stderr}"
    );
    let questions = std::fs::read_to_string(crate::common::repo_rules().join("questions.toml"))
        .expect("read questions.toml");
    let id_at = questions
        .find("id = \"bladder_bowel_change\"")
        .expect("bladder question");
    let flag_at = questions[id_at..].find("red_flag").expect("its red_flag") + id_at;
    let line = questions[..flag_at].matches('\n').count() + 1;
    assert!(
        stderr.contains(&format!("questions.toml:{line}:12")),
        "points at the red_flag line {line}: {stderr}"
    );
    assert!(
        stderr
            .lines()
            .last()
            .unwrap_or_default()
            .starts_with("rules check failed: ")
    );
}

#[test]
fn the_global_rules_option_is_the_default_directory() {
    let dir = rules_copy("triage.toml", |t| without_rule(&t, "cauda-equina-saddle"));
    let out = cmd()
        .args(["--rules", dir_arg(dir.path()), "rules", "check"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(78));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`saddle_numbness`"));
}

#[test]
fn a_typo_in_a_question_id_shows_line_caret_and_suggestion() {
    // A small triage.toml of its own, so edits to the default rules do not
    // move the snapshot's line numbers.
    let dir = rules_copy("triage.toml", |_| {
        r#"[ruleset]
name = "typo"
version = "1"

# Row 3: saddle numbness.
[[rule]]
id = "cauda-equina-saddle"
urgency = "emergency"
when = { sadle_numbness = ["yes", "unsure"] }
message = "New numbness around the bottom or genitals needs checking in hospital now."
source = "clinical.md a.2 row 3"
"#
        .to_string()
    });
    let (code, stdout, stderr) = run(&["rules", "check", dir_arg(dir.path())]);
    assert_eq!(code, 78);
    assert_eq!(stdout, "");
    let shown = stderr.replace(dir_arg(dir.path()), "RULES");
    insta::assert_snapshot!(shown);
}

#[test]
fn a_rule_that_can_never_fire_is_an_error_at_its_line() {
    let dir = rules_copy("triage.toml", |t| {
        t + "\n[[rule]]\nid = \"young-aneurysm\"\nurgency = \"emergency\"\n\
             when = { known_aortic_aneurysm = \"yes\", age = \"< 40\" }\nmessage = \"m\"\nsource = \"s\"\n"
    });
    let (code, _, stderr) = run(&["rules", "check", dir_arg(dir.path())]);
    assert_eq!(code, 78, "{stderr}");
    assert!(
        stderr.contains("error[rule-never-fires]: rule `young-aneurysm` can never fire"),
        "{stderr}"
    );
    assert!(
        stderr.contains("`known_aortic_aneurysm` is asked only when age is at least 50 years"),
        "{stderr}"
    );
}

#[test]
fn a_rule_on_an_absent_symptom_is_only_a_warning() {
    let dir = rules_copy("triage.toml", |t| {
        t + "\n[[rule]]\nid = \"calm-without-fever\"\nurgency = \"routine\"\n\
             when = { fever = \"no\", night_pain = \"no\" }\nmessage = \"m\"\nsource = \"s\"\n"
    });
    let (code, _, stderr) = run(&["rules", "check", dir_arg(dir.path())]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("warning[absent-symptom]: rule `calm-without-fever` fires when `fever` is no but not when it is yes"),
        "{stderr}"
    );
    assert!(
        stderr
            .lines()
            .last()
            .unwrap_or_default()
            .starts_with("rules ok: ")
    );
}

#[test]
fn check_validates_cases_and_demos_with_positions() {
    let dir = rules_copy("demos.toml", |t| {
        replace_once(
            &t,
            "saddle_numbness = \"yes\"",
            "saddle_numbness = \"yess\"",
        )
    });
    let (code, _, stderr) = run(&["rules", "check", dir_arg(dir.path())]);
    assert_eq!(code, 78, "{stderr}");
    assert!(
        stderr.contains("error[invalid-answers]: demo `cauda-equina`"),
        "{stderr}"
    );
    assert!(stderr.contains("demos.toml:"), "{stderr}");

    let dir = rules_copy("cases.toml", |t| {
        replace_once(
            &t,
            "decided_by = \"cauda-equina-saddle\"",
            "decided_by = \"cauda-equina-sadle\"",
        )
    });
    let (code, _, stderr) = run(&["rules", "check", dir_arg(dir.path())]);
    assert_eq!(code, 78, "{stderr}");
    assert!(
        stderr.contains("did you mean `cauda-equina-saddle`?"),
        "{stderr}"
    );
}

#[test]
fn rules_md_documents_every_analysis_code() {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("RULES.md"))
        .expect("RULES.md");
    for (code, _, _) in analysis::CODES {
        assert!(doc.contains(&format!("`{code}`")), "RULES.md lacks {code}");
    }
}

// --- rules test --------------------------------------------------------------

#[test]
fn rules_test_on_the_defaults_passes_every_case() {
    let rules = RuleSet::embedded().expect("loads");
    let count = cases::load(&RulesSource::Embedded, &rules)
        .expect("cases")
        .len();
    let (code, stdout, stderr) = run(&["rules", "test"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, format!("{count} passed, 0 failed\n"));
}

#[test]
fn a_broken_case_fails_with_what_was_expected_and_what_fired() {
    let dir = rules_copy("cases.toml", |t| {
        replace_once(
            &t,
            "answers = {}\nexpect = \"self_care\"",
            "answers = { fever = \"yes\" }\nexpect = \"self_care\"",
        )
    });
    let (code, stdout, stderr) = run(&["rules", "test", dir_arg(dir.path())]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.contains("FAIL base answers ("), "{stdout}");
    assert!(
        stdout.contains("  expected: self_care, with no rule firing\n"),
        "{stdout}"
    );
    assert!(stdout.contains("  got:      urgent\n"), "{stdout}");
    assert!(stdout.contains("  fired:    fever (urgent)\n"), "{stdout}");
    let total = stdout.lines().last().unwrap_or_default();
    let rules = RuleSet::embedded().expect("loads");
    let count = cases::load(&RulesSource::Embedded, &rules)
        .expect("cases")
        .len();
    assert_eq!(total, format!("{} passed, 1 failed", count - 1));
    assert!(
        stderr.contains(&format!("error: 1 of {count} cases failed")),
        "{stderr}"
    );
}

#[test]
fn rules_test_without_cases_says_which_file_is_missing() {
    let dir = rules_copy("triage.toml", |t| t);
    std::fs::remove_file(dir.path().join("cases.toml")).expect("remove");
    let (code, _, stderr) = run(&["rules", "test", dir_arg(dir.path())]);
    assert_eq!(code, 78);
    assert!(
        stderr.contains("cases.toml: is missing: `rules test` runs the clinical cases"),
        "{stderr}"
    );
    // `rules check` notes it, and still passes.
    let (code, _, stderr) = run(&["rules", "check", dir_arg(dir.path())]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("note: no cases.toml"), "{stderr}");
}

#[test]
fn rules_test_with_invalid_rules_exits_78() {
    let dir = rules_copy("triage.toml", |t| {
        replace_once(&t, "urgency = \"emergency\"", "urgency = \"emergncy\"")
    });
    let (code, stdout, stderr) = run(&["rules", "test", dir_arg(dir.path())]);
    assert_eq!(code, 78);
    assert_eq!(stdout, "");
    assert!(stderr.contains("did you mean `emergency`?"), "{stderr}");
}

// --- rules show ----------------------------------------------------------------

#[test]
fn show_lists_every_rule_most_urgent_first_in_plain_words() {
    let out = cmd()
        .env("COLUMNS", "90")
        .args(["rules", "show"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    let rules = RuleSet::embedded().expect("loads");
    for rule in &rules.rules {
        assert!(text.contains(&rule.id), "{} missing", rule.id);
    }
    assert!(
        text.contains("bladder_bowel_change is yes or unsure"),
        "{text}"
    );
    let first_routine = text.find("\n routine").expect("a routine rule");
    let last_emergency = text.rfind("\n emergency").expect("an emergency rule");
    assert!(last_emergency < first_routine, "most urgent first");
    for line in text.lines() {
        assert!(line.chars().count() <= 90, "too wide: {line}");
    }
}

#[test]
fn show_markdown_has_a_heading_and_table_per_urgency() {
    let (code, stdout, _) = run(&["rules", "show", "--format", "markdown"]);
    assert_eq!(code, 0);
    let emergency = stdout.find("\n## Emergency").expect("emergency heading");
    let urgent = stdout.find("\n## Urgent").expect("urgent heading");
    let routine = stdout.find("\n## Routine").expect("routine heading");
    assert!(emergency < urgent && urgent < routine);
    assert!(
        stdout.contains(
            "| `cauda-equina-bladder-bowel` | bladder_bowel_change is yes or unsure | GIRFT CES pathway; NHS back pain |"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("onset_hours_ago is at least 336 hours (2 weeks)"),
        "{stdout}"
    );
}

// --- demo --------------------------------------------------------------------------

#[test]
fn demo_without_a_name_lists_every_scenario() {
    let rules = RuleSet::embedded().expect("loads");
    let demos = demo::load(&RulesSource::Embedded, &rules).expect("demos load");
    assert!(demos.len() >= 7);
    let (code, stdout, _) = run(&["demo"]);
    assert_eq!(code, 0);
    for d in &demos {
        assert!(
            stdout.contains(&format!("  {}", d.name)),
            "{} missing",
            d.name
        );
        assert!(stdout.contains(&d.title));
    }
}

#[test]
fn each_demo_gives_the_decision_its_story_is_about() {
    let expected = [
        ("weekend-warrior", "HOME CARE"),
        ("cauda-equina", "EMERGENCY"),
        ("fever-injecting-drugs", "EMERGENCY"),
        ("older-first-episode", "BOOK AN APPOINTMENT"),
        ("pregnancy", "BOOK AN APPOINTMENT"),
        ("not-settling", "BOOK AN APPOINTMENT"),
        ("foot-drop", "SEE A DOCTOR TODAY"),
        ("chest-pressure", "EMERGENCY"),
    ];
    for (name, banner) in expected {
        let (code, stdout, stderr) = run(&["demo", name]);
        assert_eq!(code, 0, "{name}: {stderr}");
        assert!(
            stdout.contains(&format!("\n{banner}: ")),
            "{name}: {stdout}"
        );
    }
}

#[test]
fn a_demo_shows_answers_decision_plan_and_the_rules_that_fired() {
    let (code, stdout, _) = run(&["demo", "cauda-equina"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("Cauda equina: new bladder trouble and numbness\n\nPriya, 45,"));
    assert!(stdout.contains("How old are you?"), "{stdout}");
    assert!(stdout.contains("45 years"), "{stdout}");
    // Skipped questions are left out: not pregnant, so no pregnancy warning signs.
    assert!(!stdout.contains("tightenings"), "{stdout}");
    assert!(stdout.contains("EMERGENCY: Call 999 now"), "{stdout}");
    assert!(
        stdout.contains("How the rules decided: every rule that fired"),
        "{stdout}"
    );
    assert!(stdout.contains("cauda-equina-bladder-bowel"), "{stdout}");
    assert!(stdout.contains("bladder_bowel_change: Yes"), "{stdout}");
    let answers = stdout.find("How old are you?").expect("answers");
    let decision = stdout.find("EMERGENCY").expect("decision");
    let why = stdout.find("How the rules decided").expect("why");
    assert!(answers < decision && decision < why);
}

#[test]
fn an_unknown_demo_is_a_usage_error_with_a_suggestion() {
    let (code, stdout, stderr) = run(&["demo", "cauda-equin"]);
    assert_eq!(code, 2);
    assert_eq!(stdout, "");
    assert!(
        stderr.contains("there is no demo `cauda-equin`: did you mean `cauda-equina`?"),
        "{stderr}"
    );
}

#[test]
fn step_needs_a_terminal() {
    cmd()
        .args(["demo", "--step", "pregnancy"])
        .write_stdin("\n")
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("--step"));
}

#[test]
fn a_rules_directory_without_demos_says_so() {
    let dir = rules_copy("triage.toml", |t| t);
    std::fs::remove_file(dir.path().join("demos.toml")).expect("remove");
    let (code, _, stderr) = run(&["--rules", dir_arg(dir.path()), "demo"]);
    assert_eq!(code, 78);
    assert!(stderr.contains("demos.toml: is missing"), "{stderr}");
    // `rules check` does not require demos.
    let (code, _, stderr) = run(&["rules", "check", dir_arg(dir.path())]);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn the_repository_rules_and_the_embedded_ones_agree() {
    let (code, _, stderr) = run(&["rules", "check", dir_arg(&repo_rules())]);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn allow_accepts_a_warning_for_one_rule_and_checks_its_codes() {
    // The defaults accept three redundant rules, with a comment saying why.
    let (code, _, stderr) = run(&["rules", "check"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("3 warnings are accepted with `allow`"),
        "{stderr}"
    );
    assert!(stderr.ends_with("0 warnings\n"), "{stderr}");

    // Without its `allow`, the warning is back.
    let dir = rules_copy("triage.toml", |t| {
        let at = t.find("id = \"urinary-with-fever\"").expect("rule");
        let allow = t[at..]
            .find("allow = [\"redundant-rule\"]\n")
            .expect("its allow")
            + at;
        format!(
            "{}{}",
            &t[..allow],
            &t[allow + "allow = [\"redundant-rule\"]\n".len()..]
        )
    });
    let (code, _, stderr) = run(&["rules", "check", dir_arg(dir.path())]);
    assert_eq!(code, 0, "warnings only: {stderr}");
    assert!(
        stderr.contains("warning[redundant-rule]: rule `urinary-with-fever`"),
        "{stderr}"
    );

    // A code that is not a warning is itself a warning, with a suggestion.
    let dir = rules_copy("triage.toml", |t| {
        t.replacen(
            "allow = [\"redundant-rule\"]",
            "allow = [\"redundant-rules\"]",
            1,
        )
    });
    let (_, _, stderr) = run(&["rules", "check", dir_arg(dir.path())]);
    assert!(stderr.contains("warning[unknown-allow]"), "{stderr}");
    assert!(
        stderr.contains("did you mean `redundant-rule`?"),
        "{stderr}"
    );
}

#[test]
fn rules_init_writes_an_editable_copy_and_keeps_existing_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mine = dir.path().join("mine");
    let (code, stdout, _) = run(&["rules", "init", dir_arg(&mine)]);
    assert_eq!(code, 0);
    assert!(stdout.contains("spasm-triage rules check"), "{stdout}");
    // The copy is the embedded rule set, byte for byte (same hash), and passes.
    let copy = RuleSet::load(&RulesSource::Dir(mine.clone())).expect("the copy loads");
    assert_eq!(
        copy.id.sha256,
        RuleSet::embedded().expect("loads").id.sha256
    );
    let (code, _, _) = run(&["rules", "test", dir_arg(&mine)]);
    assert_eq!(code, 0);
    // A second init would overwrite edits: refused unless --force.
    std::fs::write(mine.join("triage.toml"), "# edited\n").expect("edit");
    let (code, _, stderr) = run(&["rules", "init", dir_arg(&mine)]);
    assert_eq!(code, 2);
    assert!(stderr.contains("already exist; use --force"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(mine.join("triage.toml")).expect("read"),
        "# edited\n"
    );
    let (code, _, _) = run(&["rules", "init", "--force", dir_arg(&mine)]);
    assert_eq!(code, 0);
    assert_ne!(
        std::fs::read_to_string(mine.join("triage.toml")).expect("read"),
        "# edited\n"
    );
}

#[test]
fn a_demo_tells_its_plan_on_one_clock() {
    // The scenario's time: Sat 21 Nov 10:00, the spasm some hours before.
    let (code, stdout, _) = run(&["demo", "weekend-warrior"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("What to do today (Sat 21 Nov)"), "{stdout}");
    assert!(stdout.contains("heat from Mon 23 Nov"), "{stdout}");
    // Told later, every date moves with it: no past date in front of a patient.
    let (code, stdout, _) = run(&["demo", "weekend-warrior", "--now", "2026-12-03T09:00:00Z"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("What to do today (Thu 3 Dec)"), "{stdout}");
    assert!(stdout.contains("heat from Sat 5 Dec"), "{stdout}");
    assert!(!stdout.contains("Nov,"), "{stdout}");
}
