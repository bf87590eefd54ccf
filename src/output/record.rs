//! A result as a script asks for it (`--fields`, `--id-key`, `--explain`):
//! the fields named, in the order named, led by the record's `id`; as a JSON
//! object or as a CSV row. Only the parts asked for are built.

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use serde_json::value::RawValue;

use crate::engine::Decision;
use crate::model::clock::Clock;
use crate::model::region::Region;
use crate::model::rule_set::RuleSet;
use crate::output::report::{self, FIELDS, SCHEMA_VERSION};

/// One top-level field of a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// `schema_version`.
    SchemaVersion,
    /// `disposition`.
    Disposition,
    /// `urgency`.
    Urgency,
    /// `reasons`: the rules that set the urgency.
    Reasons,
    /// `also_fired`: the other rules that fired.
    AlsoFired,
    /// `plan`.
    Plan,
    /// `unanswered`.
    Unanswered,
    /// `rules`: the rule set used.
    Rules,
    /// `explanation` (`--explain`).
    Explanation,
}

const ALL: [Field; 9] = [
    Field::SchemaVersion,
    Field::Disposition,
    Field::Urgency,
    Field::Reasons,
    Field::AlsoFired,
    Field::Plan,
    Field::Unanswered,
    Field::Rules,
    Field::Explanation,
];

impl Field {
    /// The field's name in the result.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Field::Explanation => "explanation",
            // FIELDS lists the others in this order.
            other => FIELDS[ALL.iter().position(|f| *f == other).unwrap_or(0)],
        }
    }

    fn named(name: &str) -> Option<Field> {
        ALL.iter().copied().find(|f| f.name() == name)
    }

    /// Whether the field fits in one CSV cell.
    #[must_use]
    pub fn flat(self) -> bool {
        !matches!(self, Field::Plan | Field::Explanation)
    }
}

/// The fields to write, in order (`--fields`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fields(Vec<Field>);

impl Fields {
    /// Every contract field, in contract order (no explanation).
    #[must_use]
    pub fn all() -> Fields {
        Fields(ALL[..ALL.len() - 1].to_vec())
    }

    /// Every field that fits in a CSV cell, in contract order.
    #[must_use]
    pub fn flat() -> Fields {
        Fields(Fields::all().0.into_iter().filter(|f| f.flat()).collect())
    }

    /// Parses a comma-separated list of field names, kept in its order.
    ///
    /// # Errors
    /// An unknown or repeated name, in words, with a suggestion when one is close.
    pub fn parse(list: &str) -> Result<Fields, String> {
        let mut fields = Vec::new();
        for name in list.split(',').map(str::trim) {
            let Some(field) = Field::named(name) else {
                let names = ALL.map(Field::name);
                return Err(
                    match crate::model::suggest::suggest(name, names.iter().copied()) {
                        Some(s) => format!("unknown field `{name}`: did you mean `{s}`?"),
                        None => format!(
                            "unknown field `{name}`: the fields are {}",
                            names.join(", ")
                        ),
                    },
                );
            };
            if fields.contains(&field) {
                return Err(format!("the field `{name}` is named twice"));
            }
            fields.push(field);
        }
        Ok(Fields(fields))
    }

    /// These fields and `explanation`, last unless already named.
    #[must_use]
    pub fn with_explanation(mut self) -> Fields {
        if !self.contains(Field::Explanation) {
            self.0.push(Field::Explanation);
        }
        self
    }

    /// Whether `field` is written.
    #[must_use]
    pub fn contains(&self, field: Field) -> bool {
        self.0.contains(&field)
    }

    /// The fields, in order.
    #[must_use]
    pub fn list(&self) -> &[Field] {
        &self.0
    }

    /// The first field that does not fit in a CSV cell, if any.
    #[must_use]
    pub fn nested(&self) -> Option<Field> {
        self.0.iter().copied().find(|f| !f.flat())
    }
}

/// What a plan needs beyond the decision: where the person is, and when.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The rule set that decided.
    pub rules: &'a RuleSet,
    /// The region whose numbers the plan gives.
    pub region: &'a Region,
    /// The time and time zone the plan is written for.
    pub clock: &'a Clock,
}

/// One result record: serialises to JSON with the fields asked for.
#[derive(Debug, Clone, Copy)]
pub struct Record<'a> {
    /// Rules, region and clock.
    pub context: Context<'a>,
    /// The decision to write.
    pub decision: &'a Decision,
    /// The fields to write, in order.
    pub fields: &'a Fields,
    /// `Some` when `--id-key` is in use: the id given, or `None` for `null`.
    pub id: Option<Option<&'a RawValue>>,
}

