//! Tests of the analysis on small rule sets written for each finding.

use std::collections::HashSet;

use super::*;
use crate::model::answers::Value;
use crate::model::catalog::{Kind, UNSURE, YES};
use crate::model::urgency::Urgency;
use crate::rulebook::diagnostic::SourceFile;

const QUESTIONS: &str = r#"
[[question]]
id = "bladder"
type = "tristate"
section = "emergency"
red_flag = "emergency"
prompt = "Bladder?"

[[question]]
id = "age"
type = "int"
section = "core"
min = 0
max = 120
prompt = "Age?"

[[question]]
id = "aneurysm"
type = "tristate"
section = "emergency"
asked_when = { age = ">= 50" }
prompt = "Aneurysm?"

[[question]]
id = "fever"
type = "tristate"
section = "infection"
prompt = "Fever?"

[[question]]
id = "leg"
type = "choice"
section = "emergency"
prompt = "Leg?"
options = [
{ value = "none", label = "No" },
{ value = "one", label = "One leg" },
{ value = "both", label = "Both legs" },
]

[[question]]
id = "pills"
type = "tristate"
section = "medicine"
prompt = "Pill cautions?"
"#;

/// Rules that use every question and prove the red flag.
const BASE_RULES: &str = r#"
[ruleset]
name = "test"
version = "1"

[[rule]]
id = "bladder"
urgency = "emergency"
when = { bladder = ["yes", "unsure"] }
message = "m"
source = "s"

[[rule]]
id = "aneurysm"
urgency = "emergency"
when = { aneurysm = ["yes", "unsure"] }
message = "m"
source = "s"

[[rule]]
id = "fever"
urgency = "urgent"
when = { fever = ["yes", "unsure"] }
message = "m"
source = "s"

[[rule]]
id = "legs"
urgency = "urgent"
when = { leg = ["one", "both"] }
message = "m"
source = "s"
"#;

/// A plan that reads no question, so any small catalog loads with it.
const MINIMAL_PLAN: &str = r#"
[plan]
disclaimer = "Not a diagnosis."
[headline]
emergency = "Call {emergency}."
urgent = "Today."
routine = "Book."
self_care = "Home."
[[section]]
id = "s"
title = "S"
[[section.step]]
text = "Step."
"#;

fn run_with(questions: &str, triage: &str, plan: Option<&str>) -> (Diagnostics, Vec<String>) {
    let regions = crate::rulebook::EMBEDDED
        .iter()
        .find(|(n, _)| *n == "regions.toml")
        .map(|(_, t)| *t)
        .unwrap_or_default();
    let files = [
        ("questions.toml", questions),
        ("triage.toml", triage),
        ("regions.toml", regions),
        ("plan.toml", MINIMAL_PLAN),
    ]
    .map(|(name, text)| SourceFile {
        name: name.to_string(),
        text: text.to_string(),
    })
    .to_vec();
    let (rules, diags) =
        RuleSet::from_files(files, &RulesSource::Embedded).expect("test rules load");
    let mut r = Reporter { diags };
    let notes = analyse(&rules, &mut r, plan);
    (r.diags, notes)
}

fn run(triage_extra: &str) -> Diagnostics {
    run_with(QUESTIONS, &format!("{BASE_RULES}{triage_extra}"), None).0
}

/// (code, message) of every diagnostic with one of `codes`.
fn found<'d>(diags: &'d Diagnostics, code: &str) -> Vec<&'d str> {
    diags
        .items
        .iter()
        .filter(|d| d.code == code)
        .map(|d| d.message.as_str())
        .collect()
}

#[test]
fn codes_are_unique_and_kebab_case() {
    let mut seen = HashSet::new();
    for (code, _, _) in CODES {
        assert!(seen.insert(code), "{code} twice");
        assert!(
            code.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{code}"
        );
    }
}

