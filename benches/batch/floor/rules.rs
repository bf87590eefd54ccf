//! The default rules of revision 2 (`rules/triage.toml`, 58 rules) as
//! hard-coded `if`s, most urgent first and in file order within one
//! urgency, as the engine orders them. Each test reads the answers as the
//! engine does for a line it can assess: "unsure" counts as "yes" on every
//! warning sign (the one exception, `otc_tried_no_relief`, needs "yes"), and
//! an answer left out (a question not asked, or, for a certain emergency,
//! one missing) makes no test on it hold. The messages are copied from the
//! rule file; the harness checks ids, urgencies and messages against it.

use super::{Answers, Episodes, LegSymptoms, Trend, Tri, Trigger, Weakness};

/// An urgency, as `batch` writes it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Urgency {
    Emergency,
    Urgent,
    Routine,
}

impl Urgency {
    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::Emergency => "emergency",
            Urgency::Urgent => "urgent",
            Urgency::Routine => "routine",
        }
    }
}

use Urgency::{Emergency, Routine, Urgent};

pub struct Rule {
    pub id: &'static str,
    pub urgency: Urgency,
    pub(super) check: fn(&Answers) -> bool,
    pub message: &'static str,
}

/// "yes" or "unsure".
fn y(t: Tri) -> bool {
    t != Tri::No
}

/// "yes" or "unsure" to a question that may be left out.
fn some_y(t: Option<Tri>) -> bool {
    t.is_some_and(y)
}

impl Answers {
    /// Any leg weakness, leg symptoms below the knee or in both legs,
    /// saddle numbness, or a bladder or bowel change.
    fn nerve_signs(&self) -> bool {
        self.leg_weakness != Weakness::None
            || matches!(
                self.leg_symptoms,
                LegSymptoms::BelowKneeOneLeg | LegSymptoms::Both
            )
            || y(self.saddle_numbness)
            || y(self.bladder_bowel_change)
    }

    fn infection_risk(&self) -> bool {
        y(self.iv_drug_use) || y(self.immunosuppressed) || y(self.recent_spinal_procedure)
    }

    fn old_fall(&self) -> bool {
        self.age >= 70 && self.trigger == Trigger::MinorFallOrBump
    }

    fn upper_back(&self) -> bool {
        self.pain_location == super::Location::MidOrUpperBack
    }

    /// No clear cause, a fall or bump, or a serious accident: not a strain.
    fn no_clear_strain(&self) -> bool {
        matches!(
            self.trigger,
            Trigger::NoClearCause | Trigger::MinorFallOrBump | Trigger::MajorTrauma
        )
    }
}

