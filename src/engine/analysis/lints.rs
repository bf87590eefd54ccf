//! The lints: rules that can never fire, questions never asked or never
//! used, rules that fire on an absent symptom, and rules that repeat another.

use std::collections::HashSet;
use std::ops::Range;

use crate::model::answers::Value;
use crate::model::catalog::{Catalog, Kind, NO, QuestionId, Section, UNSURE, YES};
use crate::model::condition::{Condition, Test, Truth};
use crate::model::rule_set::{Rule, RuleSet};
use crate::rulebook::diagnostic::Severity;
use crate::rulebook::load::{QUESTIONS_FILE, TRIAGE_FILE};
use crate::rulebook::toml::Reporter;

use super::pairs::conjuncts;
use super::*;

/// Reports rules that can never fire; returns their indices.
pub(super) fn never_fires(
    rules: &RuleSet,
    space: &Space<'_>,
    r: &mut Reporter,
    notes: &mut Vec<String>,
) -> Vec<usize> {
    let mut dead = Vec::new();
    for (i, rule) in rules.rules.iter().enumerate() {
        match space.satisfiable(&rule.when, &[]) {
            Outcome::Found(_) => continue,
            Outcome::GaveUp => {
                notes.push(format!(
                    "not decided (search limit): whether rule `{}` can fire",
                    rule.id
                ));
                continue;
            }
            Outcome::None => dead.push(i),
        }
        let (hint, focus) = never_fires_reason(rules, space, rule);
        let span = focus.map_or(rule.when_span.clone(), |q| {
            word_span(r, rule.when_span.clone(), &rules.catalog.get(q).id)
        });
        r.push(
            Severity::Error,
            TRIAGE_FILE,
            span,
            "rule-never-fires",
            format!(
                "rule `{}` can never fire: no answers make its condition hold",
                rule.id
            ),
        )
        .hint = Some(hint);
    }
    dead
}

/// Why a rule can never fire, and the question to point at.
pub(super) fn never_fires_reason(
    rules: &RuleSet,
    space: &Space<'_>,
    rule: &Rule,
) -> (String, Option<QuestionId>) {
    let catalog = &rules.catalog;
    for q in rule.when.questions() {
        let Some(asked_when) = &catalog.get(q).asked_when else {
            continue;
        };
        if matches!(space.satisfiable(&rule.when, &[q]), Outcome::Found(_)) {
            let id = &catalog.get(q).id;
            return (
                format!(
                    "`{id}` is asked only when {}, which the rest of the condition rules out; when it is not asked every test on it is false",
                    asked_when.describe(catalog)
                ),
                Some(q),
            );
        }
    }
    let mut by_question: Vec<(QuestionId, Vec<&Condition>)> = Vec::new();
    for part in conjuncts(&rule.when) {
        if let Condition::Test { question, .. } = part {
            match by_question.iter_mut().find(|(q, _)| q == question) {
                Some((_, tests)) => tests.push(part),
                None => by_question.push((*question, vec![part])),
            }
        }
    }
    for (q, tests) in by_question {
        let possible = space.complete[usize::from(q)]
            .iter()
            .filter(|v| !matches!(v, Value::Missing))
            .any(|v| {
                tests.iter().all(|t| match t {
                    Condition::Test { test, .. } => test.eval(*v) == Truth::True,
                    _ => true,
                })
            });
        if !possible {
            let described: Vec<String> = tests.iter().map(|t| t.describe(catalog)).collect();
            let hint = if described.len() == 1 {
                format!("no answer passes the test \"{}\"", described[0])
            } else {
                format!(
                    "no answer to `{}` passes all of: {}",
                    catalog.get(q).id,
                    described.join("; ")
                )
            };
            return (hint, Some(q));
        }
    }
    (
        "its parts contradict each other; `rules show` prints the condition in words".to_string(),
        None,
    )
}

pub(super) fn never_asked(rules: &RuleSet, space: &Space<'_>, r: &mut Reporter) {
    for q in &rules.catalog.questions {
        let Some(when) = &q.asked_when else { continue };
        if matches!(space.satisfiable_for_warning(when), Outcome::None) {
            r.push(
                Severity::Warning,
                QUESTIONS_FILE,
                q.span.clone(),
                "question-never-asked",
                format!(
                    "question `{}` is never asked: its `asked_when` can never hold",
                    q.id
                ),
            )
            .hint = Some(format!(
                "`asked_when` reads: {}",
                when.describe(&rules.catalog)
            ));
        }
    }
}

