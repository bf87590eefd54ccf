//! The red-flag proof: each red flag answered yes gives the urgency it
//! promises, and answered unsure at least urgent, whatever the other answers.

use crate::model::answers::Value;
use crate::model::catalog::{Catalog, QuestionId, UNSURE, YES};
use crate::model::condition::{Condition, Truth};
use crate::model::rule_set::{Rule, RuleSet};
use crate::model::urgency::Urgency;
use crate::rulebook::diagnostic::Severity;
use crate::rulebook::load::QUESTIONS_FILE;
use crate::rulebook::toml::Reporter;

use super::*;

pub(super) fn red_flags(
    rules: &RuleSet,
    space: &Space<'_>,
    r: &mut Reporter,
    notes: &mut Vec<String>,
) {
    let catalog = &rules.catalog;
    let flags: Vec<QuestionId> = (0..catalog.len())
        .map(crate::model::catalog::question_id)
        .filter(|&q| catalog.get(q).red_flag)
        .collect();
    let mut proven = 0;
    for &q in &flags {
        // A red flag that is never asked would be "guaranteed" vacuously.
        let question = catalog.get(q);
        if let Some(when) = &question.asked_when
            && matches!(space.satisfiable(when, &[]), Outcome::None)
        {
            let span = question
                .red_flag_span
                .clone()
                .unwrap_or(question.span.clone());
            r.push(
                Severity::Error,
                QUESTIONS_FILE,
                span,
                "red-flag-not-guaranteed",
                format!(
                    "red flag `{}` is never asked, so it can never give emergency",
                    question.id
                ),
            )
            .hint = Some(format!(
                "its `asked_when` ({}) can never hold",
                when.describe(catalog)
            ));
            continue;
        }
        let mut ok = true;
        for (value, at_least) in [(YES, Urgency::Emergency), (UNSURE, Urgency::Urgent)] {
            if let Err(failure) = guarantee(rules, space, q, value, at_least) {
                ok = false;
                report_guarantee(rules, space, r, q, value, at_least, &failure);
            }
        }
        if ok {
            proven += 1;
        }
    }
    if !flags.is_empty() && proven == flags.len() {
        notes.push(format!(
            "proven: each of the {} red flags gives emergency when answered yes, and at least urgent when answered unsure, whatever the other answers",
            flags.len()
        ));
    }
}

pub(super) enum Failure {
    Example(State),
    GaveUp,
}

/// Does `q = value` give at least `at_least`, whatever the other answers,
/// wherever `q` is asked?
pub(super) fn guarantee(
    rules: &RuleSet,
    space: &Space<'_>,
    q: QuestionId,
    value: u8,
    at_least: Urgency,
) -> Result<(), Failure> {
    // Most rule sets prove it with one rule on `q` alone: it holds with
    // every other answer unknown, so it holds with any of them.
    let mut alone = vec![Value::Missing; rules.catalog.len()];
    alone[usize::from(q)] = Value::Option(value);
    let targets: Vec<&Rule> = rules
        .rules
        .iter()
        .filter(|r| r.urgency >= at_least)
        .collect();
    if targets.iter().any(|r| r.when.eval(&alone) == Truth::True) {
        return Ok(());
    }
    // Otherwise look for answers on which none of those rules fires.
    let mut conditions: Vec<(&Condition, Vec<QuestionId>)> = targets
        .iter()
        .map(|r| (&r.when, r.when.questions()))
        .collect();
    conditions.sort_by_key(|(_, reads)| !reads.contains(&q));
    let outcome = space.search(
        Mode::Partial,
        &[(q, Value::Option(value))],
        &[],
        SEARCH_LIMIT,
        &mut |st| {
            let mut open = None;
            for (cond, reads) in &conditions {
                match status(cond, reads, st) {
                    Status::Holds | Status::Fires => return Step::Prune,
                    Status::Fails => {}
                    Status::Open(x) => {
                        open.get_or_insert(x);
                    }
                }
            }
            open.map_or(Step::Found, Step::Branch)
        },
    );
    match outcome {
        Outcome::None => Ok(()),
        Outcome::Found(st) => Err(Failure::Example(minimise(st, &targets, space, q))),
        Outcome::GaveUp => Err(Failure::GaveUp),
    }
}

