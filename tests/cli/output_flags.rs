//! The output flags `assess` and `batch` share: `--format`, `--fields` (in
//! the order asked), `--explain`, `--id-key`; batch's CSV; `reasons` and
//! `also_fired`.

use serde_json::{Value, json};

use crate::common::{assess_json, cmd, well, well_with};

const NOW: &str = "2026-11-21T10:00:00Z";

fn batch_out(input: &str, extra: &[&str]) -> (i32, String, String) {
    let out = cmd()
        .args(["batch", "-q", "--now", NOW])
        .args(extra)
        .arg("-")
        .write_stdin(input.to_string())
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("UTF-8"),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect()
}

/// The top-level keys of a JSON object, in the order written.
fn keys(text: &str) -> Vec<String> {
    let mut de = serde_json::Deserializer::from_str(text);
    let entries: KeyOrder = serde::Deserialize::deserialize(&mut de).expect("object");
    entries.0
}

struct KeyOrder(Vec<String>);

impl<'de> serde::Deserialize<'de> for KeyOrder {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = KeyOrder;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<KeyOrder, A::Error> {
                let mut keys = Vec::new();
                while let Some((k, _)) = m.next_entry::<String, serde::de::IgnoredAny>()? {
                    keys.push(k);
                }
                Ok(KeyOrder(keys))
            }
        }
        d.deserialize_map(V)
    }
}

/// `assess --format json` with extra arguments: (exit code, raw output).
fn assess_raw(answers: &Value, extra: &[&str]) -> (i32, String) {
    let out = cmd()
        .args(["assess", "--format", "json", "--now", NOW])
        .args(extra)
        .arg("-")
        .write_stdin(answers.to_string())
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("UTF-8"),
    )
}

#[test]
fn batch_takes_format_json_and_explain() {
    let input = format!("{}\n", well_with(json!({"fever": "yes"})));
    let (code, out, err) = batch_out(&input, &["--format", "json", "--explain"]);
    assert_eq!(code, 0, "{err}");
    let line = &json_lines(&out)[0];
    let (_, full, _) = assess_json(&well_with(json!({"fever": "yes"})), &["--explain"]);
    assert_eq!(line, &full);
    assert!(line["explanation"]["fired"].is_array());
}

#[test]
fn assess_takes_fields_in_the_order_asked() {
    let (code, out) = assess_raw(&well(), &["--fields", "urgency,disposition"]);
    assert_eq!(code, 0);
    assert_eq!(keys(&out), ["urgency", "disposition"]);
    let (_, out) = assess_raw(&well(), &["--fields", "rules,urgency", "--explain"]);
    assert_eq!(keys(&out), ["rules", "urgency", "explanation"]);
}

#[test]
fn fields_only_go_with_json_in_assess() {
    cmd()
        .args(["assess", "--fields", "urgency", "-"])
        .write_stdin(well().to_string())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("use it with --format json"));
}

#[test]
fn id_key_is_echoed_in_results_and_error_records() {
    let mut first = well();
    first["case"] = json!({"site": "A", "n": 1});
    let input = format!(
        "{first}\n\n{}\n{}\n{{\"case\": 4, \"age\": 3",
        json!({"case": "b", "age": "old"}),
        json!({"saddle_numbnes": "yes"}),
    );
    let (code, out, _) = batch_out(&input, &["--id-key", "case", "--fields", "urgency"]);
    assert_eq!(code, 65);
    let lines = json_lines(&out);
    assert_eq!(
        lines[0],
        json!({"id": {"site": "A", "n": 1}, "urgency": "self_care"})
    );
    assert_eq!(keys(out.lines().next().expect("a line")), ["id", "urgency"]);
    assert_eq!(lines[1]["id"], "b");
    assert_eq!(lines[1]["line"], 3);
    assert_eq!(lines[2]["id"], Value::Null, "no id given");
    assert_eq!(lines[2]["error"]["kind"], "unknown-key");
    assert_eq!(lines[3]["id"], Value::Null, "unreadable JSON");
    // assess: the same key, echoed first.
    let mut answers = well();
    answers["case"] = json!(17);
    let (code, out) = assess_raw(&answers, &["--id-key", "case"]);
    assert_eq!(code, 0);
    assert_eq!(keys(&out)[0], "id");
    assert_eq!(serde_json::from_str::<Value>(&out).expect("JSON")["id"], 17);
    // Without --id-key the key is an unknown answer, as before.
    let (code, _, err) = assess_json(&answers, &[]);
    assert_eq!(code, 65);
    assert!(err.contains("unknown answer `case`"), "{err}");
}

