//! Branches, warehouses and cash registers over HTTP.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use mizan_app::{Mizan, perm};
use mizan_domain::{BranchId, CashRegisterId, WarehouseId};
use serde::Deserialize;
use utoipa::ToSchema;

use super::super::openapi::params::IdempotencyKey;
use super::super::openapi::refusals::{
    BadJson, Conflict, Forbidden, Invalid, NotFound, TimedOut, TooLarge, Unauthorized, Unavailable,
};
use super::super::views::{Branch, CashRegister, Warehouse};
use super::{Created, Found, created};
use crate::auth::Auth;
use crate::json::{Id, ListPage, PageQuery, WriteRequest};

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
