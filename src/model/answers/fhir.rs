//! Answers from a FHIR R4 `QuestionnaireResponse`: each answered item is
//! read as the contract-v1 key its `linkId` names and fed to the same
//! [`Builder`], so the same checks, ranges and messages apply.
//!
//! Values are kept as their JSON text until a question's kind is known, so
//! a number too large to hold is quoted as written, as in contract v1.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;

use super::parse::{Builder, json_error, strip_position};
use super::raw::{Key, Raw, shorten};
use super::{Answers, AnswersError, ParseOptions};
use crate::model::catalog::{Catalog, Kind, Question, join_or};
use crate::model::fhir::{ANSWER_SYSTEM, option_code, option_value};

/// The one FHIR resource read as answers.
const EXPECTED: &str = "QuestionnaireResponse";

/// Only the resource type, to tell a FHIR resource from answers.
#[derive(Deserialize)]
struct Probe<'a> {
    #[serde(rename = "resourceType", borrow)]
    resource_type: Option<&'a RawValue>,
}

/// The parts of a `QuestionnaireResponse` that carry answers; the rest
/// (`status`, `questionnaire`, `authored`, `meta`, `subject`, ...) is ignored.
#[derive(Deserialize)]
struct Response<'a> {
    #[serde(borrow)]
    id: Option<&'a RawValue>,
    #[serde(default, borrow)]
    item: Vec<Item<'a>>,
}

/// One item: a question with its answers, or a group of items.
#[derive(Deserialize)]
struct Item<'a> {
    #[serde(rename = "linkId", borrow)]
    link_id: Cow<'a, str>,
    #[serde(default, borrow)]
    answer: Vec<Answer<'a>>,
    #[serde(default, borrow)]
    item: Vec<Item<'a>>,
}

/// One answer: its `value[x]` entries (FHIR allows exactly one) and the
/// items nested under it.
struct Answer<'a> {
    values: Vec<(Cow<'a, str>, &'a RawValue)>,
    item: Vec<Item<'a>>,
}

impl<'de: 'a, 'a> Deserialize<'de> for Answer<'a> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(AnswerVisitor(std::marker::PhantomData))
    }
}

struct AnswerVisitor<'a>(std::marker::PhantomData<Answer<'a>>);

impl<'de: 'a, 'a> Visitor<'de> for AnswerVisitor<'a> {
    type Value = Answer<'a>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an answer object, such as {\"valueInteger\": 35}")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Answer<'a>, A::Error> {
        let mut answer = Answer {
            values: Vec::new(),
            item: Vec::new(),
        };
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            if key == "item" {
                answer.item.extend(map.next_value::<Vec<Item<'a>>>()?);
            } else if key.starts_with("value") {
                let text = map.next_value::<&'de RawValue>()?;
                answer.values.push((key, text));
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(answer)
    }
}

#[derive(Deserialize)]
struct Coding<'a> {
    #[serde(default, borrow)]
    system: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    code: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct Quantity<'a> {
    #[serde(default, borrow)]
    value: Option<&'a RawValue>,
}

/// Reads `json` as a `QuestionnaireResponse` when it is a FHIR resource:
/// `None` when it is not one (no top-level `resourceType`, or not JSON that
/// can be read), for the contract-v1 reader and its messages. With an
/// `id_key`, the response's `id` is the record's id.
pub(super) fn read(
    json: &str,
    catalog: &Catalog,
    options: ParseOptions,
    id_key: Option<&str>,
    id: &mut Option<Box<RawValue>>,
) -> Option<Result<Answers, AnswersError>> {
    let probe: Probe<'_> = serde_json::from_str(json).ok()?;
    let resource = probe.resource_type?;
    if serde_json::from_str::<Cow<'_, str>>(resource.get())
        .ok()
        .as_deref()
        != Some(EXPECTED)
    {
        return Some(Err(wrong_resource(resource)));
    }
    let response: Response<'_> = match serde_json::from_str(json) {
        Ok(response) => response,
        Err(e) => return Some(Err(not_fhir(&e))),
    };
    if id_key.is_some() {
        *id = response.id.map(ToOwned::to_owned);
    }
    let mut builder = Builder::new(catalog);
    items(&mut builder, catalog, &response.item);
    Some(builder.finish(options))
}

fn wrong_resource(resource: &RawValue) -> AnswersError {
    let is = match serde_json::from_str::<Cow<'_, str>>(resource.get()) {
        Ok(name) => format!("a FHIR `{}`", shorten(&name)),
        Err(_) => format!(
            "an object whose `resourceType` is {}",
            shorten(resource.get())
        ),
    };
    AnswersError::one(
        "wrong-resource",
        None,
        format!("the input is {is}; expected a `{EXPECTED}` or a contract-v1 answers object"),
    )
}

/// A resource that is JSON but not the shape of a `QuestionnaireResponse`
/// (an item without a `linkId`, an `item` that is not a list).
fn not_fhir(e: &serde_json::Error) -> AnswersError {
    if e.classify() != serde_json::error::Category::Data {
        return json_error(e);
    }
    AnswersError::one(
        "invalid-fhir",
        None,
        format!(
            "the input is not a valid FHIR R4 `{EXPECTED}`: {} at line {} column {}",
            strip_position(e),
            e.line(),
            e.column()
        ),
    )
}

/// Feeds every answered item, groups and items under answers included, in
/// the order written. Depth is bounded by the JSON reader's own limit.
fn items(builder: &mut Builder<'_>, catalog: &Catalog, list: &[Item<'_>]) {
    for item in list {
        one_item(builder, catalog, item);
        for answer in &item.answer {
            items(builder, catalog, &answer.item);
        }
        items(builder, catalog, &item.item);
    }
}