/// Proves each `[[guarantee]]`: wherever its condition certainly holds, a
/// rule of at least its urgency fires, whatever the other answers.
pub(super) fn guarantees(
    rules: &RuleSet,
    space: &Space<'_>,
    r: &mut Reporter,
    notes: &mut Vec<String>,
) {
    let catalog = &rules.catalog;
    let mut proven = 0;
    for g in &rules.guarantees {
        let targets: Vec<&Rule> = rules
            .rules
            .iter()
            .filter(|rule| rule.urgency >= g.urgency)
            .collect();
        let mut conditions: Vec<(&Condition, Vec<QuestionId>)> = targets
            .iter()
            .map(|rule| (&rule.when, rule.when.questions()))
            .collect();
        let reads = g.when.questions();
        conditions.sort_by_key(|(_, q)| !q.iter().any(|x| reads.contains(x)));
        let outcome = space.search(Mode::Partial, &[], &[], SEARCH_LIMIT, &mut |st| {
            let open_g = match status(&g.when, &reads, st) {
                Status::Fails | Status::Fires => return Step::Prune,
                Status::Holds => None,
                Status::Open(x) => Some(x),
            };
            let mut open = open_g;
            for (cond, q) in &conditions {
                match status(cond, q, st) {
                    Status::Holds | Status::Fires => return Step::Prune,
                    Status::Fails => {}
                    Status::Open(x) => {
                        open.get_or_insert(x);
                    }
                }
            }
            open.map_or(Step::Found, Step::Branch)
        });
        let words = urgency_words(g.urgency);
        match outcome {
            Outcome::None => proven += 1,
            Outcome::Found(st) => {
                let example: Vec<String> = (0..catalog.len())
                    .map(crate::model::catalog::question_id)
                    .filter(|&x| st.assigned[usize::from(x)])
                    .filter(|&x| st.values[usize::from(x)] != Value::Skipped)
                    .map(|x| format!("{} = {}", catalog.get(x).id, show_value(catalog, x, &st)))
                    .collect();
                r.push(
                    Severity::Error,
                    TRIAGE_FILE,
                    g.id_span.clone(),
                    "guarantee-not-met",
                    format!("guarantee `{}` does not hold: it promises {words}", g.id),
                )
                .hint = Some(format!(
                    "with {}, {} holds but no {} rule fires",
                    join_and(&example),
                    g.when.describe(catalog),
                    if g.urgency == Urgency::Emergency {
                        "emergency".to_string()
                    } else {
                        format!("{} or more urgent", g.urgency)
                    }
                ));
            }
            Outcome::GaveUp => {
                r.push(
                    Severity::Error,
                    TRIAGE_FILE,
                    g.id_span.clone(),
                    "guarantee-not-proven",
                    format!(
                        "could not prove guarantee `{}` ({words}) within the search limit",
                        g.id
                    ),
                );
            }
        }
    }
    if !rules.guarantees.is_empty() && proven == rules.guarantees.len() {
        let n = proven;
        notes.push(format!(
            "proven: each of the {n} guarantee{} of triage.toml gives at least its urgency, whatever the other answers",
            if n == 1 { "" } else { "s" }
        ));
    }
}

/// Drops answers a counterexample does not need: those whose value no
/// target rule depends on and that decide no other question's skipping.
pub(super) fn minimise(
    mut st: State,
    targets: &[&Rule],
    space: &Space<'_>,
    keep: QuestionId,
) -> State {
    for i in 0..st.values.len() {
        let x = crate::model::catalog::question_id(i);
        let gates = st
            .assigned
            .iter()
            .enumerate()
            .any(|(j, a)| *a && space.asked_reads[j].contains(&x));
        if !st.assigned[i] || gates || x == keep {
            continue;
        }
        let value = st.values[i];
        st.values[i] = Value::Missing;
        if targets
            .iter()
            .all(|r| r.when.eval(&st.values) == Truth::False)
        {
            st.assigned[i] = false;
        } else {
            st.values[i] = value;
        }
    }
    st
}

pub(super) fn urgency_words(at_least: Urgency) -> &'static str {
    match at_least {
        Urgency::Emergency => "emergency",
        Urgency::Urgent => "at least urgent",
        Urgency::Routine => "at least routine",
        Urgency::SelfCare => "self_care",
    }
}

