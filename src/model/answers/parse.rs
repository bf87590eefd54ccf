//! Parsing and validating an answers object, one key at a time.

use jiff::Timestamp;
use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde_json::value::RawValue;

use super::raw::{Key, Raw, convert, describe_kind, describe_raw, number, shorten};
use super::{
    Answers, AnswersError, Missing, PROBLEMS_KEPT, PROBLEMS_SHOWN, ParseOptions, Problem, Value,
};
use crate::model::catalog::{Catalog, Kind, QuestionId, UNSURE};
use crate::model::suggest::suggest;
use crate::model::value::Truth;

/// Checks that raw input is UTF-8 text, the first step for answers read
/// from a file or a pipe.
///
/// # Errors
/// `invalid-utf8`, naming the offset of the first bad byte.
pub fn decode(bytes: &[u8]) -> Result<&str, AnswersError> {
    std::str::from_utf8(bytes).map_err(|e| invalid_utf8(&e))
}

/// The error for input that is not UTF-8 text.
#[must_use]
pub fn invalid_utf8(e: &std::str::Utf8Error) -> AnswersError {
    AnswersError::one(
        "invalid-utf8",
        None,
        format!(
            "the input is not valid UTF-8 text (first bad byte at offset {})",
            e.valid_up_to()
        ),
    )
}

/// The text of one JSON object, without a byte-order mark.
///
/// # Errors
/// `empty-input`, `not-an-object` or `invalid-json`.
pub(super) fn object(json: &str) -> Result<&str, AnswersError> {
    // A byte-order mark before the object is accepted (some editors write one).
    let json = json.strip_prefix('\u{feff}').unwrap_or(json);
    if json.trim().is_empty() {
        return Err(AnswersError::one(
            "empty-input",
            None,
            "the input is empty: expected a JSON object of answers".to_string(),
        ));
    }
    if !json.trim_start().starts_with('{') {
        return Err(match Raw::read(json.trim()) {
            Ok(raw) => AnswersError::one(
                "not-an-object",
                None,
                format!(
                    "the input must be one JSON object of answers, such as {{\"age\": 35}}; it is {}",
                    describe_kind(&raw)
                ),
            ),
            Err(e) => json_error(&e),
        });
    }
    Ok(json)
}

/// Reads a contract-v1 answers object (the text from [`object`]).
pub(super) fn contract_v1(
    json: &str,
    catalog: &Catalog,
    options: ParseOptions,
    id_key: Option<&str>,
    id: &mut Option<Box<RawValue>>,
) -> Result<Answers, AnswersError> {
    // The fast path reads each value once. Anything wrong is read again on
    // the slow path, whose messages can quote a number too large to hold.
    let mut builder = Builder::new(catalog);
    builder.id_key = id_key;
    let mut de = serde_json::Deserializer::from_str(json);
    let fast = de::DeserializeSeed::deserialize(
        Fill {
            builder: &mut builder,
            quoting: false,
        },
        &mut de,
    )
    .and_then(|()| de.end());
    if fast.is_ok() && builder.problems.is_empty() {
        *id = builder.id.take();
        if let Ok(answers) = builder.finish(options) {
            return Ok(answers);
        }
    }
    let mut builder = Builder::new(catalog);
    builder.id_key = id_key;
    let mut de = serde_json::Deserializer::from_str(json);
    de::DeserializeSeed::deserialize(
        Fill {
            builder: &mut builder,
            quoting: true,
        },
        &mut de,
    )
    .and_then(|()| de.end())
    .map_err(|e| json_error(&e))?;
    *id = builder.id.take();
    builder.finish(options)
}

pub(super) fn json_error(e: &serde_json::Error) -> AnswersError {
    use serde_json::error::Category;
    let (kind, message) = match e.classify() {
        Category::Eof => (
            "invalid-json",
            format!(
                "the JSON ends too early, at line {} column {}",
                e.line(),
                e.column()
            ),
        ),
        // Data: a value inside the object that is not valid JSON text.
        Category::Syntax | Category::Data | Category::Io => (
            "invalid-json",
            format!(
                "the input is not valid JSON: {} at line {} column {}",
                strip_position(e),
                e.line(),
                e.column()
            ),
        ),
    };
    AnswersError::one(kind, None, message)
}

pub(super) fn strip_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.find(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// Feeds the entries of the top-level object to a [`Builder`] as they are
/// read, in order, duplicates kept: no intermediate list, so memory stays a
/// small multiple of the input. When `quoting`, each value is read from its
/// text (slower), so that a message can quote a number too large to hold.
struct Fill<'b, 'c> {
    builder: &'b mut Builder<'c>,
    quoting: bool,
}

impl<'de> de::DeserializeSeed<'de> for Fill<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Fill<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object of answers, such as {\"age\": 35, ...}")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            if self.builder.id_key == Some(&*key) {
                let text = map.next_value::<Box<RawValue>>()?;
                self.builder.id_entry(&key, text);
                continue;
            }
            let raw = if self.quoting {
                let text = map.next_value::<&'de serde_json::value::RawValue>()?;
                Raw::read(text.get()).map_err(de::Error::custom)?
            } else {
                map.next_value::<Raw<'de>>()?
            };
            self.builder.entry(&key, raw);
        }
        Ok(())
    }
}

