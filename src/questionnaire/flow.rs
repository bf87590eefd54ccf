//! The interactive questionnaire, as a flow over a [`Prompter`]: questions,
//! wording, checklists and skip logic all come from the catalog. Red flags
//! come first, and the questionnaire stops the moment the answers given
//! decide `emergency`. Otherwise a review lets the person change any answer
//! before the result.

use jiff::Zoned;

use crate::engine::{self, Decision};
use crate::model::answers::{Answers, Builder, Missing, ParseOptions, Value};
use crate::model::catalog::{Kind, NO, Question, QuestionId, UNSURE, YES, question_id};
use crate::model::onset;
use crate::model::region::Region;
use crate::model::rule_set::RuleSet;
use crate::model::urgency::Urgency;
use crate::questionnaire::prompter::{Prompter, Screen, Stop};

/// Tristate answers as shown, in the order shown.
const TRISTATE: [(&str, u8); 3] = [("Yes", YES), ("No", NO), ("Not sure", UNSURE)];
const SKIP: &str = "Skip this question";
const NOT_SURE: &str = "Not sure about one or more of these";
const NONE: &str = "None of these";
const SHOW_RESULT: &str = "All correct: show my result";

/// How the questionnaire ended.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Outcome {
    /// The decision on the answers given.
    pub decision: Decision,
    /// Screens shown: questions, checklists, reviews and changes.
    pub screens: usize,
    /// The question number at which the answers decided `emergency` and
    /// the questionnaire stopped, if they did.
    pub stopped_at: Option<usize>,
}

/// What one screen asks: a question on its own, or a checklist (a group).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    One(QuestionId),
    Checklist(usize),
}

/// Runs the questionnaire to a decision.
///
/// # Errors
/// [`Stop`] when the person leaves (Esc, Ctrl-C) or the terminal fails.
pub fn run(
    rules: &RuleSet,
    region: &Region,
    now: &Zoned,
    prompter: &mut dyn Prompter,
) -> Result<Outcome, Stop> {
    Questionnaire::new(rules, region, now).run(prompter)
}

/// The paragraphs of the opening screen.
#[must_use]
pub fn opening(region: &Region) -> Vec<String> {
    vec![
        "This tool helps you decide where to get care for back pain or a back spasm: \
         emergency help now, a doctor or physiotherapist, or looking after it at home."
            .to_string(),
        "It gives general information. It does not replace a doctor, nurse or \
         physiotherapist, who can examine you."
            .to_string(),
        format!(
            "If you think you need emergency help, call {} now. Do not wait for this tool.",
            region.emergency_name
        ),
    ]
}

struct Questionnaire<'r> {
    rules: &'r RuleSet,
    region: &'r Region,
    now: Zoned,
    steps: Vec<Step>,
    /// The answers so far, one slot per catalog question.
    given: Vec<Option<Value>>,
    screens: usize,
}

