//! Sales: create (and post) a sale, post a draft, read sales.

use std::sync::Arc;

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use mizan_app::Mizan;
use mizan_domain::sales::{NewSaleLine, Payment, SaleDraft};
use mizan_domain::{CashRegisterId, CustomerId, ProductId, SaleId, WarehouseId};
use mizan_store::Command;
use serde::Deserialize;
use serde_json::Value;

use super::views;
use crate::ApiError;
use crate::auth::Auth;
use crate::json::{Decimal, Id, WriteRequest};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineBody {
    product_id: i64,
    warehouse_id: i64,
    quantity: Decimal,
    unit_price: Option<Decimal>,
    discount: Option<Decimal>,
}

#[derive(Deserialize)]
#[serde(tag = "method", rename_all = "snake_case", deny_unknown_fields)]
pub enum PaymentBody {
    Cash { cash_register_id: i64 },
    Credit { customer_id: i64 },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewSaleBody {
    lines: Vec<LineBody>,
    payment: PaymentBody,
    customer_id: Option<i64>,
    /// Post at once (default) or keep as a draft.
    post: Option<bool>,
}

pub async fn create_sale(
    State(app): State<Arc<Mizan>>,
    req: WriteRequest,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let body: NewSaleBody = req.parse()?;
    let (scope, tenant) = (&req.auth.scope, &req.auth.tenant);
    let mut lines = Vec::with_capacity(body.lines.len());
    for (i, l) in body.lines.iter().enumerate() {
        let unit_price = match &l.unit_price {
            Some(p) => p.money(&tenant.currency, &format!("lines[{i}].unit_price"))?,
            None => {
                app.store()
                    .product(scope, ProductId(l.product_id))
                    .await?
                    .ok_or_else(|| ApiError::not_found(&format!("lines[{i}].product_id")))?
                    .sale_price
            }
        };
        let discount = match &l.discount {
            Some(d) => d.money(&tenant.currency, &format!("lines[{i}].discount"))?,
            None => 0,
        };
        lines.push(NewSaleLine {
            product: ProductId(l.product_id),
            warehouse: WarehouseId(l.warehouse_id),
            qty: l.quantity.qty(&format!("lines[{i}].quantity"))?,
            unit_price,
            discount,
        });
    }
    let payment = match body.payment {
        PaymentBody::Cash { cash_register_id } => Payment::Cash {
            cash_register_id: CashRegisterId(cash_register_id),
        },
        PaymentBody::Credit { customer_id } => Payment::Credit {
            customer_id: CustomerId(customer_id),
        },
    };
    let draft = SaleDraft::new(lines, payment, body.customer_id.map(CustomerId)).map_err(|e| {
        let mut err = ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e.code(), e.to_string());
        if let mizan_domain::sales::SaleError::InvalidField { field, .. } = &e {
            err.details = serde_json::json!({ "field": field });
        }
        err
    })?;
    let cmd = Command::CreateSale {
        draft,
        post: body.post.unwrap_or(true),
        now_ms: app.now_ms(),
    };
    let w = app
        .write(scope, req.idempotency.clone(), cmd)
        .await
        .map_err(ApiError::from_write)?;
    let sale = app
        .store()
        .sale(scope, SaleId(w.id))
        .await?
        .ok_or_else(|| ApiError::internal(&"sale vanished after being written"))?;
    Ok((StatusCode::CREATED, Json(views::sale(tenant, &sale))))
}

pub async fn post_sale(
    State(app): State<Arc<Mizan>>,
    Id(id): Id,
    req: WriteRequest,
) -> Result<Json<Value>, ApiError> {
    let cmd = Command::PostSale {
        sale: SaleId(id),
        now_ms: app.now_ms(),
    };
    let scope = &req.auth.scope;
    let w = app
        .write(scope, req.idempotency.clone(), cmd)
        .await
        .map_err(|e| match e {
            mizan_store::WriteError::NotFound { .. } => ApiError::not_found("sale"),
            other => ApiError::from_write(other),
        })?;
    let sale = app
        .store()
        .sale(scope, SaleId(w.id))
        .await?
        .ok_or_else(|| ApiError::not_found("sale"))?;
    Ok(Json(views::sale(&req.auth.tenant, &sale)))
}

pub async fn get_sale(
    State(app): State<Arc<Mizan>>,
    auth: Auth,
    Id(id): Id,
) -> Result<Json<Value>, ApiError> {
    let sale = app
        .store()
        .sale(&auth.scope, SaleId(id))
        .await?
        .ok_or_else(|| ApiError::not_found("sale"))?;
    Ok(Json(views::sale(&auth.tenant, &sale)))
}

#[derive(Deserialize)]
pub struct Page {
    limit: Option<i64>,
    before: Option<i64>,
}

pub async fn list_sales(
    State(app): State<Arc<Mizan>>,
    auth: Auth,
    page: Result<Query<Page>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let Query(page) = page.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let (limit, before) = (page.limit.unwrap_or(50), page.before);
    let limit = limit.clamp(1, 500);
    let sales = app
        .store()
        .sales(&auth.scope, limit, before.map(SaleId))
        .await?;
    Ok(Json(Value::Array(
        sales.iter().map(|s| views::sale(&auth.tenant, s)).collect(),
    )))
}
