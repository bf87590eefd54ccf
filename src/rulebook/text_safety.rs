//! Rule text that could drive a terminal: a control character or a
//! bidirectional override, written as it is or as a TOML escape, is a
//! warning at its position. (Every command shows it escaped regardless.)

use toml::de::{DeTable, DeValue};

use crate::model::printable::{first_unsafe, is_unsafe};
use crate::rulebook::diagnostic::Severity;
use crate::rulebook::toml::Reporter;

/// At most this many such warnings per file; one is enough to act on.
const MAX_PER_FILE: usize = 10;

/// The warning code.
pub(crate) const CODE: &str = "unsafe-character";

/// Warns about every control character (other than tab and line ends) and
/// bidirectional control in file `file` of `r`, in its text or in the
/// strings it decodes to.
pub(crate) fn warn_unsafe_text(r: &mut Reporter, file: usize) {
    let text = r.diags.files[file].text.clone();
    let mut found = 0;
    let mut rest = 0;
    while let Some((i, c)) = first_unsafe(&text[rest..]) {
        if found == MAX_PER_FILE {
            break;
        }
        found += 1;
        let at = rest + i;
        warn(r, file, at..at + c.len_utf8(), c, "");
        rest = at + c.len_utf8();
    }
    if let Ok(root) = DeTable::parse(&text) {
        let mut strings = Vec::new();
        collect(root.get_ref(), &mut strings);
        for (span, decoded) in strings {
            // Written raw, it was reported above; here, written as an escape.
            let raw = text.get(span.clone()).unwrap_or("");
            let escaped = decoded
                .chars()
                .find(|&c| is_unsafe(c) && c != '\r' && !raw.contains(c));
            if let Some(c) = escaped
                && found < MAX_PER_FILE
            {
                found += 1;
                warn(r, file, span, c, " (written as an escape)");
            }
        }
    }
}

fn warn(r: &mut Reporter, file: usize, span: std::ops::Range<usize>, c: char, how: &str) {
    let what = if c.is_control() {
        "a control character"
    } else {
        "a bidirectional control"
    };
    let code = format!("U+{:04X}", u32::from(c));
    r.push(
        Severity::Warning,
        file,
        span,
        CODE,
        format!("this text holds {what}, {code}{how}, which can drive a terminal or show text in another order"),
    )
    .hint = Some("remove it; every command shows it escaped, as \\u{..}".to_string());
}

/// Every key and string value holding an unsafe character, with its span.
fn collect(table: &DeTable<'_>, out: &mut Vec<(std::ops::Range<usize>, String)>) {
    for (key, value) in table.iter() {
        if first_unsafe(key.get_ref()).is_some() {
            out.push((key.span(), key.get_ref().to_string()));
        }
        collect_value(value, out);
    }
}

fn collect_value(
    value: &toml::Spanned<DeValue<'_>>,
    out: &mut Vec<(std::ops::Range<usize>, String)>,
) {
    match value.get_ref() {
        DeValue::String(s) if first_unsafe(s).is_some() => {
            out.push((value.span(), s.to_string()));
        }
        DeValue::Array(items) => items.iter().for_each(|v| collect_value(v, out)),
        DeValue::Table(t) => collect(t, out),
        _ => {}
    }
}
