//! When the pain started, from what people type: "3h", "2 days ago",
//! "yesterday evening", "last Monday", "20 Nov 08:00", or an exact time.
//! The questionnaire shows the time back for the person to confirm.

use jiff::civil::{Date, DateTime, Time, Weekday};
use jiff::{Span, Timestamp, ToSpan, Zoned};

/// Examples shown when a time cannot be read.
const EXAMPLES: &str = "\"3 hours\", \"2 days\", \"yesterday evening\" or \"20 Nov 08:00\"";

/// How a date written with numbers only (`25/11`, `11/25`) is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateOrder {
    /// Day first, as in most of the world: `25/11` is 25 November.
    #[default]
    DayMonth,
    /// Month first, as in the United States: `11/25` is 25 November.
    MonthDay,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The words the parser knows besides the months, for a did-you-mean.
const VOCABULARY: &[&str] = &[
    "yesterday",
    "today",
    "tonight",
    "this",
    "last",
    "night",
    "morning",
    "afternoon",
    "evening",
    "lunchtime",
    "midday",
    "noon",
    "week",
    "weeks",
    "day",
    "days",
    "hour",
    "hours",
    "minute",
    "minutes",
    "month",
    "months",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "before",
    "earlier",
    "ago",
    "half",
];

/// Reads when the pain started, relative to `now` and in its time zone,
/// reading `25/11` day first.
///
/// # Errors
/// As [`parse_in`].
pub fn parse(text: &str, now: &Zoned) -> Result<Zoned, String> {
    parse_in(text, now, DateOrder::DayMonth)
}

/// Reads when the pain started, relative to `now` and in its time zone.
///
/// # Errors
/// A sentence for the person: the text is not a time we understand (with a
/// did-you-mean for a misspelt word), or it is in the future.
pub fn parse_in(text: &str, now: &Zoned, order: DateOrder) -> Result<Zoned, String> {
    let cleaned = normalize(text);
    if cleaned.is_empty() {
        return Err(format!(
            "Please type when the pain started, such as {EXAMPLES}."
        ));
    }
    if is_future_words(&cleaned) {
        return Err(future(now));
    }
    let onset = match read(&cleaned, now, order) {
        Some(onset) => onset,
        None => return Err(unreadable(text, &cleaned, now, order)),
    };
    if onset.timestamp().duration_since(now.timestamp()) > jiff::SignedDuration::from_mins(1) {
        return Err(future(now));
    }
    Ok(onset)
}

fn future(now: &Zoned) -> String {
    format!(
        "That is in the future (it is now {}). When did the pain start?",
        now.strftime("%a %-d %b %H:%M")
    )
}

/// "tomorrow", "in 2 hours", "next week": plainly later than now.
fn is_future_words(s: &str) -> bool {
    let first = s.split_whitespace().next().unwrap_or_default();
    first == "tomorrow"
        || first == "next"
        || s.split_whitespace().any(|w| w == "tomorrow")
        || (first == "in" && duration(s.trim_start_matches("in").trim()).is_some())
}

/// Why `text` could not be read: a did-you-mean when one word is a typo of
/// a word we know and the corrected text reads.
fn unreadable(text: &str, cleaned: &str, now: &Zoned, order: DateOrder) -> String {
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    for (i, w) in words.iter().enumerate() {
        if w.chars().any(|c| c.is_ascii_digit()) || VOCABULARY.contains(w) || MONTHS.contains(w) {
            continue;
        }
        let known = VOCABULARY.iter().chain(&MONTHS).copied();
        let Some(fix) = crate::model::suggest::suggest(w, known) else {
            continue;
        };
        let mut fixed = words.clone();
        fixed[i] = fix;
        let fixed = fixed.join(" ");
        if read(&fixed, now, order).is_some() {
            return format!(
                "Sorry, I could not read \"{}\". Did you mean \"{fixed}\"?",
                text.trim()
            );
        }
    }
    format!(
        "Sorry, I could not read \"{}\" as a time. Try {EXAMPLES}.",
        text.trim()
    )
}

