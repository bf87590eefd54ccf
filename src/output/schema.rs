//! JSON Schemas (draft 2020-12) of contract v1: the answers, built from the
//! question catalog so that it always matches the rules, and the result,
//! generated from the [`Report`] type.

use serde_json::{Map, Value, json};

use crate::model::catalog::{Catalog, Kind, TRISTATE_OPTIONS};
use crate::output::report::Report;

const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";
/// Where the schemas are named from (`$id`); they are not fetched from there.
const ID_BASE: &str = "https://spasm-triage.invalid/contract/v1";

/// The schema of one answers object (one line of `batch` input).
#[must_use]
pub fn answers(catalog: &Catalog) -> Value {
    let mut properties = Map::new();
    let mut all_of = Vec::new();
    let mut required = Vec::new();
    for q in &catalog.questions {
        match (&q.asked_when, &q.timestamp_key) {
            _ if q.optional => {}
            (None, None) => required.push(json!(q.id)),
            (None, Some(key)) => {
                all_of.push(json!({ "oneOf": [{ "required": [key] }, { "required": [q.id] }] }))
            }
            (Some(when), _) => all_of.push(json!({
                "if": crate::output::gates::possible(catalog, when),
                "then": { "required": [q.id] },
            })),
        }
        let mut property = match &q.kind {
            Kind::Tristate => {
                let mut values: Vec<Value> = TRISTATE_OPTIONS.iter().map(|o| json!(o)).collect();
                values.extend([json!(true), json!(false)]);
                json!({ "enum": values })
            }
            Kind::Choice { options } => {
                json!({ "type": "string", "enum": options.iter().map(|o| &o.value).collect::<Vec<_>>() })
            }
            Kind::Int { min, max } => range("integer", *min, *max),
            Kind::Number { min, max } => range("number", *min, *max),
        };
        property["description"] = json!(describe(catalog, q));
        properties.insert(q.id.clone(), property);
        if let Some(key) = &q.timestamp_key {
            properties.insert(
                key.clone(),
                json!({
                    "type": "string",
                    "format": "date-time",
                    "pattern": crate::model::rfc3339::PATTERN,
                    "description": format!(
                        "Instead of `{}`: the time, RFC 3339 with an offset, such as \"2026-11-20T08:00:00Z\"; not in the future. A leap second (:60) is refused.",
                        q.id
                    ),
                }),
            );
        }
    }
    json!({
        "$schema": DRAFT,
        "$id": format!("{ID_BASE}/answers.schema.json"),
        "title": "spasm-triage answers, contract v1",
        "description": "One answers object: one key per question id. The schema checks names, types and ranges, \
            and requires each question that assess requires: every one that is not optional, those with an \
            `asked when` condition unless it is certainly false (an answer left out counts as unknown), and \
            exactly one of `onset` and `onset_hours_ago`. What it cannot check: an onset in the future, or \
            before the person was born (more than age + 1 years ago); that answers which already decide \
            emergency are accepted without the rest; and that --partial accepts missing answers. A key named \
            with --id-key is allowed too.",
        "type": "object",
        "properties": properties,
        "required": required,
        "allOf": all_of,
        "additionalProperties": false,
    })
}

/// The schema of one result (`assess --format json`, one line of `batch` output).
#[must_use]
pub fn result() -> Value {
    let mut schema = Report::json_schema();
    schema.insert(
        "title".to_string(),
        json!("spasm-triage result, contract v1"),
    );
    let mut schema = schema.to_value();
    plain_descriptions(&mut schema);
    standard_formats(&mut schema);
    schema["$id"] = json!(format!("{ID_BASE}/result.schema.json"));
    schema["properties"]["schema_version"]["const"] = json!(crate::output::report::SCHEMA_VERSION);
    schema
}

/// schemars writes Rust number types as formats (`uint32`, `double`) that
/// validators reject by default: only the formats of the standard are kept.
fn standard_formats(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if map
                .get("format")
                .and_then(Value::as_str)
                .is_some_and(|f| f != "date-time")
            {
                map.remove("format");
            }
            map.values_mut().for_each(standard_formats);
        }
        Value::Array(items) => items.iter_mut().for_each(standard_formats),
        _ => {}
    }
}

