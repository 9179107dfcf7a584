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
use utoipa::ToSchema;

use super::openapi::params::IdempotencyKey;
use super::openapi::refusals::{
    BadJson, Conflict, Forbidden, Invalid, NotFound, TimedOut, TooLarge, Unauthorized, Unavailable,
};
use super::views::{Branch, CashRegister, Customer, Product, Unit, Warehouse};
use crate::ApiError;
use crate::auth::Auth;
use crate::json::{Decimal, Id, ListPage, PageQuery, WriteRequest};

type Created<T> = Result<(StatusCode, Json<T>), ApiError>;
type Found<T> = Result<Json<T>, ApiError>;

fn created<T>(v: T) -> Created<T> {
    Ok((StatusCode::CREATED, Json(v)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewBranch {
    name: String,
}

/// Create a branch.
#[utoipa::path(
    post,
    path = "/api/v1/branches",
    tag = "Master data",
    params(IdempotencyKey),
    request_body = NewBranch,
    responses(
        (status = 201, description = "Created", body = Branch),
        BadJson, Unauthorized, Forbidden, NotFound, TimedOut, Conflict, TooLarge, Invalid,
        Unavailable,
    ),
    extensions(("x-permission" = json!("catalog.manage")))
)]
pub async fn create_branch(
    State(app): State<Arc<Mizan>>,
    req: WriteRequest<perm::CatalogManage>,
) -> Created<Branch> {
    let b: NewBranch = req.parse()?;
    let branch = app
        .create_branch(req.auth.grant(), req.idempotency.clone(), &b.name)
        .await?;
    created(Branch::from(&branch))
}

/// List branches (in id order, a page at a time; 500 a page by default and at most).
#[utoipa::path(
    get,
    path = "/api/v1/branches",
    tag = "Master data",
    params(PageQuery),
    responses(
        (status = 200, description = "OK", body = Vec<Branch>),
        Unauthorized, Forbidden, Invalid, Unavailable,
    ),
    extensions(("x-permission" = json!("catalog.read")))
)]
pub async fn list_branches(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::CatalogRead>,
    ListPage(page): ListPage,
) -> Found<Vec<Branch>> {
    let all = app.branches(auth.grant(), page).await?;
    Ok(Json(all.iter().map(Branch::from).collect()))
}

/// Get a branch.
#[utoipa::path(
    get,
    path = "/api/v1/branches/{id}",
    tag = "Master data",
    params(Id),
    responses(
        (status = 200, description = "OK", body = Branch),
        Unauthorized, Forbidden, NotFound, Unavailable,
    ),
    extensions(("x-permission" = json!("catalog.read")))
)]
pub async fn get_branch(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::CatalogRead>,
    Id(id): Id,
) -> Found<Branch> {
    let b = app.branch(auth.grant(), BranchId(id)).await?;
    Ok(Json(Branch::from(&b)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewWarehouse {
    code: String,
    name: String,
    /// The branch it belongs to, if any.
    branch_id: Option<i64>,
}

/// Create a warehouse.
#[utoipa::path(
    post,
    path = "/api/v1/warehouses",
    tag = "Master data",
    params(IdempotencyKey),
    request_body = NewWarehouse,
    responses(
        (status = 201, description = "Created", body = Warehouse),
        BadJson, Unauthorized, Forbidden, NotFound, TimedOut, Conflict, TooLarge, Invalid,
        Unavailable,
    ),
    extensions(("x-permission" = json!("catalog.manage")))
)]
pub async fn create_warehouse(
    State(app): State<Arc<Mizan>>,
    req: WriteRequest<perm::CatalogManage>,
) -> Created<Warehouse> {
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
    created(Warehouse::from(&w))
}

/// List warehouses (in id order, a page at a time; 500 a page by default and at most).
#[utoipa::path(
    get,
    path = "/api/v1/warehouses",
    tag = "Master data",
    params(PageQuery),
    responses(
        (status = 200, description = "OK", body = Vec<Warehouse>),
        Unauthorized, Forbidden, Invalid, Unavailable,
    ),
    extensions(("x-permission" = json!("catalog.read")))
)]
pub async fn list_warehouses(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::CatalogRead>,
    ListPage(page): ListPage,
) -> Found<Vec<Warehouse>> {
    let all = app.warehouses(auth.grant(), page).await?;
    Ok(Json(all.iter().map(Warehouse::from).collect()))
}

