//! The answer space: the finitely many answers that matter to the rules,
//! and the depth-first search over them that follows the engine exactly.

use std::collections::HashMap;

use crate::model::answers::Value;
use crate::model::catalog::{Catalog, Kind, NO, QuestionId, UNSURE, YES};
use crate::model::condition::{Condition, Test, Truth};
use crate::model::rule_set::RuleSet;

use super::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// Complete answers: only an optional question may be missing.
    Complete,
    /// As with `--partial`: a missing yes/no/unsure counts as unsure, any
    /// other missing answer is unknown.
    Partial,
}

/// The answers worth trying for each question.
pub(super) struct Space<'a> {
    pub(super) catalog: &'a Catalog,
    pub(super) complete: Vec<Vec<Value>>,
    pub(super) partial: Vec<Vec<Value>>,
    /// For a question that is not asked, as with `--partial`: not given
    /// (skipped), or given all the same.
    pub(super) ungated: Vec<Vec<Value>>,
    /// The questions each `asked_when` reads.
    pub(super) asked_reads: Vec<Vec<QuestionId>>,
    /// Search steps left for the warnings ([`WARNING_BUDGET`] in all): a
    /// rule set built to be hard stops them, plainly, instead of running
    /// for minutes. The red-flag proof and `rule-never-fires` do not draw
    /// on it.
    pub(super) budget: std::cell::Cell<usize>,
}

/// A partial set of answers: unassigned questions hold `Missing`, which
/// evaluates as unknown, so a condition that is true or false now stays so
/// however the rest is answered.
#[derive(Debug, Clone)]
pub(super) struct State {
    pub(super) values: Vec<Value>,
    pub(super) assigned: Vec<bool>,
    pub(super) steps: usize,
    pub(super) limit: usize,
    /// Steps are also taken from [`Space::budget`].
    pub(super) budgeted: bool,
}

pub(super) enum Step {
    Prune,
    Found,
    Branch(QuestionId),
}

pub(super) enum Outcome {
    Found(State),
    None,
    GaveUp,
}

/// A condition as the search sees it now.
pub(super) enum Status {
    Holds,
    Fails,
    /// Unknown with every question it reads answered: a missing answer
    /// makes it fire.
    Fires,
    /// Unknown until this question is answered.
    Open(QuestionId),
}

pub(super) fn status(cond: &Condition, reads: &[QuestionId], st: &State) -> Status {
    match cond.eval(&st.values) {
        Truth::True => Status::Holds,
        Truth::False => Status::Fails,
        Truth::Unknown => reads
            .iter()
            .find(|q| !st.assigned[usize::from(**q)])
            .map_or(Status::Fires, |q| Status::Open(*q)),
    }
}

