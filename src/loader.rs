//! Reads rule files into a [`RuleSet`](crate::RuleSet): parse the TOML with
//! spans, then validate every table and condition against the catalog,
//! collecting every problem before anything runs.

use std::collections::HashMap;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::catalog::{
    Catalog, ChoiceOption, Group, Kind, Question, QuestionId, Section, question_id,
};
use crate::condition::{Condition, Op, Test};
use crate::diagnostic::{Diagnostic, Diagnostics, Severity, SourceFile, suggest};
use crate::rule_set::{Guarantee, Rule};
use crate::urgency::Urgency;

/// Deeper conditions than this are refused (and almost surely a mistake).
pub const MAX_DEPTH: usize = 32;
const MAX_QUESTIONS: usize = 1000;
const MAX_OPTIONS: usize = 64;

/// Indices of the rule files in [`Diagnostics::files`], in
/// [`RULE_FILES`](crate::rule_set::RULE_FILES) order.
pub(crate) const QUESTIONS_FILE: usize = 0;
pub(crate) const TRIAGE_FILE: usize = 1;
pub(crate) const REGIONS_FILE: usize = 2;
pub(crate) const PLAN_FILE: usize = 3;

pub(crate) struct Loaded {
    /// The files, and any warnings found while loading.
    pub diags: Diagnostics,
    pub name: String,
    pub version: String,
    pub catalog: Catalog,
    pub rules: Vec<Rule>,
    pub guarantees: Vec<Guarantee>,
    pub regions: crate::region::Regions,
    pub plan: crate::plan_rules::PlanRules,
}

type Value<'i> = Spanned<DeValue<'i>>;

/// Collects diagnostics for one set of files.
pub(crate) struct Reporter {
    pub diags: Diagnostics,
}

impl Reporter {
    pub fn new(files: Vec<SourceFile>) -> Reporter {
        Reporter {
            diags: Diagnostics {
                files,
                items: Vec::new(),
            },
        }
    }

    pub fn error(
        &mut self,
        file: usize,
        span: Range<usize>,
        code: &'static str,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.push(Severity::Error, file, span, code, message)
    }

    pub fn push(
        &mut self,
        severity: Severity,
        file: usize,
        span: Range<usize>,
        code: &'static str,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.diags.items.push(Diagnostic {
            severity,
            code,
            file,
            span,
            message: shorten_quoted(&message.into()),
            hint: None,
        });
        let last = self.diags.items.len() - 1;
        &mut self.diags.items[last]
    }

    /// Reports `name` if `seen` already holds it, with the line it was first
    /// used at; otherwise remembers it. `message` describes the repeat.
    pub fn unique(
        &mut self,
        seen: &mut HashMap<String, Range<usize>>,
        file: usize,
        name: &Spanned<String>,
        code: &'static str,
        message: String,
    ) {
        if let Some(first) = seen.get(name.get_ref()) {
            let line = self.line_of(file, first);
            self.error(file, name.span(), code, message).hint =
                Some(format!("first used at {line}"));
        } else {
            seen.insert(name.get_ref().clone(), name.span());
        }
    }

    /// `rules/triage.toml:12`, for a span.
    pub fn line_of(&self, file: usize, span: &Range<usize>) -> String {
        let f = &self.diags.files[file];
        format!("{}:{}", f.name, f.line_col(span.start).0)
    }

    /// Parses one file; syntax errors are reported and `None` returned.
    pub fn parse<'a>(&mut self, file: usize, text: &'a str) -> Option<DeTable<'a>> {
        let (table, errors) = DeTable::parse_recoverable(text);
        if errors.is_empty() {
            return Some(table.into_inner());
        }
        for e in errors {
            let span = e.span().unwrap_or(0..0);
            if is_recursion_limit(e.message()) {
                self.error(
                    file,
                    span,
                    "too-deep",
                    format!("tables and lists are nested too deeply here; conditions may be nested at most {MAX_DEPTH} levels deep"),
                );
            } else {
                let message = first_sentence(e.message());
                self.error(file, span, "toml-syntax", message);
            }
        }
        None
    }
}

