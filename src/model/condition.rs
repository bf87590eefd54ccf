//! Conditions over the answers, compiled: question ids resolved to indices
//! and values to typed constants, so evaluation does no string lookups.

pub use crate::model::value::Truth;
use crate::model::value::{QuestionId, Value};

/// A condition, as written in a rule's `when` or a question's `asked_when`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Condition {
    /// Every part holds (`all = [...]`).
    All(Vec<Condition>),
    /// At least one part holds (`any = [...]`).
    Any(Vec<Condition>),
    /// The inner condition does not hold (`not = ...`).
    Not(Box<Condition>),
    /// A test on one answer.
    Test {
        /// The question whose answer is tested.
        question: QuestionId,
        /// The test.
        test: Test,
    },
}

/// A test on one answer.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Test {
    /// The answer is one of a set of options (a bit per option index).
    OneOf(u64),
    /// A number compared with a constant.
    Compare(Op, f64),
    /// A number within a range, both ends included.
    Between(f64, f64),
}

/// A comparison of a number with a constant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl Op {
    /// Every operator with its symbol, longest symbols first (the order to
    /// match them in).
    pub const ALL: [(Op, &'static str); 6] = [
        (Op::Le, "<="),
        (Op::Ge, ">="),
        (Op::Eq, "=="),
        (Op::Ne, "!="),
        (Op::Lt, "<"),
        (Op::Gt, ">"),
    ];

    /// The operator as rule files write it, such as `>=`.
    #[must_use]
    pub fn symbol(self) -> &'static str {
        Op::ALL
            .iter()
            .find(|(op, _)| *op == self)
            .map_or("", |(_, s)| s)
    }

    pub(crate) fn words(self) -> &'static str {
        match self {
            Op::Eq => "is",
            Op::Ne => "is not",
            Op::Lt => "is under",
            Op::Le => "is at most",
            Op::Gt => "is over",
            Op::Ge => "is at least",
        }
    }

    /// `left op right`.
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
}

impl Test {
    /// Tests one answer: false when the question was skipped, unknown when
    /// the answer is missing.
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
}
