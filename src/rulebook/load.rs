//! The orchestrator: reads every file of a rule set and validates them into
//! a [`RuleSet`], collecting every problem as a diagnostic.

use crate::model::catalog::Catalog;
use crate::model::rule_set::{Guarantee, Rule};
use crate::model::rule_set::{RuleSet, RuleSetId, RulesSource};
use crate::rulebook::diagnostic::{Diagnostics, SourceFile};
use crate::rulebook::source::{EMBEDDED, RULE_FILES};
use crate::rulebook::toml::Reporter;

/// Indices of the rule files in [`Diagnostics::files`], in
/// [`RULE_FILES`](crate::rulebook::RULE_FILES) order.
pub(crate) const QUESTIONS_FILE: usize = 0;
pub(crate) const TRIAGE_FILE: usize = 1;
pub(crate) const REGIONS_FILE: usize = 2;
pub(crate) const PLAN_FILE: usize = 3;

pub(crate) struct Loaded {
    /// The files, and any warnings found while loading.
    pub diags: Diagnostics,
    pub name: String,
    pub version: String,
    pub catalog: Catalog,
    pub rules: Vec<Rule>,
    pub guarantees: Vec<Guarantee>,
    pub regions: crate::model::region::Regions,
    pub plan: crate::model::plan_rules::PlanRules,
}

pub(crate) fn validate(files: Vec<SourceFile>) -> Result<Loaded, Diagnostics> {
    let texts: Vec<String> = files.iter().map(|f| f.text.clone()).collect();
    let mut r = Reporter::new(files);
    let questions = r.parse(QUESTIONS_FILE, &texts[QUESTIONS_FILE]);
    let triage = r.parse(TRIAGE_FILE, &texts[TRIAGE_FILE]);
    let regions = crate::rulebook::regions::load(&mut r, REGIONS_FILE, &texts[2]);
    let catalog = questions
        .as_ref()
        .map(|t| crate::rulebook::questions::load_catalog(&mut r, QUESTIONS_FILE, t));
    let mut result = None;
    // Without questions every rule would fail to check; say so once.
    let catalog = catalog.filter(|c| !c.is_empty());
    if let (Some(catalog), Some(triage)) = (catalog, &triage) {
        let (name, version, rules) =
            crate::rulebook::triage::load_triage(&mut r, TRIAGE_FILE, triage, &catalog);
        let guarantees =
            crate::rulebook::triage::load_guarantees(&mut r, TRIAGE_FILE, triage, &catalog);
        let plan =
            crate::rulebook::plan::load(&mut r, PLAN_FILE, &texts[3], &catalog, &regions.ids());
        result = Some(Loaded {
            diags: Diagnostics::default(),
            name,
            version,
            catalog,
            rules,
            guarantees,
            regions,
            plan,
        });
    }
    match result {
        Some(loaded) if !r.diags.has_errors() => Ok(Loaded {
            diags: r.diags,
            ..loaded
        }),
        _ => Err(r.diags),
    }
}

/// Why a rule set could not be loaded. Always exit code 78.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RulesError {
    /// A file could not be read.
    #[error("{path}: {message}")]
    Io {
        /// The file, as messages name it.
        path: String,
        /// What went wrong, in words.
        message: String,
    },
    /// The files hold errors (and perhaps warnings).
    #[error("{0}")]
    Invalid(Diagnostics),
}

impl RuleSet {
    /// Loads and validates the rule set from `source`.
    ///
    /// # Errors
    /// Every problem in the files, as diagnostics, or an unreadable file.
    pub fn load(source: &RulesSource) -> Result<RuleSet, RulesError> {
        RuleSet::load_with_diagnostics(source).map(|(rules, _)| rules)
    }

