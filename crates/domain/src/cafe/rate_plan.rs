//! A station's rate plan and what a session's played time bills under it: the minutes billed
//! (played time counted per started minute, rounded up to the plan's step, never below its
//! minimum) and the amount (each stretch at the rate of the time of day it was played, peak
//! or not, in the shop's local time; the minutes rounding adds at the rate the session ended
//! on; or a prepaid block at its price with the minutes beyond it at the overtime rate).
//! Amounts are exact: summed in minor-unit milliseconds, divided once, rounded half up.

use serde::{Deserialize, Serialize};

use super::error::{CafeError, invalid};
use super::timing::Played;

const MINUTE_MS: i64 = 60_000;
const HOUR_MS: i64 = 3_600_000;
const DAY_MINUTES: i64 = 1_440;

/// Hours of the day at another hourly rate: from minute `from` to minute `to` of the local
/// day (`to` < `from` runs past midnight).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Peak {
    pub from_minute: i64,
    pub to_minute: i64,
    /// Minor units per hour.
    pub hourly: i64,
}

impl Peak {
    fn covers(self, minute_of_day: i64) -> bool {
        if self.from_minute <= self.to_minute {
            (self.from_minute..self.to_minute).contains(&minute_of_day)
        } else {
            minute_of_day >= self.from_minute || minute_of_day < self.to_minute
        }
    }
}

/// A block paid for up front ("1 hour"): its minutes at its price, then the overtime rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prepaid {
    pub minutes: i64,
    /// Minor units for the block.
    pub price: i64,
    /// Minor units per hour after the block.
    pub overtime_hourly: i64,
}

/// How a station bills its time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatePlan {
    /// Minor units per hour outside the peak.
    pub hourly: i64,
    pub peak: Option<Peak>,
    /// The least a session bills, in minutes, once it has been played at all.
    pub minimum_minutes: i64,
    /// Billed time is rounded up to a whole number of these minutes (1: per started minute).
    pub step_minutes: i64,
    pub prepaid: Option<Prepaid>,
}

/// What a session bills: the minutes played (per started minute), the minutes billed and the
/// amount in minor units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Billed {
    pub played_minutes: i64,
    pub billed_minutes: i64,
    pub amount: i64,
}

impl RatePlan {
    /// A plan checked: rates not negative, a step of 1 to 1,440 minutes, a minimum of 0 to
    /// 1,440, a peak within the day, a prepaid block of 1 to 1,440 minutes.
    ///
    /// # Errors
    /// `invalid_field` naming the first field out of range.
    pub fn checked(self) -> Result<Self, CafeError> {
        let day = 0..=DAY_MINUTES;
        if self.hourly < 0 {
            return Err(invalid("hourly", "a rate cannot be negative"));
        }
        if !(1..=DAY_MINUTES).contains(&self.step_minutes) {
            return Err(invalid("step_minutes", "1 to 1440 minutes"));
        }
        if !day.contains(&self.minimum_minutes) {
            return Err(invalid("minimum_minutes", "0 to 1440 minutes"));
        }
        if let Some(p) = self.peak
            && (p.hourly < 0
                || !(0..DAY_MINUTES).contains(&p.from_minute)
                || !(0..DAY_MINUTES).contains(&p.to_minute)
                || p.from_minute == p.to_minute)
        {
            return Err(invalid(
                "peak",
                "two different minutes of the day and a rate",
            ));
        }
        if let Some(b) = self.prepaid
            && (!(1..=DAY_MINUTES).contains(&b.minutes) || b.price < 0 || b.overtime_hourly < 0)
        {
            return Err(invalid("prepaid", "1 to 1440 minutes, a price and a rate"));
        }
        Ok(self)
    }

    /// The hourly rate at Unix milliseconds `at` in a shop `utc_offset_minutes` from UTC.
    fn rate_at(&self, at: i64, utc_offset_minutes: i32) -> i64 {
        let local = at + i64::from(utc_offset_minutes) * MINUTE_MS;
        let minute = local.rem_euclid(DAY_MINUTES * MINUTE_MS) / MINUTE_MS;
        match self.peak {
            Some(p) if p.covers(minute) => p.hourly,
            _ => self.hourly,
        }
    }

    /// What `played` bills under this plan in a shop `utc_offset_minutes` from UTC.
    ///
    /// # Errors
    /// `amount_overflow` when the amount does not fit.
    pub fn bill(&self, played: &Played, utc_offset_minutes: i32) -> Result<Billed, CafeError> {
        let ms = played.ms();
        let played_minutes = (ms + MINUTE_MS - 1) / MINUTE_MS;
        if played_minutes == 0 {
            return Ok(Billed {
                played_minutes: 0,
                billed_minutes: 0,
                amount: 0,
            });
        }
        let floor = self.prepaid.map_or(self.minimum_minutes, |b| {
            b.minutes.max(self.minimum_minutes)
        });
        let stepped =
            (played_minutes + self.step_minutes - 1) / self.step_minutes * self.step_minutes;
        let billed_minutes = stepped.max(floor);
        let amount = match self.prepaid {
            Some(b) => {
                let over = i128::from((billed_minutes - b.minutes).max(0));
                i128::from(b.price) + round(over * i128::from(b.overtime_hourly) * 60, 3_600)
            }
            None => self.timed(played, billed_minutes, utc_offset_minutes),
        };
        Ok(Billed {
            played_minutes,
            billed_minutes,
            amount: i64::try_from(amount).map_err(|_| CafeError::Overflow)?,
        })
    }

    /// Each played millisecond at the rate of its minute of the day, and the billed time
    /// beyond the played at the rate the session ended on.
    fn timed(&self, played: &Played, billed_minutes: i64, utc_offset_minutes: i32) -> i128 {
        let mut sum: i128 = 0;
        for &(from, to) in &played.stretches {
            let mut at = from;
            while at < to {
                // To the next minute of the clock, or the stretch's end.
                let next = (at.div_euclid(MINUTE_MS) + 1) * MINUTE_MS;
                let end = next.min(to);
                sum += i128::from(end - at) * i128::from(self.rate_at(at, utc_offset_minutes));
                at = end;
            }
        }
        let last = played.stretches.last().map_or(0, |s| s.1 - 1);
        let extra = i128::from(billed_minutes * MINUTE_MS - played.ms());
        sum += extra * i128::from(self.rate_at(last, utc_offset_minutes));
        round(sum, i128::from(HOUR_MS))
    }
}

/// `n / d` rounded half up (`n` not negative, `d` positive).
fn round(n: i128, d: i128) -> i128 {
    (n + d / 2) / d
}
