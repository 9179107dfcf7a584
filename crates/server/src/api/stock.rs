//! Stock: opening stock at a cost, and current levels.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use mizan_app::{Mizan, perm};
use mizan_domain::{OpeningStockId, ProductId, WarehouseId};
use mizan_store::Command;
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
    let cmd = Command::PostOpeningStock {
        warehouse: WarehouseId(b.warehouse_id),
        product: ProductId(b.product_id),
        qty: b.quantity.qty("quantity")?,
        unit_cost: b.unit_cost.money(&tenant.currency, "unit_cost")?,
        now_ms: app.now_ms(),
    };
    let w = app
        .write(req.auth.grant(), req.idempotency.clone(), cmd)
        .await
        .map_err(ApiError::from_write)?;
    let doc = app
        .store()
        .opening_stock(req.auth.scope(), OpeningStockId(w.id))
        .await?
        .ok_or_else(|| ApiError::internal(&"opening stock vanished after being written"))?;
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
    let doc = app
        .store()
        .opening_stock(auth.scope(), OpeningStockId(id))
        .await?
        .ok_or_else(|| ApiError::not_found("opening stock"))?;
    Ok(Json(views::opening_stock(&auth.tenant, &doc)))
}

pub async fn levels(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::StockRead>,
) -> Result<Json<Value>, ApiError> {
    let levels = app.store().stock_levels(auth.scope()).await?;
    Ok(Json(Value::Array(
        levels
            .iter()
            .map(|l| views::stock_level(&auth.tenant, l))
            .collect(),
    )))
}
