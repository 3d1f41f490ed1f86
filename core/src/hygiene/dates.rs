//! Dates as the dashboards and admin APIs write them: "Feb 14, 2024",
//! "Never", "3 days ago", "yesterday", "2024-02-14", RFC 3339 timestamps,
//! Unix seconds. All in UTC; a day is the unit the findings need.

use crate::date::{days_from_civil, month_of, DAY};
use crate::rotation::Precision;
use crate::Millis;

/// What a dashboard's date cell says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seen {
    /// "Never" (a key never used).
    Never,
    At(Millis),
    /// Empty, or words Baton does not read: no finding is based on it.
    Unknown,
}

/// "Feb 14, 2024", "14 Feb 2024", "February 14 2024".
fn month_name_date(text: &str) -> Option<Millis> {
    let parts: Vec<&str> = text.split([' ', ',']).filter(|p| !p.is_empty()).collect();
    let [a, b, c] = parts.as_slice() else { return None };
    let (month, day) = match (month_of(a), month_of(b)) {
        (Some(m), _) => (m, b.parse().ok()?),
        (None, Some(m)) => (m, a.parse().ok()?),
        _ => return None,
    };
    let year: i64 = c.parse().ok()?;
    Some(days_from_civil(year, month, day)? * DAY)
}

/// "2024-02-14", "2024-02-14T09:30:00Z", "2024-02-14T09:30:00.123+02:00"
/// (to the day: the time of day does not change a finding).
fn iso_date(text: &str) -> Option<Millis> {
    let date = text.get(..10)?;
    let mut parts = date.split('-');
    let (y, m, d) = (parts.next()?.parse().ok()?, parts.next()?.parse().ok()?, parts.next()?.parse().ok()?);
    let rest = &text[10..];
    if !(rest.is_empty() || rest.starts_with('T') || rest.starts_with(' ')) {
        return None;
    }
    Some(days_from_civil(y, m, d)? * DAY)
}

/// "just now", "today", "yesterday", "3 days ago", "a month ago", "2 years ago".
fn relative(text: &str, now: Millis) -> Option<Millis> {
    let lower = text.to_ascii_lowercase();
    match lower.as_str() {
        "just now" | "now" | "today" | "moments ago" => return Some(now),
        "yesterday" => return Some(now - DAY),
        _ => {}
    }
    let rest = lower.strip_suffix(" ago")?;
    let (count, unit) = rest.split_once(' ')?;
    let count: i64 = match count {
        "a" | "an" | "one" => 1,
        n => n.parse().ok()?,
    };
    let unit_days = match unit.trim_end_matches('s') {
        "second" | "minute" | "hour" => 0,
        "day" => 1,
        "week" => 7,
        "month" => 30,
        "year" => 365,
        _ => return None,
    };
    // "99999999999999 years ago" from a page: no date, rather than a wrap.
    now.checked_sub(count.checked_mul(unit_days)?.checked_mul(DAY)?)
}

/// "2026-12-02T14:32:05Z", "2026-12-02T14:32:05.120+01:00": the moment.
fn rfc3339(text: &str) -> Option<Millis> {
    let day = iso_date(text.get(..10)?)?;
    let rest = text.get(10..)?.strip_prefix(['T', ' '])?;
    let number = |at: std::ops::Range<usize>| rest.get(at)?.parse::<i64>().ok();
    let (h, m, s) = (number(0..2)?, number(3..5)?, number(6..8)?);
    if h > 23 || m > 59 || s > 60 || rest.get(2..3)? != ":" || rest.get(5..6)? != ":" {
        return None;
    }
    let zone = rest[8..].trim_start_matches(|c: char| c == '.' || c.is_ascii_digit());
    let offset = match zone {
        "Z" | "z" => 0,
        _ => {
            let sign = match zone.get(..1)? {
                "+" => 1,
                "-" => -1,
                _ => return None,
            };
            let (oh, om): (i64, i64) = (zone.get(1..3)?.parse().ok()?, zone.get(4..6)?.parse().ok()?);
            sign * (oh * 60 + om) * 60_000
        }
    };
    Some(day + (h * 3600 + m * 60 + s) * 1000 - offset)
}

