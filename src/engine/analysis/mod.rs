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

mod lints;
mod pairs;
mod proof;
mod space;
#[cfg(test)]
mod tests;

use lints::*;
use proof::*;
use space::*;

use crate::model::rule_set::{RuleSet, RulesSource};
use crate::rulebook::RulesError;
use crate::rulebook::diagnostic::{Diagnostics, Severity, SourceFile};
use crate::rulebook::load::TRIAGE_FILE;
use crate::rulebook::text_safety::warn_unsafe_text;
use crate::rulebook::toml::Reporter;

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
    (
        crate::rulebook::text_safety::CODE,
        Severity::Warning,
        "a rule file holds a control character or a bidirectional control (shown escaped)",
    ),
];

/// Search steps allowed for one proof before giving up.
pub const SEARCH_LIMIT: usize = 200_000;

/// Search steps for one comparison of two rules (warnings only): past it,
/// the pair is simply not reported.
const COMPARE_LIMIT: usize = 20_000;

/// Search steps for all the warnings of one `rules check` together
/// (`question-never-asked`, `redundant-rule`): past it, they stop and a
/// note says which were not checked.
pub const WARNING_BUDGET: usize = 5_000_000;

/// The file that may name questions the plan uses.
pub const PLAN_FILE: &str = "plan.toml";

/// What `rules check` found.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Check {
    /// Every error and warning, with the files they point into.
    pub diagnostics: Diagnostics,
    /// Plain statements: what was proven, what was not checked.
    pub notes: Vec<String>,
    /// What was checked, when the rule set loaded.
    pub counts: Option<Counts>,
}

/// How much `rules check` checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Counts {
    /// Triage rules.
    pub rules: usize,
    /// Questions of the catalog.
    pub questions: usize,
    /// Clinical cases run (`cases.toml`).
    pub cases: usize,
    /// Demonstration scenarios loaded (`demos.toml`).
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
    for file in 0..r.diags.files.len() {
        warn_unsafe_text(&mut r, file);
    }
    let mut notes = analyse(&rules, &mut r, plan.as_ref().map(|f| f.text.as_str()));
    let mut counts = Counts {
        rules: rules.rules.len(),
        questions: rules.catalog.len(),
        cases: 0,
        demos: 0,
    };
    match source.read(crate::rulebook::cases::FILE)? {
        Some(file) => match crate::rulebook::cases::parse(scanned(&mut r, &file), &rules) {
            Ok(cases) => counts.cases = cases.len(),
            Err(d) => r.diags.append(d),
        },
        None => notes.push(format!(
            "no {}: there are no clinical test cases to run",
            crate::rulebook::cases::FILE
        )),
    }
    if let Some(file) = source.read(crate::rulebook::demos::FILE)? {
        match crate::rulebook::demos::parse(scanned(&mut r, &file), &rules) {
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

/// `file`, after adding to `r` a warning for each unsafe character in it.
fn scanned(r: &mut Reporter, file: &SourceFile) -> SourceFile {
    let mut own = Reporter::new(vec![file.clone()]);
    warn_unsafe_text(&mut own, 0);
    if !own.diags.items.is_empty() {
        r.diags.append(own.diags);
    }
    file.clone()
}

/// Analyses rule files held in memory, as `rules check` does (without
/// cases and demos): for fuzzing and tests. Every search has its step
/// budget ([`SEARCH_LIMIT`]), so this ends on any input.
///
/// # Errors
/// A rule file missing from `texts`; problems in the files are diagnostics.
pub fn check_texts(texts: &[(&str, &str)]) -> Result<Check, RulesError> {
    let (rules, diags) = match RuleSet::from_texts_with_diagnostics(texts) {
        Ok(loaded) => loaded,
        Err(RulesError::Invalid(diagnostics)) => {
            return Ok(Check {
                diagnostics,
                ..Check::default()
            });
        }
        Err(e) => return Err(e),
    };
    let mut r = Reporter { diags };
    let plan = texts.iter().find(|(n, _)| *n == PLAN_FILE).map(|(_, t)| *t);
    let notes = analyse(&rules, &mut r, plan);
    Ok(Check {
        diagnostics: r.diags,
        notes,
        counts: Some(Counts {
            rules: rules.rules.len(),
            questions: rules.catalog.len(),
            cases: 0,
            demos: 0,
        }),
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
    if space.budget_spent() {
        notes.push(format!(
            "stopped early: the warnings' budget of {WARNING_BUDGET} search steps ran out, so some questions were not checked for `question-never-asked` and some pairs of rules for `redundant-rule`; the red-flag proof and `rule-never-fires` are complete"
        ));
    }
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
                    match crate::model::suggest::suggest(code.get_ref(), warnings.iter().copied()) {
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
