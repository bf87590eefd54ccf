//! Tests of reading and describing when the pain started.

use super::*;

/// Saturday 21 November 2026, 10:00 UTC.
fn now() -> Zoned {
    "2026-11-21T10:00:00[UTC]".parse().expect("valid")
}

fn at(text: &str) -> String {
    parse(text, &now())
        .map(|z| z.strftime("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|e| format!("error: {e}"))
}

#[test]
fn durations_in_many_spellings() {
    for (text, expect) in [
        ("3h", "2026-11-21 07:00"),
        ("3 hours", "2026-11-21 07:00"),
        ("3 hrs ago", "2026-11-21 07:00"),
        ("about 30 hours ago", "2026-11-20 04:00"),
        ("2 days", "2026-11-19 10:00"),
        ("2d 3h", "2026-11-19 07:00"),
        ("two days ago", "2026-11-19 10:00"),
        ("a week ago", "2026-11-14 10:00"),
        ("an hour", "2026-11-21 09:00"),
        ("half an hour ago", "2026-11-21 09:30"),
        ("40 minutes", "2026-11-21 09:20"),
        ("3 weeks", "2026-10-31 10:00"),
        ("2 months", "2026-09-21 10:00"),
        ("30", "2026-11-20 04:00"),
        ("1.5", "2026-11-21 08:30"),
        ("2 days and 3 hours ago", "2026-11-19 07:00"),
    ] {
        assert_eq!(at(text), expect, "{text}");
    }
}

#[test]
fn days_and_times_in_words() {
    for (text, expect) in [
        ("yesterday evening", "2026-11-20 19:00"),
        ("Yesterday morning", "2026-11-20 08:00"),
        ("yesterday", "2026-11-20 12:00"),
        ("last night", "2026-11-20 22:00"),
        ("this morning", "2026-11-21 08:00"),
        ("yesterday at 8pm", "2026-11-20 20:00"),
        ("yesterday 14:30", "2026-11-20 14:30"),
        ("at 7am", "2026-11-21 07:00"),
        ("at 8pm", "2026-11-20 20:00"),
        ("monday", "2026-11-16 12:00"),
        ("last Saturday", "2026-11-14 12:00"),
        ("on Thursday evening", "2026-11-19 19:00"),
        ("day before yesterday", "2026-11-19 12:00"),
        ("20 Nov 08:00", "2026-11-20 08:00"),
        ("November 20th at 8am", "2026-11-20 08:00"),
        ("20 nov", "2026-11-20 12:00"),
        ("25 dec 2025", "2025-12-25 12:00"),
        ("3 Oct 2025 18:00", "2025-10-03 18:00"),
    ] {
        assert_eq!(at(text), expect, "{text}");
    }
}

#[test]
fn exact_dates_and_times() {
    for (text, expect) in [
        ("2026-11-20 08:00", "2026-11-20 08:00"),
        ("2026-11-20T08:00", "2026-11-20 08:00"),
        ("2026-11-20", "2026-11-20 12:00"),
        ("2026-11-20T08:00:00Z", "2026-11-20 08:00"),
        ("2026-11-20T09:00:00+01:00", "2026-11-20 08:00"),
    ] {
        assert_eq!(at(text), expect, "{text}");
    }
}

#[test]
fn nonsense_and_the_future_are_refused_with_examples() {
    for text in [
        "",
        "   ",
        "soon",
        "banana",
        "today",
        "32 nov",
        "-3 hours",
        "yesterday blue",
    ] {
        let result = at(text);
        assert!(result.starts_with("error:"), "{text:?} gave {result}");
        assert!(result.contains("3 hours"), "{text:?}: {result}");
    }
    for text in [
        "this evening",
        "in 3 hours",
        "2026-11-22",
        "tonight",
        "tomorrow",
        "tomorrow morning",
        "next week",
        "in 2 days",
    ] {
        let result = at(text);
        assert!(result.contains("in the future"), "{text:?} gave {result}");
    }
}

#[test]
fn a_date_a_little_ahead_is_the_future_not_last_year() {
    // Now is Sat 21 Nov 2026.
    for text in ["1 dec 08:00", "30 nov", "1/12", "25 december"] {
        let result = at(text);
        assert!(result.contains("in the future"), "{text:?} gave {result}");
    }
    assert_eq!(at("20 nov 08:00"), "2026-11-20 08:00");
    // Months ahead, it can only mean last year: 20 Dec, typed on 5 Jan.
    let january: Zoned = "2027-01-05T10:00:00[UTC]".parse().expect("valid");
    let last_december = parse("20 dec", &january).map(|z| z.date().to_string());
    assert_eq!(last_december.as_deref(), Ok("2026-12-20"));
}

#[test]
fn dates_in_numbers_follow_the_region() {
    assert_eq!(at("19/11"), "2026-11-19 12:00");
    assert_eq!(at("19/11 08:30"), "2026-11-19 08:30");
    assert_eq!(at("19.11.2026"), "2026-11-19 12:00");
    let us = parse_in("11/19 8am", &now(), DateOrder::MonthDay)
        .map(|z| z.strftime("%Y-%m-%d %H:%M").to_string());
    assert_eq!(us.as_deref(), Ok("2026-11-19 08:00"));
    assert!(at("13/13").starts_with("error:"));
}

#[test]
fn fractions_and_last_week() {
    assert_eq!(at("1.5 days"), "2026-11-19 22:00");
    assert_eq!(at("2.5h"), "2026-11-21 07:30");
    assert_eq!(at("last week"), "2026-11-14 10:00");
    assert_eq!(at("a week ago"), "2026-11-14 10:00");
}

#[test]
fn a_typo_gets_a_did_you_mean() {
    let result = at("yesteday");
    assert!(result.contains("Did you mean \"yesterday\"?"), "{result}");
    let result = at("yesterday evenning");
    assert!(result.contains("\"yesterday evening\""), "{result}");
    // No suggestion for nonsense.
    assert!(!at("banana").contains("Did you mean"));
}

#[test]
fn describes_how_long_ago_and_when() {
    let now = now();
    assert_eq!(describe(30.0, &now), "about 30 hours ago, Fri 20 Nov 04:00");
    assert_eq!(
        describe(0.5, &now),
        "about 30 minutes ago, Sat 21 Nov 09:30"
    );
    assert_eq!(describe(1.0, &now), "about 1 hour ago, Sat 21 Nov 09:00");
    assert_eq!(describe(72.0, &now), "about 3 days ago, Wed 18 Nov 10:00");
    assert_eq!(
        describe(21.0 * 24.0, &now),
        "about 3 weeks ago, Sat 31 Oct 10:00"
    );
    assert_eq!(
        describe(400.0 * 24.0, &now),
        "about 13 months ago, Fri 17 Oct 2025 10:00"
    );
}

#[test]
fn hours_are_rounded_to_hundredths() {
    let now = now();
    let onset = parse("yesterday evening", &now).expect("reads");
    assert!((hours_between(&onset, &now) - 15.0).abs() < f64::EPSILON);
    let onset = parse("20 minutes", &now).expect("reads");
    assert!((hours_between(&onset, &now) - 0.33).abs() < 1e-9);
}
