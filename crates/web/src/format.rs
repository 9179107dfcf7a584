//! Numbers, amounts and times as people read them: amounts in the tenant's currency with
//! thousands grouped (never minor units), quantities without trailing zeros, local times. The
//! templates wrap each in `<bdi dir="ltr">` so Arabic text never reorders it.

use mizan_domain::Currency;
use mizan_domain::calendar::Date;
use mizan_domain::decimal::{QTY_SCALE, format_scaled};

/// `1234567` minor units of EGP as `12,345.67`.
#[must_use]
pub fn amount(currency: &Currency, minor: i64) -> String {
    let plain = format_scaled(minor, currency.exponent);
    let (sign, digits) = plain
        .strip_prefix('-')
        .map_or(("", plain.as_str()), |d| ("-", d));
    let (whole, frac) = digits
        .split_once('.')
        .map_or((digits, None), |(w, f)| (w, Some(f)));
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// An amount with its currency code: `12,345.67 EGP`.
#[must_use]
pub fn money(currency: &Currency, minor: i64) -> String {
    format!("{} {}", amount(currency, minor), currency.code)
}

/// A quantity in thousandths as written: `2500` → `2.5`, `3000` → `3`.
#[must_use]
pub fn qty(thousandths: i64) -> String {
    let s = format_scaled(thousandths, QTY_SCALE);
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// A quantity in thousandths with all three decimals, for an input a cashier edits: `2.500`.
#[must_use]
pub fn qty_input(thousandths: i64) -> String {
    format_scaled(thousandths, QTY_SCALE)
}

/// A local time `2026-12-02 14:05` of Unix milliseconds at a UTC offset.
#[must_use]
pub fn local_time(ms: i64, utc_offset_minutes: i32) -> String {
    let local = ms.saturating_add(i64::from(utc_offset_minutes) * 60_000);
    let in_day = local.rem_euclid(86_400_000);
    format!(
        "{} {:02}:{:02}",
        Date::from_unix_ms(local),
        in_day / 3_600_000,
        in_day / 60_000 % 60
    )
}

/// Basis points as a percentage: `4000` → `40.00%`.
#[must_use]
pub fn percent_bp(bp: i64) -> String {
    format!("{}%", format_scaled(bp, 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_grouped_in_their_currency() {
        let egp = Currency::from_code("EGP").unwrap();
        let jpy = Currency::from_code("JPY").unwrap();
        let kwd = Currency::from_code("KWD").unwrap();
        assert_eq!(amount(&egp, 123_456_789), "1,234,567.89");
        assert_eq!(amount(&egp, -47_000), "-470.00");
        assert_eq!(amount(&egp, 5), "0.05");
        assert_eq!(money(&jpy, 100_000), "100,000 JPY");
        assert_eq!(amount(&kwd, 1_234_567), "1,234.567");
    }

    #[test]
    fn quantities_and_times_read_as_written() {
        assert_eq!(qty(2_500), "2.5");
        assert_eq!(qty(3_000), "3");
        assert_eq!(qty_input(1_250), "1.250");
        // 2026-12-01T22:30Z in Cairo (+02:00) is 00:30 the next day.
        assert_eq!(local_time(1_796_164_200_000, 120), "2026-12-02 00:30");
        assert_eq!(percent_bp(4_000), "40.00%");
    }
}
