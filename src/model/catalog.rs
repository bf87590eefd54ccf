//! The question catalog: every answer id, its type, when it is asked and how
//! it is worded. Loaded from `questions.toml`; the questionnaire and the
//! validation of JSON answers both read it.

use std::ops::Range;

use rustc_hash::FxHashMap;

use crate::model::condition::Condition;

pub use crate::model::value::{NO, QuestionId, TRISTATE_OPTIONS, UNSURE, YES, question_id};

/// A question's type: what its answer may be (`type` in `questions.toml`).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Kind {
    /// `yes`, `no` or `unsure`.
    Tristate,
    /// A whole number.
    Int {
        /// The smallest accepted value.
        min: f64,
        /// The largest accepted value, if there is one.
        max: Option<f64>,
    },
    /// A number.
    Number {
        /// The smallest accepted value.
        min: f64,
        /// The largest accepted value, if there is one.
        max: Option<f64>,
    },
    /// One of a list of options.
    Choice {
        /// The options, in the order they are shown.
        options: Vec<ChoiceOption>,
    },
}

/// One option of a choice question.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ChoiceOption {
    /// The value an answers object gives, such as `both_legs`.
    pub value: String,
    /// The option as the person reads it.
    pub label: String,
}

impl Kind {
    /// The option values, for tristate and choice questions.
    #[must_use]
    pub fn option_values(&self) -> Vec<&str> {
        match self {
            Kind::Tristate => TRISTATE_OPTIONS.to_vec(),
            Kind::Choice { options } => options.iter().map(|o| o.value.as_str()).collect(),
            Kind::Int { .. } | Kind::Number { .. } => Vec::new(),
        }
    }

    /// The index of an option value (tristate or choice), as [`Value::Option`](crate::model::value::Value::Option) holds it.
    #[must_use]
    pub fn option_index(&self, value: &str) -> Option<u8> {
        let index = match self {
            Kind::Tristate => TRISTATE_OPTIONS.iter().position(|o| *o == value),
            Kind::Choice { options } => options.iter().position(|o| o.value == value),
            Kind::Int { .. } | Kind::Number { .. } => None,
        }?;
        u8::try_from(index).ok()
    }

    /// An `int` or `number` question.
    #[must_use]
    pub fn is_numeric(&self) -> bool {
        matches!(self, Kind::Int { .. } | Kind::Number { .. })
    }

    /// The range of a numeric question.
    #[must_use]
    pub fn range(&self) -> Option<(f64, Option<f64>)> {
        match self {
            Kind::Int { min, max } | Kind::Number { min, max } => Some((*min, *max)),
            Kind::Tristate | Kind::Choice { .. } => None,
        }
    }

    /// What an answer to this question may be, in words: "one of `yes`, `no`
    /// or `unsure`", "a whole number from 0 to 120".
    #[must_use]
    pub fn accepts(&self) -> String {
        match self {
            Kind::Tristate => "\"yes\", \"no\" or \"unsure\" (or true/false)".to_string(),
            Kind::Choice { options } => {
                let values: Vec<String> =
                    options.iter().map(|o| format!("\"{}\"", o.value)).collect();
                format!("one of {}", join_or(&values))
            }
            Kind::Int { min, max } => match max {
                Some(max) => format!("a whole number from {min} to {max}"),
                None => format!("a whole number of at least {min}"),
            },
            Kind::Number { min, max } => match max {
                Some(max) => format!("a number from {min} to {max}"),
                None => format!("a number of at least {min}"),
            },
        }
    }
}

/// "a", "a or b", "a, b or c".
#[must_use]
pub(crate) fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// The part of the questionnaire a question belongs to (`section` in
/// `questions.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Section {
    /// About the person and the pain: age, onset, where and how bad.
    Core,
    /// Emergency red flags.
    Emergency,
    /// Signs of infection.
    Infection,
    /// Warning signs that need a clinician soon.
    Warning,
    /// How the pain has gone, and how the person copes.
    Course,
    /// What rules a medicine out (cautions).
    Medicine,
}

