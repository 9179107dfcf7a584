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
use mizan_domain::staff::Permission;
use mizan_domain::{BranchId, TenantId, TokenId, UserId};
use mizan_store::TokenKind;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::openapi::params::{DeviceCredential, IdempotencyKey};
use super::openapi::refusals::{
    BadJson, Conflict, Forbidden, Invalid, NotFound, Throttled, TimedOut, TooLarge, Unauthorized,
    Unavailable,
};
use super::views::{
    AuditEntry, IssuedToken, Limits, Me, Percent, SecurityEvent, SignInKind, SignedIn, SignedOut,
    TenantName, Token, User,
};
use crate::ApiError;
use crate::auth::{Auth, SESSION_COOKIE, cookie, same_origin};
use crate::http::HttpConfig;
use crate::json::{BeforeQuery, Id, WriteRequest, parse_json, read_body};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct LoginBody {
    /// Required when the server holds more than one tenant.
    tenant_id: Option<i64>,
    username: String,
    password: String,
    /// `session` (default): a browser session cookie `mizan_session` (HttpOnly,
    /// SameSite=Lax, Secure behind https). `token`: a bearer token for a till, returned once.
    #[schema(value_type = Option<SignInKind>)]
    kind: Option<String>,
    label: Option<String>,
}

pub(crate) fn session_cookie(
    value: &str,
    max_age_s: i64,
    secure: bool,
) -> Result<HeaderValue, ApiError> {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={value}; HttpOnly; SameSite=Lax; Path=/; Max-Age={max_age_s}{secure}"
    ))
    .map_err(|e| ApiError::internal(&e))
}

/// Sign in: a browser session cookie or a till token.
///
/// No token needed. Wrong names and wrong passwords are refused alike (401
/// invalid_credentials); after three failures in a row each try must wait longer
/// (Retry-After), up to a 15-minute lock (429 account_locked). Every failure is a security
/// event.
#[utoipa::path(
    post,
    path = "/api/v1/auth/login",
    tag = "Staff",
    security(()),
    params(DeviceCredential),
    request_body = LoginBody,
    responses(
        (status = 200, description = "Signed in", body = SignedIn, headers(
            ("Set-Cookie" = String, description = "For kind session: the mizan_session cookie")
        )),
        BadJson, Unauthorized, Forbidden, TimedOut, TooLarge, Invalid, Throttled, Unavailable,
    )
)]
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
    let mut body = SignedIn {
        user: User::from(&me),
        permissions: permissions(&signed.actor),
        expires_at: signed.expires_at_ms.map(super::views::Timestamp::at),
        token: None,
    };
    if kind == TokenKind::Api {
        body.token = Some(signed.token);
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

fn permissions(actor: &mizan_app::Actor) -> Vec<String> {
    Permission::ALL
        .iter()
        .filter(|p| actor.can(**p))
        .map(|p| p.as_str().to_owned())
        .collect()
}

/// Sign out: end this session or revoke the token used (and clear the cookie).
#[utoipa::path(
    post,
    path = "/api/v1/auth/logout",
    tag = "Staff",
    responses(
        (status = 200, description = "Signed out", body = SignedOut),
        Unauthorized, Forbidden, Unavailable,
    ),
    extensions(("x-permission" = json!("any signed-in user")))
)]
pub async fn logout(State(app): State<Arc<Mizan>>, auth: Auth) -> Result<Response, ApiError> {
    app.sign_out(&auth.actor).await?;
    let mut res = Json(SignedOut { signed_out: true }).into_response();
    res.headers_mut()
        .insert(SET_COOKIE, session_cookie("", 0, false)?);
    Ok(res)
}