/// What a `linkId` names.
#[derive(Clone, Copy)]
enum Target<'c> {
    Question(&'c Question),
    /// The timestamp key of a question (`onset`).
    Timestamp,
    Unknown,
}

impl Target<'_> {
    /// The `value[x]` types that answer it, in words.
    fn accepts(self) -> &'static str {
        match self {
            Target::Question(q) => match q.kind {
                Kind::Tristate => "a valueCoding or valueBoolean",
                Kind::Choice { .. } => "a valueCoding",
                Kind::Int { .. } => "a valueInteger",
                Kind::Number { .. } => "a valueDecimal or valueInteger",
            },
            Target::Timestamp => "a valueDateTime",
            Target::Unknown => "a value",
        }
    }
}

fn target<'c>(catalog: &'c Catalog, key: &str) -> Target<'c> {
    if let Some(id) = catalog.lookup(key) {
        Target::Question(catalog.get(id))
    } else if catalog
        .questions
        .iter()
        .any(|q| q.timestamp_key.as_deref() == Some(key))
    {
        Target::Timestamp
    } else {
        Target::Unknown
    }
}

fn one_item(builder: &mut Builder<'_>, catalog: &Catalog, item: &Item<'_>) {
    let key = item.link_id.as_ref();
    let answer = match item.answer.as_slice() {
        [] => return,
        [one] => one,
        many => {
            if let Target::Unknown = target(catalog, key) {
                builder.entry(key, Raw::Null);
            } else {
                let message = format!(
                    "item `{}` has {} answers; give one",
                    shorten(key),
                    many.len()
                );
                builder.problem("too-many-answers", key, message);
            }
            return;
        }
    };
    let target = target(catalog, key);
    let raw = match (target, answer.values.as_slice()) {
        // The builder names an unknown key, with a suggestion.
        (Target::Unknown, _) => Some(Raw::Null),
        (_, [(name, text)]) => value(builder, key, target, name, text),
        (_, values) => {
            let has = if values.is_empty() {
                "no value".to_string()
            } else {
                let names: Vec<&str> = values.iter().map(|(name, _)| name.as_ref()).collect();
                format!("{} values ({})", values.len(), names.join(", "))
            };
            let message = format!(
                "item `{}` must be answered with {}; its answer has {has}",
                shorten(key),
                target.accepts()
            );
            builder.problem("wrong-type", key, message);
            None
        }
    };
    if let Some(raw) = raw {
        builder.entry(key, raw);
    }
}

/// The contract-v1 value of one `value[x]`, or `None` after a problem.
fn value<'a>(
    builder: &mut Builder<'_>,
    key: &str,
    target: Target<'_>,
    name: &str,
    text: &'a RawValue,
) -> Option<Raw<'a>> {
    let read = |text: &'a RawValue| Raw::read(text.get()).unwrap_or(Raw::Null);
    match (name, target) {
        ("valueCoding", Target::Question(q))
            if matches!(q.kind, Kind::Tristate | Kind::Choice { .. }) =>
        {
            coding(builder, key, q, text)
        }
        ("valueBoolean" | "valueInteger" | "valueDecimal" | "valueDateTime" | "valueString", _) => {
            Some(read(text))
        }
        ("valueQuantity", _) => {
            if let Ok(Quantity { value: Some(v) }) = serde_json::from_str(text.get()) {
                return Some(read(v));
            }
            builder.problem(
                "wrong-type",
                key,
                format!(
                    "item `{}` must be answered with {}; its valueQuantity has no value",
                    shorten(key),
                    target.accepts()
                ),
            );
            None
        }
        _ => {
            builder.problem(
                "wrong-type",
                key,
                format!(
                    "item `{}` must be answered with {}; got {}",
                    shorten(key),
                    target.accepts(),
                    shorten(name)
                ),
            );
            None
        }
    }
}

/// A coding of [`ANSWER_SYSTEM`] as the option value its code names.
fn coding<'a>(
    builder: &mut Builder<'_>,
    key: &str,
    q: &Question,
    text: &RawValue,
) -> Option<Raw<'a>> {
    let shown = shorten(key);
    let Ok(coding) = serde_json::from_str::<Coding<'_>>(text.get()) else {
        bad_code(builder, key, q, shorten(text.get()));
        return None;
    };
    if coding.system.as_deref() != Some(ANSWER_SYSTEM) {
        let got = match &coding.system {
            Some(system) => format!("one from `{}`", shorten(system)),
            None => "one with no system".to_string(),
        };
        builder.problem(
            "wrong-value",
            key,
            format!("`{shown}` must be a coding from `{ANSWER_SYSTEM}`; got {got}"),
        );
        return None;
    }
    let Some(code) = coding.code else {
        bad_code(builder, key, q, "no code".to_string());
        return None;
    };
    match option_value(q, &code) {
        Some(value) => Some(Raw::Str(Cow::Owned(value.to_string()))),
        None => {
            bad_code(builder, key, q, format!("`{}`", shorten(&code)));
            None
        }
    }
}

fn bad_code(builder: &mut Builder<'_>, key: &str, q: &Question, got: String) {
    let codes: Vec<String> = q
        .kind
        .option_values()
        .iter()
        .map(|value| format!("`{}`", option_code(q, value)))
        .collect();
    builder.problem(
        "wrong-value",
        key,
        format!(
            "`{}` must be a coding from `{ANSWER_SYSTEM}` with code one of {}; got {got}",
            shorten(key),
            join_or(&codes)
        ),
    );
}

#[cfg(test)]
mod tests;
