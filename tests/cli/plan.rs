//! The printed plan: time-aware cold and heat, medicine cautions, the safety
//! net, region numbers and the reasons; text, Markdown and JSON.

use predicates::prelude::*;
use serde_json::{Value, json};

use crate::common::{cmd, rules_copy, well, well_with};

const NOW: &str = "2026-11-21T10:00:00Z";

/// Runs `assess` at [`NOW`] in `tz`; returns (exit code, stdout).
fn run(answers: &Value, tz: &str, args: &[&str]) -> (i32, String) {
    let out = cmd()
        .env("TZ", tz)
        .env_remove("SPASM_TRIAGE_REGION")
        .args(["--color", "never", "assess", "--now", NOW])
        .args(args)
        .arg("-")
        .write_stdin(answers.to_string())
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// The text output with its line breaks undone, to search for sentences.
fn text(answers: &Value, args: &[&str]) -> String {
    let (code, out) = run(answers, "UTC", args);
    assert_eq!(code, 0, "{out}");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn json_result(answers: &Value, args: &[&str]) -> Value {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let (code, out) = run(answers, "UTC", &all);
    assert_eq!(code, 0, "{out}");
    serde_json::from_str(&out).expect("JSON")
}

/// Every step of the plan, as (section id, step).
fn steps(result: &Value) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for section in result["plan"]["sections"].as_array().expect("sections") {
        let id = section["id"].as_str().expect("id").to_string();
        for step in section["steps"].as_array().expect("steps") {
            out.push((id.clone(), step.clone()));
        }
    }
    out
}

fn step<'a>(steps: &'a [(String, Value)], id: &str) -> Option<&'a Value> {
    steps.iter().map(|(_, s)| s).find(|s| s["id"] == id)
}