#[test]
fn the_base_set_proves_its_red_flag_and_has_no_findings() {
    let (diags, notes) = run_with(QUESTIONS, BASE_RULES, None);
    assert!(diags.items.is_empty(), "{diags}");
    assert!(notes.iter().any(|n| n.contains("proven")), "{notes:?}");
    assert!(notes.iter().any(|n| n.contains("`pills`")), "{notes:?}");
}

#[test]
fn a_red_flag_without_its_rule_is_an_error_for_yes_and_unsure() {
    let triage = BASE_RULES.replace(
        "when = { bladder = [\"yes\", \"unsure\"] }",
        "when = { fever = \"yes\", bladder = \"yes\" }",
    );
    let (diags, _) = run_with(QUESTIONS, &triage, None);
    let errors = found(&diags, "red-flag-not-guaranteed");
    assert_eq!(errors.len(), 2, "{diags}");
    assert!(errors[0].contains("`bladder` answered yes") && errors[0].contains("emergency"));
    assert!(errors[1].contains("`bladder` answered unsure") && errors[1].contains("urgent"));
    let hint = diags.items[0].hint.as_deref().unwrap_or_default();
    assert!(hint.contains("fever = no"), "the example shows why: {hint}");
    // The caret is under `red_flag = "emergency"` in questions.toml.
    assert_eq!(diags.location(&diags.items[0]), "questions.toml:6:12");
}

#[test]
fn unsure_giving_only_routine_breaks_the_unsure_half() {
    let triage = BASE_RULES.replace(
        "when = { bladder = [\"yes\", \"unsure\"] }",
        "when = { bladder = \"yes\" }",
    ) + "\n[[rule]]\nid = \"bladder-unsure\"\nurgency = \"routine\"\nwhen = { bladder = \"unsure\" }\nmessage = \"m\"\nsource = \"s\"\n";
    let (diags, _) = run_with(QUESTIONS, &triage, None);
    let errors = found(&diags, "red-flag-not-guaranteed");
    assert_eq!(
        errors,
        ["red flag `bladder` answered unsure no longer always gives at least urgent"]
    );
}

#[test]
fn rules_that_cover_all_cases_together_prove_the_guarantee() {
    // Neither rule alone gives emergency for every age; together they do.
    let triage = BASE_RULES.replace(
        "when = { bladder = [\"yes\", \"unsure\"] }",
        "when = { bladder = [\"yes\", \"unsure\"], age = \">= 50\" }",
    ) + "\n[[rule]]\nid = \"bladder-young\"\nurgency = \"emergency\"\nwhen = { bladder = [\"yes\", \"unsure\"], age = \"< 50\" }\nmessage = \"m\"\nsource = \"s\"\n";
    let (diags, _) = run_with(QUESTIONS, &triage, None);
    assert!(
        found(&diags, "red-flag-not-guaranteed").is_empty(),
        "{diags}"
    );
    // ... and leaving a gap at exactly 50 is found.
    let gap = triage.replace("age = \">= 50\"", "age = \"> 50\"");
    let (diags, _) = run_with(QUESTIONS, &gap, None);
    assert_eq!(found(&diags, "red-flag-not-guaranteed").len(), 2, "{diags}");
    let hint = diags.items[0].hint.as_deref().unwrap_or_default();
    assert!(hint.contains("age = 50"), "{hint}");
}

#[test]
fn a_red_flag_asked_only_sometimes_must_hold_where_it_is_not_asked_too() {
    // An answer that was given is used even where its question is not asked
    // (a known aneurysm volunteered at 40), so the proof covers every age.
    let questions = QUESTIONS.replace(
        "id = \"aneurysm\"\ntype = \"tristate\"\nsection = \"emergency\"\n",
        "id = \"aneurysm\"\ntype = \"tristate\"\nsection = \"emergency\"\nred_flag = \"emergency\"\n",
    );
    let (diags, _) = run_with(&questions, BASE_RULES, None);
    assert!(
        found(&diags, "red-flag-not-guaranteed").is_empty(),
        "{diags}"
    );
    // A rule from 50 covers where it is asked, but not an answer given at 49.
    let gated = BASE_RULES.replace(
        "when = { aneurysm = [\"yes\", \"unsure\"] }",
        "when = { aneurysm = [\"yes\", \"unsure\"], age = \">= 50\" }",
    );
    let (diags, _) = run_with(&questions, &gated, None);
    let errors = found(&diags, "red-flag-not-guaranteed");
    assert_eq!(errors.len(), 2, "{diags}");
    let hint = diags.items[0].hint.as_deref().unwrap_or_default();
    assert!(
        hint.contains(
            "asked only when age is at least 50, but an answer given otherwise is used too"
        ),
        "{hint}"
    );
}

