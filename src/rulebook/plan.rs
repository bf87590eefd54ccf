//! `plan.toml`: the plan's headlines, named times and sections of steps,
//! validated against the catalog.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::model::catalog::Catalog;
use crate::model::clock::Show;
use crate::model::suggest::suggest;
use crate::model::urgency::Urgency;
use crate::rulebook::conditions::condition;
use crate::rulebook::toml::{
    Fields, Reporter, is_kebab_case, is_snake_case, quoted, tables, wrong_type,
};

use crate::model::plan_rules::*;

const TOP_KEYS: &[&str] = &["plan", "headline", "times", "section"];
const TIME_KEYS: &[&str] = &["from", "hours", "show"];
const SECTION_KEYS: &[&str] = &[
    "id", "title", "urgency", "when", "include", "note", "timeline", "region", "step",
];
const STEP_KEYS: &[&str] = &["id", "lead", "text", "short", "urgency", "region", "when"];
const URGENCIES: &[&str] = &["emergency", "urgent", "routine", "self_care"];

/// Parses and validates `plan.toml` (file `file` of `r`).
pub(crate) fn load(
    r: &mut Reporter,
    file: usize,
    text: &str,
    catalog: &Catalog,
    regions: &[&str],
) -> PlanRules {
    let Some(root) = r.parse(file, text) else {
        return PlanRules::default();
    };
    let mut l = Loader {
        r,
        file,
        source: text,
        catalog,
        regions,
        times: Vec::new(),
        step_ids: Vec::new(),
    };
    Fields::new(&root, 0..0, file).check_keys(l.r, TOP_KEYS, "plan.toml");
    l.times = l.times(&root);
    let disclaimer = l.disclaimer(&root);
    let headlines = l.headlines(&root);
    let mut sections = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for (table, span) in tables(l.r, file, &root, "section") {
        if let Some(section) = l.section(table, span) {
            if seen.contains(&section.id) {
                let span = Fields::new(table, 0..0, file).key_span("id");
                l.r.error(
                    file,
                    span,
                    "duplicate-section",
                    format!("section id `{}` is used twice", section.id),
                );
            }
            seen.push(section.id.clone());
            sections.push(section);
        }
    }
    if sections.is_empty() && !l.r.diags.has_errors() {
        l.r.error(
            file,
            0..0,
            "no-sections",
            "plan.toml defines no [[section]]",
        );
    }
    PlanRules {
        headlines,
        disclaimer,
        times: l.times,
        sections,
    }
}

struct Loader<'a, 'r> {
    r: &'r mut Reporter,
    file: usize,
    source: &'a str,
    catalog: &'a Catalog,
    regions: &'a [&'a str],
    times: Vec<TimeRule>,
    step_ids: Vec<String>,
}

