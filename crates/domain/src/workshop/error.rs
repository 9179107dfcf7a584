//! The workshop's refusals: a malformed measure, a fabric short in a warehouse (naming the
//! fabric, the warehouse, what is available and what was asked), no roll long enough for a cut,
//! and a cutting item asked to do what its state does not allow.

use crate::refusal::{Detail, Details, Kind, Refusal, field, shortage};
use crate::{ProductId, WarehouseId};

/// A refusal of something done in the workshop.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkshopError {
    #[error("{field}: {reason}")]
    InvalidField { field: String, reason: String },
    #[error("amounts are too large")]
    Overflow,
    #[error("not enough {product_code} in warehouse {warehouse}")]
    InsufficientStock {
        product: ProductId,
        product_code: String,
        warehouse: WarehouseId,
        available: i64,
        requested: i64,
    },
    #[error("no roll of {product_code} holds {requested} in one piece")]
    NoRollLongEnough {
        product_code: String,
        warehouse: WarehouseId,
        /// The longest piece any roll has left.
        longest: i64,
        requested: i64,
    },
    #[error("roll {roll} has {remaining} left, less than {requested}")]
    RollTooShort {
        roll: String,
        remaining: i64,
        requested: i64,
    },
    #[error("{product_code} is not kept in rolls")]
    NotInRolls { product_code: String },
    #[error("{product_code} is kept in rolls: {reason}")]
    KeptInRolls {
        product_code: String,
        reason: &'static str,
    },
    #[error("the installation is {state}: it cannot go to {to}")]
    InstallState {
        state: &'static str,
        to: &'static str,
    },
    #[error("the cutting item is {state}: it cannot be {action}")]
    ItemState {
        state: &'static str,
        action: &'static str,
    },
}

impl Refusal for WorkshopError {
    fn code(&self) -> &'static str {
        match self {
            Self::InvalidField { .. } => "invalid_field",
            Self::Overflow => "amount_overflow",
            Self::InsufficientStock { .. } => "insufficient_stock",
            Self::NoRollLongEnough { .. } => "no_roll_long_enough",
            Self::RollTooShort { .. } => "roll_too_short",
            Self::ItemState { .. } => "cutting_item_state",
            Self::InstallState { .. } => "installation_state",
            Self::NotInRolls { .. } => "not_kept_in_rolls",
            Self::KeptInRolls { .. } => "kept_in_rolls",
        }
    }

    fn kind(&self) -> Kind {
        match self {
            Self::InvalidField { .. }
            | Self::Overflow
            | Self::NotInRolls { .. }
            | Self::KeptInRolls { .. } => Kind::Invalid,
            _ => Kind::Conflict,
        }
    }

    fn details(&self) -> Details {
        match self {
            Self::InvalidField { field: f, .. } => field(f.as_str()),
            Self::Overflow => Vec::new(),
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
            Self::NoRollLongEnough {
                product_code,
                warehouse,
                longest,
                requested,
            } => vec![
                ("product_code", product_code.as_str().into()),
                ("warehouse_id", warehouse.0.into()),
                ("available", Detail::Qty(*longest)),
                ("requested", Detail::Qty(*requested)),
            ],
            Self::RollTooShort {
                roll,
                remaining,
                requested,
            } => vec![
                ("roll", roll.as_str().into()),
                ("available", Detail::Qty(*remaining)),
                ("requested", Detail::Qty(*requested)),
            ],
            Self::NotInRolls { product_code } | Self::KeptInRolls { product_code, .. } => {
                vec![("product_code", product_code.as_str().into())]
            }
            Self::InstallState { state, to } => {
                vec![("status", (*state).into()), ("to", (*to).into())]
            }
            Self::ItemState { state, action } => {
                vec![("status", (*state).into()), ("action", (*action).into())]
            }
        }
    }
}

pub(super) fn invalid(field: &str, reason: &str) -> WorkshopError {
    WorkshopError::InvalidField {
        field: field.to_owned(),
        reason: reason.to_owned(),
    }
}
