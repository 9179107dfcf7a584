//! Staff over HTTP: signing in and out, who am I, users (owner only), tokens (one's own; the
//! owner's anyone's) and the security log.

use std::sync::Arc;

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, Request, State};
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use mizan_app::{Mizan, NewStaff, SignIn, StaffChanges, TokenRequest, perm};
use mizan_domain::calendar::rfc3339;
use mizan_domain::staff::Permission;
use mizan_domain::{BranchId, TenantId, TokenId, UserId};
use mizan_store::{AuditEntry, SecurityEvent, Token, TokenKind, User};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::ApiError;
use crate::auth::{Auth, SESSION_COOKIE, cookie, same_origin};
use crate::http::HttpConfig;
use crate::json::{BeforeQuery, Id, WriteRequest, parse_json, read_body};

fn user(u: &User) -> Value {
    json!({
        "id": u.id, "username": u.username, "role": u.role, "language": u.language,
        "active": u.active, "has_password": u.has_password, "branch_ids": u.branches,
        "locked_until": (u.locked_until_ms > 0).then(|| rfc3339(u.locked_until_ms)),
        "created_at": rfc3339(u.created_at_ms),
    })
}

fn token(t: &Token) -> Value {
    json!({
        "id": t.id, "user_id": t.user_id, "username": t.username, "kind": t.kind.as_str(),
        "label": t.label, "created_at": rfc3339(t.created_at_ms),
        "expires_at": t.expires_at_ms.map(rfc3339),
        "revoked_at": t.revoked_at_ms.map(rfc3339),
        "last_used_at": t.last_used_at_ms.map(rfc3339),
    })
}

fn audit(e: &AuditEntry) -> Value {
    json!({
        "id": e.id, "at": rfc3339(e.at_ms), "user_id": e.user_id, "username": e.username,
        "action": e.action, "resource_kind": e.resource_kind, "resource_id": e.resource_id,
        "device_id": e.device_id, "branch_id": e.branch_id, "detail": e.detail,
        "sealed": e.seq.is_some(), "seq": e.seq,
    })
}

fn event(e: &SecurityEvent) -> Value {
    json!({
        "id": e.id, "at": rfc3339(e.at_ms), "kind": e.kind, "username": e.username,
        "client": e.client, "detail": e.detail, "device_id": e.device_id,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LoginBody {
    tenant_id: Option<i64>,
    username: String,
    password: String,
    /// `session` (a browser cookie, the default) or `token` (for a till).
    kind: Option<String>,
    label: Option<String>,
}

fn session_cookie(value: &str, max_age_s: i64, secure: bool) -> Result<HeaderValue, ApiError> {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={value}; HttpOnly; SameSite=Lax; Path=/; Max-Age={max_age_s}{secure}"
    ))
    .map_err(|e| ApiError::internal(&e))
}

/// `POST /auth/login`: a session cookie for a browser, or a token for a till.
pub async fn login(State(app): State<Arc<Mizan>>, req: Request) -> Result<Response, ApiError> {
    let (parts, body) = req.into_parts();
    let http = parts
        .extensions
        .get::<Arc<HttpConfig>>()
        .cloned()
        .unwrap_or_default();
    let browser =
        parts.headers.contains_key("origin") || parts.headers.contains_key("sec-fetch-site");
    if browser {
        same_origin(&parts)?;
    }
    let b: LoginBody = parse_json(&read_body(&parts, body).await?)?;
    let kind = match b.kind.as_deref() {
        None | Some("session") => TokenKind::Session,
        Some("token") => TokenKind::Api,
        Some(_) => return Err(ApiError::invalid("kind", "session or token")),
    };
    let signed = app
        .sign_in(SignIn {
            tenant: b.tenant_id.map(TenantId),
            username: b.username,
            password: b.password,
            kind,
            label: b.label.unwrap_or_default(),
            client: http
                .client(&parts)
                .map(|ip| ip.to_string())
                .unwrap_or_default(),
            replaces: cookie(&parts, SESSION_COOKIE).map(str::to_owned),
            device: super::devices::credential(&parts),
        })
        .await?;
    let me = app.me(&signed.actor).await?;
    let mut body = json!({
        "user": user(&me),
        "permissions": permissions(&signed.actor),
        "expires_at": signed.expires_at_ms.map(rfc3339),
    });
    if kind == TokenKind::Api {
        body["token"] = json!(signed.token);
        return Ok(Json(body).into_response());
    }
    let max_age = mizan_app::SESSION_TTL_MS / 1000;
    let mut res = Json(body).into_response();
    res.headers_mut().insert(
        SET_COOKIE,
        session_cookie(&signed.token, max_age, http.secure_cookies())?,
    );
    Ok(res)
}

fn permissions(actor: &mizan_app::Actor) -> Vec<&'static str> {
    Permission::ALL
        .iter()
        .filter(|p| actor.can(**p))
        .map(|p| p.as_str())
        .collect()
}

/// `POST /auth/logout`: ends the session (or revokes the token used) and clears the cookie.
pub async fn logout(State(app): State<Arc<Mizan>>, auth: Auth) -> Result<Response, ApiError> {
    app.sign_out(&auth.actor).await?;
    let mut res = Json(json!({ "signed_out": true })).into_response();
    res.headers_mut()
        .insert(SET_COOKIE, session_cookie("", 0, false)?);
    Ok(res)
}