#[test]
fn a_red_flag_that_is_never_asked_is_not_vacuously_safe() {
    let questions = QUESTIONS.replace(
        "red_flag = \"emergency\"\nprompt = \"Bladder?\"",
        "red_flag = \"emergency\"\nasked_when = { age = \"> 120\" }\nprompt = \"Bladder?\"",
    );
    let (diags, notes) = run_with(&questions, BASE_RULES, None);
    assert_eq!(
        found(&diags, "red-flag-not-guaranteed"),
        ["red flag `bladder` is never asked, so it can never give emergency"]
    );
    assert!(!notes.iter().any(|n| n.contains("proven")), "{notes:?}");
}

#[test]
fn contradictory_numbers_never_fire() {
    let extra = "\n[[rule]]\nid = \"teen-and-old\"\nurgency = \"urgent\"\nwhen = { age = \"< 18\", all = [{ age = \"> 60\" }] }\nmessage = \"m\"\nsource = \"s\"\n";
    let diags = run(extra);
    let text = format!("{BASE_RULES}{extra}");
    let line = text[..text.find("when = { age").expect("present")]
        .matches('\n')
        .count()
        + 1;
    assert_eq!(
        found(&diags, "rule-never-fires"),
        ["rule `teen-and-old` can never fire: no answers make its condition hold"]
    );
    let d = diags
        .items
        .iter()
        .find(|d| d.code == "rule-never-fires")
        .expect("found");
    assert!(
        d.hint
            .as_deref()
            .unwrap_or_default()
            .contains("age is under 18; age is over 60")
    );
    // The caret is under the first test on `age`.
    assert_eq!(diags.location(d), format!("triage.toml:{line}:10"));
}

#[test]
fn an_empty_option_set_and_an_empty_range_never_fire() {
    let diags = run(concat!(
        "\n[[rule]]\nid = \"no-leg\"\nurgency = \"urgent\"\n",
        "when = { all = [{ leg = \"none\" }, { leg = [\"one\", \"both\"] }] }\nmessage = \"m\"\nsource = \"s\"\n",
        "\n[[rule]]\nid = \"no-age\"\nurgency = \"urgent\"\n",
        "when = { age = \"between 50 and 60\", all = [{ age = \"between 61 and 70\" }] }\nmessage = \"m\"\nsource = \"s\"\n",
    ));
    let never = found(&diags, "rule-never-fires");
    assert_eq!(never.len(), 2, "{diags}");
}

#[test]
fn a_skip_condition_that_hides_the_question_never_fires() {
    let diags = run(
        "\n[[rule]]\nid = \"young-aneurysm\"\nurgency = \"emergency\"\nwhen = { aneurysm = \"yes\", age = \"< 40\" }\nmessage = \"m\"\nsource = \"s\"\n",
    );
    let d = diags
        .items
        .iter()
        .find(|d| d.code == "rule-never-fires")
        .expect("never fires");
    let hint = d.hint.as_deref().unwrap_or_default();
    assert!(
        hint.contains("`aneurysm` is asked only when age is at least 50"),
        "{hint}"
    );
    // A rule that can never fire does not "repeat" every other rule.
    assert!(found(&diags, "redundant-rule").is_empty(), "{diags}");
}

