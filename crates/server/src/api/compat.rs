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
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::openapi::params::TenantKey;
use super::openapi::refusals::CompatRefusals;
use super::sales::{CompleteBody, PaymentLineBody, complete, payments};
use super::views::Sale;
use crate::ApiError;
use crate::error::ErrorBody;
use crate::json::{Id, WriteRequest};

/// What the old till sends: the payments as a list, or one payment on its own.
#[derive(Deserialize, ToSchema)]
#[serde(untagged)]
enum CompatBody {
    Many(CompleteBody),
    One(PaymentLineBody),
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
enum CompatOk {
    Success,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
enum CompatRefusal {
    Error,
}

/// A completed sale in the old envelope.
#[derive(Serialize, ToSchema)]
pub struct CompatSale {
    status: CompatOk,
    message: String,
    data: Sale,
}

/// A refusal in the old envelope.
#[derive(Serialize, ToSchema)]
pub struct CompatError {
    status: CompatRefusal,
    message: String,
    error: ErrorBody,
}

fn refused(e: ApiError) -> Response {
    let body = CompatError {
        status: CompatRefusal::Error,
        message: e.message.clone(),
        error: e.body(),
    };
    (e.status, Json(body)).into_response()
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
    let (list, session) = match req.parse::<CompatBody>()? {
        CompatBody::Many(b) => (b.payments, b.cashier_session_id),
        CompatBody::One(p) => (Some(vec![p]), None),
    };
    let paid = list
        .as_deref()
        .map(|p| payments(&req.auth.tenant, p))
        .transpose()?;
    let Json(sale) = complete(app, id, &req, paid, session.map(CashierSessionId)).await?;
    let body = CompatSale {
        status: CompatOk::Success,
        message: "sale completed".to_owned(),
        data: sale,
    };
    Ok((StatusCode::OK, Json(body)).into_response())
}

/// The old till's completion route: one payment on its own or `{"payments": [...]}`, answered
/// as `{"status": "success", "message", "data": sale}`.
#[utoipa::path(
    post,
    path = "/api/sales/sales/{id}/complete/",
    tag = "Compatibility",
    operation_id = "compat_complete_sale",
    params(Id, TenantKey),
    request_body = CompatBody,
    responses((status = 200, description = "Completed", body = CompatSale), CompatRefusals),
    extensions(("x-permission" = json!("sales.sell (sales.read_all for others' sales)")))
)]
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

/// The old till's other name for its completion route, answered the same way.
#[utoipa::path(
    post,
    path = "/api/sales/sales/{id}/checkout/",
    tag = "Compatibility",
    operation_id = "compat_checkout_sale",
    params(Id, TenantKey),
    request_body = CompatBody,
    responses((status = 200, description = "Completed", body = CompatSale), CompatRefusals),
    extensions(("x-permission" = json!("sales.sell (sales.read_all for others' sales)")))
)]
pub async fn checkout_sale(
    State(app): State<Arc<Mizan>>,
    Id(id): Id,
    headers: HeaderMap,
    req: Result<WriteRequest<perm::Sell>, ApiError>,
) -> Response {
    answer(&app, id, &headers, req)
        .await
        .unwrap_or_else(refused)
}
