//! The café's opening hours and what share of them a station was billed for (utilisation).

use super::error::{CafeError, invalid};

/// When the café is open each day, in minutes after local midnight; closing at or before the
/// opening minute means closing after midnight; `0..1440` is open all day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct OpeningHours {
    opens: i64,
    closes: i64,
}

/// `HH:MM` as minutes after midnight (`24:00` is 1440); `None` for anything else.
#[must_use]
pub fn parse_clock(text: &str) -> Option<i64> {
    let (h, m) = text.trim().split_once(':')?;
    let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
    ((0..=24).contains(&h) && (0..60).contains(&m) && h * 60 + m <= 1440).then_some(h * 60 + m)
}

/// `minute` after midnight as `HH:MM` (1440 is `24:00`).
#[must_use]
pub fn clock_text(minute: i64) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

impl OpeningHours {
    pub const ALL_DAY: Self = Self {
        opens: 0,
        closes: 1440,
    };

    /// # Errors
    /// `invalid_field` on `opens` or `closes` outside `0..=1440`, or for a day with no hours.
    pub fn new(opens: i64, closes: i64) -> Result<Self, CafeError> {
        if !(0..1440).contains(&opens) {
            return Err(invalid("opens", "a time of day"));
        }
        if !(0..=1440).contains(&closes) {
            return Err(invalid("closes", "a time of day"));
        }
        if opens == closes {
            return Err(invalid("closes", "the café must be open some of the day"));
        }
        Ok(Self { opens, closes })
    }

    /// Opening minute after local midnight.
    #[must_use]
    pub fn opens(self) -> i64 {
        self.opens
    }

    /// Closing minute after local midnight (at or before `opens`: after midnight).
    #[must_use]
    pub fn closes(self) -> i64 {
        self.closes
    }

    /// Opening and closing as `HH:MM`.
    #[must_use]
    pub fn clock_texts(self) -> (String, String) {
        (clock_text(self.opens), clock_text(self.closes))
    }

    /// Minutes open a day.
    #[must_use]
    pub fn minutes(self) -> i64 {
        if self.closes > self.opens {
            self.closes - self.opens
        } else {
            1440 - self.opens + self.closes
        }
    }

    /// Billed minutes as a share of the minutes open over `days` days, in basis points
    /// (10,000 = the whole time; more when sessions ran outside the hours).
    #[must_use]
    pub fn utilisation_bp(self, billed_minutes: i64, days: i64) -> i64 {
        let open = i128::from(self.minutes()) * i128::from(days.max(1));
        let bp = crate::decimal::div_round(i128::from(billed_minutes) * 10_000, open);
        i64::try_from(bp).unwrap_or(i64::MAX)
    }
}
