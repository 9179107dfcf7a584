//! Staff in the store: users with their roles, tokens (API tokens and browser sign-in
//! sessions), sign-in bookkeeping (failed attempts, lockout) and security events.

pub(crate) mod devices;
pub(crate) mod read;
pub(crate) mod write;

use mizan_domain::{BranchId, DeviceId, TokenId, UserId};

pub use devices::{Device, NewDevice};

/// A staff user as the store keeps it (the password hash stays in the store but for sign-in).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: UserId,
    pub username: String,
    /// The name of the user's role (`owner`, `manager`, `cashier`, `accountant`).
    pub role: String,
    /// `ar`, `en` or `ru`.
    pub language: String,
    pub active: bool,
    /// Consecutive failed sign-ins since the last good one.
    pub failed_sign_ins: i64,
    /// Sign-ins are refused until then (0: not locked).
    pub locked_until_ms: i64,
    pub has_password: bool,
    pub created_at_ms: i64,
    /// The branches the user works in; empty: every branch.
    pub branches: Vec<BranchId>,
}

/// What `sign_in` needs: the user and the stored password hash.
#[derive(Debug, Clone)]
pub struct SignInRecord {
    pub user: User,
    pub password_hash: Option<String>,
}

/// An API token (bearer, for tills and scripts) or a browser's sign-in session (a cookie).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Api,
    Session,
}

impl TokenKind {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Api => "api",
            Self::Session => "session",
        }
    }

    fn parse(s: &str) -> Self {
        if s == "session" {
            Self::Session
        } else {
            Self::Api
        }
    }
}

/// A token as it is listed (its secret is never stored, only its hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub id: TokenId,
    pub user_id: UserId,
    pub username: String,
    pub kind: TokenKind,
    pub label: String,
    pub created_at_ms: i64,
    pub expires_at_ms: Option<i64>,
    pub revoked_at_ms: Option<i64>,
    pub last_used_at_ms: Option<i64>,
    /// The registered device the token was signed in at.
    pub device_id: Option<DeviceId>,
}

/// Who a presented token belongs to: the token (unrevoked) and its active user.
#[derive(Debug, Clone)]
pub struct TokenOwner {
    pub token: Token,
    pub user: User,
    /// The branch of the token's device (whose revocation ends the token).
    pub device_branch: Option<BranchId>,
}

/// A new user (the password already hashed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    pub username: String,
    pub password_hash: Option<String>,
    pub role: String,
    pub language: String,
    /// The branches the user is limited to; empty: every branch.
    pub branches: Vec<BranchId>,
    pub now_ms: i64,
}

/// Changes to a user; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserChanges {
    pub role: Option<String>,
    pub language: Option<String>,
    pub active: Option<bool>,
    pub password_hash: Option<String>,
    /// The branches the user is limited to (empty: every branch).
    pub branches: Option<Vec<BranchId>>,
    /// When the change is made: a new password ends the user's browser sessions then.
    pub now_ms: i64,
}

/// A new token for `user` (its hash; the secret is shown once by the caller).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewToken {
    pub user: UserId,
    pub token_hash: String,
    pub kind: TokenKind,
    pub label: String,
    pub expires_at_ms: Option<i64>,
    /// The registered device it is signed in at.
    pub device: Option<DeviceId>,
    pub now_ms: i64,
}

/// A failed sign-in: counted against the user (when there is one), locking the account once
/// `lock_after` failures in a row are reached, and logged as a security event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailedSignIn {
    pub user: Option<UserId>,
    pub username: String,
    pub client: String,
    /// The device the attempt came from, when it presented a registered one.
    pub device: Option<DeviceId>,
    /// `sign_in_failed`, `account_locked`, `wrong_branch`, `device_not_registered`, ...
    pub kind: &'static str,
    pub detail: String,
    pub lock_after: i64,
    pub lock_until_ms: i64,
    pub now_ms: i64,
}

/// A logged security event (failed and refused sign-ins, lockouts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityEvent {
    pub id: i64,
    pub at_ms: i64,
    pub kind: String,
    pub username: String,
    pub client: String,
    pub detail: String,
    pub device_id: Option<DeviceId>,
}
