//! Tests of the questionnaire flow, answered by a scripted prompter.

use super::*;
use crate::model::answers;
use crate::questionnaire::scripted::{Reply, Scripted};

use Reply::{Back, Confirm, Esc, Pick, Tick, Type};

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

/// The emergency screens answered "no", for a 35-year-old man, up to his sex.
fn calm_start() -> Vec<Reply> {
    vec![
        Pick("No"),
        Tick(vec![NONE]),
        Pick("No new weakness"),
        Pick("No, it stays in my back"),
        Type("35"),
        Pick("Lifting or bending"),
        Pick("Male"),
    ]
}

const FEVER: &str = "A temperature of 38 °C (100.4 °F) or more, or feeling hot and shivery";

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
        Pick(SHOW_RESULT),
    ]);
    script
}

#[test]
fn a_plain_spasm_reaches_home_care_within_16_screens() {
    let rules = rules();
    let (result, p) = play(&rules, home_care());
    let outcome = result.expect("finishes");
    assert_eq!(outcome.decision.urgency, Urgency::SelfCare);
    assert_eq!(outcome.stopped_at, None);
    assert!(outcome.decision.answers.unanswered.is_empty());
    assert_eq!(outcome.screens, p.screens.len());
    assert!(outcome.screens <= 16, "{} screens", outcome.screens);
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
        "saddle_numbness" => {
            "New numbness, tingling or an odd feeling around your bottom, genitals (penis or vulva) or inner thighs, even a small patch"
        }
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
            // In a checklist, "Not sure" asks which line is not sure.
            let screens = match (flag.group, answer) {
                (None, answer) => {
                    script.push(Pick(answer));
                    at + 1
                }
                (Some(_), "Yes") => {
                    script.push(Tick(vec![right_now_label(&flag.id)]));
                    at + 1
                }
                (Some(_), _) => {
                    script.push(Tick(vec![NOT_SURE]));
                    script.push(Tick(vec![right_now_label(&flag.id)]));
                    at + 2
                }
            };
            let (result, p) = play(&rules, script);
            let outcome = result.expect("stops with a result");
            assert_eq!(outcome.decision.urgency, Urgency::Emergency, "{}", flag.id);
            assert_eq!(outcome.stopped_at, Some(at + 1), "{}", flag.id);
            assert_eq!(p.screens.len(), screens, "no question after {}", flag.id);
            assert_eq!(p.left(), 0);
        }
    }
}

