//! Calendar dates for labels, file names and the words Baton shows.

use crate::Millis;

pub(crate) const DAY: Millis = 86_400_000;
/// 2015-01-01: no API key Baton keeps was made before it.
const EARLIEST_PLAUSIBLE: Millis = 1_420_070_400_000;

/// Whether a moment read from a file (a backup's dates) can be true: not
/// before 2015, and not after tomorrow.
pub(crate) fn is_plausible(at: Millis, now: Millis) -> bool {
    (EARLIEST_PLAUSIBLE..=now.saturating_add(DAY)).contains(&at)
}
const MONTH_NAMES: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// The time now, and the user's offset from UTC (what the browser says),
/// for words like "14:32".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Clock {
    pub now: Millis,
    /// Minutes east of UTC (`-Date.getTimezoneOffset()`).
    pub offset_minutes: i32,
}

impl Clock {
    pub fn utc(now: Millis) -> Clock {
        Clock { now, offset_minutes: 0 }
    }

    fn local(self, at: Millis) -> Millis {
        at.saturating_add(Millis::from(self.offset_minutes) * 60_000)
    }
}

/// (year, month 1–12, day 1–31) of a day count since 1970-01-01 (Howard
/// Hinnant's algorithm).
pub(crate) fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm), or
/// `None` for a date that does not exist or lies outside years 1–9999 (a
/// page's or a file's number must not overflow the arithmetic).
pub(crate) fn days_from_civil(year: i64, month: i64, day: i64) -> Option<i64> {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let month_days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if !(1..=9999).contains(&year) || !(1..=12).contains(&month) || day < 1 || day > month_days[(month - 1) as usize] {
        return None;
    }
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The month (1–12) a word starts with, in any case: "Feb", "february".
pub(crate) fn month_of(word: &str) -> Option<i64> {
    let word = word.get(..3)?;
    MONTH_NAMES.iter().position(|m| m.eq_ignore_ascii_case(word)).map(|i| i as i64 + 1)
}

/// `YYYY-MM-DD` of a timestamp, in UTC.
pub fn iso_date(at: Millis) -> String {
    let (year, month, day) = civil(at.div_euclid(DAY));
    format!("{year:04}-{month:02}-{day:02}")
}

/// "Dec 2, 2026", of a UTC day (how the dashboards write days).
pub fn day_words(at: Millis) -> String {
    let (year, month, day) = civil(at.div_euclid(DAY));
    format!("{} {day}, {year}", MONTH_NAMES[(month - 1) as usize])
}

/// "14:32" on the user's clock when `at` is today there, else "Dec 1, 14:32".
pub fn time_words(at: Millis, clock: Clock) -> String {
    let local = clock.local(at);
    let minutes = local.rem_euclid(DAY) / 60_000;
    let time = format!("{:02}:{:02}", minutes / 60, minutes % 60);
    if local.div_euclid(DAY) == clock.local(clock.now).div_euclid(DAY) {
        time
    } else {
        let (_, month, day) = civil(local.div_euclid(DAY));
        format!("{} {day}, {time}", MONTH_NAMES[(month - 1) as usize])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_both_ways() {
        for (y, m, d, expected) in [
            (1970, 1, 1, Some(0)),
            (2000, 2, 29, Some(11_016)),
            (2024, 2, 14, Some(19_767)),
            (1900, 2, 29, None),
            (2026, 13, 1, None),
            (2026, 4, 31, None),
            (0, 1, 1, None),
            (i64::MAX, 1, 1, None),
            (-9_000_000_000_000_000, 1, 1, None),
        ] {
            assert_eq!(days_from_civil(y, m, d), expected, "{y}-{m}-{d}");
            if let Some(days) = expected {
                assert_eq!(civil(days), (y, m, d));
            }
        }
        for (word, month) in [("Feb", Some(2)), ("february", Some(2)), ("SEPT", Some(9)), ("Fe", None), ("Ñov", None)]
        {
            assert_eq!(month_of(word), month, "{word}");
        }
    }

    #[test]
    fn dates() {
        for (at, expected) in [
            (0, "1970-01-01"),
            (951_782_400_000, "2000-02-29"),
            (1_795_000_000_000, "2026-11-18"),
            (1_798_761_599_999, "2026-12-31"),
            (-86_400_000, "1969-12-31"),
        ] {
            assert_eq!(iso_date(at), expected, "{at}");
        }
    }

    #[test]
    fn words() {
        // 2026-12-02 14:32 UTC.
        let at = 1_796_221_920_000;
        assert_eq!(iso_date(at), "2026-12-02");
        assert_eq!(day_words(at), "Dec 2, 2026");
        let cases = [
            (Clock { now: at + 60_000, offset_minutes: 0 }, "14:32"),
            (Clock { now: at, offset_minutes: 60 }, "15:32"),
            (Clock { now: at, offset_minutes: -330 }, "09:02"),
            (Clock { now: at + DAY, offset_minutes: 0 }, "Dec 2, 14:32"),
            // Late in the day west of UTC: the local day is the day before.
            (Clock { now: at, offset_minutes: -900 }, "23:32"),
            (Clock { now: at + 12 * 3_600_000, offset_minutes: -900 }, "Dec 1, 23:32"),
        ];
        for (clock, expected) in cases {
            assert_eq!(time_words(at, clock), expected, "{clock:?}");
        }
    }
}