impl Section {
    /// Every section with its name in `questions.toml`.
    pub const ALL: [(Section, &'static str); 6] = [
        (Section::Core, "core"),
        (Section::Emergency, "emergency"),
        (Section::Infection, "infection"),
        (Section::Warning, "warning"),
        (Section::Course, "course"),
        (Section::Medicine, "medicine"),
    ];

    /// The section of a name in `questions.toml`.
    #[must_use]
    pub fn parse(s: &str) -> Option<Section> {
        Section::ALL
            .iter()
            .find(|(_, n)| *n == s)
            .map(|(sec, _)| *sec)
    }

    /// The section's name in `questions.toml`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        Section::ALL
            .iter()
            .find(|(s, _)| *s == self)
            .map_or("", |(_, n)| n)
    }
}

/// One question of the catalog.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Question {
    /// The answer key, such as `saddle_numbness`.
    pub id: String,
    /// What the answer may be.
    pub kind: Kind,
    /// The part of the questionnaire it is asked in.
    pub section: Section,
    /// The question as the person reads it.
    pub prompt: String,
    /// A line of explanation shown below the prompt.
    pub help: Option<String>,
    /// The unit of a number, such as `years`.
    pub unit: Option<String>,
    /// Asked only when this holds; otherwise the answer is [`Value::Skipped`](crate::model::value::Value::Skipped).
    pub asked_when: Option<Condition>,
    /// May be left unanswered without `--partial`.
    pub optional: bool,
    /// Marked by the catalog as an emergency red flag: `yes` must give
    /// `emergency`, `unsure` at least `urgent`.
    pub red_flag: bool,
    /// Another answer key that may carry this answer as an RFC 3339 time.
    pub timestamp_key: Option<String>,
    /// The checklist ([`Group`], by index) this question is asked in, if any.
    pub group: Option<usize>,
    /// A short name for checklists and the review of answers.
    pub label: Option<String>,
    /// Where the id is written in `questions.toml` (byte range).
    pub span: Range<usize>,
    /// Where `red_flag` is written, for a red flag.
    pub red_flag_span: Option<Range<usize>>,
}

impl Question {
    /// The short name if there is one, else the prompt.
    #[must_use]
    pub fn short(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.prompt)
    }
}

/// A checklist: tristate questions the questionnaire asks together on one
/// screen ("tick any that apply"). Answers are still one per question.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Group {
    /// The id that questions name in `group`.
    pub id: String,
    /// The checklist's question, such as "Do you have any of these?".
    pub prompt: String,
    /// A line of explanation shown below the prompt.
    pub help: Option<String>,
    /// A short name for the review of answers.
    pub label: Option<String>,
}

/// The compiled question catalog.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    /// In the order they are asked.
    pub questions: Vec<Question>,
    /// Checklists, in the order they are defined.
    pub groups: Vec<Group>,
    by_id: FxHashMap<String, QuestionId>,
    /// An order in which every `asked_when` only reads questions already placed.
    pub(crate) skip_order: Vec<QuestionId>,
    timestamp_question: Option<QuestionId>,
}

impl Catalog {
    pub(crate) fn new(questions: Vec<Question>, skip_order: Vec<QuestionId>) -> Catalog {
        let by_id = questions
            .iter()
            .enumerate()
            .map(|(i, q)| (q.id.clone(), question_id(i)))
            .collect();
        let timestamp_question = questions
            .iter()
            .position(|q| q.timestamp_key.is_some())
            .map(question_id);
        Catalog {
            questions,
            groups: Vec::new(),
            by_id,
            skip_order,
            timestamp_question,
        }
    }

    /// The question whose answer may also be given as a time (`onset_hours_ago`).
    #[must_use]
    pub fn timestamp_question(&self) -> Option<QuestionId> {
        self.timestamp_question
    }

    /// The index of a question id.
    #[must_use]
    pub fn lookup(&self, id: &str) -> Option<QuestionId> {
        self.by_id.get(id).copied()
    }

    /// The question at an index.
    ///
    /// # Panics
    /// When the index is not one of this catalog's (from [`Catalog::lookup`]
    /// or the order of [`Catalog::questions`]).
    #[must_use]
    pub fn get(&self, id: QuestionId) -> &Question {
        &self.questions[usize::from(id)]
    }

    /// The number of questions.
    #[must_use]
    pub fn len(&self) -> usize {
        self.questions.len()
    }

    /// No questions at all.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.questions.is_empty()
    }

    /// Every key an answers object may hold: the ids and their timestamp keys.
    pub fn answer_keys(&self) -> impl Iterator<Item = &str> {
        self.questions
            .iter()
            .flat_map(|q| std::iter::once(q.id.as_str()).chain(q.timestamp_key.as_deref()))
    }
}
