//! Civil dates from Unix milliseconds (UTC), for document numbers and ledger exports.
//! Time is always a parameter here; nothing reads the clock.

/// A calendar date (proleptic Gregorian, UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// The UTC date of a Unix timestamp in milliseconds.
    #[must_use]
    pub fn from_unix_ms(ms: i64) -> Self {
        let days = ms.div_euclid(86_400_000);
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Self {
            year: i32::try_from(year).unwrap_or(i32::MAX),
            month: u32::try_from(month).unwrap_or(1),
            day: u32::try_from(day).unwrap_or(1),
        }
    }
}

/// `2026-11-22T03:40:05.123Z` for a Unix timestamp in milliseconds.
#[must_use]
pub fn rfc3339(ms: i64) -> String {
    let date = Date::from_unix_ms(ms);
    let in_day = ms.rem_euclid(86_400_000);
    format!(
        "{date}T{:02}:{:02}:{:02}.{:03}Z",
        in_day / 3_600_000,
        in_day / 60_000 % 60,
        in_day / 1000 % 60,
        in_day % 1000
    )
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::Date;

    #[test]
    fn unix_epoch_and_a_leap_day_convert_to_their_dates() {
        assert_eq!(Date::from_unix_ms(0).to_string(), "1970-01-01");
        // 2024-02-29T12:00:00Z
        assert_eq!(
            Date::from_unix_ms(1_709_208_000_000).to_string(),
            "2024-02-29"
        );
        assert_eq!(Date::from_unix_ms(-1).to_string(), "1969-12-31");
        assert_eq!(
            super::rfc3339(1_709_208_000_123),
            "2024-02-29T12:00:00.123Z"
        );
    }
}