/// Hours from `onset` to `now`, to the nearest hundredth (as saved).
#[must_use]
pub fn hours_between(onset: &Zoned, now: &Zoned) -> f64 {
    let seconds = now
        .timestamp()
        .duration_since(onset.timestamp())
        .as_secs_f64();
    ((seconds / 3600.0) * 100.0).round().max(0.0) / 100.0
}

/// "about 30 hours ago, Thu 20 Nov 08:00": how long ago, and when.
#[must_use]
pub fn describe(hours: f64, now: &Zoned) -> String {
    let ago = ago(hours);
    #[allow(clippy::cast_possible_truncation)]
    let seconds = (hours * 3600.0).round() as i64;
    let at = now
        .checked_sub(jiff::SignedDuration::from_secs(seconds))
        .and_then(|at| at.round(jiff::Unit::Minute));
    match at {
        Ok(at) => {
            let format = if at.year() == now.year() {
                "%a %-d %b %H:%M"
            } else {
                "%a %-d %b %Y %H:%M"
            };
            format!("{ago}, {}", at.strftime(format))
        }
        Err(_) => ago,
    }
}

/// "just now", "about 40 minutes ago", "about 30 hours ago", "about 3 weeks ago".
#[must_use]
pub fn ago(hours: f64) -> String {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let whole = |x: f64| x.round().max(1.0) as u64;
    let (n, unit) = if hours < 1.0 / 60.0 {
        return "just now".to_string();
    } else if hours < 1.0 {
        (whole(hours * 60.0), "minute")
    } else if hours < 48.0 {
        (whole(hours), "hour")
    } else if hours < 14.0 * 24.0 {
        (whole(hours / 24.0), "day")
    } else if hours < 91.0 * 24.0 {
        (whole(hours / (7.0 * 24.0)), "week")
    } else if hours < 730.0 * 24.0 {
        (whole(hours / (30.44 * 24.0)), "month")
    } else {
        (whole(hours / (365.25 * 24.0)), "year")
    };
    let s = if n == 1 { "" } else { "s" };
    format!("about {n} {unit}{s} ago")
}

/// Lower case, single spaces, no filler words around the time itself.
fn normalize(text: &str) -> String {
    let lower = text.trim().to_lowercase().replace([',', '!', '?'], " ");
    let mut words: Vec<&str> = lower.split_whitespace().collect();
    while let Some(first) = words.first() {
        if [
            "about",
            "around",
            "roughly",
            "approx",
            "approximately",
            "maybe",
            "since",
            "it",
            "started",
            "start",
            "began",
            "from",
            "i",
            "think",
        ]
        .contains(first)
        {
            words.remove(0);
        } else {
            break;
        }
    }
    if words.last().is_some_and(|w| *w == "ago") {
        words.pop();
    }
    let mut s = words.join(" ");
    while s.ends_with('.') {
        s.pop();
    }
    s
}

fn read(s: &str, now: &Zoned, order: DateOrder) -> Option<Zoned> {
    // A plain number is hours: the question's unit.
    if let Ok(hours) = s.parse::<f64>() {
        if !(0.0..=1e6).contains(&hours) {
            return None;
        }
        #[allow(clippy::cast_possible_truncation)]
        let seconds = (hours * 3600.0).round() as i64;
        return now
            .checked_sub(jiff::SignedDuration::from_secs(seconds))
            .ok();
    }
    if let Some(span) = duration(s) {
        return now.checked_sub(span).ok();
    }
    if let Some(hours) = fractional_duration(s) {
        #[allow(clippy::cast_possible_truncation)]
        let seconds = (hours * 3600.0).round() as i64;
        return now
            .checked_sub(jiff::SignedDuration::from_secs(seconds))
            .ok();
    }
    if s == "last week" || s == "a week" {
        return now.checked_sub(7.days()).ok();
    }
    if let Some(at) = numeric_date(s, now, order) {
        return Some(at);
    }
    if let Ok(t) = s.to_uppercase().parse::<Timestamp>() {
        return Some(t.to_zoned(now.time_zone().clone()));
    }
    if let Ok(dt) = s.parse::<DateTime>()
        && s.contains(':')
    {
        return dt.to_zoned(now.time_zone().clone()).ok();
    }
    if let Ok(date) = s.parse::<Date>() {
        return date.at(12, 0, 0, 0).to_zoned(now.time_zone().clone()).ok();
    }
    words(s, now)
}

