//! A cheap, sound test that lets the pairwise lints skip most pairs of
//! rules: `a` cannot imply `b` when `b` must pass a test on a question that
//! `a` is blind to. Without it, 10,000 rules are 100 million searches.

use crate::model::answers::Value;
use crate::model::condition::{Condition, Test, Truth};
use crate::model::rule_set::RuleSet;

use super::space::{Mode, Space};

/// The parts of a condition that must all hold.
pub(super) fn conjuncts(cond: &Condition) -> Vec<&Condition> {
    match cond {
        Condition::All(parts) => parts.iter().flat_map(conjuncts).collect(),
        other => vec![other],
    }
}

/// A set of questions, one bit each.
type Bits = Vec<u64>;

fn set(bits: &mut Bits, i: usize) {
    bits[i / 64] |= 1 << (i % 64);
}

/// For each rule, the questions it depends on (those it reads and, through
/// `asked_when`, whatever decides whether they are asked), and the
/// questions it pins (a test on it, at the top level, that some answer
/// fails).
pub(super) struct Pairs {
    depends: Vec<Bits>,
    pins: Vec<Bits>,
    /// The pinning tests of each rule, by question.
    tests: Vec<Vec<(usize, Test)>>,
    /// Of those, the ones on a question the rule reads nowhere else, not
    /// even through an `asked_when`: changing that answer changes nothing
    /// else about the rule.
    sole: Vec<Vec<(usize, Test)>>,
    domains: Vec<Vec<Value>>,
}

/// How many times each question is read in `cond`.
fn count_reads(cond: &Condition, counts: &mut [u32]) {
    match cond {
        Condition::All(parts) | Condition::Any(parts) => {
            parts.iter().for_each(|p| count_reads(p, counts));
        }
        Condition::Not(inner) => count_reads(inner, counts),
        Condition::Test { question, .. } => counts[usize::from(*question)] += 1,
    }
}

impl Pairs {
    pub(super) fn new(rules: &RuleSet, space: &Space<'_>) -> Pairs {
        let words = space.catalog.len().div_ceil(64).max(1);
        let n = space.catalog.len();
        let domains: Vec<Vec<Value>> = (0..n)
            .map(|i| {
                space
                    .domain(Mode::Complete, crate::model::catalog::question_id(i))
                    .to_vec()
            })
            .collect();
        let mut out = Pairs {
            depends: Vec::with_capacity(rules.rules.len()),
            pins: Vec::with_capacity(rules.rules.len()),
            tests: Vec::with_capacity(rules.rules.len()),
            sole: Vec::with_capacity(rules.rules.len()),
            domains,
        };
        for rule in &rules.rules {
            // What decides whether the questions it reads are asked.
            let mut gates = vec![0; words];
            let mut todo: Vec<_> = rule
                .when
                .questions()
                .iter()
                .flat_map(|q| space.asked_reads[usize::from(*q)].iter().copied())
                .collect();
            while let Some(q) = todo.pop() {
                let i = usize::from(q);
                if gates[i / 64] & (1 << (i % 64)) == 0 {
                    set(&mut gates, i);
                    todo.extend(space.asked_reads[i].iter().copied());
                }
            }
            let mut deps = gates.clone();
            for q in rule.when.questions() {
                set(&mut deps, usize::from(q));
            }
            let mut counts = vec![0; n];
            count_reads(&rule.when, &mut counts);
            let mut pinned = vec![0; words];
            let mut tests = Vec::new();
            let mut sole = Vec::new();
            for part in conjuncts(&rule.when) {
                let Condition::Test { question, test } = part else {
                    continue;
                };
                let i = usize::from(*question);
                if out.domains[i].iter().any(|v| test.eval(*v) == Truth::False) {
                    set(&mut pinned, i);
                    tests.push((i, test.clone()));
                }
                if counts[i] == 1 && gates[i / 64] & (1 << (i % 64)) == 0 {
                    sole.push((i, test.clone()));
                }
            }
            out.depends.push(deps);
            out.pins.push(pinned);
            out.tests.push(tests);
            out.sole.push(sole);
        }
        out
    }

