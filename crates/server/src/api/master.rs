//! Master data: branches, warehouses, cash registers, customers, products.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use mizan_app::{Mizan, Perm, perm};
use mizan_domain::{BranchId, CashRegisterId, CustomerId, ProductId, WarehouseId};
use mizan_store::{Command, NewProduct, ProductChanges, Written};
use serde::Deserialize;
use serde_json::Value;

use super::views;
use crate::ApiError;
use crate::auth::Auth;
use crate::json::{Decimal, Id, ListPage, WriteRequest};

type Created = Result<(StatusCode, Json<Value>), ApiError>;
type Found = Result<Json<Value>, ApiError>;

fn text(value: &str, field: &str, max: usize) -> Result<String, ApiError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(ApiError::invalid(field, "must not be empty"));
    }
    if v.chars().any(char::is_control) {
        return Err(ApiError::invalid(
            field,
            "must not contain control characters",
        ));
    }
    if v.chars().count() > max {
        return Err(ApiError::invalid(
            field,
            format!("at most {max} characters"),
        ));
    }
    Ok(v.to_owned())
}

fn optional_text(value: Option<&str>, field: &str, max: usize) -> Result<Option<String>, ApiError> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => text(v, field, max).map(Some),
    }
}

async fn write<P: Perm>(
    app: &Mizan,
    req: &WriteRequest<P>,
    cmd: Command,
) -> Result<Written, ApiError> {
    app.write(req.auth.grant(), req.idempotency.clone(), cmd)
        .await
        .map_err(ApiError::from_write)
}

fn created(v: Value) -> Created {
    Ok((StatusCode::CREATED, Json(v)))
}

fn gone(what: &str) -> ApiError {
    ApiError::internal(&format!("{what} vanished after being written"))
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
    let name = text(&b.name, "name", 200)?;
    let w = write(&app, &req, Command::CreateBranch { name }).await?;
    let b = app.store().branch(req.auth.scope(), BranchId(w.id)).await?;
    created(views::branch(&b.ok_or_else(|| gone("branch"))?))
}

pub async fn list_branches(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::CatalogRead>,
    ListPage(page): ListPage,
) -> Found {
    let all = app.store().branches(auth.scope(), page).await?;
    Ok(Json(Value::Array(all.iter().map(views::branch).collect())))
}

pub async fn get_branch(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::CatalogRead>,
    Id(id): Id,
) -> Found {
    let b = app.store().branch(auth.scope(), BranchId(id)).await?;
    Ok(Json(views::branch(
        &b.ok_or_else(|| ApiError::not_found("branch"))?,
    )))
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
    let cmd = Command::CreateWarehouse {
        branch_id: b.branch_id.map(BranchId),
        code: text(&b.code, "code", 50)?,
        name: text(&b.name, "name", 200)?,
    };
    let w = write(&app, &req, cmd).await?;
    let v = app
        .store()
        .warehouse(req.auth.scope(), WarehouseId(w.id))
        .await?;
    created(views::warehouse(&v.ok_or_else(|| gone("warehouse"))?))
}

pub async fn list_warehouses(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::CatalogRead>,
    ListPage(page): ListPage,
) -> Found {
    let all = app.store().warehouses(auth.scope(), page).await?;
    Ok(Json(Value::Array(
        all.iter().map(views::warehouse).collect(),
    )))
}

pub async fn get_warehouse(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::CatalogRead>,
    Id(id): Id,
) -> Found {
    let v = app.store().warehouse(auth.scope(), WarehouseId(id)).await?;
    Ok(Json(views::warehouse(
        &v.ok_or_else(|| ApiError::not_found("warehouse"))?,
    )))
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
    let cmd = Command::CreateCashRegister {
        branch_id: b.branch_id.map(BranchId),
        name: text(&b.name, "name", 100)?,
    };
    let w = write(&app, &req, cmd).await?;
    let v = app
        .store()
        .cash_register(req.auth.scope(), CashRegisterId(w.id))
        .await?;
    created(views::cash_register(
        &v.ok_or_else(|| gone("cash register"))?,
    ))
}

pub async fn list_cash_registers(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::CatalogRead>,
    ListPage(page): ListPage,
) -> Found {
    let all = app.store().cash_registers(auth.scope(), page).await?;
    Ok(Json(Value::Array(
        all.iter().map(views::cash_register).collect(),
    )))
}