pub(super) fn report_guarantee(
    rules: &RuleSet,
    space: &Space<'_>,
    r: &mut Reporter,
    q: QuestionId,
    value: u8,
    at_least: Urgency,
    failure: &Failure,
) {
    let catalog = &rules.catalog;
    let question = catalog.get(q);
    let answer = crate::model::catalog::TRISTATE_OPTIONS[usize::from(value)];
    let span = question
        .red_flag_span
        .clone()
        .unwrap_or(question.span.clone());
    let (code, message) = match failure {
        Failure::Example(_) => (
            "red-flag-not-guaranteed",
            format!(
                "red flag `{}` answered {answer} no longer always gives {}",
                question.id,
                urgency_words(at_least)
            ),
        ),
        Failure::GaveUp => (
            "red-flag-not-proven",
            format!(
                "could not prove that red flag `{}` answered {answer} always gives {}",
                question.id,
                urgency_words(at_least)
            ),
        ),
    };
    let level = if at_least == Urgency::Emergency {
        "emergency".to_string()
    } else {
        format!("{at_least} or emergency")
    };
    let testing: Vec<&Rule> = rules
        .rules
        .iter()
        .filter(|rule| rule.urgency >= at_least && rule.when.questions().contains(&q))
        .collect();
    let mut hint = match failure {
        Failure::GaveUp => format!(
            "the search limit was reached; a rule such as `when = {{ {} = [\"yes\", \"unsure\"] }}` with urgency = \"{}\" proves it at once",
            question.id,
            at_least.max(Urgency::Urgent)
        ),
        Failure::Example(st) => {
            let mut alone = vec![Value::Missing; catalog.len()];
            alone[usize::from(q)] = Value::Option(value);
            let (rejecting, needing): (Vec<&Rule>, Vec<&Rule>) = testing
                .iter()
                .partition(|rule| rule.when.eval(&alone) == Truth::False);
            let ids = |rules: &[&Rule]| -> String {
                let ids: Vec<String> = rules.iter().map(|r| format!("`{}`", r.id)).collect();
                join_and(&ids)
            };
            let mut hint = format!(
                "no {level} rule fires on `{} = {answer}` alone",
                question.id
            );
            if !rejecting.is_empty() {
                let verb = if rejecting.len() == 1 { "does" } else { "do" };
                hint.push_str(&format!("\n{} {verb} not accept {answer}", ids(&rejecting)));
            }
            if !needing.is_empty() {
                let verb = if needing.len() == 1 { "needs" } else { "need" };
                // The answers that keep these rules from firing.
                let st = minimise(st.clone(), &needing, space, q);
                let example: Vec<String> = (0..catalog.len())
                    .map(crate::model::catalog::question_id)
                    .filter(|&x| x != q && st.assigned[usize::from(x)])
                    .filter(|x| needing.iter().any(|r| r.when.questions().contains(x)))
                    .map(|x| format!("{} = {}", catalog.get(x).id, show_value(catalog, x, &st)))
                    .collect();
                hint.push_str(&format!(
                    "\n{} also {verb} other answers: with {}, none of them fires",
                    ids(&needing),
                    join_and(&example)
                ));
            }
            hint.push_str(&format!(
                "\na rule such as `when = {{ {} = [\"yes\", \"unsure\"] }}` with urgency = \"emergency\" restores it",
                question.id
            ));
            hint
        }
    };
    if let Some(when) = &question.asked_when {
        hint.push_str(&format!(
            "\nit is asked only when {}, but an answer given otherwise is used too, so the guarantee must hold whatever the other answers",
            when.describe(catalog)
        ));
    }
    r.push(Severity::Error, QUESTIONS_FILE, span, code, message)
        .hint = Some(hint);
}

/// "a", "a and b", "a, b and c".
pub(super) fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

pub(super) fn show_value(catalog: &Catalog, q: QuestionId, st: &State) -> String {
    match st.values[usize::from(q)] {
        Value::Option(i) => catalog
            .get(q)
            .kind
            .option_values()
            .get(usize::from(i))
            .map_or_else(String::new, ToString::to_string),
        Value::Number(x) => x.to_string(),
        Value::Skipped => "(not asked)".to_string(),
        Value::Missing => "(not answered)".to_string(),
    }
}