#[test]
fn id_key_must_not_be_an_answer() {
    for key in ["age", "onset", ""] {
        let (code, _, err) = assess_json(&well(), &["--id-key", key]);
        assert_eq!(code, 2, "{key}: {err}");
        assert!(err.contains("--id-key"), "{err}");
    }
}

#[test]
fn the_id_key_given_twice_is_an_error() {
    let mut text = well().to_string();
    text.insert_str(1, "\"id\": 1, \"id\": 2, ");
    let (code, out, _) = batch_out(&format!("{text}\n"), &["--id-key", "id"]);
    assert_eq!(code, 65);
    let line = &json_lines(&out)[0];
    assert_eq!(line["error"]["kind"], "duplicate-key");
}

#[test]
fn batch_writes_csv_one_row_per_line() {
    let input = format!(
        "{}\n\n{}\n{}\n",
        json!({"id": "p1", "saddle_numbness": "yes"}),
        json!({"id": 2, "age": "old", "fever": "maybe"}),
        well_with(json!({"id": "p3", "fever": "yes"})),
    );
    let (code, out, _) = batch_out(
        &input,
        &[
            "--format",
            "csv",
            "--id-key",
            "id",
            "--fields",
            "urgency,reasons",
        ],
    );
    assert_eq!(code, 65);
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(
        header,
        ["id", "line", "urgency", "reasons", "error", "message"]
    );
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.expect("row").iter().map(String::from).collect())
        .collect();
    assert_eq!(
        out.lines().count(),
        1 + rows.len(),
        "one row per line:\n{out}"
    );
    assert_eq!(
        rows[0],
        ["p1", "1", "emergency", "cauda-equina-saddle", "", ""]
    );
    assert_eq!(rows[1][..4], ["2", "3", "", ""]);
    assert_eq!(rows[1][4], "invalid-answers");
    assert!(rows[1][5].contains("`age` must be"), "{:?}", rows[1]);
    assert_eq!(rows[2][..4], ["p3", "4", "urgent", "fever"]);
}

#[test]
fn csv_refuses_fields_that_do_not_fit_a_cell() {
    for extra in [&["--fields", "urgency,plan"][..], &["--explain"]] {
        let (code, _, err) = batch_out("{}\n", &[&["--format", "csv"][..], extra].concat());
        assert_eq!(code, 2, "{extra:?}");
        assert!(err.contains("does not fit in a CSV cell"), "{err}");
    }
}

#[test]
fn reasons_are_the_rules_at_the_decided_urgency() {
    let answers = well_with(json!({
        "sex": "female", "age": 30, "pregnant": "yes", "pregnancy_warning_signs": "yes"
    }));
    let (code, result, err) = assess_json(&answers, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(result["urgency"], "emergency");
    let rules = |field: &str| -> Vec<String> {
        result[field]
            .as_array()
            .expect("array")
            .iter()
            .map(|r| r["rule"].as_str().expect("id").to_string())
            .collect()
    };
    assert_eq!(rules("reasons"), ["pregnancy-warning-signs"]);
    assert!(rules("also_fired").contains(&"pregnancy".to_string()));
    let (_, explained, _) = assess_json(&answers, &["--explain"]);
    for fired in explained["explanation"]["fired"].as_array().expect("fired") {
        let id = fired["rule"].as_str().expect("id").to_string();
        let at_urgency = fired["urgency"] == result["urgency"];
        assert_eq!(rules("reasons").contains(&id), at_urgency, "{id}");
        assert_eq!(rules("also_fired").contains(&id), !at_urgency, "{id}");
    }
}

#[test]
fn whole_number_answers_are_echoed_without_a_fraction_and_one_is_singular() {
    let (code, out) = assess_raw(&well_with(json!({"age": 1})), &["--explain"]);
    assert_eq!(code, 0);
    assert!(!out.contains("\"answer\": 1.0"), "{out}");
    let result: Value = serde_json::from_str(&out).expect("JSON");
    let ages: Vec<&Value> = result["explanation"]["fired"]
        .as_array()
        .expect("fired")
        .iter()
        .flat_map(|f| f["answers"].as_array().expect("answers"))
        .filter(|a| a["question"] == "age")
        .collect();
    assert!(!ages.is_empty(), "{out}");
    for age in ages {
        assert_eq!(age["answer"].to_string(), "1");
        assert_eq!(age["label"], "1 year");
    }
    let (_, out) = assess_raw(&well_with(json!({"age": 19})), &["--explain"]);
    assert!(
        out.contains("\"answer\": 19,") && !out.contains("\"answer\": 19.0"),
        "{out}"
    );
}
