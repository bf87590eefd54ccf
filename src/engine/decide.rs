//! The engine: evaluates every rule on a set of answers. The most urgent rule
//! that fires decides; `self_care` when none does.

use crate::model::answers::{Answers, AnswersError, Missing};
use crate::model::condition::Truth;
use crate::model::rule_set::RuleSet;
use crate::model::urgency::Urgency;

/// A rule that fired.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Fired {
    /// Index into [`RuleSet::rules`].
    pub rule: usize,
    /// `false` when the rule fired only because an answer it reads is
    /// missing and might have made it hold.
    pub certain: bool,
}

/// What the engine decided, and which rules made it so.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Decision {
    /// The urgency of the most urgent rule that fired; `self_care` when none did.
    pub urgency: Urgency,
    /// Every rule that fired, most urgent first.
    pub fired: Vec<Fired>,
    /// The answers decided on.
    pub answers: Answers,
}

impl Decision {
    /// The rules at the decided urgency.
    pub fn deciding<'a>(
        &'a self,
        rules: &'a RuleSet,
    ) -> impl Iterator<Item = &'a crate::model::rule_set::Rule> + 'a {
        self.fired
            .iter()
            .map(|f| &rules.rules[f.rule])
            .filter(|r| r.urgency == self.urgency)
    }
}

/// Evaluates every rule. A rule whose condition is unknown (a missing answer
/// could make it hold) fires too, so gaps never lower the urgency.
#[must_use]
pub fn evaluate(rules: &RuleSet, answers: Answers) -> Decision {
    let mut fired = Vec::new();
    let mut urgency = Urgency::SelfCare;
    for (i, rule) in rules.rules.iter().enumerate() {
        let truth = rule.when.eval(&answers.values);
        if truth.possible() {
            fired.push(Fired {
                rule: i,
                certain: truth == Truth::True,
            });
            urgency = urgency.max(rule.urgency);
        }
    }
    Decision {
        urgency,
        fired,
        answers,
    }
}

/// Decides, applying the contract's rule for missing answers: they are an
/// error unless `partial`, except when the answers given already decide
/// `emergency` (more answers could not lower it).
///
/// # Errors
/// The list of missing answers.
pub fn decide(
    rules: &RuleSet,
    answers: Answers,
    missing: Missing,
) -> Result<Decision, AnswersError> {
    if answers.unanswered.is_empty() || missing == Missing::Partial {
        return Ok(evaluate(rules, answers));
    }
    let decision = evaluate(rules, answers);
    let certain_emergency = decision
        .fired
        .iter()
        .any(|f| f.certain && rules.rules[f.rule].urgency == Urgency::Emergency);
    if certain_emergency {
        let fired = decision.fired.into_iter().filter(|f| f.certain).collect();
        Ok(Decision { fired, ..decision })
    } else {
        Err(decision.answers.missing_error(&rules.catalog))
    }
}
