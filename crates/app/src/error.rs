//! Errors of the use cases, each a [`Refusal`] with a stable code, a kind and details (or a
//! store failure, which is not a refusal).

use mizan_domain::refusal::{Details, Kind, Refusal, field};
use mizan_domain::staff::Permission;
use mizan_domain::{BranchId, DeviceId};
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
    #[error("too many failed sign-ins from this address: try again later")]
    TooManySignIns { retry_after_ms: i64 },
    #[error("branch {branch} is not one you work in")]
    WrongBranch {
        /// The device registered to that branch, when one was used.
        device: Option<DeviceId>,
        branch: BranchId,
    },
    #[error("sign in at a registered device: this shop allows no other")]
    DeviceNotRegistered,
    #[error("the approval was refused: {reason}")]
    ApprovalRefused { reason: &'static str },
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl AppError {
    #[must_use]
    pub fn invalid(field: &str, message: &str) -> Self {
        Self::Invalid {
            code: "invalid_field",
            field: field.to_owned(),
            message: message.to_owned(),
        }
    }
}

impl Refusal for AppError {
    fn code(&self) -> &'static str {
        match self {
            Self::Invalid { code, .. } | Self::Conflict { code, .. } => code,
            Self::NotFound { .. } => "not_found",
            Self::Forbidden { .. } => "forbidden",
            Self::InvalidCredentials { .. } => "invalid_credentials",
            Self::Locked { .. } => "account_locked",
            Self::TooManySignIns { .. } => "too_many_sign_ins",
            Self::WrongBranch { .. } => "wrong_branch",
            Self::DeviceNotRegistered => "device_not_registered",
            Self::ApprovalRefused { .. } => "approval_refused",
            Self::Write(e) => e.code(),
            Self::Store(_) => "internal",
        }
    }

    fn kind(&self) -> Kind {
        match self {
            Self::Invalid { .. } => Kind::Invalid,
            Self::NotFound { .. } => Kind::NotFound,
            Self::Conflict { .. } | Self::Store(_) => Kind::Conflict,
            Self::Forbidden { .. }
            | Self::WrongBranch { .. }
            | Self::DeviceNotRegistered
            | Self::ApprovalRefused { .. } => Kind::Forbidden,
            Self::InvalidCredentials { .. } => Kind::Unauthenticated,
            Self::Locked { .. } | Self::TooManySignIns { .. } => Kind::Throttled,
            Self::Write(e) => e.kind(),
        }
    }

    fn details(&self) -> Details {
        let seconds = |ms: i64| (ms.max(0) + 999) / 1000;
        match self {
            Self::Invalid { field: f, .. } => field(f.as_str()),
            Self::NotFound { what } => field(*what),
            Self::Forbidden { permission } => vec![("permission", permission.as_str().into())],
            Self::InvalidCredentials { retry_after_ms } if *retry_after_ms > 0 => {
                vec![("retry_after_seconds", seconds(*retry_after_ms).into())]
            }
            Self::Locked { retry_after_ms } | Self::TooManySignIns { retry_after_ms } => {
                vec![(
                    "retry_after_seconds",
                    seconds(*retry_after_ms).max(1).into(),
                )]
            }
            Self::WrongBranch { device, branch } => {
                let mut d = vec![("branch_id", branch.0.into())];
                if let Some(device) = device {
                    d.push(("device_id", device.0.into()));
                }
                d
            }
            Self::ApprovalRefused { .. } => field("approval"),
            Self::Write(e) => e.details(),
            Self::InvalidCredentials { .. }
            | Self::Conflict { .. }
            | Self::DeviceNotRegistered
            | Self::Store(_) => Vec::new(),
        }
    }
}