/// When a key was last used, and how exactly the text says it: Unix seconds
/// and timestamps to the second, dashboard dates and "3 days ago" to the
/// day. `None` for "Never" and for what Baton does not read.
pub fn parse_use(text: &str, now: Millis) -> Option<(Millis, Precision)> {
    let text = text.trim();
    if text.len() >= 9 && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse::<i64>().ok().and_then(|s| s.checked_mul(1000)).map(|at| (at, Precision::Exact));
    }
    if let Some(at) = rfc3339(text) {
        return Some((at, Precision::Exact));
    }
    match parse_seen(text, now) {
        Seen::At(at) => Some((at - at.rem_euclid(DAY), Precision::Day)),
        Seen::Never | Seen::Unknown => None,
    }
}

/// Reads a date cell of a keys table, or a date field of an admin API.
pub fn parse_seen(text: &str, now: Millis) -> Seen {
    let text = text.trim();
    if text.is_empty() {
        return Seen::Unknown;
    }
    if text.eq_ignore_ascii_case("never") || text.eq_ignore_ascii_case("never used") {
        return Seen::Never;
    }
    // Unix seconds, as OpenAI's admin API gives `created_at` and `last_used_at`.
    if text.len() >= 9 && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse::<i64>().map_or(Seen::Unknown, |s| Seen::At(s * 1000));
    }
    month_name_date(text).or_else(|| iso_date(text)).or_else(|| relative(text, now)).map_or(Seen::Unknown, Seen::At)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Millis = 1_795_737_600_000; // 2026-11-27

    fn day(y: i64, m: i64, d: i64) -> Seen {
        Seen::At(days_from_civil(y, m, d).unwrap() * DAY)
    }

    #[test]
    fn dashboard_dates() {
        let cases = [
            ("Feb 14, 2024", day(2024, 2, 14)),
            ("Nov 27, 2026", day(2026, 11, 27)),
            ("14 Feb 2024", day(2024, 2, 14)),
            ("February 29, 2024", day(2024, 2, 29)),
            ("Feb 29, 2023", Seen::Unknown),
            ("2024-02-14", day(2024, 2, 14)),
            ("2024-02-14T09:30:00Z", day(2024, 2, 14)),
            ("2025-12-01T23:59:59.999+02:00", day(2025, 12, 1)),
            ("1707900000", Seen::At(1_707_900_000_000)),
            ("Never", Seen::Never),
            ("never used", Seen::Never),
            ("", Seen::Unknown),
            ("—", Seen::Unknown),
            ("today", Seen::At(NOW)),
            ("Yesterday", Seen::At(NOW - DAY)),
            ("3 days ago", Seen::At(NOW - 3 * DAY)),
            ("a month ago", Seen::At(NOW - 30 * DAY)),
            ("2 years ago", Seen::At(NOW - 730 * DAY)),
            ("5 minutes ago", Seen::At(NOW)),
            ("in 3 days", Seen::Unknown),
            // A page's numbers are not trusted: too many to be a date.
            ("99999999999999999 years ago", Seen::Unknown),
            ("9223372036854775807 days ago", Seen::Unknown),
            ("999999999999999999999 days ago", Seen::Unknown),
            ("99999999999999999999999", Seen::Unknown),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_seen(text, NOW), expected, "{text:?}");
        }
    }

    #[test]
    fn the_civil_calendar_matches_iso_date() {
        for (y, m, d) in [(1970, 1, 1), (2000, 2, 29), (2026, 11, 27), (2100, 12, 31)] {
            let millis = days_from_civil(y, m, d).unwrap() * DAY;
            assert_eq!(crate::date::iso_date(millis), format!("{y:04}-{m:02}-{d:02}"));
        }
    }
}
