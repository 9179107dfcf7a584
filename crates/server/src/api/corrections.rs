//! Correcting a sale over HTTP: a parked draft is discarded with a reason (recorded in the
//! audit log); a completed sale is never edited or deleted, it is corrected by a return.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use mizan_app::{Mizan, perm};
use mizan_domain::SaleId;
use serde::Deserialize;
use utoipa::ToSchema;

use super::openapi::params::IdempotencyKey;
use super::openapi::refusals::{
    BadJson, Conflict, Forbidden, Invalid, NotFound, TimedOut, TooLarge, Unauthorized, Unavailable,
};
use super::views::Sale;
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
