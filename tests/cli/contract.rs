//! Contract discovery and shell conventions: `schema`, `questions`,
//! `completions`, `man`, `--version`.

use std::sync::OnceLock;

use predicates::prelude::*;
use serde_json::{Value, json};
use spasm_triage::RuleSet;

use crate::common::{assess_json, cmd, well, well_with};

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::embedded().expect("embedded rules load"))
}

fn schema(which: &str) -> Value {
    let out = cmd().args(["schema", which]).output().expect("runs");
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).expect("the schema is JSON")
}

fn validator(which: &str) -> jsonschema::Validator {
    let schema = schema(which);
    assert!(
        jsonschema::draft202012::meta::is_valid(&schema),
        "the {which} schema is not a valid draft 2020-12 schema"
    );
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles")
}

/// Whether `assess --partial` accepts the answers (names, types, ranges).
fn assess_accepts(answers: &Value) -> bool {
    let (code, _, stderr) = assess_json(answers, &["--partial"]);
    assert!(code == 0 || code == 65, "exit {code}: {stderr}");
    code == 0
}

/// The JSON objects given as single-quoted arguments in the README's shell examples.
fn readme_answers() -> Vec<Value> {
    let readme = include_str!("../../README.md");
    readme
        .lines()
        .filter(|l| l.starts_with("$ "))
        .flat_map(|l| l.split('\'').skip(1).step_by(2))
        .filter_map(|arg| serde_json::from_str::<Value>(arg).ok())
        .filter(Value::is_object)
        .collect()
}

#[test]
fn readme_answers_examples_validate_exactly_when_assess_accepts_them() {
    let answers = validator("answers");
    let examples = readme_answers();
    assert!(examples.len() >= 4, "examples found: {examples:?}");
    assert!(examples.iter().any(|e| answers.is_valid(e)));
    assert!(
        examples.iter().any(|e| !answers.is_valid(e)),
        "the typo example"
    );
    for example in &examples {
        assert_eq!(
            answers.is_valid(example),
            assess_accepts(example),
            "schema and assess disagree on {example}"
        );
    }
}

#[test]
fn answers_schema_agrees_with_assess() {
    let answers = validator("answers");
    let cases = [
        well(),
        well_with(json!({"fever": true, "night_pain": false})),
        well_with(json!({"saddle_numbnes": "yes"})),
        well_with(json!({"age": 121})),
        well_with(json!({"age": 35.5})),
        well_with(json!({"age": "35"})),
        well_with(json!({"onset_hours_ago": -1})),
        well_with(json!({"onset_hours_ago": 2.5})),
        well_with(json!({"leg_symptoms": "both"})),
        well_with(json!({"fever": "maybe"})),
        well_with(json!({"fever": null})),
        well_with(json!({"onset": "2026-11-20T08:00:00Z"})),
        json!({"onset": "2026-11-20T08:00:00Z"}),
        json!({"onset": "yesterday"}),
        json!({"sex": "female", "pregnant": "unsure"}),
        json!([]),
    ];
    for case in &cases {
        assert_eq!(
            answers.is_valid(case),
            assess_accepts(case),
            "schema and assess disagree on {case}"
        );
    }
}

#[test]
fn answers_schema_lists_every_question_with_its_type() {
    let schema = schema("answers");
    let properties = schema["properties"].as_object().expect("properties");
    for q in &rules().catalog.questions {
        assert!(properties.contains_key(&q.id), "no property for {}", q.id);
    }
    assert_eq!(schema["additionalProperties"], false);
    assert_eq!(properties["age"]["type"], "integer");
    assert_eq!(properties["age"]["maximum"], 120);
    assert_eq!(properties["onset"]["format"], "date-time");
    assert_eq!(
        properties["saddle_numbness"]["enum"],
        json!(["no", "unsure", "yes", true, false])
    );
}

