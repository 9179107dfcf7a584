//! Refusals of a payment, each with a stable code, kind and details. Nothing is written.

use crate::refusal::{Detail, Details, Kind, Refusal, field};
use crate::{CashRegisterId, SaleId};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PaymentError {
    #[error("{field}: {reason}")]
    InvalidField { field: String, reason: String },
    #[error("{field} does not exist")]
    UnknownReference { field: String },
    #[error("cash register {register} has no open cashier session to pay from")]
    NoOpenSession { register: CashRegisterId },
    #[error("the drawer holds {available} and cannot pay out {requested}")]
    InsufficientCash { available: i64, requested: i64 },
    #[error("the customer owes {balance}; a payment of {requested} is more")]
    ExceedsBalance { balance: i64, requested: i64 },
    #[error("sale {sale} has {open} open; {requested} cannot be allocated to it")]
    AllocationExceedsOpen {
        index: usize,
        sale: SaleId,
        open: i64,
        requested: i64,
    },
    #[error("amounts are too large")]
    Overflow,
}

impl Refusal for PaymentError {
    fn code(&self) -> &'static str {
        match self {
            Self::InvalidField { .. } => "invalid_field",
            Self::UnknownReference { .. } => "not_found",
            Self::NoOpenSession { .. } => "no_open_session",
            Self::InsufficientCash { .. } => "insufficient_cash",
            Self::ExceedsBalance { .. } => "payment_exceeds_balance",
            Self::AllocationExceedsOpen { .. } => "allocation_exceeds_open",
            Self::Overflow => "amount_overflow",
        }
    }

    fn kind(&self) -> Kind {
        match self {
            Self::InvalidField { .. } | Self::Overflow => Kind::Invalid,
            Self::UnknownReference { .. } => Kind::NotFound,
            Self::NoOpenSession { .. }
            | Self::InsufficientCash { .. }
            | Self::ExceedsBalance { .. }
            | Self::AllocationExceedsOpen { .. } => Kind::Conflict,
        }
    }

    fn details(&self) -> Details {
        match self {
            Self::InvalidField { field: f, .. } | Self::UnknownReference { field: f } => {
                field(f.as_str())
            }
            Self::NoOpenSession { register } => vec![("cash_register_id", register.0.into())],
            Self::InsufficientCash {
                available,
                requested,
            } => vec![
                ("available", Detail::Money(*available)),
                ("requested", Detail::Money(*requested)),
            ],
            Self::ExceedsBalance { balance, requested } => vec![
                ("field", "amount".into()),
                ("balance", Detail::Money(*balance)),
                ("requested", Detail::Money(*requested)),
            ],
            Self::AllocationExceedsOpen {
                index,
                sale,
                open,
                requested,
            } => vec![
                ("field", format!("allocations[{index}].amount").into()),
                ("sale_id", sale.0.into()),
                ("open", Detail::Money(*open)),
                ("requested", Detail::Money(*requested)),
            ],
            Self::Overflow => Vec::new(),
        }
    }
}