/// Doc comments become descriptions: drop rustdoc's link brackets, "[`Urgency`]".
fn plain_descriptions(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                match v {
                    Value::String(text) if key == "description" => {
                        *text = text.replace("[`", "`").replace("`]", "`");
                    }
                    _ => plain_descriptions(v),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(plain_descriptions),
        _ => {}
    }
}

fn range(kind: &str, min: f64, max: Option<f64>) -> Value {
    let mut schema = json!({ "type": kind, "minimum": number(min) });
    if let Some(max) = max {
        schema["maximum"] = number(max);
    }
    schema
}

pub(crate) use crate::model::value::json_number as number;

fn describe(catalog: &Catalog, q: &crate::model::catalog::Question) -> String {
    let mut text = q.prompt.clone();
    if let Some(help) = &q.help {
        text.push(' ');
        text.push_str(help);
    }
    if let Some(unit) = &q.unit {
        text.push_str(&format!(" Unit: {unit}."));
    }
    if let Some(when) = &q.asked_when {
        text.push_str(&format!(
            " Asked, and required, only when {}; an answer given otherwise is used all the same.",
            when.describe(catalog)
        ));
    }
    if q.optional {
        text.push_str(" Optional.");
    }
    text
}

/// Every `kind` of a batch error record.
pub const ERROR_KINDS: [&str; 20] = [
    "invalid-utf8",
    "empty-input",
    "invalid-json",
    "not-an-object",
    "wrong-resource",
    "invalid-fhir",
    "unknown-key",
    "duplicate-key",
    "too-many-answers",
    "wrong-type",
    "wrong-value",
    "out-of-range",
    "null-value",
    "invalid-timestamp",
    "conflicting-keys",
    "onset-in-future",
    "onset-before-birth",
    "missing-answers",
    "line-too-long",
    "invalid-answers",
];

/// The schema of a batch error record: `{"line", "error": {"kind", "message"}}`,
/// led by `id` with `--id-key`.
#[must_use]
pub fn error_record() -> Value {
    json!({
        "$schema": DRAFT,
        "$id": format!("{ID_BASE}/error.schema.json"),
        "title": "spasm-triage batch error record, contract v1",
        "description": "Written in place of a line that cannot be assessed. `invalid-answers` is the kind of a line with problems of different kinds.",
        "type": "object",
        "properties": {
            "id": { "description": "With --id-key: the value given under that key, or null." },
            "line": { "type": "integer", "minimum": 1, "description": "The 1-based physical line number, blank lines counted." },
            "error": {
                "type": "object",
                "properties": {
                    "kind": { "enum": ERROR_KINDS },
                    "message": { "type": "string" },
                },
                "required": ["kind", "message"],
                "additionalProperties": false,
            },
        },
        "required": ["line", "error"],
        "additionalProperties": false,
    })
}

/// The schema of `questions --format json`.
#[must_use]
pub fn questions() -> Value {
    json!({
        "$schema": DRAFT,
        "$id": format!("{ID_BASE}/questions.schema.json"),
        "title": "spasm-triage questions, contract v1",
        "type": "object",
        "properties": {
            "schema_version": { "const": crate::output::report::SCHEMA_VERSION },
            "rules": { "type": "object" },
            "questions": { "type": "array", "items": {
                "type": "object",
                "properties": {
                    "id": { "type": "string" },
                    "type": { "enum": ["tristate", "int", "number", "choice"] },
                    "section": { "type": "string" },
                    "prompt": { "type": "string" },
                    "help": { "type": "string" },
                    "options": { "type": "array", "items": {
                        "type": "object",
                        "properties": { "value": { "type": "string" }, "label": { "type": "string" } },
                        "required": ["value", "label"],
                        "additionalProperties": false,
                    } },
                    "min": { "type": "number" },
                    "max": { "type": "number" },
                    "unit": { "type": "string" },
                    "asked_when": { "$ref": "#/$defs/Condition" },
                    "asked_when_text": { "type": "string" },
                    "optional": { "type": "boolean" },
                    "red_flag": { "type": "boolean" },
                    "timestamp_key": { "type": "string" },
                },
                "required": ["id", "type", "section", "prompt", "optional", "red_flag"],
                "additionalProperties": false,
            } },
        },
        "required": ["schema_version", "rules", "questions"],
        "additionalProperties": false,
        "$defs": { "Condition": crate::output::gates::data_schema() },
    })
}
