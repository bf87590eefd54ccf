//! `triage.toml`: the rule set's name and version, and the triage rules.

use std::collections::HashMap;
use std::ops::Range;

use toml::Spanned;
use toml::de::DeTable;

use crate::model::catalog::Catalog;
use crate::model::rule_set::{Guarantee, Rule};
use crate::model::urgency::Urgency;
use crate::rulebook::conditions::condition;
use crate::rulebook::toml::*;

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
const URGENCIES: &[&str] = &["emergency", "urgent", "routine", "self_care"];
const GUARANTEE_KEYS: &[&str] = &["id", "urgency", "when", "source"];

/// The `[[guarantee]]` tables of `triage.toml`: combinations of answers
/// that must give at least an urgency, proven by `rules check`.
pub(crate) fn load_guarantees(
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
        let (id, what, urgency) =
            id_and_urgency(r, &f, &mut first_seen, "guarantee", "duplicate-guarantee");
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

pub(crate) fn load_triage(
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
        let (id, what, urgency) = id_and_urgency(r, &f, &mut first_seen, "rule", "duplicate-rule");
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

/// The `id` (kebab-case, unique among its kind) and `urgency` of a rule or
/// a guarantee, each reported where it is wrong, and how to name it in a
/// message ("rule `fever`").
fn id_and_urgency(
    r: &mut Reporter,
    f: &Fields<'_, '_>,
    first_seen: &mut HashMap<String, Range<usize>>,
    noun: &str,
    duplicate: &'static str,
) -> (Option<Spanned<String>>, String, Option<Urgency>) {
    let file = f.file;
    let id = f.string(r, "id", &format!("this {noun}"), true);
    let what = id.as_ref().map_or(format!("this {noun}"), |id| {
        format!("{noun} `{}`", id.get_ref())
    });
    if let Some(id) = &id {
        if !is_kebab_case(id.get_ref()) {
            r.error(
                file,
                id.span(),
                "bad-id",
                format!(
                    "{noun} id `{}` must be kebab-case (lower-case letters, digits and -)",
                    id.get_ref()
                ),
            );
        }
        let message = format!(
            "{noun} id `{}` is used twice: give each {noun} its own id",
            id.get_ref()
        );
        r.unique(first_seen, file, id, duplicate, message);
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
    (id, what, urgency)
}
