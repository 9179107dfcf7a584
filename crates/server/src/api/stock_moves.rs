//! Stock between places over HTTP: transfers between warehouses and stock counts.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use mizan_app::{Mizan, StockDocKind, perm};
use mizan_domain::transfers::{CountLine, StockCount, Transfer, TransferLine};
use mizan_domain::{ProductId, WarehouseId};
use serde::Deserialize;
use utoipa::ToSchema;

use super::openapi::params::IdempotencyKey;
use super::openapi::refusals::{
    BadJson, Conflict, Forbidden, Invalid, NotFound, TimedOut, TooLarge, Unauthorized, Unavailable,
};
use super::views::StockDocument;
use crate::ApiError;
use crate::auth::Auth;
use crate::json::{Decimal, Id, WriteRequest};

type Created = Result<(StatusCode, Json<StockDocument>), ApiError>;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct TransferLineBody {
    product_id: i64,
    quantity: Decimal,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct NewTransfer {
    from_warehouse_id: i64,
    to_warehouse_id: i64,
    #[schema(min_items = 1, max_items = 500)]
    lines: Vec<TransferLineBody>,
    #[schema(max_length = 200)]
    note: Option<String>,
}

/// Move goods between warehouses at the cost they leave with: no profit or loss, both
/// warehouses' levels and values change in one posting.
#[utoipa::path(
    post,
    path = "/api/v1/stock-transfers",
    tag = "Stock",
    params(IdempotencyKey),
    request_body = NewTransfer,
    responses(
        (status = 201, description = "Moved", body = StockDocument),
        BadJson, Unauthorized, Forbidden, NotFound, TimedOut, Conflict, TooLarge, Invalid,
        Unavailable,
    ),
    extensions(("x-permission" = json!("stock.manage")))
)]
pub async fn create_transfer(
    State(app): State<Arc<Mizan>>,
    req: WriteRequest<perm::StockManage>,
) -> Created {
    let b: NewTransfer = req.parse()?;
    let t = &req.auth.tenant;
    let lines = b
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            Ok(TransferLine {
                product: ProductId(l.product_id),
                qty: l.quantity.qty(&format!("lines[{i}].quantity"))?,
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    let transfer = Transfer::new(
        WarehouseId(b.from_warehouse_id),
        WarehouseId(b.to_warehouse_id),
        lines,
        b.note.as_deref(),
    )
    .map_err(|e| ApiError::refusal(&e, Some(&t.currency)))?;
    let d = app
        .transfer_stock(req.auth.grant(), req.idempotency.clone(), transfer)
        .await
        .map_err(|e| ApiError::app_in(e, &t.currency))?;
    Ok((StatusCode::CREATED, Json(StockDocument::of(t, &d))))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct CountLineBody {
    product_id: i64,
    /// What is on the shelf.
    counted: Decimal,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct NewCount {
    warehouse_id: i64,
    #[schema(min_items = 1, max_items = 500)]
    lines: Vec<CountLineBody>,
    #[schema(max_length = 200)]
    reason: String,
}

/// Set a warehouse's stock to what was counted: a shortfall leaves at the moving average to
/// shrinkage (52020), a surplus enters at the average cost from found stock (42010).
#[utoipa::path(
    post,
    path = "/api/v1/stock-counts",
    tag = "Stock",
    params(IdempotencyKey),
    request_body = NewCount,
    responses(
        (status = 201, description = "Counted", body = StockDocument),
        BadJson, Unauthorized, Forbidden, NotFound, TimedOut, Conflict, TooLarge, Invalid,
        Unavailable,
    ),
    extensions(("x-permission" = json!("stock.manage")))
)]
pub async fn create_count(
    State(app): State<Arc<Mizan>>,
    req: WriteRequest<perm::StockManage>,
) -> Created {
    let b: NewCount = req.parse()?;
    let t = &req.auth.tenant;
    let lines = b
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            Ok(CountLine {
                product: ProductId(l.product_id),
                counted: l.counted.qty(&format!("lines[{i}].counted"))?,
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    let count = StockCount::new(WarehouseId(b.warehouse_id), lines, &b.reason)
        .map_err(|e| ApiError::refusal(&e, Some(&t.currency)))?;
    let d = app
        .count_stock(req.auth.grant(), req.idempotency.clone(), count)
        .await
        .map_err(|e| ApiError::app_in(e, &t.currency))?;
    Ok((StatusCode::CREATED, Json(StockDocument::of(t, &d))))
}

/// A transfer with its lines.
#[utoipa::path(
    get,
    path = "/api/v1/stock-transfers/{id}",
    tag = "Stock",
    params(Id),
    responses(
        (status = 200, description = "OK", body = StockDocument),
        Unauthorized, Forbidden, NotFound, Unavailable,
    ),
    extensions(("x-permission" = json!("stock.read")))
)]
pub async fn get_transfer(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::StockRead>,
    Id(id): Id,
) -> Result<Json<StockDocument>, ApiError> {
    let d = app
        .stock_document(auth.grant(), StockDocKind::Transfer, id)
        .await?;
    Ok(Json(StockDocument::of(&auth.tenant, &d)))
}

/// A stock count with its lines.
#[utoipa::path(
    get,
    path = "/api/v1/stock-counts/{id}",
    tag = "Stock",
    params(Id),
    responses(
        (status = 200, description = "OK", body = StockDocument),
        Unauthorized, Forbidden, NotFound, Unavailable,
    ),
    extensions(("x-permission" = json!("stock.read")))
)]
pub async fn get_count(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::StockRead>,
    Id(id): Id,
) -> Result<Json<StockDocument>, ApiError> {
    let d = app
        .stock_document(auth.grant(), StockDocKind::Count, id)
        .await?;
    Ok(Json(StockDocument::of(&auth.tenant, &d)))
}
