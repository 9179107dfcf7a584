//! Stock over HTTP: opening stock at a cost, and current levels (the app's `stock`).

use std::sync::Arc;

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use mizan_app::{Mizan, perm};
use mizan_domain::{OpeningStockId, ProductId, WarehouseId};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::openapi::params::IdempotencyKey;
use super::openapi::refusals::{
    BadJson, Conflict, Forbidden, Invalid, NotFound, TimedOut, TooLarge, Unauthorized, Unavailable,
};
use super::views::{OpeningStock, StockLevel};
use crate::ApiError;
use crate::auth::Auth;
use crate::json::{Decimal, Id, WriteRequest};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewOpeningStock {
    warehouse_id: i64,
    product_id: i64,
    quantity: Decimal,
    unit_cost: Decimal,
    /// A fabric kept in rolls comes in as rolls that add up to the quantity.
    #[serde(default)]
    #[schema(max_items = 500)]
    rolls: Vec<super::workshop::NewRollBody>,
}

/// Receive opening stock at a cost (Dr Inventory / Cr Opening balance equity).
#[utoipa::path(
    post,
    path = "/api/v1/opening-stock",
    tag = "Stock",
    params(IdempotencyKey),
    request_body = NewOpeningStock,
    responses(
        (status = 201, description = "Created", body = OpeningStock),
        BadJson, Unauthorized, Forbidden, NotFound, TimedOut, Conflict, TooLarge, Invalid,
        Unavailable,
    ),
    extensions(("x-permission" = json!("stock.manage")))
)]
pub async fn post_opening_stock(
    State(app): State<Arc<Mizan>>,
    req: WriteRequest<perm::StockManage>,
) -> Result<(StatusCode, Json<OpeningStock>), ApiError> {
    let b: NewOpeningStock = req.parse()?;
    let tenant = &req.auth.tenant;
    let doc = app
        .post_opening_stock(
            req.auth.grant(),
            req.idempotency.clone(),
            WarehouseId(b.warehouse_id),
            ProductId(b.product_id),
            (
                b.quantity.qty("quantity")?,
                b.unit_cost.money(&tenant.currency, "unit_cost")?,
            ),
            super::workshop::new_rolls(&b.rolls, "rolls", &tenant.currency)?,
        )
        .await?;
    Ok((StatusCode::CREATED, Json(OpeningStock::of(tenant, &doc))))
}

/// Get an opening stock document.
#[utoipa::path(
    get,
    path = "/api/v1/opening-stock/{id}",
    tag = "Stock",
    params(Id),
    responses(
        (status = 200, description = "OK", body = OpeningStock),
        Unauthorized, Forbidden, NotFound, Unavailable,
    ),
    extensions(("x-permission" = json!("stock.read")))
)]
pub async fn get_opening_stock(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::StockRead>,
    Id(id): Id,
) -> Result<Json<OpeningStock>, ApiError> {
    let doc = app.opening_stock(auth.grant(), OpeningStockId(id)).await?;
    Ok(Json(OpeningStock::of(&auth.tenant, &doc)))
}

/// `?limit=&after_warehouse_id=&after_product_id=`: the next page starts after the last row.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LevelsPage {
    /// Rows per page (500 by default and at most).
    #[param(minimum = 1, maximum = 500)]
    limit: Option<i64>,
    /// The last row's warehouse of the previous page.
    after_warehouse_id: Option<i64>,
    /// The last row's product of the previous page.
    after_product_id: Option<i64>,
}

/// Stock levels (quantity and value) per warehouse and product, a page at a time in
/// (warehouse, product) order.
#[utoipa::path(
    get,
    path = "/api/v1/stock",
    tag = "Stock",
    params(LevelsPage),
    responses(
        (status = 200, description = "OK", body = Vec<StockLevel>),
        Unauthorized, Forbidden, Invalid, Unavailable,
    ),
    extensions(("x-permission" = json!("stock.read")))
)]
pub async fn levels(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::StockRead>,
    page: Result<Query<LevelsPage>, QueryRejection>,
) -> Result<Json<Vec<StockLevel>>, ApiError> {
    let Query(p) = page.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let after = (
        WarehouseId(p.after_warehouse_id.unwrap_or(0)),
        ProductId(p.after_product_id.unwrap_or(0)),
    );
    let levels = app
        .stock_levels(auth.grant(), after, p.limit.unwrap_or(500))
        .await?;
    Ok(Json(
        levels
            .iter()
            .map(|l| StockLevel::of(&auth.tenant, l))
            .collect(),
    ))
}
