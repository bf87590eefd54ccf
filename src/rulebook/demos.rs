//! Demonstration scenarios (`demos.toml`): realistic, complete answer sets
//! for showing the tool in clinic, checked against the catalog when loaded.

use std::collections::HashMap;
use std::ops::Range;

use jiff::Timestamp;

use crate::model::answers::{self, Answers, Missing, ParseOptions, Value};
use crate::model::catalog::{Catalog, Kind, Question, QuestionId};
use crate::model::rule_set::{RuleSet, RulesSource};
use crate::rulebook::RulesError;
use crate::rulebook::diagnostic::{Diagnostics, SourceFile};
use crate::rulebook::toml::{Fields, Reporter, tables};

/// The file name of the demonstration scenarios in a rules directory.
pub const FILE: &str = "demos.toml";

/// One scenario.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Demo {
    /// Short kebab-case name, typed on the command line.
    pub name: String,
    /// A title for the menu and the printed scenario.
    pub title: String,
    /// The person's story, in one line.
    pub story: String,
    /// The scenario's answers, validated against the catalog.
    pub answers: Answers,
    /// `demos.toml:12`.
    pub location: String,
}

impl Demo {
    /// The answers as the person gave them, in catalog order: (question,
    /// answer in words). Questions that were not asked are left out.
    #[must_use]
    pub fn answered<'c>(&self, catalog: &'c Catalog) -> Vec<(QuestionId, &'c Question, String)> {
        catalog
            .questions
            .iter()
            .zip(&self.answers.values)
            .enumerate()
            .filter_map(|(i, (q, v))| {
                label(q, *v).map(|label| (crate::model::catalog::question_id(i), q, label))
            })
            .collect()
    }
}

/// An answer in the words the person chose: an option's label, "Not sure",
/// a number with its unit. `None` for a question not asked or answered.
#[must_use]
pub fn label(q: &Question, value: Value) -> Option<String> {
    match (value, &q.kind) {
        (Value::Option(i), Kind::Tristate) => Some(
            match crate::model::catalog::TRISTATE_OPTIONS.get(usize::from(i)) {
                Some(&"yes") => "Yes",
                Some(&"no") => "No",
                _ => "Not sure",
            }
            .to_string(),
        ),
        (Value::Option(i), Kind::Choice { options }) => {
            options.get(usize::from(i)).map(|o| o.label.clone())
        }
        (Value::Number(x), _) => Some(match &q.unit {
            Some(unit) => format!("{x} {unit}"),
            None => x.to_string(),
        }),
        _ => None,
    }
}

/// Loads the demos of a rules directory (or the embedded ones).
///
/// # Errors
/// A missing, unreadable or invalid `demos.toml`.
pub fn load(source: &RulesSource, rules: &RuleSet) -> Result<Vec<Demo>, RulesError> {
    let file = source.read(FILE)?.ok_or_else(|| RulesError::Io {
        path: match source {
            RulesSource::Dir(dir) => dir.join(FILE).display().to_string(),
            RulesSource::Embedded => format!("rules/{FILE}"),
        },
        message: "is missing: copy rules/demos.toml into the rules directory to run the demos"
            .to_string(),
    })?;
    parse(file, rules).map_err(RulesError::Invalid)
}

/// Parses demos from one file, checking their answers against the catalog.
///
/// # Errors
/// Every problem found, as diagnostics.
pub fn parse(file: SourceFile, rules: &RuleSet) -> Result<Vec<Demo>, Diagnostics> {
    let text = file.text.clone();
    let mut r = Reporter::new(vec![file]);
    let Some(root) = r.parse(0, &text) else {
        return Err(r.diags);
    };
    Fields::new(&root, 0..0, 0).check_keys(&mut r, &["demo"], FILE);
    let now: Timestamp = crate::rulebook::cases::NOW
        .parse()
        .unwrap_or(Timestamp::UNIX_EPOCH);
    let mut demos = Vec::new();
    let mut names: HashMap<String, Range<usize>> = HashMap::new();
    for (table, span) in tables(&mut r, 0, &root, "demo") {
        let f = Fields::new(table, span.clone(), 0);
        f.check_keys(&mut r, &["name", "title", "story", "answers"], "a demo");
        let name = f.string(&mut r, "name", "this demo", true);
        let what = name.as_ref().map_or("this demo".to_string(), |n| {
            format!("demo `{}`", n.get_ref())
        });
        if let Some(n) = &name {
            if !crate::rulebook::toml::is_kebab_case(n.get_ref()) {
                r.error(
                    0,
                    n.span(),
                    "bad-id",
                    format!(
                        "demo name `{}` must be kebab-case (lower-case letters, digits and -)",
                        n.get_ref()
                    ),
                );
            }
            let message = format!("demo name `{}` is used twice", n.get_ref());
            r.unique(&mut names, 0, n, "duplicate-demo", message);
        }
        let title = f.string(&mut r, "title", &what, true);
        let story = f.string(&mut r, "story", &what, true);
        let mut answers = None;
        if let Some(a) = f.required(&mut r, "answers", &what) {
            if let Some(t) = a.get_ref().as_table() {
                let key_spans: HashMap<String, Range<usize>> = t
                    .iter()
                    .map(|(k, _)| (k.get_ref().to_string(), k.span()))
                    .collect();
                let json =
                    serde_json::Value::Object(crate::rulebook::cases::json_object(&mut r, t));
                let options = ParseOptions {
                    missing: Missing::Reject,
                    now,
                };
                match answers::parse(&json.to_string(), &rules.catalog, options) {
                    Ok(parsed) if parsed.unanswered.is_empty() => answers = Some(parsed),
                    Ok(parsed) => {
                        let ids: Vec<String> = parsed
                            .unanswered
                            .iter()
                            .map(|&q| format!("`{}`", rules.catalog.get(q).id))
                            .collect();
                        r.error(
                            0,
                            f.key_span("answers"),
                            "invalid-answers",
                            format!("{what} has no answer to {}", ids.join(", ")),
                        )
                        .hint =
                            Some("a demo gives every answer the person would be asked".to_string());
                    }
                    Err(e) => {
                        for p in e.problems {
                            let at = p
                                .key
                                .as_ref()
                                .and_then(|k| key_spans.get(k))
                                .cloned()
                                .unwrap_or(f.key_span("answers"));
                            r.error(0, at, "invalid-answers", format!("{what}: {}", p.message));
                        }
                    }
                }
            } else {
                r.error(
                    0,
                    a.span(),
                    "wrong-type",
                    "`answers` must be a table, written [demo.answers]",
                );
            }
        }
        if let (Some(name), Some(title), Some(story), Some(answers)) = (name, title, story, answers)
        {
            demos.push(Demo {
                location: r.line_of(0, &span),
                name: name.into_inner(),
                title: title.into_inner(),
                story: story.into_inner(),
                answers,
            });
        }
    }
    if demos.is_empty() && !r.diags.has_errors() {
        r.error(0, 0..0, "no-demos", format!("{FILE} defines no [[demo]]"));
    }
    if r.diags.has_errors() {
        Err(r.diags)
    } else {
        Ok(demos)
    }
}
