//! The payment documents: who is paid, how much, where the money comes from, and a note. A
//! payment can only be built valid.

use super::PaymentError;
use crate::decimal::MAX_AMOUNT;
use crate::{CashRegisterId, CustomerId, SaleId, SupplierId};

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

fn positive(amount: i64, field: &str) -> Result<i64, PaymentError> {
    if amount <= 0 || amount > MAX_AMOUNT {
        return Err(PaymentError::InvalidField {
            field: field.into(),
            reason: "must be positive".into(),
        });
    }
    Ok(amount)
}

fn note_of(note: Option<&str>) -> Result<Option<String>, PaymentError> {
    match note.map(str::trim) {
        None | Some("") => Ok(None),
        Some(n) if n.chars().count() > MAX_NOTE || n.chars().any(char::is_control) => {
            Err(PaymentError::InvalidField {
                field: "note".into(),
                reason: "at most 200 characters, no control characters".into(),
            })
        }
        Some(n) => Ok(Some(n.to_owned())),
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
        Ok(Self {
            supplier,
            amount: positive(amount, "amount")?,
            from,
            note: note_of(note)?,
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

/// How a customer's payment comes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReceivedBy {
    /// Into this register's drawer, in its open session (a pay-in of the session).
    Cash(CashRegisterId),
    Card,
    Bank,
}

impl ReceivedBy {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Cash(_) => "cash",
            Self::Card => "card",
            Self::Bank => "bank_transfer",
        }
    }
}

/// A customer paying what they owe, with the open credit sales the cashier chose to settle
/// (the rest of the amount goes to the oldest).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerPayment {
    customer: CustomerId,
    amount: i64,
    by: ReceivedBy,
    chosen: Vec<(SaleId, i64)>,
    note: Option<String>,
}

impl CustomerPayment {
    /// Validates a customer payment: a positive amount; chosen sales each once, with positive
    /// amounts adding up to no more than the payment.
    ///
    /// # Errors
    /// [`PaymentError::InvalidField`] naming the offending field.
    pub fn new(
        customer: CustomerId,
        amount: i64,
        by: ReceivedBy,
        chosen: Vec<(SaleId, i64)>,
        note: Option<&str>,
    ) -> Result<Self, PaymentError> {
        let amount = positive(amount, "amount")?;
        let mut sum = 0i64;
        for (i, (sale, part)) in chosen.iter().enumerate() {
            positive(*part, &format!("allocations[{i}].amount"))?;
            if chosen[..i].iter().any(|(s, _)| s == sale) {
                return Err(PaymentError::InvalidField {
                    field: format!("allocations[{i}].sale_id"),
                    reason: "names a sale already allocated to".into(),
                });
            }
            sum = sum.saturating_add(*part);
        }
        if sum > amount {
            return Err(PaymentError::InvalidField {
                field: "allocations".into(),
                reason: "add up to more than the payment".into(),
            });
        }
        Ok(Self {
            customer,
            amount,
            by,
            chosen,
            note: note_of(note)?,
        })
    }

    #[must_use]
    pub fn customer(&self) -> CustomerId {
        self.customer
    }

    #[must_use]
    pub fn amount(&self) -> i64 {
        self.amount
    }

    #[must_use]
    pub fn by(&self) -> ReceivedBy {
        self.by
    }

    #[must_use]
    pub fn chosen(&self) -> &[(SaleId, i64)] {
        &self.chosen
    }

    #[must_use]
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }
}
