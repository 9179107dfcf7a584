//! Refusals of a sale: invalid documents and posting errors, each with a stable code.

use crate::{ProductId, WarehouseId};

/// A sale document that is not well formed. Nothing is written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SaleError {
    #[error("a sale needs at least one line")]
    NoLines,
    #[error("{field}: {reason}")]
    InvalidField { field: String, reason: String },
}

impl SaleError {
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::NoLines => "empty_document",
            Self::InvalidField { .. } => "invalid_field",
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
        }
    }
}
