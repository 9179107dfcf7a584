//! Cashier sessions (shifts) over HTTP: open one on a register with a float, pay-ins and
//! payouts, the X report while it is open, and the close with the counted cash (the Z report);
//! the rules are the app's `sessions`.

use std::sync::Arc;

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use mizan_app::{CashMoveInput, Mizan, perm};
use mizan_domain::sessions::CashMovementKind;
use mizan_domain::{AccountId, CashRegisterId, CashierSessionId};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::openapi::params::IdempotencyKey;
use super::openapi::refusals::{
    BadJson, Conflict, Forbidden, Invalid, NotFound, TimedOut, TooLarge, Unauthorized, Unavailable,
};
use super::views::{CashMoveKind, CashMovement, CashierSession, SessionReport};
use crate::ApiError;
use crate::auth::Auth;
use crate::json::{Decimal, Id, WriteRequest};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenSessionBody {
    cash_register_id: i64,
    /// The cash in the drawer at the start; zero by default.
    opening_float: Option<Decimal>,
}

/// Open a session on a register with an opening float.
#[utoipa::path(
    post,
    path = "/api/v1/cashier-sessions",
    tag = "Cashier sessions",
    operation_id = "open_cashier_session",
    params(IdempotencyKey),
    request_body = OpenSessionBody,
    responses(
        (status = 201, description = "Opened", body = CashierSession),
        BadJson, Unauthorized, Forbidden, NotFound, TimedOut, Conflict, TooLarge, Invalid,
        Unavailable,
    ),
    extensions(("x-permission" = json!("sessions.operate")))
)]
pub async fn open(
    State(app): State<Arc<Mizan>>,
    req: WriteRequest<perm::SessionsOperate>,
) -> Result<(StatusCode, Json<CashierSession>), ApiError> {
    let b: OpenSessionBody = req.parse()?;
    let tenant = &req.auth.tenant;
    let float = match &b.opening_float {
        Some(f) => f.money(&tenant.currency, "opening_float")?,
        None => 0,
    };
    let s = app
        .open_cashier_session(
            req.auth.grant(),
            req.idempotency.clone(),
            CashRegisterId(b.cash_register_id),
            float,
        )
        .await
        .map_err(|e| ApiError::app_in(e, &tenant.currency))?;
    Ok((StatusCode::CREATED, Json(CashierSession::of(tenant, &s))))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CashMoveBody {
    #[schema(value_type = CashMoveKind)]
    kind: String,
    amount: Decimal,
    /// Why; no control characters.
    #[schema(min_length = 1, max_length = 200)]
    reason: String,
    /// The other side; the main cash account (the safe, 11010) by default.
    account_id: Option<i64>,
}

/// A pay-in or payout with a reason.
#[utoipa::path(
    post,
    path = "/api/v1/cashier-sessions/{id}/cash-movements",
    tag = "Cashier sessions",
    params(Id, IdempotencyKey),
    request_body = CashMoveBody,
    responses(
        (status = 201, description = "Recorded", body = CashMovement),
        BadJson, Unauthorized, Forbidden, NotFound, TimedOut, Conflict, TooLarge, Invalid,
        Unavailable,
    ),
    extensions(("x-permission" = json!("cash.move")))
)]
pub async fn move_cash(
    State(app): State<Arc<Mizan>>,
    Id(id): Id,
    req: WriteRequest<perm::CashMove>,
) -> Result<(StatusCode, Json<CashMovement>), ApiError> {
    let b: CashMoveBody = req.parse()?;
    let tenant = &req.auth.tenant;
    let input = CashMoveInput {
        kind: CashMovementKind::parse(&b.kind)
            .ok_or_else(|| ApiError::invalid("kind", "must be pay_in or payout"))?,
        amount: b.amount.money(&tenant.currency, "amount")?,
        reason: b.reason,
        account: b.account_id.map(AccountId),
    };
    let moved = app
        .move_cash(
            req.auth.grant(),
            req.idempotency.clone(),
            CashierSessionId(id),
            input,
        )
        .await
        .map_err(|e| ApiError::app_in(e, &tenant.currency))?;
    Ok((
        StatusCode::CREATED,
        Json(CashMovement::of(tenant, id, &moved)),
    ))
}

/// How many of one note or coin were counted.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Denomination {
    value: Decimal,
    #[schema(minimum = 0, maximum = 1_000_000)]
    count: i64,
}

/// The counted cash, as an amount or by denomination (both must agree).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CloseSessionBody {
    counted_amount: Option<Decimal>,
    #[schema(max_items = 64)]
    denominations: Option<Vec<Denomination>>,
}

