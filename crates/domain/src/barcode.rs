//! Product barcodes: EAN-13 check digits and in-store scale barcodes with an embedded weight or price, in a layout each tenant configures.

use std::ops::Range;

use crate::decimal::{QTY_ONE, div_round};

/// Why a scale layout or a barcode was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BarcodeError {
    #[error("scale barcode layout {layout:?}: {reason}")]
    InvalidLayout {
        layout: String,
        reason: &'static str,
    },
    #[error("barcode {barcode:?} has a wrong check digit")]
    BadCheckDigit { barcode: String },
}

impl crate::Refusal for BarcodeError {
    fn code(&self) -> &'static str {
        match self {
            Self::InvalidLayout { .. } => "invalid_scale_layout",
            Self::BadCheckDigit { .. } => "bad_check_digit",
        }
    }

    fn kind(&self) -> crate::Kind {
        crate::Kind::Invalid
    }
}

/// What the variable part of a scale barcode carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Embedded {
    Weight,
    Price,
}

/// Length of an EAN-13 barcode, the only length a scale layout describes.
const EAN13_LEN: usize = 13;

/// A tenant's scale barcode layout, e.g. `21PPPPPWWWWWC` or `22PPPPP$$$$$C`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScaleLayout {
    text: String,
    prefix: String,
    plu: Range<usize>,
    value: Range<usize>,
    embedded: Embedded,
}

impl ScaleLayout {
    /// Parses a layout: 1–3 fixed digits, a run of `P` (1–7), a run of `W` or `$` (1–6), an
    /// optional single `X` (ignored digit), then `C` (the EAN-13 check digit); 13 in all.
    pub fn parse(layout: &str) -> Result<Self, BarcodeError> {
        let text = layout.trim();
        let refuse = |reason: &'static str| BarcodeError::InvalidLayout {
            layout: text.to_owned(),
            reason,
        };
        if !text.is_ascii() {
            return Err(refuse("only ASCII characters are allowed"));
        }
        if text.len() != EAN13_LEN {
            return Err(refuse("a layout must be exactly 13 characters"));
        }
        let allowed = |b: u8| b.is_ascii_digit() || b"PW$XC".contains(&b);
        if !text.bytes().all(allowed) {
            return Err(refuse("only digits and P, W, $, X, C are allowed"));
        }
        if text.contains('W') && text.contains('$') {
            return Err(refuse("weight (W) or price ($), never both"));
        }
        if !text.ends_with('C') {
            return Err(refuse("a layout must end with the check digit C"));
        }

        let mut runs = runs(text).into_iter().peekable();
        let prefix = match runs.next() {
            Some((b'0', len)) if (1..=3).contains(&len) => text.get(..len).unwrap_or_default(),
            _ => return Err(refuse("a layout must start with 1 to 3 fixed digits")),
        };
        let plu_len = match runs.next() {
            Some((b'P', len)) if (1..=7).contains(&len) => len,
            Some((b'P', _)) => return Err(refuse("the item code run P must be 1 to 7 long")),
            _ => return Err(refuse("the prefix must be followed by P (item code)")),
        };
        let (embedded, value_len) = match runs.next() {
            Some((b'W', len)) if (1..=6).contains(&len) => (Embedded::Weight, len),
            Some((b'$', len)) if (1..=6).contains(&len) => (Embedded::Price, len),
            Some((b'W' | b'$', _)) => return Err(refuse("W or $ must be 1 to 6 long")),
            _ => return Err(refuse("the item code must be followed by a run of W or $")),
        };
        if let Some((b'X', len)) = runs.peek().copied() {
            if len != 1 {
                return Err(refuse("at most one X may sit before C"));
            }
            runs.next();
        }
        if runs.next() != Some((b'C', 1)) || runs.next().is_some() {
            return Err(refuse("expected an optional X, then one C"));
        }

        Ok(Self {
            text: text.to_owned(),
            prefix: prefix.to_owned(),
            plu: prefix.len()..prefix.len() + plu_len,
            value: prefix.len() + plu_len..prefix.len() + plu_len + value_len,
            embedded,
        })
    }

    /// The layout text as given (trimmed).
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The leading fixed digits a barcode must start with.
    #[must_use]
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// What the variable part carries.
    #[must_use]
    pub fn embedded(&self) -> Embedded {
        self.embedded
    }
}

/// Runs of equal characters as `(class, length)`; all digits share the class `b'0'`.
fn runs(text: &str) -> Vec<(u8, usize)> {
    let mut out: Vec<(u8, usize)> = Vec::new();
    for b in text.bytes() {
        let class = if b.is_ascii_digit() { b'0' } else { b };
        match out.last_mut() {
            Some((last, len)) if *last == class => *len += 1,
            _ => out.push((class, 1)),
        }
    }
    out
}

