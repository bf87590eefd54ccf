//! The floor: the least a batch triage could do. Each line is deserialised by
//! serde into a fixed struct, the default rules are applied as hard-coded
//! `if`s, and urgency and reasons are written as compact JSON, like
//! `spasm-triage batch --fields urgency,reasons`. No catalog, no validation
//! beyond serde's, no plan: `batch` should stay within 1.5x of this.

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
    sexual_dysfunction: Tri,
    morning_stiffness: Tri,
    daily_activities_limited: Tri,
    otc_tried_no_relief: Tri,
    struggling_to_cope: Tri,
    nsaid_cautions: Tri,
    paracetamol_cautions: Tri,
}

/// "yes" or "unsure": every warning sign counts "unsure" as "yes".
fn y(t: Tri) -> bool {
    t != Tri::No
}

/// A skippable question counts only when it is asked.
fn asked(t: Option<Tri>, when: bool) -> bool {
    when && t.is_some_and(y)
}

impl Answers {
    fn pregnant(&self) -> bool {
        let asked_when = self.sex != Some(Sex::Male) && (12..=55).contains(&self.age);
        asked(self.pregnant, asked_when)
    }

    fn nerve_signs(&self) -> bool {
        y(self.bladder_bowel_change)
            || y(self.saddle_numbness)
            || matches!(
                self.leg_symptoms,
                LegSymptoms::BelowKneeOneLeg | LegSymptoms::Both
            )
            || self.leg_weakness != Weakness::None
    }

    fn infection_risk(&self) -> bool {
        y(self.iv_drug_use) || y(self.immunosuppressed) || y(self.recent_spinal_procedure)
    }

    fn old_fall(&self) -> bool {
        self.age >= 70 && self.trigger == Trigger::MinorFallOrBump
    }
}

type Check = fn(&Answers) -> bool;

