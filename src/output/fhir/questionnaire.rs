//! The catalog as a FHIR R4 `Questionnaire`, and the `CodeSystem` of its
//! answer codes (`spasm-triage questions --format fhir`).
//!
//! Each question is an item whose `linkId` is its answer id (the onset is
//! `onset`, a `dateTime`, as contract v1's `onset` key). Checklists are
//! `group` items, placed where the questionnaire asks them. The "asked
//! when" gates are `enableWhen`; see [`enable_when`] for how they map.

use serde_json::{Value, json};

use super::{Place, questionnaire_url, slug, version};
use crate::model::catalog::{Catalog, Kind, Question};
use crate::model::condition::{Condition, Op, Test};
use crate::model::fhir::{ANSWER_SYSTEM, RED_FLAG_EXTENSION, UCUM, coded_options, option_code};
use crate::model::rule_set::RuleSet;
use crate::model::value::json_number;

const ITEM_CONTROL: &str = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl";
const ITEM_CONTROL_SYSTEM: &str = "http://hl7.org/fhir/questionnaire-item-control";
const MIN_VALUE: &str = "http://hl7.org/fhir/StructureDefinition/minValue";
const MAX_VALUE: &str = "http://hl7.org/fhir/StructureDefinition/maxValue";
const UNIT: &str = "http://hl7.org/fhir/StructureDefinition/questionnaire-unit";

/// A question whose "asked when" gate FHIR `enableWhen` cannot say.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("question `{question}`: its asked_when cannot be written as FHIR enableWhen: {why}")]
#[non_exhaustive]
pub struct Unsupported {
    /// The question's id.
    pub question: String,
    /// What cannot be said.
    pub why: String,
}

/// A `Bundle` (type `collection`) of the Questionnaire and the CodeSystems
/// of every local code the tool writes.
///
/// # Errors
/// A gate that `enableWhen` cannot express ([`Unsupported`]).
pub fn bundle(rules: &RuleSet) -> Result<Value, Unsupported> {
    let questionnaire = questionnaire(rules)?;
    let entries: Vec<Value> = std::iter::once(questionnaire)
        .chain(super::codes::code_systems(rules))
        .map(|r| json!({ "fullUrl": r["url"], "resource": r }))
        .collect();
    let mut out = json!({
        "resourceType": "Bundle",
        "id": slug(&rules.id.name),
        "type": "collection",
        "entry": entries,
    });
    super::prune(&mut out);
    Ok(out)
}

