//! A loaded, validated rule set: the question catalog, the triage rules, the
//! regions and the plan's content, with the identity shown in every result.
//! [`rulebook`](crate::rulebook) builds it from rule files.

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::model::catalog::Catalog;
use crate::model::condition::Condition;
use crate::model::plan_rules::PlanRules;
use crate::model::region::Regions;
use crate::model::urgency::Urgency;

/// Where rule files come from.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RulesSource {
    /// The default rules, compiled into the program from `rules/`.
    Embedded,
    /// A rules directory, such as one written by `rules init`.
    Dir(PathBuf),
}

/// Identifies the rule set that produced a result.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, schemars::JsonSchema)]
#[non_exhaustive]
pub struct RuleSetId {
    /// `name` of the `[ruleset]` table in `triage.toml`.
    pub name: String,
    /// `version` of the `[ruleset]` table in `triage.toml`.
    pub version: String,
    /// SHA-256 of the rule files, so an edited copy is told apart.
    pub sha256: String,
    /// `embedded`, or the directory the rules were loaded from.
    pub source: String,
}

/// One triage rule.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Rule {
    /// Stable snake_case id, shown in `reasons`.
    pub id: String,
    /// The urgency it gives when it fires.
    pub urgency: Urgency,
    /// When it fires.
    pub when: Condition,
    /// Why it matters, in plain words (the reason's `message`).
    pub message: String,
    /// The clinical source the rule follows.
    pub source: String,
    /// Where the rule is written: `rules/triage.toml:42`.
    pub location: String,
    /// Byte ranges in `triage.toml` of the rule's `id` value and `when` value.
    pub id_span: Range<usize>,
    /// See [`Rule::id_span`].
    pub when_span: Range<usize>,
    /// `rules check` warnings accepted for this rule (`allow = [...]`).
    pub allow: Vec<toml::Spanned<String>>,
}

/// A declared guarantee (`[[guarantee]]` in `triage.toml`): whenever `when`
/// holds, the rules give at least `urgency`. `rules check` proves it.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Guarantee {
    /// A unique name in kebab-case.
    pub id: String,
    /// The least urgency the rules must give whenever `when` holds.
    pub urgency: Urgency,
    /// The combination of answers.
    pub when: Condition,
    /// The clinical basis (short names of REFERENCES.md).
    pub source: String,
    /// Byte range in `triage.toml` of the guarantee's `id` value.
    pub id_span: Range<usize>,
}

/// A validated rule set, ready to evaluate answers.
///
/// Load one with [`RuleSet::embedded`] or [`RuleSet::load`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct RuleSet {
    /// Which rule set this is, as every result names it.
    pub id: RuleSetId,
    /// The questions, from `questions.toml`.
    pub catalog: Catalog,
    /// Most urgent first; file order within one urgency.
    pub rules: Vec<Rule>,
    /// Combinations `rules check` proves; the engine does not read them.
    pub guarantees: Vec<Guarantee>,
    /// From `regions.toml`.
    pub regions: Regions,
    /// The plan's content, from `plan.toml`.
    pub plan: PlanRules,
    /// Where the files were read from.
    pub origin: RulesSource,
}

impl RuleSet {
    /// The rule with this id.
    #[must_use]
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// The directory of the rule set, if it was loaded from one.
    #[must_use]
    pub fn dir(&self) -> Option<&Path> {
        match &self.origin {
            RulesSource::Dir(dir) => Some(dir),
            RulesSource::Embedded => None,
        }
    }
}
