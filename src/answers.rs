//! Answers: parsed from a contract-v1 JSON object (or built by the
//! questionnaire), validated against the catalog before any rule runs.

use std::borrow::Cow;
use std::fmt;

use jiff::Timestamp;
use serde::de::{self, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;

use crate::catalog::{Catalog, Kind, QuestionId, UNSURE};
use crate::condition::Truth;
use crate::diagnostic::suggest;

/// One answer, as the engine sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    /// Not given (only evaluated with `--partial`, or optional questions).
    Missing,
    /// Not asked and not given: its `asked_when` does not hold. An answer
    /// that is given is kept even where its `asked_when` does not hold.
    Skipped,
    /// A tristate or choice answer, as an option index.
    Option(u8),
    Number(f64),
}

/// A full, validated set of answers.
#[derive(Debug, Clone, PartialEq)]
pub struct Answers {
    /// One value per catalog question, by index.
    pub values: Vec<Value>,
    /// Questions that should have been answered and were not, in catalog order.
    pub unanswered: Vec<QuestionId>,
    /// When the pain started, if known.
    pub onset: Option<Timestamp>,
}

/// How to treat answers that are missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Missing {
    /// Missing required answers are an error, unless the given answers
    /// already decide `emergency`.
    #[default]
    Reject,
    /// Accept them: a missing tristate counts as `unsure`, others as unknown.
    Partial,
}

/// One thing wrong with an answers object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Stable kebab-case code.
    pub kind: &'static str,
    /// The key it concerns, if any.
    pub key: Option<String>,
    pub message: String,
}

/// Why an answers object cannot be assessed. Exit code 65.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswersError {
    pub problems: Vec<Problem>,
}

impl AnswersError {
    fn one(kind: &'static str, key: Option<String>, message: String) -> AnswersError {
        AnswersError {
            problems: vec![Problem { kind, key, message }],
        }
    }

    /// The kind of the whole error: the problems' kind if they share one.
    #[must_use]
    pub fn kind(&self) -> &'static str {
        match self.problems.as_slice() {
            [first, rest @ ..] if rest.iter().all(|p| p.kind == first.kind) => first.kind,
            _ => "invalid-answers",
        }
    }
}

/// At most this many problems are listed in a message; the rest are counted.
const PROBLEMS_SHOWN: usize = 20;

impl fmt::Display for AnswersError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.problems.as_slice() {
            [one] => f.write_str(&one.message),
            many => {
                write!(f, "{} problems in the answers:", many.len())?;
                for p in many.iter().take(PROBLEMS_SHOWN) {
                    write!(f, "\n  - {}", p.message)?;
                }
                if many.len() > PROBLEMS_SHOWN {
                    write!(f, "\n  - and {} more", many.len() - PROBLEMS_SHOWN)?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for AnswersError {}

/// A JSON value as read from the input, before it is checked.
#[derive(Debug)]
enum Raw<'a> {
    Null,
    Bool(bool),
    Number(f64),
    /// A number too large for `f64` to hold exactly, or at all, as written.
    HugeNumber(&'a str),
    Str(Cow<'a, str>),
    Array,
    Object,
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<Raw<'de>, E> {
        Ok(Raw::Null)
    }
    fn visit_none<E>(self) -> Result<Raw<'de>, E> {
        Ok(Raw::Null)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Raw<'de>, E> {
        Ok(Raw::Bool(v))
    }
    // `Raw::read` fills in the text of a `HugeNumber`.
    #[allow(clippy::cast_precision_loss)]
    fn visit_i64<E>(self, v: i64) -> Result<Raw<'de>, E> {
        Ok(if v.unsigned_abs() > (1 << 53) {
            Raw::HugeNumber("")
        } else {
            Raw::Number(v as f64)
        })
    }
    #[allow(clippy::cast_precision_loss)]
    fn visit_u64<E>(self, v: u64) -> Result<Raw<'de>, E> {
        Ok(if v > (1 << 53) {
            Raw::HugeNumber("")
        } else {
            Raw::Number(v as f64)
        })
    }
    fn visit_f64<E>(self, v: f64) -> Result<Raw<'de>, E> {
        Ok(Raw::Number(v))
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Raw<'de>, E> {
        Ok(Raw::Str(Cow::Borrowed(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Raw<'de>, E> {
        Ok(Raw::Str(Cow::Owned(v.to_string())))
    }
    fn visit_string<E>(self, v: String) -> Result<Raw<'de>, E> {
        Ok(Raw::Str(Cow::Owned(v)))
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Raw<'de>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Raw::Array)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw<'de>, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Raw::Object)
    }
}

impl<'de> de::Deserialize<'de> for Raw<'de> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(RawVisitor)
    }
}