/// Builds [`Answers`] one key at a time, collecting problems.
pub struct Builder<'c> {
    catalog: &'c Catalog,
    given: Vec<Option<Value>>,
    onset: Option<Timestamp>,
    onset_hours_key: Option<QuestionId>,
    problems: Vec<Problem>,
    /// A key that carries the record's id, not an answer.
    id_key: Option<&'c str>,
    id: Option<Box<RawValue>>,
    id_seen: bool,
    omitted: usize,
}

impl<'c> Builder<'c> {
    /// A builder with no answers yet.
    #[must_use]
    pub fn new(catalog: &'c Catalog) -> Builder<'c> {
        Builder {
            catalog,
            given: vec![None; catalog.len()],
            onset: None,
            onset_hours_key: None,
            problems: Vec::new(),
            id_key: None,
            id: None,
            id_seen: false,
            omitted: 0,
        }
    }

    pub(super) fn problem(&mut self, kind: &'static str, key: &str, message: String) {
        if self.problems.len() >= PROBLEMS_KEPT {
            self.omitted += 1;
            return;
        }
        self.problems.push(Problem {
            kind,
            key: Some(key.to_string()),
            message,
        });
    }

    fn duplicate(&mut self, key: &str) {
        self.problem(
            "duplicate-key",
            key,
            format!("`{key}` is given twice; give each answer once"),
        );
    }

    /// Notes the id key; false (and a problem) when it was given before.
    fn first_id(&mut self, key: &str) -> bool {
        if self.id_seen {
            self.duplicate(key);
        }
        !std::mem::replace(&mut self.id_seen, true)
    }

    fn id_entry(&mut self, key: &str, text: Box<RawValue>) {
        if self.first_id(key) {
            self.id = Some(text);
        }
    }

    pub(super) fn entry(&mut self, key: &str, raw: Raw<'_>) {
        if self.id_key == Some(key) {
            if self.id_seen {
                self.problem(
                    "duplicate-key",
                    key,
                    format!("`{key}` is given twice; give each answer once"),
                );
            }
            self.id_seen = true;
            return;
        }
        let catalog = self.catalog;
        let Some(id) = catalog.lookup(key) else {
            if let Some(q) = catalog
                .questions
                .iter()
                .position(|q| q.timestamp_key.as_deref() == Some(key))
            {
                self.timestamp_entry(key, crate::model::catalog::question_id(q), &raw);
                return;
            }
            let shown = shorten(key);
            // Past the problems a message shows, a suggestion is wasted work.
            let suggestion = if self.problems.len() < PROBLEMS_SHOWN {
                suggest(key, catalog.answer_keys())
            } else {
                None
            };
            let message = match suggestion {
                Some(s) => format!("unknown answer `{shown}`: did you mean `{s}`?"),
                None => format!(
                    "unknown answer `{shown}`: it is not a question id (see `spasm-triage questions`)"
                ),
            };
            self.problem("unknown-key", key, message);
            return;
        };
        let slot = usize::from(id);
        if self.given[slot].is_some() {
            self.duplicate(key);
            return;
        }
        let q = catalog.get(id);
        match convert(&q.kind, &raw) {
            Ok(v) => self.given[slot] = Some(v),
            Err(kind) => {
                let got = describe_raw(&raw);
                self.problem(
                    kind,
                    key,
                    format!("`{key}` must be {}; got {got}", q.kind.accepts()),
                );
                // Remember that the key was given, to report duplicates.
                self.given[slot] = Some(Value::Missing);
            }
        }
    }

    fn timestamp_entry(&mut self, key: &str, q: QuestionId, raw: &Raw<'_>) {
        if self.onset.is_some() || self.onset_hours_key == Some(q) {
            self.duplicate(key);
            return;
        }
        let Raw::Str(s) = raw else {
            self.problem(
                "wrong-type",
                key,
                format!(
                    "`{key}` must be an RFC 3339 time such as \"2026-11-20T08:00:00Z\"; got {}",
                    describe_raw(raw)
                ),
            );
            self.onset_hours_key = Some(q);
            return;
        };
        match crate::model::rfc3339::parse(s) {
            Ok(t) => self.onset = Some(t),
            Err(why) => {
                self.problem(
                    "invalid-timestamp",
                    key,
                    format!(
                        "`{key}` must be an RFC 3339 time with an offset, such as \"2026-11-20T08:00:00Z\"; got \"{}\" ({why})",
                        shorten(s)
                    ),
                );
                self.onset_hours_key = Some(q);
            }
        }
    }

    /// Sets an answer directly (the questionnaire uses this).
    pub fn set(&mut self, id: QuestionId, value: Value) {
        self.given[usize::from(id)] = Some(value);
    }

    /// Sets the onset time directly.
    pub fn set_onset(&mut self, onset: Timestamp) {
        self.onset = Some(onset);
    }

    /// An onset longer ago than the person has lived is surely a slip (a
    /// wrong year, days typed as hours); it would make new pain look
    /// long-standing, so it is refused rather than assessed.
    fn check_onset_within_age(&mut self, onset: Option<Timestamp>) {
        let catalog = self.catalog;
        let Some(age_id) = catalog.lookup(AGE) else {
            return;
        };
        let Some(q) = catalog
            .questions
            .iter()
            .position(|q| q.timestamp_key.is_some())
        else {
            return;
        };
        let Some(Value::Number(hours)) = self.given[q] else {
            return;
        };
        // Without an age (with --partial), no one is older than the oldest
        // age the catalog allows: 1e308 hours must not pass unchecked.
        let (age, known) = match self.given[usize::from(age_id)] {
            Some(Value::Number(age)) => (age, true),
            _ => match catalog.get(age_id).kind.range() {
                Some((_, Some(max))) => (max, false),
                _ => return,
            },
        };
        if !onset_before_birth(age, hours) {
            return;
        }
        let question = &catalog.questions[q];
        let (key, given) = match (onset, &question.timestamp_key) {
            (Some(t), Some(key)) => (key.clone(), t.to_string()),
            _ => (question.id.clone(), format!("{} hours", number(hours))),
        };
        let years = hours / HOURS_PER_YEAR;
        let ago = if years < 1e6 {
            format!("about {years:.0} years ago")
        } else {
            "over a million years ago".to_string()
        };
        let born = if known {
            format!("before the person was born (age {age})")
        } else {
            format!("longer ago than the oldest age, {age}")
        };
        self.problem(
            "onset-before-birth",
            &key,
            format!("`{key}` ({given}) puts the start of the pain {ago}, {born}; check it"),
        );
    }

    /// Checks the answers as a whole and fills in skipped and missing ones.
    ///
    /// # Errors
    /// The problems collected so far, and missing answers.
    pub fn finish(mut self, options: ParseOptions) -> Result<Answers, AnswersError> {
        let catalog = self.catalog;
        // `onset` stands in for the question that names it as timestamp key.
        let mut onset = None;
        if let Some(t) = self.onset {
            let q = catalog.timestamp_question();
            if let Some(q) = q {
                let q_id = catalog.get(q).id.clone();
                let key = catalog.get(q).timestamp_key.clone().unwrap_or_default();
                if self.given[usize::from(q)].is_some() {
                    self.problem(
                        "conflicting-keys",
                        &key,
                        format!("give either `{key}` or `{q_id}`, not both"),
                    );
                } else {
                    let span = options.now.duration_since(t);
                    let hours = span.as_secs_f64() / 3600.0;
                    if hours < -1.0 / 60.0 {
                        self.problem("onset-in-future", &key, format!("`{key}` ({t}) is in the future; the pain must have started before now ({})", options.now));
                    } else {
                        self.given[usize::from(q)] = Some(Value::Number(hours.max(0.0)));
                        onset = Some(t);
                    }
                }
            }
        }
        self.check_onset_within_age(onset);
        if !self.problems.is_empty() {
            return Err(AnswersError {
                problems: self.problems,
                omitted: self.omitted,
            });
        }
        let mut values: Vec<Value> = self
            .given
            .iter()
            .map(|v| v.unwrap_or(Value::Missing))
            .collect();
        let mut unanswered = Vec::new();
        for &id in &catalog.skip_order {
            let q = catalog.get(id);
            let slot = usize::from(id);
            let asked = q
                .asked_when
                .as_ref()
                .map_or(Truth::True, |c| c.eval(&values));
            // An answer that was given is used even where the question is
            // not asked (a known aneurysm at 40): it is never ignored.
            // Only a missing one is skipped, so it stays not required.
            if asked == Truth::False {
                if values[slot] == Value::Missing {
                    values[slot] = Value::Skipped;
                }
            } else if values[slot] == Value::Missing {
                if !q.optional {
                    unanswered.push(id);
                }
                if options.missing == Missing::Partial && q.kind == Kind::Tristate {
                    values[slot] = Value::Option(UNSURE);
                }
            }
        }
        unanswered.sort_unstable();
        if onset.is_none() {
            onset = catalog
                .timestamp_question()
                .and_then(|q| match values[usize::from(q)] {
                    Value::Number(hours) => hours_before(options.now, hours),
                    _ => None,
                });
        }
        Ok(Answers {
            values,
            unanswered,
            onset,
        })
    }
}

/// The question whose answer bounds how long ago the pain can have started.
const AGE: &str = "age";
const HOURS_PER_YEAR: f64 = 365.25 * 24.0;

/// Whether an onset `hours` ago is before a person of `age` years was born
/// (age is in whole years: someone aged 35 may be nearly 36).
#[must_use]
pub fn onset_before_birth(age: f64, hours: f64) -> bool {
    hours > (age + 1.0) * HOURS_PER_YEAR
}

/// `now` minus a number of hours, if it is a representable time.
fn hours_before(now: Timestamp, hours: f64) -> Option<Timestamp> {
    #[allow(clippy::cast_possible_truncation)]
    let seconds = (hours * 3600.0).round() as i64;
    now.checked_sub(jiff::SignedDuration::from_secs(seconds))
        .ok()
}