    /// True when rule `a` surely does not imply rule `b`: `b` pins a
    /// question `a` does not depend on. Any answers on which `a` fires stay
    /// so when that question is changed to fail `b`'s test (or is skipped,
    /// which fails every test on it), and then `b` does not fire.
    ///
    /// Or `a` reads a question `b` pins only in one test of its own, and an
    /// answer passes (or leaves unknown) `a`'s test and fails `b`'s: changing
    /// to it keeps `a` firing (the question is asked, or `a` would fail).
    pub(super) fn cannot_imply(&self, a: usize, b: usize) -> bool {
        let blind = self.pins[b]
            .iter()
            .zip(&self.depends[a])
            .any(|(pin, dep)| pin & !dep != 0);
        blind
            || self.tests[b].iter().any(|(q, tb)| {
                self.sole[a].iter().any(|(qa, ta)| {
                    qa == q
                        && self.domains[*q]
                            .iter()
                            .any(|v| ta.eval(*v) != Truth::False && tb.eval(*v) == Truth::False)
                })
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The filter never skips a pair the full search would report: over
    /// every pair of the embedded rules, and of rules that differ in one
    /// answer or one number.
    #[test]
    fn a_skipped_pair_is_never_an_implication() {
        let embedded = RuleSet::embedded().expect("loads");
        let mut triage = crate::rulebook::EMBEDDED
            .iter()
            .find(|(n, _)| *n == "triage.toml")
            .map(|(_, t)| (*t).to_string())
            .expect("triage.toml");
        for (i, when) in [
            "{ fever = \"yes\", age = \">= 50\" }",
            "{ fever = \"yes\", age = \">= 60\" }",
            "{ fever = [\"yes\", \"unsure\"] }",
            "{ any = [{ fever = \"yes\" }, { night_pain = \"yes\" }] }",
            "{ not = { fever = \"no\" }, age = \"between 20 and 70\" }",
            "{ pregnant = \"yes\" }",
            "{ sex = \"female\", age = \"between 12 and 55\" }",
        ]
        .iter()
        .enumerate()
        {
            triage.push_str(&format!(
                "\n[[rule]]\nid = \"t-{i}\"\nurgency = \"routine\"\nmessage = \"m\"\nsource = \"s\"\nwhen = {when}\n"
            ));
        }
        let texts: Vec<(&str, &str)> = crate::rulebook::EMBEDDED
            .iter()
            .map(|&(n, t)| {
                (
                    n,
                    if n == "triage.toml" {
                        triage.as_str()
                    } else {
                        t
                    },
                )
            })
            .collect();
        let added = RuleSet::from_texts(&texts).expect("loads");
        let mut checked = 0;
        for rules in [&embedded, &added] {
            let space = Space::new(rules);
            let pairs = Pairs::new(rules, &space);
            for (a, ra) in rules.rules.iter().enumerate() {
                for (b, rb) in rules.rules.iter().enumerate() {
                    if a != b && pairs.cannot_imply(a, b) {
                        checked += 1;
                        assert_ne!(
                            space.implies(&ra.when, &rb.when),
                            Some(true),
                            "{} implies {}",
                            ra.id,
                            rb.id
                        );
                    }
                }
            }
        }
        assert!(checked > 1000, "{checked}");
    }

    /// Past the warnings' budget the warnings' searches give up (and the
    /// analysis says so), while the red-flag proof's still answer.
    #[test]
    fn a_spent_budget_stops_the_warnings_but_not_the_proof() {
        let rules = RuleSet::embedded().expect("loads");
        let space = Space::new(&rules);
        let (a, b) = (&rules.rules[0].when, &rules.rules[1].when);
        assert!(space.implies(a, b).is_some());
        assert!(!space.budget_spent());
        space.budget.set(0);
        assert!(space.budget_spent());
        assert_eq!(space.implies(a, b), None);
        assert!(matches!(
            space.satisfiable_for_warning(a),
            super::super::space::Outcome::GaveUp
        ));
        assert!(matches!(
            space.satisfiable(a, &[]),
            super::super::space::Outcome::Found(_)
        ));
    }
}