/// Who am I: user, tenant, permissions and limits.
#[utoipa::path(
    get,
    path = "/api/v1/me",
    tag = "Staff",
    responses((status = 200, description = "OK", body = Me), Unauthorized, Unavailable),
    extensions(("x-permission" = json!("any signed-in user")))
)]
pub async fn me(State(app): State<Arc<Mizan>>, auth: Auth) -> Result<Json<Me>, ApiError> {
    let me = app.me(&auth.actor).await?;
    let limits = auth.actor.role.limits;
    Ok(Json(Me {
        user: User::from(&me),
        tenant: TenantName {
            id: auth.tenant.id.0,
            name: auth.tenant.name.clone(),
        },
        permissions: permissions(&auth.actor),
        limits: Limits {
            max_discount_percent: limits.max_discount_bp.map(Percent::of_bp),
            refunds_need_approval: limits.refunds_need_approval,
        },
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct NewUserBody {
    /// 2 to 32 letters, digits, `.`, `_` or `-`, starting with a letter or digit; trimmed and
    /// folded to lower case.
    #[schema(pattern = r"^\s*[A-Za-z0-9][A-Za-z0-9._-]{1,31}\s*$")]
    username: String,
    #[schema(min_length = 8)]
    password: Option<String>,
    /// `owner`, `manager`, `cashier` or `accountant` (trimmed).
    #[schema(pattern = r"^\s*(owner|manager|cashier|accountant|waiter|cutter|installer)\s*$")]
    role: String,
    /// `ar`, `en` or `ru` (any case; trimmed).
    #[schema(pattern = r"^\s*([aA][rR]|[eE][nN]|[rR][uU])\s*$")]
    language: Option<String>,
    /// The branches the user works in (none: every branch).
    branch_ids: Option<Vec<i64>>,
}

fn branches(ids: Option<Vec<i64>>) -> Option<Vec<BranchId>> {
    ids.map(|ids| ids.into_iter().map(BranchId).collect())
}

/// Create a staff user.
#[utoipa::path(
    post,
    path = "/api/v1/users",
    tag = "Staff",
    params(IdempotencyKey),
    request_body = NewUserBody,
    responses(
        (status = 201, description = "Created", body = User),
        BadJson, Unauthorized, Forbidden, TimedOut, Conflict, TooLarge, Invalid, Unavailable,
    ),
    extensions(("x-permission" = json!("users.manage")))
)]
pub async fn create_user(
    State(app): State<Arc<Mizan>>,
    req: WriteRequest<perm::UsersManage>,
) -> Result<(StatusCode, Json<User>), ApiError> {
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
    Ok((StatusCode::CREATED, Json(User::from(&u))))
}

/// What to change of a user; a field left out stays as it is.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct UserChangesBody {
    /// `owner`, `manager`, `cashier` or `accountant` (trimmed).
    #[schema(pattern = r"^\s*(owner|manager|cashier|accountant|waiter|cutter|installer)\s*$")]
    role: Option<String>,
    /// `ar`, `en` or `ru` (any case; trimmed).
    #[schema(pattern = r"^\s*([aA][rR]|[eE][nN]|[rR][uU])\s*$")]
    language: Option<String>,
    active: Option<bool>,
    #[schema(min_length = 8)]
    password: Option<String>,
    /// The branches the user works in (empty: every branch).
    branch_ids: Option<Vec<i64>>,
}

/// Change a user's role, language, password, branches or whether they are active (their
/// tokens stop within a second).
#[utoipa::path(
    patch,
    path = "/api/v1/users/{id}",
    tag = "Staff",
    params(Id, IdempotencyKey),
    request_body = UserChangesBody,
    responses(
        (status = 200, description = "Changed", body = User),
        BadJson, Unauthorized, Forbidden, NotFound, TimedOut, Conflict, TooLarge, Invalid,
        Unavailable,
    ),
    extensions(("x-permission" = json!("users.manage")))
)]
pub async fn update_user(
    State(app): State<Arc<Mizan>>,
    Id(id): Id,
    req: WriteRequest<perm::UsersManage>,
) -> Result<Json<User>, ApiError> {
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
    Ok(Json(User::from(&u)))
}

/// List users.
#[utoipa::path(
    get,
    path = "/api/v1/users",
    tag = "Staff",
    responses(
        (status = 200, description = "OK", body = Vec<User>),
        Unauthorized, Forbidden, Unavailable,
    ),
    extensions(("x-permission" = json!("users.manage")))
)]
pub async fn list_users(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::UsersManage>,
) -> Result<Json<Vec<User>>, ApiError> {
    let all = app.users(auth.grant()).await?;
    Ok(Json(all.iter().map(User::from).collect()))
}

