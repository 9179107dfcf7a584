//! Stock over HTTP: opening stock at a cost, and current levels (the app's `stock`).

use std::sync::Arc;

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use mizan_app::{Mizan, perm};
use mizan_domain::{OpeningStockId, ProductId, WarehouseId};
use serde::Deserialize;
use serde_json::Value;

use super::views;
use crate::ApiError;
use crate::auth::Auth;
use crate::json::{Decimal, Id, WriteRequest};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewOpeningStock {
    warehouse_id: i64,
    product_id: i64,
    quantity: Decimal,
    unit_cost: Decimal,
}

pub async fn post_opening_stock(
    State(app): State<Arc<Mizan>>,
    req: WriteRequest<perm::StockManage>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let b: NewOpeningStock = req.parse()?;
    let tenant = &req.auth.tenant;
    let doc = app
        .post_opening_stock(
            req.auth.grant(),
            req.idempotency.clone(),
            WarehouseId(b.warehouse_id),
            ProductId(b.product_id),
            b.quantity.qty("quantity")?,
            b.unit_cost.money(&tenant.currency, "unit_cost")?,
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(views::opening_stock(tenant, &doc)),
    ))
}

pub async fn get_opening_stock(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::StockRead>,
    Id(id): Id,
) -> Result<Json<Value>, ApiError> {
    let doc = app.opening_stock(auth.grant(), OpeningStockId(id)).await?;
    Ok(Json(views::opening_stock(&auth.tenant, &doc)))
}

/// `?limit=&after_warehouse_id=&after_product_id=`: the next page starts after the last row.
#[derive(Deserialize)]
pub struct LevelsPage {
    limit: Option<i64>,
    after_warehouse_id: Option<i64>,
    after_product_id: Option<i64>,
}

pub async fn levels(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::StockRead>,
    page: Result<Query<LevelsPage>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let Query(p) = page.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let after = (
        WarehouseId(p.after_warehouse_id.unwrap_or(0)),
        ProductId(p.after_product_id.unwrap_or(0)),
    );
    let levels = app
        .stock_levels(auth.grant(), after, p.limit.unwrap_or(500))
        .await?;
    Ok(Json(Value::Array(
        levels
            .iter()
            .map(|l| views::stock_level(&auth.tenant, l))
            .collect(),
    )))
}
