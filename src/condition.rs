//! Conditions over the answers, compiled: question ids resolved to indices
//! and values to typed constants, so evaluation does no string lookups.

use crate::answers::Value;
use crate::catalog::{Catalog, QuestionId};

/// A condition, as written in a rule's `when` or a question's `asked_when`.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
    Test { question: QuestionId, test: Test },
}

/// A test on one answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Test {
    /// The answer is one of a set of options (a bit per option index).
    OneOf(u64),
    /// A number compared with a constant.
    Compare(Op, f64),
    /// A number within a range, both ends included.
    Between(f64, f64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Op {
    pub const ALL: [(Op, &'static str); 6] = [
        (Op::Le, "<="),
        (Op::Ge, ">="),
        (Op::Eq, "=="),
        (Op::Ne, "!="),
        (Op::Lt, "<"),
        (Op::Gt, ">"),
    ];

    #[must_use]
    pub fn symbol(self) -> &'static str {
        Op::ALL
            .iter()
            .find(|(op, _)| *op == self)
            .map_or("", |(_, s)| s)
    }

    fn words(self) -> &'static str {
        match self {
            Op::Eq => "is",
            Op::Ne => "is not",
            Op::Lt => "is under",
            Op::Le => "is at most",
            Op::Gt => "is over",
            Op::Ge => "is at least",
        }
    }

    #[must_use]
    pub fn holds(self, left: f64, right: f64) -> bool {
        match self {
            Op::Eq => left == right,
            Op::Ne => left != right,
            Op::Lt => left < right,
            Op::Le => left <= right,
            Op::Gt => left > right,
            Op::Ge => left >= right,
        }
    }
}

/// Three-valued truth: a test on a missing answer is [`Truth::Unknown`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Truth {
    False,
    Unknown,
    True,
}

impl Truth {
    #[must_use]
    pub fn from_bool(b: bool) -> Truth {
        if b { Truth::True } else { Truth::False }
    }

    /// Could the condition hold? (`True` or `Unknown`.)
    #[must_use]
    pub fn possible(self) -> bool {
        self != Truth::False
    }
}

impl Condition {
    /// Evaluates with Kleene logic: `all` is false if any part is false,
    /// `any` is true if any part is true, otherwise unknown wins over the rest.
    #[must_use]
    pub fn eval(&self, values: &[Value]) -> Truth {
        match self {
            Condition::Test { question, test } => test.eval(values[usize::from(*question)]),
            Condition::All(parts) => {
                let mut result = Truth::True;
                for part in parts {
                    match part.eval(values) {
                        Truth::False => return Truth::False,
                        Truth::Unknown => result = Truth::Unknown,
                        Truth::True => {}
                    }
                }
                result
            }
            Condition::Any(parts) => {
                let mut result = Truth::False;
                for part in parts {
                    match part.eval(values) {
                        Truth::True => return Truth::True,
                        Truth::Unknown => result = Truth::Unknown,
                        Truth::False => {}
                    }
                }
                result
            }
            Condition::Not(inner) => match inner.eval(values) {
                Truth::True => Truth::False,
                Truth::False => Truth::True,
                Truth::Unknown => Truth::Unknown,
            },
        }
    }

    /// The questions this condition reads, in order of first use.
    #[must_use]
    pub fn questions(&self) -> Vec<QuestionId> {
        let mut out = Vec::new();
        self.collect_questions(&mut out);
        out
    }

    fn collect_questions(&self, out: &mut Vec<QuestionId>) {
        match self {
            Condition::Test { question, .. } => {
                if !out.contains(question) {
                    out.push(*question);
                }
            }
            Condition::All(parts) | Condition::Any(parts) => {
                for p in parts {
                    p.collect_questions(out);
                }
            }
            Condition::Not(inner) => inner.collect_questions(out),
        }
    }

