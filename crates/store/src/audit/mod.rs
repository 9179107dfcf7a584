//! The audit trail in the store: who did what, appended with every write in its own
//! transaction, then sealed into a per-tenant hash chain in order by the sealer (the only one
//! that locks the chain's head), listed, and verified by `check`.

pub(crate) mod read;
pub(crate) mod write;

use mizan_domain::{BranchId, DeviceId, UserId};

/// Who a write is done by, and when it was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    /// `None` for the operator (the CLI) and the system.
    pub user: Option<UserId>,
    pub username: String,
    pub at_ms: i64,
    /// The registered device the author works at, and its branch.
    pub device: Option<DeviceId>,
    pub branch: Option<BranchId>,
    /// What else the write's row says (e.g. `approved by sara`).
    pub detail: String,
}

impl Author {
    /// The operator, who holds the database itself (the CLI, the demo, the system).
    #[must_use]
    pub fn operator(at_ms: i64) -> Self {
        Self::user(None, "operator", at_ms)
    }

    /// User `user` (named `username`) at no registered device.
    #[must_use]
    pub fn user(user: Option<UserId>, username: &str, at_ms: i64) -> Self {
        Self {
            user,
            username: username.to_owned(),
            at_ms,
            device: None,
            branch: None,
            detail: String::new(),
        }
    }
}

/// One row of the audit trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: i64,
    pub at_ms: i64,
    pub user_id: Option<UserId>,
    pub username: String,
    pub action: String,
    pub resource_kind: String,
    pub resource_id: i64,
    pub device_id: Option<DeviceId>,
    pub branch_id: Option<BranchId>,
    pub detail: String,
    /// The row's place in the sealed chain; `None` until sealed.
    pub seq: Option<i64>,
}
