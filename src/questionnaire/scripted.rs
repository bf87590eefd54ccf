//! A prompter that answers from a script, for tests of the flow.
use std::collections::VecDeque;

use crate::questionnaire::prompter::{Prompter, Screen, Stop};

#[derive(Debug, Clone)]
pub enum Reply {
    /// Choose the item with this text.
    Pick(&'static str),
    /// Tick exactly the items with these texts.
    Tick(Vec<&'static str>),
    Type(&'static str),
    Confirm(bool),
    /// Press Esc.
    Esc,
    /// Press ← (go back), where the screen offers it.
    Back,
}

/// Replays [`Reply`]s in order and records every screen it was shown.
#[derive(Debug, Default)]
pub struct Scripted {
    replies: VecDeque<Reply>,
    pub screens: Vec<Screen>,
    /// The items of each screen, in step with `screens`.
    pub items: Vec<Vec<String>>,
    /// What each screen started from, in step with `screens`: the
    /// highlighted item, the ticked items, or the text.
    pub started: Vec<String>,
}

impl Scripted {
    pub fn new(replies: impl IntoIterator<Item = Reply>) -> Scripted {
        Scripted {
            replies: replies.into_iter().collect(),
            ..Scripted::default()
        }
    }

    pub fn prompts(&self) -> Vec<&str> {
        self.screens.iter().map(|s| s.prompt.as_str()).collect()
    }

    pub fn left(&self) -> usize {
        self.replies.len()
    }

    fn next(&mut self, screen: &Screen, items: &[String], started: String) -> Reply {
        self.screens.push(screen.clone());
        self.items.push(items.to_vec());
        self.started.push(started);
        match self.replies.pop_front() {
            Some(Reply::Back) if !screen.back => {
                panic!("no way back offered at {:?}", screen.prompt)
            }
            Some(reply) => reply,
            None => panic!("the script ended at {:?}", screen.prompt),
        }
    }
}

fn find(items: &[String], text: &str, prompt: &str) -> usize {
    items
        .iter()
        .position(|i| i == text)
        .unwrap_or_else(|| panic!("no item {text:?} at {prompt:?}; items: {items:?}"))
}

impl Prompter for Scripted {
    fn choose(
        &mut self,
        screen: &Screen,
        items: &[String],
        current: Option<usize>,
    ) -> Result<usize, Stop> {
        let started = current.map(|i| items[i].clone()).unwrap_or_default();
        match self.next(screen, items, started) {
            Reply::Pick(text) => Ok(find(items, text, &screen.prompt)),
            Reply::Esc => Err(Stop::Cancelled),
            Reply::Back => Err(Stop::Back),
            other => panic!(
                "expected a pick at {:?}, script has {other:?}",
                screen.prompt
            ),
        }
    }

    fn tick(
        &mut self,
        screen: &Screen,
        items: &[String],
        ticked: &[bool],
    ) -> Result<Vec<usize>, Stop> {
        let started: Vec<&str> = items
            .iter()
            .zip(ticked)
            .filter(|(_, t)| **t)
            .map(|(i, _)| i.as_str())
            .collect();
        match self.next(screen, items, started.join("; ")) {
            Reply::Tick(texts) => Ok(texts
                .iter()
                .map(|t| find(items, t, &screen.prompt))
                .collect()),
            Reply::Esc => Err(Stop::Cancelled),
            Reply::Back => Err(Stop::Back),
            other => panic!(
                "expected ticks at {:?}, script has {other:?}",
                screen.prompt
            ),
        }
    }

    fn text(&mut self, screen: &Screen, initial: &str) -> Result<String, Stop> {
        match self.next(screen, &[], initial.to_string()) {
            Reply::Type(text) => Ok(text.to_string()),
            Reply::Esc => Err(Stop::Cancelled),
            Reply::Back => Err(Stop::Back),
            other => panic!("expected text at {:?}, script has {other:?}", screen.prompt),
        }
    }

    fn confirm(&mut self, question: &str) -> Result<bool, Stop> {
        match self.replies.pop_front() {
            Some(Reply::Confirm(yes)) => Ok(yes),
            Some(Reply::Esc) => Err(Stop::Cancelled),
            other => panic!("expected a confirm at {question:?}, script has {other:?}"),
        }
    }
}
