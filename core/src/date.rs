//! Calendar dates for labels and file names.

use crate::Millis;

/// `YYYY-MM-DD` of a timestamp, in UTC.
pub fn iso_date(at: Millis) -> String {
    // Days since the epoch to a civil date (Howard Hinnant's algorithm).
    let days = at.div_euclid(86_400_000);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
