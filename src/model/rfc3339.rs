//! Strict RFC 3339 times (section 5.6), for `onset` and `--now`: jiff's own
//! parser also takes ISO 8601 and RFC 9557 forms (basic format, minutes
//! without seconds, bracketed zones) and turns a leap second into :59.

use jiff::Timestamp;

/// The shape [`parse`] accepts, as a regular expression (for JSON Schema,
/// beside `"format": "date-time"`, which allows a leap second).
pub const PATTERN: &str = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-5][0-9](\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$";

/// Parses an RFC 3339 date-time: `YYYY-MM-DDThh:mm:ss[.fraction](Z|±hh:mm)`,
/// `T` and `Z` in either case. A fraction may have any number of digits
/// (past nanoseconds they are dropped). A leap second (`:60`) is refused,
/// since it cannot be held exactly.
///
/// # Errors
/// What is wrong, in words: "the offset +25:00 is out of range (at most ±23:59)".
pub fn parse(text: &str) -> Result<Timestamp, String> {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        b.get(range.clone())
            .filter(|d| d.iter().all(u8::is_ascii_digit))
            .map(|d| d.iter().fold(0u32, |n, c| n * 10 + u32::from(c - b'0')))
    };
    let (Some(_), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10)) else {
        return Err("the date must be written YYYY-MM-DD".to_string());
    };
    if b[4] != b'-' || b[7] != b'-' {
        return Err("the date must be written YYYY-MM-DD".to_string());
    }
    match b.get(10) {
        Some(b'T' | b't') => {}
        None => return Err("the time of day is missing: add it as T08:00:00Z".to_string()),
        Some(b' ') => {
            return Err("the date and the time must be joined by T, not a space".to_string());
        }
        Some(_) => {
            return Err("the date must be written YYYY-MM-DD, then T and the time".to_string());
        }
    }
    let (Some(hour), Some(minute)) = (digits(11..13), digits(14..16)) else {
        return Err("the time must be written hh:mm:ss".to_string());
    };
    if b[13] != b':' {
        return Err("the time must be written hh:mm:ss".to_string());
    }
    let second = match (b.get(16), digits(17..19)) {
        (Some(b':'), Some(s)) => s,
        _ => return Err("the seconds are missing: the time must be written hh:mm:ss".to_string()),
    };
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return Err(format!("month {month:02}, day {day:02} is not a date"));
    }
    if hour > 23 || minute > 59 {
        return Err(format!("{hour:02}:{minute:02} is not a time of day"));
    }
    if second == 60 {
        return Err("second 60 (a leap second) cannot be used: write :59".to_string());
    }
    if second > 60 {
        return Err(format!("second {second} is out of range (00 to 59)"));
    }
    let mut at = 19;
    let mut fraction = "";
    if b.get(at) == Some(&b'.') {
        let count = b[at + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if count == 0 {
            return Err("a '.' after the seconds must be followed by digits".to_string());
        }
        fraction = &text[at + 1..at + 1 + count.min(9)];
        at += 1 + count;
    }
    let offset = &text[at..];
    let (offset, rest) = match offset.as_bytes().first() {
        Some(b'Z' | b'z') => ("Z".to_string(), &offset[1..]),
        Some(b'+' | b'-') => {
            let (Some(h), Some(m)) = (digits(at + 1..at + 3), digits(at + 4..at + 6)) else {
                return Err("the offset must be written Z, +hh:mm or -hh:mm".to_string());
            };
            if b[at + 3] != b':' {
                return Err("the offset must be written Z, +hh:mm or -hh:mm".to_string());
            }
            if h > 23 || m > 59 {
                return Err(format!(
                    "the offset {} is out of range (at most ±23:59)",
                    &offset[..6]
                ));
            }
            (offset[..6].to_string(), &offset[6..])
        }
        None => return Err("the offset is missing: end with Z (UTC) or ±hh:mm".to_string()),
        Some(_) => return Err("the offset must be written Z, +hh:mm or -hh:mm".to_string()),
    };
    if !rest.is_empty() {
        let shown: String = rest.chars().take(30).collect();
        return Err(format!("nothing may follow the offset; found `{shown}`"));
    }
    let fraction = if fraction.is_empty() {
        String::new()
    } else {
        format!(".{fraction}")
    };
    let normal = format!("{}T{}{fraction}{offset}", &text[..10], &text[11..19]);
    normal
        .parse::<Timestamp>()
        .map_err(|_| format!("{} is not a date (or is out of range)", &text[..10]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_times_are_read() {
        let cases = [
            ("2026-11-20T08:00:00Z", "2026-11-20T08:00:00Z"),
            ("2026-11-20t08:00:00z", "2026-11-20T08:00:00Z"),
            ("2026-11-20T08:00:00+01:00", "2026-11-20T07:00:00Z"),
            ("2026-11-20T08:00:00-00:00", "2026-11-20T08:00:00Z"),
            ("2026-11-20T08:00:00.5Z", "2026-11-20T08:00:00.5Z"),
            (
                "2026-11-20T08:00:00.1234567891Z",
                "2026-11-20T08:00:00.123456789Z",
            ),
            ("2026-11-20T08:00:00+23:59", "2026-11-19T08:01:00Z"),
        ];
        for (text, want) in cases {
            let got = parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(got.to_string(), want, "{text}");
        }
    }

    #[test]
    fn what_rfc_3339_forbids_is_refused_with_the_reason() {
        let cases = [
            ("2026-11-20T08:00:00+25:00", "out of range"),
            ("2026-11-20T08Z", "hh:mm:ss"),
            ("2026-11-20T08:00Z", "seconds are missing"),
            ("20261120T080000Z", "YYYY-MM-DD"),
            ("2026-11-20T08:00:00Z[Europe/London]", "nothing may follow"),
            ("2026-12-31T23:59:60Z", "leap second"),
            ("2026-11-20 08:00:00Z", "joined by T"),
            ("2026-11-20T08:00:00", "offset is missing"),
            ("2026-11-20T08:00:00+0100", "+hh:mm"),
            ("2026-11-20T08:00:00.Z", "followed by digits"),
            ("2026-11-20", "time of day is missing"),
            ("2026-02-30T08:00:00Z", "not a date"),
            ("2026-13-01T08:00:00Z", "not a date"),
            ("2026-11-20T24:00:00Z", "not a time of day"),
            ("2026-11-20T08:00:00+01:60", "out of range"),
            ("", "YYYY-MM-DD"),
            ("2026-11-2é", "YYYY-MM-DD"),
        ];
        for (text, reason) in cases {
            let e = parse(text).expect_err(text);
            assert!(e.contains(reason), "{text}: {e}");
        }
    }
}