/// A decoded scale barcode: the item code (PLU) and the embedded value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScaleRead {
    /// The P digits exactly as printed (leading zeros kept).
    pub plu: String,
    pub embedded: Embedded,
    /// Weight: thousandths of the product's unit (grams for kg). Price: minor units of money.
    pub value: i64,
}

impl ScaleRead {
    /// The quantity (thousandths) and amount (minor units) the label stands for at the
    /// product's `sale_price` per whole unit: a weight is priced, a price is turned into the
    /// weight it buys. `None` for a price label on a product without a sale price.
    #[must_use]
    pub fn quantity_and_amount(&self, sale_price: i64) -> Option<(i64, i64)> {
        let narrow = |v: i128| i64::try_from(v).unwrap_or(i64::MAX);
        match self.embedded {
            Embedded::Weight => Some((
                self.value,
                narrow(div_round(
                    i128::from(self.value) * i128::from(sale_price),
                    i128::from(QTY_ONE),
                )),
            )),
            Embedded::Price => quantity_bought(self.value, sale_price).map(|qty| (qty, self.value)),
        }
    }
}

/// The quantity (thousandths, at least one) that `amount` buys at `unit_price` per whole unit:
/// what a price label weighs. `None` without a positive unit price.
#[must_use]
pub fn quantity_bought(amount: i64, unit_price: i64) -> Option<i64> {
    (unit_price > 0).then(|| {
        let qty = div_round(
            i128::from(amount) * i128::from(QTY_ONE),
            i128::from(unit_price),
        );
        i64::try_from(qty).unwrap_or(i64::MAX).max(1)
    })
}

/// EAN-13 / EAN-8 / UPC-A check digit of the digits before it (the standard mod-10, weights 3
/// and 1 from the right). `None` if `body` is empty or not all ASCII digits.
#[must_use]
pub fn check_digit(body: &str) -> Option<u8> {
    if body.is_empty() || !body.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = body
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| u32::from(b - b'0') * if i % 2 == 0 { 3 } else { 1 })
        .sum();
    u8::try_from((10 - sum % 10) % 10).ok()
}

/// Whether a numeric barcode's last digit is the right check digit (lengths 8, 12, 13, 14).
#[must_use]
pub fn has_valid_check_digit(code: &str) -> bool {
    if !matches!(code.len(), 8 | 12 | 13 | 14) {
        return false;
    }
    match code.as_bytes().split_last() {
        Some((&last, body)) if last.is_ascii_digit() => std::str::from_utf8(body)
            .ok()
            .and_then(check_digit)
            .is_some_and(|cd| cd == last - b'0'),
        _ => false,
    }
}

