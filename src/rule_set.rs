//! A loaded, validated rule set: the question catalog and the triage rules,
//! with the identity shown in every result.

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::catalog::Catalog;
use crate::condition::Condition;
use crate::diagnostic::{Diagnostics, SourceFile};
use crate::loader;
use crate::plan_rules::PlanRules;
use crate::region::Regions;
use crate::urgency::Urgency;

/// The default rules, compiled into the binary.
pub const EMBEDDED: &[(&str, &str)] = &[
    ("questions.toml", include_str!("../rules/questions.toml")),
    ("triage.toml", include_str!("../rules/triage.toml")),
    ("regions.toml", include_str!("../rules/regions.toml")),
    ("plan.toml", include_str!("../rules/plan.toml")),
    ("cases.toml", include_str!("../rules/cases.toml")),
    ("demos.toml", include_str!("../rules/demos.toml")),
];

pub use crate::content_hash::RULE_FILES;

/// Where rule files come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RulesSource {
    Embedded,
    Dir(PathBuf),
}

impl RulesSource {
    /// Reads one file of the rule set; `Ok(None)` when it does not exist.
    ///
    /// # Errors
    /// When the file exists but cannot be read or is not UTF-8.
    pub fn read(&self, name: &str) -> Result<Option<SourceFile>, RulesError> {
        match self {
            RulesSource::Embedded => {
                Ok(EMBEDDED
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(n, text)| SourceFile {
                        name: format!("rules/{n}"),
                        text: (*text).to_string(),
                    }))
            }
            RulesSource::Dir(dir) => {
                let path = dir.join(name);
                let bytes = match read_limited(&path) {
                    Ok(bytes) => bytes,
                    // `read_required` says what is wrong with the directory.
                    Err(e)
                        if matches!(
                            e.kind(),
                            std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
                        ) =>
                    {
                        return Ok(None);
                    }
                    Err(e) => {
                        return Err(RulesError::Io {
                            path: path.display().to_string(),
                            message: crate::io_message(&e),
                        });
                    }
                };
                match String::from_utf8(bytes) {
                    Ok(text) => Ok(Some(SourceFile {
                        name: path.display().to_string(),
                        text,
                    })),
                    Err(e) => {
                        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                        let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
                        Err(RulesError::Io {
                            path: format!("{}:{line}", path.display()),
                            message: "is not valid UTF-8 text; save the file as UTF-8".to_string(),
                        })
                    }
                }
            }
        }
    }

    /// Reads a file the rule set cannot do without.
    ///
    /// # Errors
    /// When the file is missing or unreadable.
    pub fn read_required(&self, name: &str) -> Result<SourceFile, RulesError> {
        self.read(name)?.ok_or_else(|| match self {
            RulesSource::Dir(dir) if !dir.is_dir() => RulesError::Io {
                path: dir.display().to_string(),
                message: "is not a directory of rule files (expected questions.toml, triage.toml, regions.toml and plan.toml in it)".to_string(),
            },
            _ => RulesError::Io {
                path: self.describe_file(name),
                message: "is missing: a rules directory needs questions.toml, triage.toml, regions.toml and plan.toml".to_string(),
            },
        })
    }

    fn describe_file(&self, name: &str) -> String {
        match self {
            RulesSource::Embedded => format!("rules/{name}"),
            RulesSource::Dir(dir) => dir.join(name).display().to_string(),
        }
    }

    #[must_use]
    pub fn origin(&self) -> String {
        match self {
            RulesSource::Embedded => "embedded".to_string(),
            RulesSource::Dir(dir) => dir.display().to_string(),
        }
    }
}

/// The largest rule file read: hundreds of times the default rules, small
/// enough that a wrong file (or `/dev/zero`) fails at once.
pub const MAX_RULE_FILE_BYTES: u64 = 8 << 20;

/// Reads a file of at most [`MAX_RULE_FILE_BYTES`]; more is an error.
fn read_limited(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_RULE_FILE_BYTES + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_RULE_FILE_BYTES {
        return Err(std::io::Error::other(format!(
            "is larger than {} MiB, too large for a rule file (is it the right file?)",
            MAX_RULE_FILE_BYTES >> 20
        )));
    }
    Ok(bytes)
}

/// Why a rule set could not be loaded. Always exit code 78.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    #[error("{path}: {message}")]
    Io { path: String, message: String },
    #[error("{0}")]
    Invalid(Diagnostics),
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
        let (mut rules, _) = RuleSet::from_files(files, &RulesSource::Embedded)?;
        rules.id.source = "memory".to_string();
        Ok(rules)
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
            crate::content_hash::content_hash(
                RULE_FILES
                    .iter()
                    .zip(&files)
                    .map(|(name, file)| (*name, file.text.as_str())),
            )
        };
        let loaded = loader::load(files).map_err(RulesError::Invalid)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_build_time_hash_is_the_hash_of_the_embedded_files() {
        let computed = crate::content_hash::content_hash(RULE_FILES.iter().map(|name| {
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