/// The message with every `quoted` name longer than 40 characters cut
/// short: a name from a rule file can be any length.
fn shorten_quoted(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(1000));
    for (i, part) in message.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 1 && part.chars().nth(40).is_some() {
            out.extend(part.chars().take(40));
            out.push('…');
        } else {
            out.push_str(part);
        }
    }
    out
}

/// The TOML parser refuses deep nesting (rather than overflow the stack)
/// with a message of its own.
fn is_recursion_limit(message: &str) -> bool {
    message.contains("recursion limit") || message.contains("max recursion depth")
}

fn first_sentence(message: &str) -> String {
    let line = message.lines().next().unwrap_or(message).trim();
    let mut s = line.trim_end_matches('.').to_string();
    if s.is_empty() {
        s = "invalid TOML".to_string();
    }
    s
}

/// Reads the keys of one table, reporting unknown and missing ones.
pub(crate) struct Fields<'t, 'i> {
    pub table: &'t DeTable<'i>,
    pub span: Range<usize>,
    pub file: usize,
}

impl<'t, 'i> Fields<'t, 'i> {
    pub fn new(table: &'t DeTable<'i>, span: Range<usize>, file: usize) -> Self {
        Fields { table, span, file }
    }

    /// Reports every key not in `allowed`, with a suggestion.
    pub fn check_keys(&self, r: &mut Reporter, allowed: &[&str], what: &str) {
        for (key, _) in self.table.iter() {
            if !allowed.contains(&key.get_ref().as_ref()) {
                let name: &str = key.get_ref();
                let d = r.error(
                    self.file,
                    key.span(),
                    "unknown-key",
                    format!("unknown key `{name}` in {what}"),
                );
                d.hint = Some(match suggest(name, allowed.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("the keys of {what} are {}", quoted(allowed)),
                });
            }
        }
    }

    pub fn get(&self, key: &str) -> Option<&'t Value<'i>> {
        self.table.get(key)
    }

    pub fn key_span(&self, key: &str) -> Range<usize> {
        self.table
            .get_key_value(key)
            .map_or(self.span.clone(), |(k, _)| k.span())
    }

    pub fn required(&self, r: &mut Reporter, key: &str, what: &str) -> Option<&'t Value<'i>> {
        let value = self.get(key);
        if value.is_none() {
            r.error(
                self.file,
                self.span.clone(),
                "missing-key",
                format!("{what} has no `{key}`"),
            );
        }
        value
    }

    pub fn string(
        &self,
        r: &mut Reporter,
        key: &str,
        what: &str,
        required: bool,
    ) -> Option<Spanned<String>> {
        let value = if required {
            self.required(r, key, what)?
        } else {
            self.get(key)?
        };
        if let Some(s) = value.get_ref().as_str() {
            if required && s.trim().is_empty() {
                r.error(
                    self.file,
                    value.span(),
                    "empty-value",
                    format!("`{key}` of {what} is empty"),
                );
            }
            Some(Spanned::new(value.span(), s.to_string()))
        } else {
            wrong_type(r, self.file, value, key, "a string in quotes");
            None
        }
    }

    pub fn number(&self, r: &mut Reporter, key: &str) -> Option<Spanned<f64>> {
        let value = self.get(key)?;
        if let Some(x) = as_number(value.get_ref()) {
            Some(Spanned::new(value.span(), x))
        } else {
            wrong_type(r, self.file, value, key, "a number");
            None
        }
    }

    pub fn boolean(&self, r: &mut Reporter, key: &str) -> Option<bool> {
        let value = self.get(key)?;
        if let Some(b) = value.get_ref().as_bool() {
            Some(b)
        } else {
            wrong_type(r, self.file, value, key, "true or false");
            None
        }
    }
}

pub(crate) fn wrong_type(
    r: &mut Reporter,
    file: usize,
    value: &Value<'_>,
    key: &str,
    expected: &str,
) {
    r.error(
        file,
        value.span(),
        "wrong-type",
        format!(
            "`{key}` must be {expected}, not {}",
            type_name(value.get_ref())
        ),
    );
}