/// Decodes `code` with the first layout whose prefix and length match. `Ok(None)` when no layout
/// matches (an ordinary barcode); `Err(BadCheckDigit)` when a layout matches but the EAN-13 check
/// digit is wrong.
pub fn decode_scale(
    layouts: &[ScaleLayout],
    code: &str,
) -> Result<Option<ScaleRead>, BarcodeError> {
    let code = code.trim();
    if code.len() != EAN13_LEN || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(None);
    }
    let Some(layout) = layouts.iter().find(|l| code.starts_with(l.prefix())) else {
        return Ok(None);
    };
    if !has_valid_check_digit(code) {
        return Err(BarcodeError::BadCheckDigit {
            barcode: code.to_owned(),
        });
    }
    let digits = |range: &Range<usize>| code.get(range.clone()).unwrap_or_default();
    let value = digits(&layout.value).bytes();
    Ok(Some(ScaleRead {
        plu: digits(&layout.plu).to_owned(),
        embedded: layout.embedded,
        value: value.fold(0, |acc, b| acc * 10 + i64::from(b - b'0')),
    }))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use crate::Refusal;

    #[test]
    fn a_scale_label_is_priced_at_the_list_price() {
        let weight = ScaleRead {
            plu: "00042".into(),
            embedded: Embedded::Weight,
            value: 1_250,
        };
        // 1.250 kg at 8.00 a kg.
        assert_eq!(weight.quantity_and_amount(800), Some((1_250, 1_000)));
        let price = ScaleRead {
            embedded: Embedded::Price,
            value: 1_000,
            ..weight
        };
        assert_eq!(price.quantity_and_amount(800), Some((1_250, 1_000)));
        assert_eq!(price.quantity_and_amount(0), None);
    }

    use super::*;
    use proptest::prelude::*;

    fn with_check_digit(body: &str) -> String {
        format!("{body}{}", check_digit(body).unwrap())
    }

    #[test]
    fn the_check_digit_of_a_known_ean13_is_computed() {
        assert_eq!(check_digit("400638133393"), Some(1));
        assert!(has_valid_check_digit("4006381333931"));
        assert!(!has_valid_check_digit("4006381333932"));
        assert_eq!(check_digit(""), None);
        assert_eq!(check_digit("12a4"), None);
    }

    #[test]
    fn a_weight_barcode_yields_its_item_code_and_grams() {
        let layout = ScaleLayout::parse("21PPPPPWWWWWC").unwrap();
        let code = with_check_digit("211234501250");
        let read = decode_scale(&[layout], &code).unwrap().unwrap();
        assert_eq!(read.plu, "12345");
        assert_eq!(read.embedded, Embedded::Weight);
        assert_eq!(read.value, 1250);
    }

    #[test]
    fn a_price_barcode_yields_its_item_code_and_minor_units() {
        let layouts = [
            ScaleLayout::parse("21PPPPPWWWWWC").unwrap(),
            ScaleLayout::parse(" 22PPPPP$$$$$C ").unwrap(),
        ];
        let code = with_check_digit("220004200399");
        let read = decode_scale(&layouts, &code).unwrap().unwrap();
        assert_eq!(read.plu, "00042");
        assert_eq!(read.embedded, Embedded::Price);
        assert_eq!(read.value, 399);
        assert_eq!(layouts[1].as_str(), "22PPPPP$$$$$C");
        assert_eq!(layouts[1].prefix(), "22");
        assert_eq!(layouts[1].embedded(), Embedded::Price);
    }

    #[test]
    fn an_ignored_digit_before_the_check_digit_is_skipped() {
        let layout = ScaleLayout::parse("2PPPPPP$$$$XC").unwrap();
        let code = with_check_digit("201234509997");
        let read = decode_scale(&[layout], &code).unwrap().unwrap();
        assert_eq!(read.plu, "012345");
        assert_eq!(read.value, 999);
    }

    #[test]
    fn a_matching_barcode_with_a_wrong_check_digit_is_refused() {
        let layout = ScaleLayout::parse("21PPPPPWWWWWC").unwrap();
        let good = with_check_digit("211234501250");
        let last = good.as_bytes()[12] - b'0';
        let bad = format!("211234501250{}", (last + 1) % 10);
        let err = decode_scale(&[layout], &bad).unwrap_err();
        assert_eq!(err.code(), "bad_check_digit");
        assert!(matches!(err, BarcodeError::BadCheckDigit { barcode } if barcode == bad));
    }

    #[test]
    fn an_ordinary_barcode_matches_no_layout() {
        let layouts = [ScaleLayout::parse("21PPPPPWWWWWC").unwrap()];
        assert_eq!(decode_scale(&layouts, "4006381333931"), Ok(None));
        assert_eq!(decode_scale(&layouts, "21123450125"), Ok(None));
        assert_eq!(decode_scale(&layouts, "21123450125A5"), Ok(None));
        assert_eq!(decode_scale(&[], "2112345012505"), Ok(None));
    }

    #[test]
    fn malformed_layouts_are_refused_with_a_reason() {
        for bad in [
            "21PPPPPWWWWC",   // 12 long
            "21PPPPPWWWWWCC", // 14 long
            "21PPPPWW$$$$C",  // weight and price
            "21PPPPPWWWWWW",  // no C
            "21PPPPPWWWWZC",  // stray letter
            "21WWWWWWXXXXC",  // no P
            "PPPPPPPWWWWWC",  // no prefix
            "2121PPPWWWWWC",  // prefix too long
            "21PPPPPWWWXXC",  // two X
            "21PPPWWWWWWWC",  // value run too long
            "21PPPPPC12345",  // no value run
            "21PPWWPPWWWWC",  // runs out of order
            "21ÉPPPWWWWWWC",  // not ASCII
        ] {
            let err = ScaleLayout::parse(bad).unwrap_err();
            assert_eq!(err.code(), "invalid_scale_layout", "{bad}");
            assert!(matches!(err, BarcodeError::InvalidLayout { .. }), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn appending_the_check_digit_always_validates(body in "[0-9]{12}", other in 0_u8..10) {
            let cd = check_digit(&body).unwrap();
            let good = format!("{body}{cd}");
            prop_assert!(has_valid_check_digit(&good));
            prop_assume!(other != cd);
            let bad = format!("{body}{other}");
            prop_assert!(!has_valid_check_digit(&bad));
        }
    }
}
