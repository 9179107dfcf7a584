//! How a sale is paid: payment methods, the payments a cashier takes at checkout (validated
//! before anything is posted), and how a sale is settled when it is completed.

use serde::{Deserialize, Serialize};

use super::SaleError;
use crate::decimal::MAX_AMOUNT;

/// A way to pay. Each maps to one account: cash to the register's drawer, card to the card
/// clearing account, bank transfer to the bank, credit to the customers' account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    Cash,
    Card,
    BankTransfer,
    Credit,
}

impl PaymentMethod {
    pub const ALL: [Self; 4] = [Self::Cash, Self::Card, Self::BankTransfer, Self::Credit];

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Cash => "cash",
            Self::Card => "card",
            Self::BankTransfer => "bank_transfer",
            Self::Credit => "credit",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

/// One payment as the cashier enters it (amounts in minor units).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewPayment {
    pub method: PaymentMethod,
    /// What this payment settles of the sale.
    pub amount: i64,
    /// Cash only: what the customer handed over; the change is `received - amount`.
    pub received: Option<i64>,
}

/// Most payments one sale may take.
pub const MAX_PAYMENTS: usize = 16;

/// Well-formed payments: at least one, amounts positive, a received amount only for cash and
/// never below the cash amount. Whether they add up to the total is decided at posting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payments(Vec<NewPayment>);

impl Payments {
    /// Validates payments.
    ///
    /// # Errors
    /// [`SaleError`] naming the first offending payment field.
    pub fn new(payments: Vec<NewPayment>) -> Result<Self, SaleError> {
        if payments.is_empty() {
            return Err(SaleError::InvalidField {
                field: "payments".into(),
                reason: "at least one payment is needed".into(),
            });
        }
        if payments.len() > MAX_PAYMENTS {
            return Err(SaleError::InvalidField {
                field: "payments".into(),
                reason: format!("at most {MAX_PAYMENTS} payments"),
            });
        }
        for (i, p) in payments.iter().enumerate() {
            if p.amount <= 0 || p.amount > MAX_AMOUNT {
                return Err(SaleError::InvalidField {
                    field: format!("payments[{i}].amount"),
                    reason: "must be positive and at most 10^15 minor units".into(),
                });
            }
            match (p.method, p.received) {
                (PaymentMethod::Cash, Some(r)) if r < p.amount => {
                    return Err(SaleError::ReceivedBelowAmount {
                        payment: i,
                        amount: p.amount,
                        received: r,
                    });
                }
                (PaymentMethod::Cash, Some(r)) if r > MAX_AMOUNT => {
                    return Err(SaleError::InvalidField {
                        field: format!("payments[{i}].received_amount"),
                        reason: "must be at most 10^15 minor units".into(),
                    });
                }
                (PaymentMethod::Cash, _) | (_, None) => {}
                (_, Some(_)) => {
                    return Err(SaleError::InvalidField {
                        field: format!("payments[{i}].received_amount"),
                        reason: "only a cash payment has a received amount".into(),
                    });
                }
            }
        }
        Ok(Self(payments))
    }

    #[must_use]
    pub fn get(&self) -> &[NewPayment] {
        &self.0
    }
}

/// How a sale is settled when it is completed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settlement {
    /// The whole total by one method, whatever the total turns out to be.
    Whole(PaymentMethod),
    /// Payments that must add up to the total.
    Payments(Payments),
    /// No payment at all: only a sale whose total is zero (everything discounted) settles so.
    Unpaid,
}

/// A payment as posted: its account and the change it gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PostedPayment {
    pub method: PaymentMethod,
    pub amount: i64,
    /// Cash handed over (equal to `amount` when the cashier did not enter it).
    pub received: i64,
    pub change: i64,
    pub account: crate::AccountId,
}

/// A sale's payments summed by method, as sessions and daily reports count them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct PaymentTotals {
    /// Cash kept: received minus change.
    pub cash: i64,
    pub cash_received: i64,
    pub change: i64,
    pub card: i64,
    pub bank_transfer: i64,
    pub credit: i64,
}

impl PaymentTotals {
    #[must_use]
    pub fn of(payments: &[PostedPayment]) -> Self {
        let mut t = Self::default();
        for p in payments {
            match p.method {
                PaymentMethod::Cash => {
                    t.cash += p.amount;
                    t.cash_received += p.received;
                    t.change += p.change;
                }
                PaymentMethod::Card => t.card += p.amount,
                PaymentMethod::BankTransfer => t.bank_transfer += p.amount,
                PaymentMethod::Credit => t.credit += p.amount,
            }
        }
        t
    }
}
