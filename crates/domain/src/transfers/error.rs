//! Refusals of a transfer or a stock count, each with a stable code, kind and details.
//! Nothing is written.

use crate::refusal::{Details, Kind, Refusal, field, shortage};
use crate::{ProductId, WarehouseId};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StockMoveError {
    #[error("{field}: {reason}")]
    InvalidField { field: String, reason: String },
    #[error("{field} does not exist")]
    UnknownReference { field: String },
    #[error("line {line}: product {product} does not track stock")]
    NotStocked { line: usize, product: ProductId },
    #[error(
        "line {line}: warehouse {warehouse} holds {available} of {product_code}, {requested} requested (thousandths)"
    )]
    InsufficientStock {
        line: usize,
        product: ProductId,
        product_code: String,
        warehouse: WarehouseId,
        available: i64,
        requested: i64,
    },
    #[error("line {line}: {product_code} has no cost to value found stock at")]
    WithoutCost {
        line: usize,
        product: ProductId,
        product_code: String,
    },
    #[error("amounts are too large")]
    Overflow,
}

impl Refusal for StockMoveError {
    fn code(&self) -> &'static str {
        match self {
            Self::InvalidField { .. } => "invalid_field",
            Self::UnknownReference { .. } => "not_found",
            Self::NotStocked { .. } => "product_not_stocked",
            Self::InsufficientStock { .. } => "insufficient_stock",
            Self::WithoutCost { .. } => "product_without_cost",
            Self::Overflow => "amount_overflow",
        }
    }

    fn kind(&self) -> Kind {
        match self {
            Self::InvalidField { .. } | Self::Overflow => Kind::Invalid,
            Self::UnknownReference { .. } => Kind::NotFound,
            Self::NotStocked { .. } | Self::InsufficientStock { .. } | Self::WithoutCost { .. } => {
                Kind::Conflict
            }
        }
    }

    fn details(&self) -> Details {
        match self {
            Self::InvalidField { field: f, .. } | Self::UnknownReference { field: f } => {
                field(f.as_str())
            }
            Self::NotStocked { line, product } => vec![
                ("field", format!("lines[{line}].product_id").into()),
                ("product_id", product.0.into()),
            ],
            Self::InsufficientStock {
                line,
                product,
                product_code,
                warehouse,
                available,
                requested,
            } => shortage(
                vec![("field", format!("lines[{line}].quantity").into())],
                *product,
                product_code,
                *warehouse,
                *available,
                *requested,
            ),
            Self::WithoutCost {
                line,
                product,
                product_code,
            } => vec![
                ("field", format!("lines[{line}].counted").into()),
                ("product_id", product.0.into()),
                ("product_code", product_code.as_str().into()),
            ],
            Self::Overflow => Vec::new(),
        }
    }
}
