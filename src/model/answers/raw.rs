//! The JSON input before it is checked: a borrowed value tree read with
//! serde, and its conversion to a typed [`Value`] for a question's kind.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, IgnoredAny, MapAccess, Visitor};

use super::Value;
use crate::model::catalog::Kind;

/// A JSON value as read from the input, before it is checked.
#[derive(Debug)]
pub(super) enum Raw<'a> {
    Null,
    Bool(bool),
    Number(f64),
    /// A number too large for `f64` to hold exactly, or at all, as written.
    HugeNumber(&'a str),
    Str(Cow<'a, str>),
    Array,
    Object,
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<Raw<'de>, E> {
        Ok(Raw::Null)
    }
    fn visit_none<E>(self) -> Result<Raw<'de>, E> {
        Ok(Raw::Null)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Raw<'de>, E> {
        Ok(Raw::Bool(v))
    }
    // `Raw::read` fills in the text of a `HugeNumber`.
    #[allow(clippy::cast_precision_loss)]
    fn visit_i64<E>(self, v: i64) -> Result<Raw<'de>, E> {
        Ok(if v.unsigned_abs() > (1 << 53) {
            Raw::HugeNumber("")
        } else {
            Raw::Number(v as f64)
        })
    }
    #[allow(clippy::cast_precision_loss)]
    fn visit_u64<E>(self, v: u64) -> Result<Raw<'de>, E> {
        Ok(if v > (1 << 53) {
            Raw::HugeNumber("")
        } else {
            Raw::Number(v as f64)
        })
    }
    fn visit_f64<E>(self, v: f64) -> Result<Raw<'de>, E> {
        Ok(Raw::Number(v))
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Raw<'de>, E> {
        Ok(Raw::Str(Cow::Borrowed(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Raw<'de>, E> {
        Ok(Raw::Str(Cow::Owned(v.to_string())))
    }
    fn visit_string<E>(self, v: String) -> Result<Raw<'de>, E> {
        Ok(Raw::Str(Cow::Owned(v)))
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Raw<'de>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Raw::Array)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw<'de>, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Raw::Object)
    }
}

impl<'de> de::Deserialize<'de> for Raw<'de> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(RawVisitor)
    }
}

impl<'a> Raw<'a> {
    /// Reads one JSON value from its text. A number too large to hold is
    /// kept as written, so that the message can name its key.
    pub(super) fn read(text: &'a str) -> Result<Raw<'a>, serde_json::Error> {
        match serde_json::from_str::<Raw<'a>>(text) {
            Ok(Raw::HugeNumber(_)) => Ok(Raw::HugeNumber(text)),
            Ok(raw) => Ok(raw),
            Err(e) if e.to_string().starts_with("number out of range") => Ok(Raw::HugeNumber(text)),
            Err(e) => Err(e),
        }
    }
}

pub(super) struct Key<'a>(pub(super) Cow<'a, str>);

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_string())))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

pub(super) fn convert(kind: &Kind, raw: &Raw<'_>) -> Result<Value, &'static str> {
    match (kind, raw) {
        (_, Raw::Null) => Err("null-value"),
        (Kind::Tristate, Raw::Bool(b)) => Ok(Value::Option(if *b {
            crate::model::catalog::YES
        } else {
            crate::model::catalog::NO
        })),
        (Kind::Tristate | Kind::Choice { .. }, Raw::Str(s)) => {
            kind.option_index(s).map(Value::Option).ok_or("wrong-value")
        }
        (Kind::Int { min, max }, Raw::Number(x)) => {
            if x.fract() != 0.0 {
                return Err("wrong-type");
            }
            in_range(*x, *min, *max)
        }
        (Kind::Number { min, max }, Raw::Number(x)) => in_range(*x, *min, *max),
        (Kind::Int { .. } | Kind::Number { .. }, Raw::HugeNumber(_)) => Err("out-of-range"),
        _ => Err("wrong-type"),
    }
}

fn in_range(x: f64, min: f64, max: Option<f64>) -> Result<Value, &'static str> {
    if x.is_finite() && x >= min && max.is_none_or(|max| x <= max) {
        Ok(Value::Number(x))
    } else {
        Err("out-of-range")
    }
}

pub(super) fn describe_raw(raw: &Raw<'_>) -> String {
    match raw {
        Raw::Null => "null".to_string(),
        Raw::Bool(b) => b.to_string(),
        Raw::Number(x) => number(*x),
        Raw::HugeNumber(text) => format!("{}, too large to use", shorten(text)),
        Raw::Str(s) => format!("\"{}\"", shorten(s)),
        Raw::Array => "a list".to_string(),
        Raw::Object => "an object".to_string(),
    }
}

/// What kind of JSON value this is, for a message.
pub(super) fn describe_kind(raw: &Raw<'_>) -> &'static str {
    match raw {
        Raw::Null => "null",
        Raw::Bool(_) => "true or false",
        Raw::Number(_) | Raw::HugeNumber(_) => "a number",
        Raw::Str(_) => "a string",
        Raw::Array => "a list",
        Raw::Object => "an object",
    }
}

/// A number as a person writes it: no 300-digit expansions.
pub(super) fn number(x: f64) -> String {
    if x != 0.0 && !(1e-6..1e15).contains(&x.abs()) {
        format!("{x:e}")
    } else {
        x.to_string()
    }
}

/// Text from the input, fit to quote in a one-line message: at most 40
/// characters, with control characters escaped.
pub(super) fn shorten(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().take(40) {
        if c.is_control() {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    if s.chars().nth(40).is_some() {
        out.push('…');
    }
    out
}
