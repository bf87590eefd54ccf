//! The values every layer passes around: question ids, answer values and
//! three-valued truth.

/// Index of a question in the catalog.
pub type QuestionId = u16;

/// Tristate answers, as option indices: `no` < `unsure` < `yes`.
pub const TRISTATE_OPTIONS: [&str; 3] = ["no", "unsure", "yes"];
/// The option index of a tristate `no`.
pub const NO: u8 = 0;
/// The option index of a tristate `unsure`.
pub const UNSURE: u8 = 1;
/// The option index of a tristate `yes`.
pub const YES: u8 = 2;

/// Catalog sizes are bounded at load, so the index always fits.
#[must_use]
pub fn question_id(index: usize) -> QuestionId {
    QuestionId::try_from(index).unwrap_or(QuestionId::MAX)
}

/// One answer, as the engine sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum Value {
    /// Not given (only evaluated with `--partial`, or optional questions).
    Missing,
    /// Not asked and not given: its `asked_when` does not hold. An answer
    /// that is given is kept even where its `asked_when` does not hold.
    Skipped,
    /// A tristate or choice answer, as an option index.
    Option(u8),
    /// A number, for `int` and `number` questions.
    Number(f64),
}

/// Three-valued truth: a test on a missing answer is [`Truth::Unknown`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Truth {
    /// Certainly does not hold.
    False,
    /// Might hold: it reads a missing answer.
    Unknown,
    /// Certainly holds.
    True,
}

impl Truth {
    /// `True` or `False`.
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
