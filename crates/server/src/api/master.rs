//! Master data over HTTP: branches, warehouses, cash registers, customers, products (the rules
//! are the app's `master`).

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use mizan_app::{Mizan, NewProductInput, perm};
use mizan_domain::{BranchId, CashRegisterId, CustomerId, ProductId, WarehouseId};
use mizan_store::ProductChanges;
use serde::Deserialize;
use serde_json::Value;

use super::views;
use crate::ApiError;
use crate::auth::Auth;
use crate::json::{Decimal, Id, ListPage, WriteRequest};

type Created = Result<(StatusCode, Json<Value>), ApiError>;
type Found = Result<Json<Value>, ApiError>;

fn created(v: Value) -> Created {
    Ok((StatusCode::CREATED, Json(v)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewBranch {
    name: String,
}

pub async fn create_branch(
    State(app): State<Arc<Mizan>>,
    req: WriteRequest<perm::CatalogManage>,
) -> Created {
    let b: NewBranch = req.parse()?;
    let branch = app
        .create_branch(req.auth.grant(), req.idempotency.clone(), &b.name)
        .await?;
    created(views::branch(&branch))
}

pub async fn list_branches(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::CatalogRead>,
    ListPage(page): ListPage,
) -> Found {
    let all = app.branches(auth.grant(), page).await?;
    Ok(Json(Value::Array(all.iter().map(views::branch).collect())))
}

pub async fn get_branch(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::CatalogRead>,
    Id(id): Id,
) -> Found {
    let b = app.branch(auth.grant(), BranchId(id)).await?;
    Ok(Json(views::branch(&b)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewWarehouse {
    code: String,
    name: String,
    branch_id: Option<i64>,
}

pub async fn create_warehouse(
    State(app): State<Arc<Mizan>>,
    req: WriteRequest<perm::CatalogManage>,
) -> Created {
    let b: NewWarehouse = req.parse()?;
    let w = app
        .create_warehouse(
            req.auth.grant(),
            req.idempotency.clone(),
            b.branch_id.map(BranchId),
            &b.code,
            &b.name,
        )
        .await?;
    created(views::warehouse(&w))
}

pub async fn list_warehouses(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::CatalogRead>,
    ListPage(page): ListPage,
) -> Found {
    let all = app.warehouses(auth.grant(), page).await?;
    Ok(Json(Value::Array(
        all.iter().map(views::warehouse).collect(),
    )))
}

pub async fn get_warehouse(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::CatalogRead>,
    Id(id): Id,
) -> Found {
    let w = app.warehouse(auth.grant(), WarehouseId(id)).await?;
    Ok(Json(views::warehouse(&w)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewCashRegister {
    name: String,
    branch_id: Option<i64>,
}

pub async fn create_cash_register(
    State(app): State<Arc<Mizan>>,
    req: WriteRequest<perm::CatalogManage>,
) -> Created {
    let b: NewCashRegister = req.parse()?;
    let r = app
        .create_cash_register(
            req.auth.grant(),
            req.idempotency.clone(),
            b.branch_id.map(BranchId),
            &b.name,
        )
        .await?;
    created(views::cash_register(&r))
}

pub async fn list_cash_registers(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::CatalogRead>,
    ListPage(page): ListPage,
) -> Found {
    let all = app.cash_registers(auth.grant(), page).await?;
    Ok(Json(Value::Array(
        all.iter().map(views::cash_register).collect(),
    )))
}

pub async fn get_cash_register(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::CatalogRead>,
    Id(id): Id,
) -> Found {
    let r = app.cash_register(auth.grant(), CashRegisterId(id)).await?;
    Ok(Json(views::cash_register(&r)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewCustomer {
    name: String,
    phone: Option<String>,
    credit_limit: Option<Decimal>,
}

/// A credit limit in the tenant's currency (minor units); `None` for none.
fn credit_limit(
    cur: &mizan_domain::Currency,
    value: Option<&Decimal>,
) -> Result<Option<i64>, ApiError> {
    value.map(|l| l.money(cur, "credit_limit")).transpose()
}

pub async fn create_customer(
    State(app): State<Arc<Mizan>>,
    req: WriteRequest<perm::CustomersManage>,
) -> Created {
    let b: NewCustomer = req.parse()?;
    let limit = credit_limit(&req.auth.tenant.currency, b.credit_limit.as_ref())?;
    let c = app
        .create_customer(
            req.auth.grant(),
            req.idempotency.clone(),
            &b.name,
            b.phone.as_deref(),
            limit,
        )
        .await?;
    created(views::customer_in(&req.auth.tenant, &c))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomerPatch {
    /// Required: a limit, or `null` for none.
    credit_limit: Option<Decimal>,
}

/// Sets or removes (`null`) a customer's credit limit.
pub async fn update_customer(
    State(app): State<Arc<Mizan>>,
    Id(id): Id,
    req: WriteRequest<perm::CustomersManage>,
) -> Found {
    let raw: serde_json::Map<String, Value> = req.parse()?;
    if !raw.contains_key("credit_limit") {
        return Err(ApiError::invalid(
            "credit_limit",
            "required: an amount, or null for no limit",
        ));
    }
    let b: CustomerPatch = req.parse()?;
    let limit = credit_limit(&req.auth.tenant.currency, b.credit_limit.as_ref())?;
    let c = app
        .set_credit_limit(
            req.auth.grant(),
            req.idempotency.clone(),
            CustomerId(id),
            limit,
        )
        .await?;
    Ok(Json(views::customer_in(&req.auth.tenant, &c)))
}

pub async fn list_customers(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::CatalogRead>,
    ListPage(page): ListPage,
) -> Found {
    let all = app.customers(auth.grant(), page).await?;
    Ok(Json(Value::Array(
        all.iter()
            .map(|c| views::customer_in(&auth.tenant, c))
            .collect(),
    )))
}

pub async fn get_customer(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::CatalogRead>,
    Id(id): Id,
) -> Found {
    let c = app.customer(auth.grant(), CustomerId(id)).await?;
    Ok(Json(views::customer_in(&auth.tenant, &c)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewProductBody {
    code: String,
    barcode: Option<String>,
    plu: Option<String>,
    name_en: String,
    name_ar: Option<String>,
    unit: String,
    sale_price: Decimal,
    vat_rate: Option<Decimal>,
    tracks_stock: Option<bool>,
    allow_negative_stock: Option<bool>,
    cost_price: Option<Decimal>,
}

pub async fn create_product(
    State(app): State<Arc<Mizan>>,
    req: WriteRequest<perm::CatalogManage>,
) -> Created {
    let b: NewProductBody = req.parse()?;
    let cur = &req.auth.tenant.currency;
    let input = NewProductInput {
        sale_price: b.sale_price.money(cur, "sale_price")?,
        vat_bp: b
            .vat_rate
            .as_ref()
            .map(|v| v.percent_bp("vat_rate"))
            .transpose()?,
        cost_price: b
            .cost_price
            .as_ref()
            .map(|c| c.money(cur, "cost_price"))
            .transpose()?,
        code: b.code,
        barcode: b.barcode,
        plu: b.plu,
        name_en: b.name_en,
        name_ar: b.name_ar,
        unit: b.unit,
        tracks_stock: b.tracks_stock,
        allow_negative_stock: b.allow_negative_stock,
    };
    let p = app
        .create_product(req.auth.grant(), req.idempotency.clone(), input)
        .await?;
    created(views::product(&req.auth.tenant, &p))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductPatch {
    sale_price: Option<Decimal>,
    vat_rate: Option<Decimal>,
    allow_negative_stock: Option<bool>,
    cost_price: Option<Decimal>,
}

/// Changes prices, VAT or the negative-stock switch of a product.
pub async fn update_product(
    State(app): State<Arc<Mizan>>,
    Id(id): Id,
    req: WriteRequest<perm::CatalogManage>,
) -> Found {
    let b: ProductPatch = req.parse()?;
    let cur = &req.auth.tenant.currency;
    let money =
        |d: &Option<Decimal>, field: &str| d.as_ref().map(|d| d.money(cur, field)).transpose();
    let changes = ProductChanges {
        sale_price: money(&b.sale_price, "sale_price")?,
        vat_bp: b
            .vat_rate
            .as_ref()
            .map(|v| v.percent_bp("vat_rate"))
            .transpose()?,
        allow_negative_stock: b.allow_negative_stock,
        cost_price: money(&b.cost_price, "cost_price")?,
    };
    let p = app
        .update_product(
            req.auth.grant(),
            req.idempotency.clone(),
            ProductId(id),
            changes,
        )
        .await?;
    Ok(Json(views::product(&req.auth.tenant, &p)))
}

pub async fn list_products(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::CatalogRead>,
    ListPage(page): ListPage,
) -> Found {
    let all = app.products(auth.grant(), page).await?;
    Ok(Json(Value::Array(
        all.iter()
            .map(|p| views::product(&auth.tenant, p))
            .collect(),
    )))
}

pub async fn get_product(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::CatalogRead>,
    Id(id): Id,
) -> Found {
    let p = app.product(auth.grant(), ProductId(id)).await?;
    Ok(Json(views::product(&auth.tenant, &p)))
}