fn section_ids(result: &Value) -> Vec<String> {
    result["plan"]["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .map(|s| s["id"].as_str().expect("id").to_string())
        .collect()
}

fn older(age: u32) -> Value {
    json!({"age": age, "known_aortic_aneurysm": "no", "sudden_severe_onset": "no"})
}

// --- Must show --------------------------------------------------------------

#[test]
fn ice_from_the_onset_for_48_to_72_hours_then_heat() {
    // Onset 30 hours before 2026-11-21 10:00 UTC: 2026-11-20 04:00 UTC.
    let out = text(&well(), &[]);
    assert!(
        out.contains("Ice from Fri 20 Nov, 04:00: Wrap an ice pack"),
        "{out}"
    );
    assert!(
        out.contains("until about Sun 22 Nov, 04:00 to Mon 23 Nov, 04:00"),
        "{out}"
    );
    assert!(out.contains("Heat from Mon 23 Nov, 04:00: Switch to moist heat"));
    assert_eq!(
        out.matches("heat sooner if it eases the pain more").count(),
        1,
        "{out}"
    );
    let result = json_result(&well(), &[]);
    let steps = steps(&result);
    let heat = step(&steps, "heat").expect("heat step");
    assert_eq!(
        heat["times"],
        json!([{"name": "cold_until", "at": "2026-11-23T04:00:00+00:00"}])
    );
    assert_eq!(result["plan"]["onset"], "2026-11-20T04:00:00+00:00");
    assert_eq!(result["plan"]["now"], "2026-11-21T10:00:00+00:00");
    let schedule: Vec<(&str, &str)> = result["plan"]["schedule"]
        .as_array()
        .expect("schedule")
        .iter()
        .map(|i| (i["id"].as_str().expect("id"), i["at"].as_str().expect("at")))
        .collect();
    assert_eq!(
        schedule,
        [
            ("ice", "2026-11-20T04:00:00+00:00"),
            ("ice-may-end", "2026-11-22T04:00:00+00:00"),
            ("heat", "2026-11-23T04:00:00+00:00"),
            ("review-by", "2026-12-04T04:00:00+00:00"),
        ]
    );
    assert!(step(&steps, "today-heat").is_none());
}

#[test]
fn times_are_shown_in_the_local_zone() {
    let (code, out) = run(&well(), "America/New_York", &[]);
    assert_eq!(code, 0);
    assert!(out.contains("Heat from Sun 22 Nov, 23:00"), "{out}");
    let (_, out) = run(&well(), "America/New_York", &["--format", "json"]);
    let result: Value = serde_json::from_str(&out).expect("JSON");
    let steps = steps(&result);
    assert_eq!(
        step(&steps, "heat").expect("heat")["times"][0]["at"],
        "2026-11-22T23:00:00-05:00"
    );
}

#[test]
fn after_72_hours_heat_and_no_ice() {
    let answers = well_with(json!({"onset_hours_ago": 100}));
    let result = json_result(&answers, &[]);
    let steps = steps(&result);
    assert!(step(&steps, "cold").is_none());
    assert!(step(&steps, "today-cold-or-heat").is_none());
    let today = step(&steps, "today-heat").expect("heat today");
    assert!(
        today["text"]
            .as_str()
            .expect("text")
            .contains("use heat rather than ice")
    );
    assert!(step(&steps, "heat").is_some());
}

#[test]
fn ice_is_never_required_or_better_than_heat() {
    for hours in [2, 30, 71, 72, 100, 300] {
        let out = text(&well_with(json!({"onset_hours_ago": hours})), &[]).to_lowercase();
        for banned in [
            "must use ice",
            "ice is better",
            "use ice first",
            "ice is best",
        ] {
            assert!(!out.contains(banned), "{hours} h: {banned}");
        }
    }
}

#[test]
fn onset_given_as_a_timestamp_times_the_plan_too() {
    let mut answers = well();
    let map = answers.as_object_mut().expect("object");
    map.remove("onset_hours_ago");
    map.insert("onset".into(), json!("2026-11-21T08:00:00Z"));
    let result = json_result(&answers, &[]);
    let steps = steps(&result);
    assert_eq!(
        step(&steps, "heat").expect("heat")["times"][0]["at"],
        "2026-11-24T08:00:00+00:00"
    );
}

#[test]
fn nsaid_cautions_withhold_ibuprofen_and_say_why() {
    let answers = well_with(json!({"nsaid_cautions": "yes"}));
    let out = text(&answers, &[]);
    assert!(
        !out.contains("usually help back pain more than paracetamol"),
        "{out}"
    );
    assert!(
        out.contains("Ask a pharmacist or doctor before taking one"),
        "{out}"
    );
    assert!(out.contains("This is because you told us"), "{out}");
    let result = json_result(&answers, &[]);
    let steps = steps(&result);
    assert!(step(&steps, "nsaid").is_none());
    assert!(step(&steps, "nsaid-withheld").is_some());
    assert!(step(&steps, "nsaid-why-cautions").is_some());
    assert!(step(&steps, "paracetamol").is_some());
}

#[test]
fn medicine_cautions_never_change_the_urgency() {
    for changes in [
        json!({"nsaid_cautions": "yes"}),
        json!({"nsaid_cautions": "unsure", "paracetamol_cautions": "yes"}),
    ] {
        let base = json_result(&well(), &[]);
        let with = json_result(&well_with(changes), &[]);
        assert_eq!(base["urgency"], with["urgency"]);
        assert_eq!(base["reasons"], with["reasons"]);
    }
}

#[test]
fn unsure_on_a_caution_withholds_too() {
    let result = json_result(
        &well_with(json!({"nsaid_cautions": "unsure", "paracetamol_cautions": "unsure"})),
        &[],
    );
    let steps = steps(&result);
    assert!(step(&steps, "nsaid").is_none());
    assert!(step(&steps, "paracetamol").is_none());
    assert!(step(&steps, "nsaid-withheld").is_some());
    assert!(step(&steps, "paracetamol-withheld").is_some());
}

#[test]
fn pregnancy_and_age_65_withhold_anti_inflammatories() {
    let pregnant =
        json!({"sex": "female", "age": 30, "pregnant": "unsure", "pregnancy_warning_signs": "no"});
    let all = steps(&json_result(&well_with(pregnant), &[]));
    assert!(step(&all, "nsaid").is_none());
    assert!(step(&all, "nsaid-why-pregnancy").is_some());
    let all = steps(&json_result(&well_with(older(65)), &[]));
    assert!(step(&all, "nsaid").is_none());
    assert!(step(&all, "nsaid-why-age").is_some());
    let all = steps(&json_result(&well_with(older(64)), &[]));
    assert!(step(&all, "nsaid").is_some());
}

#[test]
fn region_uk_names_999_and_nhs_111() {
    let out = text(&well(), &["--region", "uk"]);
    assert!(out.contains("Call 999 or go to A&E now"), "{out}");
    assert!(out.contains("NHS 111"), "{out}");
    assert!(out.contains("Emergency: 999"), "{out}");
    let result = json_result(&well(), &["--region", "uk"]);
    assert_eq!(result["plan"]["region"]["emergency"], "999");
}

#[test]
fn every_region_names_its_numbers() {
    for (region, emergency, advice) in [
        ("us", "911", "nurse advice line"),
        ("uk", "999", "NHS 111"),
        ("eu", "112", "out-of-hours"),
        ("au", "000", "1800 022 222"),
        ("ca", "911", "811"),
        (
            "other",
            "your local emergency number",
            "urgent health advice line",
        ),
    ] {
        let out = text(&well(), &["--region", region]);
        assert!(
            out.contains(&format!("Call {emergency} or go to")),
            "{region}"
        );
        assert!(out.contains(advice), "{region}");
    }
}

#[test]
fn emergency_leads_with_the_number_and_nothing_delays_it() {
    let answers = json!({"saddle_numbness": "yes"});
    let (_, out) = run(&answers, "UTC", &["--region", "uk"]);
    let first = out.lines().next().expect("a line");
    assert!(first.starts_with("EMERGENCY: Call 999 now"), "{first}");
    let joined = out.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(joined.matches("Do not drive yourself").count(), 1, "{out}");
    let result = json_result(&answers, &["--region", "uk"]);
    let ids = section_ids(&result);
    assert_eq!(ids.first().map(String::as_str), Some("call-now"));
    for self_care in ["today", "cold-heat", "medicines", "moving", "prevention"] {
        assert!(!ids.iter().any(|i| i == self_care), "{ids:?}");
    }
    for always in ["why", "numbers"] {
        assert!(ids.iter().any(|i| i == always), "{ids:?}");
    }
}

#[test]
fn urgent_says_whom_to_contact_by_when_and_what_to_do_meanwhile() {
    let result = json_result(&well_with(json!({"fever": "yes"})), &["--region", "uk"]);
    assert_eq!(result["urgency"], "urgent");
    assert_eq!(
        result["plan"]["headline"],
        "Get seen by a doctor today, or within 24 hours at the latest (by Sun 22 Nov, 10:00)."
    );
    let ids = section_ids(&result);
    assert_eq!(
        ids,
        [
            "summary",
            "see-today",
            "why",
            "while-you-wait",
            "ice-then-heat",
            "today",
            "call-now-if",
            "cold-heat",
            "medicines",
            "numbers"
        ]
    );
    let steps = steps(&result);
    assert!(
        step(&steps, "contact-today").expect("contact")["text"]
            .as_str()
            .expect("text")
            .contains("NHS 111")
    );
}

#[test]
fn routine_books_within_two_weeks_and_gives_the_full_plan() {
    let mut first = older(55);
    first["previous_episodes"] = json!("first");
    let result = json_result(&well_with(first), &[]);
    assert_eq!(result["urgency"], "routine");
    let steps = steps(&result);
    let book = step(&steps, "book-appointment").expect("book");
    assert_eq!(book["times"][0]["at"], "2026-12-05T10:00:00+00:00");
    assert!(book["text"].as_str().expect("text").contains("Sat 5 Dec"));
    let ids = section_ids(&result);
    for section in [
        "while-you-wait",
        "cold-heat",
        "medicines",
        "moving",
        "prevention",
    ] {
        assert!(ids.iter().any(|i| i == section), "{ids:?}");
    }
}

#[test]
fn every_result_has_reasons_safety_net_numbers_and_disclaimer() {
    for answers in [
        well(),
        well_with(json!({"fever": "yes"})),
        well_with(older(70)),
        json!({"chest_pain_or_breathless": "yes"}),
    ] {
        let result = json_result(&answers, &[]);
        let ids = section_ids(&result);
        assert!(ids.iter().any(|i| i == "why"), "{ids:?}");
        assert!(ids.iter().any(|i| i == "numbers"), "{ids:?}");
        if result["urgency"] != "emergency" {
            assert!(ids.iter().any(|i| i == "call-now-if"), "{ids:?}");
        }
        let disclaimer = result["plan"]["disclaimer"].as_str().expect("disclaimer");
        assert!(disclaimer.contains("not a diagnosis"));
        let out = text(&answers, &[]);
        assert!(out.contains("It is not a diagnosis"), "{out}");
    }
}

#[test]
fn reasons_name_the_answers_that_triggered_them() {
    let result = json_result(&well_with(json!({"fever": "unsure"})), &[]);
    let steps = steps(&result);
    let fever = step(&steps, "fever").expect("fever reason");
    assert_eq!(fever["because"][0]["question"], "fever");
    assert_eq!(fever["because"][0]["answer"], "unsure");
    let out = text(&well_with(json!({"fever": "unsure"})), &[]);
    assert!(
        out.contains("You answered \"Not sure\" to \"Do you have a"),
        "{out}"
    );
}

#[test]
fn the_rest_of_the_contract_is_unchanged() {
    let result = json_result(&well_with(json!({"fever": "yes"})), &[]);
    let mut keys: Vec<&str> = result
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "also_fired",
            "disposition",
            "plan",
            "reasons",
            "rules",
            "schema_version",
            "unanswered",
            "urgency"
        ]
    );
    assert_eq!(
        result["reasons"][0],
        json!({"rule": "fever", "message": result["reasons"][0]["message"]})
    );
}

