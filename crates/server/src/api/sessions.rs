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
use serde_json::{Value, json};

use super::views;
use crate::ApiError;
use crate::auth::Auth;
use crate::json::{Decimal, Id, WriteRequest};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpenBody {
    cash_register_id: i64,
    opening_float: Option<Decimal>,
}

pub async fn open(
    State(app): State<Arc<Mizan>>,
    req: WriteRequest<perm::SessionsOperate>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let b: OpenBody = req.parse()?;
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
    Ok((
        StatusCode::CREATED,
        Json(views::cashier_session(tenant, &s)),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoveBody {
    /// `pay_in` or `payout`.
    kind: String,
    amount: Decimal,
    reason: String,
    /// The other side; the main cash account (the safe) by default.
    account_id: Option<i64>,
}

pub async fn move_cash(
    State(app): State<Arc<Mizan>>,
    Id(id): Id,
    req: WriteRequest<perm::CashMove>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let b: MoveBody = req.parse()?;
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
        Json(json!({
            "id": moved.id,
            "cashier_session_id": id,
            "kind": moved.movement.kind().as_str(),
            "amount": views::money(tenant, moved.movement.amount()),
            "reason": moved.movement.reason(),
            "session": views::cashier_session(tenant, &moved.session),
        })),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Denomination {
    value: Decimal,
    count: i64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloseBody {
    counted_amount: Option<Decimal>,
    denominations: Option<Vec<Denomination>>,
}

/// Closes a session with the counted cash; closing it again returns the first result.
pub async fn close(
    State(app): State<Arc<Mizan>>,
    Id(id): Id,
    req: WriteRequest<perm::SessionsOperate>,
) -> Result<Json<Value>, ApiError> {
    let b: CloseBody = req.parse()?;
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
    Ok(Json(views::cashier_session(tenant, &s)))
}

pub async fn get(
    State(app): State<Arc<Mizan>>,
    auth: Auth,
    Id(id): Id,
) -> Result<Json<Value>, ApiError> {
    let s = app
        .cashier_session(auth.grant(), CashierSessionId(id))
        .await?;
    Ok(Json(views::cashier_session(&auth.tenant, &s)))
}

/// The X report of an open session, or the Z report of a closed one.
pub async fn report(
    State(app): State<Arc<Mizan>>,
    auth: Auth,
    Id(id): Id,
) -> Result<Json<Value>, ApiError> {
    let s = app
        .cashier_session(auth.grant(), CashierSessionId(id))
        .await?;
    Ok(Json(views::session_report(&auth.tenant, &s)))
}

#[derive(Deserialize)]
pub struct Filter {
    cash_register_id: Option<i64>,
    status: Option<String>,
    /// The next page: sessions with ids below this one.
    before: Option<i64>,
}

pub async fn list(
    State(app): State<Arc<Mizan>>,
    auth: Auth,
    filter: Result<Query<Filter>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
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
    Ok(Json(Value::Array(
        all.iter()
            .map(|s| views::cashier_session(&auth.tenant, s))
            .collect(),
    )))
}