/// Get a warehouse.
#[utoipa::path(
    get,
    path = "/api/v1/warehouses/{id}",
    tag = "Master data",
    params(Id),
    responses(
        (status = 200, description = "OK", body = Warehouse),
        Unauthorized, Forbidden, NotFound, Unavailable,
    ),
    extensions(("x-permission" = json!("catalog.read")))
)]
pub async fn get_warehouse(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::CatalogRead>,
    Id(id): Id,
) -> Found<Warehouse> {
    let w = app.warehouse(auth.grant(), WarehouseId(id)).await?;
    Ok(Json(Warehouse::from(&w)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCashRegister {
    name: String,
    /// The branch it belongs to, if any.
    branch_id: Option<i64>,
}

/// Create a cash register (with its own cash account).
#[utoipa::path(
    post,
    path = "/api/v1/cash-registers",
    tag = "Master data",
    params(IdempotencyKey),
    request_body = NewCashRegister,
    responses(
        (status = 201, description = "Created", body = CashRegister),
        BadJson, Unauthorized, Forbidden, NotFound, TimedOut, Conflict, TooLarge, Invalid,
        Unavailable,
    ),
    extensions(("x-permission" = json!("catalog.manage")))
)]
pub async fn create_cash_register(
    State(app): State<Arc<Mizan>>,
    req: WriteRequest<perm::CatalogManage>,
) -> Created<CashRegister> {
    let b: NewCashRegister = req.parse()?;
    let r = app
        .create_cash_register(
            req.auth.grant(),
            req.idempotency.clone(),
            b.branch_id.map(BranchId),
            &b.name,
        )
        .await?;
    created(CashRegister::from(&r))
}

/// List cash registers (in id order, a page at a time; 500 a page by default and at most).
#[utoipa::path(
    get,
    path = "/api/v1/cash-registers",
    tag = "Master data",
    params(PageQuery),
    responses(
        (status = 200, description = "OK", body = Vec<CashRegister>),
        Unauthorized, Forbidden, Invalid, Unavailable,
    ),
    extensions(("x-permission" = json!("catalog.read")))
)]
pub async fn list_cash_registers(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::CatalogRead>,
    ListPage(page): ListPage,
) -> Found<Vec<CashRegister>> {
    let all = app.cash_registers(auth.grant(), page).await?;
    Ok(Json(all.iter().map(CashRegister::from).collect()))
}

/// Get a cash register.
#[utoipa::path(
    get,
    path = "/api/v1/cash-registers/{id}",
    tag = "Master data",
    params(Id),
    responses(
        (status = 200, description = "OK", body = CashRegister),
        Unauthorized, Forbidden, NotFound, Unavailable,
    ),
    extensions(("x-permission" = json!("catalog.read")))
)]
pub async fn get_cash_register(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::CatalogRead>,
    Id(id): Id,
) -> Found<CashRegister> {
    let r = app.cash_register(auth.grant(), CashRegisterId(id)).await?;
    Ok(Json(CashRegister::from(&r)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCustomer {
    name: String,
    phone: Option<String>,
    /// Most the customer may owe on credit; none by default.
    credit_limit: Option<Decimal>,
}

/// A credit limit in the tenant's currency (minor units); `None` for none.
fn credit_limit(
    cur: &mizan_domain::Currency,
    value: Option<&Decimal>,
) -> Result<Option<i64>, ApiError> {
    value.map(|l| l.money(cur, "credit_limit")).transpose()
}

/// Create a customer.
#[utoipa::path(
    post,
    path = "/api/v1/customers",
    tag = "Master data",
    params(IdempotencyKey),
    request_body = NewCustomer,
    responses(
        (status = 201, description = "Created", body = Customer),
        BadJson, Unauthorized, Forbidden, NotFound, TimedOut, Conflict, TooLarge, Invalid,
        Unavailable,
    ),
    extensions(("x-permission" = json!("customers.manage")))
)]
pub async fn create_customer(
    State(app): State<Arc<Mizan>>,
    req: WriteRequest<perm::CustomersManage>,
) -> Created<Customer> {
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
    created(Customer::of(&req.auth.tenant, &c))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomerPatch {
    /// Required: a limit, or `null` for none.
    #[schema(required)]
    credit_limit: Option<Decimal>,
}

/// Set or remove (`null`) a customer's credit limit.
#[utoipa::path(
    patch,
    path = "/api/v1/customers/{id}",
    tag = "Master data",
    params(Id, IdempotencyKey),
    request_body = CustomerPatch,
    responses(
        (status = 200, description = "Changed", body = Customer),
        BadJson, Unauthorized, Forbidden, NotFound, TimedOut, Conflict, TooLarge, Invalid,
        Unavailable,
    ),
    extensions(("x-permission" = json!("customers.manage")))
)]
pub async fn update_customer(
    State(app): State<Arc<Mizan>>,
    Id(id): Id,
    req: WriteRequest<perm::CustomersManage>,
) -> Found<Customer> {
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
    Ok(Json(Customer::of(&req.auth.tenant, &c)))
}

