//! Clinical test cases for a rule set (`cases.toml`): answers, the urgency
//! they must get, and the rule that must decide it.

use std::collections::HashMap;
use std::ops::Range;

use jiff::Timestamp;
use toml::de::{DeTable, DeValue};

use crate::model::answers::{self, Missing, ParseOptions};
use crate::model::rule_set::{RuleSet, RulesSource};
use crate::model::urgency::Urgency;
use crate::rulebook::RulesError;
use crate::rulebook::diagnostic::{Diagnostics, SourceFile, suggest};
use crate::rulebook::toml::{Fields, Reporter, tables, type_name};

/// The file name of the clinical cases in a rules directory.
pub const FILE: &str = "cases.toml";

/// Cases are assessed at a fixed time, so `onset` timestamps are stable.
pub const NOW: &str = "2026-11-21T10:00:00Z";

/// One clinical case.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Case {
    /// The case's name, unique in the file.
    pub name: String,
    /// Why the case expects what it does, in one line.
    pub why: String,
    /// The answers object, `[base]` merged with the case's own answers.
    pub answers: serde_json::Map<String, serde_json::Value>,
    /// Assessed as with `--partial`.
    pub partial: bool,
    /// The urgency the answers must get.
    pub expect: Urgency,
    /// A rule that must be among those deciding, or `None` for "none".
    pub decided_by: Option<String>,
    /// `cases.toml:12`.
    pub location: String,
}

/// Loads the cases of a rule set's directory (or the embedded ones).
///
/// # Errors
/// A missing or invalid `cases.toml`.
pub fn load(source: &RulesSource, rules: &RuleSet) -> Result<Vec<Case>, RulesError> {
    let file = source.read_required(FILE)?;
    parse(file, rules).map_err(RulesError::Invalid)
}

