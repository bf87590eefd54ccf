//! `onset` and `--now` are strict RFC 3339, and a refusal says what was wrong.

use serde_json::json;

use crate::common::{assess_json, cmd, well};

fn with_onset(onset: &str) -> serde_json::Value {
    let mut answers = well();
    let object = answers.as_object_mut().expect("object");
    object.remove("onset_hours_ago");
    object.insert("onset".to_string(), json!(onset));
    answers
}

#[test]
fn onset_refuses_what_rfc_3339_forbids() {
    for (onset, reason) in [
        ("2026-11-20T08:00:00+25:00", "out of range (at most ±23:59)"),
        ("2026-11-20T08Z", "hh:mm:ss"),
        ("20261120T080000Z", "YYYY-MM-DD"),
        (
            "2026-11-20T08:00:00Z[Europe/London]",
            "nothing may follow the offset",
        ),
        ("2026-10-31T23:59:60Z", "leap second"),
    ] {
        let (code, _, err) = assess_json(&with_onset(onset), &[]);
        assert_eq!(code, 65, "{onset}");
        assert!(err.contains("`onset` must be an RFC 3339 time"), "{err}");
        assert!(err.contains(reason), "{onset}: {err}");
    }
}

#[test]
fn onset_takes_a_long_fraction() {
    let (code, result, err) = assess_json(&with_onset("2026-11-20T04:00:00.1234567891Z"), &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(result["urgency"], "self_care");
}

#[test]
fn now_is_strict_too() {
    for command in ["assess", "batch"] {
        cmd()
            .args([command, "--now", "2026-11-21T10:00Z", "-"])
            .write_stdin(well().to_string())
            .assert()
            .code(2)
            .stderr(predicates::str::contains("the seconds are missing"));
    }
}
