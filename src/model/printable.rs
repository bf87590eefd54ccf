//! Text made safe for a terminal: a rule file, an answers file or the
//! command line can hold an ESC that clears the screen or sets the window
//! title, or a bidirectional override that shows text in another order.
//! Such characters are shown escaped (`\u{1b}`) in everything written for a
//! person; JSON output is left exact (its own escaping covers it).

use std::borrow::Cow;

/// True for a character that can drive a terminal or reorder text: a
/// control character other than tab and line feed, DEL, a C1 control, or a
/// bidirectional mark, embedding, override or isolate.
#[must_use]
pub fn is_unsafe(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}'
        | '\u{b}'..='\u{1f}'
        | '\u{7f}'..='\u{9f}'
        | '\u{61c}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}')
}

/// The first [unsafe](is_unsafe) character of `text` and its byte offset,
/// not counting the `\r` of a `\r\n` line end.
#[must_use]
pub fn first_unsafe(text: &str) -> Option<(usize, char)> {
    text.char_indices()
        .find(|&(i, c)| is_unsafe(c) && !(c == '\r' && text[i + 1..].starts_with('\n')))
}

/// `text` with every [unsafe](is_unsafe) character written as `\u{..}`;
/// borrowed when there is none.
#[must_use]
pub fn escape(text: &str) -> Cow<'_, str> {
    escape_keeping(text, |_| 0)
}

/// `text` escaped as by [`escape`], except the colour and bold sequences
/// this program writes itself (SGR codes for bold, underline, reset and
/// the plain and bright colours other than black and white), which are
/// kept. Sequences that hide, blink or move text, or set a title, are
/// escaped.
#[must_use]
pub fn escape_keeping_style(text: &str) -> Cow<'_, str> {
    escape_keeping(text, own_style_len)
}

/// Escapes `text`, keeping the `kept(rest)` bytes at each unsafe character.
fn escape_keeping(text: &str, kept: impl Fn(&str) -> usize) -> Cow<'_, str> {
    if first_unsafe(text).is_none() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some((i, c)) = rest.char_indices().find(|&(_, c)| is_unsafe(c)) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        // A Windows line end is not a carriage return over the line.
        let keep = if rest.starts_with("\r\n") {
            1
        } else {
            kept(rest)
        };
        if keep > 0 {
            out.push_str(&rest[..keep]);
            rest = &rest[keep..];
        } else {
            out.extend(c.escape_unicode());
            rest = &rest[c.len_utf8()..];
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The length of the SGR sequence `rest` starts with, if it is one this
/// program writes (anstyle, termcolor and clap styles); else 0.
fn own_style_len(rest: &str) -> usize {
    let Some(body) = rest.strip_prefix("\u{1b}[") else {
        return 0;
    };
    let Some(end) = body.find(|c: char| !(c.is_ascii_digit() || c == ';')) else {
        return 0;
    };
    if !body[end..].starts_with('m') {
        return 0;
    }
    let params: Vec<&str> = body[..end].split(';').collect();
    let ok = match params.as_slice() {
        // 256-colour form of the bright colours (termcolor's "intense").
        ["38", "5", n] => n.parse::<u8>().is_ok_and(|n| (9..=14).contains(&n)),
        list => list.iter().all(|p| {
            matches!(
                *p,
                "" | "0"
                    | "1"
                    | "2"
                    | "3"
                    | "4"
                    | "22"
                    | "23"
                    | "24"
                    | "39"
                    | "31"
                    | "32"
                    | "33"
                    | "34"
                    | "35"
                    | "36"
                    | "91"
                    | "92"
                    | "93"
                    | "94"
                    | "95"
                    | "96"
            )
        }),
    };
    if ok { 2 + end + 1 } else { 0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_overrides_are_escaped_and_plain_text_is_borrowed() {
        assert!(matches!(
            escape("Fever? Yes — 38 °C\n\tok"),
            Cow::Borrowed(_)
        ));
        assert_eq!(
            escape("a\u{1b}]0;pwned\u{7}b\rc"),
            "a\\u{1b}]0;pwned\\u{7}b\\u{d}c"
        );
        assert_eq!(escape("a\r\nb"), "a\r\nb");
        assert_eq!(first_unsafe("a\r\nb\u{7}"), Some((4, '\u{7}')));
        assert_eq!(
            escape("x\u{202e}y\u{2066}z\u{9b}"),
            "x\\u{202e}y\\u{2066}z\\u{9b}"
        );
    }

    #[test]
    fn only_this_program_s_own_styles_are_kept() {
        let ours = "\u{1b}[1m\u{1b}[31mEMERGENCY\u{1b}[0m \u{1b}[38;5;9mx\u{1b}[0m";
        assert_eq!(escape_keeping_style(ours), ours);
        for hostile in [
            "\u{1b}[2J",
            "\u{1b}[8m",
            "\u{1b}[30m",
            "\u{1b}[5m",
            "\u{1b}[1;8m",
            "\u{1b}]0;title\u{7}",
            "\u{1b}[38;5;0m",
            "\u{1b}[",
        ] {
            let out = escape_keeping_style(hostile);
            assert!(!out.contains('\u{1b}'), "{hostile:?} -> {out:?}");
        }
    }
}
