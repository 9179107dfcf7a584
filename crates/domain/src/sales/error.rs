//! Refusals of a sale: invalid documents and posting errors, each with a stable code.

use crate::{CashRegisterId, CashierSessionId, CustomerId, ProductId, WarehouseId};

/// A sale document that is not well formed. Nothing is written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SaleError {
    #[error("a sale needs at least one line")]
    NoLines,
    #[error("{field}: {reason}")]
    InvalidField { field: String, reason: String },
    #[error("payments[{payment}]: received {received} is less than the cash amount {amount}")]
    ReceivedBelowAmount {
        payment: usize,
        amount: i64,
        received: i64,
    },
}

impl SaleError {
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::NoLines => "empty_document",
            Self::InvalidField { .. } => "invalid_field",
            Self::ReceivedBelowAmount { .. } => "received_below_amount",
        }
    }
}

/// Why a valid sale cannot be posted against the current state. Nothing is written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SalePostingError {
    #[error(
        "insufficient stock of {product_code} in warehouse {warehouse}: available {available}, requested {requested} (thousandths)"
    )]
    InsufficientStock {
        line: usize,
        product: ProductId,
        product_code: String,
        warehouse: WarehouseId,
        available: i64,
        requested: i64,
    },
    #[error("product {product_code} has no cost; its cost of goods sold would be zero")]
    ProductWithoutCost {
        line: usize,
        product: ProductId,
        product_code: String,
    },
    #[error("{field} does not exist")]
    UnknownReference { field: String },
    #[error("line {line}: discount exceeds the line amount")]
    DiscountExceedsAmount { line: usize },
    #[error("amounts are too large")]
    Overflow,
    #[error("payments add up to {paid} but the sale's total is {total}")]
    PaymentMismatch { total: i64, paid: i64 },
    #[error(
        "customer {customer}: credit limit {limit} would be exceeded (balance {balance}, requested {requested})"
    )]
    CreditLimitExceeded {
        customer: CustomerId,
        limit: i64,
        balance: i64,
        requested: i64,
    },
    #[error("cash register {register} has no open cashier session")]
    NoOpenSession { register: CashRegisterId },
    #[error("cashier session {session} is closed")]
    SessionClosed { session: CashierSessionId },
    #[error("cashier session {session} belongs to another cash register")]
    SessionOfOtherRegister { session: CashierSessionId },
    #[error("the sale has no payment method; send its payments")]
    PaymentsRequired,
    #[error("{method} payment needs {field}")]
    MissingParty {
        method: &'static str,
        field: &'static str,
    },
}

impl SalePostingError {
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::InsufficientStock { .. } => "insufficient_stock",
            Self::ProductWithoutCost { .. } => "product_without_cost",
            Self::UnknownReference { .. } => "not_found",
            Self::DiscountExceedsAmount { .. } => "discount_exceeds_amount",
            Self::Overflow => "amount_overflow",
            Self::PaymentMismatch { .. } => "payment_mismatch",
            Self::CreditLimitExceeded { .. } => "credit_limit_exceeded",
            Self::NoOpenSession { .. } => "no_open_session",
            Self::SessionClosed { .. } => "session_closed",
            Self::SessionOfOtherRegister { .. } => "session_register_mismatch",
            Self::PaymentsRequired => "payments_required",
            Self::MissingParty { .. } => "invalid_field",
        }
    }
}