pub(crate) fn type_name(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a decimal number",
        DeValue::Boolean(_) => "true/false",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

pub(crate) fn as_number(value: &DeValue<'_>) -> Option<f64> {
    match value {
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
            .ok()
            .map(|i| i as f64),
        DeValue::Float(f) => f
            .as_str()
            .replace('_', "")
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite()),
        _ => None,
    }
}

pub(crate) fn quoted(items: &[&str]) -> String {
    let q: Vec<String> = items.iter().map(|s| format!("`{s}`")).collect();
    crate::catalog::join_or(&q)
}

/// The array of tables under `key` (`[[rule]]`), each with its span.
pub(crate) fn tables<'t, 'i>(
    r: &mut Reporter,
    file: usize,
    root: &'t DeTable<'i>,
    key: &str,
) -> Vec<(&'t DeTable<'i>, Range<usize>)> {
    let Some(value) = root.get(key) else {
        return Vec::new();
    };
    let Some(array) = value.get_ref().as_array() else {
        r.error(
            file,
            value.span(),
            "wrong-type",
            format!("`{key}` must be a list of tables, written [[{key}]]"),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in array.iter() {
        if let Some(t) = item.get_ref().as_table() {
            out.push((t, table_span(t, item.span())));
        } else {
            r.error(
                file,
                item.span(),
                "wrong-type",
                format!("each `{key}` must be a table"),
            );
        }
    }
    out
}

/// A span that points at the table's first key, which is more helpful than
/// the whole table.
fn table_span(table: &DeTable<'_>, whole: Range<usize>) -> Range<usize> {
    table.iter().next().map_or(whole, |(k, _)| k.span())
}

pub(crate) fn load(files: Vec<SourceFile>) -> Result<Loaded, Diagnostics> {
    let texts: Vec<String> = files.iter().map(|f| f.text.clone()).collect();
    let mut r = Reporter::new(files);
    let questions = r.parse(QUESTIONS_FILE, &texts[QUESTIONS_FILE]);
    let triage = r.parse(TRIAGE_FILE, &texts[TRIAGE_FILE]);
    let regions = crate::region::load(&mut r, REGIONS_FILE, &texts[2]);
    let catalog = questions
        .as_ref()
        .map(|t| load_catalog(&mut r, QUESTIONS_FILE, t));
    let mut result = None;
    // Without questions every rule would fail to check; say so once.
    let catalog = catalog.filter(|c| !c.is_empty());
    if let (Some(catalog), Some(triage)) = (catalog, &triage) {
        let (name, version, rules) = load_triage(&mut r, TRIAGE_FILE, triage, &catalog);
        let guarantees = load_guarantees(&mut r, TRIAGE_FILE, triage, &catalog);
        let plan = crate::plan_rules::load(&mut r, PLAN_FILE, &texts[3], &catalog);
        result = Some(Loaded {
            diags: Diagnostics::default(),
            name,
            version,
            catalog,
            rules,
            guarantees,
            regions,
            plan,
        });
    }
    match result {
        Some(loaded) if !r.diags.has_errors() => Ok(Loaded {
            diags: r.diags,
            ..loaded
        }),
        _ => Err(r.diags),
    }
}

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

fn load_catalog(r: &mut Reporter, file: usize, root: &DeTable<'_>) -> Catalog {
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

pub(crate) fn hint_for(word: &str, candidates: &[&str]) -> String {
    match suggest(word, candidates.iter().copied()) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("expected {}", quoted(candidates)),
    }
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

pub(crate) fn is_snake_case(s: &str) -> bool {
    !s.is_empty()
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

pub(crate) fn is_kebab_case(s: &str) -> bool {
    !s.is_empty()
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
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

/// Compiles a condition table, reporting every problem in it.
pub(crate) fn condition(
    r: &mut Reporter,
    file: usize,
    value: &Value<'_>,
    catalog: &Catalog,
    depth: usize,
) -> Option<Condition> {
    if depth > MAX_DEPTH {
        r.error(
            file,
            value.span(),
            "too-deep",
            format!("conditions may be nested at most {MAX_DEPTH} levels deep"),
        );
        return None;
    }
    let Some(table) = value.get_ref().as_table() else {
        r.error(
            file,
            value.span(),
            "wrong-type",
            format!(
                "a condition must be a table such as {{ fever = \"yes\" }}, not {}",
                type_name(value.get_ref())
            ),
        );
        return None;
    };
    if table.is_empty() {
        r.error(
            file,
            value.span(),
            "empty-condition",
            "this condition is empty, so it says nothing; name at least one question",
        );
        return None;
    }
    let mut parts = Vec::new();
    let mut ok = true;
    for (key, v) in table.iter() {
        let name: &str = key.get_ref();
        let part = match name {
            "all" | "any" => list(r, file, name, v, catalog, depth),
            "not" => condition(r, file, v, catalog, depth + 1).map(|c| Condition::Not(Box::new(c))),
            _ => test(r, file, key, v, catalog),
        };
        match part {
            Some(p) => parts.push(p),
            None => ok = false,
        }
    }
    if !ok {
        return None;
    }
    if parts.len() == 1 {
        parts.pop()
    } else {
        Some(Condition::All(parts))
    }
}

fn list(
    r: &mut Reporter,
    file: usize,
    name: &str,
    v: &Value<'_>,
    catalog: &Catalog,
    depth: usize,
) -> Option<Condition> {
    let Some(items) = v.get_ref().as_array() else {
        r.error(file, v.span(), "wrong-type", format!("`{name}` must be a list of conditions, such as [ {{ fever = \"yes\" }}, {{ night_pain = \"yes\" }} ]"));
        return None;
    };
    if items.is_empty() {
        let meaning = if name == "any" {
            "can never hold"
        } else {
            "always holds"
        };
        r.error(
            file,
            v.span(),
            "empty-list",
            format!("an empty `{name}` {meaning}; list at least one condition"),
        );
        return None;
    }
    let mut parts = Vec::new();
    let mut ok = true;
    for item in items.iter() {
        match condition(r, file, item, catalog, depth + 1) {
            Some(c) => parts.push(c),
            None => ok = false,
        }
    }
    if !ok {
        return None;
    }
    Some(if name == "any" {
        Condition::Any(parts)
    } else {
        Condition::All(parts)
    })
}

fn test(
    r: &mut Reporter,
    file: usize,
    key: &Spanned<std::borrow::Cow<'_, str>>,
    v: &Value<'_>,
    catalog: &Catalog,
) -> Option<Condition> {
    let name: &str = key.get_ref();
    let Some(question) = catalog.lookup(name) else {
        let mut candidates: Vec<&str> = catalog.questions.iter().map(|q| q.id.as_str()).collect();
        candidates.extend(["all", "any", "not"]);
        let d = r.error(
            file,
            key.span(),
            "unknown-question",
            format!("`{name}` is not a question id"),
        );
        d.hint = suggest(name, candidates).map(|s| format!("did you mean `{s}`?"));
        if d.hint.is_none() {
            d.hint = Some("use an id from questions.toml, or `all`, `any` or `not`".to_string());
        }
        return None;
    };
    let q = catalog.get(question);
    let kind = &q.kind;
    let test = match v.get_ref() {
        DeValue::String(s) => string_test(r, file, v.span(), q, s.trim()),
        DeValue::Integer(_) | DeValue::Float(_) => {
            let x = as_number(v.get_ref())?;
            if kind.is_numeric() {
                check_in_range(r, file, v.span(), q, x);
                Some(Test::Compare(Op::Eq, x))
            } else {
                r.error(
                    file,
                    v.span(),
                    "wrong-type",
                    format!("`{name}` is answered {}, not with a number", kind.accepts()),
                );
                None
            }
        }
        DeValue::Array(items) => {
            if kind.is_numeric() {
                r.error(
                    file,
                    v.span(),
                    "wrong-type",
                    format!(
                        "`{name}` is a number: compare it, as in \">= 50\" or \"between 12 and 55\""
                    ),
                );
                return None;
            }
            if items.is_empty() {
                r.error(
                    file,
                    v.span(),
                    "empty-list",
                    "an empty list of values can never match",
                );
                return None;
            }
            let mut mask = 0u64;
            let mut ok = true;
            for item in items.iter() {
                match item.get_ref().as_str() {
                    Some(s) => match option_bit(r, file, item.span(), q, s) {
                        Some(bit) => mask |= bit,
                        None => ok = false,
                    },
                    None => {
                        r.error(
                            file,
                            item.span(),
                            "wrong-type",
                            format!("`{name}` is answered {}", kind.accepts()),
                        );
                        ok = false;
                    }
                }
            }
            ok.then_some(Test::OneOf(mask))
        }
        other => {
            r.error(
                file,
                v.span(),
                "wrong-type",
                format!("a test on `{name}` must be a value, a list of values or a comparison string, not {}", type_name(other)),
            );
            None
        }
    }?;
    Some(Condition::Test { question, test })
}

fn option_bit(
    r: &mut Reporter,
    file: usize,
    span: Range<usize>,
    q: &Question,
    value: &str,
) -> Option<u64> {
    match q.kind.option_index(value) {
        Some(i) => Some(1 << i),
        None => {
            let values = q.kind.option_values();
            let d = r.error(
                file,
                span,
                "unknown-option",
                format!("`{value}` is not an answer to `{}`", q.id),
            );
            d.hint = Some(match suggest(value, values.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("`{}` is answered {}", q.id, q.kind.accepts()),
            });
            None
        }
    }
}

fn string_test(
    r: &mut Reporter,
    file: usize,
    span: Range<usize>,
    q: &Question,
    s: &str,
) -> Option<Test> {
    if let Some(rest) = s.strip_prefix("between ") {
        if !q.kind.is_numeric() {
            r.error(
                file,
                span,
                "wrong-type",
                format!(
                    "`between` only applies to numbers; `{}` is answered {}",
                    q.id,
                    q.kind.accepts()
                ),
            );
            return None;
        }
        let bounds: Vec<&str> = rest.split(" and ").map(str::trim).collect();
        if let [lo, hi] = bounds.as_slice()
            && let (Ok(lo), Ok(hi)) = (lo.parse::<f64>(), hi.parse::<f64>())
        {
            if lo > hi {
                r.error(
                    file,
                    span,
                    "empty-range",
                    format!("\"{s}\" is empty: the first number must not be above the second"),
                );
                return None;
            }
            check_in_range(r, file, span.clone(), q, lo);
            check_in_range(r, file, span, q, hi);
            return Some(Test::Between(lo, hi));
        }
        r.error(file, span, "bad-comparison", format!("cannot read \"{s}\""))
            .hint = Some("write it as \"between 12 and 55\"".to_string());
        return None;
    }
    if let Some((op, rest)) = Op::ALL
        .iter()
        .find_map(|(op, sym)| s.strip_prefix(sym).map(|rest| (*op, rest.trim())))
    {
        if q.kind.is_numeric() {
            let Ok(x) = rest.parse::<f64>() else {
                r.error(
                    file,
                    span,
                    "bad-comparison",
                    format!("cannot read a number in \"{s}\""),
                )
                .hint = Some(format!("write it as \"{} 50\"", op.symbol()));
                return None;
            };
            check_in_range(r, file, span, q, x);
            return Some(Test::Compare(op, x));
        }
        return match op {
            Op::Eq => option_bit(r, file, span, q, rest).map(Test::OneOf),
            Op::Ne => {
                let all = u64::MAX >> (64 - q.kind.option_values().len());
                option_bit(r, file, span, q, rest).map(|bit| Test::OneOf(all & !bit))
            }
            _ => {
                r.error(
                    file,
                    span,
                    "wrong-type",
                    format!(
                        "`{}` only compares numbers; `{}` is answered {}",
                        op.symbol(),
                        q.id,
                        q.kind.accepts()
                    ),
                );
                None
            }
        };
    }
    if q.kind.is_numeric() {
        r.error(
            file,
            span,
            "wrong-type",
            format!(
                "`{}` is a number: write 50, or a comparison such as \">= 50\"",
                q.id
            ),
        );
        return None;
    }
    option_bit(r, file, span, q, s).map(Test::OneOf)
}

fn check_in_range(r: &mut Reporter, file: usize, span: Range<usize>, q: &Question, x: f64) {
    if let Some((min, max)) = q.kind.range()
        && (x < min || max.is_some_and(|max| x > max))
    {
        r.error(
            file,
            span,
            "out-of-range",
            format!(
                "{x} is outside the range of `{}`, which is {}",
                q.id,
                q.kind.accepts()
            ),
        );
    }
}

/// A rule's `allow`: the `rules check` warnings accepted for it, each with
/// its span (`rules check` says if a code is not a warning it gives).
fn allowed_codes(r: &mut Reporter, f: &Fields<'_, '_>) -> Vec<Spanned<String>> {
    let Some(value) = f.get("allow") else {
        return Vec::new();
    };
    let Some(items) = value.get_ref().as_array() else {
        wrong_type(
            r,
            f.file,
            value,
            "allow",
            "a list of warning codes, such as [\"redundant-rule\"]",
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items.iter() {
        match item.get_ref().as_str() {
            Some(code) => out.push(Spanned::new(item.span(), code.to_string())),
            None => wrong_type(
                r,
                f.file,
                item,
                "allow",
                "a list of warning codes, such as [\"redundant-rule\"]",
            ),
        }
    }
    out
}

const RULESET_KEYS: &[&str] = &["name", "version", "description"];
const RULE_KEYS: &[&str] = &["id", "urgency", "when", "message", "source", "allow"];
const GUARANTEE_KEYS: &[&str] = &["id", "urgency", "when", "source"];

/// The `[[guarantee]]` tables of `triage.toml`: combinations of answers
/// that must give at least an urgency, proven by `rules check`.
fn load_guarantees(
    r: &mut Reporter,
    file: usize,
    root: &DeTable<'_>,
    catalog: &Catalog,
) -> Vec<Guarantee> {
    let mut out = Vec::new();
    let mut first_seen: HashMap<String, Range<usize>> = HashMap::new();
    for (table, span) in tables(r, file, root, "guarantee") {
        let f = Fields::new(table, span.clone(), file);
        f.check_keys(r, GUARANTEE_KEYS, "a guarantee");
        let id = f.string(r, "id", "this guarantee", true);
        let what = id.as_ref().map_or("this guarantee".to_string(), |id| {
            format!("guarantee `{}`", id.get_ref())
        });
        if let Some(id) = &id {
            if !is_kebab_case(id.get_ref()) {
                r.error(
                    file,
                    id.span(),
                    "bad-id",
                    format!(
                        "guarantee id `{}` must be kebab-case (lower-case letters, digits and -)",
                        id.get_ref()
                    ),
                );
            }
            let message = format!(
                "guarantee id `{}` is used twice: give each guarantee its own id",
                id.get_ref()
            );
            r.unique(&mut first_seen, file, id, "duplicate-guarantee", message);
        }
        let urgency = f.string(r, "urgency", &what, true).and_then(|u| {
            let parsed = Urgency::parse(u.get_ref());
            if parsed.is_none() {
                let d = r.error(
                    file,
                    u.span(),
                    "unknown-urgency",
                    format!("unknown urgency `{}`", u.get_ref()),
                );
                d.hint = Some(hint_for(u.get_ref(), URGENCIES));
            }
            parsed
        });
        let when = f
            .required(r, "when", &what)
            .and_then(|w| condition(r, file, w, catalog, 0));
        let source = f.string(r, "source", &what, true);
        if let (Some(id), Some(urgency), Some(when), Some(source)) = (id, urgency, when, source) {
            out.push(Guarantee {
                id_span: id.span(),
                id: id.into_inner(),
                urgency,
                when,
                source: source.into_inner(),
            });
        }
    }
    out
}
const URGENCIES: &[&str] = &["emergency", "urgent", "routine", "self_care"];

fn load_triage(
    r: &mut Reporter,
    file: usize,
    root: &DeTable<'_>,
    catalog: &Catalog,
) -> (String, String, Vec<Rule>) {
    let top = Fields::new(root, 0..0, file);
    top.check_keys(r, &["ruleset", "rule", "guarantee"], "triage.toml");
    let (mut name, mut version) = (String::new(), String::new());
    match root.get("ruleset") {
        Some(v) => match v.get_ref().as_table() {
            Some(t) => {
                let f = Fields::new(t, table_span(t, v.span()), file);
                f.check_keys(r, RULESET_KEYS, "[ruleset]");
                name = f
                    .string(r, "name", "[ruleset]", true)
                    .map(Spanned::into_inner)
                    .unwrap_or_default();
                version = f
                    .string(r, "version", "[ruleset]", true)
                    .map(Spanned::into_inner)
                    .unwrap_or_default();
                let _ = f.string(r, "description", "[ruleset]", false);
            }
            None => wrong_type(r, file, v, "ruleset", "a table"),
        },
        None => {
            r.error(
                file,
                0..0,
                "missing-key",
                "triage.toml has no [ruleset] table with the rule set's name and version",
            );
        }
    }
    let mut rules = Vec::new();
    let mut first_seen: HashMap<String, Range<usize>> = HashMap::new();
    for (table, span) in tables(r, file, root, "rule") {
        let f = Fields::new(table, span.clone(), file);
        f.check_keys(r, RULE_KEYS, "a rule");
        let id = f.string(r, "id", "this rule", true);
        let what = id.as_ref().map_or("this rule".to_string(), |id| {
            format!("rule `{}`", id.get_ref())
        });
        if let Some(id) = &id {
            if !is_kebab_case(id.get_ref()) {
                r.error(
                    file,
                    id.span(),
                    "bad-id",
                    format!(
                        "rule id `{}` must be kebab-case (lower-case letters, digits and -)",
                        id.get_ref()
                    ),
                );
            }
            let message = format!(
                "rule id `{}` is used twice: give each rule its own id",
                id.get_ref()
            );
            r.unique(&mut first_seen, file, id, "duplicate-rule", message);
        }
        let urgency = f.string(r, "urgency", &what, true).and_then(|u| {
            let parsed = Urgency::parse(u.get_ref());
            if parsed.is_none() {
                let d = r.error(
                    file,
                    u.span(),
                    "unknown-urgency",
                    format!("unknown urgency `{}`", u.get_ref()),
                );
                d.hint = Some(hint_for(u.get_ref(), URGENCIES));
            }
            parsed
        });
        let when_value = f.required(r, "when", &what);
        let when_span = when_value.map_or(span.clone(), Spanned::span);
        let when = when_value.and_then(|w| condition(r, file, w, catalog, 0));
        let message = f.string(r, "message", &what, true);
        let source = f.string(r, "source", &what, true);
        let allow = allowed_codes(r, &f);
        if let (Some(id), Some(urgency), Some(when), Some(message), Some(source)) =
            (id, urgency, when, message, source)
        {
            rules.push(Rule {
                location: r.line_of(file, &span),
                id_span: id.span(),
                when_span,
                id: id.into_inner(),
                urgency,
                when,
                message: message.into_inner(),
                source: source.into_inner(),
                allow,
            });
        }
    }
    if rules.is_empty() && !r.diags.has_errors() {
        r.error(file, 0..0, "no-rules", "triage.toml defines no [[rule]]");
    }
    // Most urgent first; a stable sort keeps file order within an urgency.
    rules.sort_by_key(|rule| std::cmp::Reverse(rule.urgency));
    (name, version, rules)
}
