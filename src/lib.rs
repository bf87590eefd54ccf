//! `spasm-triage`: triage of back spasm and acute back pain for self-care:
//! emergency care now, book a clinician, or home care with a dated plan.
//!
//! Data flows one way, one module per layer, each using only the layers
//! before it:
//!
//! ```text
//! rule files ─▶ RuleSet ─▶ Answers ─▶ Decision ─▶ Plan ─▶ Report ─▶ text, Markdown, JSON
//! (rulebook)    (model)    (model)    (engine)    (plan)  (output)  (output::render)
//! ```
//!
//! The library never prints, never reads the terminal and never panics on
//! input: every problem is an error value.
//!
//! # Entry points
//!
//! - Load a rule set: [`RuleSet::embedded`] (the default rules, compiled in)
//!   or [`RuleSet::load`] with a [`RulesSource::Dir`]; problems come back as
//!   [`RulesError`] with rustc-style diagnostics.
//! - Parse answers: [`model::answers::parse`] reads a contract-v1 answers
//!   object into [`Answers`], checked against the catalog (an unknown key is
//!   an error, never dropped); [`ParseOptions`] says what to do with missing
//!   answers and what time it is.
//! - Decide: [`decide`] (parse and decide in one call) or
//!   [`engine::decide`] on parsed answers gives a [`Decision`];
//!   [`engine::explain::explain`] says why.
//! - Build a plan: [`plan::build`] for a [`Decision`], a region and a
//!   [`Clock`](model::clock::Clock); [`Report::new`] puts the contract-v1
//!   result together. [`assess`] does all of it in one call.
//! - Render: [`output::render::text`], [`output::render::markdown`] and
//!   [`output::render::json`].
//!
//! # Features
//!
//! `cli` (default) builds the `spasm-triage` program: argument parsing, the
//! terminal questionnaire (`questionnaire::terminal`), the batch pool and
//! tables. A library user turns it off,
//! `cargo add spasm-triage --no-default-features`, and does not compile
//! clap, dialoguer, indicatif, rayon or comfy-table: 49 crates instead of
//! 89 (`cargo tree -e normal`, this one included). Everything documented here except
//! `questionnaire::terminal` is there without it.
//!
//! # Example
//!
//! ```rust
//! use spasm_triage::output::render;
//! use spasm_triage::{Disposition, Missing, ParseOptions, RuleSet, Urgency};
//!
//! let rules = RuleSet::embedded()?;
//! let uk = rules.regions.get("uk").expect("the default rules have a uk region");
//! let options = ParseOptions::new(Missing::Reject, "2026-11-21T10:00:00Z".parse()?);
//!
//! // A red flag answered "yes" decides `emergency` at once: the answers not
//! // given yet could not lower it, so they are not required.
//! let report = spasm_triage::assess(&rules, r#"{"saddle_numbness": "yes"}"#, options, uk)?;
//! assert_eq!(report.urgency, Urgency::Emergency);
//! assert_eq!(report.disposition, Disposition::Emergency);
//! assert!(render::text(&report).contains("Call 999"));
//! assert!(render::json(&report, false).contains(r#""disposition":"emergency""#));
//!
//! // A typo in a key is an error that names the key, never a dropped answer.
//! let err = spasm_triage::assess(&rules, r#"{"saddle_numbnes": "yes"}"#, options, uk)
//!     .expect_err("an unknown key");
//! assert_eq!(err.kind(), "unknown-key");
//! assert!(err.to_string().contains("did you mean `saddle_numbness`?"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The same, one layer at a time:
//!
//! ```rust
//! use spasm_triage::model::{answers, clock::Clock};
//! use spasm_triage::output::render;
//! use spasm_triage::{Disposition, Missing, ParseOptions, Report, RuleSet, engine, plan};
//!
//! let rules = RuleSet::embedded()?;
//! let options = ParseOptions::new(Missing::Reject, "2026-11-21T10:00:00Z".parse()?);
//! let answers = answers::parse(r#"{"saddle_numbness": "yes"}"#, &rules.catalog, options)?;
//! let decision = engine::decide(&rules, answers, options.missing)?;
//! assert_eq!(decision.urgency.disposition(), Disposition::Emergency);
//!
//! let clock = Clock { now: options.now, zone: jiff::tz::TimeZone::UTC };
//! let plan = plan::build(&rules, &decision, rules.regions.fallback(), &clock);
//! let report = Report::new(&rules, &decision, plan).with_explanation(&rules, &decision);
//! assert!(render::markdown(&report).starts_with("# EMERGENCY: Call your local emergency number now"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

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
