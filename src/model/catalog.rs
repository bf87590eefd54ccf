//! The question catalog: every answer id, its type, when it is asked and how
//! it is worded. Loaded from `questions.toml`; the questionnaire and the
//! validation of JSON answers both read it.

use std::ops::Range;

use rustc_hash::FxHashMap;

use crate::model::condition::Condition;

pub use crate::model::value::{NO, QuestionId, TRISTATE_OPTIONS, UNSURE, YES, question_id};

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Tristate,
    Int { min: f64, max: Option<f64> },
    Number { min: f64, max: Option<f64> },
    Choice { options: Vec<ChoiceOption> },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChoiceOption {
    pub value: String,
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

    #[must_use]
    pub fn option_index(&self, value: &str) -> Option<u8> {
        let index = match self {
            Kind::Tristate => TRISTATE_OPTIONS.iter().position(|o| *o == value),
            Kind::Choice { options } => options.iter().position(|o| o.value == value),
            Kind::Int { .. } | Kind::Number { .. } => None,
        }?;
        u8::try_from(index).ok()
    }

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
pub fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    Core,
    Emergency,
    Infection,
    Warning,
    Course,
    Medicine,
}

impl Section {
    pub const ALL: [(Section, &'static str); 6] = [
        (Section::Core, "core"),
        (Section::Emergency, "emergency"),
        (Section::Infection, "infection"),
        (Section::Warning, "warning"),
        (Section::Course, "course"),
        (Section::Medicine, "medicine"),
    ];

    #[must_use]
    pub fn parse(s: &str) -> Option<Section> {
        Section::ALL
            .iter()
            .find(|(_, n)| *n == s)
            .map(|(sec, _)| *sec)
    }

    #[must_use]
    pub fn as_str(self) -> &'static str {
        Section::ALL
            .iter()
            .find(|(s, _)| *s == self)
            .map_or("", |(_, n)| n)
    }
}

#[derive(Debug, Clone)]
pub struct Question {
    pub id: String,
    pub kind: Kind,
    pub section: Section,
    pub prompt: String,
    pub help: Option<String>,
    pub unit: Option<String>,
    pub asked_when: Option<Condition>,
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
pub struct Group {
    pub id: String,
    pub prompt: String,
    pub help: Option<String>,
    /// A short name for the review of answers.
    pub label: Option<String>,
}

/// The compiled question catalog.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
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

    #[must_use]
    pub fn lookup(&self, id: &str) -> Option<QuestionId> {
        self.by_id.get(id).copied()
    }

    #[must_use]
    pub fn get(&self, id: QuestionId) -> &Question {
        &self.questions[usize::from(id)]
    }

    #[must_use]
    pub fn len(&self) -> usize {
        self.questions.len()
    }

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
