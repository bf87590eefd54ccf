//! Times in the plan: a moment a number of hours after the onset or now,
//! shown in the person's time zone ("Mon 23 Nov, 04:00") and as RFC 3339.

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, Zoned};

/// The current time and the zone to show times in.
#[derive(Debug, Clone)]
pub struct Clock {
    /// The time of the assessment.
    pub now: Timestamp,
    /// The zone times are shown in.
    pub zone: TimeZone,
}

impl Clock {
    /// `now` in the system time zone (`TZ` if set, else the system's),
    /// looked up once per process: batch builds a plan for every line.
    #[must_use]
    pub fn system(now: Timestamp) -> Clock {
        Clock {
            now,
            zone: system_time_zone(),
        }
    }

    /// `anchor` plus `hours` of elapsed time, in this clock's zone. Elapsed
    /// time, not calendar time: across a daylight-saving change the local
    /// clock reading shifts by the hour that was skipped or repeated.
    #[must_use]
    pub fn after(&self, anchor: Timestamp, hours: f64) -> Option<Zoned> {
        let elapsed = SignedDuration::try_from_secs_f64(hours * 3600.0).ok()?;
        let at = anchor.checked_add(elapsed).ok()?;
        Some(at.to_zoned(self.zone.clone()))
    }
}

/// How much of a time to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Show {
    /// `Sat 5 Dec`
    Date,
    /// `Mon 23 Nov, 04:00`
    DateTime,
}

/// How a region writes dates and times.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateStyle {
    /// `Mon 23 Nov, 04:00` (UK, most of the world).
    #[default]
    DayMonth,
    /// `Mon, Nov 23, 4:00 AM` (US).
    MonthDay,
}

/// A time for people, in its own zone.
#[must_use]
pub fn local(at: &Zoned, show: Show) -> String {
    local_in(at, show, DateStyle::DayMonth)
}

/// A time for people, in its own zone and the region's style.
#[must_use]
pub fn local_in(at: &Zoned, show: Show, style: DateStyle) -> String {
    let format = match (style, show) {
        (DateStyle::DayMonth, Show::Date) => "%a %-d %b",
        (DateStyle::DayMonth, Show::DateTime) => "%a %-d %b, %H:%M",
        (DateStyle::MonthDay, Show::Date) => "%a, %b %-d",
        (DateStyle::MonthDay, Show::DateTime) => "%a, %b %-d, %-I:%M %p",
    };
    at.strftime(format).to_string()
}

/// A time for programs: RFC 3339 with the local offset.
#[must_use]
pub fn rfc3339(at: &Zoned) -> String {
    at.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// A number of hours in words, for when the onset is not known:
/// "3 days", "2 weeks", "36 hours".
#[must_use]
pub fn duration_words(hours: f64) -> String {
    let plural = |n: f64, unit: &str| {
        if (n - 1.0).abs() < f64::EPSILON {
            format!("1 {unit}")
        } else {
            format!("{n} {unit}s")
        }
    };
    if hours > 0.0 && hours % 168.0 == 0.0 && hours >= 336.0 {
        plural(hours / 168.0, "week")
    } else if hours > 0.0 && hours % 24.0 == 0.0 {
        plural(hours / 24.0, "day")
    } else {
        plural(hours, "hour")
    }
}

/// The system time zone. Without `TZ`, `/etc/localtime` is read directly:
/// `TimeZone::system` would index the whole zoneinfo database to name it,
/// which was a fifth of the start-up of one `assess`.
fn system_zone() -> (TimeZone, Option<String>) {
    let Some(tz) = std::env::var_os("TZ") else {
        if let Ok(bytes) = read_tzif("/etc/localtime")
            && let Ok(zone) = TimeZone::tzif("localtime", &bytes)
        {
            return (zone, None);
        }
        return (TimeZone::system(), None);
    };
    match zone_from_tz(&tz.to_string_lossy()) {
        Ok(zone) => (zone, None),
        Err(why) => (
            TimeZone::UTC,
            Some(format!(
                "TZ={} is not a time zone that can be read ({why}); times are shown in UTC",
                crate::model::printable::escape(&tz.to_string_lossy())
            )),
        ),
    }
}

/// The largest time-zone file read: real ones are a few kilobytes.
const MAX_TZIF_BYTES: u64 = 1 << 20;

/// The zone `TZ` names, as jiff reads it (a zone name, a POSIX rule, or a
/// TZif file), but never reading more than [`MAX_TZIF_BYTES`], nor from
/// anything but a regular file: `TZ=/dev/zero` or a FIFO fails at once.
fn zone_from_tz(tz: &str) -> Result<TimeZone, String> {
    let name = tz.strip_prefix(':').unwrap_or(tz);
    if name.is_empty() {
        return Ok(TimeZone::UTC);
    }
    if let Ok(zone) = jiff::tz::db().get(name) {
        return Ok(zone);
    }
    if let Ok(zone) = TimeZone::posix(name) {
        return Ok(zone);
    }
    let bytes = read_tzif(name).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            "no such zone name or file".to_string()
        } else {
            crate::model::io_message(&e)
        }
    })?;
    TimeZone::tzif(name, &bytes).map_err(|_| "the file is not time-zone data".to_string())
}

/// Reads a time-zone file: a regular file of at most [`MAX_TZIF_BYTES`].
fn read_tzif(path: &str) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(std::io::Error::other("it is not a regular file"));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_TZIF_BYTES + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_TZIF_BYTES {
        return Err(std::io::Error::other(
            "the file is too large for time-zone data",
        ));
    }
    Ok(bytes)
}

static SYSTEM_ZONE: std::sync::LazyLock<(TimeZone, Option<String>)> =
    std::sync::LazyLock::new(system_zone);