/// "1.5 days", "2.5 hours", "1.5 weeks": a decimal number of one unit, in
/// hours.
fn fractional_duration(s: &str) -> Option<f64> {
    let (number, unit) = s.split_once(' ').or_else(|| {
        let at = s.find(|c: char| c.is_ascii_alphabetic())?;
        Some((&s[..at], &s[at..]))
    })?;
    let n: f64 = number.trim().parse().ok()?;
    let per = match unit.trim() {
        "h" | "hr" | "hrs" | "hour" | "hours" => 1.0,
        "d" | "day" | "days" => 24.0,
        "w" | "wk" | "wks" | "week" | "weeks" => 168.0,
        _ => return None,
    };
    (n.is_finite() && (0.0..=1e5).contains(&n)).then_some(n * per)
}

/// "25/11", "25/11 08:00", "25.11.", "25/11/2026": a date in numbers, read
/// in `order`; without a year, the latest such date that is not far ahead
/// (a date a few months ahead is the future, not last year).
fn numeric_date(s: &str, now: &Zoned, order: DateOrder) -> Option<Zoned> {
    let (date, time) = match s.split_once(' ') {
        Some((d, t)) => (d, Some(clock(t)?)),
        None => (s, None),
    };
    let parts: Vec<&str> = date.trim_end_matches('.').split(['/', '.']).collect();
    if !(2..=3).contains(&parts.len()) || parts.iter().any(|p| p.is_empty() || p.len() > 4) {
        return None;
    }
    let a: i8 = parts[0].parse().ok()?;
    let b: i8 = parts[1].parse().ok()?;
    let (day, month) = match order {
        DateOrder::DayMonth => (a, b),
        DateOrder::MonthDay => (b, a),
    };
    let today = now.date();
    let date = match parts.get(2) {
        Some(y) => {
            let y: i16 = y.parse().ok()?;
            let y = if y < 100 { 2000 + y } else { y };
            Date::new(y, month, day).ok()?
        }
        None => nearest_past(today, month, day)?,
    };
    // A day alone is taken as its midday; today alone says too little.
    let t = match time {
        Some(t) => t,
        None if date == today => return None,
        None => Time::new(12, 0, 0, 0).ok()?,
    };
    date.to_datetime(t).to_zoned(now.time_zone().clone()).ok()
}

/// The date `month`/`day` in the year that makes it most recent, unless it
/// falls within two months ahead: then it is this year's, in the future,
/// and refused as such (never silently moved to last year).
fn nearest_past(today: Date, month: i8, day: i8) -> Option<Date> {
    let this_year = Date::new(today.year(), month, day).ok()?;
    if this_year <= today {
        return Some(this_year);
    }
    let ahead = today.until(this_year).ok()?.get_days();
    if ahead <= 61 {
        Some(this_year)
    } else {
        Date::new(today.year() - 1, month, day).ok()
    }
}

/// A length of time, such as "3h", "2 days", "an hour and a half".
fn duration(s: &str) -> Option<Span> {
    let s = s
        .replace("half an hour", "30 minutes")
        .replace("and a half", "30 minutes")
        .replace("a couple of", "2")
        .replace("a few", "3");
    let replaced: Vec<String> = s
        .split_whitespace()
        .filter(|w| *w != "and" && *w != "for" && *w != "last" && *w != "past")
        .map(|w| number_word(w).map_or_else(|| w.to_string(), |n| n.to_string()))
        .collect();
    let span: Span = replaced.join(" ").parse().ok()?;
    (!span.is_negative()).then_some(span)
}