#[test]
fn a_rule_on_an_absent_symptom_is_a_warning() {
    let diags = run(concat!(
        "\n[[rule]]\nid = \"no-fever\"\nurgency = \"routine\"\nwhen = { fever = \"no\" }\nmessage = \"m\"\nsource = \"s\"\n",
        "\n[[rule]]\nid = \"not-fever\"\nurgency = \"routine\"\nwhen = { not = { fever = \"yes\" } }\nmessage = \"m\"\nsource = \"s\"\n",
        "\n[[rule]]\nid = \"no-leg\"\nurgency = \"routine\"\nwhen = { leg = \"none\", age = \">= 80\" }\nmessage = \"m\"\nsource = \"s\"\n",
        "\n[[rule]]\nid = \"only-unsure\"\nurgency = \"routine\"\nwhen = { fever = \"unsure\" }\nmessage = \"m\"\nsource = \"s\"\n",
    ));
    assert_eq!(
        found(&diags, "absent-symptom"),
        [
            "rule `no-fever` fires when `fever` is no but not when it is yes",
            "rule `not-fever` fires when `fever` is no but not when it is yes",
            "rule `no-leg` fires when `leg` is none but not when it is one",
            "rule `only-unsure` fires when `fever` is unsure but not when it is yes",
        ]
    );
}

#[test]
fn raising_urgency_on_a_present_symptom_is_fine() {
    let diags = run(concat!(
        "\n[[rule]]\nid = \"old-fever\"\nurgency = \"emergency\"\n",
        "when = { fever = [\"yes\", \"unsure\"], age = \">= 80\", not = { leg = \"none\" } }\nmessage = \"m\"\nsource = \"s\"\n",
    ));
    assert!(found(&diags, "absent-symptom").is_empty(), "{diags}");
}

#[test]
fn unused_questions_are_warned_about_and_a_plan_counts_as_use() {
    let triage = BASE_RULES.replace(
        "when = { fever = [\"yes\", \"unsure\"] }",
        "when = { leg = \"both\" }",
    );
    let (diags, notes) = run_with(QUESTIONS, &triage, None);
    assert_eq!(
        found(&diags, "unused-question"),
        ["question `fever` is asked, but no rule or `asked_when` uses its answer"]
    );
    assert!(notes.iter().any(|n| n.contains("`pills`")));
    let plan = "[[section]]\nwhen = { pills = \"yes\", fever = \"no\" }\n";
    let (diags, notes) = run_with(QUESTIONS, &triage, Some(plan));
    assert!(found(&diags, "unused-question").is_empty(), "{diags}");
    assert!(!notes.iter().any(|n| n.contains("`pills`")), "{notes:?}");
}

#[test]
fn the_same_condition_written_differently_is_found() {
    let diags = run(
        "\n[[rule]]\nid = \"fever-again\"\nurgency = \"urgent\"\nwhen = { all = [{ fever = [\"unsure\", \"yes\"] }] }\nmessage = \"m\"\nsource = \"s\"\n",
    );
    assert_eq!(
        found(&diags, "same-condition"),
        ["rule `fever-again` has the same condition as rule `fever`"]
    );
}

#[test]
fn a_narrower_rule_at_the_same_urgency_is_redundant() {
    let diags = run(concat!(
        "\n[[rule]]\nid = \"old-fever\"\nurgency = \"urgent\"\nwhen = { fever = \"yes\", age = \">= 70\" }\nmessage = \"m\"\nsource = \"s\"\n",
        "\n[[rule]]\nid = \"old-fever-emergency\"\nurgency = \"emergency\"\nwhen = { fever = \"yes\", age = \">= 90\" }\nmessage = \"m\"\nsource = \"s\"\n",
    ));
    assert_eq!(
        found(&diags, "redundant-rule"),
        [
            "rule `old-fever` never changes the urgency: whenever it fires, `fever` fires too, also at urgent"
        ]
    );
}

