//! Static analysis of a rule set, for `spasm-triage rules check`: proves that
//! every red flag gives the urgency it promises, and finds rules that can
//! never fire, rules that fire when a symptom is absent, questions nothing
//! uses, and rules that repeat another.
//!
//! # How it decides
//!
//! Only finitely many answers matter to the rules: a question's options, and
//! for a number one value at, and one between, each number the rules compare
//! it with. A depth-first search over those answers follows the engine
//! exactly: a question whose `asked_when` does not hold is skipped (every test
//! on it is false), a missing answer is unknown (Kleene logic), and a rule
//! fires when its condition is true or unknown. The search either finds
//! answers or shows that none exist, so every finding is exact; a search that
//! reaches [`SEARCH_LIMIT`] is reported as not proven, never as proven.
//!
//! The guarantees (red flags and `[[guarantee]]`) also cover answers given
//! to a question where it is not asked, which the engine uses: an answer
//! that was given is never ignored.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::answers::Value;
use crate::catalog::{Catalog, Kind, NO, QuestionId, Section, UNSURE, YES};
use crate::condition::{Condition, Test, Truth};
use crate::diagnostic::{Diagnostics, Severity};
use crate::loader::{QUESTIONS_FILE, Reporter, TRIAGE_FILE};
use crate::rule_set::{Rule, RuleSet, RulesError, RulesSource};
use crate::urgency::Urgency;

/// Every diagnostic code of the analysis, with its severity and meaning.
pub const CODES: &[(&str, Severity, &str)] = &[
    (
        "red-flag-not-guaranteed",
        Severity::Error,
        "a red flag answered yes does not always give emergency, or answered unsure does not always give at least urgent",
    ),
    (
        "red-flag-not-proven",
        Severity::Error,
        "the search limit was reached before the red-flag guarantee was proven",
    ),
    (
        "guarantee-not-met",
        Severity::Error,
        "answers on which a `[[guarantee]]` holds give less than its urgency",
    ),
    (
        "guarantee-not-proven",
        Severity::Error,
        "the search limit was reached before a `[[guarantee]]` was proven",
    ),
    (
        "rule-never-fires",
        Severity::Error,
        "no answers can make the rule's condition hold",
    ),
    (
        "question-never-asked",
        Severity::Warning,
        "no answers can make the question's asked_when hold",
    ),
    (
        "absent-symptom",
        Severity::Warning,
        "a rule fires when a symptom is absent but not when it is present",
    ),
    (
        "unused-question",
        Severity::Warning,
        "no rule, asked_when or plan reads the question",
    ),
    (
        "same-condition",
        Severity::Warning,
        "two rules have the same condition",
    ),
    (
        "redundant-rule",
        Severity::Warning,
        "whenever the rule fires, another rule of the same urgency fires too",
    ),
    (
        "unknown-allow",
        Severity::Warning,
        "a rule's `allow` names a code that is not a warning of `rules check`",
    ),
];

/// Search steps allowed for one proof before giving up.
pub const SEARCH_LIMIT: usize = 200_000;

/// Search steps for one comparison of two rules (warnings only): past it,
/// the pair is simply not reported.
const COMPARE_LIMIT: usize = 20_000;

/// The file that may name questions the plan uses.
pub const PLAN_FILE: &str = "plan.toml";

/// What `rules check` found.
#[derive(Debug, Clone, Default)]
pub struct Check {
    pub diagnostics: Diagnostics,
    /// Plain statements: what was proven, what was not checked.
    pub notes: Vec<String>,
    /// What was checked, when the rule set loaded.
    pub counts: Option<Counts>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub rules: usize,
    pub questions: usize,
    pub cases: usize,
    pub demos: usize,
}

