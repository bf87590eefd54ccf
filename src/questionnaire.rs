//! The interactive questionnaire, as a flow over a [`Prompter`]: questions,
//! wording, checklists and skip logic all come from the catalog. Red flags
//! come first, and the questionnaire stops the moment the answers given
//! decide `emergency`. Otherwise a review lets the person change any answer
//! before the result.

use jiff::Zoned;

use crate::answers::{Answers, Builder, Missing, ParseOptions, Value};
use crate::catalog::{Kind, NO, Question, QuestionId, UNSURE, YES, question_id};
use crate::engine::{self, Decision};
use crate::onset;
use crate::prompter::{Prompter, Screen, Stop};
use crate::region::Region;
use crate::rule_set::RuleSet;
use crate::urgency::Urgency;

/// Tristate answers as shown, in the order shown.
const TRISTATE: [(&str, u8); 3] = [("Yes", YES), ("No", NO), ("Not sure", UNSURE)];
const SKIP: &str = "Skip this question";
const NOT_SURE: &str = "Not sure about one or more of these";
const NONE: &str = "None of these";
const SHOW_RESULT: &str = "All correct: show my result";

/// How the questionnaire ended.
#[derive(Debug, Clone)]
pub struct Outcome {
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
        let mut number = 0;
        for k in 0..self.steps.len() {
            let step = self.steps[k];
            let values = self.answers().values;
            if !self.applies(step, &values) || self.answered(step, &values) {
                continue;
            }
            number += 1;
            let total = number + self.remaining(k + 1, &values);
            let header = format!("Question {number} of about {total}");
            self.ask(p, step, &header, number == 1)?;
            if let Some(decision) = self.emergency() {
                return Ok(self.outcome(decision, Some(number)));
            }
        }
        while let Some(step) = self.review(p)? {
            self.ask(p, step, "Changing an answer", false)?;
            if let Some(decision) = self.emergency() {
                return Ok(self.outcome(decision, None));
            }
            // A change can bring in questions that were skipped before.
            for k in 0..self.steps.len() {
                let step = self.steps[k];
                let values = self.answers().values;
                if self.applies(step, &values) && !self.answered(step, &values) {
                    self.ask(p, step, "A new question, after your change", false)?;
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

    /// Steps from `from` on that are still to be asked.
    fn remaining(&self, from: usize, values: &[Value]) -> usize {
        self.steps[from..]
            .iter()
            .filter(|&&s| self.applies(s, values) && !self.answered(s, values))
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
        }
    }

    fn ask(
        &mut self,
        p: &mut dyn Prompter,
        step: Step,
        header: &str,
        first: bool,
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
        let initial = match self.given[usize::from(q)] {
            Some(Value::Number(hours)) => format!("{hours} hours"),
            _ => String::new(),
        };
        loop {
            let typed = p.text(&screen, &initial)?;
            match onset::parse(&typed, &self.now) {
                Ok(at) => {
                    let hours = onset::hours_between(&at, &self.now);
                    let age = self
                        .rules
                        .catalog
                        .lookup("age")
                        .and_then(|age| self.given[usize::from(age)]);
                    if let Some(Value::Number(age)) = age
                        && crate::answers::onset_before_birth(age, hours)
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
            let unsure = chosen.contains(&not_sure);
            for (i, &q) in members.iter().enumerate() {
                let v = if chosen.contains(&i) {
                    YES
                } else if unsure {
                    UNSURE
                } else {
                    NO
                };
                self.given[usize::from(q)] = Some(Value::Option(v));
            }
            return Ok(());
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
        let screen = self.screen(
            "Check your answers",
            "Are these answers right?",
            Some("Pick one to change it, or pick the first line to see your result."),
        );
        let chosen = p.choose(&screen, &items, Some(0))?;
        Ok(chosen.checked_sub(1).and_then(|i| shown.get(i).copied()))
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
                        Some(unit) => format!("{x} {unit}"),
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
                let unsure = asked
                    .iter()
                    .any(|&q| self.given[usize::from(q)] == Some(Value::Option(UNSURE)));
                let answer = match (yes.is_empty(), unsure) {
                    (true, false) => "none of these".to_string(),
                    (true, true) => "not sure".to_string(),
                    (false, false) => yes.join("; "),
                    (false, true) => format!("{}; not sure about the rest", yes.join("; ")),
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
mod tests {
    use super::*;
    use crate::answers;
    use crate::prompter::scripted::{Reply, Scripted};

    use Reply::{Confirm, Esc, Pick, Tick, Type};

    fn rules() -> RuleSet {
        RuleSet::embedded().expect("embedded rules load")
    }

    fn now() -> Zoned {
        "2026-11-21T10:00:00[UTC]".parse().expect("valid")
    }

    fn play(rules: &RuleSet, script: Vec<Reply>) -> (Result<Outcome, Stop>, Scripted) {
        let region = rules.regions.get("uk").expect("uk region").clone();
        let mut p = Scripted::new(script);
        let result = run(rules, &region, &now(), &mut p);
        (result, p)
    }

    fn prompt_of(rules: &RuleSet, id: &str) -> String {
        let q = rules.catalog.lookup(id).expect("question exists");
        rules.catalog.get(q).prompt.clone()
    }

    fn group_prompt(rules: &RuleSet, id: &str) -> String {
        rules
            .catalog
            .groups
            .iter()
            .find(|g| g.id == id)
            .expect("group exists")
            .prompt
            .clone()
    }

    /// The emergency screen answered "no", for a 35-year-old man.
    fn calm_start() -> Vec<Reply> {
        vec![
            Pick("No"),
            Tick(vec![NONE]),
            Pick("No"),
            Pick("No new weakness"),
            Pick("No, it stays in my back"),
            Type("35"),
            Pick("Lifting or bending"),
            Pick("Male"),
            Pick("No"),
        ]
    }

    /// A plain lifting spasm, answered to the end.
    fn home_care() -> Vec<Reply> {
        let mut script = calm_start();
        script.extend([
            Tick(vec![NONE]),
            Tick(vec![NONE]),
            Type("30 hours"),
            Confirm(true),
            Type("6"),
            Pick("Getting better"),
            Pick("Lower back, around the waist or below"),
            Pick("Yes, now and then"),
            Tick(vec![NONE]),
            Tick(vec![NONE]),
            Pick(SHOW_RESULT),
        ]);
        script
    }

    #[test]
    fn a_plain_spasm_reaches_home_care_within_22_screens() {
        let rules = rules();
        let (result, p) = play(&rules, home_care());
        let outcome = result.expect("finishes");
        assert_eq!(outcome.decision.urgency, Urgency::SelfCare);
        assert_eq!(outcome.stopped_at, None);
        assert!(outcome.decision.answers.unanswered.is_empty());
        assert_eq!(outcome.screens, p.screens.len());
        assert!(outcome.screens <= 22, "{} screens", outcome.screens);
        assert_eq!(p.left(), 0);
        // The opening comes with the first question only, and names the number.
        assert!(p.screens[0].preface.iter().any(|l| l.contains("999")));
        assert!(
            p.screens[0]
                .preface
                .iter()
                .any(|l| l.contains("does not replace"))
        );
        assert!(p.screens[1..].iter().all(|s| s.preface.is_empty()));
        assert!(p.screens[5].header.starts_with("Question 6 of about "));
    }

    /// The screen prompt a question is asked under: its own, or its checklist's.
    fn screen_prompt(rules: &RuleSet, q: &Question) -> String {
        q.group.map_or_else(
            || q.prompt.clone(),
            |g| rules.catalog.groups[g].prompt.clone(),
        )
    }

    #[test]
    fn every_red_flag_is_asked_within_the_first_five_screens() {
        let rules = rules();
        let (_, p) = play(&rules, home_care());
        let prompts = p.prompts();
        let red: Vec<&Question> = rules
            .catalog
            .questions
            .iter()
            .filter(|q| q.red_flag && q.asked_when.is_none())
            .collect();
        assert_eq!(prompts[0], red[0].prompt);
        for q in red {
            let prompt = screen_prompt(&rules, q);
            let at = prompts.iter().position(|p| *p == prompt).expect("asked");
            assert!(at < 5, "{} asked at screen {}", q.id, at + 1);
        }
    }

    /// The checklist lines of the "right now" red flags, as `questions.toml` has them.
    fn right_now_label(id: &str) -> &'static str {
        match id {
            "chest_pain_or_breathless" => "Chest pain or pressure, or new shortness of breath",
            "tearing_pain" => {
                "A sudden, very bad, ripping or tearing pain in your chest, back or tummy"
            }
            "faint_or_clammy" => {
                "Feeling faint, dizzy, sweaty or clammy, a racing heart, or you have passed out"
            }
            "confused_or_drowsy" => "New confusion, or unusual drowsiness (hard to keep awake)",
            other => panic!("{other} is not in the right-now checklist"),
        }
    }

    #[test]
    fn every_unconditional_red_flag_stops_at_once_with_emergency() {
        let rules = rules();
        let red: Vec<&Question> = rules
            .catalog
            .questions
            .iter()
            .filter(|q| q.red_flag && q.asked_when.is_none())
            .collect();
        assert!(red.len() >= 6);
        for flag in red {
            for answer in ["Yes", "Not sure"] {
                // Answer "no" until the red flag, then `answer`.
                let (_, calm) = play(&rules, [calm_start(), vec![Esc]].concat());
                let prompt = screen_prompt(&rules, flag);
                let at = calm
                    .prompts()
                    .iter()
                    .position(|p| *p == prompt)
                    .expect("asked in the emergency screen");
                let mut script = calm_start();
                script.truncate(at);
                script.push(match (flag.group, answer) {
                    (None, answer) => Pick(answer),
                    (Some(_), "Yes") => Tick(vec![right_now_label(&flag.id)]),
                    (Some(_), _) => Tick(vec![NOT_SURE]),
                });
                let (result, p) = play(&rules, script);
                let outcome = result.expect("stops with a result");
                assert_eq!(outcome.decision.urgency, Urgency::Emergency, "{}", flag.id);
                assert_eq!(outcome.stopped_at, Some(at + 1), "{}", flag.id);
                assert_eq!(p.screens.len(), at + 1, "no question after {}", flag.id);
                assert_eq!(p.left(), 0);
            }
        }
    }

    #[test]
    fn leg_answers_that_mean_emergency_stop_at_once() {
        let rules = rules();
        for (at, answer) in [
            (
                3,
                "It is getting worse, it is in both legs, or I can't stand or walk properly",
            ),
            (3, "Not sure"),
            (4, "Yes, in both legs"),
        ] {
            let mut script = calm_start();
            script.truncate(at);
            script.push(Pick(answer));
            let (result, p) = play(&rules, script);
            let outcome = result.expect("ends");
            assert_eq!(outcome.decision.urgency, Urgency::Emergency, "{answer}");
            assert_eq!(outcome.stopped_at, Some(at + 1));
            assert_eq!(p.screens.len(), at + 1);
        }
    }

    #[test]
    fn conditional_emergencies_stop_at_once_too() {
        let rules = rules();
        // Aneurysm at 50 and over.
        let mut script = calm_start();
        script.truncate(5);
        script.extend([Type("67"), Pick("Yes")]);
        let (result, p) = play(&rules, script);
        assert_eq!(result.expect("ends").decision.urgency, Urgency::Emergency);
        assert_eq!(p.prompts()[6], prompt_of(&rules, "known_aortic_aneurysm"));
        assert_eq!(p.screens.len(), 7);

        // Major trauma.
        let mut script = calm_start();
        script.truncate(6);
        script.push(Pick(
            "A serious accident: a road accident, a fall from a height, or a heavy blow",
        ));
        let (result, p) = play(&rules, script);
        assert_eq!(result.expect("ends").stopped_at, Some(7));
        assert_eq!(p.screens.len(), 7);

        // Fever with an infection risk, from a checklist.
        let mut script = calm_start();
        script.pop();
        script.extend([Pick("Yes"), Tick(vec!["I inject drugs"])]);
        let (result, _) = play(&rules, script);
        let outcome = result.expect("ends");
        assert_eq!(outcome.decision.urgency, Urgency::Emergency);
        assert_eq!(outcome.stopped_at, Some(10));
    }

    #[test]
    fn pregnancy_is_asked_only_where_it_applies() {
        let rules = rules();
        let pregnant = prompt_of(&rules, "pregnant");
        let (_, man) = play(&rules, home_care());
        assert!(!man.prompts().contains(&pregnant.as_str()));

        let mut script = calm_start();
        script[7] = Pick("Female");
        script.insert(8, Pick("Not sure"));
        script.insert(9, Pick("No"));
        script.truncate(10);
        script.push(Esc);
        let (result, woman) = play(&rules, script);
        assert!(matches!(result, Err(Stop::Cancelled)));
        let prompts = woman.prompts();
        assert_eq!(prompts[8], pregnant);
        assert_eq!(prompts[9], prompt_of(&rules, "pregnancy_warning_signs"));

        // Sex skipped: pregnancy is still asked (unknown counts as possible).
        let mut script = calm_start();
        script[7] = Pick(SKIP);
        script.truncate(8);
        script.push(Esc);
        let (_, skipped) = play(&rules, script);
        assert_eq!(skipped.prompts()[8], pregnant);

        // At 70 a woman is not asked.
        let mut script = calm_start();
        script[5] = Type("70");
        script.insert(6, Pick("No"));
        script[8] = Pick("Female");
        script.truncate(9);
        script.push(Esc);
        let (_, older) = play(&rules, script);
        assert_eq!(older.prompts()[9], prompt_of(&rules, "fever"));
    }

    #[test]
    fn conditional_items_join_their_checklist_only_when_they_apply() {
        let rules = rules();
        let sudden = rules
            .catalog
            .get(rules.catalog.lookup("sudden_severe_onset").expect("exists"))
            .short()
            .to_string();
        let symptoms = group_prompt(&rules, "symptoms");
        let (_, young) = play(&rules, home_care());
        let at = young
            .prompts()
            .iter()
            .position(|p| *p == symptoms)
            .expect("asked");
        assert!(!young.items[at].contains(&sudden));

        let mut script = calm_start();
        script[5] = Type("64");
        script.insert(6, Pick("No"));
        script.extend([Tick(vec![NONE]), Esc]);
        let (_, older) = play(&rules, script);
        let at = older
            .prompts()
            .iter()
            .position(|p| *p == symptoms)
            .expect("asked");
        assert!(older.items[at].contains(&sudden));
    }

    #[test]
    fn checklist_ticks_mean_yes_and_not_sure_means_unsure_for_the_rest() {
        let rules = rules();
        let mut script = home_care();
        let history = 9;
        script[history] = Tick(vec![
            "Cancer at any time, even if it was treated long ago",
            NOT_SURE,
        ]);
        let (result, _) = play(&rules, script);
        let answers = result.expect("ends").decision.answers;
        let value = |id: &str| answers.values[usize::from(rules.catalog.lookup(id).expect("id"))];
        assert_eq!(value("cancer_history"), Value::Option(YES));
        assert_eq!(value("iv_drug_use"), Value::Option(UNSURE));
        assert_eq!(value("osteoporosis_or_steroids"), Value::Option(UNSURE));
        assert_eq!(value("feels_very_unwell"), Value::Option(NO));
    }

    #[test]
    fn an_empty_or_contradictory_checklist_is_asked_again() {
        let rules = rules();
        let mut script = home_care();
        script.splice(
            9..10,
            [Tick(vec![]), Tick(vec![NONE, NOT_SURE]), Tick(vec![NONE])],
        );
        let (result, p) = play(&rules, script);
        assert_eq!(result.expect("ends").decision.urgency, Urgency::SelfCare);
        let notes: Vec<&str> = p.screens.iter().filter_map(|s| s.note.as_deref()).collect();
        assert!(notes[0].contains("Nothing is ticked"));
        assert!(notes[1].contains("None of these"));
    }

    #[test]
    fn numbers_are_checked_against_the_catalog_range() {
        let rules = rules();
        let mut script = home_care();
        script.splice(
            5..6,
            [Type("abc"), Type("130"), Type("35.5"), Type("35 years")],
        );
        let pain = script
            .iter()
            .position(|r| matches!(r, Type("6")))
            .expect("pain");
        script.splice(pain..=pain, [Type("11"), Type("6/10")]);
        let (result, p) = play(&rules, script);
        let answers = result.expect("ends").decision.answers;
        let age = answers.values[usize::from(rules.catalog.lookup("age").expect("id"))];
        assert_eq!(age, Value::Number(35.0));
        let notes: Vec<&str> = p.screens.iter().filter_map(|s| s.note.as_deref()).collect();
        assert_eq!(
            notes,
            [
                "Please type a whole number from 0 to 120.",
                "Please type a whole number from 0 to 120.",
                "Please type a whole number from 0 to 120.",
                "Please type a whole number from 0 to 10.",
            ]
        );
    }

    #[test]
    fn onset_is_shown_back_and_can_be_typed_again() {
        let rules = rules();
        let mut script = home_care();
        let at = script
            .iter()
            .position(|r| matches!(r, Type("30 hours")))
            .expect("onset");
        script.splice(
            at..at + 2,
            [
                Type("next week"),
                Type("yesterday"),
                Confirm(false),
                Type("yesterday evening"),
                Confirm(true),
            ],
        );
        let (result, p) = play(&rules, script);
        let answers = result.expect("ends").decision.answers;
        let hours =
            answers.values[usize::from(rules.catalog.lookup("onset_hours_ago").expect("id"))];
        assert_eq!(hours, Value::Number(15.0));
        let notes: Vec<&str> = p.screens.iter().filter_map(|s| s.note.as_deref()).collect();
        assert!(notes[0].contains("could not read"));
        assert!(notes[1].contains("another way"));
    }

    #[test]
    fn an_onset_before_birth_is_asked_again() {
        let rules = rules();
        let mut script = home_care();
        let at = script
            .iter()
            .position(|r| matches!(r, Type("30 hours")))
            .expect("onset");
        script.insert(at, Type("50 years"));
        let (result, p) = play(&rules, script);
        assert_eq!(result.expect("ends").decision.urgency, Urgency::SelfCare);
        let notes: Vec<&str> = p.screens.iter().filter_map(|s| s.note.as_deref()).collect();
        assert!(notes[0].contains("before you were born"), "{notes:?}");
    }

    #[test]
    fn review_changes_an_answer_and_asks_what_it_brings_in() {
        let rules = rules();
        let mut script = home_care();
        script.pop();
        script.extend([
            Pick("Age: 35 years"),
            Type("72"),
            // Now 50 and over: the aneurysm question, and sudden onset in
            // the symptoms checklist, are asked.
            Pick("No"),
            Tick(vec![NONE]),
            Pick(SHOW_RESULT),
        ]);
        let (result, p) = play(&rules, script);
        let outcome = result.expect("ends");
        assert_eq!(p.left(), 0);
        assert_eq!(outcome.decision.urgency, Urgency::Routine);
        let prompts = p.prompts();
        let review = prompts
            .iter()
            .position(|p| *p == "Are these answers right?")
            .expect("review");
        assert_eq!(
            prompts[review + 2],
            prompt_of(&rules, "known_aortic_aneurysm")
        );
        assert_eq!(prompts[review + 3], group_prompt(&rules, "symptoms"));
        assert!(outcome.decision.answers.unanswered.is_empty());
        assert!(p.screens[review + 1].header.starts_with("Changing"));
    }

    #[test]
    fn a_change_in_review_to_a_red_flag_stops_with_emergency() {
        let rules = rules();
        let mut script = home_care();
        script.pop();
        script.extend([Pick("New bladder or bowel trouble: No"), Pick("Yes")]);
        let (result, p) = play(&rules, script);
        assert_eq!(result.expect("ends").decision.urgency, Urgency::Emergency);
        assert_eq!(p.left(), 0);
    }

    #[test]
    fn a_new_question_after_a_change_stops_at_once_on_emergency() {
        let rules = rules();
        let mut script = home_care();
        script.pop();
        // At 72 the aneurysm question comes in; "yes" ends it there, before
        // the symptoms checklist that also changed.
        script.extend([Pick("Age: 35 years"), Type("72"), Pick("Yes")]);
        let (result, p) = play(&rules, script);
        assert_eq!(result.expect("ends").decision.urgency, Urgency::Emergency);
        assert_eq!(p.left(), 0);
        assert_eq!(
            p.prompts().last().copied(),
            Some(prompt_of(&rules, "known_aortic_aneurysm").as_str())
        );
    }

    #[test]
    fn esc_stops_without_a_result() {
        let rules = rules();
        let (result, p) = play(&rules, vec![Pick("No"), Esc]);
        assert!(matches!(result, Err(Stop::Cancelled)));
        assert_eq!(p.screens.len(), 2);
    }

    #[test]
    fn saved_answers_give_the_same_decision_through_assess() {
        let rules = rules();
        let mut emergency = calm_start();
        emergency.truncate(2);
        emergency.push(Pick("Yes"));
        let mut onset_in_words = home_care();
        let at = onset_in_words
            .iter()
            .position(|r| matches!(r, Type("30 hours")))
            .expect("onset");
        onset_in_words[at] = Type("last Monday at 7:40");
        for script in [home_care(), emergency, onset_in_words] {
            let (result, _) = play(&rules, script);
            let decision = result.expect("ends").decision;
            let json =
                serde_json::Value::Object(answers::to_json(&decision.answers, &rules.catalog));
            // Assessed later: hours, not a time, are saved, so the clock
            // does not change the result.
            let later = ParseOptions {
                missing: Missing::Reject,
                now: now().timestamp() + jiff::SignedDuration::from_hours(240),
            };
            let again = answers::parse(&json.to_string(), &rules.catalog, later).expect("valid");
            let again = engine::decide(&rules, again, Missing::Reject).expect("decides");
            assert_eq!(again.urgency, decision.urgency);
            assert_eq!(again.fired, decision.fired);
            assert_eq!(again.answers.values, decision.answers.values);
        }
    }

    #[test]
    fn read_number_takes_units_and_refuses_out_of_range() {
        let rules = rules();
        let q = |id: &str| rules.catalog.get(rules.catalog.lookup(id).expect("id"));
        assert_eq!(read_number(q("age"), " 42 "), Ok(42.0));
        assert_eq!(read_number(q("age"), "1 year"), Ok(1.0));
        assert_eq!(read_number(q("pain_severity"), "7/10"), Ok(7.0));
        assert!(read_number(q("pain_severity"), "-1").is_err());
        assert!(read_number(q("age"), "NaN").is_err());
        assert!(read_number(q("age"), "").is_err());
    }
}
