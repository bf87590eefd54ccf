//! Answers: parsed from a contract-v1 JSON object or a FHIR R4
//! `QuestionnaireResponse` (or built by the questionnaire), validated
//! against the catalog before any rule runs.

use std::fmt;

use jiff::Timestamp;

use serde_json::value::RawValue;

use crate::model::catalog::{Catalog, QuestionId};

pub use crate::model::value::Value;

/// A full, validated set of answers: from [`parse`] or a [`Builder`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Answers {
    /// One value per catalog question, by index.
    pub values: Vec<Value>,
    /// Questions that should have been answered and were not, in catalog order.
    pub unanswered: Vec<QuestionId>,
    /// When the pain started, if known.
    pub onset: Option<Timestamp>,
}

/// How to treat answers that are missing: contract v1's two modes
/// (`--partial` or not).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Missing {
    /// Missing required answers are an error, unless the given answers
    /// already decide `emergency`.
    #[default]
    Reject,
    /// Accept them: a missing tristate counts as `unsure`, others as unknown.
    Partial,
}

/// One thing wrong with an answers object.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Problem {
    /// Stable kebab-case code.
    pub kind: &'static str,
    /// The key it concerns, if any.
    pub key: Option<String>,
    /// One sentence naming the key, the value and what is accepted.
    pub message: String,
}

/// Why an answers object cannot be assessed. Exit code 65.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AnswersError {
    /// The problems, at most [`PROBLEMS_KEPT`] of them.
    pub problems: Vec<Problem>,
    /// How many more problems were found and not kept: an answers file of
    /// a million bad keys must not take a million messages of memory.
    pub omitted: usize,
}

/// At most this many problems are kept; the rest are only counted.
pub const PROBLEMS_KEPT: usize = 100;

impl AnswersError {
    fn one(kind: &'static str, key: Option<String>, message: String) -> AnswersError {
        AnswersError {
            problems: vec![Problem { kind, key, message }],
            omitted: 0,
        }
    }

    /// The kind of the whole error: the problems' kind if they share one.
    #[must_use]
    pub fn kind(&self) -> &'static str {
        match self.problems.as_slice() {
            [first, rest @ ..] if rest.iter().all(|p| p.kind == first.kind) => first.kind,
            _ => "invalid-answers",
        }
    }
}

/// At most this many problems are listed in a message; the rest are counted.
pub(crate) const PROBLEMS_SHOWN: usize = 20;

impl fmt::Display for AnswersError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.problems.as_slice() {
            [one] if self.omitted == 0 => f.write_str(&one.message),
            many => {
                let total = many.len() + self.omitted;
                write!(f, "{total} problems in the answers:")?;
                for p in many.iter().take(PROBLEMS_SHOWN) {
                    write!(f, "\n  - {}", p.message)?;
                }
                if total > PROBLEMS_SHOWN {
                    write!(f, "\n  - and {} more", total - PROBLEMS_SHOWN)?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for AnswersError {}

mod fhir;
mod parse;
mod raw;

pub use parse::{Builder, decode, invalid_utf8, onset_before_birth};

/// Parses and validates one answers object: contract v1, or a FHIR R4
/// `QuestionnaireResponse`.
///
/// # Errors
/// Every problem found: invalid JSON, unknown or duplicate keys, wrong types,
/// values out of range, and (unless [`Missing::Partial`]) missing answers.
/// Missing answers are not an error when the answers given already decide
/// `emergency`; the caller checks that with [`Answers::unanswered`].
pub fn parse(
    json: &str,
    catalog: &Catalog,
    options: ParseOptions,
) -> Result<Answers, AnswersError> {
    parse_with_id(json, catalog, options, None).1
}

/// Like [`parse`], where the object may also carry `id_key` (any JSON value,
/// not an answer), returned as written with the outcome: the `id` a script
/// joins results on (a `QuestionnaireResponse`'s own `id`). The id is `None`
/// when it is not given, or when the input is not a JSON object that can be
/// read.
pub fn parse_with_id(
    json: &str,
    catalog: &Catalog,
    options: ParseOptions,
    id_key: Option<&str>,
) -> (Option<Box<RawValue>>, Result<Answers, AnswersError>) {
    let mut id = None;
    let result = parse::object(json).and_then(|json| {
        // A FHIR resource: a cheap look before a real one, so that
        // ordinary answers pay almost nothing.
        if json.contains("\"resourceType\"")
            && let Some(result) = fhir::read(json, catalog, options, id_key, &mut id)
        {
            return result;
        }
        parse::contract_v1(json, catalog, options, id_key, &mut id)
    });
    (id, result)
}

/// How to read an answers object: [`parse`], [`Builder::finish`].
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct ParseOptions {
    /// What to do with missing answers.
    pub missing: Missing,
    /// The time `onset` timestamps are measured against.
    pub now: Timestamp,
}

impl ParseOptions {
    /// Options with these settings.
    #[must_use]
    pub fn new(missing: Missing, now: Timestamp) -> ParseOptions {
        ParseOptions { missing, now }
    }
}

impl Answers {
    /// The error to give for missing answers, listing all of them at once.
    #[must_use]
    pub fn missing_error(&self, catalog: &Catalog) -> AnswersError {
        let ids: Vec<String> = self
            .unanswered
            .iter()
            .map(|&id| format!("`{}`", catalog.get(id).id))
            .collect();
        let noun = if ids.len() == 1 {
            "answer is"
        } else {
            "answers are"
        };
        AnswersError::one(
            "missing-answers",
            None,
            format!(
                "{} {noun} missing: {} (answer them, or use --partial to assess without them)",
                ids.len(),
                ids.join(", ")
            ),
        )
    }
}

/// Answers as contract-v1 JSON (for `--save`): the given answers only, the
/// onset as an RFC 3339 time when it is known.
#[must_use]
pub fn to_json(answers: &Answers, catalog: &Catalog) -> serde_json::Map<String, serde_json::Value> {
    let mut map = serde_json::Map::new();
    for (q, value) in catalog.questions.iter().zip(&answers.values) {
        // The onset as a time, to the minute, so that the plan read from the
        // file later stays anchored to when the pain began.
        if let (Some(key), Some(at), Value::Number(_)) = (&q.timestamp_key, answers.onset, value)
            && let Ok(at) = at.round(jiff::Unit::Minute)
        {
            map.insert(key.clone(), serde_json::Value::String(at.to_string()));
            continue;
        }
        let json = match *value {
            Value::Option(i) => {
                serde_json::Value::String(q.kind.option_values()[usize::from(i)].to_string())
            }
            Value::Number(x) => crate::model::value::json_number(x),
            Value::Missing | Value::Skipped => continue,
        };
        map.insert(q.id.clone(), json);
    }
    map
}