/// Loads and validates every file of a rules directory (rules, cases,
/// demos), then analyses the rule set.
///
/// # Errors
/// Only a file that cannot be read; problems in the files are diagnostics.
pub fn check(source: &RulesSource) -> Result<Check, RulesError> {
    let (rules, diags) = match RuleSet::load_with_diagnostics(source) {
        Ok(loaded) => loaded,
        Err(RulesError::Invalid(diagnostics)) => {
            return Ok(Check {
                diagnostics,
                ..Check::default()
            });
        }
        Err(e) => return Err(e),
    };
    let plan = source.read(PLAN_FILE)?;
    let mut r = Reporter { diags };
    let mut notes = analyse(&rules, &mut r, plan.as_ref().map(|f| f.text.as_str()));
    let mut counts = Counts {
        rules: rules.rules.len(),
        questions: rules.catalog.len(),
        cases: 0,
        demos: 0,
    };
    match source.read(crate::cases::FILE)? {
        Some(file) => match crate::cases::parse(file, &rules) {
            Ok(cases) => counts.cases = cases.len(),
            Err(d) => r.diags.append(d),
        },
        None => notes.push(format!(
            "no {}: there are no clinical test cases to run",
            crate::cases::FILE
        )),
    }
    if let Some(file) = source.read(crate::demo::FILE)? {
        match crate::demo::parse(file, &rules) {
            Ok(demos) => counts.demos = demos.len(),
            Err(d) => r.diags.append(d),
        }
    }
    Ok(Check {
        diagnostics: r.diags,
        notes,
        counts: Some(counts),
    })
}

/// Analyses a loaded rule set, adding diagnostics to `r` (whose files are
/// the rule set's, as loaded). `plan` is the text of `plan.toml`, if any.
/// Returns notes on what was proven and what was not checked.
pub(crate) fn analyse(rules: &RuleSet, r: &mut Reporter, plan: Option<&str>) -> Vec<String> {
    let space = Space::new(rules);
    let mut notes = Vec::new();
    red_flags(rules, &space, r, &mut notes);
    guarantees(rules, &space, r, &mut notes);
    let dead = never_fires(rules, &space, r, &mut notes);
    never_asked(rules, &space, r);
    absent_symptoms(rules, r);
    unused_questions(rules, r, plan, &mut notes);
    repeats(rules, &space, &dead, r);
    allowed(rules, r, &mut notes);
    notes
}

