//! The sale document: lines, the till and customer it belongs to, and how it is meant to be
//! paid. A `SaleDraft` can only be built valid.

use serde::{Deserialize, Serialize};

use super::PaymentMethod;
use super::SaleError;
use crate::{CashRegisterId, CashierSessionId, CustomerId, ProductId, WarehouseId};

/// How a sale is settled as a whole by one method (the shorthand of `POST /sales`).
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
    /// Minor units per whole unit, before VAT; `None`: the product's list price, read in the
    /// posting transaction.
    pub unit_price: Option<i64>,
    /// Minor units off the line, before VAT.
    pub discount: i64,
    /// What a scale label with an embedded price says the line is worth, before its discount
    /// and VAT: the line sells at exactly this (its quantity is what the label's price buys,
    /// for stock and cost). `None`: the line is worth round(qty × unit price).
    pub label_amount: Option<i64>,
}

impl NewSaleLine {
    /// What the line is worth at `unit_price` before its discount and VAT:
    /// round(qty × unit price).
    #[must_use]
    pub fn gross_at(&self, unit_price: i64) -> i128 {
        crate::decimal::div_round(
            i128::from(self.qty) * i128::from(unit_price),
            i128::from(crate::decimal::QTY_ONE),
        )
    }

    /// What the line is worth at `unit_price` before its discount and VAT: its label's amount,
    /// or else round(qty × unit price).
    #[must_use]
    pub fn gross(&self, unit_price: i64) -> i128 {
        self.label_amount
            .map_or_else(|| self.gross_at(unit_price), i128::from)
    }

    /// Whether the line's label amount is what its quantity is worth at `unit_price`, as a
    /// scale prints it: the quantity priced (a weight label), or the quantity the amount buys
    /// (a price label). A line without a label amount fits.
    #[must_use]
    pub fn label_fits(&self, unit_price: i64) -> bool {
        self.label_amount.is_none_or(|a| {
            i128::from(a) == self.gross_at(unit_price)
                || crate::barcode::quantity_bought(a, unit_price) == Some(self.qty)
        })
    }
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
    register: Option<CashRegisterId>,
    customer: Option<CustomerId>,
    /// The cashier session the client rang the sale up in, when it named one.
    session: Option<CashierSessionId>,
    /// How the whole sale is meant to be paid, when the client said so up front.
    default_method: Option<PaymentMethod>,
}

/// Most lines one sale may carry.
pub const MAX_LINES: usize = 1000;

impl SaleDraft {
    /// Validates a sale paid as a whole by `payment`.
    ///
    /// # Errors
    /// [`SaleError`] naming the first offending field.
    pub fn new(
        lines: Vec<NewSaleLine>,
        payment: Payment,
        customer: Option<CustomerId>,
    ) -> Result<Self, SaleError> {
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
        let (register, method) = match payment {
            Payment::Cash { cash_register_id } => (Some(cash_register_id), PaymentMethod::Cash),
            Payment::Credit { .. } => (None, PaymentMethod::Credit),
        };
        Self::at(lines, register, customer, None, Some(method))
    }

    /// Validates a sale rung up at `register` (if any) for `customer` (if any), in `session`
    /// when the client names one; `default_method` settles it as a whole when it is completed
    /// without payments.
    ///
    /// # Errors
    /// [`SaleError`] naming the first offending field.
    pub fn at(
        lines: Vec<NewSaleLine>,
        register: Option<CashRegisterId>,
        customer: Option<CustomerId>,
        session: Option<CashierSessionId>,
        default_method: Option<PaymentMethod>,
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
            if l.unit_price.is_some_and(|p| p < 0) {
                return Err(invalid(
                    &format!("lines[{i}].unit_price"),
                    "must not be negative",
                ));
            }
            if l.label_amount.is_some_and(|a| a < 0) {
                return Err(invalid(
                    &format!("lines[{i}].label_amount"),
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
        if session.is_some() && register.is_none() {
            return Err(invalid(
                "cashier_session_id",
                "a sale in a cashier session needs its cash_register_id",
            ));
        }
        match default_method {
            Some(PaymentMethod::Cash) if register.is_none() => {
                return Err(invalid(
                    "cash_register_id",
                    "a cash sale needs a cash register",
                ));
            }
            Some(PaymentMethod::Credit) if customer.is_none() => {
                return Err(invalid("customer_id", "a credit sale needs a customer"));
            }
            _ => {}
        }
        Ok(Self {
            lines: lines.into_iter().map(SaleLine).collect(),
            register,
            customer,
            session,
            default_method,
        })
    }

    /// The same sale, to be completed in `session` (a parked draft moving to the next shift).
    ///
    /// # Errors
    /// A sale without a register cannot name a session.
    pub fn in_session(mut self, session: CashierSessionId) -> Result<Self, SaleError> {
        if self.register.is_none() {
            return Err(invalid(
                "cashier_session_id",
                "a sale in a cashier session needs its cash_register_id",
            ));
        }
        self.session = Some(session);
        Ok(self)
    }

    #[must_use]
    pub fn lines(&self) -> &[SaleLine] {
        &self.lines
    }

    #[must_use]
    pub fn register(&self) -> Option<CashRegisterId> {
        self.register
    }

    #[must_use]
    pub fn session(&self) -> Option<CashierSessionId> {
        self.session
    }

    #[must_use]
    pub fn default_method(&self) -> Option<PaymentMethod> {
        self.default_method
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
