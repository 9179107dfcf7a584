//! Refusals of a cashier-session operation, each with a stable code. Nothing is written.

use crate::refusal::{Detail, Details, Kind, Refusal, field};
use crate::{CashRegisterId, CashierSessionId};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SessionError {
    #[error("{field}: {reason}")]
    InvalidField { field: String, reason: String },
    #[error("cash register {register} already has open cashier session {session}")]
    AlreadyOpen {
        register: CashRegisterId,
        session: CashierSessionId,
    },
    #[error("cashier session {session} is closed")]
    Closed { session: CashierSessionId },
    #[error("the drawer holds {available} and cannot pay out {requested}")]
    InsufficientCash { available: i64, requested: i64 },
    #[error("amounts are too large")]
    Overflow,
}

impl Refusal for SessionError {
    fn code(&self) -> &'static str {
        match self {
            Self::InvalidField { .. } => "invalid_field",
            Self::AlreadyOpen { .. } => "session_already_open",
            Self::Closed { .. } => "session_closed",
            Self::InsufficientCash { .. } => "insufficient_cash",
            Self::Overflow => "amount_overflow",
        }
    }

    fn kind(&self) -> Kind {
        match self {
            Self::InvalidField { .. } | Self::Overflow => Kind::Invalid,
            Self::AlreadyOpen { .. } | Self::Closed { .. } | Self::InsufficientCash { .. } => {
                Kind::Conflict
            }
        }
    }

    fn details(&self) -> Details {
        match self {
            Self::InvalidField { field: f, .. } => field(f.as_str()),
            Self::AlreadyOpen { register, session } => vec![
                ("cash_register_id", register.0.into()),
                ("cashier_session_id", session.0.into()),
            ],
            Self::Closed { session } => vec![("cashier_session_id", session.0.into())],
            Self::InsufficientCash {
                available,
                requested,
            } => vec![
                ("available", Detail::Money(*available)),
                ("requested", Detail::Money(*requested)),
            ],
            Self::Overflow => Vec::new(),
        }
    }
}
