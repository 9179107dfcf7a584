//! Errors of the use cases, each with a stable code.

use mizan_domain::staff::Permission;
use mizan_store::{StoreError, WriteError};

/// A refused or failed use case.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{field}: {message}")]
    Invalid {
        code: &'static str,
        field: String,
        message: String,
    },
    #[error("{what} does not exist")]
    NotFound { what: &'static str },
    #[error("{message}")]
    Conflict { code: &'static str, message: String },
    #[error("this needs the permission {permission}")]
    Forbidden { permission: Permission },
    #[error("wrong user name or password")]
    InvalidCredentials {
        /// How long the account must wait before the next try (0: no wait).
        retry_after_ms: i64,
    },
    #[error("too many failed sign-ins: try again later")]
    Locked { retry_after_ms: i64 },
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl AppError {
    pub(crate) fn invalid(field: &str, message: &str) -> Self {
        Self::Invalid {
            code: "invalid_field",
            field: field.to_owned(),
            message: message.to_owned(),
        }
    }

    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::Invalid { code, .. } | Self::Conflict { code, .. } => code,
            Self::NotFound { .. } => "not_found",
            Self::Forbidden { .. } => "forbidden",
            Self::InvalidCredentials { .. } => "invalid_credentials",
            Self::Locked { .. } => "account_locked",
            Self::Write(e) => e.code(),
            Self::Store(_) => "internal",
        }
    }
}