/// The Questionnaire.
///
/// # Errors
/// A gate that `enableWhen` cannot express ([`Unsupported`]).
pub fn questionnaire(rules: &RuleSet) -> Result<Value, Unsupported> {
    let catalog = &rules.catalog;
    let items = super::layout(catalog)
        .iter()
        .map(|place| match place {
            Place::Question(i) => item(catalog, &catalog.questions[*i]),
            Place::Group(g, members) => group_item(catalog, *g, members),
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(json!({
        "resourceType": "Questionnaire",
        "id": slug(&rules.id.name),
        "meta": { "profile": ["http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire"] },
        "url": questionnaire_url(rules),
        "version": version(rules),
        "name": pascal(&rules.id.name),
        "title": format!("Back pain and back spasm triage ({})", rules.id.name),
        "status": "active",
        "subjectType": ["Patient"],
        "description": "Questions to decide where to get care for back pain or a back spasm: emergency care now, a clinician (within 24 hours or routinely), or home care. It does not replace a clinician.",
        "item": items,
    }))
}

/// A checklist as a `group` item holding its questions.
fn group_item(catalog: &Catalog, g: usize, members: &[usize]) -> Result<Value, Unsupported> {
    let group = &catalog.groups[g];
    let members: Vec<&Question> = members.iter().map(|&i| &catalog.questions[i]).collect();
    let mut children = Vec::new();
    if let Some(help) = &group.help {
        children.push(help_item(&group.id, help));
    }
    for q in &members {
        children.push(item(catalog, q)?);
    }
    let mut out = json!({
        "linkId": group.id,
        "text": group.prompt,
        "type": "group",
        "item": children,
    });
    if members.iter().any(|q| q.red_flag) {
        out["extension"] = json!([red_flag()]);
    }
    Ok(out)
}

/// The linkId of a question: its id, or its timestamp key (`onset`).
#[must_use]
pub fn link_id(q: &Question) -> &str {
    q.timestamp_key.as_deref().unwrap_or(&q.id)
}

fn item(catalog: &Catalog, q: &Question) -> Result<Value, Unsupported> {
    let mut extensions = Vec::new();
    let mut out = json!({ "linkId": link_id(q), "text": q.prompt });
    let kind = match &q.kind {
        _ if q.timestamp_key.is_some() => "dateTime",
        Kind::Tristate | Kind::Choice { .. } => {
            extensions.push(item_control("radio-button"));
            out["answerOption"] = Value::Array(answer_options(q));
            "choice"
        }
        Kind::Int { min, max } | Kind::Number { min, max } => {
            let key = if matches!(q.kind, Kind::Int { .. }) {
                "valueInteger"
            } else {
                "valueDecimal"
            };
            extensions.push(json!({ "url": MIN_VALUE, key: json_number(*min) }));
            if let Some(max) = max {
                extensions.push(json!({ "url": MAX_VALUE, key: json_number(*max) }));
            }
            if let Some(unit) = q.unit.as_deref().and_then(ucum) {
                extensions.push(json!({ "url": UNIT, "valueCoding": unit }));
            }
            if key == "valueInteger" {
                "integer"
            } else {
                "decimal"
            }
        }
    };
    out["type"] = json!(kind);
    out["required"] = json!(!q.optional);
    if q.red_flag {
        extensions.push(red_flag());
    }
    if let Some(gate) = &q.asked_when {
        let (conditions, behavior) = enable_when(catalog, gate).map_err(|why| Unsupported {
            question: q.id.clone(),
            why,
        })?;
        if conditions.len() > 1 {
            out["enableBehavior"] = json!(behavior);
        }
        if !conditions.is_empty() {
            out["enableWhen"] = Value::Array(conditions);
        }
    }
    if let Some(help) = &q.help {
        out["item"] = json!([help_item(link_id(q), help)]);
    }
    if !extensions.is_empty() {
        out["extension"] = Value::Array(extensions);
    }
    Ok(out)
}

fn answer_options(q: &Question) -> Vec<Value> {
    coded_options(q)
        .into_iter()
        .map(|(code, display)| {
            json!({ "valueCoding": { "system": ANSWER_SYSTEM, "code": code, "display": display } })
        })
        .collect()
}

fn help_item(parent: &str, text: &str) -> Value {
    json!({
        "linkId": format!("{parent}.help"),
        "text": text,
        "type": "display",
        "extension": [item_control("help")],
    })
}

fn item_control(code: &str) -> Value {
    json!({
        "url": ITEM_CONTROL,
        "valueCodeableConcept": { "coding": [{ "system": ITEM_CONTROL_SYSTEM, "code": code }] },
    })
}

fn red_flag() -> Value {
    json!({ "url": RED_FLAG_EXTENSION, "valueBoolean": true })
}

/// The UCUM code of a catalog unit, for the units UCUM certainly names.
fn ucum(unit: &str) -> Option<Value> {
    let (code, display) = match unit {
        "years" => ("a", "year"),
        "hours" => ("h", "hour"),
        "days" => ("d", "day"),
        _ => return None,
    };
    Some(json!({ "system": UCUM, "code": code, "display": display }))
}

/// "spasm-triage default rules" → `SpasmTriageDefaultRules` (a FHIR `name`).
fn pascal(name: &str) -> String {
    let out: String = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut cs = w.chars();
            cs.next()
                .map(|c| c.to_ascii_uppercase().to_string() + cs.as_str())
                .unwrap_or_default()
        })
        .collect();
    if out.starts_with(|c: char| c.is_ascii_uppercase()) {
        out
    } else {
        format!("Rules{out}")
    }
}

/// A gate as `enableWhen` conditions, joined by `all` or `any`.
///
/// A test maps to one condition (`age >= 50`), a range to two joined by
/// `all`. A set of options on a question that is always asked is `!=` each
/// option left out, joined by `all` (`sex != male`): like the engine, it
/// holds while that question has no answer. On a question that may not be
/// asked, it is `=` each option, joined by `any`: like the engine, it fails
/// when the question is not asked.
/// Tests joined by `all` (or by `any`) stay one list; an `any` inside an
/// `all` of several conditions, or the reverse, cannot be said.
///
/// One difference remains: a number compared with an answer not given
/// (`age >= 50` with no age) is false in FHIR, while `assess` counts it as
/// unknown and asks; the catalog's numbers are required, so a completed
/// form always has them.
///
/// # Errors
/// What cannot be said, in words.
pub fn enable_when(catalog: &Catalog, c: &Condition) -> Result<(Vec<Value>, &'static str), String> {
    match gate(catalog, c)? {
        Gate::All(parts) => Ok((parts, "all")),
        Gate::Any(parts) => Ok((parts, "any")),
    }
}

