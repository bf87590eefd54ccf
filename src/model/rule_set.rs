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
pub enum RulesSource {
    Embedded,
    Dir(PathBuf),
}

/// Identifies the rule set that produced a result.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct RuleSetId {
    pub name: String,
    pub version: String,
    /// SHA-256 of the rule files, so an edited copy is told apart.
    pub sha256: String,
    /// `embedded`, or the directory the rules were loaded from.
    pub source: String,
}

/// One triage rule.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub urgency: Urgency,
    pub when: Condition,
    pub message: String,
    pub source: String,
    /// Where the rule is written: `rules/triage.toml:42`.
    pub location: String,
    /// Byte ranges in `triage.toml` of the rule's `id` value and `when` value.
    pub id_span: Range<usize>,
    pub when_span: Range<usize>,
    /// `rules check` warnings accepted for this rule (`allow = [...]`).
    pub allow: Vec<toml::Spanned<String>>,
}

/// A declared guarantee (`[[guarantee]]` in `triage.toml`): whenever `when`
/// holds, the rules give at least `urgency`. `rules check` proves it.
#[derive(Debug, Clone)]
pub struct Guarantee {
    pub id: String,
    pub urgency: Urgency,
    pub when: Condition,
    pub source: String,
    /// Byte range in `triage.toml` of the guarantee's `id` value.
    pub id_span: Range<usize>,
}

/// A validated rule set, ready to evaluate answers.
#[derive(Debug, Clone)]
pub struct RuleSet {
    pub id: RuleSetId,
    pub catalog: Catalog,
    /// Most urgent first; file order within one urgency.
    pub rules: Vec<Rule>,
    /// Combinations `rules check` proves; the engine does not read them.
    pub guarantees: Vec<Guarantee>,
    pub regions: Regions,
    pub plan: PlanRules,
    pub origin: RulesSource,
}

impl RuleSet {
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
