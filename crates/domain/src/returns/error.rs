//! Refusals of a return, each with a stable code, kind and details. Nothing is written.

use crate::refusal::{Detail, Details, Kind, Refusal, field};
use crate::{CashRegisterId, ProductId};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReturnError {
    #[error("{field}: {reason}")]
    InvalidField { field: String, reason: String },
    #[error("only a completed sale can be returned")]
    SaleNotCompleted,
    #[error("{field} does not exist")]
    UnknownReference { field: String },
    #[error(
        "line {line}: {requested} would take back more than was sold ({sold}) less what was returned ({returned}) (thousandths)"
    )]
    ExceedsSale {
        line: usize,
        product: ProductId,
        sold: i64,
        returned: i64,
        requested: i64,
    },
    #[error("a refund as credit needs a sale to a customer")]
    CreditWithoutCustomer,
    #[error("cash register {register} has no open cashier session to refund from")]
    NoOpenSession { register: CashRegisterId },
    #[error("the drawer holds {available} and cannot refund {requested}")]
    InsufficientCash { available: i64, requested: i64 },
    #[error("amounts are too large")]
    Overflow,
    #[error("the sale was returned already; what is left is corrected by a return")]
    AlreadyReturned,
    #[error("the sale's cashier session is closed: correct the sale by a return")]
    VoidSessionClosed,
    #[error("the sale was paid by several methods: correct it by returns")]
    VoidMixedPayments,
    #[error("the sale's lines left several warehouses: correct it by returns")]
    VoidMixedWarehouses,
}

impl Refusal for ReturnError {
    fn code(&self) -> &'static str {
        match self {
            Self::InvalidField { .. } | Self::CreditWithoutCustomer => "invalid_field",
            Self::SaleNotCompleted => "sale_not_completed",
            Self::UnknownReference { .. } => "not_found",
            Self::ExceedsSale { .. } => "return_exceeds_sale",
            Self::NoOpenSession { .. } => "no_open_session",
            Self::InsufficientCash { .. } => "insufficient_cash",
            Self::Overflow => "amount_overflow",
            Self::AlreadyReturned => "sale_already_returned",
            Self::VoidSessionClosed => "void_session_closed",
            Self::VoidMixedPayments => "void_mixed_payments",
            Self::VoidMixedWarehouses => "void_mixed_warehouses",
        }
    }

    fn kind(&self) -> Kind {
        match self {
            Self::InvalidField { .. } | Self::CreditWithoutCustomer | Self::Overflow => {
                Kind::Invalid
            }
            Self::UnknownReference { .. } => Kind::NotFound,
            Self::SaleNotCompleted
            | Self::ExceedsSale { .. }
            | Self::NoOpenSession { .. }
            | Self::InsufficientCash { .. }
            | Self::AlreadyReturned
            | Self::VoidSessionClosed
            | Self::VoidMixedPayments
            | Self::VoidMixedWarehouses => Kind::Conflict,
        }
    }

    fn details(&self) -> Details {
        match self {
            Self::InvalidField { field: f, .. } | Self::UnknownReference { field: f } => {
                field(f.as_str())
            }
            Self::CreditWithoutCustomer => field("refund"),
            Self::ExceedsSale {
                line,
                product,
                sold,
                returned,
                requested,
            } => vec![
                ("field", format!("lines[{line}].quantity").into()),
                ("product_id", product.0.into()),
                ("sold", Detail::Qty(*sold)),
                ("returned", Detail::Qty(*returned)),
                ("requested", Detail::Qty(*requested)),
            ],
            Self::NoOpenSession { register } => vec![("cash_register_id", register.0.into())],
            Self::InsufficientCash {
                available,
                requested,
            } => vec![
                ("available", Detail::Money(*available)),
                ("requested", Detail::Money(*requested)),
            ],
            Self::SaleNotCompleted
            | Self::Overflow
            | Self::AlreadyReturned
            | Self::VoidSessionClosed
            | Self::VoidMixedPayments
            | Self::VoidMixedWarehouses => Vec::new(),
        }
    }
}
