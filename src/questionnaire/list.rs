//! A list on screen, to pick one answer or tick several, as a state
//! machine over keys. Kept apart from the terminal so that every key it
//! knows is tested, and none changes an answer out of sight. (dialoguer's
//! lists have no key to go back a question, and tick every line on `a`.)

/// Pick one line, or tick any number of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// One answer: Enter takes the highlighted line.
    One,
    /// A checklist: Space ticks or unticks, Enter takes the ticked lines.
    Many,
}

/// A key, as the list understands it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// ↑ (or Shift-Tab).
    Up,
    /// ↓ (or Tab).
    Down,
    /// Home.
    First,
    /// End.
    Last,
    /// Page Up, by this many lines.
    PageUp(usize),
    /// Page Down, by this many lines.
    PageDown(usize),
    /// Space.
    Toggle,
    /// Enter.
    Enter,
    /// ← or Backspace: the question before.
    Back,
    /// Esc.
    Cancel,
    /// Any other key: nothing happens.
    Other,
}

/// What a key did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// The highlight or the ticks changed: draw the list again.
    Redraw,
    /// Nothing changed.
    Nothing,
    /// Enter with no line highlighted, in a one-answer list.
    NothingPicked,
    /// The answer: one index, or the ticked ones in order.
    Done(Vec<usize>),
    /// The person asked for the question before.
    Back,
    /// The person pressed Esc.
    Cancel,
}

/// The state of a list: which line is highlighted, which are ticked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct List {
    mode: Mode,
    len: usize,
    cursor: Option<usize>,
    ticked: Vec<bool>,
}

impl List {
    /// A one-answer list of `len` lines. `current` (the answer given
    /// before) is highlighted; otherwise nothing is, so that an Enter
    /// pressed too soon answers nothing, least of all a red flag.
    #[must_use]
    pub fn one(len: usize, current: Option<usize>) -> List {
        List {
            mode: Mode::One,
            len,
            cursor: current.filter(|&i| i < len),
            ticked: vec![false; len],
        }
    }

    /// A checklist of `len` lines, `ticked` to begin with; the first line
    /// is highlighted.
    #[must_use]
    pub fn many(len: usize, ticked: &[bool]) -> List {
        let mut t = ticked.to_vec();
        t.resize(len, false);
        List {
            mode: Mode::Many,
            len,
            cursor: (len > 0).then_some(0),
            ticked: t,
        }
    }

    /// The list's mode.
    #[must_use]
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The highlighted line, if any.
    #[must_use]
    pub fn cursor(&self) -> Option<usize> {
        self.cursor
    }

    /// Whether line `i` is ticked.
    #[must_use]
    pub fn is_ticked(&self, i: usize) -> bool {
        self.ticked.get(i).copied().unwrap_or(false)
    }

    /// Applies one key.
    pub fn key(&mut self, input: Input) -> Action {
        if self.len == 0 {
            return match input {
                Input::Back => Action::Back,
                Input::Cancel => Action::Cancel,
                _ => Action::Nothing,
            };
        }
        let last = self.len - 1;
        let moved = match (input, self.cursor) {
            // From nothing highlighted, ↓ comes to the first line, ↑ to the last.
            (Input::Down | Input::PageDown(_), None) | (Input::First, _) => Some(0),
            (Input::Up | Input::PageUp(_), None) | (Input::Last, _) => Some(last),
            (Input::Down, Some(i)) => Some(if i == last { 0 } else { i + 1 }),
            (Input::Up, Some(i)) => Some(if i == 0 { last } else { i - 1 }),
            (Input::PageDown(n), Some(i)) => Some((i + n.max(1)).min(last)),
            (Input::PageUp(n), Some(i)) => Some(i.saturating_sub(n.max(1))),
            _ => None,
        };
        if let Some(to) = moved {
            let changed = self.cursor != Some(to);
            self.cursor = Some(to);
            return if changed {
                Action::Redraw
            } else {
                Action::Nothing
            };
        }
        match (input, self.mode, self.cursor) {
            (Input::Toggle, Mode::Many, Some(i)) => {
                self.ticked[i] = !self.ticked[i];
                Action::Redraw
            }
            (Input::Enter, Mode::One, Some(i)) => Action::Done(vec![i]),
            (Input::Enter, Mode::One, None) => Action::NothingPicked,
            (Input::Enter, Mode::Many, _) => {
                Action::Done((0..self.len).filter(|&i| self.ticked[i]).collect())
            }
            (Input::Back, ..) => Action::Back,
            (Input::Cancel, ..) => Action::Cancel,
            _ => Action::Nothing,
        }
    }

