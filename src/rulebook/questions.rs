//! `questions.toml`: the question catalog and its checklists.

use std::collections::HashMap;
use std::ops::Range;

use toml::Spanned;
use toml::de::DeTable;

use crate::model::catalog::{
    Catalog, ChoiceOption, Group, Kind, Question, QuestionId, Section, question_id,
};
use crate::model::suggest::suggest;
use crate::rulebook::conditions::condition;
use crate::rulebook::toml::*;

const QUESTION_KEYS: &[&str] = &[
    "id",
    "type",
    "section",
    "prompt",
    "help",
    "unit",
    "min",
    "max",
    "options",
    "asked_when",
    "optional",
    "red_flag",
    "timestamp_key",
    "group",
    "label",
];

const GROUP_KEYS: &[&str] = &["id", "prompt", "help", "label"];

const TYPES: &[&str] = &["tristate", "int", "number", "choice"];

pub(crate) fn load_catalog(r: &mut Reporter, file: usize, root: &DeTable<'_>) -> Catalog {
    let top = Fields::new(root, 0..0, file);
    top.check_keys(r, &["question", "group"], "questions.toml");
    let groups = load_groups(r, file, root);
    let tables = tables(r, file, root, "question");
    if tables.is_empty() && !r.diags.has_errors() {
        r.error(
            file,
            0..0,
            "no-questions",
            "questions.toml defines no [[question]]",
        );
    }
    if tables.len() > MAX_QUESTIONS {
        r.error(
            file,
            0..0,
            "too-many-questions",
            format!("more than {MAX_QUESTIONS} questions"),
        );
        return Catalog::default();
    }
    let mut questions = Vec::new();
    let mut first_seen: HashMap<String, Range<usize>> = HashMap::new();
    let mut asked_when = Vec::new();
    for (table, span) in &tables {
        let f = Fields::new(table, span.clone(), file);
        f.check_keys(r, QUESTION_KEYS, "a question");
        let id = f.string(r, "id", "this question", true);
        let what = id.as_ref().map_or("this question".to_string(), |id| {
            format!("question `{}`", id.get_ref())
        });
        if let Some(id) = &id {
            if !is_snake_case(id.get_ref()) {
                r.error(
                    file,
                    id.span(),
                    "bad-id",
                    format!(
                        "question id `{}` must be snake_case (lower-case letters, digits and _)",
                        id.get_ref()
                    ),
                );
            }
            let message = format!("question `{}` is defined twice", id.get_ref());
            r.unique(&mut first_seen, file, id, "duplicate-question", message);
        }
        let kind = load_kind(r, &f, &what);
        let section = f.string(r, "section", &what, true).and_then(|s| {
            let parsed = Section::parse(s.get_ref());
            if parsed.is_none() {
                let names: Vec<&str> = Section::ALL.iter().map(|(_, n)| *n).collect();
                let d = r.error(
                    file,
                    s.span(),
                    "unknown-section",
                    format!("unknown section `{}`", s.get_ref()),
                );
                d.hint = Some(hint_for(s.get_ref(), &names));
            }
            parsed
        });
        let prompt = f.string(r, "prompt", &what, true);
        let help = f.string(r, "help", &what, false).map(Spanned::into_inner);
        let unit = f.string(r, "unit", &what, false).map(Spanned::into_inner);
        let optional = f.boolean(r, "optional").unwrap_or(false);
        let red_flag_value = f.string(r, "red_flag", &what, false);
        let red_flag_span = red_flag_value.as_ref().map(Spanned::span);
        let red_flag = match red_flag_value {
            Some(s) if s.get_ref() == "emergency" => {
                if kind.as_ref().is_some_and(|k| *k != Kind::Tristate) {
                    r.error(
                        file,
                        s.span(),
                        "red-flag-not-tristate",
                        format!("only a tristate question can be a red flag; {what} is not"),
                    );
                }
                true
            }
            Some(s) => {
                r.error(
                    file,
                    s.span(),
                    "unknown-red-flag",
                    format!("`red_flag` must be \"emergency\", not \"{}\"", s.get_ref()),
                );
                false
            }
            None => false,
        };
        let timestamp_key = f
            .string(r, "timestamp_key", &what, false)
            .map(Spanned::into_inner);
        let label = f.string(r, "label", &what, false).map(Spanned::into_inner);
        let group = question_group(r, &f, &groups, &what, kind.as_ref(), label.is_some());
        asked_when.push(f.get("asked_when"));
        if let (Some(id), Some(kind), Some(section), Some(prompt)) = (id, kind, section, prompt) {
            questions.push(Question {
                span: id.span(),
                red_flag_span: red_flag_span.filter(|_| red_flag),
                id: id.into_inner(),
                kind,
                section,
                prompt: prompt.into_inner(),
                help,
                unit,
                asked_when: None,
                optional,
                red_flag,
                timestamp_key,
                group,
                label,
            });
        } else {
            // Keep indices aligned with `asked_when`; the set is invalid anyway.
            questions.push(Question {
                id: String::new(),
                kind: Kind::Tristate,
                section: Section::Core,
                prompt: String::new(),
                help: None,
                unit: None,
                asked_when: None,
                optional,
                red_flag,
                timestamp_key: None,
                group: None,
                label: None,
                span: span.clone(),
                red_flag_span: None,
            });
        }
    }
    for q in &questions {
        if let Some(key) = &q.timestamp_key
            && first_seen.contains_key(key)
        {
            r.error(
                file,
                0..0,
                "duplicate-question",
                format!("timestamp key `{key}` of `{}` is also a question id", q.id),
            );
        }
    }
    // A checklist of red flags stops the questionnaire like a single red
    // flag does; mixed with other questions, an urgent sign could be skimmed.
    for (g, (group, _)) in groups.iter().enumerate() {
        let members: Vec<&Question> = questions.iter().filter(|q| q.group == Some(g)).collect();
        if let Some(first) = members.first()
            && let Some(odd) = members.iter().find(|q| q.red_flag != first.red_flag)
        {
            r.error(
                file,
                odd.span.clone(),
                "red-flag-group-mixed",
                format!(
                    "group `{}` mixes red flags with other questions: a checklist holds only red flags, or none",
                    group.id
                ),
            );
        }
    }
    // Conditions may name questions defined later, so resolve them last.
    let preliminary = Catalog::new(questions.clone(), Vec::new());
    for (q, when) in questions.iter_mut().zip(asked_when) {
        if let Some(when) = when {
            q.asked_when = condition(r, file, when, &preliminary, 0);
        }
    }
    let skip_order = skip_order(r, file, &questions, &first_seen);
    let mut catalog = Catalog::new(questions, skip_order);
    catalog.groups = groups.into_iter().map(|(g, _)| g).collect();
    catalog
}

