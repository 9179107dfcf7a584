//! Refusals of a purchase or a purchase return, each with a stable code, kind and details.
//! Nothing is written.

use crate::refusal::{Detail, Details, Kind, Refusal, field, shortage};
use crate::{ProductId, WarehouseId};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PurchaseError {
    #[error("{field}: {reason}")]
    InvalidField { field: String, reason: String },
    #[error("{field} does not exist")]
    UnknownReference { field: String },
    #[error("line {line}: product {product} does not track stock")]
    NotStocked { line: usize, product: ProductId },
    #[error(
        "line {line}: {requested} would send back more than was bought ({bought}) less what was returned ({returned}) (thousandths)"
    )]
    ExceedsPurchase {
        line: usize,
        product: ProductId,
        bought: i64,
        returned: i64,
        requested: i64,
    },
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
    #[error("amounts are too large")]
    Overflow,
}

impl Refusal for PurchaseError {
    fn code(&self) -> &'static str {
        match self {
            Self::InvalidField { .. } => "invalid_field",
            Self::UnknownReference { .. } => "not_found",
            Self::NotStocked { .. } => "product_not_stocked",
            Self::ExceedsPurchase { .. } => "return_exceeds_purchase",
            Self::InsufficientStock { .. } => "insufficient_stock",
            Self::Overflow => "amount_overflow",
        }
    }

    fn kind(&self) -> Kind {
        match self {
            Self::InvalidField { .. } | Self::Overflow => Kind::Invalid,
            Self::UnknownReference { .. } => Kind::NotFound,
            Self::NotStocked { .. }
            | Self::ExceedsPurchase { .. }
            | Self::InsufficientStock { .. } => Kind::Conflict,
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
            Self::ExceedsPurchase {
                line,
                product,
                bought,
                returned,
                requested,
            } => vec![
                ("field", format!("lines[{line}].quantity").into()),
                ("product_id", product.0.into()),
                ("bought", Detail::Qty(*bought)),
                ("returned", Detail::Qty(*returned)),
                ("requested", Detail::Qty(*requested)),
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
            Self::Overflow => Vec::new(),
        }
    }
}
