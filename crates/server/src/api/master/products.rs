//! Products over HTTP: create, change prices, VAT and the negative-stock switch, read.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use mizan_app::{Mizan, NewProductInput, perm};
use mizan_domain::ProductId;
use mizan_store::ProductChanges;
use serde::Deserialize;
use utoipa::ToSchema;

use super::super::openapi::params::IdempotencyKey;
use super::super::openapi::refusals::{
    BadJson, Conflict, Forbidden, Invalid, NotFound, TimedOut, TooLarge, Unauthorized, Unavailable,
};
use super::super::views::{Product, Unit};
use super::{Created, Found, created};
use crate::auth::Auth;
use crate::json::{Decimal, Id, ListPage, PageQuery, WriteRequest};

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
    /// A fabric kept in rolls (unit `metre`): received as rolls, cut and sold off them.
    in_rolls: Option<bool>,
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
        in_rolls: b.in_rolls,
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