pub async fn get_cash_register(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::CatalogRead>,
    Id(id): Id,
) -> Found {
    let v = app
        .store()
        .cash_register(auth.scope(), CashRegisterId(id))
        .await?;
    Ok(Json(views::cash_register(
        &v.ok_or_else(|| ApiError::not_found("cash register"))?,
    )))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewCustomer {
    name: String,
    phone: Option<String>,
    credit_limit: Option<Decimal>,
}

fn credit_limit(
    cur: &mizan_domain::Currency,
    value: Option<&Decimal>,
) -> Result<Option<i64>, ApiError> {
    let limit = value.map(|l| l.money(cur, "credit_limit")).transpose()?;
    if limit.is_some_and(|l| l < 0) {
        return Err(ApiError::invalid("credit_limit", "must not be negative"));
    }
    Ok(limit)
}

pub async fn create_customer(
    State(app): State<Arc<Mizan>>,
    req: WriteRequest<perm::CustomersManage>,
) -> Created {
    let b: NewCustomer = req.parse()?;
    let cmd = Command::CreateCustomer {
        name: text(&b.name, "name", 200)?,
        phone: optional_text(b.phone.as_deref(), "phone", 50)?,
        credit_limit: credit_limit(&req.auth.tenant.currency, b.credit_limit.as_ref())?,
    };
    let w = write(&app, &req, cmd).await?;
    let v = app
        .store()
        .customer(req.auth.scope(), CustomerId(w.id))
        .await?;
    created(views::customer_in(
        &req.auth.tenant,
        &v.ok_or_else(|| gone("customer"))?,
    ))
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
    let cmd = Command::SetCreditLimit {
        customer: CustomerId(id),
        credit_limit: credit_limit(&req.auth.tenant.currency, b.credit_limit.as_ref())?,
    };
    let w = write(&app, &req, cmd).await?;
    let v = app
        .store()
        .customer(req.auth.scope(), CustomerId(w.id))
        .await?;
    Ok(Json(views::customer_in(
        &req.auth.tenant,
        &v.ok_or_else(|| gone("customer"))?,
    )))
}

pub async fn list_customers(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::CatalogRead>,
    ListPage(page): ListPage,
) -> Found {
    let all = app.store().customers(auth.scope(), page).await?;
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
    let v = app.store().customer(auth.scope(), CustomerId(id)).await?;
    Ok(Json(views::customer_in(
        &auth.tenant,
        &v.ok_or_else(|| ApiError::not_found("customer"))?,
    )))
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
    let unit = b.unit.trim().to_owned();
    if !matches!(unit.as_str(), "piece" | "metre" | "hour" | "kg") {
        return Err(ApiError::invalid(
            "unit",
            "must be piece, metre, kg or hour",
        ));
    }
    let sale_price = b.sale_price.money(cur, "sale_price")?;
    if sale_price < 0 {
        return Err(ApiError::invalid("sale_price", "must not be negative"));
    }
    let vat_bp = match &b.vat_rate {
        Some(v) => v.percent_bp("vat_rate")?,
        None => 0,
    };
    if !(0..=10_000).contains(&vat_bp) {
        return Err(ApiError::invalid(
            "vat_rate",
            "must be a percentage from 0 to 100",
        ));
    }
    let cost_price = match &b.cost_price {
        Some(c) => {
            let c = c.money(cur, "cost_price")?;
            if c <= 0 {
                return Err(ApiError::invalid("cost_price", "must be positive"));
            }
            Some(c)
        }
        None => None,
    };
    let name_en = text(&b.name_en, "name_en", 200)?;
    let plu = optional_text(b.plu.as_deref(), "plu", 7)?;
    if plu
        .as_deref()
        .is_some_and(|p| !p.bytes().all(|c| c.is_ascii_digit()))
    {
        return Err(ApiError::invalid(
            "plu",
            "digits only (the item code of scale barcodes)",
        ));
    }
    let cmd = Command::CreateProduct(NewProduct {
        plu,
        code: text(&b.code, "code", 64)?,
        barcode: optional_text(b.barcode.as_deref(), "barcode", 64)?,
        name_ar: optional_text(b.name_ar.as_deref(), "name_ar", 200)?
            .unwrap_or_else(|| name_en.clone()),
        name_en,
        tracks_stock: b.tracks_stock.unwrap_or(unit != "hour"),
        unit,
        sale_price,
        vat_bp,
        allow_negative_stock: b.allow_negative_stock.unwrap_or(false),
        cost_price,
    });
    let w = write(&app, &req, cmd).await?;
    let v = app
        .store()
        .product(req.auth.scope(), ProductId(w.id))
        .await?;
    created(views::product(
        &req.auth.tenant,
        &v.ok_or_else(|| gone("product"))?,
    ))
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
    let sale_price = b
        .sale_price
        .as_ref()
        .map(|p| p.money(cur, "sale_price"))
        .transpose()?;
    if sale_price.is_some_and(|p| p < 0) {
        return Err(ApiError::invalid("sale_price", "must not be negative"));
    }
    let vat_bp = b
        .vat_rate
        .as_ref()
        .map(|v| v.percent_bp("vat_rate"))
        .transpose()?;
    if vat_bp.is_some_and(|v| !(0..=10_000).contains(&v)) {
        return Err(ApiError::invalid(
            "vat_rate",
            "must be a percentage from 0 to 100",
        ));
    }
    let cost_price = b
        .cost_price
        .as_ref()
        .map(|c| c.money(cur, "cost_price"))
        .transpose()?;
    if cost_price.is_some_and(|c| c <= 0) {
        return Err(ApiError::invalid("cost_price", "must be positive"));
    }
    let changes = ProductChanges {
        sale_price,
        vat_bp,
        allow_negative_stock: b.allow_negative_stock,
        cost_price,
    };
    let cmd = Command::UpdateProduct {
        product: ProductId(id),
        changes,
    };
    let w = write(&app, &req, cmd).await?;
    let v = app
        .store()
        .product(req.auth.scope(), ProductId(w.id))
        .await?;
    Ok(Json(views::product(
        &req.auth.tenant,
        &v.ok_or_else(|| gone("product"))?,
    )))
}

pub async fn list_products(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::CatalogRead>,
    ListPage(page): ListPage,
) -> Found {
    let all = app.store().products(auth.scope(), page).await?;
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
    let v = app.store().product(auth.scope(), ProductId(id)).await?;
    Ok(Json(views::product(
        &auth.tenant,
        &v.ok_or_else(|| ApiError::not_found("product"))?,
    )))
}