/// One user.
#[utoipa::path(
    get,
    path = "/api/v1/users/{id}",
    tag = "Staff",
    params(Id),
    responses(
        (status = 200, description = "OK", body = User),
        Unauthorized, Forbidden, NotFound, Unavailable,
    ),
    extensions(("x-permission" = json!("users.manage")))
)]
pub async fn get_user(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::UsersManage>,
    Id(id): Id,
) -> Result<Json<User>, ApiError> {
    Ok(Json(User::from(&app.user(auth.grant(), UserId(id)).await?)))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TokenFilter {
    /// Another user's tokens (needs `users.manage`).
    user_id: Option<i64>,
}

/// Tokens and sessions, newest first: one's own (with users.manage anyone's; `?user_id=`).
#[utoipa::path(
    get,
    path = "/api/v1/tokens",
    tag = "Staff",
    params(TokenFilter),
    responses(
        (status = 200, description = "OK", body = Vec<Token>),
        Unauthorized, Forbidden, Invalid, Unavailable,
    ),
    extensions(("x-permission" = json!("any signed-in user")))
)]
pub async fn list_tokens(
    State(app): State<Arc<Mizan>>,
    auth: Auth,
    filter: Result<Query<TokenFilter>, QueryRejection>,
) -> Result<Json<Vec<Token>>, ApiError> {
    let Query(f) = filter.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let all = app.tokens(&auth.actor, f.user_id.map(UserId)).await?;
    Ok(Json(all.iter().map(Token::from).collect()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct NewTokenBody {
    /// Another user's (owner only); default: one's own.
    user_id: Option<i64>,
    label: Option<String>,
    #[schema(minimum = 1, maximum = 3650)]
    expires_in_days: Option<i64>,
}

/// Longest a token may be asked to live, in days.
const MAX_TOKEN_DAYS: i64 = 3_650;

/// Issue an API token (the secret is shown once).
#[utoipa::path(
    post,
    path = "/api/v1/tokens",
    tag = "Staff",
    request_body = NewTokenBody,
    responses(
        (status = 201, description = "Issued", body = IssuedToken),
        BadJson, Unauthorized, Forbidden, NotFound, TimedOut, TooLarge, Invalid, Unavailable,
    ),
    extensions(("x-permission" = json!("any signed-in user (users.manage for another's)")))
)]
pub async fn issue_token(
    State(app): State<Arc<Mizan>>,
    req: WriteRequest,
) -> Result<(StatusCode, Json<IssuedToken>), ApiError> {
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
    Ok((
        StatusCode::CREATED,
        Json(IssuedToken {
            record: Token::from(&t),
            token: secret,
        }),
    ))
}

/// Revoke a token: refused everywhere within a second.
#[utoipa::path(
    delete,
    path = "/api/v1/tokens/{id}",
    tag = "Staff",
    params(Id, IdempotencyKey),
    responses(
        (status = 200, description = "Revoked", body = Token),
        Unauthorized, Forbidden, NotFound, TimedOut, TooLarge, Invalid, Unavailable,
    ),
    extensions(("x-permission" = json!("any signed-in user; another's token is not found without users.manage")))
)]
pub async fn revoke_token(
    State(app): State<Arc<Mizan>>,
    Id(id): Id,
    req: WriteRequest,
) -> Result<Json<Token>, ApiError> {
    let t = app
        .revoke_token(&req.auth.actor, req.idempotency.clone(), TokenId(id))
        .await?;
    Ok(Json(Token::from(&t)))
}

/// Security events (failed and refused sign-ins, lockouts), newest first (100 a page by
/// default).
#[utoipa::path(
    get,
    path = "/api/v1/security-events",
    tag = "Staff",
    params(BeforeQuery),
    responses(
        (status = 200, description = "OK", body = Vec<SecurityEvent>),
        Unauthorized, Forbidden, Invalid, Unavailable,
    ),
    extensions(("x-permission" = json!("audit.read")))
)]
pub async fn security_events(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::AuditRead>,
    page: Result<Query<BeforeQuery>, QueryRejection>,
) -> Result<Json<Vec<SecurityEvent>>, ApiError> {
    let Query(p) = page.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let all = app
        .security_events(auth.grant(), p.limit.unwrap_or(100), p.before)
        .await?;
    Ok(Json(all.iter().map(SecurityEvent::from).collect()))
}

/// The audit trail: every write with who did it and when, newest first (100 a page by
/// default); rows are sealed into a per-tenant hash chain that `mizan check` verifies.
#[utoipa::path(
    get,
    path = "/api/v1/audit",
    tag = "Staff",
    params(BeforeQuery),
    responses(
        (status = 200, description = "OK", body = Vec<AuditEntry>),
        Unauthorized, Forbidden, Invalid, Unavailable,
    ),
    extensions(("x-permission" = json!("audit.read")))
)]
pub async fn audit_log(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::AuditRead>,
    page: Result<Query<BeforeQuery>, QueryRejection>,
) -> Result<Json<Vec<AuditEntry>>, ApiError> {
    let Query(p) = page.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let all = app
        .audit_log(auth.grant(), p.limit.unwrap_or(100), p.before)
        .await?;
    Ok(Json(all.iter().map(AuditEntry::from).collect()))
}
