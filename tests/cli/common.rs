//! Shared helpers: running the binary, building answers, rules directories.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::{Value, json};

pub fn cmd() -> Command {
    let mut cmd = Command::cargo_bin("spasm-triage").expect("binary builds");
    // A UTF-8 locale and a terminal that draws boxes, unless a test says otherwise.
    cmd.env_remove("SPASM_TRIAGE_RULES")
        .env("NO_COLOR", "1")
        .env_remove("LC_ALL")
        .env_remove("LC_CTYPE")
        .env("LANG", "C.UTF-8")
        .env("TERM", "xterm");
    cmd
}

/// Runs the binary with `args` and `stdin`; returns (exit code, stdout,
/// stderr).
pub fn run_with(args: &[&str], stdin: &str) -> (i32, String, String) {
    let out = cmd()
        .args(args)
        .write_stdin(stdin.to_string())
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Runs the binary with `args` and `stdin`, which must succeed; returns
/// its standard output read as JSON.
pub fn json_out(args: &[&str], stdin: &str) -> Value {
    let (code, out, err) = run_with(args, stdin);
    assert_eq!(code, 0, "{args:?}: {err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {out}"))
}

/// A complete answer set with no warning signs: a 35-year-old man with a
/// lifting spasm 30 hours ago that is getting better.
pub fn well() -> Value {
    json!({
        "age": 35, "sex": "male", "onset_hours_ago": 30, "pain_severity": 6,
        "pain_trend": "better", "pain_location": "lower_back", "trigger": "lifting_or_bending",
        "previous_episodes": "occasional",
        "chest_pain_or_breathless": "no", "tearing_pain": "no", "faint_or_clammy": "no",
        "confused_or_drowsy": "no", "bladder_bowel_change": "no", "saddle_numbness": "no",
        "leg_symptoms": "none", "leg_weakness": "none",
        "fever": "no", "iv_drug_use": "no", "immunosuppressed": "no",
        "recent_spinal_procedure": "no", "feels_very_unwell": "no",
        "cancer_history": "no", "unexplained_weight_loss": "no", "night_pain": "no",
        "worse_on_cough_or_strain": "no", "back_lump_or_deformity": "no",
        "osteoporosis_or_steroids": "no", "urinary_symptoms": "no", "nausea_vomiting": "no",
        "sexual_dysfunction": "no", "morning_stiffness": "no", "daily_activities_limited": "no",
        "otc_tried_no_relief": "no", "struggling_to_cope": "no",
        "nsaid_cautions": "no", "paracetamol_cautions": "no"
    })
}

/// `well()` with some answers replaced.
pub fn well_with(changes: Value) -> Value {
    let mut answers = well();
    if let (Some(a), Some(c)) = (answers.as_object_mut(), changes.as_object()) {
        for (k, v) in c {
            a.insert(k.clone(), v.clone());
        }
    }
    answers
}

/// Runs `assess --format json` on answers; returns (exit code, stdout, stderr).
pub fn assess_json(answers: &Value, extra: &[&str]) -> (i32, Value, String) {
    let out = cmd()
        .args([
            "assess",
            "--format",
            "json",
            "--now",
            "2026-11-21T10:00:00Z",
        ])
        .args(extra)
        .arg("-")
        .write_stdin(answers.to_string())
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let json = serde_json::from_str(&stdout).unwrap_or(Value::Null);
    (
        out.status.code().unwrap_or(-1),
        json,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

pub fn repo_rules() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("rules")
}

/// A temporary copy of `rules/`, with `edit` applied to one file.
pub fn rules_copy(file: &str, edit: impl FnOnce(String) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for entry in std::fs::read_dir(repo_rules()).expect("rules/ exists") {
        let entry = entry.expect("entry");
        if entry.path().is_file() {
            std::fs::copy(entry.path(), dir.path().join(entry.file_name())).expect("copy");
        }
    }
    let path = dir.path().join(file);
    let text = std::fs::read_to_string(&path).expect("file exists");
    std::fs::write(&path, edit(text)).expect("write");
    dir
}

/// Replaces the first `from` in a file's text; panics if absent so a test
/// cannot silently stop testing anything.
pub fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "fixture text not found: {from}");
    text.replacen(from, to, 1)
}

/// The line of `rules/FILE` where `needle` first appears.
pub fn line_of(file: &str, needle: &str) -> usize {
    let text = std::fs::read_to_string(repo_rules().join(file)).expect("read");
    let at = text.find(needle).expect("needle present");
    text[..at].matches('\n').count() + 1
}
