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

/// Whether `assess` accepts the answers; `None` when it accepts them only
/// because the answers given already decide emergency, which the schema
/// cannot see (its description says so).
fn assess_accepts(answers: &Value) -> Option<bool> {
    let (code, result, stderr) = assess_json(answers, &[]);
    assert!(code == 0 || code == 65, "exit {code}: {stderr}");
    verdict(code == 0, &result)
}

fn verdict(accepted: bool, result: &Value) -> Option<bool> {
    if accepted
        && result["unanswered"]
            .as_array()
            .is_some_and(|u| !u.is_empty())
    {
        assert_eq!(result["urgency"], "emergency", "{result}");
        return None;
    }
    Some(accepted)
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
    assert!(
        examples.iter().any(|e| !answers.is_valid(e)),
        "the typo example"
    );
    for example in &examples {
        if let Some(accepted) = assess_accepts(example) {
            assert_eq!(
                answers.is_valid(example),
                accepted,
                "schema and assess disagree on {example}"
            );
        }
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
        if let Some(accepted) = assess_accepts(case) {
            assert_eq!(
                answers.is_valid(case),
                accepted,
                "schema and assess disagree on {case}"
            );
        }
    }
}

/// A small deterministic generator (xorshift), so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// A random answers object: complete with the gated questions left out at
/// random, or with one or two answers left out, or with one answer wrong;
/// the onset as hours, a time, both or neither.
fn random_answers(rng: &mut Rng) -> Value {
    use spasm_triage::model::catalog::Kind;
    let questions = &rules().catalog.questions;
    let mode = rng.below(3);
    let mut object = serde_json::Map::new();
    for q in questions {
        if (q.asked_when.is_some() || q.optional) && rng.below(2) == 0 {
            continue;
        }
        let value = match &q.kind {
            Kind::Tristate => [
                json!("yes"),
                json!("no"),
                json!("unsure"),
                json!(true),
                json!(false),
            ][rng.below(5) as usize]
                .clone(),
            Kind::Choice { options } => {
                json!(options[rng.below(options.len() as u64) as usize].value)
            }
            Kind::Int { min, max } | Kind::Number { min, max } => {
                let max = max.unwrap_or(2000.0).min(2000.0);
                json!((min + (rng.below(1000) as f64 / 1000.0) * (max - min)).round())
            }
            other => panic!("no generator for questions of kind {other:?}"),
        };
        object.insert(q.id.clone(), value);
    }
    let pick = |rng: &mut Rng| {
        questions[rng.below(questions.len() as u64) as usize]
            .id
            .clone()
    };
    match mode {
        1 => {
            for _ in 0..=rng.below(2) {
                object.remove(&pick(rng));
            }
        }
        2 => {
            let wrong =
                [json!("maybe"), json!(-1), Value::Null, json!(2.5)][rng.below(4) as usize].clone();
            object.insert(pick(rng), wrong);
        }
        _ => {}
    }
    if rng.below(4) == 0 {
        object.insert("onset".to_string(), json!("2026-11-20T08:00:00Z"));
        if rng.below(3) > 0 {
            object.remove("onset_hours_ago");
        }
    }
    Value::Object(object)
}

#[test]
fn generated_answers_get_the_same_verdict_from_the_schema_and_assess() {
    let schema = validator("answers");
    let rules = rules();
    let options = spasm_triage::ParseOptions::new(
        spasm_triage::Missing::Reject,
        "2026-11-21T10:00:00Z".parse().expect("time"),
    );
    let mut rng = Rng(0x5eed_1234_abcd);
    let (mut valid, mut invalid, mut emergency_only) = (0, 0, 0);
    for _ in 0..4000 {
        let answers = random_answers(&mut rng);
        let decided = spasm_triage::decide(rules, &answers.to_string(), options);
        let result = decided.as_ref().map_or(Value::Null, |d| {
            json!({
                "urgency": d.urgency.as_str(),
                "unanswered": d.answers.unanswered.iter().collect::<Vec<_>>(),
            })
        });
        let Some(accepted) = verdict(decided.is_ok(), &result) else {
            emergency_only += 1;
            assert!(!schema.is_valid(&answers), "{answers}");
            continue;
        };
        if accepted {
            valid += 1;
        } else {
            invalid += 1;
        }
        assert_eq!(
            schema.is_valid(&answers),
            accepted,
            "schema and assess disagree on {answers}: {:?}",
            decided.err().map(|e| e.to_string())
        );
    }
    assert!(
        valid > 200 && invalid > 200,
        "{valid} valid, {invalid} invalid, {emergency_only} decided by emergency alone"
    );
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
        pregnant["asked_when_text"]
            .as_str()
            .is_some_and(|w| w.contains("age is between 12 and 55")),
        "{pregnant}"
    );
    assert_eq!(
        pregnant["asked_when"],
        json!({"all": [
            {"question": "sex", "one_of": ["female", "other"]},
            {"question": "age", "between": [12, 55]}
        ]}),
        "the condition as data"
    );
    let schema = schema("questions");
    let v = jsonschema::draft202012::options()
        .build(&schema)
        .expect("compiles");
    if let Err(e) = v.validate(&listing) {
        panic!("{e}");
    }
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
    let out = cmd().arg("man").output().expect("runs");
    assert!(out.status.success());
    let page = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(page.starts_with(".TH SPASM\\-TRIAGE 1 "), "{}", &page[..80]);
    for section in [
        "OPTIONS",
        "COMMANDS",
        "ENVIRONMENT",
        "FILES",
        "EXIT STATUS",
        "EXAMPLES",
    ] {
        assert!(page.contains(&format!(".SH {section}")), "no {section}");
    }
    for var in [
        "SPASM_TRIAGE_RULES",
        "SPASM_TRIAGE_REGION",
        "NO_COLOR",
        "TZ",
    ] {
        assert!(page.contains(&format!("\\fB{var}\\fR")), "no {var}");
    }
    // Every command and every option of each, on the one page.
    fn walk(page: &str, parent: &str, cmd: &clap::Command) {
        let name = format!("{parent} {}", cmd.get_name());
        assert!(
            page.contains(&format!(".SS \"{}\"", name.replace('-', "\\-"))),
            "{name}"
        );
        for arg in cmd.get_arguments().filter(|a| !a.is_global_set()) {
            if let Some(long) = arg.get_long() {
                let flag = format!("\\-\\-{}", long.replace('-', "\\-"));
                assert!(page.contains(&flag), "{name} {long}");
            }
        }
        for sub in cmd.get_subcommands() {
            walk(page, &name, sub);
        }
    }
    let command = <spasm_triage::cli::Args as clap::CommandFactory>::command();
    for sub in command.get_subcommands() {
        walk(&page, "spasm-triage", sub);
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("share/man/man1");
    cmd()
        .args(["man", "--dir"])
        .arg(&missing)
        .assert()
        .success();
    let written = std::fs::read_to_string(missing.join("spasm-triage.1")).expect("written");
    assert_eq!(
        written.lines().skip(1).collect::<Vec<_>>(),
        page.lines().skip(1).collect::<Vec<_>>()
    );
}

