//! Answers about staff: users, tokens, sign-in, who am I, devices, the audit trail and the
//! security log.

use mizan_store as store;
use serde::Serialize;
use utoipa::ToSchema;

use super::{Percent, Timestamp};

#[derive(Debug, Serialize, ToSchema)]
pub struct User {
    pub id: i64,
    pub username: String,
    /// `owner`, `manager`, `cashier` or `accountant`.
    pub role: String,
    /// `ar`, `en` or `ru`.
    pub language: String,
    pub active: bool,
    pub has_password: bool,
    /// The branches the user works in; empty: every branch.
    pub branch_ids: Vec<i64>,
    /// Sign-ins are refused until then; `null` when not locked.
    #[schema(required)]
    pub locked_until: Option<Timestamp>,
    pub created_at: Timestamp,
}

impl From<&store::User> for User {
    fn from(u: &store::User) -> Self {
        Self {
            id: u.id.0,
            username: u.username.clone(),
            role: u.role.clone(),
            language: u.language.clone(),
            active: u.active,
            has_password: u.has_password,
            branch_ids: u.branches.iter().map(|b| b.0).collect(),
            locked_until: (u.locked_until_ms > 0).then(|| Timestamp::at(u.locked_until_ms)),
            created_at: Timestamp::at(u.created_at_ms),
        }
    }
}

/// An API token or a browser's sign-in session.
#[derive(Debug, Serialize, ToSchema)]
pub struct Token {
    pub id: i64,
    pub user_id: i64,
    pub username: String,
    /// `api` (a bearer token) or `session` (a browser's cookie).
    #[schema(pattern = "^(api|session)$")]
    pub kind: String,
    pub label: String,
    pub created_at: Timestamp,
    #[schema(required)]
    pub expires_at: Option<Timestamp>,
    #[schema(required)]
    pub revoked_at: Option<Timestamp>,
    #[schema(required)]
    pub last_used_at: Option<Timestamp>,
}

impl From<&store::Token> for Token {
    fn from(t: &store::Token) -> Self {
        Self {
            id: t.id.0,
            user_id: t.user_id.0,
            username: t.username.clone(),
            kind: t.kind.as_str().to_owned(),
            label: t.label.clone(),
            created_at: Timestamp::at(t.created_at_ms),
            expires_at: t.expires_at_ms.map(Timestamp::at),
            revoked_at: t.revoked_at_ms.map(Timestamp::at),
            last_used_at: t.last_used_at_ms.map(Timestamp::at),
        }
    }
}

/// A token just issued, with its secret: shown this once, never stored.
#[derive(Debug, Serialize, ToSchema)]
pub struct IssuedToken {
    #[serde(flatten)]
    pub record: Token,
    pub token: String,
}

/// A signed-in user: the user, their permissions, and (for `kind: token`) the token.
#[derive(Debug, Serialize, ToSchema)]
pub struct SignedIn {
    pub user: User,
    pub permissions: Vec<String>,
    #[schema(required)]
    pub expires_at: Option<Timestamp>,
    /// Only for `kind: token`; shown once.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub token: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SignedOut {
    pub signed_out: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TenantName {
    pub id: i64,
    pub name: String,
}

/// What the caller's role allows beyond its permissions.
#[derive(Debug, Serialize, ToSchema)]
pub struct Limits {
    /// The largest discount off a line, `null` for no limit.
    #[schema(required)]
    pub max_discount_percent: Option<Percent>,
    pub refunds_need_approval: bool,
}

/// Who the caller is.
#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    pub user: User,
    pub tenant: TenantName,
    pub permissions: Vec<String>,
    pub limits: Limits,
}

/// A till or PC registered to a branch.
#[derive(Debug, Serialize, ToSchema)]
pub struct Device {
    pub id: i64,
    pub branch_id: i64,
    pub name: String,
    pub registered_by: String,
    pub registered_at: Timestamp,
    #[schema(required)]
    pub revoked_at: Option<Timestamp>,
}

impl From<&store::Device> for Device {
    fn from(d: &store::Device) -> Self {
        Self {
            id: d.id.0,
            branch_id: d.branch_id.0,
            name: d.name.clone(),
            registered_by: d.registered_by.clone(),
            registered_at: Timestamp::at(d.registered_at_ms),
            revoked_at: d.revoked_at_ms.map(Timestamp::at),
        }
    }
}

/// A device just registered, with its credential: shown this once. A till app sends it as
/// `X-Mizan-Device`; a browser keeps it in the `mizan_device` cookie.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegisteredDevice {
    #[serde(flatten)]
    pub device: Device,
    pub credential: String,
}

/// Who did what, when; rows are sealed into the tenant's hash chain.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEntry {
    pub id: i64,
    pub at: Timestamp,
    #[schema(required)]
    pub user_id: Option<i64>,
    /// `operator` for the command line.
    pub username: String,
    /// `create_sale`, `close_session`, `sign_in`, ...
    pub action: String,
    pub resource_kind: String,
    pub resource_id: i64,
    #[schema(required)]
    pub device_id: Option<i64>,
    #[schema(required)]
    pub branch_id: Option<i64>,
    /// The permission a refusal named, the approver of an approved action, a discard's reason.
    pub detail: String,
    pub sealed: bool,
    /// The row's place in the tenant's hash chain; `null` until sealed.
    #[schema(required)]
    pub seq: Option<i64>,
}

impl From<&store::AuditEntry> for AuditEntry {
    fn from(e: &store::AuditEntry) -> Self {
        Self {
            id: e.id,
            at: Timestamp::at(e.at_ms),
            user_id: e.user_id.map(|u| u.0),
            username: e.username.clone(),
            action: e.action.clone(),
            resource_kind: e.resource_kind.clone(),
            resource_id: e.resource_id,
            device_id: e.device_id.map(|d| d.0),
            branch_id: e.branch_id.map(|b| b.0),
            detail: e.detail.clone(),
            sealed: e.seq.is_some(),
            seq: e.seq,
        }
    }
}

/// A failed or refused sign-in, or a lockout.
#[derive(Debug, Serialize, ToSchema)]
pub struct SecurityEvent {
    pub id: i64,
    pub at: Timestamp,
    /// `sign_in_failed`, `account_locked`, `sign_in_refused`, ...
    pub kind: String,
    pub username: String,
    pub client: String,
    pub detail: String,
    #[schema(required)]
    pub device_id: Option<i64>,
}

impl From<&store::SecurityEvent> for SecurityEvent {
    fn from(e: &store::SecurityEvent) -> Self {
        Self {
            id: e.id,
            at: Timestamp::at(e.at_ms),
            kind: e.kind.clone(),
            username: e.username.clone(),
            client: e.client.clone(),
            detail: e.detail.clone(),
            device_id: e.device_id.map(|d| d.0),
        }
    }
}