/// List customers with their balances (in id order, a page at a time; 500 a page by default
/// and at most).
#[utoipa::path(
    get,
    path = "/api/v1/customers",
    tag = "Master data",
    params(PageQuery),
    responses(
        (status = 200, description = "OK", body = Vec<Customer>),
        Unauthorized, Forbidden, Invalid, Unavailable,
    ),
    extensions(("x-permission" = json!("catalog.read")))
)]
pub async fn list_customers(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::CatalogRead>,
    ListPage(page): ListPage,
) -> Found<Vec<Customer>> {
    let all = app.customers(auth.grant(), page).await?;
    Ok(Json(
        all.iter().map(|c| Customer::of(&auth.tenant, c)).collect(),
    ))
}

/// Get a customer with their balance.
#[utoipa::path(
    get,
    path = "/api/v1/customers/{id}",
    tag = "Master data",
    params(Id),
    responses(
        (status = 200, description = "OK", body = Customer),
        Unauthorized, Forbidden, NotFound, Unavailable,
    ),
    extensions(("x-permission" = json!("catalog.read")))
)]
pub async fn get_customer(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::CatalogRead>,
    Id(id): Id,
) -> Found<Customer> {
    let c = app.customer(auth.grant(), CustomerId(id)).await?;
    Ok(Json(Customer::of(&auth.tenant, &c)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewProductBody {
    code: String,
    barcode: Option<String>,
    /// Digits: the item code inside scale barcodes.
    plu: Option<String>,
    name_en: String,
    name_ar: Option<String>,
    #[schema(value_type = Unit)]
    unit: String,
    sale_price: Decimal,
    /// Percent, e.g. `"14"`; none by default.
    vat_rate: Option<Decimal>,
    tracks_stock: Option<bool>,
    allow_negative_stock: Option<bool>,
    cost_price: Option<Decimal>,
}

/// Create a product.
#[utoipa::path(
    post,
    path = "/api/v1/products",
    tag = "Master data",
    params(IdempotencyKey),
    request_body = NewProductBody,
    responses(
        (status = 201, description = "Created", body = Product),
        BadJson, Unauthorized, Forbidden, NotFound, TimedOut, Conflict, TooLarge, Invalid,
        Unavailable,
    ),
    extensions(("x-permission" = json!("catalog.manage")))
)]
pub async fn create_product(
    State(app): State<Arc<Mizan>>,
    req: WriteRequest<perm::CatalogManage>,
) -> Created<Product> {
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
    created(Product::of(&req.auth.tenant, &p))
}

/// What to change of a product; a field left out stays as it is.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProductPatch {
    sale_price: Option<Decimal>,
    vat_rate: Option<Decimal>,
    allow_negative_stock: Option<bool>,
    cost_price: Option<Decimal>,
}

/// Change a product's prices, VAT rate or negative-stock switch.
#[utoipa::path(
    patch,
    path = "/api/v1/products/{id}",
    tag = "Master data",
    params(Id, IdempotencyKey),
    request_body = ProductPatch,
    responses(
        (status = 200, description = "Changed", body = Product),
        BadJson, Unauthorized, Forbidden, NotFound, TimedOut, TooLarge, Invalid, Unavailable,
    ),
    extensions(("x-permission" = json!("catalog.manage")))
)]
pub async fn update_product(
    State(app): State<Arc<Mizan>>,
    Id(id): Id,
    req: WriteRequest<perm::CatalogManage>,
) -> Found<Product> {
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
    Ok(Json(Product::of(&req.auth.tenant, &p)))
}

/// List products (in id order, a page at a time; 500 a page by default and at most).
#[utoipa::path(
    get,
    path = "/api/v1/products",
    tag = "Master data",
    params(PageQuery),
    responses(
        (status = 200, description = "OK", body = Vec<Product>),
        Unauthorized, Forbidden, Invalid, Unavailable,
    ),
    extensions(("x-permission" = json!("catalog.read")))
)]
pub async fn list_products(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::CatalogRead>,
    ListPage(page): ListPage,
) -> Found<Vec<Product>> {
    let all = app.products(auth.grant(), page).await?;
    Ok(Json(
        all.iter().map(|p| Product::of(&auth.tenant, p)).collect(),
    ))
}

/// Get a product.
#[utoipa::path(
    get,
    path = "/api/v1/products/{id}",
    tag = "Master data",
    params(Id),
    responses(
        (status = 200, description = "OK", body = Product),
        Unauthorized, Forbidden, NotFound, Unavailable,
    ),
    extensions(("x-permission" = json!("catalog.read")))
)]
pub async fn get_product(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::CatalogRead>,
    Id(id): Id,
) -> Found<Product> {
    let p = app.product(auth.grant(), ProductId(id)).await?;
    Ok(Json(Product::of(&auth.tenant, &p)))
}
