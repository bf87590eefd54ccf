//! Realistic answer lines: full answer objects, as a questionnaire or a
//! health record export would send them, about 85% home care, 10% clinician
//! and 5% emergency. Deterministic, so every run measures the same input.

use std::io::{self, Write};

/// Changes when the lines written change (the files under target/bench are
/// kept between runs): `r2` makes every clinician line one under revision 2
/// of the rules.
pub const REVISION: &str = "r2";

/// The disposition a generated line must get.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    HomeCare,
    Clinician,
    Emergency,
    /// A line that cannot be assessed: an error record.
    Error,
}

impl Expect {
    pub fn of_urgency(urgency: &str) -> Option<Expect> {
        match urgency {
            "self_care" => Some(Expect::HomeCare),
            "routine" | "urgent" => Some(Expect::Clinician),
            "emergency" => Some(Expect::Emergency),
            _ => None,
        }
    }
}

/// splitmix64: small, fast and good enough to vary test data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }

    fn percent(&mut self) -> u64 {
        self.next() % 100
    }
}

const TRISTATES: [&str; 27] = [
    "chest_pain_or_breathless",
    "tearing_pain",
    "faint_or_clammy",
    "confused_or_drowsy",
    "bladder_bowel_change",
    "saddle_numbness",
    "fever",
    "iv_drug_use",
    "immunosuppressed",
    "recent_spinal_procedure",
    "feels_very_unwell",
    "cancer_history",
    "unexplained_weight_loss",
    "night_pain",
    "worse_on_cough_or_strain",
    "back_lump_or_deformity",
    "osteoporosis_or_steroids",
    "urinary_symptoms",
    "nausea_vomiting",
    "sexual_dysfunction",
    "morning_stiffness",
    "daily_activities_limited",
    "otc_tried_no_relief",
    "struggling_to_cope",
    "nsaid_cautions",
    "paracetamol_cautions",
    "known_aortic_aneurysm",
];