fn number_word(w: &str) -> Option<u8> {
    let words = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    match w {
        "a" | "an" => Some(1),
        _ => words
            .iter()
            .position(|x| *x == w)
            .and_then(|i| u8::try_from(i).ok()),
    }
}

/// Days and times in words: "yesterday evening", "last night", "this
/// morning", "monday at 8pm", "20 nov 08:00", "at 14:00".
fn words(s: &str, now: &Zoned) -> Option<Zoned> {
    let today = now.date();
    let mut day: Option<Date> = None;
    let mut time: Option<Time> = None;
    let mut part: Option<Time> = None;
    let mut month = None;
    // Bare numbers ("20", "20th", "2026", "8"): their meaning depends on
    // what else was said, so they are read last.
    let mut numbers: Vec<u16> = Vec::new();
    let tokens: Vec<&str> = s
        .split_whitespace()
        .filter(|w| !["at", "on", "in", "the", "of", "around", "about"].contains(w))
        .collect();
    let mut i = 0;
    while i < tokens.len() {
        let w = tokens[i];
        let next = tokens.get(i + 1).copied();
        match w {
            "today" | "this" | "earlier" => day = Some(today),
            "yesterday" => day = Some(today.yesterday().ok()?),
            "tonight" => {
                day = Some(today);
                part = part_of_day("evening");
            }
            "last" if next == Some("night") => {
                day = Some(today.yesterday().ok()?);
                part = part_of_day("night");
                i += 1;
            }
            "last" => {
                day = Some(last_weekday(today, weekday(next?)?)?);
                i += 1;
            }
            "day" if next == Some("before") && tokens.get(i + 2) == Some(&"yesterday") => {
                day = Some(today.checked_sub(2.days()).ok()?);
                i += 2;
            }
            "am" | "pm" | "a.m." | "p.m." => {
                let hour = i8::try_from(numbers.pop()?).ok()?;
                time = Some(am_pm(Time::new(hour, 0, 0, 0).ok()?, w.starts_with('p'))?);
            }
            _ => {
                if let Some(t) = part_of_day(w) {
                    part = Some(t);
                } else if let Some(wd) = weekday(w) {
                    day = Some(last_weekday(today, wd)?);
                } else if let Some(m) = month_number(w) {
                    month = Some(m);
                } else if let Some(n) = ordinal(w) {
                    numbers.push(n);
                } else if let Some(t) = clock(w) {
                    if time.replace(t).is_some() {
                        return None;
                    }
                } else {
                    return None;
                }
            }
        }
        i += 1;
    }
    if let Some(m) = month {
        if day.is_some() {
            return None;
        }
        let year = numbers
            .iter()
            .position(|n| *n >= 1000)
            .map(|at| numbers.remove(at));
        let d = numbers
            .iter()
            .position(|n| (1..=31).contains(n))
            .map(|at| numbers.remove(at))?;
        let d = i8::try_from(d).ok()?;
        day = Some(match year {
            Some(y) => Date::new(i16::try_from(y).ok()?, m, d).ok()?,
            None => nearest_past(today, m, d)?,
        });
    }
    // What is left is at most one hour of the day: "yesterday at 8".
    match numbers.as_slice() {
        [] => {}
        [hour] if time.is_none() => {
            time = Some(Time::new(i8::try_from(*hour).ok()?, 0, 0, 0).ok()?);
        }
        _ => return None,
    }
    let at = time.or(part);
    let zone = now.time_zone().clone();
    match (day, at) {
        (Some(d), Some(t)) => d.to_datetime(t).to_zoned(zone).ok(),
        (Some(d), None) if d != today => d.at(12, 0, 0, 0).to_zoned(zone).ok(),
        (None, Some(t)) => {
            // A time alone is the last time the clock showed it.
            let candidate = today.to_datetime(t).to_zoned(zone.clone()).ok()?;
            if candidate.timestamp() > now.timestamp() {
                today.yesterday().ok()?.to_datetime(t).to_zoned(zone).ok()
            } else {
                Some(candidate)
            }
        }
        // "today" alone says too little to guess a time.
        _ => None,
    }
}