pub(super) fn absent_symptoms(rules: &RuleSet, r: &mut Reporter) {
    for rule in &rules.rules {
        let mut found = Vec::new();
        absent_tests(&rule.when, false, &rules.catalog, &mut found);
        for (q, accepted, rejected) in found {
            let id = &rules.catalog.get(q).id;
            let span = word_span(r, rule.when_span.clone(), id);
            r.push(
                Severity::Warning,
                TRIAGE_FILE,
                span,
                "absent-symptom",
                format!(
                    "rule `{}` fires when `{id}` is {accepted} but not when it is {rejected}",
                    rule.id
                ),
            )
            .hint = Some(
                "a symptom that is present must never give less urgency than one that is absent: test for \"yes\" (and \"unsure\"), never for \"no\" or \"none\""
                    .to_string(),
            );
        }
    }
}

/// Tests that accept an answer meaning "less" (no, none) but not one
/// meaning "more": (question, an accepted value, a rejected value).
pub(super) fn absent_tests(
    cond: &Condition,
    negated: bool,
    catalog: &Catalog,
    out: &mut Vec<(QuestionId, String, String)>,
) {
    match cond {
        Condition::Test {
            question,
            test: Test::OneOf(mask),
        } => {
            let q = catalog.get(*question);
            let values = q.kind.option_values();
            // Up to 64 options: one bit each.
            let all = u64::MAX >> (64 - values.len().clamp(1, 64));
            let accepted = if negated { all & !mask } else { *mask };
            let has = |i: usize| accepted & (1 << i) != 0;
            let pair = match &q.kind {
                // no < unsure < yes: accepting one answer means accepting every higher one.
                Kind::Tristate => {
                    let order = [NO, UNSURE, YES].map(usize::from);
                    order.iter().enumerate().find_map(|(k, &lo)| {
                        let hi = order[k + 1..].iter().rev().find(|&&hi| !has(hi))?;
                        has(lo).then_some((lo, *hi))
                    })
                }
                Kind::Choice { .. } => values.iter().position(|v| *v == "none").and_then(|none| {
                    let other = (0..values.len()).find(|&i| !has(i))?;
                    has(none).then_some((none, other))
                }),
                Kind::Int { .. } | Kind::Number { .. } => None,
            };
            if let Some((lo, hi)) = pair {
                out.push((*question, values[lo].to_string(), values[hi].to_string()));
            }
        }
        Condition::Test { .. } => {}
        Condition::Not(inner) => absent_tests(inner, !negated, catalog, out),
        Condition::All(parts) | Condition::Any(parts) => {
            for p in parts {
                absent_tests(p, negated, catalog, out);
            }
        }
    }
}

pub(super) fn unused_questions(
    rules: &RuleSet,
    r: &mut Reporter,
    plan: Option<&str>,
    notes: &mut Vec<String>,
) {
    let catalog = &rules.catalog;
    let mut used: HashSet<QuestionId> = HashSet::new();
    let asked = catalog
        .questions
        .iter()
        .filter_map(|q| q.asked_when.as_ref());
    for cond in rules.rules.iter().map(|r| &r.when).chain(asked) {
        used.extend(cond.questions());
    }
    let plan_words: Option<HashSet<&str>> = plan.map(|text| {
        text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .collect()
    });
    let mut unchecked = Vec::new();
    for (i, q) in catalog.questions.iter().enumerate() {
        if used.contains(&crate::model::catalog::question_id(i)) {
            continue;
        }
        match &plan_words {
            Some(words) if words.contains(q.id.as_str()) => continue,
            None if q.section == Section::Medicine => {
                unchecked.push(format!("`{}`", q.id));
                continue;
            }
            _ => {}
        }
        let where_ = if plan_words.is_some() {
            "no rule, `asked_when` or plan.toml"
        } else {
            "no rule or `asked_when`"
        };
        r.push(
            Severity::Warning,
            QUESTIONS_FILE,
            q.span.clone(),
            "unused-question",
            format!("question `{}` is asked, but {where_} uses its answer", q.id),
        )
        .hint = Some(
            "use it in a rule's `when`, or remove it (it is part of the answers contract: check before removing)"
                .to_string(),
        );
    }
    if !unchecked.is_empty() {
        notes.push(format!(
            "not checked for use: {} (section `medicine`, used by the plan; there is no plan.toml to scan)",
            join_and(&unchecked)
        ));
    }
}

