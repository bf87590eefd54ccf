//! No part of a rule file is dropped without a word: a number that is not
//! finite, an integer out of range, a value of the wrong type, wherever it
//! is written, is an error at its file:line:col; the rule count never
//! quietly shrinks.

use crate::common::{replace_once, rules_copy, run_with};

/// `rules check` on a directory: (exit code, stdout, stderr).
fn check(dir: &tempfile::TempDir) -> (i32, String, String) {
    run_with(&["rules", "check", dir.path().to_str().expect("utf-8")], "")
}

/// `rules/` with one more rule whose `when` is written as given.
fn with_rule(when: &str) -> tempfile::TempDir {
    rules_copy("triage.toml", |t| {
        format!(
            "{t}\n[[rule]]\nid = \"added\"\nurgency = \"routine\"\nmessage = \"m\"\nsource = \"s\"\nwhen = {when}\n"
        )
    })
}

/// The line and column of `value` within the first `written` in `file`.
fn position(dir: &tempfile::TempDir, file: &str, written: &str, value: &str) -> (usize, usize) {
    let text = std::fs::read_to_string(dir.path().join(file)).expect("read");
    let at = text.find(written).expect("written present") + written.find(value).expect("value");
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    (
        text[..at].matches('\n').count() + 1,
        text[line_start..at].chars().count() + 1,
    )
}

/// Checks that `rules check` refuses `dir` with `code` at `value`, written
/// in `written`.
fn refused_at(dir: &tempfile::TempDir, file: &str, written: &str, value: &str, code: &str) {
    let (status, stdout, stderr) = check(dir);
    let (line, col) = position(dir, file, written, value);
    assert_eq!(status, 78, "{file} with {value}: {stdout}{stderr}");
    assert!(!stderr.contains("rules ok"), "{stderr}");
    assert!(
        stderr.contains(&format!("error[{code}]")),
        "{value}: {stderr}"
    );
    assert!(
        stderr.contains(&format!("{file}:{line}:{col}")),
        "{value} at {line}:{col}: {stderr}"
    );
}

/// Checks that one more rule testing `age = value` is refused with `code`.
fn refused_in_when(value: &str, code: &str) {
    let when = format!("{{ age = {value} }}");
    refused_at(&with_rule(&when), "triage.toml", &when, value, code);
}

#[test]
fn the_untouched_copy_counts_every_rule_and_one_more_rule_counts_one_more() {
    let n = spasm_triage::RuleSet::embedded()
        .expect("embedded rules")
        .rules
        .len();
    let (status, _, stderr) = check(&rules_copy("triage.toml", |t| t));
    assert_eq!(status, 0);
    assert!(stderr.contains(&format!("rules ok: {n} rules")), "{stderr}");
    let (status, _, stderr) = check(&with_rule("{ age = 50 }"));
    assert_eq!(status, 0, "{stderr}");
    assert!(
        stderr.contains(&format!("rules ok: {} rules", n + 1)),
        "{stderr}"
    );
}

#[test]
fn numbers_that_are_not_finite_in_a_when_are_errors_not_a_vanished_rule() {
    for number in [
        "nan", "+nan", "-nan", "inf", "-inf", "+inf", "1e999", "-1e999",
    ] {
        refused_in_when(number, "bad-number");
    }
}

#[test]
fn integers_out_of_range_in_a_when_are_errors() {
    for number in [
        "99999999999999999999",
        "-99999999999999999999",
        "9007199254740993",
        "0x7fffffffffffffff",
    ] {
        refused_in_when(number, "bad-number");
    }
}

#[test]
fn comparisons_with_numbers_that_are_not_finite_are_errors() {
    for test in [
        "\">= nan\"",
        "\"< inf\"",
        "\"<= infinity\"",
        "\"between 0 and inf\"",
        "\"between nan and 50\"",
        "\"> 1e999\"",
    ] {
        refused_in_when(test, "bad-comparison");
    }
}

#[test]
fn wrong_types_in_a_when_are_errors() {
    for (value, code) in [
        ("1979-05-27", "wrong-type"),
        ("true", "wrong-type"),
        ("{ x = 1 }", "wrong-type"),
        ("[1, 2]", "wrong-type"),
    ] {
        let dir = with_rule(&format!("{{ fever = {value} }}"));
        let (status, stdout, stderr) = check(&dir);
        assert_eq!(status, 78, "{value}: {stdout}");
        assert!(
            stderr.contains(&format!("error[{code}]")),
            "{value}: {stderr}"
        );
    }
}

#[test]
fn a_bad_number_in_an_asked_when_is_an_error_not_a_question_asked_of_everyone() {
    for number in ["nan", "inf", "1e999", "99999999999999999999"] {
        let written = format!("asked_when = {{ sex = \"!= male\", age = {number} }}");
        let dir = rules_copy("questions.toml", |t| {
            replace_once(
                &t,
                "asked_when = { sex = \"!= male\", age = \"between 12 and 55\" }",
                &written,
            )
        });
        refused_at(&dir, "questions.toml", &written, number, "bad-number");
    }
}

#[test]
fn bad_numbers_in_min_max_hours_cases_and_demos_are_errors() {
    let min = rules_copy("questions.toml", |t| {
        replace_once(&t, "min = 0", "min = nan")
    });
    refused_at(&min, "questions.toml", "min = nan", "nan", "bad-number");
    let hours = rules_copy("plan.toml", |t| {
        let at = t.find("hours = ").expect("a time with hours");
        let end = at + t[at..].find('\n').expect("line end");
        format!("{}hours = 1e999{}", &t[..at], &t[end..])
    });
    refused_at(&hours, "plan.toml", "hours = 1e999", "1e999", "bad-number");
    let case = rules_copy("cases.toml", |t| {
        let at = t.find("age = ").expect("a case with an age");
        let end = at + t[at..].find('\n').expect("line end");
        format!("{}age = inf{}", &t[..at], &t[end..])
    });
    refused_at(&case, "cases.toml", "age = inf", "inf", "bad-number");
    let demo = rules_copy("demos.toml", |t| {
        let at = t.find("age = ").expect("a demo with an age");
        let end = at + t[at..].find('\n').expect("line end");
        format!("{}age = -nan{}", &t[..at], &t[end..])
    });
    refused_at(&demo, "demos.toml", "age = -nan", "-nan", "bad-number");
}

#[test]
fn a_region_s_locales_of_the_wrong_type_are_errors_not_ignored() {
    for (from, to) in [
        ("locales = [\"US\"]", "locales = \"US\""),
        ("locales = [\"US\"]", "locales = [1, \"US\"]"),
    ] {
        let dir = rules_copy("regions.toml", |t| replace_once(&t, from, to));
        let (status, stdout, stderr) = check(&dir);
        assert_eq!(status, 78, "{to}: {stdout}");
        assert!(stderr.contains("error[wrong-type]"), "{stderr}");
        assert!(
            stderr.contains("`locales` must be a list of locales"),
            "{stderr}"
        );
    }
}