/// The `[[group]]` tables (checklists), each with the span of its id.
fn load_groups(r: &mut Reporter, file: usize, root: &DeTable<'_>) -> Vec<(Group, Range<usize>)> {
    let mut groups: Vec<(Group, Range<usize>)> = Vec::new();
    for (table, span) in tables(r, file, root, "group") {
        let f = Fields::new(table, span, file);
        f.check_keys(r, GROUP_KEYS, "a group");
        let Some(id) = f.string(r, "id", "this group", true) else {
            continue;
        };
        let what = format!("group `{}`", id.get_ref());
        if !is_snake_case(id.get_ref()) {
            r.error(
                file,
                id.span(),
                "bad-id",
                format!(
                    "group id `{}` must be snake_case (lower-case letters, digits and _)",
                    id.get_ref()
                ),
            );
        }
        if let Some((_, first)) = groups.iter().find(|(g, _)| g.id == *id.get_ref()) {
            let line = r.line_of(file, first);
            r.error(
                file,
                id.span(),
                "duplicate-group",
                format!("group `{}` is defined twice", id.get_ref()),
            )
            .hint = Some(format!("first defined at {line}"));
            continue;
        }
        let prompt = f.string(r, "prompt", &what, true);
        let help = f.string(r, "help", &what, false).map(Spanned::into_inner);
        let label = f.string(r, "label", &what, false).map(Spanned::into_inner);
        groups.push((
            Group {
                id: id.get_ref().clone(),
                prompt: prompt.map(Spanned::into_inner).unwrap_or_default(),
                help,
                label,
            },
            id.span(),
        ));
    }
    groups
}

/// The checklist a question names in `group`, checked: it must exist, and
/// only a tristate question with a `label` may be in one. (That a checklist
/// does not mix red flags with other questions is checked once all are read.)
fn question_group(
    r: &mut Reporter,
    f: &Fields<'_, '_>,
    groups: &[(Group, Range<usize>)],
    what: &str,
    kind: Option<&Kind>,
    has_label: bool,
) -> Option<usize> {
    let name = f.string(r, "group", what, false)?;
    let Some(index) = groups.iter().position(|(g, _)| g.id == *name.get_ref()) else {
        let ids: Vec<&str> = groups.iter().map(|(g, _)| g.id.as_str()).collect();
        let d = r.error(
            f.file,
            name.span(),
            "unknown-group",
            format!("unknown group `{}` in {what}", name.get_ref()),
        );
        d.hint = Some(match suggest(name.get_ref(), ids.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None if ids.is_empty() => "define it first with [[group]] and an `id`".to_string(),
            None => format!("the groups are {}", quoted(&ids)),
        });
        return None;
    };
    if kind.is_some_and(|k| *k != Kind::Tristate) {
        r.error(
            f.file,
            name.span(),
            "group-not-tristate",
            format!("only tristate questions can be in a group (a checklist); {what} is not"),
        );
    } else if !has_label {
        r.error(
            f.file,
            f.key_span("group"),
            "missing-key",
            format!(
                "{what} is in a group and needs a short `label`, the line shown in the checklist"
            ),
        );
    }
    Some(index)
}

