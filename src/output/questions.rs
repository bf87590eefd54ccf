//! The question catalog described for people and scripts
//! (`spasm-triage questions`): ids, types, options or ranges, wording, and
//! when each question is asked.

use std::fmt::Write;

use serde::Serialize;

use crate::model::catalog::{Kind, Question, TRISTATE_OPTIONS};
use crate::model::rule_set::{RuleSet, RuleSetId};
use crate::output::schema::number;

/// The catalog as JSON: `{ "schema_version", "rules", "questions": [...] }`.
#[derive(Debug, Serialize)]
#[non_exhaustive]
pub struct Listing<'a> {
    /// Always 1.
    pub schema_version: u32,
    /// The rule set the catalog belongs to.
    pub rules: &'a RuleSetId,
    /// In the order they are asked.
    pub questions: Vec<Entry<'a>>,
}

/// One question, as `spasm-triage questions --format json` lists it.
#[derive(Debug, Serialize)]
#[non_exhaustive]
pub struct Entry<'a> {
    /// The answer key.
    pub id: &'a str,
    /// `tristate`, `int`, `number` or `choice`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The part of the questionnaire it is asked in, such as `emergency`.
    pub section: &'static str,
    /// The question as the person reads it.
    pub prompt: &'a str,
    /// A line of explanation shown below the prompt.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<&'a str>,
    /// The accepted values of a tristate or choice question.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<Choice<'a>>,
    /// The smallest accepted number, for `int` and `number`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<serde_json::Value>,
    /// The largest accepted number, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<serde_json::Value>,
    /// The unit of a number, such as `years`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<&'a str>,
    /// The skip condition as data (see `spasm-triage schema questions`);
    /// absent when the question is always asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub asked_when: Option<serde_json::Value>,
    /// The same condition in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub asked_when_text: Option<String>,
    /// May be left unanswered without `--partial`.
    pub optional: bool,
    /// An emergency red flag: `yes` gives `emergency`, `unsure` at least `urgent`.
    pub red_flag: bool,
    /// Another key that may carry the answer as an RFC 3339 time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp_key: Option<&'a str>,
}

/// One accepted value of a tristate or choice question.
#[derive(Debug, Serialize)]
#[non_exhaustive]
pub struct Choice<'a> {
    /// The value an answers object gives.
    pub value: &'a str,
    /// The option as the person reads it.
    pub label: &'a str,
}

/// The catalog of a rule set, for `--format json`.
#[must_use]
pub fn listing(rules: &RuleSet) -> Listing<'_> {
    let catalog = &rules.catalog;
    let questions = catalog
        .questions
        .iter()
        .map(|q| {
            let (min, max) = q
                .kind
                .range()
                .map_or((None, None), |(lo, hi)| (Some(number(lo)), hi.map(number)));
            Entry {
                id: &q.id,
                kind: kind_name(&q.kind),
                section: q.section.as_str(),
                prompt: &q.prompt,
                help: q.help.as_deref(),
                options: choices(q),
                min,
                max,
                unit: q.unit.as_deref(),
                asked_when: q
                    .asked_when
                    .as_ref()
                    .map(|c| crate::output::gates::data(catalog, c)),
                asked_when_text: q.asked_when.as_ref().map(|c| c.describe(catalog)),
                optional: q.optional,
                red_flag: q.red_flag,
                timestamp_key: q.timestamp_key.as_deref(),
            }
        })
        .collect();
    Listing {
        schema_version: crate::output::report::SCHEMA_VERSION,
        rules: &rules.id,
        questions,
    }
}

fn kind_name(kind: &Kind) -> &'static str {
    match kind {
        Kind::Tristate => "tristate",
        Kind::Int { .. } => "int",
        Kind::Number { .. } => "number",
        Kind::Choice { .. } => "choice",
    }
}

fn choices(q: &Question) -> Vec<Choice<'_>> {
    match &q.kind {
        Kind::Tristate => TRISTATE_OPTIONS
            .iter()
            .map(|&value| Choice {
                value,
                label: match value {
                    "yes" => "Yes",
                    "no" => "No",
                    _ => "Not sure",
                },
            })
            .collect(),
        Kind::Choice { options } => options
            .iter()
            .map(|o| Choice {
                value: &o.value,
                label: &o.label,
            })
            .collect(),
        Kind::Int { .. } | Kind::Number { .. } => Vec::new(),
    }
}

/// The catalog for people: one paragraph per question, in the order asked.
#[must_use]
pub fn text(rules: &RuleSet) -> String {
    let catalog = &rules.catalog;
    let mut out = format!(
        "The {} questions of {} {}, in the order they are asked.\n\
         Answer them in a JSON object, one key per id (see `spasm-triage schema answers`).\n",
        catalog.len(),
        rules.id.name,
        rules.id.version
    );
    for q in &catalog.questions {
        let mut notes = vec![q.kind.accepts()];
        if let Some(unit) = &q.unit {
            notes[0].push_str(&format!(" ({unit})"));
        }
        if let Some(key) = &q.timestamp_key {
            notes.push(format!("or `{key}`, an RFC 3339 time"));
        }
        if let Some(when) = &q.asked_when {
            notes.push(format!("asked when {}", when.describe(catalog)));
        }
        if q.optional {
            notes.push("optional".to_string());
        }
        if q.red_flag {
            notes.push("red flag".to_string());
        }
        let _ = write!(out, "\n{}: {}\n  {}\n", q.id, notes.join("; "), q.prompt);
        if let Kind::Choice { options } = &q.kind {
            for o in options {
                let _ = writeln!(out, "    {:<28} {}", o.value, o.label);
            }
        }
    }
    out
}
