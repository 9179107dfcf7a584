//! The audit trail in the store: who did what, appended with every write in its own
//! transaction, then sealed into a per-tenant hash chain in order by the sealer (the only one
//! that locks the chain's head), listed, and verified by `check`.

pub(crate) mod read;
pub(crate) mod write;

use mizan_domain::UserId;

/// Who a write is done by, and when it was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    /// `None` for the operator (the CLI) and the system.
    pub user: Option<UserId>,
    pub username: String,
    pub at_ms: i64,
}

impl Author {
    /// The operator, who holds the database itself (the CLI, the demo, the system).
    #[must_use]
    pub fn operator(at_ms: i64) -> Self {
        Self {
            user: None,
            username: "operator".to_owned(),
            at_ms,
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
    /// The row's place in the sealed chain; `None` until sealed.
    pub seq: Option<i64>,
}
