//! HL7 FHIR R4 (4.0.1) views of the catalog, the answers and the result:
//!
//! - [`questionnaire::bundle`]: the catalog as a `Questionnaire` (SDC
//!   style: item controls, min/max and unit extensions, `enableWhen` for
//!   the "asked when" gates) with the `CodeSystem` of its answer codes;
//! - [`response::questionnaire_response`]: answers as a
//!   `QuestionnaireResponse` (read back by [`crate::model::answers`]);
//! - [`outcome::bundle`]: a result as a `Bundle` of the response, a
//!   `GuidanceResponse` (the decision and its reasons), a `CarePlan` (the
//!   dated steps) and, when someone is to be seen, a `ServiceRequest`.
//!
//! Every code is from a local CodeSystem under [`BASE`], or UCUM for units:
//! no code is invented in a standard system.

use crate::model::catalog::Catalog;
use crate::model::rule_set::RuleSet;

pub use crate::model::fhir::{ANSWER_SYSTEM, BASE, FHIR_VERSION};

pub mod codes;
pub mod outcome;
pub mod questionnaire;
pub mod response;

#[cfg(test)]
mod enable_tests;

/// Where a question stands in the form, and in a response to it.
pub(crate) enum Place {
    /// A question on its own, by index.
    Question(usize),
    /// A checklist (by index) with its questions, placed where its first
    /// question is asked, as the questionnaire asks it.
    Group(usize, Vec<usize>),
}

/// The form's top-level items, in the order they are asked.
pub(crate) fn layout(catalog: &Catalog) -> Vec<Place> {
    let mut out = Vec::new();
    let mut placed = vec![false; catalog.groups.len()];
    for (i, q) in catalog.questions.iter().enumerate() {
        match q.group {
            None => out.push(Place::Question(i)),
            Some(g) if !placed[g] => {
                placed[g] = true;
                let members = (i..catalog.questions.len())
                    .filter(|&j| catalog.questions[j].group == Some(g))
                    .collect();
                out.push(Place::Group(g, members));
            }
            Some(_) => {}
        }
    }
    out
}

/// The rule set's name as the id of its Questionnaire: lower case, words
/// joined by `-` ("spasm-triage default rules" → `spasm-triage-default-rules`).
#[must_use]
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    // A FHIR id is at most 64 characters of [A-Za-z0-9-.].
    out.truncate(64);
    if out.is_empty() {
        out.push_str("rules");
    }
    out
}

/// The Questionnaire's canonical URL.
#[must_use]
pub fn questionnaire_url(rules: &RuleSet) -> String {
    format!("{BASE}/Questionnaire/{}", slug(&rules.id.name))
}

/// The business version: the rule set's version and the first 8 hex
/// digits of its hash (`2.0.0+sha256.36b9c9ee`), so that an edited copy of
/// the rules never claims the same version.
#[must_use]
pub fn version(rules: &RuleSet) -> String {
    let hash: String = rules.id.sha256.chars().take(8).collect();
    format!("{}+sha256.{hash}", rules.id.version)
}

/// `url|version`: how a QuestionnaireResponse names its Questionnaire.
#[must_use]
pub fn questionnaire_canonical(rules: &RuleSet) -> String {
    format!("{}|{}", questionnaire_url(rules), version(rules))
}

/// Drops empty arrays, objects and strings, which FHIR JSON forbids
/// (an element is either present with content or absent).
pub fn prune(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            for v in map.values_mut() {
                prune(v);
            }
            map.retain(|_, v| !is_empty(v));
        }
        Value::Array(items) => {
            for v in items.iter_mut() {
                prune(v);
            }
            items.retain(|v| !is_empty(v));
        }
        _ => {}
    }
}

fn is_empty(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::Array(a) => a.is_empty(),
        serde_json::Value::Object(o) => o.is_empty(),
        serde_json::Value::String(s) => s.is_empty(),
        serde_json::Value::Null => true,
        _ => false,
    }
}

/// A JSON text pretty-printed, with a final newline.
#[must_use]
pub fn pretty(value: &serde_json::Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slug_is_a_valid_fhir_id() {
        assert_eq!(
            slug("spasm-triage default rules"),
            "spasm-triage-default-rules"
        );
        assert_eq!(slug("  Clinic's rules (v2)! "), "clinic-s-rules-v2");
        assert_eq!(slug("ééé"), "rules");
        assert!(slug(&"x".repeat(100)).len() <= 64);
    }

    #[test]
    fn the_version_carries_the_hash() {
        let rules = RuleSet::embedded().expect("embedded rules");
        let v = version(&rules);
        assert!(
            v.starts_with(&format!("{}+sha256.", rules.id.version)),
            "{v}"
        );
        assert_eq!(v.len(), rules.id.version.len() + "+sha256.".len() + 8);
    }
}
