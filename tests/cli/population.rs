//! The modelled population of ordinary back pain (no serious cause), drawn
//! from the prevalence table of the rules' revision 2, run through the
//! engine: a tool that sends nearly everyone to a doctor fails the people it
//! is for. At most 10% may be sent for a same-day visit or to emergency care,
//! and at least 20% must get home care.
//!
//! Each answer is drawn independently, with a fixed seed, so the shares are
//! the same on every run. `cargo test population -- --nocapture` prints them.

use std::sync::OnceLock;

use proptest::prelude::RngExt;
use proptest::test_runner::{RngAlgorithm, TestRng};
use spasm_triage::model::answers::{Builder, Value};
use spasm_triage::model::catalog::{Kind, NO};
use spasm_triage::{Missing, ParseOptions, RuleSet, Urgency, engine};

const DRAWS: usize = 20_000;

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::embedded().expect("embedded rules load"))
}

/// One of `choices`, each with its share (the shares add up to 100).
fn pick<'a, R: RngExt>(rng: &mut R, choices: &[(&'a str, u32)]) -> &'a str {
    let total: u32 = choices.iter().map(|&(_, share)| share).sum();
    let mut at = rng.random_range(0..total);
    for &(choice, share) in choices {
        if at < share {
            return choice;
        }
        at -= share;
    }
    unreachable!("the shares add up to {total}")
}

/// One person, as (question id, answer) pairs; every other tristate is no.
fn person<R: RngExt>(rng: &mut R) -> Vec<(&'static str, String)> {
    let age = match pick(rng, &[("18-49", 60), ("50-69", 30), ("70-85", 10)]) {
        "18-49" => rng.random_range(18..=49),
        "50-69" => rng.random_range(50..=69),
        _ => rng.random_range(70..=85),
    };
    let onset = if rng.random_range(0..100) < 90 {
        let hours = [6, 12, 24, 36, 48, 72, 96, 120, 168, 240, 336];
        hours[rng.random_range(0..hours.len())]
    } else {
        rng.random_range(3 * 168..=8 * 168)
    };
    let pain = if rng.random_range(0..100) < 75 {
        rng.random_range(3..=7)
    } else {
        rng.random_range(8..=10)
    };
    let sex = pick(rng, &[("male", 50), ("female", 50)]);
    let mut answers = vec![
        ("age", age.to_string()),
        ("sex", sex.to_string()),
        ("onset_hours_ago", onset.to_string()),
        ("pain_severity", pain.to_string()),
        (
            "previous_episodes",
            pick(rng, &[("first", 30), ("occasional", 55), ("frequent", 15)]).to_string(),
        ),
        (
            "pain_trend",
            pick(rng, &[("better", 45), ("same", 40), ("worse", 15)]).to_string(),
        ),
        (
            "pain_location",
            pick(rng, &[("lower_back", 90), ("mid_or_upper_back", 10)]).to_string(),
        ),
        (
            "trigger",
            pick(
                rng,
                &[
                    ("lifting_or_bending", 35),
                    ("twisting_or_sport", 20),
                    ("sudden_movement", 20),
                    ("minor_fall_or_bump", 5),
                    ("no_clear_cause", 20),
                ],
            )
            .to_string(),
        ),
        (
            "leg_symptoms",
            pick(
                rng,
                &[("none", 68), ("above_knee", 20), ("below_knee_one_leg", 12)],
            )
            .to_string(),
        ),
        ("leg_weakness", "none".to_string()),
    ];
    for (id, percent) in [
        ("night_pain", 5),
        ("worse_on_cough_or_strain", 30),
        ("daily_activities_limited", 35),
        ("otc_tried_no_relief", 15),
        ("struggling_to_cope", 15),
        ("morning_stiffness", 10),
    ] {
        let yes = rng.random_range(0..100) < percent;
        answers.push((id, if yes { "yes" } else { "no" }.to_string()));
    }
    answers
}

fn urgency(answers: &[(&str, String)]) -> Urgency {
    let catalog = &rules().catalog;
    let mut b = Builder::new(catalog);
    for (i, q) in catalog.questions.iter().enumerate() {
        let id = u16::try_from(i).expect("small catalog");
        let value = match answers.iter().find(|(key, _)| *key == q.id) {
            Some((_, text)) => match &q.kind {
                Kind::Int { .. } | Kind::Number { .. } => {
                    Value::Number(text.parse().expect("a number"))
                }
                kind => {
                    let options = kind.option_values();
                    let index = options.iter().position(|o| o == text);
                    Value::Option(u8::try_from(index.expect("a known option")).expect("few"))
                }
            },
            None if q.kind == Kind::Tristate => Value::Option(NO),
            None => panic!("the model gives no answer to `{}`", q.id),
        };
        b.set(id, value);
    }
    let options = ParseOptions::new(
        Missing::Reject,
        "2026-11-21T10:00:00Z".parse().expect("valid time"),
    );
    let answers = b.finish(options).expect("the model's answers are valid");
    engine::evaluate(rules(), answers).urgency
}

/// The share of each urgency, in percent, most urgent first.
fn shares(seed: u8) -> [f64; 4] {
    let mut rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[seed; 32]);
    let mut counts = [0usize; 4];
    for _ in 0..DRAWS {
        let slot = match urgency(&person(&mut rng)) {
            Urgency::Emergency => 0,
            Urgency::Urgent => 1,
            Urgency::Routine => 2,
            Urgency::SelfCare => 3,
        };
        counts[slot] += 1;
    }
    #[allow(clippy::cast_precision_loss)]
    counts.map(|n| 100.0 * n as f64 / DRAWS as f64)
}

#[test]
#[allow(clippy::print_stdout)] // the shares are the point: `-- --nocapture` shows them
fn ordinary_back_pain_mostly_stays_out_of_same_day_care() {
    let [emergency, urgent, routine, home] = shares(7);
    println!(
        "modelled population, {DRAWS} draws: emergency {emergency:.1}%, urgent {urgent:.1}%, \
         routine {routine:.1}%, home care {home:.1}%"
    );
    assert!(
        emergency + urgent <= 10.0,
        "{emergency:.1}% emergency and {urgent:.1}% urgent: more than 10% sent for same-day care"
    );
    assert!(home >= 20.0, "only {home:.1}% given home care");
    // No red flag is answered yes; the few emergencies are combinations
    // (70 or over, a minor fall and pain below the knee: a fracture risk
    // with a nerve sign).
    assert!(emergency < 0.5, "{emergency:.2}% emergency");
}

#[test]
fn the_population_is_reproducible_and_varied() {
    let draw = |seed: u8| {
        let mut rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[seed; 32]);
        (0..100).map(|_| person(&mut rng)).collect::<Vec<_>>()
    };
    assert_eq!(draw(7), draw(7));
    assert_ne!(draw(7), draw(8));
    let people = draw(7);
    let ages: std::collections::BTreeSet<&str> = people.iter().map(|p| p[0].1.as_str()).collect();
    assert!(
        ages.len() > 30,
        "{} different ages in 100 people",
        ages.len()
    );
}