impl Loader<'_, '_> {
    fn times(&mut self, root: &DeTable<'_>) -> Vec<TimeRule> {
        let file = self.file;
        let Some(value) = root.get("times") else {
            return Vec::new();
        };
        let Some(table) = value.get_ref().as_table() else {
            wrong_type(
                self.r,
                file,
                value,
                "times",
                "a table of [times.NAME] tables",
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (key, v) in table.iter() {
            let name: &str = key.get_ref();
            if !is_snake_case(name) {
                self.r.error(
                    file,
                    key.span(),
                    "bad-id",
                    format!(
                        "time name `{name}` must be snake_case (lower-case letters, digits and _)"
                    ),
                );
            }
            if RegionField::ALL.iter().any(|(_, n)| *n == name) {
                self.r.error(
                    file,
                    key.span(),
                    "duplicate-placeholder",
                    format!(
                        "`{name}` is already the name of a region placeholder; choose another name"
                    ),
                );
            }
            let Some(t) = v.get_ref().as_table() else {
                wrong_type(self.r, file, v, name, "a table with `from` and `hours`");
                continue;
            };
            let what = format!("time `{name}`");
            let f = Fields::new(t, key.span(), file);
            f.check_keys(self.r, TIME_KEYS, &what);
            let from =
                f.string(self.r, "from", &what, true)
                    .and_then(|s| match s.get_ref().as_str() {
                        "onset" => Some(Anchor::Onset),
                        "now" => Some(Anchor::Now),
                        other => {
                            let d = self.r.error(
                                file,
                                s.span(),
                                "unknown-anchor",
                                format!("`from` must be \"onset\" or \"now\", not \"{other}\""),
                            );
                            d.hint = hint_for(other, &["onset", "now"]);
                            None
                        }
                    });
            let hours = match f.required(self.r, "hours", &what) {
                Some(_) => f.number(self.r, "hours").and_then(|h| {
                    if *h.get_ref() < 0.0 || *h.get_ref() > 100_000.0 {
                        self.r.error(
                            file,
                            h.span(),
                            "out-of-range",
                            "`hours` must be from 0 to 100000",
                        );
                        None
                    } else {
                        Some(h.into_inner())
                    }
                }),
                None => None,
            };
            let show = match f.string(self.r, "show", &what, false) {
                None => Some(Show::DateTime),
                Some(s) => match s.get_ref().as_str() {
                    "date" => Some(Show::Date),
                    "date_time" => Some(Show::DateTime),
                    other => {
                        let d = self.r.error(
                            file,
                            s.span(),
                            "unknown-show",
                            format!("`show` must be \"date\" or \"date_time\", not \"{other}\""),
                        );
                        d.hint = hint_for(other, &["date", "date_time"]);
                        None
                    }
                },
            };
            if let (Some(from), Some(hours), Some(show)) = (from, hours, show) {
                out.push(TimeRule {
                    name: name.to_string(),
                    from,
                    hours,
                    show,
                });
            }
        }
        out
    }

    fn disclaimer(&mut self, root: &DeTable<'_>) -> Text {
        let Some(value) = root.get("plan") else {
            self.r.error(
                self.file,
                0..0,
                "missing-key",
                "plan.toml has no [plan] table with the `disclaimer`",
            );
            return Text::default();
        };
        let Some(table) = value.get_ref().as_table() else {
            wrong_type(self.r, self.file, value, "plan", "a table");
            return Text::default();
        };
        let f = Fields::new(table, value.span(), self.file);
        f.check_keys(self.r, &["disclaimer"], "[plan]");
        self.text(&f, "disclaimer", "[plan]", true)
            .unwrap_or_default()
    }

    fn headlines(&mut self, root: &DeTable<'_>) -> Vec<Text> {
        let Some(value) = root.get("headline") else {
            self.r.error(
                self.file,
                0..0,
                "missing-key",
                format!(
                    "plan.toml has no [headline] table: it needs one line for each of {}",
                    quoted(URGENCIES)
                ),
            );
            return Vec::new();
        };
        let Some(table) = value.get_ref().as_table() else {
            wrong_type(self.r, self.file, value, "headline", "a table");
            return Vec::new();
        };
        let f = Fields::new(table, value.span(), self.file);
        f.check_keys(self.r, URGENCIES, "[headline]");
        Urgency::ALL
            .iter()
            .map(|u| {
                self.text(&f, u.as_str(), "[headline]", true)
                    .unwrap_or_default()
            })
            .collect()
    }

    fn section(&mut self, table: &DeTable<'_>, span: Range<usize>) -> Option<SectionRule> {
        let file = self.file;
        let f = Fields::new(table, span, file);
        f.check_keys(self.r, SECTION_KEYS, "a section");
        let id = f.string(self.r, "id", "this section", true);
        if let Some(id) = &id
            && !is_kebab_case(id.get_ref())
        {
            self.r.error(
                file,
                id.span(),
                "bad-id",
                format!(
                    "section id `{}` must be kebab-case (lower-case letters, digits and -)",
                    id.get_ref()
                ),
            );
        }
        let what = id.as_ref().map_or("this section".to_string(), |id| {
            format!("section `{}`", id.get_ref())
        });
        let title = self.text(&f, "title", &what, true);
        let note = if f.get("note").is_some() {
            Some(self.text(&f, "note", &what, true)?)
        } else {
            None
        };
        let filter = self.filter(&f);
        let reasons = match f.string(self.r, "include", &what, false) {
            None => false,
            Some(s) if s.get_ref() == "reasons" => true,
            Some(s) => {
                self.r.error(
                    file,
                    s.span(),
                    "unknown-include",
                    format!(
                        "`include` can only be \"reasons\" (the rules that fired), not \"{}\"",
                        s.get_ref()
                    ),
                );
                false
            }
        };
        let timeline = f.boolean(self.r, "timeline").unwrap_or(false);
        let mut steps = Vec::new();
        for (t, span) in tables(self.r, file, table, "step") {
            if let Some(step) = self.step(t, span) {
                steps.push(step);
            }
        }
        if steps.is_empty() && !reasons && table.get("step").is_none() {
            self.r.error(
                file,
                f.key_span("id"),
                "empty-section",
                format!("{what} has no steps: add [[section.step]] tables after it"),
            );
        }
        Some(SectionRule {
            id: id?.into_inner(),
            title: title?,
            filter: filter?,
            reasons,
            timeline,
            steps,
            note,
        })
    }

    fn step(&mut self, table: &DeTable<'_>, span: Range<usize>) -> Option<StepRule> {
        let f = Fields::new(table, span, self.file);
        f.check_keys(self.r, STEP_KEYS, "a step");
        let id = f.string(self.r, "id", "this step", false);
        if let Some(id) = &id {
            if !is_kebab_case(id.get_ref()) {
                self.r.error(
                    self.file,
                    id.span(),
                    "bad-id",
                    format!(
                        "step id `{}` must be kebab-case (lower-case letters, digits and -)",
                        id.get_ref()
                    ),
                );
            }
            if self.step_ids.contains(id.get_ref()) {
                self.r.error(
                    self.file,
                    id.span(),
                    "duplicate-step",
                    format!("step id `{}` is used twice", id.get_ref()),
                );
            }
            self.step_ids.push(id.get_ref().clone());
        }
        let lead = if f.get("lead").is_some() {
            Some(self.text(&f, "lead", "this step", true)?)
        } else {
            None
        };
        let text = self.text(&f, "text", "this step", true);
        let short = if f.get("short").is_some() {
            Some(self.text(&f, "short", "this step", true)?)
        } else {
            None
        };
        let filter = self.filter(&f);
        Some(StepRule {
            id: id.map(Spanned::into_inner),
            lead,
            text: text?,
            short,
            filter: filter?,
        })
    }

    fn filter(&mut self, f: &Fields<'_, '_>) -> Option<Filter> {
        let urgency = match f.get("urgency") {
            None => Some(None),
            Some(v) => self.urgencies(v).map(Some),
        };
        let when = match f.get("when") {
            None => Some(None),
            Some(v) => condition(self.r, self.file, v, self.catalog, 0).map(Some),
        };
        let region = match f.get("region") {
            None => Some(None),
            Some(v) => self.regions(v).map(Some),
        };
        Some(Filter {
            urgency: urgency?,
            region: region?,
            when: when?,
        })
    }

    /// A list of region ids from `regions.toml`.
    fn regions(&mut self, v: &Spanned<DeValue<'_>>) -> Option<Vec<String>> {
        let expected = "a list of region ids, such as [\"us\", \"ca\"]";
        let Some(items) = v.get_ref().as_array().filter(|a| !a.is_empty()) else {
            wrong_type(self.r, self.file, v, "region", expected);
            return None;
        };
        let mut out = Vec::new();
        for item in items {
            match item.get_ref().as_str() {
                Some(id) if self.regions.contains(&id) => out.push(id.to_string()),
                Some(id) => {
                    let d = self.r.error(
                        self.file,
                        item.span(),
                        "unknown-region",
                        format!(
                            "unknown region `{id}`; regions.toml has {}",
                            self.regions.join(", ")
                        ),
                    );
                    d.hint = hint_for(id, self.regions);
                    return None;
                }
                None => {
                    wrong_type(self.r, self.file, item, "region", expected);
                    return None;
                }
            }
        }
        Some(out)
    }

    fn urgencies(&mut self, v: &Spanned<DeValue<'_>>) -> Option<Vec<Urgency>> {
        let items: Vec<&Spanned<DeValue<'_>>> = match v.get_ref() {
            DeValue::String(_) => vec![v],
            DeValue::Array(a) if !a.is_empty() => a.iter().collect(),
            DeValue::Array(_) => {
                self.r.error(
                    self.file,
                    v.span(),
                    "empty-list",
                    "an empty `urgency` list matches nothing; list at least one urgency",
                );
                return None;
            }
            _ => {
                wrong_type(
                    self.r,
                    self.file,
                    v,
                    "urgency",
                    "an urgency or a list of them, such as [\"self_care\", \"routine\"]",
                );
                return None;
            }
        };
        let mut out = Vec::new();
        let mut ok = true;
        for item in items {
            let Some(s) = item.get_ref().as_str() else {
                wrong_type(self.r, self.file, item, "urgency", "an urgency in quotes");
                ok = false;
                continue;
            };
            match Urgency::parse(s) {
                Some(u) => out.push(u),
                None => {
                    let d = self.r.error(
                        self.file,
                        item.span(),
                        "unknown-urgency",
                        format!("unknown urgency `{s}`"),
                    );
                    d.hint = hint_for(s, URGENCIES);
                    ok = false;
                }
            }
        }
        ok.then_some(out)
    }

    /// Reads a string and splits it at its placeholders, reporting unknown
    /// ones where they are written.
    fn text(&mut self, f: &Fields<'_, '_>, key: &str, what: &str, required: bool) -> Option<Text> {
        let s = f.string(self.r, key, what, required)?;
        let span = f.get(key).map_or(s.span(), Spanned::span);
        let raw = self.source.get(span.clone()).unwrap_or("");
        let mut parts = Vec::new();
        let mut ok = true;
        let mut rest = s.get_ref().as_str();
        while let Some(open) = rest.find('{') {
            if open > 0 {
                parts.push(Part::Literal(rest[..open].to_string()));
            }
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                self.r.error(
                    self.file,
                    span.clone(),
                    "unclosed-placeholder",
                    format!("a `{{` in `{key}` has no closing `}}`"),
                );
                ok = false;
                break;
            };
            let name = &after[..close];
            match self.placeholder(name) {
                Some(part) => parts.push(part),
                None => {
                    let written = format!("{{{name}}}");
                    let at = raw.find(&written).map_or(span.clone(), |i| {
                        span.start + i..span.start + i + written.len()
                    });
                    let mut names: Vec<&str> = RegionField::ALL.iter().map(|(_, n)| *n).collect();
                    names.extend(self.times.iter().map(|t| t.name.as_str()));
                    let d = self.r.error(
                        self.file,
                        at,
                        "unknown-placeholder",
                        format!("unknown placeholder `{written}`"),
                    );
                    d.hint = Some(match suggest(name, names.iter().copied()) {
                        Some(s) => format!("did you mean `{{{s}}}`?"),
                        None => format!(
                            "the placeholders are {}, and the names under [times]",
                            names
                                .iter()
                                .map(|n| format!("`{{{n}}}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    });
                    ok = false;
                }
            }
            rest = &after[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(Part::Literal(rest.to_string()));
        }
        ok.then_some(Text { parts })
    }

    fn placeholder(&self, name: &str) -> Option<Part> {
        if let Some((field, _)) = RegionField::ALL.iter().find(|(_, n)| *n == name) {
            return Some(Part::Region(*field));
        }
        self.times
            .iter()
            .position(|t| t.name == name)
            .map(Part::Time)
    }
}

fn hint_for(word: &str, candidates: &[&str]) -> Option<String> {
    Some(crate::rulebook::toml::hint_for(word, candidates))
}
