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

/// A number as JSON: a whole number without a fraction (`19`, not `19.0`).
#[must_use]
pub fn json_number(x: f64) -> serde_json::Value {
    #[allow(clippy::cast_possible_truncation)]
    if x.fract() == 0.0 && x.abs() < 9e15 {
        serde_json::Value::from(x as i64)
    } else {
        serde_json::Number::from_f64(x).map_or(serde_json::Value::Null, serde_json::Value::Number)
    }
}

/// An amount with its unit, singular for one: "1 year", "19 years".
#[must_use]
pub fn with_unit(amount: &str, unit: &str) -> String {
    match unit.strip_suffix('s') {
        Some(one) if amount == "1" => format!("1 {one}"),
        _ => format!("{amount} {unit}"),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_have_no_fraction() {
        assert_eq!(json_number(19.0).to_string(), "19");
        assert_eq!(json_number(2.5).to_string(), "2.5");
        assert_eq!(json_number(-0.0).to_string(), "0");
    }

    #[test]
    fn one_takes_the_singular() {
        assert_eq!(with_unit("1", "years"), "1 year");
        assert_eq!(with_unit("19", "years"), "19 years");
        assert_eq!(with_unit("1.5", "hours"), "1.5 hours");
        assert_eq!(with_unit("1", "/10"), "1 /10");
    }
}