#[test]
fn equivalent_rules_are_reported_once() {
    let diags = run(
        "\n[[rule]]\nid = \"old\"\nurgency = \"routine\"\nwhen = { age = \">= 50\" }\nmessage = \"m\"\nsource = \"s\"\n\n[[rule]]\nid = \"older\"\nurgency = \"routine\"\nwhen = { age = \"> 49\" }\nmessage = \"m\"\nsource = \"s\"\n",
    );
    assert_eq!(
        found(&diags, "redundant-rule"),
        ["rules `old` and `older` fire on exactly the same answers"]
    );
}

/// The default rules without one rule, loaded from the embedded files.
fn defaults_without(rule_id: &str) -> RuleSet {
    let files = crate::rulebook::RULE_FILES
        .iter()
        .map(|name| {
            let text = crate::rulebook::EMBEDDED
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, t)| (*t).to_string())
                .unwrap_or_default();
            let text = if *name == "triage.toml" {
                let start = text
                    .find(&format!("[[rule]]\nid = \"{rule_id}\""))
                    .expect("rule present");
                let end = text[start + 8..]
                    .find("[[rule]]")
                    .map_or(text.len(), |i| start + 8 + i);
                format!("{}{}", &text[..start], &text[end..])
            } else {
                text
            };
            SourceFile {
                name: (*name).to_string(),
                text,
            }
        })
        .collect();
    RuleSet::from_files(files, &RulesSource::Embedded)
        .expect("loads")
        .0
}

#[test]
fn a_counterexample_really_under_triages_in_the_engine() {
    use crate::model::answers::{Builder, Missing, ParseOptions};
    let rules = defaults_without("cauda-equina-bladder-bowel");
    let space = Space::new(&rules);
    let q = rules
        .catalog
        .lookup("bladder_bowel_change")
        .expect("question");
    for (value, at_least) in [(YES, Urgency::Emergency), (UNSURE, Urgency::Urgent)] {
        let Err(Failure::Example(st)) = guarantee(&rules, &space, q, value, at_least) else {
            panic!("the guarantee should fail without the rule");
        };
        // Fill every answer the example leaves open with any real answer.
        let mut builder = Builder::new(&rules.catalog);
        for i in 0..rules.catalog.len() {
            let id = crate::model::catalog::question_id(i);
            let v = if st.assigned[i] {
                st.values[i]
            } else {
                space.complete[i][0]
            };
            if !matches!(v, Value::Skipped | Value::Missing) {
                builder.set(id, v);
            }
        }
        let options = ParseOptions {
            missing: Missing::Partial,
            now: jiff::Timestamp::UNIX_EPOCH,
        };
        let answers = builder.finish(options).expect("valid answers");
        assert_eq!(answers.values[usize::from(q)], Value::Option(value));
        let decided = crate::engine::evaluate(&rules, answers).urgency;
        assert!(decided < at_least, "{decided} is not below {at_least}");
    }
}

#[test]
fn the_default_rules_prove_every_red_flag() {
    let rules = RuleSet::embedded().expect("loads");
    let space = Space::new(&rules);
    for (i, question) in rules.catalog.questions.iter().enumerate() {
        if question.red_flag {
            let q = crate::model::catalog::question_id(i);
            assert!(guarantee(&rules, &space, q, YES, Urgency::Emergency).is_ok());
            assert!(guarantee(&rules, &space, q, UNSURE, Urgency::Urgent).is_ok());
        }
    }
}

#[test]
fn numbers_are_tried_at_and_between_every_cut() {
    let int = Kind::Int {
        min: 0.0,
        max: Some(10.0),
    };
    let mut got = numbers(&int, &[5.0, 7.5]);
    got.sort_by(f64::total_cmp);
    assert_eq!(got, [0.0, 1.0, 5.0, 6.0, 8.0, 10.0]);
    let open = Kind::Number {
        min: 0.0,
        max: None,
    };
    assert_eq!(numbers(&open, &[336.0]), [0.0, 168.0, 336.0, 337.0]);
}