/// One complete answers object, as (key, JSON value) pairs.
struct Answers(Vec<(&'static str, String)>);

impl Answers {
    fn set(&mut self, key: &'static str, value: impl Into<String>) {
        let value = value.into();
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => self.0.push((key, value)),
        }
    }

    fn set_str(&mut self, key: &'static str, value: &str) {
        self.set(key, format!("\"{value}\""));
    }

    fn remove(&mut self, key: &str) {
        self.0.retain(|(k, _)| *k != key);
    }

    fn write(&self, out: &mut impl Write) -> io::Result<()> {
        out.write_all(b"{")?;
        for (i, (k, v)) in self.0.iter().enumerate() {
            if i > 0 {
                out.write_all(b", ")?;
            }
            write!(out, "\"{k}\": {v}")?;
        }
        out.write_all(b"}\n")
    }
}

/// A person who can look after their back at home: 20 to 49, no warning sign.
fn home_care(rng: &mut Rng) -> Answers {
    let mut a = Answers(Vec::with_capacity(40));
    let age = rng.range(20, 49);
    let sex = rng.pick(&["female", "male", "male", "other"]);
    a.set("age", age.to_string());
    a.set_str("sex", sex);
    if sex != "male" && age <= 55 {
        a.set_str("pregnant", "no");
    }
    let hours = rng.range(1, 330);
    if rng.percent() < 30 {
        a.set("onset_hours_ago", format!("{hours}.5"));
    } else {
        a.set("onset_hours_ago", hours.to_string());
    }
    a.set("pain_severity", rng.range(1, 7).to_string());
    a.set_str("pain_trend", rng.pick(&["better", "better", "same"]));
    a.set_str("pain_location", "lower_back");
    a.set_str(
        "trigger",
        rng.pick(&[
            "lifting_or_bending",
            "lifting_or_bending",
            "twisting_or_sport",
            "sudden_movement",
            "minor_fall_or_bump",
            "no_clear_cause",
        ]),
    );
    a.set_str("previous_episodes", rng.pick(&["first", "occasional"]));
    for key in &TRISTATES[..TRISTATES.len() - 1] {
        a.set_str(key, "no");
    }
    a.set_str("leg_symptoms", rng.pick(&["none", "none", "above_knee"]));
    a.set_str("leg_weakness", "none");
    a.set_str("morning_stiffness", rng.pick(&["no", "no", "yes"]));
    a.set_str(
        "nsaid_cautions",
        rng.pick(&["no", "no", "no", "yes", "unsure"]),
    );
    a.set_str(
        "paracetamol_cautions",
        rng.pick(&["no", "no", "no", "no", "yes"]),
    );
    a
}

/// From 72 hours on: some reasons count only once the pain has lasted 3 days.
fn persisting(rng: &mut Rng, a: &mut Answers) {
    a.set("onset_hours_ago", rng.range(72, 330).to_string());
}

/// Home care plus one reason to see a clinician (routine or urgent), as
/// revision 2 of the rules has it: age from 50 with a first episode or from
/// 70, and worsening, severe or limiting pain 3 days (72 hours) after it
/// started.
fn clinician(rng: &mut Rng) -> Answers {
    let mut a = home_care(rng);
    match rng.range(0, 11) {
        0 | 1 => {
            let age = rng.range(50, 85);
            a.set("age", age.to_string());
            if age > 55 {
                a.remove("pregnant");
            }
            if age < 70 {
                a.set_str("previous_episodes", "first");
            }
            a.set_str("known_aortic_aneurysm", "no");
            if age >= 60 {
                a.set_str("sudden_severe_onset", "no");
            }
        }
        2 => a.set_str("fever", rng.pick(&["yes", "unsure"])),
        3 => a.set_str("cancer_history", "yes"),
        4 => a.set_str("night_pain", rng.pick(&["yes", "unsure"])),
        5 => {
            a.set_str("pain_trend", "worse");
            persisting(rng, &mut a);
        }
        6 => {
            a.set("pain_severity", rng.range(8, 10).to_string());
            a.set_str("pain_trend", "same");
            persisting(rng, &mut a);
        }
        7 => a.set_str("leg_symptoms", "below_knee_one_leg"),
        8 => {
            a.set_str("daily_activities_limited", "yes");
            persisting(rng, &mut a);
        }
        9 => a.set_str("struggling_to_cope", "yes"),
        10 => a.set_str("previous_episodes", "frequent"),
        _ => a.set_str("urinary_symptoms", "yes"),
    }
    a
}

/// Home care plus one red flag.
fn emergency(rng: &mut Rng) -> Answers {
    let mut a = home_care(rng);
    let flag = rng.pick(&[
        "bladder_bowel_change",
        "saddle_numbness",
        "chest_pain_or_breathless",
        "tearing_pain",
        "faint_or_clammy",
        "confused_or_drowsy",
        "leg_symptoms",
        "leg_weakness",
        "trigger",
    ]);
    match flag {
        "leg_symptoms" => a.set_str(flag, "both_legs"),
        "leg_weakness" => a.set_str(flag, "getting_worse_or_both_legs"),
        "trigger" => a.set_str(flag, "major_trauma"),
        _ => a.set_str(flag, rng.pick(&["yes", "yes", "unsure"])),
    }
    a
}

/// Lines that cannot be assessed, one of each kind in turn.
const BAD: [&[u8]; 4] = [
    b"{\"age\": 35, \"sex\": \"male\"",
    b"{\"age\": 35, \"saddle_numbnes\": \"no\"}",
    b"{\"age\": \"\xff\"}",
    b"[1, 2, 3]",
];

/// Writes `lines` answer lines; every `bad_every`-th line (if any) is one that
/// cannot be assessed. Returns what each line must give, in order.
pub fn write(
    out: &mut impl Write,
    lines: usize,
    bad_every: Option<usize>,
) -> io::Result<Vec<Expect>> {
    let mut rng = Rng::new(0x5eed);
    let mut expected = Vec::with_capacity(lines);
    for i in 1..=lines {
        if bad_every.is_some_and(|n| i % n == 0) {
            out.write_all(BAD[(i / bad_every.unwrap_or(1)) % BAD.len()])?;
            out.write_all(b"\n")?;
            expected.push(Expect::Error);
            continue;
        }
        let roll = rng.percent();
        let (answers, expect) = if roll < 85 {
            (home_care(&mut rng), Expect::HomeCare)
        } else if roll < 95 {
            (clinician(&mut rng), Expect::Clinician)
        } else {
            (emergency(&mut rng), Expect::Emergency)
        };
        answers.write(out)?;
        expected.push(expect);
    }
    Ok(expected)
}
