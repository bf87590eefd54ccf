//! "Asked when" conditions as JSON Schema, so that the answers schema
//! requires exactly what `assess` requires. A question is required unless
//! its condition is certainly false; a test on an answer left out is
//! unknown where the question is asked and false where it is not, and an
//! answer that is given counts wherever it is given, as the engine
//! evaluates them.

use serde_json::{Value, json};

use crate::model::catalog::{Catalog, Kind};
use crate::model::condition::{Condition, Op, Test};
use crate::model::value::{QuestionId, json_number};

/// A schema that holds when `c` may hold (true or unknown).
#[must_use]
pub fn possible(catalog: &Catalog, c: &Condition) -> Value {
    match c {
        Condition::All(parts) => {
            json!({ "allOf": parts.iter().map(|p| possible(catalog, p)).collect::<Vec<_>>() })
        }
        Condition::Any(parts) => {
            json!({ "anyOf": parts.iter().map(|p| possible(catalog, p)).collect::<Vec<_>>() })
        }
        Condition::Not(inner) => json!({ "not": certain(catalog, inner) }),
        Condition::Test { question, test } => {
            let id = &catalog.get(*question).id;
            // Left out, it is unknown where it is asked and false where it
            // is not; given, it counts wherever it is given.
            json!({ "anyOf": [
                { "allOf": [asked(catalog, *question), { "not": { "required": [id] } }] },
                { "required": [id], "properties": { id: holds(catalog, *question, test) } },
            ] })
        }
    }
}

/// A schema that holds when `c` certainly holds.
fn certain(catalog: &Catalog, c: &Condition) -> Value {
    match c {
        Condition::All(parts) => {
            json!({ "allOf": parts.iter().map(|p| certain(catalog, p)).collect::<Vec<_>>() })
        }
        Condition::Any(parts) => {
            json!({ "anyOf": parts.iter().map(|p| certain(catalog, p)).collect::<Vec<_>>() })
        }
        Condition::Not(inner) => json!({ "not": possible(catalog, inner) }),
        Condition::Test { question, test } => {
            let id = &catalog.get(*question).id;
            json!({ "required": [id], "properties": { id: holds(catalog, *question, test) } })
        }
    }
}

/// Holds when question `q` is asked (its own condition may hold).
fn asked(catalog: &Catalog, q: QuestionId) -> Value {
    catalog
        .get(q)
        .asked_when
        .as_ref()
        .map_or(json!(true), |c| possible(catalog, c))
}

/// The values of question `q` that pass `test`.
fn holds(catalog: &Catalog, q: QuestionId, test: &Test) -> Value {
    match test {
        Test::OneOf(mask) => {
            let question = catalog.get(q);
            let picked = |i: usize| mask & (1 << i) != 0;
            let mut values: Vec<Value> = question
                .kind
                .option_values()
                .iter()
                .enumerate()
                .filter(|(i, _)| picked(*i))
                .map(|(_, v)| json!(v))
                .collect();
            if question.kind == Kind::Tristate {
                let yes = usize::from(crate::model::value::YES);
                let no = usize::from(crate::model::value::NO);
                values.extend(picked(yes).then_some(json!(true)));
                values.extend(picked(no).then_some(json!(false)));
            }
            json!({ "enum": values })
        }
        Test::Compare(op, c) => {
            let c = json_number(*c);
            match op {
                Op::Eq => json!({ "const": c }),
                Op::Ne => json!({ "not": { "const": c } }),
                Op::Lt => json!({ "exclusiveMaximum": c }),
                Op::Le => json!({ "maximum": c }),
                Op::Gt => json!({ "exclusiveMinimum": c }),
                Op::Ge => json!({ "minimum": c }),
            }
        }
        Test::Between(lo, hi) => {
            json!({ "minimum": json_number(*lo), "maximum": json_number(*hi) })
        }
    }
}

/// A condition as data, for `questions --format json`: `{"all": [...]}`,
/// `{"any": [...]}`, `{"not": ...}`, or a test on one question:
/// `{"question", "one_of": [values]}`, `{"question", "op", "value"}` or
/// `{"question", "between": [low, high]}`.
#[must_use]
pub fn data(catalog: &Catalog, c: &Condition) -> Value {
    match c {
        Condition::All(parts) => {
            json!({ "all": parts.iter().map(|p| data(catalog, p)).collect::<Vec<_>>() })
        }
        Condition::Any(parts) => {
            json!({ "any": parts.iter().map(|p| data(catalog, p)).collect::<Vec<_>>() })
        }
        Condition::Not(inner) => json!({ "not": data(catalog, inner) }),
        Condition::Test { question, test } => {
            let id = &catalog.get(*question).id;
            match test {
                Test::OneOf(_) => {
                    let values = holds(catalog, *question, test)["enum"]
                        .as_array()
                        .map(|v| {
                            v.iter()
                                .filter(|x| x.is_string())
                                .cloned()
                                .collect::<Vec<_>>()
                        })
                        .unwrap_or_default();
                    json!({ "question": id, "one_of": values })
                }
                Test::Compare(op, c) => {
                    json!({ "question": id, "op": op.symbol(), "value": json_number(*c) })
                }
                Test::Between(lo, hi) => {
                    json!({ "question": id, "between": [json_number(*lo), json_number(*hi)] })
                }
            }
        }
    }
}

/// The JSON Schema of [`data`].
#[must_use]
pub fn data_schema() -> Value {
    json!({
        "oneOf": [
            { "type": "object", "properties": { "all": { "type": "array", "items": { "$ref": "#/$defs/Condition" } } }, "required": ["all"], "additionalProperties": false },
            { "type": "object", "properties": { "any": { "type": "array", "items": { "$ref": "#/$defs/Condition" } } }, "required": ["any"], "additionalProperties": false },
            { "type": "object", "properties": { "not": { "$ref": "#/$defs/Condition" } }, "required": ["not"], "additionalProperties": false },
            { "type": "object", "properties": { "question": { "type": "string" }, "one_of": { "type": "array", "items": { "type": "string" } } }, "required": ["question", "one_of"], "additionalProperties": false },
            { "type": "object", "properties": { "question": { "type": "string" }, "op": { "enum": Op::ALL.map(|(_, s)| s) }, "value": { "type": "number" } }, "required": ["question", "op", "value"], "additionalProperties": false },
            { "type": "object", "properties": { "question": { "type": "string" }, "between": { "type": "array", "items": { "type": "number" }, "minItems": 2, "maxItems": 2 } }, "required": ["question", "between"], "additionalProperties": false },
        ]
    })
}
