//! `spasm-triage`: triage of back spasm and acute back pain for self-care.
//!
//! Data flows one way: rule files are loaded and validated into a
//! [`RuleSet`]; answers (from JSON or the questionnaire) are validated into
//! [`Answers`]; the [`engine`] decides; the [`plan`] and [`render`] layers
//! turn the decision into what the person reads. The library never prints.

pub mod engine;
pub mod model;
pub mod output;
pub mod plan;
pub mod questionnaire;
pub mod rulebook;

#[cfg(feature = "cli")]
#[doc(hidden)]
pub mod cli;

pub use engine::Decision;
pub use model::answers::{Answers, AnswersError, Missing, ParseOptions};
pub use model::rule_set::{Rule, RuleSet, RulesSource};
pub use model::urgency::{Disposition, Urgency};
pub use output::report::Report;
pub use rulebook::RulesError;

/// Parses, validates and assesses one answers object; the plan's times are
/// shown in the system time zone.
///
/// # Errors
/// When the answers are invalid, or required answers are missing and the
/// answers given do not already decide `emergency`.
pub fn assess(
    rules: &RuleSet,
    json: &str,
    options: ParseOptions,
    region: &model::region::Region,
) -> Result<Report, AnswersError> {
    let decision = decide(rules, json, options)?;
    let plan = plan::build(
        rules,
        &decision,
        region,
        &model::clock::Clock::system(options.now),
    );
    Ok(Report::new(rules, &decision, plan))
}

/// Parses and validates one answers object and decides, without a plan.
///
/// # Errors
/// As [`assess`].
pub fn decide(
    rules: &RuleSet,
    json: &str,
    options: ParseOptions,
) -> Result<Decision, AnswersError> {
    let answers = model::answers::parse(json, &rules.catalog, options)?;
    engine::decide(rules, answers, options.missing)
}

/// Like [`assess`], for raw input bytes: checks they are UTF-8 text first.
///
/// # Errors
/// As [`assess`], and `invalid-utf8`.
pub fn assess_bytes(
    rules: &RuleSet,
    input: &[u8],
    options: ParseOptions,
    region: &model::region::Region,
) -> Result<Report, AnswersError> {
    assess(rules, model::answers::decode(input)?, options, region)
}