fn load_kind(r: &mut Reporter, f: &Fields<'_, '_>, what: &str) -> Option<Kind> {
    let file = f.file;
    let ty = f.string(r, "type", what, true)?;
    let min = f.number(r, "min");
    let max = f.number(r, "max");
    let options = f.get("options");
    let numeric = matches!(ty.get_ref().as_str(), "int" | "number");
    if !numeric {
        for (key, v) in [("min", &min), ("max", &max)] {
            if v.is_some() {
                r.error(
                    file,
                    f.key_span(key),
                    "misplaced-key",
                    format!("`{key}` only applies to int and number questions"),
                );
            }
        }
    }
    if ty.get_ref() != "choice" && options.is_some() {
        r.error(
            file,
            f.key_span("options"),
            "misplaced-key",
            "`options` only applies to choice questions",
        );
    }
    match ty.get_ref().as_str() {
        "tristate" => Some(Kind::Tristate),
        "int" | "number" => {
            let Some(min) = min else {
                r.error(
                    file,
                    f.key_span("type"),
                    "missing-key",
                    format!("{what} is a number and needs `min`"),
                );
                return None;
            };
            if let Some(max) = &max
                && max.get_ref() < min.get_ref()
            {
                r.error(
                    file,
                    max.span(),
                    "empty-range",
                    format!(
                        "`max` ({}) is below `min` ({})",
                        max.get_ref(),
                        min.get_ref()
                    ),
                );
            }
            let (min, max) = (min.into_inner(), max.map(Spanned::into_inner));
            if ty.get_ref() == "int" {
                Some(Kind::Int { min, max })
            } else {
                Some(Kind::Number { min, max })
            }
        }
        "choice" => {
            let Some(options) = options else {
                r.error(
                    file,
                    f.key_span("type"),
                    "missing-key",
                    format!("{what} is a choice and needs `options`"),
                );
                return None;
            };
            let Some(array) = options.get_ref().as_array() else {
                wrong_type(
                    r,
                    file,
                    options,
                    "options",
                    "a list of { value = \"...\", label = \"...\" }",
                );
                return None;
            };
            if array.is_empty() || array.len() > MAX_OPTIONS {
                r.error(
                    file,
                    options.span(),
                    "bad-options",
                    format!("a choice needs 1 to {MAX_OPTIONS} options"),
                );
                return None;
            }
            let mut out: Vec<ChoiceOption> = Vec::new();
            for item in array.iter() {
                let Some(t) = item.get_ref().as_table() else {
                    wrong_type(
                        r,
                        file,
                        item,
                        "options",
                        "a list of { value = \"...\", label = \"...\" }",
                    );
                    continue;
                };
                let of = Fields::new(t, item.span(), file);
                of.check_keys(r, &["value", "label"], "an option");
                let value = of.string(r, "value", "this option", true);
                let label = of.string(r, "label", "this option", true);
                if let (Some(value), Some(label)) = (value, label) {
                    if out.iter().any(|o| o.value == *value.get_ref()) {
                        r.error(
                            file,
                            value.span(),
                            "duplicate-option",
                            format!("option `{}` is listed twice", value.get_ref()),
                        );
                    }
                    out.push(ChoiceOption {
                        value: value.into_inner(),
                        label: label.into_inner(),
                    });
                }
            }
            Some(Kind::Choice { options: out })
        }
        other => {
            let d = r.error(
                file,
                ty.span(),
                "unknown-type",
                format!("unknown question type `{other}`"),
            );
            d.hint = Some(hint_for(other, TYPES));
            None
        }
    }
}

/// Orders questions so each `asked_when` reads only questions placed before
/// it; a cycle is an error.
fn skip_order(
    r: &mut Reporter,
    file: usize,
    questions: &[Question],
    spans: &HashMap<String, Range<usize>>,
) -> Vec<QuestionId> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Visiting,
        Done,
    }
    fn visit(
        i: usize,
        questions: &[Question],
        marks: &mut [Mark],
        order: &mut Vec<QuestionId>,
    ) -> Result<(), usize> {
        match marks[i] {
            Mark::Done => return Ok(()),
            Mark::Visiting => return Err(i),
            Mark::New => {}
        }
        marks[i] = Mark::Visiting;
        if let Some(when) = &questions[i].asked_when {
            for dep in when.questions() {
                visit(usize::from(dep), questions, marks, order)?;
            }
        }
        marks[i] = Mark::Done;
        order.push(question_id(i));
        Ok(())
    }
    let mut marks = vec![Mark::New; questions.len()];
    let mut order = Vec::with_capacity(questions.len());
    for i in 0..questions.len() {
        if let Err(at) = visit(i, questions, &mut marks, &mut order) {
            let id = &questions[at].id;
            let span = spans.get(id).cloned().unwrap_or(0..0);
            r.error(
                file,
                span,
                "skip-cycle",
                format!("the `asked_when` of `{id}` depends on itself through other questions"),
            );
            return Vec::new();
        }
    }
    order
}
