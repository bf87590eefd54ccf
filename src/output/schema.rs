//! JSON Schemas (draft 2020-12) of contract v1: the answers, built from the
//! question catalog so that it always matches the rules, and the result,
//! generated from the [`Report`] type.

use serde_json::{Map, Value, json};

use crate::model::catalog::{Catalog, Kind, TRISTATE_OPTIONS};
use crate::output::report::Report;

const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The schema of one answers object (one line of `batch` input).
#[must_use]
pub fn answers(catalog: &Catalog) -> Value {
    let mut properties = Map::new();
    let mut one_of_two = Vec::new();
    for q in &catalog.questions {
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
            one_of_two.push(json!({ "not": { "required": [key, q.id] } }));
        }
    }
    let mut schema = json!({
        "$schema": DRAFT,
        "title": "spasm-triage answers, contract v1",
        "description": "One answers object: one key per question id. The schema checks names, types and ranges; \
            a question is also required when its `asked when` condition holds, unless the answers given already \
            decide emergency or --partial is used.",
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
    });
    if !one_of_two.is_empty() {
        schema["allOf"] = Value::Array(one_of_two);
    }
    schema
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
    schema
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

pub use crate::model::value::json_number as number;

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
        text.push_str(&format!(" Asked when {}.", when.describe(catalog)));
    }
    if q.optional {
        text.push_str(" Optional.");
    }
    text
}