pub const RULES: &[Rule] = &[
    Rule {
        id: "cauda-equina-bladder-bowel",
        urgency: Emergency,
        check: |a| y(a.bladder_bowel_change),
        message: "New trouble peeing, or leaking pee or poo, with back pain can be a sign that the nerves at the base of the spine are being squeezed. This needs checking in hospital straight away.",
    },
    Rule {
        id: "cauda-equina-saddle",
        urgency: Emergency,
        check: |a| y(a.saddle_numbness),
        message: "New numbness or an odd feeling around the bottom, genitals or inner thighs can mean the nerves at the base of the spine are being squeezed. This needs checking in hospital straight away.",
    },
    Rule {
        id: "cauda-equina-both-legs",
        urgency: Emergency,
        check: |a| a.leg_symptoms == LegSymptoms::Both,
        message: "Pain, numbness or tingling in both legs with back pain can be a sign that the nerves at the base of the spine are being squeezed. This needs checking in hospital straight away.",
    },
    Rule {
        id: "leg-weakness-progressive",
        urgency: Emergency,
        check: |a| {
            matches!(
                a.leg_weakness,
                Weakness::GettingWorseOrBothLegs | Weakness::Unsure
            )
        },
        message: "Leg weakness that is getting worse, affects both legs, or stops you standing or walking can be a sign of pressure on the nerves or spinal cord. This needs checking in hospital straight away.",
    },
    Rule {
        id: "sexual-dysfunction-with-nerve-signs",
        urgency: Emergency,
        check: |a| some_y(a.sexual_dysfunction) && a.nerve_signs(),
        message: "New sexual problems together with leg or bladder symptoms can be a sign that the nerves at the base of the spine are being squeezed. This needs checking in hospital straight away.",
    },
    Rule {
        id: "fever-with-infection-risk",
        urgency: Emergency,
        check: |a| y(a.fever) && a.infection_risk(),
        message: "A high temperature with back pain, when you inject drugs, have a weakened immune system or recently had a spinal procedure, can be a sign of an infection near the spine. This needs checking in hospital straight away.",
    },
    Rule {
        id: "fever-with-nerve-signs",
        urgency: Emergency,
        check: |a| y(a.fever) && a.nerve_signs(),
        message: "A high temperature with back pain and leg weakness, numbness or pain going into the leg can be a sign of an infection pressing on the nerves near the spine. This needs checking in hospital straight away.",
    },
    Rule {
        id: "confused-or-drowsy",
        urgency: Emergency,
        check: |a| y(a.confused_or_drowsy),
        message: "New confusion or unusual drowsiness can be a sign of a serious infection or another illness that needs help now.",
    },
    Rule {
        id: "urinary-with-very-unwell",
        urgency: Emergency,
        check: |a| y(a.urinary_symptoms) && y(a.feels_very_unwell),
        message: "Feeling very unwell with burning when you pee, blood in your pee or pain in your side can be a sign of a serious kidney infection. This needs checking straight away.",
    },
    Rule {
        id: "infected-kidney-stone",
        urgency: Emergency,
        check: |a| y(a.urinary_symptoms) && y(a.fever) && y(a.nausea_vomiting),
        message: "Side or back pain with pee symptoms, a high temperature and being sick can be a sign of an infected kidney or kidney stone. This needs checking in hospital straight away.",
    },
    Rule {
        id: "cancer-with-nerve-signs",
        urgency: Emergency,
        check: |a| y(a.cancer_history) && a.nerve_signs(),
        message: "Leg weakness, numbness or bladder changes in someone who has had cancer can be a sign of pressure on the spinal cord. This needs checking in hospital straight away.",
    },
    Rule {
        id: "major-trauma",
        urgency: Emergency,
        check: |a| a.trigger == Trigger::MajorTrauma,
        message: "Back pain after a serious accident, such as a road accident or a fall from a height, can mean a broken bone in the spine. Keep still and get help now.",
    },
    Rule {
        id: "fragile-bones-with-nerve-signs",
        urgency: Emergency,
        check: |a| (y(a.osteoporosis_or_steroids) || a.old_fall()) && a.nerve_signs(),
        message: "Leg weakness or nerve symptoms when the bones may be fragile can be a sign of a broken bone in the spine pressing on nerves. This needs checking in hospital straight away.",
    },
    Rule {
        id: "faint-or-clammy",
        urgency: Emergency,
        check: |a| y(a.faint_or_clammy),
        message: "Feeling faint, dizzy, sweaty or clammy, a racing heart or passing out with back pain can be a sign of a problem with the main blood vessel or the heart. Get help now.",
    },
    Rule {
        id: "known-aortic-aneurysm",
        urgency: Emergency,
        check: |a| some_y(a.known_aortic_aneurysm),
        message: "New back pain in someone with an aortic aneurysm can be a sign that it is leaking. Get help now.",
    },
    Rule {
        id: "tearing-pain",
        urgency: Emergency,
        check: |a| y(a.tearing_pain),
        message: "A sudden, severe, ripping or tearing pain in the chest, back or tummy can be a sign of a tear in the main blood vessel. Get help now.",
    },
    Rule {
        id: "chest-pain-or-breathless",
        urgency: Emergency,
        check: |a| y(a.chest_pain_or_breathless),
        message: "Chest pain or pressure, or new shortness of breath, with back pain can be a sign of a heart or lung problem. Get help now.",
    },
    Rule {
        id: "sudden-severe-onset-over-60",
        urgency: Emergency,
        check: |a| some_y(a.sudden_severe_onset),
        message: "Severe back pain that came on suddenly without a strain, at 60 or over, can be a sign of a problem with the main blood vessel (an aneurysm) or a broken bone in the spine. Get help now.",
    },
    Rule {
        id: "pregnancy-warning-signs",
        urgency: Emergency,
        check: |a| some_y(a.pregnancy_warning_signs),
        message: "Back pain in pregnancy with tightenings, bleeding, leaking fluid or fewer baby movements can be a sign of labour or another problem. Contact your maternity unit or labour ward now, or call the emergency number if bleeding is heavy.",
    },
    Rule {
        id: "young-child",
        urgency: Emergency,
        check: |a| a.age < 6,
        message: "Back pain in a young child is unusual and can have a serious cause. A child this young needs to be checked by a doctor straight away.",
    },
    Rule {
        id: "leg-weakness-one-leg",
        urgency: Urgent,
        check: |a| a.leg_weakness == Weakness::OneLegStable,
        message: "New weakness in one leg or foot, such as a foot that drags, can be a sign of pressure on a nerve and needs checking today.",
    },
    Rule {
        id: "sexual-dysfunction",
        urgency: Urgent,
        check: |a| some_y(a.sexual_dysfunction),
        message: "New problems getting an erection or ejaculating alongside back pain can be a sign of nerve pressure and need checking today.",
    },
    Rule {
        id: "fever",
        urgency: Urgent,
        check: |a| y(a.fever),
        message: "A high temperature, or feeling hot and shivery, with back pain can be a sign of an infection and needs checking today.",
    },
    Rule {
        id: "infection-risk",
        urgency: Urgent,
        check: |a| a.infection_risk(),
        message: "Injecting drugs, a weakened immune system or a recent spinal procedure raise the chance of an infection near the spine, even without a temperature. New back pain needs checking today.",
    },
    Rule {
        id: "feels-very-unwell",
        urgency: Urgent,
        check: |a| y(a.feels_very_unwell),
        message: "Feeling generally very unwell with back pain can be a sign of an illness that is not just a strained back, and needs checking today.",
    },
    Rule {
        id: "cancer-history",
        urgency: Urgent,
        check: |a| y(a.cancer_history),
        message: "New back pain in someone who has had cancer needs checking today, to make sure the cancer has not spread to the spine.",
    },
    Rule {
        id: "weight-loss",
        urgency: Urgent,
        check: |a| y(a.unexplained_weight_loss),
        message: "Losing weight without trying, together with back pain, needs checking today to look for a cause.",
    },
    Rule {
        id: "night-pain-with-age-or-upper-back",
        urgency: Urgent,
        check: |a| y(a.night_pain) && (a.age >= 50 || a.upper_back()),
        message: "Pain that is there all the time, even lying still, needs checking today when you are 50 or over or the pain is in the middle or upper back.",
    },
    Rule {
        id: "upper-back-pain",
        urgency: Urgent,
        check: |a| a.upper_back() && a.no_clear_strain(),
        message: "Pain mainly in the middle or upper back that came on without a clear cause, or after a fall or bump, is less often a simple strain than low back pain, and needs checking today.",
    },
    Rule {
        id: "back-lump-or-deformity",
        urgency: Urgent,
        check: |a| y(a.back_lump_or_deformity),
        message: "A new lump or swelling on the back, or a change in its shape, needs checking today.",
    },
    Rule {
        id: "under-18-with-warning-sign",
        urgency: Urgent,
        check: |a| {
            a.age < 18
                && (y(a.night_pain)
                    || y(a.fever)
                    || y(a.unexplained_weight_loss)
                    || a.leg_symptoms != LegSymptoms::None
                    || a.leg_weakness != Weakness::None
                    || y(a.saddle_numbness)
                    || y(a.bladder_bowel_change)
                    || matches!(a.trigger, Trigger::MinorFallOrBump | Trigger::MajorTrauma))
        },
        message: "In children and teenagers, back pain with constant pain, a temperature, weight loss, leg symptoms or after a fall needs checking today.",
    },
    Rule {
        id: "fragile-bones",
        urgency: Urgent,
        check: |a| y(a.osteoporosis_or_steroids),
        message: "With osteoporosis or long-term steroid tablets, even a small fall, lift or jolt can break a bone in the spine. This needs checking today.",
    },
    Rule {
        id: "age-70-minor-fall",
        urgency: Urgent,
        check: |a| a.old_fall(),
        message: "At 70 or over, back pain after a small fall or bump can be a broken bone in the spine, even without a hard knock. This needs checking today.",
    },
    Rule {
        id: "urinary-symptoms",
        urgency: Urgent,
        check: |a| y(a.urinary_symptoms),
        message: "Pain or burning when you pee, blood in your pee or pain in your side can mean the pain is coming from the kidneys or bladder. This needs checking today.",
    },
    Rule {
        id: "urinary-with-fever",
        urgency: Urgent,
        check: |a| y(a.urinary_symptoms) && y(a.fever),
        message: "Pee symptoms or side pain with a high temperature can be a sign of a kidney infection, which needs checking today.",
    },
    Rule {
        id: "kidney-stone-pattern",
        urgency: Urgent,
        check: |a| y(a.urinary_symptoms) && y(a.nausea_vomiting),
        message: "Side or back pain with pee symptoms and feeling or being sick can be a sign of a kidney stone, which needs checking today.",
    },
    Rule {
        id: "pregnancy-with-fever-or-urinary",
        urgency: Urgent,
        check: |a| some_y(a.pregnant) && (y(a.fever) || y(a.urinary_symptoms)),
        message: "A temperature or pee symptoms during pregnancy need checking today, as kidney infections are more serious in pregnancy.",
    },
    Rule {
        id: "severe-pain-not-controlled",
        urgency: Urgent,
        check: |a| {
            a.pain_severity >= 7
                && a.otc_tried_no_relief == Tri::Yes
                && y(a.daily_activities_limited)
        },
        message: "Severe pain that stops you dressing, washing or getting to the toilet, even with painkillers, needs a clinician today: they can offer stronger pain relief.",
    },
    Rule {
        id: "worsening-severe-pain",
        urgency: Urgent,
        check: |a| {
            a.pain_trend == Trend::Worse && a.pain_severity >= 8 && a.onset_hours_ago >= 72.0
        },
        message: "Severe back pain that is still getting worse 3 days after it started needs checking today.",
    },
    Rule {
        id: "age-50-first-episode",
        urgency: Routine,
        check: |a| a.age >= 50 && a.previous_episodes == Episodes::First,
        message: "Back pain for the first time at 50 or over is a little more likely to have a cause other than a strain, so it is worth booking a check.",
    },
    Rule {
        id: "age-70-or-over",
        urgency: Routine,
        check: |a| a.age >= 70,
        message: "From 70, back pain is more likely to have a cause other than a strain, such as a weak bone, so it is worth booking a check, even if you have had similar pain before.",
    },
    Rule {
        id: "under-18",
        urgency: Routine,
        check: |a| a.age < 18,
        message: "Back pain in children and teenagers is worth checking with a clinician, as this tool is made for adults.",
    },
    Rule {
        id: "age-18-19-no-clear-cause",
        urgency: Routine,
        check: |a| (18..=19).contains(&a.age) && a.no_clear_strain(),
        message: "Back pain at 18 or 19 that came on without a clear strain is worth checking with a clinician.",
    },
    Rule {
        id: "pregnancy",
        urgency: Routine,
        check: |a| a.pregnant == Some(Tri::Yes),
        message: "If you are pregnant, let your midwife or doctor know about the back pain, and check with them or a pharmacist before taking any painkiller.",
    },
    Rule {
        id: "inflammatory-pattern",
        urgency: Routine,
        check: |a| y(a.morning_stiffness) && a.onset_hours_ago >= 2160.0,
        message: "Back pain for 3 months or more with long morning stiffness that eases with movement can be a sign of an inflammatory back condition, which a clinician can check for.",
    },
    Rule {
        id: "not-improving-2-weeks",
        urgency: Routine,
        check: |a| a.onset_hours_ago >= 336.0 && a.pain_trend != Trend::Better,
        message: "Back pain that is not clearly getting better after 2 weeks is worth checking with a clinician.",
    },
    Rule {
        id: "pain-over-6-weeks",
        urgency: Routine,
        check: |a| a.onset_hours_ago >= 1008.0,
        message: "Back pain that has lasted 6 weeks or more is worth checking with a clinician, even if it is slowly getting better.",
    },
    Rule {
        id: "worsening-pain",
        urgency: Routine,
        check: |a| a.pain_trend == Trend::Worse && a.onset_hours_ago >= 72.0,
        message: "Back pain that is still getting worse 3 days or more after it started is worth checking with a clinician.",
    },
    Rule {
        id: "worsening-severe-pain-early",
        urgency: Routine,
        check: |a| a.pain_trend == Trend::Worse && a.pain_severity >= 8 && a.onset_hours_ago < 72.0,
        message: "Severe back pain that keeps getting worse is worth checking with a clinician, who can suggest stronger pain relief.",
    },
    Rule {
        id: "severe-pain",
        urgency: Routine,
        check: |a| {
            a.pain_severity >= 8 && a.onset_hours_ago >= 72.0 && a.pain_trend != Trend::Better
        },
        message: "Back pain that is still severe 3 days after it started is worth checking with a clinician, who can suggest stronger pain relief.",
    },
    Rule {
        id: "sciatica-one-leg",
        urgency: Routine,
        check: |a| a.leg_symptoms == LegSymptoms::BelowKneeOneLeg,
        message: "Pain, numbness or tingling going below the knee into one leg can be a sign of an irritated nerve in the back. It is worth booking a check with a clinician.",
    },
    Rule {
        id: "night-pain",
        urgency: Routine,
        check: |a| y(a.night_pain),
        message: "Pain that is there all the time, even when you lie still, with no position that eases it, is worth checking with a clinician.",
    },
    Rule {
        id: "worse-on-cough-or-strain",
        urgency: Routine,
        check: |a| y(a.worse_on_cough_or_strain) && a.onset_hours_ago >= 168.0,
        message: "Back pain that still gets much worse when you cough, sneeze or strain a week after it started is worth checking with a clinician.",
    },
    Rule {
        id: "upper-back-strain",
        urgency: Routine,
        check: |a| a.upper_back() && (a.age >= 50 || a.onset_hours_ago >= 168.0),
        message: "Pain mainly in the middle or upper back is less often a simple strain than low back pain; at 50 or over, or after a week, it is worth booking a check.",
    },
    Rule {
        id: "daily-activities-limited",
        urgency: Routine,
        check: |a| y(a.daily_activities_limited) && a.onset_hours_ago >= 72.0,
        message: "When back pain is still stopping you doing everyday things or working 3 days after it started, a clinician can help with pain relief and getting moving again.",
    },
    Rule {
        id: "struggling-to-cope",
        urgency: Routine,
        check: |a| y(a.struggling_to_cope),
        message: "If you are very worried or finding it hard to cope, a clinician can help. Worry can make pain harder to manage, and support helps.",
    },
    Rule {
        id: "frequent-episodes",
        urgency: Routine,
        check: |a| a.previous_episodes == Episodes::Frequent,
        message: "Back spasms that keep coming back are worth talking through with a clinician or physiotherapist, who can help you prevent them.",
    },
    Rule {
        id: "otc-not-helping",
        urgency: Routine,
        check: |a| a.otc_tried_no_relief == Tri::Yes,
        message: "If painkillers from the shop have not helped after a few days, a clinician can suggest other treatment.",
    },
];
