//! `spasm-triage demo [NAME]`: worked scenarios from `demos.toml`, for
//! showing the tool in clinic.

use std::fmt::Write as _;
use std::io::{BufRead, IsTerminal};

use super::rules::{fit, table, width, wrap};
use super::{Error, Global, parse_now, write_stdout};
use crate::engine;
use crate::model::answers::Missing;
use crate::model::rule_set::RuleSet;
use crate::model::suggest::suggest;
use crate::output::render;
use crate::output::report::Report;
use crate::plan;
use crate::rulebook::demos as demo;
use crate::rulebook::demos::Demo;

#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// The scenario to run; leave it out to list them.
    #[arg(
        value_name = "NAME",
        value_parser = super::EmbeddedNames("demos.toml", "name"),
        hide_possible_values = true
    )]
    pub name: Option<String>,

    /// Show the answers one at a time: press Enter for the next (needs a terminal).
    #[arg(long)]
    pub step: bool,

    /// The time the scenario is told at, RFC 3339 [default: the scenario's
    /// own time, 2026-11-21T10:00:00Z]. The pain started as long before it
    /// as the demo says.
    #[arg(long, value_name = "TIME", value_parser = parse_now)]
    pub now: Option<jiff::Timestamp>,
}

pub fn run(global: &Global, args: &DemoArgs) -> Result<(), Error> {
    let rules = global.load_rules()?;
    let demos = demo::load(&global.source, &rules)?;
    let Some(name) = &args.name else {
        return write_stdout(&list(&demos));
    };
    let Some(demo) = demos.iter().find(|d| &d.name == name) else {
        let hint = match suggest(name, demos.iter().map(|d| d.name.as_str())) {
            Some(s) => format!("did you mean `{s}`?"),
            None => "run `spasm-triage demo` to list them".to_string(),
        };
        return Err(Error::Usage(format!("there is no demo `{name}`: {hint}")));
    };
    if args.step && !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
        return Err(Error::Usage(
            "--step waits for Enter between answers, so it needs a terminal; leave it out to print the whole demo".to_string(),
        ));
    }
    let region = global.region(&rules)?;
    // One clock for the whole demo: the answers were read at the
    // scenario's time, so the onset moves with `--now`.
    let told_at: jiff::Timestamp = crate::rulebook::cases::NOW
        .parse()
        .map_err(|_| Error::Usage("the demos' time is not valid".to_string()))?;
    let now = args.now.unwrap_or(told_at);
    let mut answers = demo.answers.clone();
    answers.onset = answers
        .onset
        .and_then(|t| t.checked_add(now.duration_since(told_at)).ok());
    let decision = engine::decide(&rules, answers, Missing::Reject)?;
    let plan = plan::build(
        &rules,
        &decision,
        region,
        &crate::model::clock::Clock::system(now),
    );
    let report = Report::new(&rules, &decision, plan);
    let width = width();

    write_stdout(&format!(
        "{}\n\n{}\n\n",
        wrap(&demo.title, width),
        wrap(&demo.story, width)
    ))?;
    if args.step {
        step(demo, &rules, width)?;
    } else {
        let mut answers = table(width, false);
        answers.set_header(vec!["question", "answer"]);
        for (_, q, label) in demo.answered(&rules.catalog) {
            answers.add_row(vec![q.prompt.clone(), label]);
        }
        fit(&mut answers, &[], Some(1));
        write_stdout(&format!("{}\n\n", answers.trim_fmt()))?;
    }
    let mut out = format!("What the person is told\n\n{}\n", render::text(&report));
    let _ = writeln!(
        out,
        "How the rules decided: every rule that fired, most urgent first\n"
    );
    let mut why = table(width, true);
    why.set_header(vec!["rule", "urgency", "fires when", "answers"]);
    for fired in &decision.fired {
        let rule = &rules.rules[fired.rule];
        let answered: Vec<String> = rule
            .when
            .questions()
            .into_iter()
            .filter_map(|q| {
                let value = decision.answers.values[usize::from(q)];
                let question = rules.catalog.get(q);
                demo::label(question, value).map(|label| format!("{}: {label}", question.id))
            })
            .collect();
        why.add_row(vec![
            format!("{}\n{}", rule.id, rule.location),
            rule.urgency.to_string(),
            rule.when.describe(&rules.catalog),
            answered.join("\n"),
        ]);
    }
    if decision.fired.is_empty() {
        out.push_str("No rule fired, so the advice is home care.\n");
    } else {
        fit(&mut why, &[0, 1], None);
        let _ = writeln!(out, "{}", why.trim_fmt());
    }
    write_stdout(&out)
}