impl<'r> Questionnaire<'r> {
    fn new(rules: &'r RuleSet, region: &'r Region, now: &Zoned) -> Questionnaire<'r> {
        let catalog = &rules.catalog;
        let mut steps = Vec::new();
        for (i, q) in catalog.questions.iter().enumerate() {
            let step = match q.group {
                Some(g) => Step::Checklist(g),
                None => Step::One(question_id(i)),
            };
            // A checklist is asked where its first question stands.
            if !steps.contains(&step) {
                steps.push(step);
            }
        }
        Questionnaire {
            rules,
            region,
            now: now.clone(),
            steps,
            given: vec![None; catalog.len()],
            screens: 0,
        }
    }

    fn run(mut self, p: &mut dyn Prompter) -> Result<Outcome, Stop> {
        // The steps asked so far, in order, for going back; and the steps
        // to ask again though answered, after going back past them.
        let mut asked: Vec<usize> = Vec::new();
        let mut again = vec![false; self.steps.len()];
        let mut k = 0;
        while k < self.steps.len() {
            let step = self.steps[k];
            let values = self.answers().values;
            if !self.applies(step, &values) || (self.answered(step, &values) && !again[k]) {
                k += 1;
                continue;
            }
            let number = asked.len() + 1;
            let total = number + self.remaining(k + 1, &values, &again);
            let header = format!("Question {number} of about {total}");
            match self.ask(p, step, &header, number == 1, number > 1) {
                Err(Stop::Back) => {
                    if let Some(before) = asked.pop() {
                        again[before] = true;
                        k = before;
                    }
                    continue;
                }
                other => other?,
            }
            again[k] = false;
            if let Some(decision) = self.emergency() {
                return Ok(self.outcome(decision, Some(number)));
            }
            asked.push(k);
            k += 1;
        }
        while let Some(step) = self.review(p)? {
            // Esc while changing an answer goes back to the review, with
            // the answer as it was; only Ctrl-C stops.
            match self.ask(
                p,
                step,
                "Changing an answer (Esc: back to the review)",
                false,
                true,
            ) {
                Err(Stop::Cancelled | Stop::Back) => continue,
                other => other?,
            }
            if let Some(decision) = self.emergency() {
                return Ok(self.outcome(decision, None));
            }
            // A change can bring in questions that were skipped before.
            for k in 0..self.steps.len() {
                let step = self.steps[k];
                let values = self.answers().values;
                if self.applies(step, &values) && !self.answered(step, &values) {
                    self.ask(p, step, "A new question, after your change", false, false)?;
                    if let Some(decision) = self.emergency() {
                        return Ok(self.outcome(decision, None));
                    }
                }
            }
        }
        let answers = self.answers();
        // Every question is answered here; were one missing, `evaluate`
        // would fire every rule it could make hold.
        let decision = engine::decide(self.rules, answers.clone(), Missing::Reject)
            .unwrap_or_else(|_| engine::evaluate(self.rules, answers));
        Ok(self.outcome(decision, None))
    }

    fn outcome(&self, decision: Decision, stopped_at: Option<usize>) -> Outcome {
        Outcome {
            decision,
            screens: self.screens,
            stopped_at,
        }
    }

    /// The answers so far, with skip logic applied (`Skipped` where a
    /// question's `asked_when` does not hold).
    fn answers(&self) -> Answers {
        let mut builder = Builder::new(&self.rules.catalog);
        for (i, value) in self.given.iter().enumerate() {
            if let Some(v) = value {
                builder.set(question_id(i), *v);
            }
        }
        let options = ParseOptions {
            missing: Missing::Reject,
            now: self.now.timestamp(),
        };
        // `set` records no problems, so this cannot fail; if it did, no
        // question would be skipped, which only asks more.
        builder.finish(options).unwrap_or_else(|_| Answers {
            values: self
                .given
                .iter()
                .map(|v| v.unwrap_or(Value::Missing))
                .collect(),
            unanswered: Vec::new(),
            onset: None,
        })
    }

    /// The decision, if the answers given already decide `emergency`.
    fn emergency(&self) -> Option<Decision> {
        engine::decide(self.rules, self.answers(), Missing::Reject)
            .ok()
            .filter(|d| d.urgency == Urgency::Emergency)
    }

    fn members(&self, step: Step) -> Vec<QuestionId> {
        match step {
            Step::One(q) => vec![q],
            Step::Checklist(g) => (0..self.rules.catalog.len())
                .filter(|&i| self.rules.catalog.questions[i].group == Some(g))
                .map(question_id)
                .collect(),
        }
    }

    /// The questions of a step that are asked, given the answers so far.
    fn asked(&self, step: Step, values: &[Value]) -> Vec<QuestionId> {
        self.members(step)
            .into_iter()
            .filter(|&q| values[usize::from(q)] != Value::Skipped)
            .collect()
    }

    fn applies(&self, step: Step, values: &[Value]) -> bool {
        !self.asked(step, values).is_empty()
    }

    fn answered(&self, step: Step, values: &[Value]) -> bool {
        self.asked(step, values)
            .iter()
            .all(|&q| self.given[usize::from(q)].is_some())
    }

    /// Steps from `from` on that are still to be asked (or asked again).
    fn remaining(&self, from: usize, values: &[Value], again: &[bool]) -> usize {
        (from..self.steps.len())
            .filter(|&k| {
                let s = self.steps[k];
                self.applies(s, values) && (again[k] || !self.answered(s, values))
            })
            .count()
    }

    fn question(&self, q: QuestionId) -> &'r Question {
        self.rules.catalog.get(q)
    }

    fn screen(&self, header: &str, prompt: &str, help: Option<&str>) -> Screen {
        Screen {
            header: format!(
                "{header}  ·  In an emergency, call {}",
                self.region.emergency
            ),
            preface: Vec::new(),
            prompt: prompt.to_string(),
            help: help.map(str::to_string),
            note: None,
            back: false,
        }
    }

    /// Asks one step; `back` offers the way back to the question before
    /// (or, when changing an answer, to the review).
    fn ask(
        &mut self,
        p: &mut dyn Prompter,
        step: Step,
        header: &str,
        first: bool,
        back: bool,
    ) -> Result<(), Stop> {
        self.screens += 1;
        let mut screen = match step {
            Step::One(q) => {
                let q = self.question(q);
                self.screen(header, &q.prompt, q.help.as_deref())
            }
            Step::Checklist(g) => {
                let g = &self.rules.catalog.groups[g];
                self.screen(header, &g.prompt, g.help.as_deref())
            }
        };
        if first {
            screen.preface = opening(self.region);
        }
        screen.back = back;
        match step {
            Step::Checklist(_) => self.ask_checklist(p, step, screen),
            Step::One(q) => {
                let question = self.question(q);
                if question.timestamp_key.is_some() && question.kind.is_numeric() {
                    self.ask_onset(p, q, screen)
                } else if question.kind.is_numeric() {
                    self.ask_number(p, q, screen)
                } else {
                    self.ask_option(p, q, &screen)
                }
            }
        }
    }

    fn ask_option(
        &mut self,
        p: &mut dyn Prompter,
        q: QuestionId,
        screen: &Screen,
    ) -> Result<(), Stop> {
        let question = self.question(q);
        let mut items: Vec<(String, Value)> = match &question.kind {
            Kind::Tristate => TRISTATE
                .iter()
                .map(|(label, v)| ((*label).to_string(), Value::Option(*v)))
                .collect(),
            Kind::Choice { options } => options
                .iter()
                .zip(0u8..)
                .map(|(o, i)| (o.label.clone(), Value::Option(i)))
                .collect(),
            Kind::Int { .. } | Kind::Number { .. } => Vec::new(),
        };
        if question.optional {
            items.push((SKIP.to_string(), Value::Missing));
        }
        let current =
            self.given[usize::from(q)].and_then(|v| items.iter().position(|(_, x)| *x == v));
        let labels: Vec<String> = items.iter().map(|(l, _)| l.clone()).collect();
        let chosen = p.choose(screen, &labels, current)?;
        if let Some((_, value)) = items.get(chosen) {
            self.given[usize::from(q)] = Some(*value);
        }
        Ok(())
    }

    fn ask_number(
        &mut self,
        p: &mut dyn Prompter,
        q: QuestionId,
        mut screen: Screen,
    ) -> Result<(), Stop> {
        let question = self.question(q);
        let initial = match self.given[usize::from(q)] {
            Some(Value::Number(x)) => x.to_string(),
            _ => String::new(),
        };
        loop {
            let typed = p.text(&screen, &initial)?;
            match read_number(question, &typed) {
                Ok(x) => {
                    self.given[usize::from(q)] = Some(Value::Number(x));
                    return Ok(());
                }
                Err(message) => screen.note = Some(message),
            }
        }
    }

    fn ask_onset(
        &mut self,
        p: &mut dyn Prompter,
        q: QuestionId,
        mut screen: Screen,
    ) -> Result<(), Stop> {
        // When changing it, start from the time, not from hours that have
        // since grown ("20 Nov 08:00", never "25.93 hours").
        let initial = match self.given[usize::from(q)] {
            Some(Value::Number(hours)) => {
                #[allow(clippy::cast_possible_truncation)]
                let seconds = (hours * 3600.0).round() as i64;
                self.now
                    .checked_sub(jiff::SignedDuration::from_secs(seconds))
                    .map(|at| at.strftime("%-d %b %H:%M").to_string())
                    .unwrap_or_default()
            }
            _ => String::new(),
        };
        let order = if self.region.id == "us" {
            onset::DateOrder::MonthDay
        } else {
            onset::DateOrder::DayMonth
        };
        loop {
            let typed = p.text(&screen, &initial)?;
            match onset::parse_in(&typed, &self.now, order) {
                Ok(at) => {
                    let hours = onset::hours_between(&at, &self.now);
                    let age = self
                        .rules
                        .catalog
                        .lookup("age")
                        .and_then(|age| self.given[usize::from(age)]);
                    if let Some(Value::Number(age)) = age
                        && crate::model::answers::onset_before_birth(age, hours)
                    {
                        screen.note = Some(format!(
                            "That would be before you were born (you told us you are {age}). Please check it, for example \"3 days\" or \"last Monday\"."
                        ));
                        continue;
                    }
                    let understood = format!(
                        "So the pain started {}. Is that right?",
                        onset::describe(hours, &self.now)
                    );
                    if p.confirm(&understood)? {
                        self.given[usize::from(q)] = Some(Value::Number(hours));
                        return Ok(());
                    }
                    screen.note = Some(
                        "Then please type it another way, for example \"30 hours\" or \"yesterday at 8am\"."
                            .to_string(),
                    );
                }
                Err(message) => screen.note = Some(message),
            }
        }
    }

    fn ask_checklist(
        &mut self,
        p: &mut dyn Prompter,
        step: Step,
        mut screen: Screen,
    ) -> Result<(), Stop> {
        let members = self.asked(step, &self.answers().values);
        let mut items: Vec<String> = members
            .iter()
            .map(|&q| self.question(q).short().to_string())
            .collect();
        let (not_sure, none) = (items.len(), items.len() + 1);
        items.push(NOT_SURE.to_string());
        items.push(NONE.to_string());
        let before: Vec<Option<Value>> = members
            .iter()
            .map(|&q| self.given[usize::from(q)])
            .collect();
        let mut ticked: Vec<bool> = before
            .iter()
            .map(|v| *v == Some(Value::Option(YES)))
            .collect();
        ticked.push(before.contains(&Some(Value::Option(UNSURE))));
        ticked.push(!before.is_empty() && before.iter().all(|v| *v == Some(Value::Option(NO))));
        loop {
            let chosen = p.tick(&screen, &items, &ticked)?;
            let symptoms = chosen.iter().any(|&i| i < not_sure);
            let problem = if chosen.is_empty() {
                Some(
                    "Nothing is ticked yet. Tick each line that applies with Space, or tick \"None of these\", then press Enter.",
                )
            } else if chosen.contains(&none) && (symptoms || chosen.contains(&not_sure)) {
                Some(
                    "\"None of these\" is ticked together with another line. Please untick one of them.",
                )
            } else {
                None
            };
            if let Some(problem) = problem {
                screen.note = Some(problem.to_string());
                ticked = (0..items.len()).map(|i| chosen.contains(&i)).collect();
                continue;
            }
            let open: Vec<usize> = (0..members.len()).filter(|i| !chosen.contains(i)).collect();
            let unsure = if chosen.contains(&not_sure) {
                match self.which_not_sure(p, &screen.header, &items, &open, &before) {
                    // Back to the checklist, ticked as it was left.
                    Err(Stop::Back) => {
                        ticked = (0..items.len()).map(|i| chosen.contains(&i)).collect();
                        continue;
                    }
                    other => other?,
                }
            } else {
                Vec::new()
            };
            for (i, &q) in members.iter().enumerate() {
                let v = if chosen.contains(&i) {
                    YES
                } else if unsure.contains(&i) {
                    UNSURE
                } else {
                    NO
                };
                self.given[usize::from(q)] = Some(Value::Option(v));
            }
            return Ok(());
        }
    }

    /// After "Not sure" in a checklist: which of the lines not ticked the
    /// person is not sure about. Only those become `unsure`; the others are
    /// `no`. One line left needs no question.
    fn which_not_sure(
        &mut self,
        p: &mut dyn Prompter,
        header: &str,
        items: &[String],
        open: &[usize],
        before: &[Option<Value>],
    ) -> Result<Vec<usize>, Stop> {
        if open.len() <= 1 {
            return Ok(open.to_vec());
        }
        self.screens += 1;
        let mut screen = Screen {
            header: header.to_string(),
            preface: Vec::new(),
            prompt: "Which of these are you not sure about?".to_string(),
            help: Some("Tick each one you are not sure about. The others count as no.".to_string()),
            note: None,
            back: true,
        };
        let lines: Vec<String> = open.iter().map(|&i| items[i].clone()).collect();
        let mut ticked: Vec<bool> = open
            .iter()
            .map(|&i| before[i] == Some(Value::Option(UNSURE)))
            .collect();
        loop {
            let chosen = p.tick(&screen, &lines, &ticked)?;
            if !chosen.is_empty() {
                return Ok(chosen.iter().map(|&k| open[k]).collect());
            }
            screen.note = Some(
                "Nothing is ticked yet. Tick each line you are not sure about with Space, then press Enter."
                    .to_string(),
            );
            ticked = vec![false; lines.len()];
        }
    }

    /// Shows every answer; returns the step to change, or `None` to finish.
    fn review(&mut self, p: &mut dyn Prompter) -> Result<Option<Step>, Stop> {
        self.screens += 1;
        let values = self.answers().values;
        let shown: Vec<Step> = self
            .steps
            .iter()
            .copied()
            .filter(|&s| self.applies(s, &values))
            .collect();
        let mut items = vec![SHOW_RESULT.to_string()];
        items.extend(shown.iter().map(|&s| self.summary(s, &values)));
        let mut screen = self.screen(
            "Check your answers",
            "Are these answers right?",
            Some("Pick one to change it, or pick the first line to see your result."),
        );
        screen.back = true;
        match p.choose(&screen, &items, Some(0)) {
            // Back from the review changes the last answer.
            Err(Stop::Back) => Ok(shown.last().copied()),
            chosen => Ok(chosen?.checked_sub(1).and_then(|i| shown.get(i).copied())),
        }
    }

    /// "Age: 35", "Your health: Cancer…; not sure about the rest".
    fn summary(&self, step: Step, values: &[Value]) -> String {
        match step {
            Step::One(q) => {
                let question = self.question(q);
                let answer = match self.given[usize::from(q)] {
                    Some(Value::Option(i)) => match &question.kind {
                        Kind::Choice { options } => options
                            .get(usize::from(i))
                            .map_or_else(String::new, |o| o.label.clone()),
                        _ => TRISTATE
                            .iter()
                            .find(|(_, v)| *v == i)
                            .map_or("", |(l, _)| l)
                            .to_string(),
                    },
                    Some(Value::Number(x)) if question.timestamp_key.is_some() => {
                        onset::describe(x, &self.now)
                    }
                    Some(Value::Number(x)) => match &question.unit {
                        Some(unit) => crate::model::value::with_unit(&x.to_string(), unit),
                        None => x.to_string(),
                    },
                    Some(Value::Missing | Value::Skipped) => "skipped".to_string(),
                    None => "not answered".to_string(),
                };
                format!("{}: {answer}", question.short())
            }
            Step::Checklist(g) => {
                let group = &self.rules.catalog.groups[g];
                let asked = self.asked(step, values);
                let yes: Vec<&str> = asked
                    .iter()
                    .filter(|&&q| self.given[usize::from(q)] == Some(Value::Option(YES)))
                    .map(|&q| self.question(q).short())
                    .collect();
                let unsure: Vec<&str> = asked
                    .iter()
                    .filter(|&&q| self.given[usize::from(q)] == Some(Value::Option(UNSURE)))
                    .map(|&q| self.question(q).short())
                    .collect();
                let answer = match (yes.is_empty(), unsure.is_empty()) {
                    (true, true) => "none of these".to_string(),
                    (true, false) => format!("not sure: {}", unsure.join("; ")),
                    (false, true) => yes.join("; "),
                    (false, false) => {
                        format!("{}; not sure: {}", yes.join("; "), unsure.join("; "))
                    }
                };
                format!(
                    "{}: {answer}",
                    group.label.as_deref().unwrap_or(&group.prompt)
                )
            }
        }
    }
}

/// A number as typed ("35", "35 years", "6/10"), checked against the
/// question's range.
fn read_number(question: &Question, typed: &str) -> Result<f64, String> {
    let mut text = typed.trim().to_lowercase();
    if let Some(unit) = &question.unit {
        let unit = unit.to_lowercase();
        for suffix in [unit.as_str(), unit.trim_end_matches('s')] {
            if let Some(rest) = text.strip_suffix(suffix) {
                text = rest.trim().to_string();
                break;
            }
        }
    }
    if let Some((_, Some(max))) = question.kind.range()
        && let Some(rest) = text.strip_suffix(&format!("/{max}"))
    {
        text = rest.trim().to_string();
    }
    let wanted = format!("Please type {}.", question.kind.accepts());
    let x: f64 = text.parse().map_err(|_| wanted.clone())?;
    let whole = matches!(question.kind, Kind::Int { .. });
    match question.kind.range() {
        Some((min, max))
            if x.is_finite()
                && x >= min
                && max.is_none_or(|max| x <= max)
                && (!whole || x.fract() == 0.0) =>
        {
            Ok(x)
        }
        _ => Err(wanted),
    }
}

#[cfg(test)]
mod tests;
