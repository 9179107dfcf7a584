//! Reading staff: users, one user's sign-in record, tokens, who a token belongs to, and the
//! security log.

use mizan_domain::{BranchId, DeviceId, TenantId, TokenId, UserId};

use super::{SecurityEvent, SignInRecord, Token, TokenKind, TokenOwner, User, devices};
use crate::tx::{Row, Tx, args};
use crate::{StoreError, TenantScope};

type R<T> = Result<T, StoreError>;

const USER: &str = "SELECT u.id, u.username, u.role, u.language, u.active, u.failed_sign_ins,
            u.locked_until_ms, u.password_hash, u.created_at_ms
     FROM users u";

fn user_row(r: &dyn Row) -> R<User> {
    Ok(User {
        id: UserId(r.i64(0)?),
        username: r.text(1)?,
        role: r.text(2)?,
        language: r.text(3)?,
        active: r.bool(4)?,
        failed_sign_ins: r.i64(5)?,
        locked_until_ms: r.i64(6)?,
        has_password: r.opt_text(7)?.is_some(),
        created_at_ms: r.i64(8)?,
        branches: Vec::new(),
    })
}

const TOKEN: &str = "SELECT k.id, k.user_id, u.username, k.kind, k.label, k.created_at_ms,
            k.expires_at_ms, k.revoked_at_ms, k.last_used_at_ms, k.device_id
     FROM tokens k JOIN users u ON u.tenant_id = k.tenant_id AND u.id = k.user_id";

fn token_row(r: &dyn Row, at: usize) -> R<Token> {
    Ok(Token {
        id: TokenId(r.i64(at)?),
        user_id: UserId(r.i64(at + 1)?),
        username: r.text(at + 2)?,
        kind: TokenKind::parse(&r.text(at + 3)?),
        label: r.text(at + 4)?,
        created_at_ms: r.i64(at + 5)?,
        expires_at_ms: r.opt_i64(at + 6)?,
        revoked_at_ms: r.opt_i64(at + 7)?,
        last_used_at_ms: r.opt_i64(at + 8)?,
        device_id: r.opt_i64(at + 9)?.map(DeviceId),
    })
}

/// Fills in each user's branches.
fn with_branches(tx: &mut dyn Tx, s: TenantScope, mut users: Vec<User>) -> R<Vec<User>> {
    if users.is_empty() {
        return Ok(users);
    }
    let one = match users.as_slice() {
        [u] => Some(u.id),
        _ => None,
    };
    for (user, branch) in devices::user_branches(tx, s, one)? {
        if let Some(u) = users.iter_mut().find(|u| u.id == user) {
            u.branches.push(branch);
        }
    }
    Ok(users)
}

pub(crate) fn users(tx: &mut dyn Tx, s: TenantScope) -> R<Vec<User>> {
    let users = tx.rows(
        &format!("{USER} WHERE u.tenant_id = $1 ORDER BY u.id"),
        args![s.id()],
        user_row,
    )?;
    with_branches(tx, s, users)
}

pub(crate) fn user(tx: &mut dyn Tx, s: TenantScope, id: UserId) -> R<Option<User>> {
    let user = tx.opt(
        &format!("{USER} WHERE u.tenant_id = $1 AND u.id = $2"),
        args![s.id(), id.0],
        user_row,
    )?;
    Ok(with_branches(tx, s, user.into_iter().collect())?.pop())
}

/// Tenant `tenant`'s scope, when it exists, and its user `username` with their password hash:
/// signing in is how a person gets a scope.
pub(crate) fn sign_in_record(
    tx: &mut dyn Tx,
    tenant: TenantId,
    username: &str,
) -> R<Option<(TenantScope, Option<SignInRecord>)>> {
    if !tx.exists("SELECT 1 FROM tenants WHERE id = $1", args![tenant.0])? {
        return Ok(None);
    }
    let s = TenantScope::new(tenant);
    let record = tx.opt(
        &format!("{USER} WHERE u.tenant_id = $1 AND u.username = $2"),
        args![tenant.0, username],
        |r| {
            Ok(SignInRecord {
                user: user_row(r)?,
                password_hash: r.opt_text(7)?,
            })
        },
    )?;
    let record = match record {
        Some(mut r) => {
            r.user = with_branches(tx, s, vec![r.user])?
                .pop()
                .ok_or_else(|| StoreError::Corrupt("a user vanished in a read".into()))?;
            Some(r)
        }
        None => None,
    };
    Ok(Some((s, record)))
}

/// Tokens newest first, of one user when asked; at most 500.
pub(crate) fn tokens(tx: &mut dyn Tx, s: TenantScope, user: Option<UserId>) -> R<Vec<Token>> {
    tx.rows(
        &format!(
            "{TOKEN} WHERE k.tenant_id = $1 AND (CAST($2 AS BIGINT) IS NULL OR k.user_id = $2)
             ORDER BY k.id DESC LIMIT 500"
        ),
        args![s.id(), user.map(|u| u.0)],
        |r| token_row(r, 0),
    )
}

/// The unrevoked token with this hash and its active user; expiry is the caller's rule.
pub(crate) fn authenticate(
    tx: &mut dyn Tx,
    token_hash: &str,
) -> R<Option<(TenantScope, TokenOwner)>> {
    tx.opt(
        "SELECT u.id, u.username, u.role, u.language, u.active, u.failed_sign_ins,
                u.locked_until_ms, u.password_hash, u.created_at_ms,
                k.id, k.user_id, u.username, k.kind, k.label, k.created_at_ms,
                k.expires_at_ms, k.revoked_at_ms, k.last_used_at_ms, k.device_id, k.tenant_id,
                d.branch_id
         FROM tokens k JOIN users u ON u.tenant_id = k.tenant_id AND u.id = k.user_id
         LEFT JOIN devices d ON d.tenant_id = k.tenant_id AND d.id = k.device_id
         WHERE k.token_hash = $1 AND k.revoked_at_ms IS NULL AND u.active = $2
           AND (k.device_id IS NULL OR d.revoked_at_ms IS NULL)",
        args![token_hash, true],
        |r| {
            Ok((
                TenantScope::new(TenantId(r.i64(19)?)),
                TokenOwner {
                    user: user_row(r)?,
                    token: token_row(r, 9)?,
                    device_branch: r.opt_i64(20)?.map(BranchId),
                },
            ))
        },
    )
}

/// Security events newest first, below `before` when given, at most `limit`.
pub(crate) fn security_events(
    tx: &mut dyn Tx,
    s: TenantScope,
    limit: i64,
    before: Option<i64>,
) -> R<Vec<SecurityEvent>> {
    tx.rows(
        "SELECT id, at_ms, kind, username, client, detail, device_id FROM security_events
         WHERE tenant_id = $1 AND (CAST($2 AS BIGINT) IS NULL OR id < $2) ORDER BY id DESC LIMIT $3",
        args![s.id(), before, limit],
        |r| {
            Ok(SecurityEvent {
                id: r.i64(0)?,
                at_ms: r.i64(1)?,
                kind: r.text(2)?,
                username: r.text(3)?,
                client: r.text(4)?,
                detail: r.text(5)?,
                device_id: r.opt_i64(6)?.map(DeviceId),
            })
        },
    )
}

/// Token `id` of the tenant.
pub(crate) fn token(tx: &mut dyn Tx, s: TenantScope, id: TokenId) -> R<Option<Token>> {
    tx.opt(
        &format!("{TOKEN} WHERE k.tenant_id = $1 AND k.id = $2"),
        args![s.id(), id.0],
        |r| token_row(r, 0),
    )
}