/// `GET /me`: who the caller is, with their permissions and limits.
pub async fn me(State(app): State<Arc<Mizan>>, auth: Auth) -> Result<Json<Value>, ApiError> {
    let me = app.me(&auth.actor).await?;
    let limits = auth.actor.role.limits;
    Ok(Json(json!({
        "user": user(&me),
        "tenant": { "id": auth.tenant.id, "name": auth.tenant.name },
        "permissions": permissions(&auth.actor),
        "limits": {
            "max_discount_percent": limits.max_discount_bp.map(|bp| mizan_domain::decimal::format_scaled(bp, 2)),
            "refunds_need_approval": limits.refunds_need_approval,
        },
    })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewUserBody {
    username: String,
    password: Option<String>,
    role: String,
    language: Option<String>,
    /// The branches the user works in (none: every branch).
    branch_ids: Option<Vec<i64>>,
}

fn branches(ids: Option<Vec<i64>>) -> Option<Vec<BranchId>> {
    ids.map(|ids| ids.into_iter().map(BranchId).collect())
}

pub async fn create_user(
    State(app): State<Arc<Mizan>>,
    req: WriteRequest<perm::UsersManage>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let b: NewUserBody = req.parse()?;
    let s = NewStaff {
        username: b.username,
        password: b.password,
        role: b.role,
        language: b.language,
        branches: branches(b.branch_ids).unwrap_or_default(),
    };
    let u = app
        .create_user(req.auth.grant(), req.idempotency.clone(), s)
        .await?;
    Ok((StatusCode::CREATED, Json(user(&u))))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UserChangesBody {
    role: Option<String>,
    language: Option<String>,
    active: Option<bool>,
    password: Option<String>,
    branch_ids: Option<Vec<i64>>,
}

pub async fn update_user(
    State(app): State<Arc<Mizan>>,
    Id(id): Id,
    req: WriteRequest<perm::UsersManage>,
) -> Result<Json<Value>, ApiError> {
    let b: UserChangesBody = req.parse()?;
    let c = StaffChanges {
        role: b.role,
        language: b.language,
        active: b.active,
        password: b.password,
        branches: branches(b.branch_ids),
    };
    let u = app
        .update_user(req.auth.grant(), req.idempotency.clone(), UserId(id), c)
        .await?;
    Ok(Json(user(&u)))
}

pub async fn list_users(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::UsersManage>,
) -> Result<Json<Value>, ApiError> {
    let all = app.users(auth.grant()).await?;
    Ok(Json(Value::Array(all.iter().map(user).collect())))
}

pub async fn get_user(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::UsersManage>,
    Id(id): Id,
) -> Result<Json<Value>, ApiError> {
    Ok(Json(user(&app.user(auth.grant(), UserId(id)).await?)))
}

#[derive(Deserialize)]
pub struct TokenFilter {
    user_id: Option<i64>,
}

pub async fn list_tokens(
    State(app): State<Arc<Mizan>>,
    auth: Auth,
    filter: Result<Query<TokenFilter>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let Query(f) = filter.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let all = app.tokens(&auth.actor, f.user_id.map(UserId)).await?;
    Ok(Json(Value::Array(all.iter().map(token).collect())))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewTokenBody {
    user_id: Option<i64>,
    label: Option<String>,
    expires_in_days: Option<i64>,
}

/// Longest a token may be asked to live, in days.
const MAX_TOKEN_DAYS: i64 = 3_650;

pub async fn issue_token(
    State(app): State<Arc<Mizan>>,
    req: WriteRequest,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let b: NewTokenBody = req.parse()?;
    let expires_at_ms = match b.expires_in_days {
        None => None,
        Some(d) if (1..=MAX_TOKEN_DAYS).contains(&d) => Some(app.now_ms() + d * 86_400_000),
        Some(_) => {
            return Err(ApiError::invalid(
                "expires_in_days",
                format!("1 to {MAX_TOKEN_DAYS}"),
            ));
        }
    };
    let r = TokenRequest {
        user: b.user_id.map(UserId),
        label: b
            .label
            .unwrap_or_default()
            .trim()
            .chars()
            .take(100)
            .collect(),
        expires_at_ms,
    };
    // No Idempotency-Key here: a replay could not show the secret again (it is never stored),
    // so a retry issues a second token and the first can be revoked.
    let (secret, t) = app.issue_token(&req.auth.actor, None, r).await?;
    let mut v = token(&t);
    v["token"] = json!(secret);
    Ok((StatusCode::CREATED, Json(v)))
}

pub async fn revoke_token(
    State(app): State<Arc<Mizan>>,
    Id(id): Id,
    req: WriteRequest,
) -> Result<Json<Value>, ApiError> {
    let t = app
        .revoke_token(&req.auth.actor, req.idempotency.clone(), TokenId(id))
        .await?;
    Ok(Json(token(&t)))
}

pub async fn security_events(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::AuditRead>,
    page: Result<Query<BeforeQuery>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let Query(p) = page.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let all = app
        .security_events(auth.grant(), p.limit.unwrap_or(100), p.before)
        .await?;
    Ok(Json(Value::Array(all.iter().map(event).collect())))
}

/// `GET /audit`: who did what, newest first (the tenant's waiting rows are sealed first).
pub async fn audit_log(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::AuditRead>,
    page: Result<Query<BeforeQuery>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let Query(p) = page.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let all = app
        .audit_log(auth.grant(), p.limit.unwrap_or(100), p.before)
        .await?;
    Ok(Json(Value::Array(all.iter().map(audit).collect())))
}
