//! Medicine advice by region (plan-content.md 3a/3b) and pregnancy wording.

use serde_json::{Value, json};

use crate::common::{cmd, well_with};

/// The text result, its line breaks undone.
fn text(answers: &Value, region: &str) -> String {
    let out = cmd()
        .env("TZ", "UTC")
        .args([
            "--region",
            region,
            "assess",
            "--now",
            "2026-11-21T10:00:00Z",
            "-",
        ])
        .write_stdin(answers.to_string())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn paracetamol_doses_names_and_units_follow_the_region() {
    let uk = text(&well_with(json!({})), "uk");
    assert!(uk.contains("one or two 500 mg tablets, at least 4 hours apart, and no more than 8 tablets (4 g) in 24 hours"), "{uk}");
    assert!(uk.contains("weigh under 50 kg (about 8 stone)"), "{uk}");
    assert!(!uk.contains("Tylenol") && !uk.contains("4,000 mg") && !uk.contains("Poison Control"));
    let us = text(&well_with(json!({})), "us");
    assert!(
        us.contains("more than 4,000 mg in 24 hours can cause severe liver damage"),
        "{us}"
    );
    assert!(
        us.contains("Tylenol") && us.contains("weigh under 110 lb"),
        "{us}"
    );
    assert!(us.contains("Poison Control at 1-800-222-1222"), "{us}");
    assert!(
        !us.contains("8 tablets (4 g)") && !us.contains("stone"),
        "{us}"
    );
    let ca = text(&well_with(json!({})), "ca");
    assert!(
        ca.contains("Tylenol") && !ca.contains("Poison Control"),
        "{ca}"
    );
    for (region, out) in [("uk", &uk), ("us", &us), ("ca", &ca)] {
        assert!(out.contains("count them in your total"), "{region}");
        assert!(
            out.contains("warfarin regularly, or take medicines for epilepsy or tuberculosis"),
            "{region}"
        );
        assert!(
            out.contains("trying to get pregnant, are allergic to aspirin"),
            "{region}"
        );
    }
}

#[test]
fn the_overdose_line_and_nsaid_warnings_are_printed_even_when_withheld() {
    let answers = well_with(json!({"nsaid_cautions": "yes", "paracetamol_cautions": "yes"}));
    for region in ["uk", "us", "eu"] {
        let out = text(&answers, region);
        assert!(out.contains("taken too much"), "{region}: {out}");
        assert!(
            out.contains("Don't take two anti-inflammatories together"),
            "{region}"
        );
        assert!(
            out.contains("If you take an anti-inflammatory: Stop taking it"),
            "{region}"
        );
        assert!(
            !out.contains("usually help back pain more than paracetamol"),
            "{region}"
        );
    }
}

#[test]
fn pregnancy_says_sleep_on_your_side_and_never_lie_on_your_back() {
    let pregnant = |p: &str| {
        well_with(
            json!({"sex": "female", "age": 30, "pregnant": p, "pregnancy_warning_signs": "no"}),
        )
    };
    for p in ["yes", "unsure"] {
        let out = text(&pregnant(p), "uk");
        assert!(
            out.contains("Sleep on your side, not on your back"),
            "{p}: {out}"
        );
        assert!(
            out.contains("Avoid heavy lifting") && out.contains("pelvic support"),
            "{p}"
        );
        assert!(!out.contains("Sleeping on your back"), "{p}");
        assert!(
            !out.contains("Lying on your back with your legs raised"),
            "{p}"
        );
        assert!(
            out.contains("generally considered safe in pregnancy"),
            "{p}"
        );
        assert_eq!(out.contains("take a pregnancy test"), p == "unsure", "{p}");
    }
    let out = text(&well_with(json!({})), "uk");
    assert!(out.contains("Sleeping on your back") && !out.contains("Avoid heavy lifting"));
}

#[test]
fn one_voice_do_not_drive_once_much_more_unwell_and_being_sick() {
    let emergency = text(&json!({"saddle_numbness": "yes"}), "uk");
    assert_eq!(emergency.matches("Do not drive").count(), 1, "{emergency}");
    let home = text(&well_with(json!({})), "uk");
    assert!(home.contains("very drowsy, or much more unwell"), "{home}");
    assert!(!home.contains("every hour or so"), "{home}");
    assert!(!home.contains("feel sick or have been sick"));
    let sick = text(&well_with(json!({"nausea_vomiting": "yes"})), "uk");
    assert!(
        sick.contains("You told us you feel sick or have been sick"),
        "{sick}"
    );
    assert!(
        sick.contains("Get seen by a doctor today if you keep being sick"),
        "{sick}"
    );
    assert!(!sick.contains("showed a warning sign"), "{sick}");
}

#[test]
fn dates_are_written_in_the_regions_usual_form() {
    let us = text(&well_with(json!({})), "us");
    assert!(us.contains("Heat from Mon, Nov 23, 4:00 AM"), "{us}");
    assert!(us.contains("by Fri, Dec 4"), "{us}");
    let uk = text(&well_with(json!({})), "uk");
    assert!(uk.contains("Heat from Mon 23 Nov, 04:00"), "{uk}");
}
