//! `assess --format ics`: an RFC 5545 calendar of the plan's dates, read
//! back with a third-party parser (the `ical` crate).

use std::io::BufReader;

use serde_json::{Value, json};

use crate::common::{cmd, well_with};

const NOW: &str = "2026-11-21T10:00:00Z";

fn ics(answers: &Value, region: &str) -> (i32, String, String) {
    let out = cmd()
        .env("TZ", "Europe/London")
        .args([
            "--region", region, "assess", "--now", NOW, "--format", "ics", "-",
        ])
        .write_stdin(answers.to_string())
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// (DTSTART, SUMMARY, DESCRIPTION) of each event, as the parser reads them.
fn events(text: &str) -> Vec<(String, String, String)> {
    let mut calendars = ical::IcalParser::new(BufReader::new(text.as_bytes()));
    let calendar = calendars
        .next()
        .expect("a calendar")
        .expect("valid iCalendar");
    assert!(calendars.next().is_none());
    calendar
        .events
        .iter()
        .map(|e| {
            let get = |name: &str| {
                e.properties
                    .iter()
                    .find(|p| p.name == name)
                    .and_then(|p| p.value.clone())
                    .unwrap_or_else(|| panic!("{name} in {e:?}"))
            };
            for required in ["UID", "DTSTAMP", "DTEND"] {
                get(required);
            }
            (get("DTSTART"), get("SUMMARY"), get("DESCRIPTION"))
        })
        .collect()
}

#[test]
fn one_event_per_dated_step_ahead_each_with_the_call_now_list() {
    let cases = [
        (well_with(json!({"onset_hours_ago": 10})), "uk", 3, "999"),
        (
            well_with(json!({"worse_on_cough_or_strain": "yes"})),
            "uk",
            4,
            "999",
        ),
        (well_with(json!({"onset_hours_ago": 80})), "us", 1, "911"),
        (well_with(json!({"fever": "yes"})), "uk", 2, "999"),
    ];
    for (answers, region, n, emergency) in cases {
        let (code, out, _) = ics(&answers, region);
        assert_eq!(code, 0);
        let events = events(&out);
        assert_eq!(events.len(), n, "{out}");
        for (start, summary, description) in &events {
            assert!(
                start.ends_with('Z') && start.as_str() >= "20261121T100000Z",
                "{start}"
            );
            assert!(summary.starts_with("Back pain: "), "{summary}");
            // The parser drops a space where a folded line ended with one.
            let words = description.replace(' ', "");
            assert!(
                words.contains(&format!("Call{emergency}orgoto")),
                "{description}"
            );
            assert!(words.contains("Urgentadvice:"), "{description}");
            assert!(words.contains("inUTC"), "{description}");
        }
    }
}

#[test]
fn calendar_snapshots() {
    let (_, out, _) = ics(&well_with(json!({"worse_on_cough_or_strain": "yes"})), "uk");
    insta::assert_snapshot!("hours_30_cough_uk.ics", out.replace("\r\n", "\n"));
    let (_, out, _) = ics(&well_with(json!({"onset_hours_ago": 60})), "us");
    insta::assert_snapshot!("hours_60_us.ics", out.replace("\r\n", "\n"));
}

#[test]
fn an_emergency_gets_no_calendar_and_a_clear_message() {
    let (code, out, err) = ics(&json!({"saddle_numbness": "yes"}), "uk");
    assert_eq!(code, 65);
    assert!(out.is_empty(), "{out}");
    assert!(
        err.contains("this is an emergency") && err.contains("Call 999 now"),
        "{err}"
    );
}
