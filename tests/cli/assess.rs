//! `spasm-triage assess`: the JSON contract, validation and exit codes.

use predicates::prelude::*;
use serde_json::json;

use crate::common::{assess_json, cmd, well, well_with};

#[test]
fn new_bladder_trouble_alone_is_an_emergency() {
    let (code, result, _) = assess_json(&json!({"bladder_bowel_change": "yes"}), &[]);
    assert_eq!(code, 0);
    assert_eq!(result["urgency"], "emergency");
    assert_eq!(result["disposition"], "emergency");
    assert_eq!(result["reasons"][0]["rule"], "cauda-equina-bladder-bowel");
    let unanswered = result["unanswered"].as_array().expect("array");
    assert!(unanswered.iter().any(|v| v == "saddle_numbness"));
}

#[test]
fn classic_lifting_spasm_30_hours_ago_is_home_care() {
    let (code, result, stderr) = assess_json(&well(), &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(result["disposition"], "home_care");
    assert_eq!(result["urgency"], "self_care");
    assert_eq!(result["reasons"], json!([]));
    assert_eq!(result["unanswered"], json!([]));
}

#[test]
fn result_has_every_contract_field() {
    let (_, result, _) = assess_json(&well(), &[]);
    for field in [
        "schema_version",
        "disposition",
        "urgency",
        "reasons",
        "plan",
        "unanswered",
        "rules",
    ] {
        assert!(result.get(field).is_some(), "missing field {field}");
    }
    assert_eq!(result["schema_version"], 1);
    assert_eq!(result["rules"]["source"], "embedded");
    assert_eq!(result["rules"]["sha256"].as_str().map(str::len), Some(64));
}

#[test]
fn a_typo_in_a_key_exits_65_with_a_suggestion() {
    cmd()
        .args(["assess", "-"])
        .write_stdin(well_with(json!({"saddle_numbnes": "yes"})).to_string())
        .assert()
        .code(65)
        .stdout("")
        .stderr(predicate::str::contains("did you mean `saddle_numbness`?"));
}

#[test]
fn wrong_types_and_ranges_name_the_question_and_what_it_accepts() {
    let (code, _, stderr) = assess_json(&well_with(json!({"age": 130, "pain_trend": "up"})), &[]);
    assert_eq!(code, 65);
    assert!(
        stderr.contains("`age` must be a whole number from 0 to 120; got 130"),
        "{stderr}"
    );
    assert!(
        stderr.contains("`pain_trend` must be one of \"better\", \"same\" or \"worse\""),
        "{stderr}"
    );
}

#[test]
fn all_missing_answers_are_listed_at_once() {
    let mut answers = well();
    let map = answers.as_object_mut().expect("object");
    map.remove("fever");
    map.remove("age");
    let (code, _, stderr) = assess_json(&answers, &[]);
    assert_eq!(code, 65);
    assert!(
        stderr.contains("`age`") && stderr.contains("`fever`"),
        "{stderr}"
    );
    assert!(stderr.contains("--partial"), "{stderr}");
}

#[test]
fn partial_treats_a_missing_red_flag_as_unsure() {
    let mut answers = well();
    answers
        .as_object_mut()
        .expect("object")
        .remove("saddle_numbness");
    let (code, result, _) = assess_json(&answers, &["--partial"]);
    assert_eq!(code, 0);
    assert_eq!(result["urgency"], "emergency");
    assert_eq!(result["unanswered"], json!(["saddle_numbness"]));
}

#[test]
fn true_and_false_are_accepted_for_tristates() {
    let (code, result, _) = assess_json(&well_with(json!({"saddle_numbness": true})), &[]);
    assert_eq!(code, 0);
    assert_eq!(result["urgency"], "emergency");
    let (_, result, _) = assess_json(&well_with(json!({"fever": false})), &[]);
    assert_eq!(result["urgency"], "self_care");
}

#[test]
fn onset_timestamp_stands_in_for_onset_hours() {
    let mut answers = well();
    let map = answers.as_object_mut().expect("object");
    map.remove("onset_hours_ago");
    map.insert("onset".into(), json!("2026-11-20T04:00:00Z"));
    let (code, result, stderr) = assess_json(&answers, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(result["urgency"], "self_care");
}

#[test]
fn onset_and_onset_hours_together_are_rejected() {
    let answers = well_with(json!({"onset": "2026-11-20T04:00:00Z"}));
    let (code, _, stderr) = assess_json(&answers, &[]);
    assert_eq!(code, 65);
    assert!(
        stderr.contains("give either `onset` or `onset_hours_ago`"),
        "{stderr}"
    );
}

#[test]
fn an_onset_in_the_future_is_rejected() {
    let mut answers = well();
    let map = answers.as_object_mut().expect("object");
    map.remove("onset_hours_ago");
    map.insert("onset".into(), json!("2026-11-22T04:00:00Z"));
    let (code, _, stderr) = assess_json(&answers, &[]);
    assert_eq!(code, 65);
    assert!(stderr.contains("is in the future"), "{stderr}");
}

#[test]
fn unreadable_input_file_exits_66() {
    cmd()
        .args(["assess", "/no/such/answers.json"])
        .assert()
        .code(66)
        .stderr(predicate::str::contains(
            "/no/such/answers.json: no such file or directory",
        ));
}

#[test]
fn text_output_leads_with_what_to_do() {
    cmd()
        .args(["assess", "-"])
        .write_stdin(json!({"bladder_bowel_change": "yes"}).to_string())
        .assert()
        .success()
        .stdout(predicate::str::starts_with("EMERGENCY"));
}

#[test]
fn answers_for_questions_not_asked_are_used_all_the_same() {
    // known_aortic_aneurysm is asked from age 50; given at 35 it still counts.
    let (code, result, _) = assess_json(&well_with(json!({"known_aortic_aneurysm": "yes"})), &[]);
    assert_eq!(code, 0);
    assert_eq!(result["urgency"], "emergency");
    assert_eq!(result["reasons"][0]["rule"], "known-aortic-aneurysm");
    let (code, result, _) = assess_json(&well_with(json!({"known_aortic_aneurysm": "no"})), &[]);
    assert_eq!(code, 0);
    assert_eq!(result["urgency"], "self_care");
}

#[test]
fn rules_dir_is_named_in_the_result() {
    let dir = crate::common::repo_rules();
    let (code, result, _) = assess_json(&well(), &["--rules", dir.to_str().expect("utf-8 path")]);
    assert_eq!(code, 0);
    assert_eq!(result["rules"]["source"], dir.display().to_string());
}

#[test]
fn an_unknown_region_suggests_the_one_meant() {
    for (given, hint) in [
        ("gb", "did you mean `uk`, United Kingdom?"),
        ("usa", "did you mean `us`?"),
    ] {
        cmd()
            .args(["--region", given, "assess", "--partial", "-"])
            .write_stdin("{}")
            .assert()
            .code(2)
            .stderr(predicate::str::contains(hint))
            .stderr(predicate::str::contains(
                "use one of us, uk, eu, au, ca, other",
            ));
    }
}