/// Parses cases from one file, checking rule names and answer keys.
///
/// # Errors
/// Every problem found, as diagnostics.
pub fn parse(file: SourceFile, rules: &RuleSet) -> Result<Vec<Case>, Diagnostics> {
    let text = file.text.clone();
    let mut r = Reporter::new(vec![file]);
    let Some(root) = r.parse(0, &text) else {
        return Err(r.diags);
    };
    Fields::new(&root, 0..0, 0).check_keys(&mut r, &["base", "case"], "cases.toml");
    let mut base = serde_json::Map::new();
    if let Some(b) = root.get("base") {
        match b.get_ref().as_table() {
            Some(t) => base = json_object(&mut r, t),
            None => {
                r.error(
                    0,
                    b.span(),
                    "wrong-type",
                    "[base] must be a table of answers",
                );
            }
        }
    }
    let now: Timestamp = NOW.parse().unwrap_or(Timestamp::UNIX_EPOCH);
    let mut cases = Vec::new();
    let mut names: HashMap<String, Range<usize>> = HashMap::new();
    for (table, span) in tables(&mut r, 0, &root, "case") {
        let f = Fields::new(table, span.clone(), 0);
        f.check_keys(
            &mut r,
            &[
                "name",
                "why",
                "answers",
                "unset",
                "partial",
                "expect",
                "decided_by",
            ],
            "a case",
        );
        let name = f.string(&mut r, "name", "this case", true);
        let what = name.as_ref().map_or("this case".to_string(), |n| {
            format!("case \"{}\"", n.get_ref())
        });
        if let Some(n) = &name {
            let message = format!("case name \"{}\" is used twice", n.get_ref());
            r.unique(&mut names, 0, n, "duplicate-case", message);
        }
        let why = f.string(&mut r, "why", &what, true);
        let partial = f.boolean(&mut r, "partial").unwrap_or(false);
        let expect = f.string(&mut r, "expect", &what, true).and_then(|e| {
            let u = Urgency::parse(e.get_ref());
            if u.is_none() {
                r.error(
                    0,
                    e.span(),
                    "unknown-urgency",
                    format!("unknown urgency `{}`", e.get_ref()),
                )
                .hint =
                    Some("expected `emergency`, `urgent`, `routine` or `self_care`".to_string());
            }
            u
        });
        let decided_by = f.string(&mut r, "decided_by", &what, true).and_then(|d| {
            if d.get_ref() == "none" {
                return Some(None);
            }
            if rules.rule(d.get_ref()).is_none() {
                let d2 = r.error(
                    0,
                    d.span(),
                    "unknown-rule",
                    format!("there is no rule `{}`", d.get_ref()),
                );
                d2.hint = suggest(d.get_ref(), rules.rules.iter().map(|r| r.id.as_str()))
                    .map(|s| format!("did you mean `{s}`?"));
                return None;
            }
            Some(Some(d.into_inner()))
        });
        let mut answers = base.clone();
        if let Some(unset) = f.get("unset") {
            match unset.get_ref().as_array() {
                Some(items) => {
                    for item in items.iter() {
                        match item.get_ref().as_str() {
                            Some(key) => {
                                if answers.remove(key).is_none() {
                                    r.error(
                                        0,
                                        item.span(),
                                        "unknown-key",
                                        format!("`{key}` is not in [base], so it cannot be unset"),
                                    );
                                }
                            }
                            None => {
                                r.error(
                                    0,
                                    item.span(),
                                    "wrong-type",
                                    "`unset` must list answer ids as strings",
                                );
                            }
                        }
                    }
                }
                None => {
                    r.error(
                        0,
                        unset.span(),
                        "wrong-type",
                        "`unset` must be a list of answer ids",
                    );
                }
            }
        }
        let mut key_spans = HashMap::new();
        if let Some(a) = f.required(&mut r, "answers", &what) {
            if let Some(t) = a.get_ref().as_table() {
                for (k, _) in t.iter() {
                    key_spans.insert(k.get_ref().to_string(), k.span());
                }
                answers.extend(json_object(&mut r, t));
            } else {
                r.error(
                    0,
                    a.span(),
                    "wrong-type",
                    "`answers` must be a table such as { fever = \"yes\" }",
                );
            }
        }
        // Check the answers now, so a typo is an error at its line.
        let json = serde_json::Value::Object(answers.clone()).to_string();
        let options = ParseOptions {
            missing: Missing::Partial,
            now,
        };
        if let Err(e) = answers::parse(&json, &rules.catalog, options) {
            for p in e.problems {
                let at = p
                    .key
                    .as_ref()
                    .and_then(|k| key_spans.get(k))
                    .cloned()
                    .unwrap_or(span.clone());
                r.error(0, at, "invalid-answers", format!("{what}: {}", p.message));
            }
        }
        if let (Some(name), Some(why), Some(expect), Some(decided_by)) =
            (name, why, expect, decided_by)
        {
            cases.push(Case {
                location: r.line_of(0, &span),
                name: name.into_inner(),
                why: why.into_inner(),
                answers,
                partial,
                expect,
                decided_by,
            });
        }
    }
    if r.diags.has_errors() {
        Err(r.diags)
    } else {
        Ok(cases)
    }
}

pub(crate) fn json_object(
    r: &mut Reporter,
    table: &DeTable<'_>,
) -> serde_json::Map<String, serde_json::Value> {
    let mut out = serde_json::Map::new();
    for (k, v) in table.iter() {
        let json = match v.get_ref() {
            DeValue::String(s) => serde_json::Value::String(s.to_string()),
            DeValue::Boolean(b) => serde_json::Value::Bool(*b),
            DeValue::Integer(_) | DeValue::Float(_) => {
                let Some(x) = crate::rulebook::toml::number_or_report(r, 0, v, k.get_ref()) else {
                    continue;
                };
                #[allow(clippy::cast_possible_truncation)]
                if x.fract() == 0.0 {
                    serde_json::Value::from(x as i64)
                } else {
                    serde_json::Number::from_f64(x)
                        .map_or(serde_json::Value::Null, serde_json::Value::Number)
                }
            }
            other => {
                r.error(
                    0,
                    v.span(),
                    "wrong-type",
                    format!(
                        "an answer must be a string, number or true/false, not {}",
                        type_name(other)
                    ),
                );
                continue;
            }
        };
        out.insert(k.get_ref().to_string(), json);
    }
    out
}