#[test]
fn leg_answers_that_mean_emergency_stop_at_once() {
    let rules = rules();
    for (at, answer) in [
        (
            2,
            "It is getting worse, it is in both legs, or I can't stand or walk properly",
        ),
        (2, "Not sure"),
        (3, "Yes, in both legs"),
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
    script.truncate(4);
    script.extend([Type("67"), Pick("Yes")]);
    let (result, p) = play(&rules, script);
    assert_eq!(result.expect("ends").decision.urgency, Urgency::Emergency);
    assert_eq!(p.prompts()[5], prompt_of(&rules, "known_aortic_aneurysm"));
    assert_eq!(p.screens.len(), 6);

    // Major trauma.
    let mut script = calm_start();
    script.truncate(5);
    script.push(Pick(
        "A serious accident: a road accident, a fall from a height, or a heavy blow",
    ));
    let (result, p) = play(&rules, script);
    assert_eq!(result.expect("ends").stopped_at, Some(6));
    assert_eq!(p.screens.len(), 6);

    // Fever with an infection risk, from a checklist.
    let mut script = calm_start();
    script.push(Tick(vec![FEVER, "I inject drugs"]));
    let (result, _) = play(&rules, script);
    let outcome = result.expect("ends");
    assert_eq!(outcome.decision.urgency, Urgency::Emergency);
    assert_eq!(outcome.stopped_at, Some(8));
}

#[test]
fn pregnancy_is_asked_only_where_it_applies() {
    let rules = rules();
    let pregnant = prompt_of(&rules, "pregnant");
    let (_, man) = play(&rules, home_care());
    assert!(!man.prompts().contains(&pregnant.as_str()));

    let mut script = calm_start();
    script[6] = Pick("Female");
    script.insert(7, Pick("Not sure"));
    script.insert(8, Pick("No"));
    script.truncate(9);
    script.push(Esc);
    let (result, woman) = play(&rules, script);
    assert!(matches!(result, Err(Stop::Cancelled)));
    let prompts = woman.prompts();
    assert_eq!(prompts[7], pregnant);
    assert_eq!(prompts[8], prompt_of(&rules, "pregnancy_warning_signs"));

    // Sex skipped: pregnancy is still asked (unknown counts as possible).
    let mut script = calm_start();
    script[6] = Pick(SKIP);
    script.truncate(7);
    script.push(Esc);
    let (_, skipped) = play(&rules, script);
    assert_eq!(skipped.prompts()[7], pregnant);

    // At 70 a woman is not asked (after the aneurysm and sudden-onset
    // questions, asked from 50 and 60).
    let mut script = calm_start();
    script[4] = Type("70");
    script.insert(5, Pick("No"));
    script.insert(6, Pick("No"));
    script[8] = Pick("Female");
    script.truncate(9);
    script.push(Esc);
    let (_, older) = play(&rules, script);
    assert_eq!(older.prompts()[9], group_prompt(&rules, "history"));
}

#[test]
fn sudden_severe_onset_is_asked_on_its_own_screen_from_60() {
    let rules = rules();
    let sudden = prompt_of(&rules, "sudden_severe_onset");
    let (_, young) = play(&rules, home_care());
    assert!(!young.prompts().contains(&sudden.as_str()));

    let mut script = calm_start();
    script[4] = Type("64");
    script.truncate(5);
    script.extend([Pick("No"), Pick("Yes")]);
    let (result, older) = play(&rules, script);
    assert_eq!(
        older.prompts()[5],
        prompt_of(&rules, "known_aortic_aneurysm")
    );
    assert_eq!(older.prompts()[6], sudden);
    let outcome = result.expect("stops with a result");
    assert_eq!(outcome.decision.urgency, Urgency::Emergency);
    assert_eq!(outcome.stopped_at, Some(7));
}

/// The embedded rules with `sudden_severe_onset` moved into the symptoms
/// checklist, as in revision 1: a conditional item of a checklist.
fn rules_with_a_conditional_checklist_item() -> RuleSet {
    let (_, questions) = crate::rulebook::EMBEDDED
        .iter()
        .find(|(name, _)| *name == "questions.toml")
        .expect("questions.toml");
    let start = questions
        .find("[[question]]\nid = \"sudden_severe_onset\"")
        .expect("sudden onset");
    let end = start + questions[start..].find("\n\n").expect("end of table") + 2;
    let block = questions[start..end].replace(
        "section = \"emergency\"\nred_flag = \"emergency\"\n",
        "group = \"symptoms\"\nsection = \"warning\"\n",
    );
    let rest = format!("{}{}", &questions[..start], &questions[end..]);
    let at = rest
        .find("[[question]]\nid = \"sexual_dysfunction\"")
        .expect("sexual dysfunction");
    let moved = format!("{}{block}{}", &rest[..at], &rest[at..]);
    let texts: Vec<(&str, &str)> = crate::rulebook::EMBEDDED
        .iter()
        .map(|&(name, text)| {
            (
                name,
                if name == "questions.toml" {
                    moved.as_str()
                } else {
                    text
                },
            )
        })
        .collect();
    RuleSet::from_texts(&texts).expect("the edited rules load")
}

#[test]
fn conditional_items_join_their_checklist_only_when_they_apply() {
    let rules = rules_with_a_conditional_checklist_item();
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
    script[4] = Type("64");
    script.insert(5, Pick("No"));
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
fn not_sure_in_a_checklist_asks_which_and_only_those_are_unsure() {
    let rules = rules();
    let mut script = home_care();
    let history = 7;
    script[history] = Tick(vec![
        "Cancer at any time, even if it was treated long ago",
        NOT_SURE,
    ]);
    script.insert(
        history + 1,
        Tick(vec![
            "I inject drugs",
            "Thin, weak bones (osteoporosis), or steroid tablets such as prednisolone for 3 months or more",
        ]),
    );
    let (result, p) = play(&rules, script);
    assert_eq!(
        p.prompts()[history + 1],
        "Which of these are you not sure about?"
    );
    // The lines offered are those not ticked: cancer is not among them.
    assert_eq!(p.items[history + 1].len(), 5);
    assert_eq!(p.left(), 0);
    let answers = result.expect("ends").decision.answers;
    let value = |id: &str| answers.values[usize::from(rules.catalog.lookup(id).expect("id"))];
    assert_eq!(value("cancer_history"), Value::Option(YES));
    assert_eq!(value("iv_drug_use"), Value::Option(UNSURE));
    assert_eq!(value("osteoporosis_or_steroids"), Value::Option(UNSURE));
    assert_eq!(value("immunosuppressed"), Value::Option(NO));
    assert_eq!(value("recent_spinal_procedure"), Value::Option(NO));
    assert_eq!(value("fever"), Value::Option(NO));
    assert_eq!(value("feels_very_unwell"), Value::Option(NO));
}

#[test]
fn not_sure_with_one_line_left_needs_no_second_screen() {
    let rules = rules();
    let mut script = home_care();
    let history = 7;
    // Everything ticked but the temperature, and "Not sure": the
    // temperature is the one not sure, and with an infection risk that is
    // an emergency at once.
    script[history] = Tick(vec![
        "I inject drugs",
        "A weakened immune system: chemotherapy, a transplant, immune-suppressing medicines, long-term steroid tablets, or HIV",
        "Back surgery, an epidural or an injection into the spine in the last 3 months",
        "Cancer at any time, even if it was treated long ago",
        "Thin, weak bones (osteoporosis), or steroid tablets such as prednisolone for 3 months or more",
        NOT_SURE,
    ]);
    script.truncate(history + 1);
    let (result, p) = play(&rules, script);
    assert_eq!(p.left(), 0);
    assert_eq!(p.screens.len(), history + 1, "no second screen");
    let decision = result.expect("ends").decision;
    assert_eq!(decision.urgency, Urgency::Emergency);
    let fever = usize::from(rules.catalog.lookup("fever").expect("id"));
    assert_eq!(decision.answers.values[fever], Value::Option(UNSURE));
}

#[test]
fn an_empty_or_contradictory_checklist_is_asked_again() {
    let rules = rules();
    let mut script = home_care();
    script.splice(
        7..8,
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
        4..5,
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
    let hours = answers.values[usize::from(rules.catalog.lookup("onset_hours_ago").expect("id"))];
    assert_eq!(hours, Value::Number(15.0));
    let notes: Vec<&str> = p.screens.iter().filter_map(|s| s.note.as_deref()).collect();
    assert!(notes[0].contains("in the future"), "{notes:?}");
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
        // Now 60 and over: the aneurysm and sudden-onset questions are asked.
        Pick("No"),
        Pick("No"),
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
    assert_eq!(
        prompts[review + 3],
        prompt_of(&rules, "sudden_severe_onset")
    );
    assert!(outcome.decision.answers.unanswered.is_empty());
    assert!(p.screens[review + 1].header.starts_with("Changing"));
}

#[test]
fn esc_while_changing_an_answer_goes_back_to_the_review() {
    let rules = rules();
    let mut script = home_care();
    script.pop();
    script.extend([Pick("Age: 35 years"), Esc, Pick(SHOW_RESULT)]);
    let (result, p) = play(&rules, script);
    let outcome = result.expect("ends with a result, not a stop");
    assert_eq!(outcome.decision.urgency, Urgency::SelfCare);
    assert_eq!(p.left(), 0);
    let age = usize::from(rules.catalog.lookup("age").expect("id"));
    assert_eq!(outcome.decision.answers.values[age], Value::Number(35.0));
    let reviews = p
        .prompts()
        .iter()
        .filter(|p| **p == "Are these answers right?")
        .count();
    assert_eq!(reviews, 2);
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
    emergency.truncate(1);
    emergency.push(Tick(vec![right_now_label("saddle_numbness")]));
    let mut onset_in_words = home_care();
    let at = onset_in_words
        .iter()
        .position(|r| matches!(r, Type("30 hours")))
        .expect("onset");
    onset_in_words[at] = Type("last Monday at 7:40");
    for script in [home_care(), emergency, onset_in_words] {
        let (result, _) = play(&rules, script);
        let decision = result.expect("ends").decision;
        let json = serde_json::Value::Object(answers::to_json(&decision.answers, &rules.catalog));
        // The onset is saved as a time: assessed at once, the same result;
        // assessed later, the same onset, so the plan stays anchored to it.
        if decision.answers.onset.is_some() {
            assert!(
                json.get("onset").is_some_and(serde_json::Value::is_string),
                "{json}"
            );
            assert!(json.get("onset_hours_ago").is_none(), "{json}");
        }
        let same = ParseOptions {
            missing: Missing::Reject,
            now: now().timestamp(),
        };
        let again = answers::parse(&json.to_string(), &rules.catalog, same).expect("valid");
        let again = engine::decide(&rules, again, Missing::Reject).expect("decides");
        assert_eq!(again.urgency, decision.urgency);
        assert_eq!(again.fired, decision.fired);
        let later = ParseOptions {
            missing: Missing::Reject,
            now: now().timestamp() + jiff::SignedDuration::from_hours(240),
        };
        let again = answers::parse(&json.to_string(), &rules.catalog, later).expect("valid");
        let minute = |t: Option<jiff::Timestamp>| t.and_then(|t| t.round(jiff::Unit::Minute).ok());
        assert_eq!(minute(again.onset), minute(decision.answers.onset));
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

#[test]
fn back_asks_the_question_before_again_from_its_answer_and_keeps_the_count() {
    let rules = rules();
    let mut script = vec![Pick("No"), Tick(vec![NONE]), Back, Back, Pick("No")];
    // Forward again: the checklist is asked again, ticked as it was.
    script.extend(calm_start().into_iter().skip(1));
    script.extend(home_care().into_iter().skip(calm_start().len()));
    let (outcome, p) = play(&rules, script);
    let outcome = outcome.expect("a result");
    assert_eq!(outcome.decision.urgency, Urgency::SelfCare);
    assert_eq!(p.left(), 0);
    // The first question offers no way back; the others do.
    assert!(!p.screens[0].back);
    assert!(p.screens[1].back);
    // Back at question 3 shows question 2 ticked as answered, then
    // question 1 with its answer highlighted, numbered as before.
    assert_eq!(p.started[3], NONE);
    assert_eq!(p.started[4], "No");
    assert!(p.screens[4].header.starts_with("Question 1 of"));
    assert!(p.screens[5].header.starts_with("Question 2 of"));
}

#[test]
fn back_from_the_review_changes_the_last_answer() {
    let rules = rules();
    let mut script = home_care();
    let last = script.len() - 1;
    script.insert(last, Back);
    script.insert(last + 1, Tick(vec![NONE]));
    let (outcome, p) = play(&rules, script);
    assert_eq!(
        outcome.expect("a result").decision.urgency,
        Urgency::SelfCare
    );
    assert_eq!(p.left(), 0);
    assert!(
        p.screens[p.screens.len() - 2]
            .header
            .starts_with("Changing an answer")
    );
}