const MIXED: &str = "it needs all and any together, and enableWhen has one or the other; write it with all alone, or any alone (tests of one question's options count as one test)";

enum Gate {
    All(Vec<Value>),
    Any(Vec<Value>),
}

impl Gate {
    fn into_parts(self, want_all: bool) -> Result<Vec<Value>, String> {
        match self {
            Gate::All(p) | Gate::Any(p) if p.len() <= 1 => Ok(p),
            Gate::All(p) if want_all => Ok(p),
            Gate::Any(p) if !want_all => Ok(p),
            Gate::All(_) | Gate::Any(_) => Err(MIXED.to_string()),
        }
    }
}

fn gate(catalog: &Catalog, c: &Condition) -> Result<Gate, String> {
    match c {
        Condition::All(parts) => {
            let mut out = Vec::new();
            for p in parts {
                out.extend(gate(catalog, p)?.into_parts(true)?);
            }
            Ok(Gate::All(out))
        }
        Condition::Any(parts) => {
            let mut out = Vec::new();
            for p in &merged(parts) {
                out.extend(gate(catalog, p)?.into_parts(false)?);
            }
            Ok(Gate::Any(out))
        }
        Condition::Not(inner) => match &**inner {
            Condition::Test {
                question,
                test: Test::OneOf(mask),
            } => {
                let n = catalog.get(*question).kind.option_values().len();
                let all = (1u64 << n) - 1;
                test(catalog.get(*question), &Test::OneOf(all & !mask))
            }
            Condition::Test {
                question,
                test: Test::Compare(op, x),
            } => test(catalog.get(*question), &Test::Compare(negate(*op), *x)),
            _ => Err("a not of more than one test; write the test it means instead".to_string()),
        },
        Condition::Test { question, test: t } => test(catalog.get(*question), t),
    }
}

/// Options tests on the same question joined by `any` are one test of the
/// options together (`sex = male` or `sex = other` is `sex` in both).
fn merged(parts: &[Condition]) -> Vec<Condition> {
    let mut out: Vec<Condition> = Vec::new();
    for part in parts {
        if let Condition::Test {
            question,
            test: Test::OneOf(mask),
        } = part && let Some(Condition::Test {
            test: Test::OneOf(seen),
            ..
        }) = out.iter_mut().find(
            |c| matches!(c, Condition::Test { question: q, test: Test::OneOf(_) } if q == question),
        ) {
            *seen |= mask;
            continue;
        }
        out.push(part.clone());
    }
    out
}

fn negate(op: Op) -> Op {
    match op {
        Op::Eq => Op::Ne,
        Op::Ne => Op::Eq,
        Op::Lt => Op::Ge,
        Op::Ge => Op::Lt,
        Op::Gt => Op::Le,
        Op::Le => Op::Gt,
    }
}

fn test(q: &Question, t: &Test) -> Result<Gate, String> {
    if q.timestamp_key.is_some() {
        return Err(format!(
            "`{}` is a time in the form, not a number of hours",
            q.id
        ));
    }
    match t {
        Test::OneOf(mask) => {
            let codes: Vec<(String, bool)> = q
                .kind
                .option_values()
                .iter()
                .enumerate()
                .map(|(i, v)| (option_code(q, v), mask & (1 << i) != 0))
                .collect();
            let chosen: Vec<&String> = codes.iter().filter(|c| c.1).map(|c| &c.0).collect();
            let left_out: Vec<&String> = codes.iter().filter(|c| !c.1).map(|c| &c.0).collect();
            if chosen.is_empty() {
                return Err(format!("a test on `{}` that no answer passes", q.id));
            }
            let coding = |code: &String| json!({ "system": ANSWER_SYSTEM, "code": code });
            let condition = |op: &str, code: &String| json!({ "question": link_id(q), "operator": op, "answerCoding": coding(code) });
            // `!=` holds while the question has no answer, as the engine's
            // test on a missing answer is unknown and asks; but a question
            // not asked at all fails every test, as `=` does.
            if q.asked_when.is_none() {
                Ok(Gate::All(
                    left_out.iter().map(|c| condition("!=", c)).collect(),
                ))
            } else {
                Ok(Gate::Any(
                    chosen.iter().map(|c| condition("=", c)).collect(),
                ))
            }
        }
        Test::Compare(op, x) => Ok(Gate::All(vec![compare(q, *op, *x)?])),
        Test::Between(lo, hi) => Ok(Gate::All(vec![
            compare(q, Op::Ge, *lo)?,
            compare(q, Op::Le, *hi)?,
        ])),
    }
}

