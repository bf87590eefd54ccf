//! For clinicians' CI: `rules check --format json` and `rules test --format junit`.

use serde_json::Value;

use crate::common::{cmd, rules_copy};

fn run(args: &[&str], dir: &std::path::Path) -> (i32, String) {
    let out = cmd().args(args).arg(dir).output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("UTF-8"),
    )
}

#[test]
fn rules_check_json_gives_code_file_line_column_and_message() {
    let dir = rules_copy("triage.toml", |t| {
        crate::common::replace_once(&t, "urgency = \"emergency\"", "urgency = \"emergnecy\"")
    });
    let (code, out) = run(&["rules", "check", "--format", "json"], dir.path());
    assert_eq!(code, 78);
    let report: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(report["ok"], false);
    let first = &report["diagnostics"][0];
    assert_eq!(first["code"], "unknown-urgency");
    assert_eq!(first["severity"], "error");
    assert!(
        first["file"]
            .as_str()
            .is_some_and(|f| f.ends_with("triage.toml"))
    );
    let text = std::fs::read_to_string(dir.path().join("triage.toml")).expect("read");
    let line = text
        .lines()
        .position(|l| l.contains("emergnecy"))
        .expect("edited")
        + 1;
    assert_eq!(first["line"], line);
    assert_eq!(first["column"], 11);
    assert!(
        first["message"]
            .as_str()
            .is_some_and(|m| m.contains("emergnecy"))
    );
    let ok = cmd()
        .args(["rules", "check", "--format", "json"])
        .output()
        .expect("runs");
    assert!(ok.status.success());
    let ok: Value = serde_json::from_slice(&ok.stdout).expect("JSON");
    assert_eq!(
        (ok["ok"].clone(), ok["errors"].clone()),
        (Value::Bool(true), Value::from(0))
    );
}

#[test]
fn rules_test_junit_has_a_testcase_per_case_and_the_failures() {
    let dir = rules_copy("cases.toml", |t| {
        crate::common::replace_once(&t, "expect = \"emergency\"", "expect = \"self_care\"")
    });
    let (code, out) = run(&["rules", "test", "--format", "junit"], dir.path());
    assert_eq!(code, 1);
    assert!(out.starts_with("<?xml"), "{out}");
    let cases = out.matches("<testcase ").count();
    assert!(cases > 100, "{cases}");
    assert!(
        out.contains(&format!("tests=\"{cases}\" failures=\"1\"")),
        "{}",
        &out[..200]
    );
    assert_eq!(out.matches("<failure message=").count(), 1);
    assert!(out.contains("expected: self_care"), "the failure's details");
    assert!(!out.contains("<testcase name=\"\""));
}