/// The default rules, most urgent first, file order within one urgency.
const RULES: &[(&str, &str, Check)] = &[
    ("cauda-equina-bladder-bowel", "emergency", |a| {
        y(a.bladder_bowel_change)
    }),
    ("cauda-equina-saddle", "emergency", |a| y(a.saddle_numbness)),
    ("cauda-equina-both-legs", "emergency", |a| {
        a.leg_symptoms == LegSymptoms::Both
    }),
    ("leg-weakness-progressive", "emergency", |a| {
        matches!(
            a.leg_weakness,
            Weakness::GettingWorseOrBothLegs | Weakness::Unsure
        )
    }),
    ("sexual-dysfunction-with-nerve-signs", "emergency", |a| {
        y(a.sexual_dysfunction) && a.nerve_signs()
    }),
    ("fever-with-infection-risk", "emergency", |a| {
        y(a.fever) && a.infection_risk()
    }),
    ("confused-or-drowsy", "emergency", |a| {
        y(a.confused_or_drowsy)
    }),
    ("urinary-with-very-unwell", "emergency", |a| {
        y(a.urinary_symptoms) && y(a.feels_very_unwell)
    }),
    ("infected-kidney-stone", "emergency", |a| {
        y(a.urinary_symptoms) && y(a.fever) && y(a.nausea_vomiting)
    }),
    ("cancer-with-nerve-signs", "emergency", |a| {
        y(a.cancer_history) && a.nerve_signs()
    }),
    ("major-trauma", "emergency", |a| {
        a.trigger == Trigger::MajorTrauma
    }),
    ("fragile-bones-with-nerve-signs", "emergency", |a| {
        (y(a.osteoporosis_or_steroids) || a.old_fall()) && a.nerve_signs()
    }),
    ("faint-or-clammy", "emergency", |a| y(a.faint_or_clammy)),
    ("known-aortic-aneurysm", "emergency", |a| {
        asked(a.known_aortic_aneurysm, a.age >= 50)
    }),
    ("tearing-pain", "emergency", |a| y(a.tearing_pain)),
    ("chest-pain-or-breathless", "emergency", |a| {
        y(a.chest_pain_or_breathless)
    }),
    ("pregnancy-warning-signs", "emergency", |a| {
        asked(a.pregnancy_warning_signs, a.pregnant())
    }),
    ("young-child", "emergency", |a| a.age < 6),
    ("leg-weakness-one-leg", "urgent", |a| {
        a.leg_weakness == Weakness::OneLegStable
    }),
    ("sexual-dysfunction", "urgent", |a| y(a.sexual_dysfunction)),
    ("fever", "urgent", |a| y(a.fever)),
    ("infection-risk", "urgent", Answers::infection_risk),
    ("feels-very-unwell", "urgent", |a| y(a.feels_very_unwell)),
    ("cancer-history", "urgent", |a| y(a.cancer_history)),
    ("weight-loss", "urgent", |a| y(a.unexplained_weight_loss)),
    ("night-pain", "urgent", |a| y(a.night_pain)),
    ("upper-back-pain", "urgent", |a| {
        a.pain_location == Location::MidOrUpperBack
    }),
    ("worse-on-cough-or-strain", "urgent", |a| {
        y(a.worse_on_cough_or_strain)
    }),
    ("back-lump-or-deformity", "urgent", |a| {
        y(a.back_lump_or_deformity)
    }),
    ("under-18-with-warning-sign", "urgent", |a| {
        a.age < 18
            && (y(a.night_pain)
                || y(a.fever)
                || y(a.unexplained_weight_loss)
                || a.leg_symptoms != LegSymptoms::None
                || a.leg_weakness != Weakness::None
                || y(a.saddle_numbness)
                || y(a.bladder_bowel_change)
                || matches!(a.trigger, Trigger::MinorFallOrBump | Trigger::MajorTrauma))
    }),
    ("fragile-bones", "urgent", |a| y(a.osteoporosis_or_steroids)),
    ("age-70-minor-fall", "urgent", Answers::old_fall),
    ("sudden-severe-onset-over-60", "urgent", |a| {
        asked(a.sudden_severe_onset, a.age >= 60)
    }),
    ("urinary-symptoms", "urgent", |a| y(a.urinary_symptoms)),
    ("urinary-with-fever", "urgent", |a| {
        y(a.urinary_symptoms) && y(a.fever)
    }),
    ("kidney-stone-pattern", "urgent", |a| {
        y(a.urinary_symptoms) && y(a.nausea_vomiting)
    }),
    ("pregnancy-with-fever-or-urinary", "urgent", |a| {
        a.pregnant() && (y(a.fever) || y(a.urinary_symptoms))
    }),
    ("severe-pain-not-controlled", "urgent", |a| {
        a.pain_severity >= 8 && y(a.otc_tried_no_relief) && y(a.daily_activities_limited)
    }),
    ("worsening-severe-pain", "urgent", |a| {
        a.pain_trend == Trend::Worse && a.pain_severity >= 8
    }),
    ("age-50-or-over", "routine", |a| a.age >= 50),
    ("under-20", "routine", |a| a.age < 20),
    ("pregnancy", "routine", Answers::pregnant),
    ("inflammatory-pattern", "routine", |a| {
        y(a.morning_stiffness) && a.onset_hours_ago >= 2160.0
    }),
    ("not-improving-2-weeks", "routine", |a| {
        a.onset_hours_ago >= 336.0 && a.pain_trend != Trend::Better
    }),
    ("pain-over-6-weeks", "routine", |a| {
        a.onset_hours_ago >= 1008.0
    }),
    ("worsening-pain", "routine", |a| {
        a.pain_trend == Trend::Worse
    }),
    ("severe-pain", "routine", |a| a.pain_severity >= 8),
    ("sciatica-one-leg", "routine", |a| {
        a.leg_symptoms == LegSymptoms::BelowKneeOneLeg
    }),
    ("daily-activities-limited", "routine", |a| {
        y(a.daily_activities_limited)
    }),
    ("struggling-to-cope", "routine", |a| y(a.struggling_to_cope)),
    ("frequent-episodes", "routine", |a| {
        a.previous_episodes == Episodes::Frequent
    }),
    ("otc-not-helping", "routine", |a| y(a.otc_tried_no_relief)),
];

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
struct ErrorRecord {
    line: u64,
    error: String,
}

/// Reads JSON Lines on standard input, writes results on standard output.
pub fn run() -> io::Result<()> {
    // The messages are text, not logic: take them from the rule files.
    let rules = spasm_triage::RuleSet::embedded().map_err(io::Error::other)?;
    let messages: Vec<&str> = RULES
        .iter()
        .map(|(id, _, _)| rules.rule(id).map_or("", |r| r.message.as_str()))
        .collect();
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
        match serde_json::from_slice::<Answers>(&line) {
            Ok(a) => {
                let mut urgency = "self_care";
                let mut reasons = Vec::new();
                for (i, (rule, level, check)) in RULES.iter().enumerate() {
                    if check(&a) {
                        if reasons.is_empty() {
                            urgency = level;
                        }
                        reasons.push(Reason {
                            rule,
                            message: messages[i],
                        });
                    }
                }
                serde_json::to_writer(&mut out, &Out { urgency, reasons })?;
            }
            Err(e) => serde_json::to_writer(
                &mut out,
                &ErrorRecord {
                    line: number,
                    error: e.to_string(),
                },
            )?,
        }
        out.push(b'\n');
        output.write_all(&out)?;
    }
    output.flush()
}
