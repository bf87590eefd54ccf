//! The condition language of `when` and `asked_when`, compiled against the
//! catalog into indices, bitmasks and numbers.

use std::ops::Range;

use toml::Spanned;
use toml::de::DeValue;

use crate::model::catalog::{Catalog, Question};
use crate::model::condition::{Condition, Op, Test};
use crate::model::suggest::suggest;
use crate::rulebook::toml::*;

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
            let x = number_or_report(r, file, v, name)?;
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
            && let (Some(lo), Some(hi)) = (parse_finite(lo), parse_finite(hi))
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
            let Some(x) = parse_finite(rest) else {
                r.error(
                    file,
                    span,
                    "bad-comparison",
                    format!("cannot read a finite number in \"{s}\""),
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