#[test]
fn man_page_is_clean_under_mandoc_lint() {
    if std::process::Command::new("mandoc")
        .arg("-V")
        .output()
        .is_err()
    {
        // A skip, said out loud: the lint needs mandoc (apt-get install mandoc).
        let _ = std::io::Write::write_all(
            &mut std::io::stderr(),
            b"skipped: mandoc is not installed\n",
        );
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    cmd()
        .args(["man", "--dir"])
        .arg(dir.path())
        .assert()
        .success();
    let lint = std::process::Command::new("mandoc")
        .args(["-Tlint", "-W", "warning"])
        .arg(dir.path().join("spasm-triage.1"))
        .output()
        .expect("mandoc runs");
    assert!(
        lint.status.success(),
        "{}{}",
        String::from_utf8_lossy(&lint.stdout),
        String::from_utf8_lossy(&lint.stderr)
    );
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

/// Every `format` in a schema, wherever it is.
fn formats(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            if let Some(Value::String(f)) = map.get("format") {
                out.push(f.clone());
            }
            map.values().for_each(|v| formats(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| formats(v, out)),
        _ => {}
    }
}

#[test]
fn schemas_have_an_id_fixed_values_and_only_standard_formats() {
    for which in ["answers", "result"] {
        let schema = schema(which);
        assert!(
            schema["$id"]
                .as_str()
                .is_some_and(|id| id.ends_with(".schema.json")),
            "{which}"
        );
        let mut found = Vec::new();
        formats(&schema, &mut found);
        assert!(found.iter().all(|f| f == "date-time"), "{which}: {found:?}");
    }
    let result = schema("result");
    assert_eq!(result["properties"]["schema_version"]["const"], 1);
    let v = validator("result");
    let (_, mut output, _) = assess_json(&well(), &[]);
    assert!(v.is_valid(&output));
    output["schema_version"] = json!(2);
    assert!(!v.is_valid(&output));
    assert!(
        !validator("answers").is_valid(&json!({})),
        "{{}} is refused, as assess refuses it"
    );
}

#[test]
fn batch_error_records_validate_against_the_error_schema() {
    let schema = schema("error");
    let v = jsonschema::draft202012::options()
        .build(&schema)
        .expect("compiles");
    let bad = [
        "{\"age\": 3",
        "[]",
        "{\"saddle_numbnes\": \"yes\"}",
        "{\"age\": 1, \"age\": 2}",
        "{\"age\": \"old\"}",
        "{\"fever\": \"maybe\"}",
        "{\"age\": 300}",
        "{\"fever\": null}",
        "{\"onset\": \"yesterday\"}",
        "{\"onset\": \"2026-11-20T08:00:00Z\", \"onset_hours_ago\": 3}",
        "{\"onset\": \"2030-11-20T08:00:00Z\"}",
        "{\"age\": 3, \"onset_hours_ago\": 100000}",
        "{\"age\": 35}",
        "{\"age\": \"old\", \"fever\": \"maybe\"}",
    ];
    let out = cmd()
        .args([
            "batch",
            "-q",
            "--now",
            "2026-11-21T10:00:00Z",
            "--id-key",
            "id",
            "-",
        ])
        .write_stdin(bad.join("\n") + "\n\u{fe}\n")
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let mut kinds = std::collections::BTreeSet::new();
    for line in text.lines() {
        let record: Value = serde_json::from_str(line).expect("JSON");
        if let Err(e) = v.validate(&record) {
            panic!("{e}: {line}");
        }
        kinds.insert(record["error"]["kind"].as_str().expect("kind").to_string());
    }
    assert_eq!(text.lines().count(), bad.len() + 1);
    assert!(kinds.len() >= 12, "{kinds:?}");
    assert!(!v.is_valid(&json!({"line": 1, "error": {"kind": "typo", "message": "x"}})));
}