#[test]
fn answers_schema_follows_an_edited_copy_of_the_rules() {
    let dir = crate::common::rules_copy("questions.toml", |t| {
        assert!(
            t.contains("min = 0\nmax = 120\nunit = \"years\""),
            "fixture text"
        );
        t.replacen(
            "min = 0\nmax = 120\nunit = \"years\"",
            "min = 0\nmax = 110\nunit = \"years\"",
            1,
        )
    });
    let out = cmd()
        .args([
            "--rules",
            dir.path().to_str().expect("utf-8"),
            "schema",
            "answers",
        ])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let schema: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(schema["properties"]["age"]["maximum"], 110);
}

#[test]
fn real_results_validate_against_the_result_schema() {
    let result = validator("result");
    for answers in [
        well(),
        json!({"bladder_bowel_change": "yes"}),
        well_with(json!({"fever": "yes", "cancer_history": "unsure"})),
        well_with(json!({"age": 72, "known_aortic_aneurysm": "no", "sudden_severe_onset": "no"})),
    ] {
        let (code, output, _) = assess_json(&answers, &[]);
        assert_eq!(code, 0);
        if let Err(e) = result.validate(&output) {
            panic!("{e} in {output}");
        }
    }
    let batch = cmd()
        .args(["batch", "-q", "-"])
        .write_stdin(format!(
            "{}\n{}\n",
            well(),
            json!({"saddle_numbness": "unsure"})
        ))
        .output()
        .expect("runs");
    for line in String::from_utf8_lossy(&batch.stdout).lines() {
        let v: Value = serde_json::from_str(line).expect("JSON");
        assert!(result.is_valid(&v), "{line}");
    }
    assert!(!result.is_valid(&json!({"urgency": "emergency"})));
}

#[test]
fn questions_list_the_catalog() {
    let out = cmd()
        .args(["questions", "--format", "json"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let listing: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let ids: Vec<&str> = listing["questions"]
        .as_array()
        .expect("questions")
        .iter()
        .map(|q| q["id"].as_str().expect("id"))
        .collect();
    let catalog: Vec<&str> = rules()
        .catalog
        .questions
        .iter()
        .map(|q| q.id.as_str())
        .collect();
    assert_eq!(ids, catalog);
    let pregnant = listing["questions"]
        .as_array()
        .and_then(|qs| qs.iter().find(|q| q["id"] == "pregnant"))
        .expect("pregnant");
    assert_eq!(pregnant["type"], "tristate");
    assert!(
        pregnant["asked_when"]
            .as_str()
            .is_some_and(|w| w.contains("age is between 12 and 55")),
        "{pregnant}"
    );
    cmd()
        .arg("questions")
        .assert()
        .success()
        .stdout(predicate::str::contains("leg_weakness: one of \"none\""))
        .stdout(predicate::str::contains("known_aortic_aneurysm: \"yes\", \"no\" or \"unsure\" (or true/false); asked when age is at least 50"));
}

#[test]
fn completions_for_each_shell() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef spasm-triage"),
        ("fish", "complete -c spasm-triage"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        cmd()
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(predicate::str::contains(marker))
            .stdout(predicate::str::contains("batch"));
    }
    cmd().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn man_page_in_roff() {
    cmd()
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::starts_with(".ie"))
        .stdout(predicate::str::contains(".TH spasm-triage 1"))
        .stdout(predicate::str::contains("batch"));
    let dir = tempfile::tempdir().expect("temp dir");
    cmd()
        .args(["man", "--dir"])
        .arg(dir.path())
        .assert()
        .success();
    assert!(dir.path().join("spasm-triage-batch.1").is_file());
}

#[test]
fn version_names_the_embedded_rules() {
    let id = &rules().id;
    cmd().arg("--version").assert().success().stdout(format!(
        "spasm-triage {} (rules: {} {})\n",
        env!("CARGO_PKG_VERSION"),
        id.name,
        id.version
    ));
}

#[test]
fn every_command_has_examples_in_its_help() {
    for command in [
        "assess",
        "batch",
        "schema",
        "questions",
        "completions",
        "man",
    ] {
        cmd()
            .args([command, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("Examples:"));
    }
}