    /// Loads and validates the rule set, keeping the files and any warnings
    /// for further checks (`rules check`).
    ///
    /// # Errors
    /// Every problem in the files, as diagnostics, or an unreadable file.
    pub fn load_with_diagnostics(
        source: &RulesSource,
    ) -> Result<(RuleSet, Diagnostics), RulesError> {
        let files = RULE_FILES
            .iter()
            .map(|name| source.read_required(name))
            .collect::<Result<Vec<_>, _>>()?;
        RuleSet::from_files(files, source)
    }

    /// Loads and validates a rule set from texts in memory, named as the
    /// files of a rules directory (`questions.toml`, ...): for fuzzing and
    /// tests. Its id names the source `memory`.
    ///
    /// # Errors
    /// Every problem in the texts, as diagnostics, or a missing file.
    pub fn from_texts(texts: &[(&str, &str)]) -> Result<RuleSet, RulesError> {
        RuleSet::from_texts_with_diagnostics(texts).map(|(rules, _)| rules)
    }

    /// As [`RuleSet::from_texts`], keeping the files and any warnings for
    /// further checks (the analysis of `rules check`).
    ///
    /// # Errors
    /// Every problem in the texts, as diagnostics, or a missing file.
    pub fn from_texts_with_diagnostics(
        texts: &[(&str, &str)],
    ) -> Result<(RuleSet, Diagnostics), RulesError> {
        let files = RULE_FILES
            .iter()
            .map(|name| {
                texts
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(n, text)| SourceFile {
                        name: (*n).to_string(),
                        text: (*text).to_string(),
                    })
                    .ok_or_else(|| RulesError::Io {
                        path: (*name).to_string(),
                        message: format!("is missing: a rule set needs {}", RULE_FILES.join(", ")),
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let (mut rules, diags) = RuleSet::from_files(files, &RulesSource::Embedded)?;
        rules.id.source = "memory".to_string();
        Ok((rules, diags))
    }

    /// Validates the rule files, given in [`RULE_FILES`] order.
    pub(crate) fn from_files(
        files: Vec<SourceFile>,
        source: &RulesSource,
    ) -> Result<(RuleSet, Diagnostics), RulesError> {
        let embedded = RULE_FILES.iter().zip(&files).all(|(name, file)| {
            EMBEDDED
                .iter()
                .any(|(n, text)| n == name && *text == file.text)
        });
        let sha256 = if embedded {
            // Hashed by build.rs from the same files.
            env!("SPASM_TRIAGE_EMBEDDED_SHA256").to_string()
        } else {
            crate::rulebook::content_hash::content_hash(
                RULE_FILES
                    .iter()
                    .zip(&files)
                    .map(|(name, file)| (*name, file.text.as_str())),
            )
        };
        let loaded = validate(files).map_err(RulesError::Invalid)?;
        let rules = RuleSet {
            id: RuleSetId {
                name: loaded.name,
                version: loaded.version,
                sha256,
                source: source.origin(),
            },
            catalog: loaded.catalog,
            rules: loaded.rules,
            guarantees: loaded.guarantees,
            regions: loaded.regions,
            plan: loaded.plan,
            origin: source.clone(),
        };
        Ok((rules, loaded.diags))
    }

    /// The embedded default rules.
    ///
    /// # Errors
    /// Only if the embedded files are broken, which the tests rule out.
    pub fn embedded() -> Result<RuleSet, RulesError> {
        RuleSet::load(&RulesSource::Embedded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_build_time_hash_is_the_hash_of_the_embedded_files() {
        let computed = crate::rulebook::content_hash::content_hash(RULE_FILES.iter().map(|name| {
            let text = EMBEDDED
                .iter()
                .find(|(n, _)| n == name)
                .map_or("", |(_, t)| *t);
            (*name, text)
        }));
        assert_eq!(computed, env!("SPASM_TRIAGE_EMBEDDED_SHA256"));
        let dir = RuleSet::load(&RulesSource::Dir(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules"),
        ))
        .expect("rules/ loads");
        assert_eq!(dir.id.sha256, RuleSet::embedded().expect("loads").id.sha256);
    }
}