/// Drops the warnings a rule accepts with `allow`, and checks the codes it
/// names are warnings this analysis gives.
fn allowed(rules: &RuleSet, r: &mut Reporter, notes: &mut Vec<String>) {
    let before = r.diags.items.len();
    r.diags.items.retain(|d| {
        d.severity != Severity::Warning
            || d.file != TRIAGE_FILE
            || !rules.rules.iter().any(|rule| {
                rule.id_span == d.span && rule.allow.iter().any(|a| *a.get_ref() == d.code)
            })
    });
    let dropped = before - r.diags.items.len();
    if dropped > 0 {
        notes.push(format!(
            "{dropped} warning{} accepted with `allow` in triage.toml",
            if dropped == 1 { " is" } else { "s are" }
        ));
    }
    for rule in &rules.rules {
        for code in &rule.allow {
            let known = CODES
                .iter()
                .any(|(c, severity, _)| *c == code.get_ref() && *severity == Severity::Warning);
            if !known {
                let warnings: Vec<&str> = CODES
                    .iter()
                    .filter(|(_, s, _)| *s == Severity::Warning)
                    .map(|(c, _, _)| *c)
                    .collect();
                let d = r.push(
                    Severity::Warning,
                    TRIAGE_FILE,
                    code.span(),
                    "unknown-allow",
                    format!(
                        "`{}` is not a warning `rules check` gives, so allowing it does nothing",
                        code.get_ref()
                    ),
                );
                d.hint = Some(
                    match crate::diagnostic::suggest(code.get_ref(), warnings.iter().copied()) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!(
                            "errors cannot be allowed; the warnings are {}",
                            warnings.join(", ")
                        ),
                    },
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------
// The search.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Complete answers: only an optional question may be missing.
    Complete,
    /// As with `--partial`: a missing yes/no/unsure counts as unsure, any
    /// other missing answer is unknown.
    Partial,
}

/// The answers worth trying for each question.
struct Space<'a> {
    catalog: &'a Catalog,
    complete: Vec<Vec<Value>>,
    partial: Vec<Vec<Value>>,
    /// For a question that is not asked, as with `--partial`: not given
    /// (skipped), or given all the same.
    ungated: Vec<Vec<Value>>,
    /// The questions each `asked_when` reads.
    asked_reads: Vec<Vec<QuestionId>>,
}

/// A partial set of answers: unassigned questions hold `Missing`, which
/// evaluates as unknown, so a condition that is true or false now stays so
/// however the rest is answered.
#[derive(Debug, Clone)]
struct State {
    values: Vec<Value>,
    assigned: Vec<bool>,
    steps: usize,
    limit: usize,
}

enum Step {
    Prune,
    Found,
    Branch(QuestionId),
}

enum Outcome {
    Found(State),
    None,
    GaveUp,
}

/// A condition as the search sees it now.
enum Status {
    Holds,
    Fails,
    /// Unknown with every question it reads answered: a missing answer
    /// makes it fire.
    Fires,
    /// Unknown until this question is answered.
    Open(QuestionId),
}

fn status(cond: &Condition, reads: &[QuestionId], st: &State) -> Status {
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
    fn new(rules: &'a RuleSet) -> Space<'a> {
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
            let id = crate::catalog::question_id(i);
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
        }
    }

    fn domain(&self, mode: Mode, q: QuestionId) -> &[Value] {
        match mode {
            Mode::Complete => &self.complete[usize::from(q)],
            Mode::Partial => &self.partial[usize::from(q)],
        }
    }

    /// Searches for answers, with `fixed` answers given, that `judge`
    /// accepts. Questions in `free` are asked whatever their `asked_when`.
    fn search(
        &self,
        mode: Mode,
        fixed: &[(QuestionId, Value)],
        free: &[QuestionId],
        limit: usize,
        judge: &mut dyn FnMut(&State) -> Step,
    ) -> Outcome {
        let n = self.catalog.len();
        let mut st = State {
            values: vec![Value::Missing; n],
            assigned: vec![false; n],
            steps: 0,
            limit,
        };
        self.dfs(mode, fixed, free, judge, &mut st)
    }

    fn dfs(
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
    fn answer(
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
    fn first_unanswered(&self, q: QuestionId, st: &State, free: &[QuestionId]) -> QuestionId {
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

    fn asked(&self, q: QuestionId, st: &State, free: &[QuestionId]) -> bool {
        free.contains(&q)
            || self
                .catalog
                .get(q)
                .asked_when
                .as_ref()
                .is_none_or(|c| c.eval(&st.values) != Truth::False)
    }

    /// Can `cond` hold on complete answers?
    fn satisfiable(&self, cond: &Condition, free: &[QuestionId]) -> Outcome {
        let reads = cond.questions();
        self.search(
            Mode::Complete,
            &[],
            free,
            SEARCH_LIMIT,
            &mut |st| match status(cond, &reads, st) {
                Status::Holds => Step::Found,
                Status::Fails | Status::Fires => Step::Prune,
                Status::Open(q) => Step::Branch(q),
            },
        )
    }

    /// Does `b` fire whenever `a` fires, on complete answers? `None` when
    /// the search gave up.
    fn implies(&self, a: &Condition, b: &Condition) -> Option<bool> {
        let (reads_a, reads_b) = (a.questions(), b.questions());
        let outcome = self.search(Mode::Complete, &[], &[], COMPARE_LIMIT, &mut |st| {
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

fn collect_constants(cond: &Condition, out: &mut HashMap<QuestionId, Vec<f64>>) {
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
fn numbers(kind: &Kind, constants: &[f64]) -> Vec<f64> {
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

// ---------------------------------------------------------------------------
// The checks.

fn red_flags(rules: &RuleSet, space: &Space<'_>, r: &mut Reporter, notes: &mut Vec<String>) {
    let catalog = &rules.catalog;
    let flags: Vec<QuestionId> = (0..catalog.len())
        .map(crate::catalog::question_id)
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

enum Failure {
    Example(State),
    GaveUp,
}

/// Does `q = value` give at least `at_least`, whatever the other answers,
/// wherever `q` is asked?
fn guarantee(
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
fn guarantees(rules: &RuleSet, space: &Space<'_>, r: &mut Reporter, notes: &mut Vec<String>) {
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
                    .map(crate::catalog::question_id)
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
fn minimise(mut st: State, targets: &[&Rule], space: &Space<'_>, keep: QuestionId) -> State {
    for i in 0..st.values.len() {
        let x = crate::catalog::question_id(i);
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

fn urgency_words(at_least: Urgency) -> &'static str {
    match at_least {
        Urgency::Emergency => "emergency",
        Urgency::Urgent => "at least urgent",
        Urgency::Routine => "at least routine",
        Urgency::SelfCare => "self_care",
    }
}

fn report_guarantee(
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
    let answer = crate::catalog::TRISTATE_OPTIONS[usize::from(value)];
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
                    .map(crate::catalog::question_id)
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
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn show_value(catalog: &Catalog, q: QuestionId, st: &State) -> String {
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

/// Reports rules that can never fire; returns their indices.
fn never_fires(
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
fn never_fires_reason(
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

/// The parts of a condition that must all hold.
fn conjuncts(cond: &Condition) -> Vec<&Condition> {
    match cond {
        Condition::All(parts) => parts.iter().flat_map(conjuncts).collect(),
        other => vec![other],
    }
}

fn never_asked(rules: &RuleSet, space: &Space<'_>, r: &mut Reporter) {
    for q in &rules.catalog.questions {
        let Some(when) = &q.asked_when else { continue };
        if matches!(space.satisfiable(when, &[]), Outcome::None) {
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

fn absent_symptoms(rules: &RuleSet, r: &mut Reporter) {
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
fn absent_tests(
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

fn unused_questions(
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
        if used.contains(&crate::catalog::question_id(i)) {
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
fn repeats(rules: &RuleSet, space: &Space<'_>, dead: &[usize], r: &mut Reporter) {
    let canonical: Vec<Condition> = rules.rules.iter().map(|r| canonical(&r.when)).collect();
    let mut same = HashSet::new();
    for (b, rule) in rules.rules.iter().enumerate() {
        let earlier = (0..b).find(|&a| canonical[a] == canonical[b]);
        let Some(a) = earlier else { continue };
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
    for (a, ra) in rules.rules.iter().enumerate() {
        let mut covering = Vec::new();
        for (b, rb) in rules.rules.iter().enumerate() {
            if a == b
                || ra.urgency != rb.urgency
                || dead.contains(&a)
                || dead.contains(&b)
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
fn canonical(cond: &Condition) -> Condition {
    fn flatten(parts: &[Condition], any: bool, out: &mut Vec<Condition>) {
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
fn word_span(r: &Reporter, within: Range<usize>, word: &str) -> Range<usize> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::SourceFile;

    const QUESTIONS: &str = r#"
[[question]]
id = "bladder"
type = "tristate"
section = "emergency"
red_flag = "emergency"
prompt = "Bladder?"

[[question]]
id = "age"
type = "int"
section = "core"
min = 0
max = 120
prompt = "Age?"

[[question]]
id = "aneurysm"
type = "tristate"
section = "emergency"
asked_when = { age = ">= 50" }
prompt = "Aneurysm?"

[[question]]
id = "fever"
type = "tristate"
section = "infection"
prompt = "Fever?"

[[question]]
id = "leg"
type = "choice"
section = "emergency"
prompt = "Leg?"
options = [
    { value = "none", label = "No" },
    { value = "one", label = "One leg" },
    { value = "both", label = "Both legs" },
]

[[question]]
id = "pills"
type = "tristate"
section = "medicine"
prompt = "Pill cautions?"
"#;

    /// Rules that use every question and prove the red flag.
    const BASE_RULES: &str = r#"
[ruleset]
name = "test"
version = "1"

[[rule]]
id = "bladder"
urgency = "emergency"
when = { bladder = ["yes", "unsure"] }
message = "m"
source = "s"

[[rule]]
id = "aneurysm"
urgency = "emergency"
when = { aneurysm = ["yes", "unsure"] }
message = "m"
source = "s"

[[rule]]
id = "fever"
urgency = "urgent"
when = { fever = ["yes", "unsure"] }
message = "m"
source = "s"

[[rule]]
id = "legs"
urgency = "urgent"
when = { leg = ["one", "both"] }
message = "m"
source = "s"
"#;

    /// A plan that reads no question, so any small catalog loads with it.
    const MINIMAL_PLAN: &str = r#"
[plan]
disclaimer = "Not a diagnosis."
[headline]
emergency = "Call {emergency}."
urgent = "Today."
routine = "Book."
self_care = "Home."
[[section]]
id = "s"
title = "S"
[[section.step]]
text = "Step."
"#;

    fn run_with(questions: &str, triage: &str, plan: Option<&str>) -> (Diagnostics, Vec<String>) {
        let regions = crate::rule_set::EMBEDDED
            .iter()
            .find(|(n, _)| *n == "regions.toml")
            .map(|(_, t)| *t)
            .unwrap_or_default();
        let files = [
            ("questions.toml", questions),
            ("triage.toml", triage),
            ("regions.toml", regions),
            ("plan.toml", MINIMAL_PLAN),
        ]
        .map(|(name, text)| SourceFile {
            name: name.to_string(),
            text: text.to_string(),
        })
        .to_vec();
        let (rules, diags) =
            RuleSet::from_files(files, &RulesSource::Embedded).expect("test rules load");
        let mut r = Reporter { diags };
        let notes = analyse(&rules, &mut r, plan);
        (r.diags, notes)
    }

    fn run(triage_extra: &str) -> Diagnostics {
        run_with(QUESTIONS, &format!("{BASE_RULES}{triage_extra}"), None).0
    }

    /// (code, message) of every diagnostic with one of `codes`.
    fn found<'d>(diags: &'d Diagnostics, code: &str) -> Vec<&'d str> {
        diags
            .items
            .iter()
            .filter(|d| d.code == code)
            .map(|d| d.message.as_str())
            .collect()
    }

    #[test]
    fn codes_are_unique_and_kebab_case() {
        let mut seen = HashSet::new();
        for (code, _, _) in CODES {
            assert!(seen.insert(code), "{code} twice");
            assert!(
                code.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{code}"
            );
        }
    }

    #[test]
    fn the_base_set_proves_its_red_flag_and_has_no_findings() {
        let (diags, notes) = run_with(QUESTIONS, BASE_RULES, None);
        assert!(diags.items.is_empty(), "{diags}");
        assert!(notes.iter().any(|n| n.contains("proven")), "{notes:?}");
        assert!(notes.iter().any(|n| n.contains("`pills`")), "{notes:?}");
    }

    #[test]
    fn a_red_flag_without_its_rule_is_an_error_for_yes_and_unsure() {
        let triage = BASE_RULES.replace(
            "when = { bladder = [\"yes\", \"unsure\"] }",
            "when = { fever = \"yes\", bladder = \"yes\" }",
        );
        let (diags, _) = run_with(QUESTIONS, &triage, None);
        let errors = found(&diags, "red-flag-not-guaranteed");
        assert_eq!(errors.len(), 2, "{diags}");
        assert!(errors[0].contains("`bladder` answered yes") && errors[0].contains("emergency"));
        assert!(errors[1].contains("`bladder` answered unsure") && errors[1].contains("urgent"));
        let hint = diags.items[0].hint.as_deref().unwrap_or_default();
        assert!(hint.contains("fever = no"), "the example shows why: {hint}");
        // The caret is under `red_flag = "emergency"` in questions.toml.
        assert_eq!(diags.location(&diags.items[0]), "questions.toml:6:12");
    }

    #[test]
    fn unsure_giving_only_routine_breaks_the_unsure_half() {
        let triage = BASE_RULES.replace(
            "when = { bladder = [\"yes\", \"unsure\"] }",
            "when = { bladder = \"yes\" }",
        ) + "\n[[rule]]\nid = \"bladder-unsure\"\nurgency = \"routine\"\nwhen = { bladder = \"unsure\" }\nmessage = \"m\"\nsource = \"s\"\n";
        let (diags, _) = run_with(QUESTIONS, &triage, None);
        let errors = found(&diags, "red-flag-not-guaranteed");
        assert_eq!(
            errors,
            ["red flag `bladder` answered unsure no longer always gives at least urgent"]
        );
    }

    #[test]
    fn rules_that_cover_all_cases_together_prove_the_guarantee() {
        // Neither rule alone gives emergency for every age; together they do.
        let triage = BASE_RULES.replace(
            "when = { bladder = [\"yes\", \"unsure\"] }",
            "when = { bladder = [\"yes\", \"unsure\"], age = \">= 50\" }",
        ) + "\n[[rule]]\nid = \"bladder-young\"\nurgency = \"emergency\"\nwhen = { bladder = [\"yes\", \"unsure\"], age = \"< 50\" }\nmessage = \"m\"\nsource = \"s\"\n";
        let (diags, _) = run_with(QUESTIONS, &triage, None);
        assert!(
            found(&diags, "red-flag-not-guaranteed").is_empty(),
            "{diags}"
        );
        // ... and leaving a gap at exactly 50 is found.
        let gap = triage.replace("age = \">= 50\"", "age = \"> 50\"");
        let (diags, _) = run_with(QUESTIONS, &gap, None);
        assert_eq!(found(&diags, "red-flag-not-guaranteed").len(), 2, "{diags}");
        let hint = diags.items[0].hint.as_deref().unwrap_or_default();
        assert!(hint.contains("age = 50"), "{hint}");
    }

    #[test]
    fn a_red_flag_asked_only_sometimes_must_hold_whenever_it_is_asked() {
        let questions = QUESTIONS.replace(
            "id = \"aneurysm\"\ntype = \"tristate\"\nsection = \"emergency\"\n",
            "id = \"aneurysm\"\ntype = \"tristate\"\nsection = \"emergency\"\nred_flag = \"emergency\"\n",
        );
        // Asked from 50: a rule from 50 covers every case where it is asked.
        let covered = BASE_RULES.replace(
            "when = { aneurysm = [\"yes\", \"unsure\"] }",
            "when = { aneurysm = [\"yes\", \"unsure\"], age = \">= 50\" }",
        );
        let (diags, _) = run_with(&questions, &covered, None);
        assert!(
            found(&diags, "red-flag-not-guaranteed").is_empty(),
            "{diags}"
        );
        // A rule from 60 leaves 50-59 uncovered.
        let narrow = covered.replace("age = \">= 50\"", "age = \">= 60\"");
        let (diags, _) = run_with(&questions, &narrow, None);
        let errors = found(&diags, "red-flag-not-guaranteed");
        assert_eq!(errors.len(), 2, "{diags}");
        let hint = diags.items[0].hint.as_deref().unwrap_or_default();
        assert!(
            hint.contains("asked only when age is at least 50"),
            "{hint}"
        );
    }

    #[test]
    fn a_red_flag_that_is_never_asked_is_not_vacuously_safe() {
        let questions = QUESTIONS.replace(
            "red_flag = \"emergency\"\nprompt = \"Bladder?\"",
            "red_flag = \"emergency\"\nasked_when = { age = \"> 120\" }\nprompt = \"Bladder?\"",
        );
        let (diags, notes) = run_with(&questions, BASE_RULES, None);
        assert_eq!(
            found(&diags, "red-flag-not-guaranteed"),
            ["red flag `bladder` is never asked, so it can never give emergency"]
        );
        assert!(!notes.iter().any(|n| n.contains("proven")), "{notes:?}");
    }

    #[test]
    fn contradictory_numbers_never_fire() {
        let extra = "\n[[rule]]\nid = \"teen-and-old\"\nurgency = \"urgent\"\nwhen = { age = \"< 18\", all = [{ age = \"> 60\" }] }\nmessage = \"m\"\nsource = \"s\"\n";
        let diags = run(extra);
        let text = format!("{BASE_RULES}{extra}");
        let line = text[..text.find("when = { age").expect("present")]
            .matches('\n')
            .count()
            + 1;
        assert_eq!(
            found(&diags, "rule-never-fires"),
            ["rule `teen-and-old` can never fire: no answers make its condition hold"]
        );
        let d = diags
            .items
            .iter()
            .find(|d| d.code == "rule-never-fires")
            .expect("found");
        assert!(
            d.hint
                .as_deref()
                .unwrap_or_default()
                .contains("age is under 18; age is over 60")
        );
        // The caret is under the first test on `age`.
        assert_eq!(diags.location(d), format!("triage.toml:{line}:10"));
    }

    #[test]
    fn an_empty_option_set_and_an_empty_range_never_fire() {
        let diags = run(concat!(
            "\n[[rule]]\nid = \"no-leg\"\nurgency = \"urgent\"\n",
            "when = { all = [{ leg = \"none\" }, { leg = [\"one\", \"both\"] }] }\nmessage = \"m\"\nsource = \"s\"\n",
            "\n[[rule]]\nid = \"no-age\"\nurgency = \"urgent\"\n",
            "when = { age = \"between 50 and 60\", all = [{ age = \"between 61 and 70\" }] }\nmessage = \"m\"\nsource = \"s\"\n",
        ));
        let never = found(&diags, "rule-never-fires");
        assert_eq!(never.len(), 2, "{diags}");
    }

    #[test]
    fn a_skip_condition_that_hides_the_question_never_fires() {
        let diags = run(
            "\n[[rule]]\nid = \"young-aneurysm\"\nurgency = \"emergency\"\nwhen = { aneurysm = \"yes\", age = \"< 40\" }\nmessage = \"m\"\nsource = \"s\"\n",
        );
        let d = diags
            .items
            .iter()
            .find(|d| d.code == "rule-never-fires")
            .expect("never fires");
        let hint = d.hint.as_deref().unwrap_or_default();
        assert!(
            hint.contains("`aneurysm` is asked only when age is at least 50"),
            "{hint}"
        );
        // A rule that can never fire does not "repeat" every other rule.
        assert!(found(&diags, "redundant-rule").is_empty(), "{diags}");
    }

    #[test]
    fn a_rule_on_an_absent_symptom_is_a_warning() {
        let diags = run(concat!(
            "\n[[rule]]\nid = \"no-fever\"\nurgency = \"routine\"\nwhen = { fever = \"no\" }\nmessage = \"m\"\nsource = \"s\"\n",
            "\n[[rule]]\nid = \"not-fever\"\nurgency = \"routine\"\nwhen = { not = { fever = \"yes\" } }\nmessage = \"m\"\nsource = \"s\"\n",
            "\n[[rule]]\nid = \"no-leg\"\nurgency = \"routine\"\nwhen = { leg = \"none\", age = \">= 80\" }\nmessage = \"m\"\nsource = \"s\"\n",
            "\n[[rule]]\nid = \"only-unsure\"\nurgency = \"routine\"\nwhen = { fever = \"unsure\" }\nmessage = \"m\"\nsource = \"s\"\n",
        ));
        assert_eq!(
            found(&diags, "absent-symptom"),
            [
                "rule `no-fever` fires when `fever` is no but not when it is yes",
                "rule `not-fever` fires when `fever` is no but not when it is yes",
                "rule `no-leg` fires when `leg` is none but not when it is one",
                "rule `only-unsure` fires when `fever` is unsure but not when it is yes",
            ]
        );
    }

    #[test]
    fn raising_urgency_on_a_present_symptom_is_fine() {
        let diags = run(concat!(
            "\n[[rule]]\nid = \"old-fever\"\nurgency = \"emergency\"\n",
            "when = { fever = [\"yes\", \"unsure\"], age = \">= 80\", not = { leg = \"none\" } }\nmessage = \"m\"\nsource = \"s\"\n",
        ));
        assert!(found(&diags, "absent-symptom").is_empty(), "{diags}");
    }

    #[test]
    fn unused_questions_are_warned_about_and_a_plan_counts_as_use() {
        let triage = BASE_RULES.replace(
            "when = { fever = [\"yes\", \"unsure\"] }",
            "when = { leg = \"both\" }",
        );
        let (diags, notes) = run_with(QUESTIONS, &triage, None);
        assert_eq!(
            found(&diags, "unused-question"),
            ["question `fever` is asked, but no rule or `asked_when` uses its answer"]
        );
        assert!(notes.iter().any(|n| n.contains("`pills`")));
        let plan = "[[section]]\nwhen = { pills = \"yes\", fever = \"no\" }\n";
        let (diags, notes) = run_with(QUESTIONS, &triage, Some(plan));
        assert!(found(&diags, "unused-question").is_empty(), "{diags}");
        assert!(!notes.iter().any(|n| n.contains("`pills`")), "{notes:?}");
    }

    #[test]
    fn the_same_condition_written_differently_is_found() {
        let diags = run(
            "\n[[rule]]\nid = \"fever-again\"\nurgency = \"urgent\"\nwhen = { all = [{ fever = [\"unsure\", \"yes\"] }] }\nmessage = \"m\"\nsource = \"s\"\n",
        );
        assert_eq!(
            found(&diags, "same-condition"),
            ["rule `fever-again` has the same condition as rule `fever`"]
        );
    }

    #[test]
    fn a_narrower_rule_at_the_same_urgency_is_redundant() {
        let diags = run(concat!(
            "\n[[rule]]\nid = \"old-fever\"\nurgency = \"urgent\"\nwhen = { fever = \"yes\", age = \">= 70\" }\nmessage = \"m\"\nsource = \"s\"\n",
            "\n[[rule]]\nid = \"old-fever-emergency\"\nurgency = \"emergency\"\nwhen = { fever = \"yes\", age = \">= 90\" }\nmessage = \"m\"\nsource = \"s\"\n",
        ));
        assert_eq!(
            found(&diags, "redundant-rule"),
            [
                "rule `old-fever` never changes the urgency: whenever it fires, `fever` fires too, also at urgent"
            ]
        );
    }

    #[test]
    fn equivalent_rules_are_reported_once() {
        let diags = run(
            "\n[[rule]]\nid = \"old\"\nurgency = \"routine\"\nwhen = { age = \">= 50\" }\nmessage = \"m\"\nsource = \"s\"\n\n[[rule]]\nid = \"older\"\nurgency = \"routine\"\nwhen = { age = \"> 49\" }\nmessage = \"m\"\nsource = \"s\"\n",
        );
        assert_eq!(
            found(&diags, "redundant-rule"),
            ["rules `old` and `older` fire on exactly the same answers"]
        );
    }

    /// The default rules without one rule, loaded from the embedded files.
    fn defaults_without(rule_id: &str) -> RuleSet {
        let files = crate::rule_set::RULE_FILES
            .iter()
            .map(|name| {
                let text = crate::rule_set::EMBEDDED
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, t)| (*t).to_string())
                    .unwrap_or_default();
                let text = if *name == "triage.toml" {
                    let start = text
                        .find(&format!("[[rule]]\nid = \"{rule_id}\""))
                        .expect("rule present");
                    let end = text[start + 8..]
                        .find("[[rule]]")
                        .map_or(text.len(), |i| start + 8 + i);
                    format!("{}{}", &text[..start], &text[end..])
                } else {
                    text
                };
                SourceFile {
                    name: (*name).to_string(),
                    text,
                }
            })
            .collect();
        RuleSet::from_files(files, &RulesSource::Embedded)
            .expect("loads")
            .0
    }

    #[test]
    fn a_counterexample_really_under_triages_in_the_engine() {
        use crate::answers::{Builder, Missing, ParseOptions};
        let rules = defaults_without("cauda-equina-bladder-bowel");
        let space = Space::new(&rules);
        let q = rules
            .catalog
            .lookup("bladder_bowel_change")
            .expect("question");
        for (value, at_least) in [(YES, Urgency::Emergency), (UNSURE, Urgency::Urgent)] {
            let Err(Failure::Example(st)) = guarantee(&rules, &space, q, value, at_least) else {
                panic!("the guarantee should fail without the rule");
            };
            // Fill every answer the example leaves open with any real answer.
            let mut builder = Builder::new(&rules.catalog);
            for i in 0..rules.catalog.len() {
                let id = crate::catalog::question_id(i);
                let v = if st.assigned[i] {
                    st.values[i]
                } else {
                    space.complete[i][0]
                };
                if !matches!(v, Value::Skipped | Value::Missing) {
                    builder.set(id, v);
                }
            }
            let options = ParseOptions {
                missing: Missing::Partial,
                now: jiff::Timestamp::UNIX_EPOCH,
            };
            let answers = builder.finish(options).expect("valid answers");
            assert_eq!(answers.values[usize::from(q)], Value::Option(value));
            let decided = crate::engine::evaluate(&rules, answers).urgency;
            assert!(decided < at_least, "{decided} is not below {at_least}");
        }
    }

    #[test]
    fn the_default_rules_prove_every_red_flag() {
        let rules = RuleSet::embedded().expect("loads");
        let space = Space::new(&rules);
        for (i, question) in rules.catalog.questions.iter().enumerate() {
            if question.red_flag {
                let q = crate::catalog::question_id(i);
                assert!(guarantee(&rules, &space, q, YES, Urgency::Emergency).is_ok());
                assert!(guarantee(&rules, &space, q, UNSURE, Urgency::Urgent).is_ok());
            }
        }
    }

    #[test]
    fn numbers_are_tried_at_and_between_every_cut() {
        let int = Kind::Int {
            min: 0.0,
            max: Some(10.0),
        };
        let mut got = numbers(&int, &[5.0, 7.5]);
        got.sort_by(f64::total_cmp);
        assert_eq!(got, [0.0, 1.0, 5.0, 6.0, 8.0, 10.0]);
        let open = Kind::Number {
            min: 0.0,
            max: None,
        };
        assert_eq!(numbers(&open, &[336.0]), [0.0, 168.0, 336.0, 337.0]);
    }
}
