//! The span-keeping TOML toolkit every rule-file loader shares: parse with
//! spans, read a table's keys (reporting unknown and missing ones), and
//! collect diagnostics.

use std::collections::HashMap;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::rulebook::diagnostic::{Diagnostic, Diagnostics, Severity, SourceFile, suggest};

/// Deeper conditions than this are refused (and almost surely a mistake).
pub const MAX_DEPTH: usize = 32;
pub(crate) const MAX_QUESTIONS: usize = 1000;
pub(crate) const MAX_OPTIONS: usize = 64;

pub(crate) type Value<'i> = Spanned<DeValue<'i>>;

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

    /// Parses one file; the first syntax error is reported and `None`
    /// returned. (What the parser reads after an error is mostly follow-on
    /// errors from the same mistake: one missing `]` would be a thousand.)
    pub fn parse<'a>(&mut self, file: usize, text: &'a str) -> Option<DeTable<'a>> {
        let (table, errors) = DeTable::parse_recoverable(text);
        if errors.is_empty() {
            return Some(table.into_inner());
        }
        if let Some(e) = errors.into_iter().next() {
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
        number_or_report(r, self.file, value, key).map(|x| Spanned::new(value.span(), x))
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

/// The largest integer a rule file may hold: beyond it an `f64` is no
/// longer exact, and no question's range reaches it.
pub(crate) const MAX_EXACT: f64 = 9_007_199_254_740_992.0;

/// Why a TOML value cannot be read as a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BadNumber {
    /// Not an integer or a decimal number at all.
    NotNumber,
    /// `nan`, `inf`, or a decimal too large for a number (`1e999`).
    NotFinite,
    /// An integer beyond ±2^53.
    TooLarge,
}

/// The number a TOML value holds, finite and exact.
pub(crate) fn as_number(value: &DeValue<'_>) -> Result<f64, BadNumber> {
    let x = match value {
        DeValue::Integer(i) => match i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()) {
            #[allow(clippy::cast_precision_loss)]
            Ok(i) if i.unsigned_abs() <= 1 << 53 => i as f64,
            Ok(_) => return Err(BadNumber::TooLarge),
            Err(_) => return Err(BadNumber::TooLarge),
        },
        DeValue::Float(f) => f
            .as_str()
            .replace('_', "")
            .parse::<f64>()
            .map_err(|_| BadNumber::NotFinite)?,
        _ => return Err(BadNumber::NotNumber),
    };
    if !x.is_finite() {
        Err(BadNumber::NotFinite)
    } else if x.abs() > MAX_EXACT {
        Err(BadNumber::TooLarge)
    } else {
        Ok(x)
    }
}

/// A number written in a comparison string (`">= 50"`), finite and exact:
/// Rust reads `nan` and `inf` as numbers, a rule may not.
pub(crate) fn parse_finite(s: &str) -> Option<f64> {
    s.parse::<f64>()
        .ok()
        .filter(|x| x.is_finite() && x.abs() <= MAX_EXACT)
}

/// The number `value` holds, or an error saying why it cannot be used:
/// never a number dropped without a word.
pub(crate) fn number_or_report(
    r: &mut Reporter,
    file: usize,
    value: &Value<'_>,
    key: &str,
) -> Option<f64> {
    match as_number(value.get_ref()) {
        Ok(x) => Some(x),
        Err(BadNumber::NotNumber) => {
            wrong_type(r, file, value, key, "a number");
            None
        }
        Err(BadNumber::NotFinite) => {
            r.error(
                file,
                value.span(),
                "bad-number",
                format!("`{key}` must be a finite number, such as 50; nan, inf and numbers too large to hold are not"),
            );
            None
        }
        Err(BadNumber::TooLarge) => {
            r.error(
                file,
                value.span(),
                "bad-number",
                format!("`{key}` is too large: numbers in rule files must be between -9007199254740992 and 9007199254740992"),
            );
            None
        }
    }
}

pub(crate) fn quoted(items: &[&str]) -> String {
    let q: Vec<String> = items.iter().map(|s| format!("`{s}`")).collect();
    crate::model::catalog::join_or(&q)
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
pub(crate) fn table_span(table: &DeTable<'_>, whole: Range<usize>) -> Range<usize> {
    table.iter().next().map_or(whole, |(k, _)| k.span())
}

pub(crate) fn hint_for(word: &str, candidates: &[&str]) -> String {
    match suggest(word, candidates.iter().copied()) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("expected {}", quoted(candidates)),
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
