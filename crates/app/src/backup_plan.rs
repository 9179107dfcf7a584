//! The nightly backup's plan: when it next runs (a local time of day), what its files are
//! called (`mizan-backup-YYYYMMDD-HHMMSS.zip`, UTC), and which of them retention keeps — the
//! newest of each of the latest N days and of the latest M months; files named otherwise are
//! never touched.

use mizan_domain::calendar::{business_day, day_number, rfc3339};

const DAY_MS: i64 = 86_400_000;
const PREFIX: &str = "mizan-backup-";
const SUFFIX: &str = ".zip";

/// How many backups the nightly job keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    /// The newest backup of each of this many latest days.
    pub daily: usize,
    /// The newest backup of each of this many latest months.
    pub monthly: usize,
}

/// The first moment after `now_ms` whose local time of day (`utc_offset_minutes` east of UTC)
/// is `at_minute` after midnight.
#[must_use]
pub fn next_run_ms(now_ms: i64, at_minute: i64, utc_offset_minutes: i32) -> i64 {
    let offset = i64::from(utc_offset_minutes) * 60_000;
    let local = now_ms + offset;
    let today = local.div_euclid(DAY_MS) * DAY_MS + at_minute.rem_euclid(1440) * 60_000;
    let at = if today > local { today } else { today + DAY_MS };
    at - offset
}

/// The name of a backup taken at `ms`.
#[must_use]
pub fn file_name(ms: i64) -> String {
    let t = rfc3339(ms);
    let digits: String = t[..19].chars().filter(char::is_ascii_digit).collect();
    format!("{PREFIX}{}-{}{SUFFIX}", &digits[..8], &digits[8..])
}

/// When the backup named `name` was taken, if it is named as [`file_name`] names them.
#[must_use]
pub fn taken_at(name: &str) -> Option<i64> {
    let stamp = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    let (day, time) = stamp.split_once('-')?;
    if day.len() != 8
        || time.len() != 6
        || !stamp.replace('-', "").bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let day: i32 = day.parse().ok()?;
    let (h, m, s): (i64, i64, i64) = (
        time[..2].parse().ok()?,
        time[2..4].parse().ok()?,
        time[4..].parse().ok()?,
    );
    let ms = day_number(day) * DAY_MS + ((h * 60 + m) * 60 + s) * 1000;
    (file_name(ms) == name).then_some(ms)
}

/// The backups of `names` that retention lets go (oldest first); names that are not backups'
/// are never among them.
#[must_use]
pub fn to_delete(names: &[String], keep: Retention, utc_offset_minutes: i32) -> Vec<String> {
    let mut taken: Vec<(i64, &String)> = names
        .iter()
        .filter_map(|n| taken_at(n).map(|t| (t, n)))
        .collect();
    taken.sort_by(|a, b| b.cmp(a));
    let mut days: Vec<i32> = Vec::new();
    let mut months: Vec<i32> = Vec::new();
    let mut gone = Vec::new();
    for (t, name) in taken {
        let day = business_day(t, utc_offset_minutes);
        let month = day / 100;
        let mut kept = false;
        if !days.contains(&day) && days.len() < keep.daily {
            days.push(day);
            kept = true;
        }
        if !months.contains(&month) && months.len() < keep.monthly {
            months.push(month);
            kept = true;
        }
        if !kept {
            gone.push(name.clone());
        }
    }
    gone.reverse();
    gone
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-12-03T14:00:00Z.
    const NOW: i64 = 1_796_306_400_000;

    #[test]
    fn the_next_run_is_the_next_local_time_of_day() {
        // 02:30 in Cairo (UTC+2) is 00:30 UTC: tomorrow's, as 16:00 local has passed.
        let at = next_run_ms(NOW, 150, 120);
        assert_eq!(rfc3339(at), "2026-12-04T00:30:00.000Z");
        // 23:00 local is still to come today.
        assert_eq!(
            rfc3339(next_run_ms(NOW, 23 * 60, 120)),
            "2026-12-03T21:00:00.000Z"
        );
        // Exactly at the time: the next day's.
        let exactly = next_run_ms(NOW, 16 * 60, 120);
        assert_eq!(exactly - NOW, DAY_MS);
    }

    #[test]
    fn a_backups_name_gives_back_when_it_was_taken() {
        assert_eq!(file_name(NOW), "mizan-backup-20261203-140000.zip");
        assert_eq!(taken_at(&file_name(NOW + 1_000)), Some(NOW + 1_000));
        for other in [
            "notes.txt",
            "mizan-backup-20261303-140000.zip",
            "mizan-backup-2026.zip",
        ] {
            assert_eq!(taken_at(other), None, "{other}");
        }
    }

    #[test]
    fn retention_keeps_the_newest_of_each_day_and_month() {
        // Two a day for 70 days, and a file that is no backup.
        let mut names: Vec<String> = (0..140).map(|i| file_name(NOW - i * DAY_MS / 2)).collect();
        names.push("README.txt".to_owned());
        let keep = Retention {
            daily: 7,
            monthly: 3,
        };
        let gone = to_delete(&names, keep, 0);
        let kept: Vec<&String> = names.iter().filter(|n| !gone.contains(n)).collect();
        // The 7 latest days (December's and November's newest among them) + October's newest +
        // the README.
        assert_eq!(kept.len(), 7 + 1 + 1, "{kept:?}");
        assert!(kept.contains(&&"mizan-backup-20261031-140000.zip".to_owned()));
        assert!(kept.contains(&&file_name(NOW)));
        assert!(kept.contains(&&"README.txt".to_owned()));
        assert!(!gone.contains(&file_name(NOW)));
        // Oldest first.
        assert!(taken_at(&gone[0]) < taken_at(gone.last().unwrap()));
    }
}