    /// The first line of a window of `rows` lines that shows the
    /// highlighted one, moving `offset` as little as possible.
    #[must_use]
    pub fn window(&self, offset: usize, rows: usize) -> usize {
        let rows = rows.max(1);
        let offset = offset.min(self.len.saturating_sub(rows));
        match self.cursor {
            Some(i) if i < offset => i,
            Some(i) if i >= offset + rows => i + 1 - rows,
            _ => offset,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(list: &mut List, keys: &[Input]) -> Action {
        keys.iter().map(|&k| list.key(k)).last().expect("a key")
    }

    #[test]
    fn enter_before_any_line_is_highlighted_answers_nothing() {
        let mut list = List::one(3, None);
        assert_eq!(list.key(Input::Enter), Action::NothingPicked);
        assert_eq!(
            press(&mut list, &[Input::Down, Input::Down, Input::Enter]),
            Action::Done(vec![1])
        );
    }

    #[test]
    fn up_from_nothing_comes_to_the_last_line_and_moves_wrap_around() {
        let mut list = List::one(3, None);
        assert_eq!(
            press(&mut list, &[Input::Up, Input::Enter]),
            Action::Done(vec![2])
        );
        let mut list = List::one(3, Some(2));
        assert_eq!(
            press(&mut list, &[Input::Down, Input::Enter]),
            Action::Done(vec![0])
        );
        let mut list = List::one(3, Some(0));
        assert_eq!(
            press(&mut list, &[Input::Up, Input::Enter]),
            Action::Done(vec![2])
        );
    }

    #[test]
    fn the_answer_given_before_is_highlighted() {
        let mut list = List::one(4, Some(2));
        assert_eq!(list.key(Input::Enter), Action::Done(vec![2]));
        assert_eq!(List::one(4, Some(9)).cursor(), None);
    }

    #[test]
    fn only_space_ticks_and_no_letter_changes_an_answer() {
        let mut list = List::many(4, &[false, true]);
        for _ in ['a', 'q', 'x', 'y', 'n'] {
            assert_eq!(list.key(Input::Other), Action::Nothing);
        }
        assert_eq!(
            press(
                &mut list,
                &[Input::Toggle, Input::Last, Input::Toggle, Input::Enter]
            ),
            Action::Done(vec![0, 1, 3])
        );
        let mut list = List::many(3, &[true, true, true]);
        assert_eq!(
            press(&mut list, &[Input::Toggle, Input::Enter]),
            Action::Done(vec![1, 2])
        );
    }

    #[test]
    fn space_in_a_one_answer_list_does_nothing() {
        let mut list = List::one(3, Some(1));
        assert_eq!(list.key(Input::Toggle), Action::Nothing);
        assert_eq!(list.key(Input::Enter), Action::Done(vec![1]));
    }

    #[test]
    fn back_and_esc_are_reported_and_change_nothing() {
        let mut list = List::many(3, &[true]);
        assert_eq!(list.key(Input::Back), Action::Back);
        assert_eq!(list.key(Input::Cancel), Action::Cancel);
        assert_eq!(list.key(Input::Enter), Action::Done(vec![0]));
        assert_eq!(List::one(0, None).key(Input::Back), Action::Back);
        assert_eq!(List::one(0, None).key(Input::Enter), Action::Nothing);
    }

    #[test]
    fn pages_stop_at_the_ends() {
        let mut list = List::one(10, Some(1));
        assert_eq!(
            press(&mut list, &[Input::PageDown(4), Input::PageDown(4)]),
            Action::Redraw
        );
        assert_eq!(list.cursor(), Some(9));
        assert_eq!(list.key(Input::PageDown(4)), Action::Nothing);
        list.key(Input::PageUp(20));
        assert_eq!(list.cursor(), Some(0));
    }

    #[test]
    fn the_window_follows_the_highlight() {
        let mut list = List::one(10, Some(0));
        assert_eq!(list.window(0, 4), 0);
        list.key(Input::Last);
        assert_eq!(list.window(0, 4), 6);
        list.key(Input::First);
        assert_eq!(list.window(6, 4), 0);
        list.key(Input::PageDown(5));
        assert_eq!(list.window(0, 4), 2);
        assert_eq!(list.window(3, 4), 3);
        // A window taller than the list starts at the top.
        assert_eq!(List::one(3, Some(2)).window(5, 10), 0);
    }
}
