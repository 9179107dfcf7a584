//! Refusals of a sale: invalid documents and posting errors, each with a stable code.

use crate::decimal::format_scaled;
use crate::refusal::{Detail, Details, Kind, Refusal, field, shortage};
use crate::staff::Permission;
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

impl Refusal for SaleError {
    fn code(&self) -> &'static str {
        match self {
            Self::NoLines => "empty_document",
            Self::InvalidField { .. } => "invalid_field",
            Self::ReceivedBelowAmount { .. } => "received_below_amount",
        }
    }

    fn kind(&self) -> Kind {
        Kind::Invalid
    }

    fn details(&self) -> Details {
        match self {
            Self::NoLines => field("lines"),
            Self::InvalidField { field: f, .. } => field(f.as_str()),
            Self::ReceivedBelowAmount { payment, .. } => {
                field(format!("payments[{payment}].received_amount"))
            }
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
    #[error("line {line}: selling at another price than the list price needs catalog.manage")]
    PriceNotAllowed { line: usize },
    #[error("line {line}: the discount is above the largest this role may give")]
    DiscountOverLimit {
        line: usize,
        /// The largest discount allowed, in basis points.
        max_bp: i64,
    },
    #[error("{method} payment needs {field}")]
    MissingParty {
        method: &'static str,
        field: &'static str,
    },
}

impl Refusal for SalePostingError {
    fn code(&self) -> &'static str {
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
            Self::PriceNotAllowed { .. } => "forbidden",
            Self::DiscountOverLimit { .. } => "discount_over_limit",
        }
    }

    fn kind(&self) -> Kind {
        match self {
            Self::InsufficientStock { .. }
            | Self::ProductWithoutCost { .. }
            | Self::CreditLimitExceeded { .. }
            | Self::NoOpenSession { .. }
            | Self::SessionClosed { .. }
            | Self::SessionOfOtherRegister { .. } => Kind::Conflict,
            Self::UnknownReference { .. } => Kind::NotFound,
            Self::PriceNotAllowed { .. } | Self::DiscountOverLimit { .. } => Kind::Forbidden,
            Self::DiscountExceedsAmount { .. }
            | Self::Overflow
            | Self::PaymentMismatch { .. }
            | Self::PaymentsRequired
            | Self::MissingParty { .. } => Kind::Invalid,
        }
    }

    fn details(&self) -> Details {
        match self {
            Self::InsufficientStock {
                line,
                product,
                product_code,
                warehouse,
                available,
                requested,
            } => shortage(
                vec![("line", (*line).into())],
                *product,
                product_code,
                *warehouse,
                *available,
                *requested,
            ),
            Self::ProductWithoutCost {
                line,
                product,
                product_code,
            } => vec![
                ("line", (*line).into()),
                ("product_id", product.0.into()),
                ("product_code", product_code.as_str().into()),
            ],
            Self::UnknownReference { field: f } => field(f.as_str()),
            Self::MissingParty { field: f, .. } => field(*f),
            Self::DiscountExceedsAmount { line } => field(format!("lines[{line}].discount")),
            Self::Overflow => Vec::new(),
            Self::PaymentMismatch { total, paid } => vec![
                ("field", "payments".into()),
                ("total_amount", Detail::Money(*total)),
                ("paid_amount", Detail::Money(*paid)),
            ],
            Self::CreditLimitExceeded {
                customer,
                limit,
                balance,
                requested,
            } => vec![
                ("customer_id", customer.0.into()),
                ("credit_limit", Detail::Money(*limit)),
                ("balance", Detail::Money(*balance)),
                ("requested", Detail::Money(*requested)),
            ],
            Self::NoOpenSession { register } => vec![("cash_register_id", register.0.into())],
            Self::SessionClosed { session } | Self::SessionOfOtherRegister { session } => {
                vec![("cashier_session_id", session.0.into())]
            }
            Self::PaymentsRequired => field("payments"),
            Self::PriceNotAllowed { line } => vec![
                ("permission", Permission::CatalogManage.as_str().into()),
                ("field", format!("lines[{line}].unit_price").into()),
            ],
            Self::DiscountOverLimit { line, max_bp } => vec![
                ("field", format!("lines[{line}].discount").into()),
                ("max_discount_percent", format_scaled(*max_bp, 2).into()),
            ],
        }
    }
}
