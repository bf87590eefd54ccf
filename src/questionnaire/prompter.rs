//! How the questionnaire talks to a person: the small [`Prompter`] trait.
//! The terminal implementation is [`terminal`](super::terminal) (feature
//! `cli`); tests use a scripted one.

use std::io;

/// What one screen shows above the answer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Screen {
    /// The top line: progress, and the emergency number.
    pub header: String,
    /// Paragraphs before the question (the opening, on the first screen).
    pub preface: Vec<String>,
    /// The question.
    pub prompt: String,
    /// A line of explanation below it.
    pub help: Option<String>,
    /// Why the last answer was not taken, when it was not.
    pub note: Option<String>,
    /// There is a question before this one to go back to.
    pub back: bool,
}

/// Why the questionnaire stopped before the end.
#[derive(Debug)]
#[non_exhaustive]
pub enum Stop {
    /// The person pressed Esc.
    Cancelled,
    /// The person asked for the question before (← or Backspace); only
    /// when the screen offers it ([`Screen::back`]).
    Back,
    /// Ctrl-C while waiting for a key.
    Interrupted,
    /// The terminal failed.
    Io(io::Error),
}

impl From<io::Error> for Stop {
    fn from(e: io::Error) -> Stop {
        if e.kind() == io::ErrorKind::Interrupted {
            Stop::Interrupted
        } else {
            Stop::Io(e)
        }
    }
}

/// The four ways the questionnaire asks. Each call shows one screen (a
/// `confirm` adds a line to the current one).
pub trait Prompter {
    /// One of `items`; `current` is marked (when changing an answer).
    ///
    /// # Errors
    /// [`Stop`] when the person leaves, or the terminal fails.
    fn choose(
        &mut self,
        screen: &Screen,
        items: &[String],
        current: Option<usize>,
    ) -> Result<usize, Stop>;

    /// Any of `items`, as indices; `ticked` are ticked to begin with.
    ///
    /// # Errors
    /// As [`Prompter::choose`].
    fn tick(
        &mut self,
        screen: &Screen,
        items: &[String],
        ticked: &[bool],
    ) -> Result<Vec<usize>, Stop>;

    /// A line of text, starting from `initial`.
    ///
    /// # Errors
    /// As [`Prompter::choose`].
    fn text(&mut self, screen: &Screen, initial: &str) -> Result<String, Stop>;

    /// Yes or no, below the current screen; Enter means yes.
    ///
    /// # Errors
    /// As [`Prompter::choose`].
    fn confirm(&mut self, question: &str) -> Result<bool, Stop>;
}