impl<'a> Space<'a> {
    pub(super) fn new(rules: &'a RuleSet) -> Space<'a> {
        let catalog = &rules.catalog;
        let mut constants: HashMap<QuestionId, Vec<f64>> = HashMap::new();
        let asked = catalog
            .questions
            .iter()
            .filter_map(|q| q.asked_when.as_ref());
        for cond in rules.rules.iter().map(|r| &r.when).chain(asked) {
            collect_constants(cond, &mut constants);
        }
        let mut complete = Vec::new();
        let mut partial = Vec::new();
        let mut ungated = Vec::new();
        for (i, q) in catalog.questions.iter().enumerate() {
            let id = crate::model::catalog::question_id(i);
            let mut values: Vec<Value> = match &q.kind {
                Kind::Tristate => [NO, UNSURE, YES].map(Value::Option).to_vec(),
                Kind::Choice { options } => (0..options.len())
                    .filter_map(|i| u8::try_from(i).ok())
                    .map(Value::Option)
                    .collect(),
                kind => numbers(kind, constants.get(&id).map_or(&[][..], Vec::as_slice))
                    .into_iter()
                    .map(Value::Number)
                    .collect(),
            };
            if q.optional {
                values.push(Value::Missing);
            }
            complete.push(values.clone());
            ungated.push(
                std::iter::once(Value::Skipped)
                    .chain(values.iter().copied().filter(|v| *v != Value::Missing))
                    .collect(),
            );
            if !q.optional && q.kind != Kind::Tristate {
                values.push(Value::Missing);
            }
            partial.push(values);
        }
        let asked_reads = catalog
            .questions
            .iter()
            .map(|q| {
                q.asked_when
                    .as_ref()
                    .map_or(Vec::new(), Condition::questions)
            })
            .collect();
        Space {
            catalog,
            complete,
            partial,
            ungated,
            asked_reads,
            budget: std::cell::Cell::new(WARNING_BUDGET),
        }
    }

    /// True once the warnings' budget has run out.
    pub(super) fn budget_spent(&self) -> bool {
        self.budget.get() == 0
    }

    pub(super) fn domain(&self, mode: Mode, q: QuestionId) -> &[Value] {
        match mode {
            Mode::Complete => &self.complete[usize::from(q)],
            Mode::Partial => &self.partial[usize::from(q)],
        }
    }

    /// Searches for answers, with `fixed` answers given, that `judge`
    /// accepts. Questions in `free` are asked whatever their `asked_when`.
    pub(super) fn search(
        &self,
        mode: Mode,
        fixed: &[(QuestionId, Value)],
        free: &[QuestionId],
        limit: usize,
        judge: &mut dyn FnMut(&State) -> Step,
    ) -> Outcome {
        self.search_in(mode, fixed, free, limit, false, judge)
    }

    fn search_in(
        &self,
        mode: Mode,
        fixed: &[(QuestionId, Value)],
        free: &[QuestionId],
        limit: usize,
        budgeted: bool,
        judge: &mut dyn FnMut(&State) -> Step,
    ) -> Outcome {
        let n = self.catalog.len();
        let mut st = State {
            values: vec![Value::Missing; n],
            assigned: vec![false; n],
            steps: 0,
            limit,
            budgeted,
        };
        self.dfs(mode, fixed, free, judge, &mut st)
    }

    pub(super) fn dfs(
        &self,
        mode: Mode,
        fixed: &[(QuestionId, Value)],
        free: &[QuestionId],
        judge: &mut dyn FnMut(&State) -> Step,
        st: &mut State,
    ) -> Outcome {
        st.steps += 1;
        if st.steps > st.limit {
            return Outcome::GaveUp;
        }
        if st.budgeted {
            match self.budget.get() {
                0 => return Outcome::GaveUp,
                left => self.budget.set(left - 1),
            }
        }
        let unfixed = fixed.iter().find(|(q, _)| !st.assigned[usize::from(*q)]);
        let target = match unfixed {
            Some(&(q, value)) => {
                let dep = self.first_unanswered(q, st, free);
                if dep == q {
                    // A fixed answer counts whether or not the question is
                    // asked: the engine uses an answer that was given.
                    return self.answer(mode, fixed, free, judge, st, q, value);
                }
                dep
            }
            None => match judge(st) {
                Step::Prune => return Outcome::None,
                Step::Found => return Outcome::Found(st.clone()),
                Step::Branch(q) => self.first_unanswered(q, st, free),
            },
        };
        let values: &[Value] = if self.asked(target, st, free) {
            self.domain(mode, target)
        } else if mode == Mode::Partial {
            &self.ungated[usize::from(target)]
        } else {
            &[Value::Skipped]
        };
        for &value in values {
            match self.answer(mode, fixed, free, judge, st, target, value) {
                Outcome::None => {}
                found_or_gave_up => return found_or_gave_up,
            }
        }
        Outcome::None
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn answer(
        &self,
        mode: Mode,
        fixed: &[(QuestionId, Value)],
        free: &[QuestionId],
        judge: &mut dyn FnMut(&State) -> Step,
        st: &mut State,
        q: QuestionId,
        value: Value,
    ) -> Outcome {
        let slot = usize::from(q);
        st.values[slot] = value;
        st.assigned[slot] = true;
        let outcome = self.dfs(mode, fixed, free, judge, st);
        st.values[slot] = Value::Missing;
        st.assigned[slot] = false;
        outcome
    }

    /// The first question to answer before `q`: one its `asked_when` reads
    /// and that is still unanswered, or `q` itself.
    pub(super) fn first_unanswered(
        &self,
        q: QuestionId,
        st: &State,
        free: &[QuestionId],
    ) -> QuestionId {
        if free.contains(&q) {
            return q;
        }
        match self.asked_reads[usize::from(q)]
            .iter()
            .find(|d| !st.assigned[usize::from(**d)])
        {
            Some(&dep) => self.first_unanswered(dep, st, free),
            None => q,
        }
    }

    pub(super) fn asked(&self, q: QuestionId, st: &State, free: &[QuestionId]) -> bool {
        free.contains(&q)
            || self
                .catalog
                .get(q)
                .asked_when
                .as_ref()
                .is_none_or(|c| c.eval(&st.values) != Truth::False)
    }

    /// Can `cond` hold on complete answers?
    pub(super) fn satisfiable(&self, cond: &Condition, free: &[QuestionId]) -> Outcome {
        self.satisfiable_in(cond, free, false)
    }

    /// As [`Space::satisfiable`], for a warning: within the budget.
    pub(super) fn satisfiable_for_warning(&self, cond: &Condition) -> Outcome {
        self.satisfiable_in(cond, &[], true)
    }

    fn satisfiable_in(&self, cond: &Condition, free: &[QuestionId], budgeted: bool) -> Outcome {
        let reads = cond.questions();
        self.search_in(
            Mode::Complete,
            &[],
            free,
            SEARCH_LIMIT,
            budgeted,
            &mut |st| match status(cond, &reads, st) {
                Status::Holds => Step::Found,
                Status::Fails | Status::Fires => Step::Prune,
                Status::Open(q) => Step::Branch(q),
            },
        )
    }

    /// Does `b` fire whenever `a` fires, on complete answers? `None` when
    /// the search gave up.
    pub(super) fn implies(&self, a: &Condition, b: &Condition) -> Option<bool> {
        let (reads_a, reads_b) = (a.questions(), b.questions());
        let outcome = self.search_in(Mode::Complete, &[], &[], COMPARE_LIMIT, true, &mut |st| {
            let sa = status(a, &reads_a, st);
            let sb = status(b, &reads_b, st);
            match (sa, sb) {
                (Status::Fails, _) | (_, Status::Holds | Status::Fires) => Step::Prune,
                (Status::Open(q), _) | (_, Status::Open(q)) => Step::Branch(q),
                (Status::Holds | Status::Fires, Status::Fails) => Step::Found,
            }
        });
        match outcome {
            Outcome::Found(_) => Some(false),
            Outcome::None => Some(true),
            Outcome::GaveUp => None,
        }
    }
}

pub(super) fn collect_constants(cond: &Condition, out: &mut HashMap<QuestionId, Vec<f64>>) {
    match cond {
        Condition::Test { question, test } => match test {
            Test::Compare(_, x) => out.entry(*question).or_default().push(*x),
            Test::Between(lo, hi) => out.entry(*question).or_default().extend([*lo, *hi]),
            Test::OneOf(_) => {}
        },
        Condition::All(parts) | Condition::Any(parts) => {
            for p in parts {
                collect_constants(p, out);
            }
        }
        Condition::Not(inner) => collect_constants(inner, out),
    }
}

/// One number at each cut (the range's ends and the rules' constants) and
/// one between each pair of cuts: every test is constant between cuts.
pub(super) fn numbers(kind: &Kind, constants: &[f64]) -> Vec<f64> {
    let Some((min, max)) = kind.range() else {
        return Vec::new();
    };
    let whole = matches!(kind, Kind::Int { .. });
    let mut cuts: Vec<f64> = constants
        .iter()
        .copied()
        .filter(|c| *c >= min && max.is_none_or(|m| *c <= m))
        .chain([min])
        .chain(max)
        .collect();
    cuts.sort_by(f64::total_cmp);
    cuts.dedup();
    let mut out = Vec::new();
    for (i, &cut) in cuts.iter().enumerate() {
        if !whole || cut.fract() == 0.0 {
            out.push(cut);
        }
        let next = cuts.get(i + 1).copied().or(if max.is_none() {
            Some(f64::INFINITY)
        } else {
            None
        });
        if let Some(next) = next {
            let between = if whole {
                cut.floor() + 1.0
            } else if next.is_finite() {
                f64::midpoint(cut, next)
            } else {
                cut + 1.0
            };
            if between < next {
                out.push(between);
            }
        }
    }
    // Middle values first, so examples read like real people ("age = 60").
    if let Some(max) = max {
        let middle = f64::midpoint(min, max);
        out.sort_by(|a, b| (a - middle).abs().total_cmp(&(b - middle).abs()));
    }
    out
}