// --- Output ------------------------------------------------------------------

#[test]
fn text_is_wrapped_to_the_width() {
    for width in [60usize, 100] {
        let (_, out) = run(&well(), "UTC", &["--width", &width.to_string()]);
        for line in out.lines() {
            assert!(line.chars().count() <= width, "{width}: {line}");
        }
        assert!(out.lines().any(|l| l.chars().count() > width - 10));
    }
}

#[test]
fn a_width_out_of_range_is_a_usage_error() {
    cmd()
        .args(["assess", "--width", "5", "-"])
        .write_stdin(well().to_string())
        .assert()
        .code(2);
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let out = cmd()
        .args(["--color", "always", "assess", "--now", NOW, "-"])
        .write_stdin(well().to_string())
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("\u{1b}["), "{stdout}");
    assert!(stdout.contains("HOME CARE"));
    // Not a terminal: no colour by default, with or without NO_COLOR.
    for no_color in ["1", ""] {
        let out = cmd()
            .env("NO_COLOR", no_color)
            .args(["assess", "--now", NOW, "-"])
            .write_stdin(well().to_string())
            .output()
            .expect("runs");
        assert!(!String::from_utf8_lossy(&out.stdout).contains('\u{1b}'));
    }
}

#[test]
fn markdown_is_a_page() {
    let (code, out) = run(&well(), "UTC", &["--format", "markdown", "--region", "uk"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("# HOME CARE: "), "{out}");
    assert!(out.contains("\n## Call 999 or go to A&E now"), "{out}");
    assert!(
        out.contains("- **Heat from Mon 23 Nov, 04:00:** Switch to moist heat"),
        "{out}"
    );
    assert!(
        out.contains("| Mon 23 Nov, 04:00 | switch to moist heat"),
        "{out}"
    );
    assert!(out.contains("\n---\n"), "{out}");
}

#[test]
fn explain_lists_fired_and_blocked_rules() {
    let answers = well_with(json!({"fever": "yes"}));
    let result = json_result(&answers, &["--explain"]);
    let e = &result["explanation"];
    assert_eq!(e["fired"][0]["rule"], "fever");
    assert_eq!(e["fired"][0]["answers"][0]["answer"], "yes");
    let not: Vec<&Value> = e["not_fired"].as_array().expect("array").iter().collect();
    assert!(not.iter().all(|n| n["urgency"] == "emergency"));
    let infection = not
        .iter()
        .find(|n| n["rule"] == "fever-with-infection-risk")
        .expect("listed");
    let blocker = infection["blocked_by"][0]["condition"]
        .as_str()
        .expect("text");
    assert!(blocker.contains("iv_drug_use"), "{blocker}");
    assert!(!blocker.contains("fever"), "{blocker}");
    let out = text(&answers, &["--explain"]);
    assert!(out.contains("Not emergency: none of these emergency rules fired."));
    assert!(out.contains("fever-with-infection-risk"));
    let plain = json_result(&answers, &[]);
    assert!(plain.get("explanation").is_none());
}

// --- plan.toml errors --------------------------------------------------------

fn plan_error(from: &str, to: &str) -> (String, String) {
    let line = crate::common::line_of("plan.toml", from);
    let dir = rules_copy("plan.toml", |t| crate::common::replace_once(&t, from, to));
    let out = cmd()
        .args([
            "--rules",
            dir.path().to_str().expect("utf-8"),
            "assess",
            "-",
        ])
        .write_stdin(well().to_string())
        .assert()
        .code(78)
        .stdout("")
        .get_output()
        .clone();
    (
        format!("plan.toml:{line}"),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn an_unknown_placeholder_is_reported_where_it_is_written() {
    let from = "text = \"Call {emergency} for an ambulance";
    let (line, stderr) = plan_error(from, "text = \"Call {emergancy} for an ambulance");
    assert!(stderr.contains(&format!("{line}:14")), "{stderr}");
    assert!(
        stderr.contains("unknown placeholder `{emergancy}`"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `{emergency}`?"), "{stderr}");
}

#[test]
fn plan_toml_problems_exit_78_with_positions() {
    let cases = [
        (
            "when = { nsaid_cautions = \"no\", age",
            "when = { nsaid_caution = \"no\", age",
            10,
            "`nsaid_caution` is not a question id",
        ),
        (
            "urgency = \"emergency\"\n",
            "urgency = \"emergancy\"\n",
            11,
            "unknown urgency `emergancy`",
        ),
        (
            "lead = \"Keep moving\"",
            "leed = \"Keep moving\"",
            1,
            "unknown key `leed` in a step",
        ),
        (
            "from = \"onset\"\nhours = 72",
            "from = \"onset\"\nhours = \"72\"",
            0,
            "`hours` must be a number",
        ),
        (
            "include = \"reasons\"",
            "include = \"rules\"",
            11,
            "`include` can only be \"reasons\"",
        ),
        (
            "from = \"onset\"\nhours = 72",
            "from = \"onsett\"\nhours = 72",
            8,
            "did you mean `onset`?",
        ),
        (
            "id = \"heat-how\"",
            "id = \"cold\"",
            6,
            "step id `cold` is used twice",
        ),
        (
            "region = [\"us\", \"ca\"]",
            "region = [\"us\", \"cz\"]",
            0,
            "unknown region `cz`",
        ),
        (
            "{emergency} again.",
            "{emergency again.",
            8,
            "has no closing `}`",
        ),
    ];
    for (from, to, col, message) in cases {
        let (line, stderr) = plan_error(from, to);
        if col > 0 {
            assert!(
                stderr.contains(&format!("{line}:{col}")),
                "{from}: {stderr}"
            );
        }
        assert!(stderr.contains(message), "{from}: {stderr}");
    }
}

#[test]
fn a_rules_dir_without_plan_toml_says_so() {
    let dir = rules_copy("plan.toml", |t| t);
    std::fs::remove_file(dir.path().join("plan.toml")).expect("remove");
    cmd()
        .args([
            "--rules",
            dir.path().to_str().expect("utf-8"),
            "assess",
            "-",
        ])
        .write_stdin(well().to_string())
        .assert()
        .code(78)
        .stderr(predicate::str::contains("plan.toml"));
}

// --- Snapshots ---------------------------------------------------------------

struct Case {
    name: &'static str,
    answers: Value,
    args: &'static [&'static str],
    tz: &'static str,
    now: &'static str,
}

fn case(name: &'static str, answers: Value, args: &'static [&'static str]) -> Case {
    Case {
        name,
        answers,
        args,
        tz: "UTC",
        now: NOW,
    }
}

fn cases() -> Vec<Case> {
    let pregnant =
        json!({"sex": "female", "age": 30, "pregnant": "yes", "pregnancy_warning_signs": "no"});
    let mut unknown_onset = well();
    unknown_onset
        .as_object_mut()
        .expect("object")
        .remove("onset_hours_ago");
    let mut london = well();
    let map = london.as_object_mut().expect("object");
    map.remove("onset_hours_ago");
    map.insert("onset".into(), json!("2026-10-23T09:00:00Z"));
    vec![
        case("home_care_30h", well(), &["--region", "uk"]),
        case(
            "home_care_first_hours",
            well_with(json!({"onset_hours_ago": 5})),
            &["--region", "eu"],
        ),
        case(
            "home_care_after_72h",
            well_with(json!({"onset_hours_ago": 100})),
            &["--region", "us"],
        ),
        case(
            "home_care_nsaid_cautions",
            well_with(json!({"nsaid_cautions": "yes"})),
            &["--region", "uk"],
        ),
        case(
            "home_care_both_cautions",
            well_with(json!({"nsaid_cautions": "unsure", "paracetamol_cautions": "yes"})),
            &["--region", "au"],
        ),
        Case {
            tz: "Europe/London",
            now: "2026-10-24T09:00:00Z",
            ..case("home_care_london_clock_change", london, &["--region", "uk"])
        },
        case(
            "routine_age_67",
            well_with(
                json!({"age": 67, "known_aortic_aneurysm": "no", "sudden_severe_onset": "no", "previous_episodes": "first"}),
            ),
            &["--region", "ca"],
        ),
        case("routine_pregnant", well_with(pregnant), &["--region", "uk"]),
        case(
            "routine_sciatica",
            well_with(json!({"leg_symptoms": "below_knee_one_leg"})),
            &["--region", "us"],
        ),
        case(
            "routine_under_18",
            well_with(json!({"age": 16})),
            &["--region", "uk"],
        ),
        case(
            "routine_unknown_onset_partial",
            unknown_onset,
            &["--partial"],
        ),
        case(
            "urgent_fever",
            well_with(json!({"fever": "yes"})),
            &["--region", "uk"],
        ),
        case(
            "emergency_saddle_unsure",
            json!({"saddle_numbness": "unsure"}),
            &["--region", "uk"],
        ),
        case(
            "emergency_pregnancy_warning_signs",
            json!({"sex": "female", "age": 29, "pregnant": "yes", "pregnancy_warning_signs": "yes"}),
            &["--region", "us"],
        ),
    ]
}

fn snapshot_run(c: &Case, format: &str) -> String {
    let out = cmd()
        .env("TZ", c.tz)
        .env_remove("SPASM_TRIAGE_REGION")
        .args(["--color", "never"])
        .args([
            "assess", "--now", c.now, "--width", "80", "--format", format,
        ])
        .args(c.args)
        .arg("-")
        .write_stdin(c.answers.to_string())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", c.name);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn plan_snapshots() {
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r"sha256 [0-9a-f]{12}", "sha256 [hash]");
    settings.bind(|| {
        for c in cases() {
            insta::assert_snapshot!(format!("{}.txt", c.name), snapshot_run(&c, "text"));
            insta::assert_snapshot!(format!("{}.md", c.name), snapshot_run(&c, "markdown"));
            let result: Value = serde_json::from_str(&snapshot_run(&c, "json")).expect("JSON");
            let shown = json!({
                "urgency": result["urgency"],
                "reasons": result["reasons"],
                "also_fired": result["also_fired"],
                "plan": result["plan"],
                "unanswered": result["unanswered"],
            });
            insta::assert_snapshot!(
                format!("{}.json", c.name),
                serde_json::to_string_pretty(&shown).expect("JSON")
            );
        }
    });
}

#[test]
fn explain_snapshot() {
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r"sha256 [0-9a-f]{12}", "sha256 [hash]");
    settings.bind(|| {
        let c = case(
            "explain_sciatica",
            well_with(json!({"leg_symptoms": "below_knee_one_leg", "sexual_dysfunction": "no"})),
            &["--explain", "--region", "uk"],
        );
        insta::assert_snapshot!("explain_sciatica.txt", snapshot_run(&c, "text"));
        insta::assert_snapshot!("explain_sciatica.md", snapshot_run(&c, "markdown"));
    });
}

#[test]
fn no_date_in_the_past_is_given_as_a_deadline() {
    // Still improving after 3 weeks: home care, but the 2-week date has gone.
    let result = json_result(&well_with(json!({"onset_hours_ago": 500})), &[]);
    assert_eq!(result["urgency"], "self_care");
    let now: jiff::Timestamp = NOW.parse().expect("time");
    // The schedule says when ice and heat began; deadlines are ahead.
    for (_, s) in steps(&result)
        .iter()
        .filter(|(id, _)| id != "ice-then-heat")
    {
        for t in s["times"].as_array().into_iter().flatten() {
            let at: jiff::Timestamp = t["at"].as_str().expect("at").parse().expect("RFC 3339");
            assert!(at >= now, "{s}");
        }
    }
    assert!(step(&steps(&result), "review-by").is_none());
}

// --- Promises, for any answers -------------------------------------------------

mod promises {
    use std::sync::OnceLock;

    use proptest::prelude::*;
    use spasm_triage::model::answers::{Builder, Value};
    use spasm_triage::model::catalog::{Kind, NO};
    use spasm_triage::model::clock::Clock;
    use spasm_triage::plan::{Plan, build};
    use spasm_triage::{Missing, ParseOptions, RuleSet, Urgency, engine};

    fn rules() -> &'static RuleSet {
        static RULES: OnceLock<RuleSet> = OnceLock::new();
        RULES.get_or_init(|| RuleSet::embedded().expect("embedded rules load"))
    }

    /// A complete answer set from seeds: mostly "no" and the first option,
    /// so that every urgency occurs.
    fn plan_for(seeds: &[u32], region: &str) -> (Urgency, Vec<Value>, Plan, Option<String>) {
        let rules = rules();
        let mut b = Builder::new(&rules.catalog);
        for (i, (q, &seed)) in rules.catalog.questions.iter().zip(seeds).enumerate() {
            let value = match &q.kind {
                Kind::Tristate if seed % 32 < 30 => Value::Option(NO),
                Kind::Tristate => Value::Option(u8::try_from(seed % 3).unwrap_or(0)),
                Kind::Choice { .. } if seed % 8 < 6 => {
                    Value::Option(if q.id == "sex" { 1 } else { 0 })
                }
                Kind::Choice { options } => {
                    let n = u32::try_from(options.len()).unwrap_or(1);
                    Value::Option(u8::try_from(seed % n).unwrap_or(0))
                }
                _ if q.id == "age" => Value::Number(f64::from(seed % 100)),
                _ if q.id == "onset_hours_ago" => Value::Number(f64::from(seed % 500)),
                Kind::Int { min, max } | Kind::Number { min, max } => {
                    let span = max.unwrap_or(min + 100.0) - min;
                    Value::Number((min + f64::from(seed % 1000) / 1000.0 * span).round())
                }
                other => panic!("no seed for a question of kind {other:?}"),
            };
            b.set(u16::try_from(i).expect("small catalog"), value);
        }
        let now = "2026-11-21T10:00:00Z".parse().expect("time");
        let answers = b
            .finish(ParseOptions::new(Missing::Reject, now))
            .expect("complete answers are valid");
        let values = answers.values.clone();
        let decision = engine::evaluate(rules, answers);
        let region = rules.regions.get(region).expect("region");
        let clock = Clock {
            now,
            zone: jiff::tz::TimeZone::get("Europe/London").expect("zone"),
        };
        let plan = build(rules, &decision, region, &clock);
        let report = spasm_triage::output::report::Report::new(rules, &decision, plan.clone());
        let calendar = spasm_triage::output::calendar::ics(&report);
        (decision.urgency, values, plan, calendar)
    }

    /// The calendar's event start times (UTC), each at or after the onset
    /// and the time the plan was made; none for an emergency.
    fn calendar_keeps_its_promises(
        urgency: Urgency,
        onset: Option<jiff::Timestamp>,
        calendar: Option<&str>,
    ) -> Result<(), TestCaseError> {
        let Some(calendar) = calendar else {
            prop_assert_eq!(urgency, Urgency::Emergency);
            return Ok(());
        };
        prop_assert!(urgency != Urgency::Emergency);
        let now: jiff::Timestamp = "2026-11-21T10:00:00Z".parse().expect("time");
        for line in calendar.lines().filter_map(|l| l.strip_prefix("DTSTART:")) {
            let at = jiff::civil::DateTime::strptime("%Y%m%dT%H%M%SZ", line.trim_end())
                .expect("UTC time")
                .to_zoned(jiff::tz::TimeZone::UTC)
                .expect("in range")
                .timestamp();
            prop_assert!(at >= now, "{line}");
            prop_assert!(onset.is_none_or(|o| at >= o), "{line}");
        }
        Ok(())
    }

    fn answer(values: &[Value], id: &str) -> Value {
        values[usize::from(rules().catalog.lookup(id).expect("id"))]
    }

    fn is(values: &[Value], id: &str, option: &str) -> bool {
        let q = rules().catalog.lookup(id).expect("id");
        let index = rules().catalog.get(q).kind.option_index(option);
        matches!(answer(values, id), Value::Option(i) if Some(i) == index)
    }

    /// Every scheduled time is after the onset; ice ends between 48 and 72
    /// hours after it; an emergency has no schedule, and a home-care plan
    /// ends with the "book if not better" date while it is ahead.
    fn schedule_keeps_its_promises(
        urgency: Urgency,
        onset: Option<jiff::Timestamp>,
        plan: &Plan,
    ) -> Result<(), TestCaseError> {
        if urgency == Urgency::Emergency || onset.is_none() {
            prop_assert!(plan.schedule.is_empty(), "{:?}", plan.schedule);
            return Ok(());
        }
        let onset = onset.expect("onset");
        let hours = |at: &str| {
            let at: jiff::Timestamp = at.parse().expect("RFC 3339");
            (at - onset).total(jiff::Unit::Hour).expect("hours")
        };
        for item in &plan.schedule {
            prop_assert!(hours(&item.at) >= 0.0, "{item:?}");
        }
        let ends: Vec<f64> = plan
            .schedule
            .iter()
            .filter(|i| i.id == "ice-may-end" || i.id == "heat")
            .map(|i| hours(&i.at))
            .collect();
        prop_assert!(ends.iter().any(|h| (*h - 72.0).abs() < 1e-6), "{ends:?}");
        prop_assert!(ends.iter().all(|h| (48.0..=72.0).contains(h)), "{ends:?}");
        if urgency == Urgency::SelfCare {
            let last = plan.schedule.last().expect("an item");
            prop_assert!(
                last.id == "review-by" || hours(&plan.now) >= 336.0,
                "{last:?}"
            );
        } else {
            prop_assert!(
                plan.schedule
                    .iter()
                    .all(|i| !i.id.starts_with("book-if") && i.id != "review-by"),
                "{:?}",
                plan.schedule
            );
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        #[test]
        fn every_plan_keeps_its_promises(
            seeds in prop::collection::vec(any::<u32>(), 64),
            region in prop::sample::select(vec!["us", "uk", "eu", "au", "ca", "other"]),
        ) {
            let (urgency, values, plan, calendar) = plan_for(&seeds, region);
            let ids: Vec<&str> = plan.sections.iter().map(|s| s.id.as_str()).collect();
            let steps: Vec<&str> = plan.sections.iter()
                .flat_map(|s| &s.steps).filter_map(|s| s.id.as_deref()).collect();
            let emergency = &rules().regions.get(region).expect("region").emergency;
            prop_assert!(ids.contains(&"why") && ids.contains(&"numbers"), "{ids:?}");
            prop_assert!(plan.disclaimer.contains(emergency.as_str()));
            if urgency == Urgency::Emergency {
                let call = format!("Call {emergency} now");
                prop_assert!(plan.headline.starts_with(&call), "{}", plan.headline);
                prop_assert_eq!(ids[0], "call-now");
                for self_care in ["today", "cold-heat", "medicines", "moving", "positions", "prevention"] {
                    prop_assert!(!ids.contains(&self_care), "{ids:?}");
                }
            } else {
                prop_assert!(ids.contains(&"call-now-if"), "{ids:?}");
                prop_assert!(ids.contains(&"medicines"), "{ids:?}");
                let cautious = !is(&values, "nsaid_cautions", "no")
                    || is(&values, "pregnant", "yes") || is(&values, "pregnant", "unsure")
                    || matches!(answer(&values, "age"), Value::Number(a) if a >= 65.0);
                let adult = matches!(answer(&values, "age"), Value::Number(a) if a >= 18.0);
                prop_assert_eq!(steps.contains(&"nsaid"), !cautious && adult);
                prop_assert_eq!(steps.contains(&"nsaid-withheld"), cautious);
                prop_assert_eq!(
                    steps.contains(&"paracetamol"),
                    is(&values, "paracetamol_cautions", "no")
                );
            }
            let now: jiff::Timestamp = "2026-11-21T10:00:00Z".parse().expect("time");
            let onset: Option<jiff::Timestamp> =
                plan.onset.as_ref().map(|o| o.parse().expect("RFC 3339"));
            for section in plan.sections.iter().filter(|s| s.id != "ice-then-heat") {
                for step in &section.steps {
                    for t in &step.times {
                        let at: jiff::Timestamp = t.at.parse().expect("RFC 3339");
                        prop_assert!(at >= now, "{} is in the past: {}", t.name, step.text);
                    }
                }
            }
            schedule_keeps_its_promises(urgency, onset, &plan)?;
            calendar_keeps_its_promises(urgency, onset, calendar.as_deref())?;
        }
    }
}
