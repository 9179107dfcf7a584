//! Exact decimal amounts as integers: money in a currency's minor units, quantities in
//! thousandths. Parsing refuses anything that would need rounding; arithmetic helpers round
//! half away from zero, explicitly.

use serde::{Deserialize, Serialize};

/// Quantities are integer thousandths (metres to the millimetre, pieces, hours).
pub const QTY_SCALE: u32 = 3;
/// 1 unit of quantity in thousandths.
pub const QTY_ONE: i64 = 1000;

/// Largest amount (minor units) of one line, one document or one receipt: 10^15, i.e. ten
/// trillion in a currency with two decimals. It keeps every sum the store and the reports make
/// (thousands of documents) far inside 64 bits.
pub const MAX_AMOUNT: i64 = 1_000_000_000_000_000;

/// Why a decimal string was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecimalError {
    #[error("not a decimal number")]
    Malformed,
    #[error("more than {max} decimal places")]
    TooManyDecimals { max: u32 },
    #[error("number too large")]
    Overflow,
}

/// A currency with its minor-unit exponent (EGP 2, UZS 2, JPY 0, KWD 3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Currency {
    pub code: String,
    pub exponent: u32,
}

impl Currency {
    /// The currency for an ISO 4217 code, or `None` for a code we do not know.
    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        let code = code.trim().to_ascii_uppercase();
        let exponent = match code.as_str() {
            "JPY" | "KRW" | "VND" | "CLP" | "ISK" | "UGX" | "XOF" | "XAF" => 0,
            "KWD" | "BHD" | "OMR" | "JOD" | "TND" | "LYD" | "IQD" => 3,
            "EGP" | "USD" | "EUR" | "GBP" | "SAR" | "AED" | "QAR" | "RUB" | "UZS" | "KZT"
            | "KGS" | "TJS" | "TRY" | "MAD" | "DZD" | "LBP" | "SYP" | "SDG" | "AMD" | "AZN"
            | "GEL" | "BYN" | "UAH" | "CNY" | "INR" | "PKR" | "CHF" | "CAD" | "AUD" => 2,
            _ => return None,
        };
        Some(Self { code, exponent })
    }

    /// Parses a decimal string into minor units of this currency.
    ///
    /// # Errors
    /// Malformed text, too many decimals for the currency, or a value beyond `i64`.
    pub fn parse(&self, text: &str) -> Result<i64, DecimalError> {
        parse_scaled(text, self.exponent)
    }

    /// Formats minor units as a decimal string with exactly `exponent` decimals.
    #[must_use]
    pub fn format(&self, minor: i64) -> String {
        format_scaled(minor, self.exponent)
    }
}

/// Parses `"-12.345"` into an integer scaled by `10^scale`, refusing extra decimals.
///
/// # Errors
/// See [`DecimalError`].
pub fn parse_scaled(text: &str, scale: u32) -> Result<i64, DecimalError> {
    let text = text.trim();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (int_part, frac_part) = match digits.split_once('.') {
        Some((i, f)) => (i, f),
        None => (digits, ""),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (int_part.is_empty() && frac_part.is_empty())
        || !all_digits(int_part)
        || !all_digits(frac_part)
        || (digits.contains('.') && frac_part.is_empty() && int_part.is_empty())
    {
        return Err(DecimalError::Malformed);
    }
    let frac_trimmed = frac_part.trim_end_matches('0');
    if frac_trimmed.len() > scale as usize {
        return Err(DecimalError::TooManyDecimals { max: scale });
    }
    let mut value: i128 = 0;
    for b in int_part.bytes().chain(frac_trimmed.bytes()) {
        value = value * 10 + i128::from(b - b'0');
        if value > i128::from(i64::MAX) {
            return Err(DecimalError::Overflow);
        }
    }
    let missing = scale as usize - frac_trimmed.len();
    for _ in 0..missing {
        value *= 10;
        if value > i128::from(i64::MAX) {
            return Err(DecimalError::Overflow);
        }
    }
    let value = if negative { -value } else { value };
    i64::try_from(value).map_err(|_| DecimalError::Overflow)
}

/// Formats an integer scaled by `10^scale` as a decimal string.
#[must_use]
pub fn format_scaled(value: i64, scale: u32) -> String {
    let sign = if value < 0 { "-" } else { "" };
    let abs = value.unsigned_abs();
    if scale == 0 {
        return format!("{sign}{abs}");
    }
    let factor = 10u64.pow(scale);
    format!(
        "{sign}{}.{:0width$}",
        abs / factor,
        abs % factor,
        width = scale as usize
    )
}

/// `n / d` rounded half away from zero. `d` must be positive.
#[must_use]
pub fn div_round(n: i128, d: i128) -> i128 {
    debug_assert!(d > 0);
    let q = n / d;
    let r = n % d;
    if 2 * r.abs() >= d { q + n.signum() } else { q }
}

/// The part of `whole` that `after` of `of` stand for, less `before` already taken: cumulative
/// shares, so that parts taken bit by bit add up to exactly the whole (`None`: out of range).
#[must_use]
pub fn cumulative_share(whole: i64, of: i64, after: i64, before: i64) -> Option<i64> {
    let cumulative = if after == of {
        i128::from(whole)
    } else {
        div_round(i128::from(whole) * i128::from(after), i128::from(of))
    };
    i64::try_from(cumulative - i128::from(before)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_strings_parse_to_minor_units_and_back() {
        let egp = Currency::from_code("egp").unwrap();
        assert_eq!(egp.parse("450000").unwrap(), 45_000_000);
        assert_eq!(egp.parse("450000.5").unwrap(), 45_000_050);
        assert_eq!(egp.parse("-0.01").unwrap(), -1);
        assert_eq!(egp.format(5_000_000), "50000.00");
        assert_eq!(egp.format(-1), "-0.01");
        let jpy = Currency::from_code("JPY").unwrap();
        assert_eq!(jpy.format(1200), "1200");
    }

    #[test]
    fn too_many_decimals_or_garbage_is_refused() {
        let egp = Currency::from_code("EGP").unwrap();
        assert_eq!(
            egp.parse("1.001"),
            Err(DecimalError::TooManyDecimals { max: 2 })
        );
        assert_eq!(egp.parse("1.100").unwrap(), 110);
        for bad in ["", ".", "abc", "1.2.3", "1e5", "--1", " - 1", "1,5"] {
            assert_eq!(egp.parse(bad), Err(DecimalError::Malformed), "{bad:?}");
        }
        assert_eq!(
            egp.parse("999999999999999999999"),
            Err(DecimalError::Overflow)
        );
    }

    #[test]
    fn division_rounds_half_away_from_zero() {
        assert_eq!(div_round(5, 2), 3);
        assert_eq!(div_round(-5, 2), -3);
        assert_eq!(div_round(4, 3), 1);
        assert_eq!(div_round(-4, 3), -1);
    }
}
