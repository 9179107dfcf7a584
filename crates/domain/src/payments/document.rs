//! The payment documents: who is paid, how much, where the money comes from, and a note. A
//! payment can only be built valid.

use super::PaymentError;
use crate::decimal::MAX_AMOUNT;
use crate::{CashRegisterId, SupplierId};

/// Most characters of a payment's note.
pub const MAX_NOTE: usize = 200;

/// Where a payment's money comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaidFrom {
    /// The main cash account.
    Safe,
    /// This register's drawer, in its open session (it counts as a payout of the session).
    Drawer(CashRegisterId),
    Bank,
}

impl PaidFrom {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Safe => "safe",
            Self::Drawer(_) => "drawer",
            Self::Bank => "bank",
        }
    }
}

/// A payment to a supplier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupplierPayment {
    supplier: SupplierId,
    amount: i64,
    from: PaidFrom,
    note: Option<String>,
}

impl SupplierPayment {
    /// Validates a supplier payment.
    ///
    /// # Errors
    /// [`PaymentError::InvalidField`] naming the offending field.
    pub fn new(
        supplier: SupplierId,
        amount: i64,
        from: PaidFrom,
        note: Option<&str>,
    ) -> Result<Self, PaymentError> {
        if amount <= 0 || amount > MAX_AMOUNT {
            return Err(PaymentError::InvalidField {
                field: "amount".into(),
                reason: "must be positive".into(),
            });
        }
        let note = match note.map(str::trim) {
            None | Some("") => None,
            Some(n) if n.chars().count() > MAX_NOTE || n.chars().any(char::is_control) => {
                return Err(PaymentError::InvalidField {
                    field: "note".into(),
                    reason: "at most 200 characters, no control characters".into(),
                });
            }
            Some(n) => Some(n.to_owned()),
        };
        Ok(Self {
            supplier,
            amount,
            from,
            note,
        })
    }

    #[must_use]
    pub fn supplier(&self) -> SupplierId {
        self.supplier
    }

    #[must_use]
    pub fn amount(&self) -> i64 {
        self.amount
    }

    #[must_use]
    pub fn from(&self) -> PaidFrom {
        self.from
    }

    #[must_use]
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }
}
