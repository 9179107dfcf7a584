//! Routes the shop's existing till software calls, answered the way it reads them, so a shop
//! can move to Mizan before it changes its till: `POST /api/sales/sales/{id}/complete/` (and
//! `/checkout/`) with a bearer token and an `X-Tenant-Key` naming the token's tenant (its id),
//! answering `{"status": "success", "message", "data": {sale}}`.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use mizan_app::{Mizan, perm};
use mizan_domain::CashierSessionId;
use serde::Deserialize;
use serde_json::json;

use super::sales::{CompleteBody, PaymentLineBody, complete, payments};
use crate::ApiError;
use crate::json::{Id, WriteRequest};

/// What the old till sends: the payments as a list, or one payment on its own.
#[derive(Deserialize)]
#[serde(untagged)]
enum Body {
    Many(CompleteBody),
    One(PaymentLineBody),
}

/// An answer in the old envelope, success or refusal.
fn envelope(status: StatusCode, ok: bool, message: &str, data: serde_json::Value) -> Response {
    let body = if ok {
        json!({ "status": "success", "message": message, "data": data })
    } else {
        json!({ "status": "error", "message": message, "error": data })
    };
    (status, Json(body)).into_response()
}

fn refused(e: ApiError) -> Response {
    let mut error = json!({ "code": e.code, "message": e.message });
    if !e.details.is_null() {
        error["details"] = e.details.clone();
    }
    envelope(e.status, false, &e.message, error)
}

async fn answer(
    app: &Mizan,
    id: i64,
    headers: &HeaderMap,
    req: Result<WriteRequest<perm::Sell>, ApiError>,
) -> Result<Response, ApiError> {
    let req = req?;
    let key = headers
        .get("x-tenant-key")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if key.trim() != req.auth.tenant.id.to_string() {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "tenant_key_mismatch",
            "X-Tenant-Key does not name the tenant of this token",
        ));
    }
    let (list, session) = match req.parse::<Body>()? {
        Body::Many(b) => (b.payments, b.cashier_session_id),
        Body::One(p) => (Some(vec![p]), None),
    };
    let paid = list
        .as_deref()
        .map(|p| payments(&req.auth.tenant, p))
        .transpose()?;
    let Json(sale) = complete(app, id, &req, paid, session.map(CashierSessionId)).await?;
    Ok(envelope(StatusCode::OK, true, "sale completed", sale))
}

/// `POST /api/sales/sales/{id}/complete/` and `/checkout/`.
pub async fn complete_sale(
    State(app): State<Arc<Mizan>>,
    Id(id): Id,
    headers: HeaderMap,
    req: Result<WriteRequest<perm::Sell>, ApiError>,
) -> Response {
    answer(&app, id, &headers, req)
        .await
        .unwrap_or_else(refused)
}