/// Rules with the same condition, and rules another rule of the same
/// urgency covers. Rules that can never fire are left out: they would
/// "repeat" every rule.
pub(super) fn repeats(rules: &RuleSet, space: &Space<'_>, dead: &[usize], r: &mut Reporter) {
    // The first rule with each condition, by its canonical form written out
    // (conditions hold numbers, so they cannot be hashed themselves).
    let mut first_with: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut same = HashSet::new();
    for (b, rule) in rules.rules.iter().enumerate() {
        let key = format!("{:?}", canonical(&rule.when));
        let a = *first_with.entry(key).or_insert(b);
        if a == b {
            continue;
        }
        same.insert((a.min(b), a.max(b)));
        let first = &rules.rules[a];
        let d = r.push(
            Severity::Warning,
            TRIAGE_FILE,
            rule.id_span.clone(),
            "same-condition",
            format!(
                "rule `{}` has the same condition as rule `{}`",
                rule.id, first.id
            ),
        );
        d.hint = Some(if first.urgency == rule.urgency {
            format!(
                "`{}` is at {}; merge the two rules",
                first.id, first.location
            )
        } else {
            let (low, high) = if first.urgency < rule.urgency {
                (first, rule)
            } else {
                (rule, first)
            };
            format!(
                "`{}` ({}) can never decide: `{}` ({}) always fires with it; `{}` is at {}",
                low.id, low.urgency, high.id, high.urgency, first.id, first.location
            )
        });
    }
    let pairs = super::pairs::Pairs::new(rules, space);
    let mut alive = vec![true; rules.rules.len()];
    for &d in dead {
        alive[d] = false;
    }
    for (a, ra) in rules.rules.iter().enumerate() {
        let mut covering = Vec::new();
        if !alive[a] {
            continue;
        }
        for (b, rb) in rules.rules.iter().enumerate() {
            if a == b
                || ra.urgency != rb.urgency
                || pairs.cannot_imply(a, b)
                || !alive[b]
                || same.contains(&(a.min(b), a.max(b)))
            {
                continue;
            }
            if space.implies(&ra.when, &rb.when) != Some(true) {
                continue;
            }
            if space.implies(&rb.when, &ra.when) != Some(true) {
                covering.push(rb);
            } else if a < b {
                r.push(
                    Severity::Warning,
                    TRIAGE_FILE,
                    rb.id_span.clone(),
                    "redundant-rule",
                    format!(
                        "rules `{}` and `{}` fire on exactly the same answers",
                        ra.id, rb.id
                    ),
                )
                .hint = Some(format!(
                    "`{}` is at {}; merge the two rules",
                    ra.id, ra.location
                ));
            }
        }
        if covering.is_empty() {
            continue;
        }
        let ids: Vec<String> = covering.iter().map(|r| format!("`{}`", r.id)).collect();
        let places: Vec<String> = covering
            .iter()
            .map(|r| format!("`{}` is at {}", r.id, r.location))
            .collect();
        let verb = if covering.len() == 1 { "fires" } else { "fire" };
        r.push(
            Severity::Warning,
            TRIAGE_FILE,
            ra.id_span.clone(),
            "redundant-rule",
            format!(
                "rule `{}` never changes the urgency: whenever it fires, {} {verb} too, also at {}",
                ra.id,
                join_and(&ids),
                ra.urgency
            ),
        )
        .hint = Some(format!(
            "{}\nkeep it only if its message adds something the person needs",
            places.join("\n")
        ));
    }
}

/// A condition with `all` and `any` flattened and their parts sorted, so
/// two ways of writing the same thing compare equal.
pub(super) fn canonical(cond: &Condition) -> Condition {
    pub(super) fn flatten(parts: &[Condition], any: bool, out: &mut Vec<Condition>) {
        for p in parts {
            match (p, any) {
                (Condition::Any(inner), true) | (Condition::All(inner), false) => {
                    flatten(inner, any, out);
                }
                _ => out.push(canonical(p)),
            }
        }
    }
    match cond {
        Condition::Test { .. } => cond.clone(),
        Condition::Not(inner) => Condition::Not(Box::new(canonical(inner))),
        Condition::All(parts) | Condition::Any(parts) => {
            let any = matches!(cond, Condition::Any(_));
            let mut out = Vec::new();
            flatten(parts, any, &mut out);
            out.sort_by_cached_key(|c| format!("{c:?}"));
            out.dedup();
            if out.len() == 1 {
                out.pop().unwrap_or_else(|| cond.clone())
            } else if any {
                Condition::Any(out)
            } else {
                Condition::All(out)
            }
        }
    }
}

/// The span of the first whole-word `word` within `within` of the triage
/// file, or `within` itself.
pub(super) fn word_span(r: &Reporter, within: Range<usize>, word: &str) -> Range<usize> {
    let text = &r.diags.files[TRIAGE_FILE].text;
    let Some(slice) = text.get(within.clone()) else {
        return within;
    };
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut from = 0;
    while let Some(i) = slice[from..].find(word) {
        let start = from + i;
        let end = start + word.len();
        let before = slice[..start].chars().next_back();
        let after = slice[end..].chars().next();
        if !before.is_some_and(is_word) && !after.is_some_and(is_word) {
            return within.start + start..within.start + end;
        }
        from = end;
    }
    within
}
