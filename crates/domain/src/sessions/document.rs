//! What a cashier enters on a session: the opening float, a pay-in or payout with its reason,
//! and the cash counted at close (optionally by denomination). Each can only be built valid.

use serde::{Deserialize, Serialize};

use super::SessionError;
use crate::decimal::MAX_AMOUNT;

/// Cash put in the drawer when a session opens (zero or more, minor units).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpeningFloat(i64);

impl OpeningFloat {
    /// # Errors
    /// A negative or too large amount.
    pub fn new(amount: i64) -> Result<Self, SessionError> {
        if !(0..=MAX_AMOUNT).contains(&amount) {
            return Err(invalid(
                "opening_float",
                "must be zero or more, at most 10^15",
            ));
        }
        Ok(Self(amount))
    }

    #[must_use]
    pub fn get(self) -> i64 {
        self.0
    }
}

/// Cash put into or taken out of the drawer during a session, for a reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CashMovementKind {
    PayIn,
    Payout,
}

impl CashMovementKind {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::PayIn => "pay_in",
            Self::Payout => "payout",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "pay_in" => Some(Self::PayIn),
            "payout" => Some(Self::Payout),
            _ => None,
        }
    }
}

/// A pay-in or payout: a positive amount and a reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCashMovement {
    kind: CashMovementKind,
    amount: i64,
    reason: String,
}

/// Longest reason, in characters.
pub const MAX_REASON: usize = 200;

impl NewCashMovement {
    /// # Errors
    /// A non-positive or too large amount, or an empty or too long reason.
    pub fn new(kind: CashMovementKind, amount: i64, reason: &str) -> Result<Self, SessionError> {
        if amount <= 0 || amount > MAX_AMOUNT {
            return Err(invalid("amount", "must be positive, at most 10^15"));
        }
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(invalid("reason", "a pay-in or payout needs a reason"));
        }
        if reason.chars().any(char::is_control) {
            return Err(invalid("reason", "must not contain control characters"));
        }
        if reason.chars().count() > MAX_REASON {
            return Err(invalid("reason", "at most 200 characters"));
        }
        Ok(Self {
            kind,
            amount,
            reason: reason.to_owned(),
        })
    }

    #[must_use]
    pub fn kind(&self) -> CashMovementKind {
        self.kind
    }

    #[must_use]
    pub fn amount(&self) -> i64 {
        self.amount
    }

    #[must_use]
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

/// The cash counted in the drawer at close, with the denominations it was counted in (value
/// in minor units, number of notes or coins) when the cashier gave them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountedCash {
    amount: i64,
    denominations: Vec<(i64, i64)>,
}

/// Most denominations one count may list.
pub const MAX_DENOMINATIONS: usize = 64;

impl CountedCash {
    /// `amount` is the counted total; with `denominations`, their sum must equal it (and it may
    /// be omitted).
    ///
    /// # Errors
    /// A missing, negative or too large amount, bad denominations, or a sum that differs.
    pub fn new(amount: Option<i64>, denominations: Vec<(i64, i64)>) -> Result<Self, SessionError> {
        if denominations.len() > MAX_DENOMINATIONS {
            return Err(invalid("denominations", "at most 64 denominations"));
        }
        let mut sum: i128 = 0;
        for (i, (value, count)) in denominations.iter().enumerate() {
            if *value <= 0 || *value > MAX_AMOUNT {
                return Err(invalid(
                    &format!("denominations[{i}].value"),
                    "must be positive",
                ));
            }
            if !(0..=1_000_000).contains(count) {
                return Err(invalid(
                    &format!("denominations[{i}].count"),
                    "must be between 0 and 1000000",
                ));
            }
            sum += i128::from(*value) * i128::from(*count);
        }
        let amount = match (amount, denominations.is_empty()) {
            (None, true) => return Err(invalid("counted_amount", "the counted cash is required")),
            (Some(a), true) => a,
            (a, false) => {
                let s = i64::try_from(sum)
                    .ok()
                    .filter(|s| *s <= MAX_AMOUNT)
                    .ok_or_else(|| invalid("denominations", "add up to more than 10^15"))?;
                if let Some(a) = a
                    && a != s
                {
                    return Err(invalid(
                        "counted_amount",
                        &format!("the denominations add up to {s}, not {a} (minor units)"),
                    ));
                }
                s
            }
        };
        if !(0..=MAX_AMOUNT).contains(&amount) {
            return Err(invalid(
                "counted_amount",
                "must be zero or more, at most 10^15",
            ));
        }
        Ok(Self {
            amount,
            denominations,
        })
    }

    #[must_use]
    pub fn amount(&self) -> i64 {
        self.amount
    }

    #[must_use]
    pub fn denominations(&self) -> &[(i64, i64)] {
        &self.denominations
    }
}

fn invalid(field: &str, reason: &str) -> SessionError {
    SessionError::InvalidField {
        field: field.to_owned(),
        reason: reason.to_owned(),
    }
}
