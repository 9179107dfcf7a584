//! Correcting a sale over HTTP: a parked draft is discarded with a reason (recorded in the
//! audit log); a completed sale is never edited or deleted, it is corrected by a return, and a
//! manager voids one in its open shift (the return of all of it, with a reason).

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use mizan_app::{Mizan, perm};
use mizan_domain::SaleId;
use serde::Deserialize;
use utoipa::ToSchema;

use super::openapi::params::IdempotencyKey;
use super::openapi::refusals::{
    BadJson, Conflict, Forbidden, Invalid, NotFound, TimedOut, TooLarge, Unauthorized, Unavailable,
};
use super::views::{Return, Sale};
use crate::ApiError;
use crate::json::{Id, WriteRequest};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct DiscardBody {
    /// Why (the app refuses an empty one once it knows the caller may discard the sale).
    #[serde(default)]
    #[schema(required, min_length = 1, max_length = 200)]
    reason: String,
}

/// Discard a parked draft: it posted nothing, so nothing else changes; the audit log records
/// who discarded it and why. A completed sale is refused (409 `sale_already_completed`): take
/// it back with a return.
#[utoipa::path(
    post,
    path = "/api/v1/sales/{id}/discard",
    tag = "Sales",
    params(Id, IdempotencyKey),
    request_body = DiscardBody,
    responses(
        (status = 200, description = "Discarded", body = Sale),
        BadJson, Unauthorized, Forbidden, NotFound, TimedOut, Conflict, TooLarge, Invalid,
        Unavailable,
    ),
    extensions(("x-permission" = json!("sales.sell (sales.read_all for others' sales)")))
)]
pub async fn discard_sale(
    State(app): State<Arc<Mizan>>,
    Id(id): Id,
    req: WriteRequest<perm::Sell>,
) -> Result<Json<Sale>, ApiError> {
    let b: DiscardBody = req.parse()?;
    let sale = app
        .discard_sale(
            req.auth.grant(),
            req.idempotency.clone(),
            SaleId(id),
            &b.reason,
        )
        .await?;
    Ok(Json(Sale::of(&req.auth.tenant, &sale)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct VoidBody {
    /// Why the sale is voided (the return's reason and the audit row's note).
    #[serde(default)]
    #[schema(required, min_length = 1, max_length = 200)]
    reason: String,
}

/// Void a completed sale while its cashier session is open: a return of every line, whole,
/// back to the warehouse it left (revenue, VAT and cost reversed at the sale's own amounts),
/// refunded the way it was paid (cash back out of the drawer, to card or bank, or off the
/// customer's debt). Answers the return (`voids_sale: true`); the sale then shows `voided`.
/// Refused once anything of the sale was returned (409 `sale_already_returned`), after its
/// session closed (409 `void_session_closed`), or for a sale paid by several methods or sold
/// from several warehouses (409 `void_mixed_payments`, `void_mixed_warehouses`): a return of
/// the chosen lines corrects those.
#[utoipa::path(
    post,
    path = "/api/v1/sales/{id}/void",
    tag = "Sales",
    params(Id, IdempotencyKey),
    request_body = VoidBody,
    responses(
        (status = 201, description = "Voided", body = Return),
        BadJson, Unauthorized, Forbidden, NotFound, TimedOut, Conflict, TooLarge, Invalid,
        Unavailable,
    ),
    extensions(("x-permission" = json!("sales.void")))
)]
pub async fn void_sale(
    State(app): State<Arc<Mizan>>,
    Id(id): Id,
    req: WriteRequest<perm::SalesVoid>,
) -> Result<(StatusCode, Json<Return>), ApiError> {
    let b: VoidBody = req.parse()?;
    let tenant = &req.auth.tenant;
    let r = app
        .void_sale(
            req.auth.grant(),
            req.idempotency.clone(),
            SaleId(id),
            &b.reason,
        )
        .await
        .map_err(|e| ApiError::app_in(e, &tenant.currency))?;
    Ok((StatusCode::CREATED, Json(Return::of(tenant, &r))))
}
