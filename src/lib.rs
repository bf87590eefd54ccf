//! `spasm-triage`: triage of back spasm and acute back pain for self-care.
//!
//! Data flows one way: rule files are loaded and validated into a
//! [`RuleSet`]; answers (from JSON or the questionnaire) are validated into
//! [`Answers`]; the [`engine`] decides; the [`plan`] and [`render`] layers
//! turn the decision into what the person reads. The library never prints.

pub mod analysis;
pub mod answers;
pub mod batch;
pub mod cases;
pub mod catalog;
pub mod cli;
pub mod clock;
pub mod condition;
mod content_hash;
pub mod demo;
pub mod diagnostic;
pub mod engine;
pub mod explain;
mod loader;
pub mod onset;
pub mod plan;
pub mod plan_rules;
pub mod prompter;
pub mod questionnaire;
pub mod questions;
pub mod region;
pub mod render;
pub mod report;
pub mod rule_set;
pub mod schema;
pub mod urgency;

pub use answers::{Answers, AnswersError, Missing, ParseOptions};
pub use engine::Decision;
pub use report::Report;
pub use rule_set::{Rule, RuleSet, RulesError, RulesSource};
pub use urgency::{Disposition, Urgency};

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
    region: &region::Region,
) -> Result<Report, AnswersError> {
    let decision = decide(rules, json, options)?;
    let plan = plan::build(rules, &decision, region, &clock::Clock::system(options.now));
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
    let answers = answers::parse(json, &rules.catalog, options)?;
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
    region: &region::Region,
) -> Result<Report, AnswersError> {
    assess(rules, answers::decode(input)?, options, region)
}

/// An I/O error in words, without Rust's "(os error 2)" suffix.
#[must_use]
pub fn io_message(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => "no such file or directory".to_string(),
        ErrorKind::PermissionDenied => "permission denied".to_string(),
        ErrorKind::IsADirectory => "is a directory, not a file".to_string(),
        ErrorKind::InvalidData => "is not valid UTF-8 text".to_string(),
        ErrorKind::StorageFull => "no space left on device".to_string(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_string(),
                None => s,
            }
        }
    }
}