impl<'a> Raw<'a> {
    /// Reads one JSON value from its text. A number too large to hold is
    /// kept as written, so that the message can name its key.
    fn read(text: &'a str) -> Result<Raw<'a>, serde_json::Error> {
        match serde_json::from_str::<Raw<'a>>(text) {
            Ok(Raw::HugeNumber(_)) => Ok(Raw::HugeNumber(text)),
            Ok(raw) => Ok(raw),
            Err(e) if e.to_string().starts_with("number out of range") => Ok(Raw::HugeNumber(text)),
            Err(e) => Err(e),
        }
    }
}

struct Key<'a>(Cow<'a, str>);

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_string())))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

/// Feeds the entries of the top-level object to a [`Builder`] as they are
/// read, in order, duplicates kept: no intermediate list for each line.
struct Fill<'b, 'c>(&'b mut Builder<'c>);

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
            let raw = map.next_value::<Raw<'de>>()?;
            self.0.entry(&key, raw);
        }
        Ok(())
    }
}

/// The entries of the top-level object, in order, duplicates kept, each
/// value read from its own text: slower than [`Fill`], but a number too
/// large to hold is reported with its key and as written.
struct Entries<'a>(Vec<(Cow<'a, str>, Raw<'a>)>);

impl<'de> de::Deserialize<'de> for Entries<'de> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct EntriesVisitor;
        impl<'de> Visitor<'de> for EntriesVisitor {
            type Value = Entries<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object of answers, such as {\"age\": 35, ...}")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entries<'de>, A::Error> {
                let mut out = Vec::with_capacity(48);
                while let Some(Key(k)) = map.next_key::<Key<'de>>()? {
                    let text = map.next_value::<&'de RawValue>()?;
                    let v = Raw::read(text.get()).map_err(de::Error::custom)?;
                    out.push((k, v));
                }
                Ok(Entries(out))
            }
        }
        d.deserialize_map(EntriesVisitor)
    }
}

/// What the input held before it was checked: used by [`parse`] and by the
/// questionnaire's `--save` round trip tests.
#[derive(Debug, Clone, Copy)]
pub struct ParseOptions {
    pub missing: Missing,
    /// The time `onset` timestamps are measured against.
    pub now: Timestamp,
}

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