fn part_of_day(w: &str) -> Option<Time> {
    let (h, m) = match w {
        "morning" => (8, 0),
        "lunchtime" | "lunch" | "midday" | "noon" => (12, 0),
        "afternoon" => (15, 0),
        "evening" => (19, 0),
        "night" => (22, 0),
        _ => return None,
    };
    Time::new(h, m, 0, 0).ok()
}

fn weekday(w: &str) -> Option<Weekday> {
    let days = [
        ("monday", Weekday::Monday),
        ("tuesday", Weekday::Tuesday),
        ("wednesday", Weekday::Wednesday),
        ("thursday", Weekday::Thursday),
        ("friday", Weekday::Friday),
        ("saturday", Weekday::Saturday),
        ("sunday", Weekday::Sunday),
    ];
    let w = w.trim_end_matches('.');
    days.iter()
        .find(|(name, _)| w.len() >= 3 && name.starts_with(w))
        .map(|(_, wd)| *wd)
}

/// The latest date before `today` that falls on `wd` (1 to 7 days back).
fn last_weekday(today: Date, wd: Weekday) -> Option<Date> {
    let back = (today.weekday().to_monday_zero_offset() - wd.to_monday_zero_offset() + 7) % 7;
    let back = if back == 0 { 7 } else { back };
    today.checked_sub(i64::from(back).days()).ok()
}

fn month_number(w: &str) -> Option<i8> {
    let w = w.trim_end_matches('.');
    MONTHS
        .iter()
        .position(|m| w.len() >= 3 && m.starts_with(w))
        .and_then(|i| i8::try_from(i + 1).ok())
}

/// "8", "8am", "8pm", "8:30", "20:00", "8.30pm".
fn clock(w: &str) -> Option<Time> {
    let (digits, pm) = if let Some(d) = w.strip_suffix("pm").or_else(|| w.strip_suffix("p.m.")) {
        (d, Some(true))
    } else if let Some(d) = w.strip_suffix("am").or_else(|| w.strip_suffix("a.m.")) {
        (d, Some(false))
    } else {
        (w, None)
    };
    let (h, m) = match digits.split_once([':', '.']) {
        Some((h, m)) if m.len() == 2 => (h.parse::<i8>().ok()?, m.parse::<i8>().ok()?),
        Some(_) => return None,
        None if pm.is_some() => (digits.parse::<i8>().ok()?, 0),
        None => return None,
    };
    let t = Time::new(h, m, 0, 0).ok()?;
    match pm {
        Some(pm) => am_pm(t, pm),
        None => Some(t),
    }
}

fn am_pm(t: Time, pm: bool) -> Option<Time> {
    let h = t.hour();
    if !(1..=12).contains(&h) {
        return None;
    }
    let h = match (pm, h) {
        (false, 12) => 0,
        (true, 12) => 12,
        (true, h) => h + 12,
        (false, h) => h,
    };
    Time::new(h, t.minute(), 0, 0).ok()
}

/// "20", "20th", "2026".
fn ordinal(w: &str) -> Option<u16> {
    let digits = w
        .strip_suffix("st")
        .or_else(|| w.strip_suffix("nd"))
        .or_else(|| w.strip_suffix("rd"))
        .or_else(|| w.strip_suffix("th"))
        .unwrap_or(w);
    digits.parse().ok()
}

#[cfg(test)]
mod tests;
