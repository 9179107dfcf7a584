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

impl Date {
    /// The date as the integer `YYYYMMDD` (how reports key a day).
    #[must_use]
    pub fn yyyymmdd(self) -> i32 {
        self.year * 10_000 + i32::try_from(self.month * 100 + self.day).unwrap_or(0)
    }

    /// Parses `YYYY-MM-DD`, refusing dates that do not exist.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
        if parts.next().is_some() || !digits(y, 4) || !digits(m, 2) || !digits(d, 2) {
            return None;
        }
        let date = Self {
            year: y.parse().ok()?,
            month: m.parse().ok()?,
            day: d.parse().ok()?,
        };
        let days_in_month = match date.month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if date.year % 4 == 0 && (date.year % 100 != 0 || date.year % 400 == 0) => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days_in_month).contains(&date.day).then_some(date)
    }
}

/// Days since 1970-01-01 of a `YYYYMMDD` day (Howard Hinnant's days_from_civil), so that two
/// business days can be subtracted.
#[must_use]
pub fn day_number(yyyymmdd: i32) -> i64 {
    let (y, m, d) = (
        i64::from(yyyymmdd / 10_000),
        i64::from(yyyymmdd / 100 % 100),
        i64::from(yyyymmdd % 100),
    );
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The business day (`YYYYMMDD`) a moment falls on for a shop `utc_offset_minutes` east of UTC.
#[must_use]
pub fn business_day(ms: i64, utc_offset_minutes: i32) -> i32 {
    Date::from_unix_ms(ms.saturating_add(i64::from(utc_offset_minutes) * 60_000)).yyyymmdd()
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

/// A `YYYYMMDD` business day as `YYYY-MM-DD`.
#[must_use]
pub fn day_text(yyyymmdd: i32) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        yyyymmdd / 10_000,
        yyyymmdd / 100 % 100,
        yyyymmdd % 100
    )
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The moment business day `yyyymmdd` ends (the next local midnight) for a shop
/// `utc_offset_minutes` east of UTC, in Unix milliseconds.
#[must_use]
pub fn end_of_day_ms(yyyymmdd: i32, utc_offset_minutes: i32) -> i64 {
    (day_number(yyyymmdd) + 1) * 86_400_000 - i64::from(utc_offset_minutes) * 60_000
}

#[cfg(test)]
mod tests {
    use super::{Date, day_number};

    #[test]
    fn day_numbers_count_days_across_months_years_and_leap_days() {
        assert_eq!(day_number(19_700_101), 0);
        assert_eq!(day_number(20_240_301) - day_number(20_240_228), 2);
        assert_eq!(day_number(20_270_101) - day_number(20_261_231), 1);
        for ms in [0i64, 951_782_400_000, 1_764_547_200_000, 4_102_444_800_000] {
            let day = Date::from_unix_ms(ms).yyyymmdd();
            assert_eq!(day_number(day), ms / 86_400_000);
        }
    }

    #[test]
    fn a_business_day_follows_the_shops_offset_and_dates_parse_strictly() {
        // 2026-11-21T23:30:00Z is already the 22nd in Cairo (UTC+2).
        let ms = 1_795_303_800_000;
        assert_eq!(super::business_day(ms, 0), 20_261_121);
        assert_eq!(super::business_day(ms, 120), 20_261_122);
        assert_eq!(
            Date::parse("2024-02-29").map(Date::yyyymmdd),
            Some(20_240_229)
        );
        assert_eq!(Date::parse("2023-02-29"), None);
        assert_eq!(Date::parse("2024-13-01"), None);
        assert_eq!(Date::parse("24-01-01"), None);
        assert_eq!(Date::parse("+999-01-01"), None);
    }

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