    /// The condition in plain words, for people reading a rule or a trace:
    /// "fever is yes or unsure and (any of: iv_drug_use is yes or unsure;
    /// immunosuppressed is yes or unsure)".
    #[must_use]
    pub fn describe(&self, catalog: &Catalog) -> String {
        self.describe_in(catalog, true)
    }

    fn describe_in(&self, catalog: &Catalog, top: bool) -> String {
        match self {
            Condition::Test { question, test } => test.describe(catalog, *question),
            Condition::All(parts) if parts.len() == 1 => parts[0].describe_in(catalog, top),
            Condition::Any(parts) if parts.len() == 1 => parts[0].describe_in(catalog, top),
            Condition::All(parts) => {
                let described: Vec<String> = parts
                    .iter()
                    .map(|p| p.describe_in(catalog, false))
                    .collect();
                described.join(" and ")
            }
            Condition::Any(parts) => {
                let described: Vec<String> = parts
                    .iter()
                    .map(|p| p.describe_in(catalog, false))
                    .collect();
                let any = format!("any of: {}", described.join("; "));
                if top { any } else { format!("({any})") }
            }
            Condition::Not(inner) => format!("not ({})", inner.describe_in(catalog, true)),
        }
    }
}

impl Test {
    #[must_use]
    pub fn eval(&self, value: Value) -> Truth {
        match (self, value) {
            (_, Value::Skipped) => Truth::False,
            (_, Value::Missing) => Truth::Unknown,
            (Test::OneOf(mask), Value::Option(i)) => Truth::from_bool(mask & (1 << i) != 0),
            (Test::Compare(op, c), Value::Number(x)) => Truth::from_bool(op.holds(x, *c)),
            (Test::Between(lo, hi), Value::Number(x)) => Truth::from_bool(*lo <= x && x <= *hi),
            // Loading rejects tests of the wrong kind; a mismatch cannot hold.
            _ => Truth::False,
        }
    }

    fn describe(&self, catalog: &Catalog, question: QuestionId) -> String {
        let q = catalog.get(question);
        match self {
            Test::OneOf(mask) => {
                let tristate = q.kind == crate::catalog::Kind::Tristate;
                let mut values: Vec<(usize, &str)> =
                    q.kind.option_values().into_iter().enumerate().collect();
                if tristate {
                    // Read as people say it: "yes or unsure".
                    values.reverse();
                }
                let pick = |wanted: bool| -> Vec<String> {
                    values
                        .iter()
                        .filter(|(i, _)| (mask & (1 << i) != 0) == wanted)
                        .map(|(_, v)| (*v).to_string())
                        .collect()
                };
                let (accepted, rejected) = (pick(true), pick(false));
                match (accepted.len(), rejected.as_slice()) {
                    (0, _) => format!("{} has no accepted answer", q.id),
                    (_, []) => format!("{} has any answer", q.id),
                    (2.., [one]) if !tristate => format!("{} is not {one}", q.id),
                    _ => format!("{} is {}", q.id, crate::catalog::join_or(&accepted)),
                }
            }
            Test::Compare(op, c) => format!("{} {} {}", q.id, op.words(), amount(*c, q)),
            Test::Between(lo, hi) => format!("{} is between {} and {}", q.id, lo, amount(*hi, q)),
        }
    }
}

/// A number with the question's unit; hours also in days or weeks.
fn amount(x: f64, q: &crate::catalog::Question) -> String {
    let Some(unit) = &q.unit else {
        return x.to_string();
    };
    let mut s = format!("{x} {unit}");
    if unit == "hours" && x >= 48.0 {
        let weeks = x / 168.0;
        if weeks.fract() == 0.0 {
            let plural = if weeks == 1.0 { "" } else { "s" };
            s.push_str(&format!(" ({weeks} week{plural})"));
        } else if (x / 24.0).fract() == 0.0 {
            s.push_str(&format!(" ({} days)", x / 24.0));
        }
    }
    s
}