/// Close with the counted cash; the difference goes to cash over/short (53010); closing twice
/// returns the first result.
#[utoipa::path(
    post,
    path = "/api/v1/cashier-sessions/{id}/close",
    tag = "Cashier sessions",
    operation_id = "close_cashier_session",
    params(Id, IdempotencyKey),
    request_body = CloseSessionBody,
    responses(
        (status = 200, description = "Closed", body = CashierSession),
        BadJson, Unauthorized, Forbidden, NotFound, TimedOut, Conflict, TooLarge, Invalid,
        Unavailable,
    ),
    extensions(("x-permission" = json!("sessions.operate (sessions.close_any for others' sessions)")))
)]
pub async fn close(
    State(app): State<Arc<Mizan>>,
    Id(id): Id,
    req: WriteRequest<perm::SessionsOperate>,
) -> Result<Json<CashierSession>, ApiError> {
    let b: CloseSessionBody = req.parse()?;
    let tenant = &req.auth.tenant;
    let cur = &tenant.currency;
    let amount = b
        .counted_amount
        .as_ref()
        .map(|a| a.money(cur, "counted_amount"))
        .transpose()?;
    let mut denominations = Vec::new();
    for (i, d) in b.denominations.iter().flatten().enumerate() {
        denominations.push((
            d.value.money(cur, &format!("denominations[{i}].value"))?,
            d.count,
        ));
    }
    let s = app
        .close_cashier_session(
            req.auth.grant(),
            req.idempotency.clone(),
            CashierSessionId(id),
            amount,
            denominations,
        )
        .await
        .map_err(|e| ApiError::app_in(e, cur))?;
    Ok(Json(CashierSession::of(tenant, &s)))
}

/// A session with its report.
#[utoipa::path(
    get,
    path = "/api/v1/cashier-sessions/{id}",
    tag = "Cashier sessions",
    operation_id = "get_cashier_session",
    params(Id),
    responses(
        (status = 200, description = "Session", body = CashierSession),
        Unauthorized, Forbidden, NotFound, Unavailable,
    ),
    extensions(("x-permission" = json!("any signed-in user (sessions.read_all for others' sessions)")))
)]
pub async fn get(
    State(app): State<Arc<Mizan>>,
    auth: Auth,
    Id(id): Id,
) -> Result<Json<CashierSession>, ApiError> {
    let s = app
        .cashier_session(auth.grant(), CashierSessionId(id))
        .await?;
    Ok(Json(CashierSession::of(&auth.tenant, &s)))
}

/// The X report of an open session, or the Z report of a closed one.
#[utoipa::path(
    get,
    path = "/api/v1/cashier-sessions/{id}/report",
    tag = "Cashier sessions",
    operation_id = "cashier_session_report",
    params(Id),
    responses(
        (status = 200, description = "Report", body = SessionReport),
        Unauthorized, Forbidden, NotFound, Unavailable,
    ),
    extensions(("x-permission" = json!("any signed-in user (sessions.read_all for others' sessions)")))
)]
pub async fn report(
    State(app): State<Arc<Mizan>>,
    auth: Auth,
    Id(id): Id,
) -> Result<Json<SessionReport>, ApiError> {
    let s = app
        .cashier_session(auth.grant(), CashierSessionId(id))
        .await?;
    Ok(Json(SessionReport::of(&auth.tenant, &s)))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Filter {
    /// One register's sessions only.
    cash_register_id: Option<i64>,
    /// `open`: open sessions only (the only status that can be asked for).
    #[param(pattern = "^open$")]
    status: Option<String>,
    /// The next page: sessions with ids below this one (200 a page, newest first).
    before: Option<i64>,
}

/// The newest 200 sessions (the caller's own without `sessions.read_all`).
#[utoipa::path(
    get,
    path = "/api/v1/cashier-sessions",
    tag = "Cashier sessions",
    operation_id = "list_cashier_sessions",
    params(Filter),
    responses(
        (status = 200, description = "Sessions", body = Vec<CashierSession>),
        Unauthorized, Forbidden, Invalid, Unavailable,
    ),
    extensions(("x-permission" = json!("any signed-in user (sessions.read_all for others' sessions)")))
)]
pub async fn list(
    State(app): State<Arc<Mizan>>,
    auth: Auth,
    filter: Result<Query<Filter>, QueryRejection>,
) -> Result<Json<Vec<CashierSession>>, ApiError> {
    let Query(f) = filter.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let open_only = match f.status.as_deref() {
        None => false,
        Some("open") => true,
        Some(_) => {
            return Err(ApiError::invalid(
                "status",
                "only status=open can be asked for",
            ));
        }
    };
    let all = app
        .cashier_sessions(
            auth.grant(),
            f.cash_register_id.map(CashRegisterId),
            open_only,
            f.before.map(CashierSessionId),
        )
        .await?;
    Ok(Json(
        all.iter()
            .map(|s| CashierSession::of(&auth.tenant, s))
            .collect(),
    ))
}