/// The system time zone (`TZ` if set, else the system's), looked up once;
/// a `TZ` that cannot be read gives UTC.
#[must_use]
pub fn system_time_zone() -> TimeZone {
    SYSTEM_ZONE.0.clone()
}

/// Why `TZ` could not be read, naming it, when it could not (the zone is
/// then UTC): for the command line to warn once.
#[must_use]
pub fn time_zone_warning() -> Option<&'static str> {
    SYSTEM_ZONE.1.as_deref()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clock(zone: &str, now: &str) -> Clock {
        Clock {
            now: now.parse().expect("time"),
            zone: TimeZone::get(zone).expect("zone"),
        }
    }

    fn shown(clock: &Clock, anchor: &str, hours: f64) -> (String, String) {
        let at = clock
            .after(anchor.parse().expect("time"), hours)
            .expect("in range");
        (local(&at, Show::DateTime), rfc3339(&at))
    }

    #[test]
    fn seventy_two_hours_after_an_onset_30_hours_ago() {
        let c = clock("UTC", "2026-11-21T10:00:00Z");
        let onset = c.now - SignedDuration::from_hours(30);
        let at = c.after(onset, 72.0).expect("in range");
        assert_eq!(local(&at, Show::DateTime), "Mon 23 Nov, 04:00");
        assert_eq!(rfc3339(&at), "2026-11-23T04:00:00+00:00");
    }

    #[test]
    fn across_midnight() {
        let c = clock("UTC", "2026-11-21T10:00:00Z");
        assert_eq!(
            shown(&c, "2026-11-20T22:30:00Z", 3.0),
            (
                "Sat 21 Nov, 01:30".to_string(),
                "2026-11-21T01:30:00+00:00".to_string()
            )
        );
    }

    #[test]
    fn across_month_and_year_ends() {
        let c = clock("UTC", "2026-11-21T10:00:00Z");
        assert_eq!(
            shown(&c, "2026-11-29T12:00:00Z", 72.0).0,
            "Wed 2 Dec, 12:00"
        );
        assert_eq!(
            shown(&c, "2026-02-27T08:00:00Z", 48.0).0,
            "Sun 1 Mar, 08:00"
        );
        assert_eq!(
            shown(&c, "2028-02-27T08:00:00Z", 48.0).0,
            "Tue 29 Feb, 08:00"
        );
        let (local, rfc) = shown(&c, "2026-12-30T20:00:00Z", 72.0);
        assert_eq!(local, "Sat 2 Jan, 20:00");
        assert_eq!(rfc, "2027-01-02T20:00:00+00:00");
    }

    #[test]
    fn in_a_local_zone_the_offset_is_kept() {
        let c = clock("America/New_York", "2026-11-21T15:00:00Z");
        assert_eq!(
            shown(&c, "2026-11-20T15:00:00Z", 72.0),
            (
                "Mon 23 Nov, 10:00".to_string(),
                "2026-11-23T10:00:00-05:00".to_string()
            )
        );
    }

    #[test]
    fn across_the_autumn_clock_change_in_london() {
        // Clocks go back at 02:00 BST on 25 Oct 2026: 72 elapsed hours from
        // 10:00 BST on Friday end at 09:00 GMT on Monday.
        let c = clock("Europe/London", "2026-10-24T09:00:00Z");
        assert_eq!(
            shown(&c, "2026-10-23T09:00:00Z", 72.0),
            (
                "Mon 26 Oct, 09:00".to_string(),
                "2026-10-26T09:00:00+00:00".to_string()
            )
        );
        assert_eq!(
            local(
                &c.after("2026-10-23T09:00:00Z".parse().expect("time"), 0.0)
                    .expect("in range"),
                Show::DateTime
            ),
            "Fri 23 Oct, 10:00"
        );
    }

    #[test]
    fn across_the_autumn_clock_change_in_new_york() {
        // 1 Nov 2026, 02:00 EDT becomes 01:00 EST.
        let c = clock("America/New_York", "2026-10-31T12:00:00Z");
        assert_eq!(
            shown(&c, "2026-10-31T04:30:00Z", 48.0),
            (
                "Sun 1 Nov, 23:30".to_string(),
                "2026-11-01T23:30:00-05:00".to_string()
            )
        );
    }

    #[test]
    fn across_the_spring_clock_change_in_london() {
        // 29 Mar 2026, 01:00 GMT becomes 02:00 BST.
        let c = clock("Europe/London", "2026-03-28T12:00:00Z");
        assert_eq!(
            shown(&c, "2026-03-28T12:00:00Z", 24.0),
            (
                "Sun 29 Mar, 13:00".to_string(),
                "2026-03-29T13:00:00+01:00".to_string()
            )
        );
    }

    #[test]
    fn dates_alone() {
        let c = clock("UTC", "2026-11-21T10:00:00Z");
        let at = c.after(c.now, 336.0).expect("in range");
        assert_eq!(local(&at, Show::Date), "Sat 5 Dec");
    }

    #[test]
    fn out_of_range_times_are_none() {
        let c = clock("UTC", "2026-11-21T10:00:00Z");
        assert!(c.after(c.now, 1e12).is_none());
        assert!(c.after(c.now, f64::NAN).is_none());
    }

    #[test]
    fn durations_in_words() {
        assert_eq!(duration_words(72.0), "3 days");
        assert_eq!(duration_words(24.0), "1 day");
        assert_eq!(duration_words(336.0), "2 weeks");
        assert_eq!(duration_words(168.0), "7 days");
        assert_eq!(duration_words(36.0), "36 hours");
        assert_eq!(duration_words(1.0), "1 hour");
    }
}
