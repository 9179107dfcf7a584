//! Refusals of a cashier-session operation, each with a stable code. Nothing is written.

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
    #[error("amounts are too large")]
    Overflow,
}

impl SessionError {
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::InvalidField { .. } => "invalid_field",
            Self::AlreadyOpen { .. } => "session_already_open",
            Self::Closed { .. } => "session_closed",
            Self::Overflow => "amount_overflow",
        }
    }
}