fn list(demos: &[Demo]) -> String {
    let wide = demos.iter().map(|d| d.name.len()).max().unwrap_or(0);
    let mut out = String::from("Demos (run one with `spasm-triage demo NAME`):\n\n");
    for d in demos {
        let _ = writeln!(out, "  {:wide$}  {}", d.name, d.title);
    }
    out
}

/// Shows the answers one by one, waiting for Enter; `q` stops early.
fn step(demo: &Demo, rules: &RuleSet, width: u16) -> Result<(), Error> {
    let screens = screens(demo, rules);
    write_stdout("Press Enter for each screen (q and Enter to skip to the result).\n\n")?;
    let stdin = std::io::stdin();
    let mut line = String::new();
    for (i, (prompt, answer)) in screens.iter().enumerate() {
        let counter = format!("{}/{}", i + 1, screens.len());
        let pad = " ".repeat(counter.len() + 2);
        let options = textwrap::Options::new(usize::from(width)).subsequent_indent(&pad);
        let prompt = textwrap::fill(&format!("{counter}  {prompt}"), options.clone());
        let answer = textwrap::fill(&format!("{pad}→ {answer}"), options);
        write_stdout(&format!("{prompt}\n{answer} "))?;
        line.clear();
        if stdin.lock().read_line(&mut line)? == 0 || line.trim() == "q" {
            write_stdout("\n")?;
            break;
        }
        write_stdout("\n")?;
    }
    write_stdout("\n")
}

/// The screens the person sees, in order, with what they chose: one per
/// question, and one per checklist ("ticked: ...", "None of these").
fn screens(demo: &Demo, rules: &RuleSet) -> Vec<(String, String)> {
    let answered = demo.answered(&rules.catalog);
    let mut shown_groups = Vec::new();
    let mut out = Vec::new();
    for (_, q, label) in &answered {
        let Some(g) = q.group else {
            out.push((q.prompt.clone(), label.clone()));
            continue;
        };
        if shown_groups.contains(&g) {
            continue;
        }
        shown_groups.push(g);
        let members: Vec<(&str, &str)> = answered
            .iter()
            .filter(|(_, m, _)| m.group == Some(g))
            .map(|(_, m, label)| (m.short(), label.as_str()))
            .collect();
        let pick = |answer: &str| -> Vec<&str> {
            members
                .iter()
                .filter(|(_, l)| *l == answer)
                .map(|(short, _)| *short)
                .collect()
        };
        let (yes, unsure) = (pick("Yes"), pick("Not sure"));
        let mut parts = Vec::new();
        if !yes.is_empty() {
            parts.push(yes.join("; "));
        }
        if !unsure.is_empty() {
            parts.push(format!("not sure: {}", unsure.join("; ")));
        }
        let answer = if parts.is_empty() {
            "None of these".to_string()
        } else {
            parts.join("; ")
        };
        out.push((rules.catalog.groups[g].prompt.clone(), answer));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::rule_set::RulesSource;

    #[test]
    fn step_walks_the_screens_a_person_sees_checklists_as_one() {
        let rules = RuleSet::embedded().expect("embedded rules");
        let demos = demo::load(&RulesSource::Embedded, &rules).expect("demos load");
        let sam = demos
            .iter()
            .find(|d| d.name == "weekend-warrior")
            .expect("demo");
        let screens = screens(sam, &rules);
        // A plain spasm: 15 questions before the review, as in the questionnaire.
        assert_eq!(screens.len(), 15, "{screens:#?}");
        assert!(screens.len() < sam.answered(&rules.catalog).len());
        let right_now = &rules.catalog.groups[0].prompt;
        assert_eq!(
            &screens[1],
            &(right_now.clone(), "None of these".to_string())
        );
    }
}
