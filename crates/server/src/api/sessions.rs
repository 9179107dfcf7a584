//! Cashier sessions (shifts): open one on a register with a float, pay-ins and payouts, the X
//! report while it is open, and the close with the counted cash (the Z report).

use std::sync::Arc;

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use mizan_app::{Mizan, Perm, perm};
use mizan_domain::sessions::{CashMovementKind, CountedCash, NewCashMovement, OpeningFloat};
use mizan_domain::staff::Permission;
use mizan_domain::{AccountId, CashRegisterId, CashierSessionId};
use mizan_store::{CashierSession, Command, WriteError};
use serde::Deserialize;
use serde_json::{Value, json};

use super::views;
use crate::ApiError;
use crate::auth::Auth;
use crate::json::{Decimal, Id, WriteRequest};

/// A refusal with money in the tenant's currency; an unknown session is a 404.
fn refusal<P: Perm>(req: &WriteRequest<P>) -> impl Fn(WriteError) -> ApiError + '_ {
    |e| match e {
        WriteError::NotFound { field } if field == "cashier_session" => {
            ApiError::not_found("cashier session")
        }
        other => ApiError::from_write_in(other, Some(&req.auth.tenant.currency)),
    }
}

/// A session the caller may see: one they opened, or any with `sessions.read_all`.
async fn visible(app: &Mizan, auth: &Auth, id: i64) -> Result<CashierSession, ApiError> {
    let s = read(app, auth, id).await?;
    auth.grant()
        .may_see(&s.opened_by, Permission::SessionsReadAll)?;
    Ok(s)
}

async fn read<P: Perm>(app: &Mizan, auth: &Auth<P>, id: i64) -> Result<CashierSession, ApiError> {
    app.store()
        .cashier_session(auth.scope(), CashierSessionId(id))
        .await?
        .ok_or_else(|| ApiError::not_found("cashier session"))
}

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
    let float = match &b.opening_float {
        Some(f) => f.money(&req.auth.tenant.currency, "opening_float")?,
        None => 0,
    };
    let cmd = Command::OpenSession {
        register: CashRegisterId(b.cash_register_id),
        float: OpeningFloat::new(float).map_err(|e| refusal(&req)(e.into()))?,
        user: req.auth.username().to_owned(),
        now_ms: app.now_ms(),
    };
    let w = app
        .write(req.auth.grant(), req.idempotency.clone(), cmd)
        .await
        .map_err(refusal(&req))?;
    let s = read(&app, &req.auth, w.id).await?;
    Ok((
        StatusCode::CREATED,
        Json(views::cashier_session(&req.auth.tenant, &s)),
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
    let kind = CashMovementKind::parse(&b.kind)
        .ok_or_else(|| ApiError::invalid("kind", "must be pay_in or payout"))?;
    let amount = b.amount.money(&req.auth.tenant.currency, "amount")?;
    let movement =
        NewCashMovement::new(kind, amount, &b.reason).map_err(|e| refusal(&req)(e.into()))?;
    let cmd = Command::MoveCash {
        session: CashierSessionId(id),
        movement,
        account: b.account_id.map(AccountId),
        user: req.auth.username().to_owned(),
        now_ms: app.now_ms(),
    };
    let w = app
        .write(req.auth.grant(), req.idempotency.clone(), cmd)
        .await
        .map_err(refusal(&req))?;
    let s = read(&app, &req.auth, id).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "id": w.id,
            "cashier_session_id": id,
            "kind": kind.as_str(),
            "amount": views::money(&req.auth.tenant, amount),
            "reason": b.reason.trim(),
            "session": views::cashier_session(&req.auth.tenant, &s),
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
    let open = read(&app, &req.auth, id).await?;
    if open.opened_by != req.auth.username() {
        req.auth
            .actor
            .grant::<perm::SessionsCloseAny>()
            .map_err(ApiError::from)?;
    }
    let b: CloseBody = req.parse()?;
    let cur = &req.auth.tenant.currency;
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
    let counted = CountedCash::new(amount, denominations).map_err(|e| refusal(&req)(e.into()))?;
    let cmd = Command::CloseSession {
        session: CashierSessionId(id),
        counted,
        user: req.auth.username().to_owned(),
        now_ms: app.now_ms(),
    };
    app.write(req.auth.grant(), req.idempotency.clone(), cmd)
        .await
        .map_err(refusal(&req))?;
    let s = read(&app, &req.auth, id).await?;
    Ok(Json(views::cashier_session(&req.auth.tenant, &s)))
}

pub async fn get(
    State(app): State<Arc<Mizan>>,
    auth: Auth,
    Id(id): Id,
) -> Result<Json<Value>, ApiError> {
    let s = visible(&app, &auth, id).await?;
    Ok(Json(views::cashier_session(&auth.tenant, &s)))
}

/// The X report of an open session, or the Z report of a closed one.
pub async fn report(
    State(app): State<Arc<Mizan>>,
    auth: Auth,
    Id(id): Id,
) -> Result<Json<Value>, ApiError> {
    let s = visible(&app, &auth, id).await?;
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
        .store()
        .cashier_sessions(
            auth.scope(),
            f.cash_register_id.map(CashRegisterId),
            open_only,
            auth.grant().only_own(Permission::SessionsReadAll),
            f.before.map(CashierSessionId),
        )
        .await?;
    Ok(Json(Value::Array(
        all.iter()
            .map(|s| views::cashier_session(&auth.tenant, s))
            .collect(),
    )))
}
