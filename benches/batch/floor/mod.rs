//! The floor: the least a batch triage could do. Each line is deserialised by
//! serde into a fixed struct, the default rules are applied as hard-coded
//! `if`s (`rules.rs`), and urgency and reasons are written as compact JSON,
//! like `spasm-triage batch --fields urgency,reasons`. No catalog, no
//! validation beyond serde's, no plan, and no use of the library: `batch`
//! should stay within 1.5x of this.

mod rules;

pub use rules::RULES;

use std::io::{self, BufRead, Write};

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Tri {
    No,
    Unsure,
    Yes,
}

#[derive(Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Sex {
    Female,
    Male,
    Other,
}

#[derive(Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Trend {
    Better,
    Same,
    Worse,
}

#[derive(Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Location {
    LowerBack,
    MidOrUpperBack,
}

#[derive(Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Trigger {
    LiftingOrBending,
    TwistingOrSport,
    SuddenMovement,
    MinorFallOrBump,
    MajorTrauma,
    NoClearCause,
}

#[derive(Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Episodes {
    First,
    Occasional,
    Frequent,
}

#[derive(Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum LegSymptoms {
    None,
    AboveKnee,
    BelowKneeOneLeg,
    #[serde(rename = "both_legs")]
    Both,
}

#[derive(Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Weakness {
    None,
    OneLegStable,
    GettingWorseOrBothLegs,
    Unsure,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Answers {
    age: u8,
    sex: Option<Sex>,
    pregnant: Option<Tri>,
    onset_hours_ago: f64,
    pain_severity: u8,
    pain_trend: Trend,
    pain_location: Location,
    trigger: Trigger,
    previous_episodes: Episodes,
    chest_pain_or_breathless: Tri,
    tearing_pain: Tri,
    faint_or_clammy: Tri,
    confused_or_drowsy: Tri,
    known_aortic_aneurysm: Option<Tri>,
    bladder_bowel_change: Tri,
    saddle_numbness: Tri,
    leg_symptoms: LegSymptoms,
    leg_weakness: Weakness,
    pregnancy_warning_signs: Option<Tri>,
    fever: Tri,
    iv_drug_use: Tri,
    immunosuppressed: Tri,
    recent_spinal_procedure: Tri,
    feels_very_unwell: Tri,
    cancer_history: Tri,
    unexplained_weight_loss: Tri,
    night_pain: Tri,
    worse_on_cough_or_strain: Tri,
    back_lump_or_deformity: Tri,
    osteoporosis_or_steroids: Tri,
    sudden_severe_onset: Option<Tri>,
    urinary_symptoms: Tri,
    nausea_vomiting: Tri,
    sexual_dysfunction: Option<Tri>,
    morning_stiffness: Tri,
    daily_activities_limited: Tri,
    otc_tried_no_relief: Tri,
    struggling_to_cope: Tri,
    nsaid_cautions: Tri,
    paracetamol_cautions: Tri,
}

impl Answers {
    /// Whether a question that must be answered when asked was left out
    /// where it is asked (or may be: `sex` is optional). Such a line is an
    /// error, unless the answers given already make it an emergency.
    fn unanswered(&self) -> bool {
        let pregnant_asked = self.sex != Some(Sex::Male) && (12..=55).contains(&self.age);
        let warning_signs_asked = match self.pregnant {
            Some(t) => t != Tri::No,
            None => pregnant_asked,
        };
        (self.pregnant.is_none() && pregnant_asked)
            || (self.pregnancy_warning_signs.is_none() && warning_signs_asked)
            || (self.known_aortic_aneurysm.is_none() && self.age >= 50)
            || (self.sudden_severe_onset.is_none() && self.age >= 60)
            || (self.sexual_dysfunction.is_none() && self.sex != Some(Sex::Female))
    }
}

#[derive(Serialize)]
struct Out<'a> {
    urgency: &'a str,
    reasons: Vec<Reason<'a>>,
}

#[derive(Serialize)]
struct Reason<'a> {
    rule: &'a str,
    message: &'a str,
}

#[derive(Serialize)]
struct ErrorRecord<'a> {
    line: u64,
    error: Error<'a>,
}

#[derive(Serialize)]
struct Error<'a> {
    kind: &'a str,
    message: &'a str,
}

/// Urgency and reasons: the rules that fired at the most urgent level any
/// rule fired at, in order; `None` when none fired (`self_care`).
fn decide(a: &Answers) -> Out<'static> {
    let mut urgency = None;
    let mut reasons = Vec::new();
    for rule in RULES {
        if urgency.is_some_and(|u| u != rule.urgency) {
            break;
        }
        if (rule.check)(a) {
            urgency = Some(rule.urgency);
            reasons.push(Reason {
                rule: rule.id,
                message: rule.message,
            });
        }
    }
    Out {
        urgency: urgency.map_or("self_care", rules::Urgency::as_str),
        reasons,
    }
}

/// Reads JSON Lines on standard input, writes results on standard output.
pub fn run() -> io::Result<()> {
    let mut input = io::stdin().lock();
    let mut output = io::BufWriter::with_capacity(256 * 1024, io::stdout().lock());
    let mut line = Vec::new();
    let mut out = Vec::new();
    let mut number = 0;
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        number += 1;
        if line.trim_ascii().is_empty() {
            continue;
        }
        out.clear();
        let error = |kind, message: &str, out: &mut Vec<u8>| {
            serde_json::to_writer(
                out,
                &ErrorRecord {
                    line: number,
                    error: Error { kind, message },
                },
            )
        };
        match serde_json::from_slice::<Answers>(&line) {
            Ok(a) => {
                let result = decide(&a);
                if result.urgency != "emergency" && a.unanswered() {
                    error("missing-answers", "answers are missing", &mut out)?;
                } else {
                    serde_json::to_writer(&mut out, &result)?;
                }
            }
            Err(e) => error("invalid-answers", &e.to_string(), &mut out)?,
        }
        out.push(b'\n');
        output.write_all(&out)?;
    }
    output.flush()
}
