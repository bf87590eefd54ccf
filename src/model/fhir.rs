//! The names this tool uses in HL7 FHIR R4 (4.0.1): canonical URLs and the
//! codes of its local CodeSystem. One place, so that the Questionnaire, the
//! QuestionnaireResponse it reads and writes and the result Bundle agree.
//!
//! The base is under `.example` (RFC 2606): no one else can ever own it, so
//! the URLs are stable and never collide with a real system's. Standard
//! systems are used only where a code certainly fits (UCUM for units).

use crate::model::catalog::{Kind, Question};
use crate::model::urgency::{Disposition, Urgency};
use crate::model::value::TRISTATE_OPTIONS;

/// The FHIR version everything is written for.
pub const FHIR_VERSION: &str = "4.0.1";

/// The root of every canonical URL the tool defines.
pub const BASE: &str = "https://spasm-triage.example/fhir";

/// The local CodeSystem holding every answer option.
pub const ANSWER_SYSTEM: &str = "https://spasm-triage.example/fhir/CodeSystem/answer";

/// UCUM, for units.
pub const UCUM: &str = "http://unitsofmeasure.org";

/// The local CodeSystem naming the rules that fire (a result's reasons).
pub const RULE_SYSTEM: &str = "https://spasm-triage.example/fhir/CodeSystem/rule";

/// The local CodeSystem of dispositions (contract v1's `disposition`).
pub const DISPOSITION_SYSTEM: &str = "https://spasm-triage.example/fhir/CodeSystem/disposition";

/// The local CodeSystem of urgencies (contract v1's `urgency`).
pub const URGENCY_SYSTEM: &str = "https://spasm-triage.example/fhir/CodeSystem/urgency";

/// The local CodeSystem of the plan's dated steps (`ice`, `heat`, ...).
pub const STEP_SYSTEM: &str = "https://spasm-triage.example/fhir/CodeSystem/plan-step";

/// The extension that marks an emergency red flag on a Questionnaire item.
pub const RED_FLAG_EXTENSION: &str =
    "https://spasm-triage.example/fhir/StructureDefinition/red-flag";

/// The tristate options in the order they are offered, with their words.
pub const TRISTATE_DISPLAY: [(&str, &str); 3] =
    [("yes", "Yes"), ("no", "No"), ("unsure", "Not sure")];

/// A disposition in words, as its code's display.
#[must_use]
pub fn disposition_display(d: Disposition) -> &'static str {
    match d {
        Disposition::Emergency => "Emergency care now",
        Disposition::Clinician => "Book a clinician",
        Disposition::HomeCare => "Home care",
    }
}

/// An urgency in words, as its code's display.
#[must_use]
pub fn urgency_display(u: Urgency) -> &'static str {
    match u {
        Urgency::Emergency => "Emergency care now",
        Urgency::Urgent => "See a clinician within 24 hours",
        Urgency::Routine => "See a clinician within about 1 to 2 weeks",
        Urgency::SelfCare => "Self-care at home, with advice on when to get help",
    }
}

/// The code of an option of `question` in [`ANSWER_SYSTEM`]: a tristate's
/// `yes`, `no` and `unsure` are shared by every tristate question; a choice
/// option is `question.value` (`leg_weakness.none`), because the same value
/// means different things in different questions.
#[must_use]
pub fn option_code(question: &Question, value: &str) -> String {
    match question.kind {
        Kind::Tristate => value.to_string(),
        _ => format!("{}.{value}", question.id),
    }
}

/// The options of a yes/no or choice question in the order they are
/// offered, as (code, words).
#[must_use]
pub fn coded_options(question: &Question) -> Vec<(String, &str)> {
    match &question.kind {
        Kind::Tristate => TRISTATE_DISPLAY
            .iter()
            .map(|(v, d)| ((*v).to_string(), *d))
            .collect(),
        Kind::Choice { options } => options
            .iter()
            .map(|o| (option_code(question, &o.value), o.label.as_str()))
            .collect(),
        Kind::Int { .. } | Kind::Number { .. } => Vec::new(),
    }
}

/// The words of an option value of `question`, as a coding's display.
#[must_use]
pub fn option_display<'a>(question: &'a Question, value: &'a str) -> &'a str {
    match &question.kind {
        Kind::Choice { options } => options
            .iter()
            .find(|o| o.value == value)
            .map_or(value, |o| o.label.as_str()),
        _ => TRISTATE_DISPLAY
            .iter()
            .find(|(v, _)| *v == value)
            .map_or(value, |(_, d)| d),
    }
}

/// The option value that `code` names for `question`, if it names one.
#[must_use]
pub fn option_value<'a>(question: &Question, code: &'a str) -> Option<&'a str> {
    let value = match question.kind {
        Kind::Tristate => TRISTATE_OPTIONS.contains(&code).then_some(code)?,
        _ => code.strip_prefix(question.id.as_str())?.strip_prefix('.')?,
    };
    question.kind.option_index(value).map(|_| value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_option_code_names_its_value_again_and_no_other_question_s() {
        let rules = crate::model::rule_set::RuleSet::embedded().expect("embedded rules");
        let questions = &rules.catalog.questions;
        for q in questions {
            for value in q.kind.option_values() {
                let code = option_code(q, value);
                assert_eq!(option_value(q, &code), Some(value), "{}", q.id);
                for other in questions.iter().filter(|o| o.id != q.id) {
                    if !matches!((&q.kind, &other.kind), (Kind::Tristate, Kind::Tristate)) {
                        assert_eq!(option_value(other, &code), None, "{code} in {}", other.id);
                    }
                }
            }
        }
    }
}
