//! Conditions in plain words, for people reading a rule or a trace.

use crate::model::catalog::{Catalog, Kind, Question, join_or};
use crate::model::condition::{Condition, Test};
use crate::model::value::QuestionId;

impl Condition {
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
    fn describe(&self, catalog: &Catalog, question: QuestionId) -> String {
        let q = catalog.get(question);
        match self {
            Test::OneOf(mask) => {
                let tristate = q.kind == Kind::Tristate;
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
                    _ => format!("{} is {}", q.id, join_or(&accepted)),
                }
            }
            Test::Compare(op, c) => format!("{} {} {}", q.id, op.words(), amount(*c, q)),
            Test::Between(lo, hi) => format!("{} is between {} and {}", q.id, lo, amount(*hi, q)),
        }
    }
}

/// A number with the question's unit; hours also in days or weeks.
fn amount(x: f64, q: &Question) -> String {
    let Some(unit) = &q.unit else {
        return x.to_string();
    };
    let mut s = crate::model::value::with_unit(&x.to_string(), unit);
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
