//! Errors of the use cases, each with a stable code.

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
            Self::Invalid { code, .. } => code,
            Self::Write(e) => e.code(),
            Self::Store(_) => "internal",
        }
    }
}
