//! The sale document: lines and how it is paid. A `SaleDraft` can only be built valid.

use serde::{Deserialize, Serialize};

use super::SaleError;
use crate::{CashRegisterId, CustomerId, ProductId, WarehouseId};

/// How a sale is settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum Payment {
    /// Paid in cash into a register.
    Cash { cash_register_id: CashRegisterId },
    /// On credit to a customer's account.
    Credit { customer_id: CustomerId },
}

/// A line as the client sends it, before validation (amounts already parsed to integers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewSaleLine {
    pub product: ProductId,
    pub warehouse: WarehouseId,
    /// Thousandths of the product's unit.
    pub qty: i64,
    /// Minor units per whole unit, before VAT.
    pub unit_price: i64,
    /// Minor units off the line, before VAT.
    pub discount: i64,
}

/// A validated sale line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SaleLine(NewSaleLine);

impl SaleLine {
    #[must_use]
    pub fn get(&self) -> &NewSaleLine {
        &self.0
    }
}

/// A well-formed sale: at least one line, positive quantities, non-negative prices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaleDraft {
    lines: Vec<SaleLine>,
    payment: Payment,
    customer: Option<CustomerId>,
}

/// Most lines one sale may carry.
pub const MAX_LINES: usize = 1000;

impl SaleDraft {
    /// Validates a sale.
    ///
    /// # Errors
    /// [`SaleError`] naming the first offending field.
    pub fn new(
        lines: Vec<NewSaleLine>,
        payment: Payment,
        customer: Option<CustomerId>,
    ) -> Result<Self, SaleError> {
        if lines.is_empty() {
            return Err(SaleError::NoLines);
        }
        if lines.len() > MAX_LINES {
            return Err(invalid("lines", format!("at most {MAX_LINES} lines")));
        }
        for (i, l) in lines.iter().enumerate() {
            if l.qty <= 0 {
                return Err(invalid(&format!("lines[{i}].quantity"), "must be positive"));
            }
            if l.unit_price < 0 {
                return Err(invalid(
                    &format!("lines[{i}].unit_price"),
                    "must not be negative",
                ));
            }
            if l.discount < 0 {
                return Err(invalid(
                    &format!("lines[{i}].discount"),
                    "must not be negative",
                ));
            }
        }
        let customer = match (payment, customer) {
            (Payment::Credit { customer_id }, Some(c)) if c != customer_id => {
                return Err(invalid(
                    "customer_id",
                    "differs from the credit payment's customer",
                ));
            }
            (Payment::Credit { customer_id }, _) => Some(customer_id),
            (Payment::Cash { .. }, c) => c,
        };
        Ok(Self {
            lines: lines.into_iter().map(SaleLine).collect(),
            payment,
            customer,
        })
    }

    #[must_use]
    pub fn lines(&self) -> &[SaleLine] {
        &self.lines
    }

    #[must_use]
    pub fn payment(&self) -> Payment {
        self.payment
    }

    #[must_use]
    pub fn customer(&self) -> Option<CustomerId> {
        self.customer
    }
}

fn invalid(field: &str, reason: impl Into<String>) -> SaleError {
    SaleError::InvalidField {
        field: field.to_owned(),
        reason: reason.into(),
    }
}
