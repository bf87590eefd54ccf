//! The summary (the first screen of every result) and the timeline drawn in
//! it: UTF-8 and ASCII, Markdown, and its length at 80 columns.

use serde_json::{Value, json};

use crate::common::{cmd, well_with};

const NOW: &str = "2026-11-21T10:00:00Z";

/// `assess` at [`NOW`] in UTC, 80 columns.
fn run(answers: &Value, format: &str, args: &[&str], env: &[(&str, &str)]) -> String {
    let mut c = cmd();
    c.env("TZ", "UTC").env_remove("SPASM_TRIAGE_REGION");
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c
        .args(["--color", "never", "assess", "--now", NOW, "--width", "80"])
        .args(["--format", format])
        .args(args)
        .arg("-")
        .write_stdin(answers.to_string())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{answers}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The summary: the text up to the first blank line.
fn summary(text: &str) -> &str {
    text.split("\n\n").next().unwrap_or_default()
}

fn cases() -> Vec<(&'static str, Value, &'static [&'static str])> {
    let hours = |h: u32| well_with(json!({"onset_hours_ago": h}));
    vec![
        ("hours_10_uk", hours(10), &["--region", "uk"]),
        (
            "hours_30_cough_uk",
            well_with(json!({"worse_on_cough_or_strain": "yes"})),
            &["--region", "uk"],
        ),
        ("hours_60_us", hours(60), &["--region", "us"]),
        ("hours_80_us", hours(80), &["--region", "us"]),
        (
            "pregnant_uk",
            well_with(json!({"sex": "female", "age": 30, "pregnant": "yes",
                "pregnancy_warning_signs": "no"})),
            &["--region", "uk"],
        ),
        (
            "age_70_us",
            well_with(json!({"age": 70, "known_aortic_aneurysm": "no",
                "sudden_severe_onset": "no", "previous_episodes": "first"})),
            &["--region", "us"],
        ),
        (
            "cautions_uk",
            well_with(
                json!({"nsaid_cautions": "yes", "paracetamol_cautions": "yes",
                "pain_severity": 8}),
            ),
            &["--region", "uk"],
        ),
        (
            "urgent_uk",
            well_with(json!({"fever": "yes"})),
            &["--region", "uk"],
        ),
        (
            "emergency_us",
            json!({"saddle_numbness": "yes"}),
            &["--region", "us"],
        ),
    ]
}

#[test]
fn summary_snapshots() {
    for (name, answers, args) in cases() {
        let text = run(&answers, "text", args, &[]);
        insta::assert_snapshot!(format!("{name}.summary.txt"), summary(&text));
        let md = run(&answers, "markdown", args, &[]);
        insta::assert_snapshot!(
            format!("{name}.summary.md"),
            md.split("\n## ").next().unwrap_or_default()
        );
    }
}

#[test]
fn the_summary_fits_one_screen_and_comes_first() {
    for (name, answers, args) in cases() {
        let text = run(&answers, "text", args, &[]);
        let lines = summary(&text).lines().count();
        assert!(lines <= 15, "{name}: {lines} lines\n{text}");
        assert!(
            summary(&text).lines().all(|l| l.chars().count() <= 80),
            "{name}"
        );
        let md = run(&answers, "markdown", args, &[]);
        assert!(md.starts_with("# "), "{name}");
        let result: Value = serde_json::from_str(&run(&answers, "json", args, &[])).expect("JSON");
        let banner = text.split(':').next().unwrap_or_default();
        assert!(md.starts_with(&format!("# {banner}:")), "{name}: {md}");
        if result["urgency"] == "emergency" {
            assert!(!text.contains("Ice, then heat"), "{name}");
            assert_eq!(result["plan"]["schedule"], json!([]), "{name}");
        } else {
            assert!(summary(&text).contains("now"), "{name}");
        }
    }
}

#[test]
fn the_timeline_is_ascii_when_the_locale_is_not_utf8_or_the_terminal_is_dumb() {
    let answers = well_with(json!({"worse_on_cough_or_strain": "yes"}));
    let unicode = run(&answers, "text", &["--region", "uk"], &[]);
    assert!(unicode.contains('┬') && unicode.contains('└'), "{unicode}");
    for env in [
        [("LANG", "C"), ("TERM", "xterm")],
        [("LANG", "en_GB.UTF-8"), ("TERM", "dumb")],
    ] {
        let ascii = run(&answers, "text", &["--region", "uk"], &env);
        let timeline: String = summary(&ascii)
            .lines()
            .filter(|l| l.starts_with("  "))
            .collect::<Vec<_>>()
            .join("\n");
        assert!(timeline.is_ascii(), "{env:?}: {timeline}");
        insta::assert_snapshot!("hours_30_cough_uk.timeline.ascii.txt", timeline);
    }
}
