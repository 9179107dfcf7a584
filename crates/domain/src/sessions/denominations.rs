//! The notes and coins a drawer is counted in, per currency, in minor units, largest first:
//! what the till's close form lists. A currency not listed gets 1 to 1,000 whole units.

use crate::Currency;

/// The denominations of `currency`, largest first, in minor units.
#[must_use]
pub fn denominations(currency: &Currency) -> Vec<i64> {
    let whole: &[i64] = match currency.code.as_str() {
        "EGP" => return scaled(&[200, 100, 50, 20, 10, 5, 1], &[50, 25], currency),
        "USD" => return scaled(&[100, 50, 20, 10, 5, 2, 1], &[25, 10, 5, 1], currency),
        "EUR" => {
            return scaled(
                &[500, 200, 100, 50, 20, 10, 5, 2, 1],
                &[50, 20, 10, 5, 2, 1],
                currency,
            );
        }
        "RUB" => &[5000, 2000, 1000, 500, 200, 100, 50, 10, 5, 2, 1],
        "UZS" => &[
            200_000, 100_000, 50_000, 20_000, 10_000, 5_000, 2_000, 1_000,
        ],
        "SAR" | "AED" | "QAR" => &[500, 100, 50, 20, 10, 5, 1],
        _ => &[1000, 500, 200, 100, 50, 20, 10, 5, 2, 1],
    };
    scaled(whole, &[], currency)
}

/// Whole-unit notes and coins, then coins already in minor units.
fn scaled(whole: &[i64], minor: &[i64], currency: &Currency) -> Vec<i64> {
    let unit = 10i64.pow(currency.exponent);
    whole
        .iter()
        .map(|w| w * unit)
        .chain(minor.iter().copied().filter(|_| currency.exponent > 0))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drawers_are_counted_in_their_currencys_notes_and_coins_largest_first() {
        let egp = Currency::from_code("EGP").unwrap();
        let d = denominations(&egp);
        assert_eq!(d.first(), Some(&20_000));
        assert_eq!(d.last(), Some(&25));
        let jpy = Currency::from_code("JPY").unwrap();
        assert_eq!(denominations(&jpy).last(), Some(&1));
        for c in ["EGP", "USD", "EUR", "RUB", "UZS", "KWD", "JPY"] {
            let d = denominations(&Currency::from_code(c).unwrap());
            assert!(d.windows(2).all(|w| w[0] > w[1]), "{c}: {d:?}");
        }
    }
}