fn compare(q: &Question, op: Op, x: f64) -> Result<Value, String> {
    let symbol = match op {
        Op::Eq => "=",
        other => other.symbol(),
    };
    let answer = match q.kind {
        Kind::Int { .. } => {
            // A whole-number answer compared with a fraction: the nearest
            // whole bound says the same.
            let (op, x) = match op {
                _ if x.fract() == 0.0 => (symbol, x),
                Op::Gt | Op::Ge => (">=", x.ceil()),
                Op::Lt | Op::Le => ("<=", x.floor()),
                Op::Eq | Op::Ne => {
                    return Err(format!("`{}` is a whole number compared with {x}", q.id));
                }
            };
            return Ok(
                json!({ "question": link_id(q), "operator": op, "answerInteger": json_number(x) }),
            );
        }
        Kind::Number { .. } => json_number(x),
        Kind::Tristate | Kind::Choice { .. } => {
            return Err(format!("`{}` is not a number", q.id));
        }
    };
    Ok(json!({ "question": link_id(q), "operator": symbol, "answerDecimal": answer }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn embedded() -> RuleSet {
        RuleSet::embedded().expect("embedded rules")
    }

    fn find<'a>(items: &'a [Value], link_id: &str) -> Option<&'a Value> {
        items.iter().find_map(|i| {
            if i["linkId"] == link_id {
                return Some(i);
            }
            i["item"].as_array().and_then(|c| find(c, link_id))
        })
    }

    #[test]
    fn every_question_is_an_item_once_and_checklists_are_groups() {
        let rules = embedded();
        let q = questionnaire(&rules).expect("exports");
        let items = q["item"].as_array().expect("items");
        for question in &rules.catalog.questions {
            let found = find(items, link_id(question)).expect(&question.id);
            assert_eq!(found["text"], question.prompt.as_str());
        }
        for group in &rules.catalog.groups {
            assert_eq!(find(items, &group.id).expect(&group.id)["type"], "group");
        }
        let age = find(items, "age").expect("age");
        assert_eq!(age["type"], "integer");
        assert_eq!(age["extension"][0]["valueInteger"], 0);
        assert_eq!(find(items, "onset").expect("onset")["type"], "dateTime");
        let pregnant = find(items, "pregnant").expect("pregnant");
        assert_eq!(pregnant["enableBehavior"], "all");
        assert_eq!(pregnant["enableWhen"].as_array().map(Vec::len), Some(3));
    }

    #[test]
    fn every_red_flag_is_marked_and_nothing_else() {
        let rules = embedded();
        let q = questionnaire(&rules).expect("exports");
        let items = q["item"].as_array().expect("items");
        for question in &rules.catalog.questions {
            let found = find(items, link_id(question)).expect(&question.id);
            let marked = found["extension"]
                .as_array()
                .is_some_and(|e| e.iter().any(|x| x["url"] == RED_FLAG_EXTENSION));
            assert_eq!(marked, question.red_flag, "{}", question.id);
        }
    }

    #[test]
    fn the_code_system_holds_every_offered_code() {
        let rules = embedded();
        let cs = super::super::codes::answers(&rules);
        let codes: Vec<&str> = cs["concept"]
            .as_array()
            .expect("concepts")
            .iter()
            .filter_map(|c| c["code"].as_str())
            .collect();
        let text = questionnaire(&rules).expect("exports").to_string();
        for question in &rules.catalog.questions {
            for value in question.kind.option_values() {
                let code = option_code(question, value);
                assert!(codes.contains(&code.as_str()), "{code}");
                assert!(text.contains(&format!("\"code\":\"{code}\"")), "{code}");
            }
        }
        assert_eq!(cs["count"], codes.len());
    }

    #[test]
    fn a_whole_number_compared_with_a_fraction_keeps_its_meaning() {
        let rules = embedded();
        let age = rules.catalog.get(rules.catalog.lookup("age").expect("age"));
        let at = |op, x| compare(age, op, x).expect("compares");
        assert_eq!(at(Op::Gt, 49.5)["operator"], ">=");
        assert_eq!(at(Op::Gt, 49.5)["answerInteger"], 50);
        assert_eq!(at(Op::Lt, 12.5)["answerInteger"], 12);
        assert!(compare(age, Op::Eq, 1.5).is_err());
    }

    #[test]
    fn pascal_names_are_valid() {
        assert_eq!(
            pascal("spasm-triage default rules"),
            "SpasmTriageDefaultRules"
        );
        assert_eq!(pascal("2 clinics"), "Rules2Clinics");
    }
}