impl Serialize for Record<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let Context {
            rules,
            region,
            clock,
        } = self.context;
        let decision = self.decision;
        let mut map = s.serialize_map(None)?;
        if let Some(id) = self.id {
            map.serialize_entry("id", &id)?;
        }
        for &field in self.fields.list() {
            let name = field.name();
            match field {
                Field::SchemaVersion => map.serialize_entry(name, &SCHEMA_VERSION)?,
                Field::Disposition => map.serialize_entry(name, &decision.urgency.disposition())?,
                Field::Urgency => map.serialize_entry(name, &decision.urgency)?,
                Field::Reasons => map.serialize_entry(name, &report::reasons(rules, decision))?,
                Field::AlsoFired => {
                    map.serialize_entry(name, &report::also_fired(rules, decision))?;
                }
                Field::Plan => {
                    map.serialize_entry(name, &crate::plan::build(rules, decision, region, clock))?;
                }
                Field::Unanswered => map.serialize_entry(name, &unanswered(rules, decision))?,
                Field::Rules => map.serialize_entry(name, &rules.id)?,
                Field::Explanation => {
                    map.serialize_entry(name, &crate::engine::explain::explain(rules, decision))?
                }
            }
        }
        map.end()
    }
}

fn unanswered<'r>(rules: &'r RuleSet, decision: &Decision) -> Vec<&'r str> {
    decision
        .answers
        .unanswered
        .iter()
        .map(|&id| rules.catalog.get(id).id.as_str())
        .collect()
}

/// The CSV header: `id` (with `--id-key`), `line`, the fields, then `error`
/// and `message` for a line that could not be assessed.
#[must_use]
pub fn csv_header(fields: &Fields, id: bool) -> Vec<&'static str> {
    let mut header = Vec::new();
    if id {
        header.push("id");
    }
    header.push("line");
    header.extend(fields.list().iter().map(|f| f.name()));
    header.extend(["error", "message"]);
    header
}

/// The CSV cells of a result, in header order. Lists of rules or questions
/// are their ids separated by spaces; `rules` is the name and version.
#[must_use]
pub fn csv_result(record: &Record<'_>, line: u64) -> Vec<String> {
    let rules = record.context.rules;
    let decision = record.decision;
    let ids = |reasons: Vec<report::Reason>| {
        reasons
            .into_iter()
            .map(|r| r.rule)
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut row = id_cells(record.id);
    row.push(line.to_string());
    for &field in record.fields.list() {
        row.push(match field {
            Field::SchemaVersion => SCHEMA_VERSION.to_string(),
            Field::Disposition => decision.urgency.disposition().as_str().to_string(),
            Field::Urgency => decision.urgency.as_str().to_string(),
            Field::Reasons => ids(report::reasons(rules, decision)),
            Field::AlsoFired => ids(report::also_fired(rules, decision)),
            Field::Unanswered => unanswered(rules, decision).join(" "),
            Field::Rules => format!("{} {}", rules.id.name, rules.id.version),
            // Refused before the run starts: see `Fields::nested`.
            Field::Plan | Field::Explanation => String::new(),
        });
    }
    row.extend([String::new(), String::new()]);
    row
}

/// The CSV cells of an error record: the fields are empty, the message on one line.
#[must_use]
pub fn csv_error(
    fields: &Fields,
    id: Option<Option<&RawValue>>,
    line: u64,
    kind: &str,
    message: &str,
) -> Vec<String> {
    let mut row = id_cells(id);
    row.push(line.to_string());
    row.extend(fields.list().iter().map(|_| String::new()));
    row.push(kind.to_string());
    row.push(message.split_whitespace().collect::<Vec<_>>().join(" "));
    row
}

/// The id as a cell: a string as itself, any other JSON value as written.
fn id_cells(id: Option<Option<&RawValue>>) -> Vec<String> {
    match id {
        None => Vec::new(),
        Some(None) => vec![String::new()],
        Some(Some(raw)) => vec![
            serde_json::from_str::<String>(raw.get()).unwrap_or_else(|_| raw.get().to_string()),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_keep_the_order_asked() {
        let f = Fields::parse("urgency,disposition").expect("valid");
        assert_eq!(f.list(), [Field::Urgency, Field::Disposition]);
        assert_eq!(
            Fields::parse("plan, reasons").expect("valid").nested(),
            Some(Field::Plan)
        );
    }

    #[test]
    fn fields_are_refused_unknown_or_twice() {
        let e = Fields::parse("urgncy").expect_err("unknown");
        assert!(e.contains("did you mean `urgency`?"), "{e}");
        let e = Fields::parse("urgency,urgency").expect_err("twice");
        assert!(e.contains("named twice"), "{e}");
    }

    #[test]
    fn every_contract_field_has_a_name() {
        let names: Vec<&str> = Fields::all().list().iter().map(|f| f.name()).collect();
        assert_eq!(names, FIELDS);
    }
}
