//! Broken rule files: every problem reported with file:line:col, exit 78.

use predicates::prelude::*;
use spasm_triage::{RuleSet, RulesError, RulesSource};

use crate::common::{cmd, line_of, replace_once, rules_copy, well};

/// The (line, column, code) of every diagnostic for an edited triage.toml.
fn diagnostics(file: &str, from: &str, to: &str) -> Vec<(String, &'static str)> {
    let dir = rules_copy(file, |t| replace_once(&t, from, to));
    match RuleSet::load(&RulesSource::Dir(dir.path().to_path_buf())) {
        Err(RulesError::Invalid(diags)) => diags
            .items
            .iter()
            .map(|d| {
                let loc = diags.location(d);
                let short = loc.rsplit('/').next().unwrap_or(&loc).to_string();
                (short, d.code)
            })
            .collect(),
        Err(e) => panic!("unexpected error: {e}"),
        Ok(_) => Vec::new(),
    }
}

#[test]
fn unknown_question_in_a_rule_exits_78_with_position() {
    let needle = "when = { saddle_numbness";
    let line = line_of("triage.toml", needle);
    let dir = rules_copy("triage.toml", |t| {
        replace_once(&t, needle, "when = { sadle_numbness")
    });
    cmd()
        .args([
            "--rules",
            dir.path().to_str().expect("utf-8"),
            "assess",
            "-",
        ])
        .write_stdin(well().to_string())
        .assert()
        .code(78)
        .stdout("")
        .stderr(predicate::str::contains(format!("triage.toml:{line}:10")))
        .stderr(predicate::str::contains(
            "`sadle_numbness` is not a question id",
        ))
        .stderr(predicate::str::contains("did you mean `saddle_numbness`?"));
}

#[test]
fn error_positions_are_exact() {
    let needle = "when = { saddle_numbness";
    let line = line_of("triage.toml", needle);
    let table: &[(&str, &str, &str, String, &str)] = &[
        (
            "triage.toml",
            needle,
            "when = { sadle_numbness",
            format!("triage.toml:{line}:10"),
            "unknown-question",
        ),
        (
            "triage.toml",
            "saddle_numbness = [\"yes\", \"unsure\"]",
            "saddle_numbness = [\"yes\", \"unsur\"]",
            format!("triage.toml:{line}:36"),
            "unknown-option",
        ),
        (
            "triage.toml",
            "urgency = \"emergency\"",
            "urgency = \"emergncy\"",
            format!(
                "triage.toml:{}:11",
                line_of("triage.toml", "urgency = \"emergency\"")
            ),
            "unknown-urgency",
        ),
        (
            "triage.toml",
            "urgency = \"emergency\"",
            "urgncy = \"emergency\"",
            format!(
                "triage.toml:{}:1",
                line_of("triage.toml", "urgency = \"emergency\"")
            ),
            "unknown-key",
        ),
    ];
    for (file, from, to, loc, code) in table {
        let found = diagnostics(file, from, to);
        assert!(
            found.iter().any(|(l, c)| l == loc && c == code),
            "{to}: expected {code} at {loc}, got {found:?}"
        );
    }
}

#[test]
fn every_error_is_reported_not_only_the_first() {
    let dir = rules_copy("triage.toml", |t| {
        let t = replace_once(&t, "when = { saddle_numbness", "when = { sadle_numbness");
        replace_once(&t, "urgency = \"emergency\"", "urgency = \"emergncy\"")
    });
    let err = RuleSet::load(&RulesSource::Dir(dir.path().to_path_buf())).expect_err("invalid");
    let RulesError::Invalid(diags) = err else {
        panic!("expected diagnostics")
    };
    assert!(diags.error_count() >= 2, "{diags}");
}

#[test]
fn duplicate_rule_ids_are_an_error() {
    let dir = rules_copy("triage.toml", |t| {
        let first = t.find("id = \"").expect("a rule id");
        let end = t[first + 6..].find('"').expect("closing quote") + first + 6;
        let id = t[first + 6..end].to_string();
        let second = t[end..].find("id = \"").expect("second rule") + end;
        let second_end = t[second + 6..].find('"').expect("quote") + second + 6;
        format!("{}id = \"{id}{}", &t[..second], &t[second_end..])
    });
    let err = RuleSet::load(&RulesSource::Dir(dir.path().to_path_buf())).expect_err("invalid");
    assert!(err.to_string().contains("is used twice"), "{err}");
}

#[test]
fn a_toml_syntax_error_points_at_the_line() {
    let dir = rules_copy("questions.toml", |t| format!("{t}\n[[question]\n"));
    let err = RuleSet::load(&RulesSource::Dir(dir.path().to_path_buf())).expect_err("invalid");
    assert!(err.to_string().contains("toml-syntax"), "{err}");
}

#[test]
fn one_missing_bracket_is_one_error_not_a_cascade() {
    for (file, from, to) in [
        ("triage.toml", "\"unsure\"] }", "\"unsure\" }"),
        (
            "questions.toml",
            "label = \"Not sure\" },\n]",
            "label = \"Not sure\" },\n",
        ),
        ("triage.toml", "[[rule]]", "[[rule]"),
    ] {
        let found = diagnostics(file, from, to);
        let first: Vec<_> = found.iter().take(3).collect();
        assert_eq!(found.len(), 1, "{file} without `{from}`: {first:?}...");
        assert_eq!(found[0].1, "toml-syntax");
    }
}

#[test]
fn a_missing_rules_directory_exits_78() {
    cmd()
        .args(["--rules", "/no/such/rules", "assess", "-"])
        .write_stdin(well().to_string())
        .assert()
        .code(78)
        .stderr(predicate::str::contains("/no/such/rules"));
}

#[test]
fn embedded_rules_load_without_diagnostics() {
    let rules = RuleSet::embedded().expect("embedded rules load");
    assert!(rules.rules.len() >= 30);
    for id in [
        "age",
        "onset_hours_ago",
        "bladder_bowel_change",
        "pregnancy_warning_signs",
        "paracetamol_cautions",
    ] {
        assert!(rules.catalog.lookup(id).is_some(), "catalog lacks {id}");
    }
}
