//! Writing staff: users and their changes, tokens issued and revoked, their last use, and
//! sign-ins (a good one clears the failure count; a failed one counts, may lock, and is logged).

use mizan_domain::{TokenId, UserId};

use super::{FailedSignIn, NewToken, NewUser, UserChanges, devices};
use crate::tx::{Tx, args};
use crate::write::Posting;
use crate::{ResourceKind, WriteError, Written};

type W = Result<Written, WriteError>;

pub(crate) fn create_user(p: &mut Posting<'_>, u: &NewUser) -> W {
    Ok(Written::created(
        ResourceKind::User,
        insert_user(p.tx, p.t, u)?,
    ))
}

/// Inserts a user (tenant creation makes its owner this way too).
pub(crate) fn insert_user(tx: &mut dyn Tx, t: i64, u: &NewUser) -> Result<i64, WriteError> {
    if tx.exists(
        "SELECT 1 FROM users WHERE tenant_id = $1 AND username = $2",
        args![t, &u.username],
    )? {
        return Err(WriteError::Conflict {
            code: "username_taken",
            message: format!("a user called {} already exists", u.username),
        });
    }
    let id = tx.insert_id(
        "INSERT INTO users (tenant_id, username, password_hash, role, language, created_at_ms)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        args![
            tenant_id = t,
            username = &u.username,
            password_hash = u.password_hash.as_deref(),
            role = &u.role,
            language = &u.language,
            created_at_ms = u.now_ms,
        ],
    )?;
    if !u.branches.is_empty() {
        devices::set_user_branches(tx, t, id, &u.branches)?;
    }
    Ok(id)
}

pub(crate) fn update_user(p: &mut Posting<'_>, user: UserId, c: &UserChanges) -> W {
    let changed = p.tx.execute(
        "UPDATE users SET
             role = COALESCE($3, role),
             language = COALESCE($4, language),
             active = COALESCE($5, active),
             password_hash = COALESCE($6, password_hash),
             failed_sign_ins = CASE WHEN CAST($6 AS TEXT) IS NULL THEN failed_sign_ins ELSE 0 END,
             locked_until_ms = CASE WHEN CAST($6 AS TEXT) IS NULL THEN locked_until_ms ELSE 0 END
         WHERE tenant_id = $1 AND id = $2",
        args![
            tenant_id = p.t,
            id = user.0,
            role = c.role.as_deref(),
            language = c.language.as_deref(),
            active = c.active,
            password_hash = c.password_hash.as_deref(),
        ],
    )?;
    if changed == 0 {
        return Err(WriteError::not_found("user"));
    }
    if let Some(branches) = &c.branches {
        devices::set_user_branches(p.tx, p.t, user.0, branches)?;
    }
    if c.password_hash.is_some() {
        // Whoever knew the old password is signed out of every browser; tills' API tokens
        // stay (revoke them one by one).
        p.tx.execute(
            "UPDATE tokens SET revoked_at_ms = $3
             WHERE tenant_id = $1 AND user_id = $2 AND kind = 'session'
               AND revoked_at_ms IS NULL",
            args![p.t, user.0, c.now_ms],
        )?;
    }
    Ok(Written::created(ResourceKind::User, user.0))
}

pub(crate) fn issue_token(p: &mut Posting<'_>, k: &NewToken) -> W {
    if !p.tx.exists(
        "SELECT 1 FROM users WHERE tenant_id = $1 AND id = $2",
        args![p.t, k.user.0],
    )? {
        return Err(WriteError::not_found("user"));
    }
    Ok(Written::created(
        ResourceKind::Token,
        insert_token(p.tx, p.t, k)?,
    ))
}

/// Inserts a token row (tenant creation issues the owner's first token this way too).
pub(crate) fn insert_token(tx: &mut dyn Tx, t: i64, k: &NewToken) -> Result<i64, WriteError> {
    Ok(tx.insert_id(
        "INSERT INTO tokens (tenant_id, user_id, token_hash, kind, label, created_at_ms,
                             expires_at_ms, device_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        args![
            tenant_id = t,
            user_id = k.user.0,
            token_hash = &k.token_hash,
            kind = k.kind.as_str(),
            label = &k.label,
            created_at_ms = k.now_ms,
            expires_at_ms = k.expires_at_ms,
            device_id = k.device.map(|d| d.0),
        ],
    )?)
}

/// Revokes a token (of `owner` only, when given). Revoking twice keeps the first time.
pub(crate) fn revoke_token(
    p: &mut Posting<'_>,
    token: TokenId,
    owner: Option<UserId>,
    now_ms: i64,
) -> W {
    let changed = p.tx.execute(
        "UPDATE tokens SET revoked_at_ms = COALESCE(revoked_at_ms, $4)
         WHERE tenant_id = $1 AND id = $2 AND (CAST($3 AS BIGINT) IS NULL OR user_id = $3)",
        args![p.t, token.0, owner.map(|u| u.0), now_ms],
    )?;
    if changed == 0 {
        return Err(WriteError::not_found("token"));
    }
    Ok(Written::created(ResourceKind::Token, token.0))
}

pub(crate) fn touch_token(p: &mut Posting<'_>, token: TokenId, now_ms: i64) -> W {
    p.tx.defer(
        "UPDATE tokens SET last_used_at_ms = $3 WHERE tenant_id = $1 AND id = $2",
        args![p.t, token.0, now_ms],
    )?;
    Ok(Written::created(ResourceKind::Token, token.0))
}

/// A good sign-in: the failure count and lock are cleared, a session or token is issued, and
/// the session it replaces (the browser's old cookie) is revoked.
pub(crate) fn signed_in(p: &mut Posting<'_>, k: &NewToken, replaces: Option<&str>) -> W {
    p.tx.defer(
        "UPDATE users SET failed_sign_ins = 0, locked_until_ms = 0
         WHERE tenant_id = $1 AND id = $2",
        args![p.t, k.user.0],
    )?;
    if let Some(old) = replaces {
        p.tx.defer(
            "UPDATE tokens SET revoked_at_ms = $4
             WHERE tenant_id = $1 AND user_id = $2 AND token_hash = $3
               AND revoked_at_ms IS NULL",
            args![p.t, k.user.0, old, k.now_ms],
        )?;
    }
    issue_token(p, k)
}

pub(crate) fn failed_sign_in(p: &mut Posting<'_>, f: &FailedSignIn) -> W {
    if let Some(user) = f.user {
        p.tx.defer(
            "UPDATE users SET
                 failed_sign_ins = failed_sign_ins + 1,
                 locked_until_ms = CASE WHEN failed_sign_ins + 1 >= $3 THEN $4
                                        ELSE locked_until_ms END
             WHERE tenant_id = $1 AND id = $2",
            args![p.t, user.0, f.lock_after, f.lock_until_ms],
        )?;
    }
    let id = p.tx.insert_id(
        "INSERT INTO security_events (tenant_id, at_ms, kind, username, client, detail,
                                      device_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        args![
            p.t,
            f.now_ms,
            f.kind,
            &f.username,
            &f.client,
            &f.detail,
            f.device.map(|d| d.0)
        ],
    )?;
    Ok(Written::created(ResourceKind::SecurityEvent, id))
}