/// Parses and validates one answers object.
///
/// # Errors
/// Every problem found: invalid JSON, unknown or duplicate keys, wrong types,
/// values out of range, and (unless [`Missing::Partial`]) missing answers.
/// Missing answers are not an error when the answers given already decide
/// `emergency`; the caller checks that with [`Answers::unanswered`].
pub fn parse(
    json: &str,
    catalog: &Catalog,
    options: ParseOptions,
) -> Result<Answers, AnswersError> {
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
    // The fast path reads each value once. Anything wrong is read again on
    // the slow path, whose messages can quote a number too large to hold.
    let mut builder = Builder::new(catalog);
    let mut de = serde_json::Deserializer::from_str(json);
    let fast =
        de::DeserializeSeed::deserialize(Fill(&mut builder), &mut de).and_then(|()| de.end());
    if fast.is_ok()
        && builder.problems.is_empty()
        && let Ok(answers) = builder.finish(options)
    {
        return Ok(answers);
    }
    let mut de = serde_json::Deserializer::from_str(json);
    let entries = de::Deserialize::deserialize(&mut de)
        .and_then(|e: Entries<'_>| de.end().map(|()| e))
        .map_err(|e| json_error(&e))?;
    let mut builder = Builder::new(catalog);
    for (key, raw) in entries.0 {
        builder.entry(&key, raw);
    }
    builder.finish(options)
}

fn json_error(e: &serde_json::Error) -> AnswersError {
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

fn strip_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.find(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// Builds [`Answers`] one key at a time, collecting problems.
pub struct Builder<'c> {
    catalog: &'c Catalog,
    given: Vec<Option<Value>>,
    onset: Option<Timestamp>,
    onset_hours_key: Option<QuestionId>,
    problems: Vec<Problem>,
}

impl<'c> Builder<'c> {
    #[must_use]
    pub fn new(catalog: &'c Catalog) -> Builder<'c> {
        Builder {
            catalog,
            given: vec![None; catalog.len()],
            onset: None,
            onset_hours_key: None,
            problems: Vec::new(),
        }
    }

    fn problem(&mut self, kind: &'static str, key: &str, message: String) {
        self.problems.push(Problem {
            kind,
            key: Some(key.to_string()),
            message,
        });
    }

    fn entry(&mut self, key: &str, raw: Raw<'_>) {
        let catalog = self.catalog;
        let Some(id) = catalog.lookup(key) else {
            if let Some(q) = catalog
                .questions
                .iter()
                .position(|q| q.timestamp_key.as_deref() == Some(key))
            {
                self.timestamp_entry(key, crate::catalog::question_id(q), &raw);
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
            self.problem(
                "duplicate-key",
                key,
                format!("`{key}` is given twice; give each answer once"),
            );
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
            self.problem(
                "duplicate-key",
                key,
                format!("`{key}` is given twice; give each answer once"),
            );
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
        match s.parse::<Timestamp>() {
            Ok(t) => self.onset = Some(t),
            Err(_) => {
                self.problem("invalid-timestamp", key, format!("`{key}` must be an RFC 3339 time with an offset, such as \"2026-11-20T08:00:00Z\"; got \"{}\"", shorten(s)));
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
        let (Some(Value::Number(age)), Some(Value::Number(hours))) =
            (self.given[usize::from(age_id)], self.given[q])
        else {
            return;
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
        self.problem(
            "onset-before-birth",
            &key,
            format!("`{key}` ({given}) puts the start of the pain {ago}, before the person was born (age {age}); check it"),
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

impl Answers {
    /// The error to give for missing answers, listing all of them at once.
    #[must_use]
    pub fn missing_error(&self, catalog: &Catalog) -> AnswersError {
        let ids: Vec<String> = self
            .unanswered
            .iter()
            .map(|&id| format!("`{}`", catalog.get(id).id))
            .collect();
        let noun = if ids.len() == 1 {
            "answer is"
        } else {
            "answers are"
        };
        AnswersError::one(
            "missing-answers",
            None,
            format!(
                "{} {noun} missing: {} (answer them, or use --partial to assess without them)",
                ids.len(),
                ids.join(", ")
            ),
        )
    }
}

fn convert(kind: &Kind, raw: &Raw<'_>) -> Result<Value, &'static str> {
    match (kind, raw) {
        (_, Raw::Null) => Err("null-value"),
        (Kind::Tristate, Raw::Bool(b)) => Ok(Value::Option(if *b {
            crate::catalog::YES
        } else {
            crate::catalog::NO
        })),
        (Kind::Tristate | Kind::Choice { .. }, Raw::Str(s)) => {
            kind.option_index(s).map(Value::Option).ok_or("wrong-value")
        }
        (Kind::Int { min, max }, Raw::Number(x)) => {
            if x.fract() != 0.0 {
                return Err("wrong-type");
            }
            in_range(*x, *min, *max)
        }
        (Kind::Number { min, max }, Raw::Number(x)) => in_range(*x, *min, *max),
        (Kind::Int { .. } | Kind::Number { .. }, Raw::HugeNumber(_)) => Err("out-of-range"),
        _ => Err("wrong-type"),
    }
}

fn in_range(x: f64, min: f64, max: Option<f64>) -> Result<Value, &'static str> {
    if x.is_finite() && x >= min && max.is_none_or(|max| x <= max) {
        Ok(Value::Number(x))
    } else {
        Err("out-of-range")
    }
}

fn describe_raw(raw: &Raw<'_>) -> String {
    match raw {
        Raw::Null => "null".to_string(),
        Raw::Bool(b) => b.to_string(),
        Raw::Number(x) => number(*x),
        Raw::HugeNumber(text) => format!("{}, too large to use", shorten(text)),
        Raw::Str(s) => format!("\"{}\"", shorten(s)),
        Raw::Array => "a list".to_string(),
        Raw::Object => "an object".to_string(),
    }
}

/// What kind of JSON value this is, for a message.
fn describe_kind(raw: &Raw<'_>) -> &'static str {
    match raw {
        Raw::Null => "null",
        Raw::Bool(_) => "true or false",
        Raw::Number(_) | Raw::HugeNumber(_) => "a number",
        Raw::Str(_) => "a string",
        Raw::Array => "a list",
        Raw::Object => "an object",
    }
}

/// A number as a person writes it: no 300-digit expansions.
fn number(x: f64) -> String {
    if x != 0.0 && !(1e-6..1e15).contains(&x.abs()) {
        format!("{x:e}")
    } else {
        x.to_string()
    }
}

/// Text from the input, fit to quote in a one-line message: at most 40
/// characters, with control characters escaped.
fn shorten(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().take(40) {
        if c.is_control() {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    if s.chars().nth(40).is_some() {
        out.push('…');
    }
    out
}

/// Answers as contract-v1 JSON (for `--save`): the given answers only.
#[must_use]
pub fn to_json(answers: &Answers, catalog: &Catalog) -> serde_json::Map<String, serde_json::Value> {
    let mut map = serde_json::Map::new();
    for (q, value) in catalog.questions.iter().zip(&answers.values) {
        let json = match *value {
            Value::Option(i) => {
                serde_json::Value::String(q.kind.option_values()[usize::from(i)].to_string())
            }
            Value::Number(x) => {
                serde_json::Number::from_f64(x).map_or(serde_json::Value::Null, |n| {
                    if x.fract() == 0.0 && x.abs() < 9e15 {
                        #[allow(clippy::cast_possible_truncation)]
                        serde_json::Value::from(x as i64)
                    } else {
                        serde_json::Value::Number(n)
                    }
                })
            }
            Value::Missing | Value::Skipped => continue,
        };
        map.insert(q.id.clone(), json);
    }
    map
}
