//! The café's refusals: a malformed session, plan or split; a bill already merged or settled;
//! a payment beyond what a bill has open; a station already playing or a session already
//! stopped; an order past voiding; stock short for a served item.

use crate::refusal::{Detail, Details, Kind, Refusal, field, shortage};
use crate::{CashRegisterId, ProductId, WarehouseId};

/// A refusal of something done on the café floor.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CafeError {
    #[error("{field}: {reason}")]
    InvalidField { field: String, reason: String },
    #[error("amounts are too large")]
    Overflow,
    #[error("bill {bill} was merged into {into}")]
    BillMerged { bill: String, into: String },
    #[error("bill {bill} is settled and closed")]
    BillClosed { bill: String },
    #[error("bill {bill} has {remaining} open; {requested} is more")]
    PaymentExceedsRemaining {
        bill: String,
        remaining: i64,
        requested: i64,
    },
    #[error("station {station} is already playing")]
    StationBusy { station: String },
    #[error("{place} has a guest's bill open or a session playing")]
    PlaceInUse { place: String },
    #[error("{place} is retired")]
    PlaceRetired { place: String },
    #[error("the session was stopped")]
    SessionStopped,
    #[error("the order was {status}")]
    OrderNotPending { status: String },
    #[error("not enough {product_code} in warehouse {warehouse}")]
    InsufficientStock {
        product: ProductId,
        product_code: String,
        warehouse: WarehouseId,
        available: i64,
        requested: i64,
    },
    #[error("cash register {register} has no open cashier session")]
    NoOpenSession { register: CashRegisterId },
    #[error("{product_code} has no cost")]
    ProductWithoutCost {
        product: ProductId,
        product_code: String,
    },
}

impl Refusal for CafeError {
    fn code(&self) -> &'static str {
        match self {
            Self::InvalidField { .. } => "invalid_field",
            Self::Overflow => "amount_overflow",
            Self::BillMerged { .. } => "bill_merged",
            Self::BillClosed { .. } => "bill_closed",
            Self::PaymentExceedsRemaining { .. } => "payment_exceeds_remaining",
            Self::StationBusy { .. } => "station_busy",
            Self::PlaceInUse { .. } => "place_in_use",
            Self::PlaceRetired { .. } => "place_retired",
            Self::SessionStopped => "session_stopped",
            Self::OrderNotPending { .. } => "order_not_pending",
            Self::InsufficientStock { .. } => "insufficient_stock",
            Self::ProductWithoutCost { .. } => "product_without_cost",
            Self::NoOpenSession { .. } => "no_open_session",
        }
    }

    fn kind(&self) -> Kind {
        match self {
            Self::InvalidField { .. } | Self::Overflow => Kind::Invalid,
            _ => Kind::Conflict,
        }
    }

    fn details(&self) -> Details {
        match self {
            Self::InvalidField { field: f, .. } => field(f.as_str()),
            Self::Overflow | Self::SessionStopped => Vec::new(),
            Self::BillMerged { bill, into } => vec![
                ("bill", bill.as_str().into()),
                ("merged_into", into.as_str().into()),
            ],
            Self::BillClosed { bill } => vec![("bill", bill.as_str().into())],
            Self::PaymentExceedsRemaining {
                bill,
                remaining,
                requested,
            } => vec![
                ("bill", bill.as_str().into()),
                ("remaining", Detail::Money(*remaining)),
                ("requested", Detail::Money(*requested)),
            ],
            Self::StationBusy { station } => vec![("station", station.as_str().into())],
            Self::PlaceInUse { place } | Self::PlaceRetired { place } => {
                vec![("place", place.as_str().into())]
            }
            Self::OrderNotPending { status } => vec![("status", status.as_str().into())],
            Self::InsufficientStock {
                product,
                product_code,
                warehouse,
                available,
                requested,
            } => shortage(
                Vec::new(),
                *product,
                product_code,
                *warehouse,
                *available,
                *requested,
            ),
            Self::ProductWithoutCost {
                product,
                product_code,
            } => vec![
                ("product_id", product.0.into()),
                ("product_code", product_code.as_str().into()),
            ],
            Self::NoOpenSession { register } => vec![("cash_register_id", register.0.into())],
        }
    }
}

pub(super) fn invalid(field: &str, reason: &str) -> CafeError {
    CafeError::InvalidField {
        field: field.to_owned(),
        reason: reason.to_owned(),
    }
}
