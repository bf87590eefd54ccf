//! Where rule files come from: the embedded defaults or a directory, read
//! with a size limit.

use std::path::Path;

use crate::model::rule_set::RulesSource;
use crate::rulebook::RulesError;
use crate::rulebook::diagnostic::SourceFile;

/// The default rules, compiled into the binary.
pub const EMBEDDED: &[(&str, &str)] = &[
    ("questions.toml", include_str!("../../rules/questions.toml")),
    ("triage.toml", include_str!("../../rules/triage.toml")),
    ("regions.toml", include_str!("../../rules/regions.toml")),
    ("plan.toml", include_str!("../../rules/plan.toml")),
    ("cases.toml", include_str!("../../rules/cases.toml")),
    ("demos.toml", include_str!("../../rules/demos.toml")),
];

pub use crate::rulebook::content_hash::RULE_FILES;

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
                            message: crate::model::io_message(&e),
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

    /// `embedded`, or the directory: the `source` of [`RuleSetId`](crate::model::rule_set::RuleSetId).
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
