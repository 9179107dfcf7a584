//! Buying over HTTP: suppliers (with their statements), receipts of goods, purchase returns
//! and supplier payments.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use mizan_app::{Mizan, SupplierInput, perm};
use mizan_domain::payments::{PaidFrom, SupplierPayment as Payment};
use mizan_domain::purchases::{PurchaseDraft, PurchaseLine, PurchaseReturnDraft};
use mizan_domain::returns::ReturnLine;
use mizan_domain::{CashRegisterId, ProductId, PurchaseId, SupplierId, WarehouseId};
use serde::Deserialize;
use utoipa::ToSchema;

use super::openapi::params::IdempotencyKey;
use super::openapi::refusals::{
    BadJson, Conflict, Forbidden, Invalid, NotFound, TimedOut, TooLarge, Unauthorized, Unavailable,
};
use super::views::{Purchase, PurchaseReturn, Statement, Supplier, SupplierPayment};
use crate::ApiError;
use crate::auth::Auth;
use crate::json::{Decimal, Id, ListPage, PageQuery, WriteRequest};

type Created<T> = Result<(StatusCode, Json<T>), ApiError>;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSupplier {
    #[schema(max_length = 200)]
    name: String,
    phone: Option<String>,
    tax_number: Option<String>,
}

/// Create a supplier.
#[utoipa::path(
    post,
    path = "/api/v1/suppliers",
    tag = "Purchases",
    params(IdempotencyKey),
    request_body = NewSupplier,
    responses(
        (status = 201, description = "Created", body = Supplier),
        BadJson, Unauthorized, Forbidden, TimedOut, Conflict, TooLarge, Invalid, Unavailable,
    ),
    extensions(("x-permission" = json!("purchases.manage")))
)]
pub async fn create_supplier(
    State(app): State<Arc<Mizan>>,
    req: WriteRequest<perm::PurchasesManage>,
) -> Created<Supplier> {
    let b: NewSupplier = req.parse()?;
    let input = SupplierInput {
        name: &b.name,
        phone: b.phone.as_deref(),
        tax_number: b.tax_number.as_deref(),
    };
    let s = app
        .create_supplier(req.auth.grant(), req.idempotency.clone(), input)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(Supplier::of(&req.auth.tenant, &s)),
    ))
}

/// List suppliers with what the shop owes each (in id order; 500 a page by default and at
/// most).
#[utoipa::path(
    get,
    path = "/api/v1/suppliers",
    tag = "Purchases",
    params(PageQuery),
    responses(
        (status = 200, description = "OK", body = Vec<Supplier>),
        Unauthorized, Forbidden, Invalid, Unavailable,
    ),
    extensions(("x-permission" = json!("purchases.read")))
)]
pub async fn list_suppliers(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::PurchasesRead>,
    ListPage(page): ListPage,
) -> Result<Json<Vec<Supplier>>, ApiError> {
    let all = app.suppliers(auth.grant(), page).await?;
    Ok(Json(
        all.iter().map(|s| Supplier::of(&auth.tenant, s)).collect(),
    ))
}

/// A supplier.
#[utoipa::path(
    get,
    path = "/api/v1/suppliers/{id}",
    tag = "Purchases",
    params(Id),
    responses(
        (status = 200, description = "OK", body = Supplier),
        Unauthorized, Forbidden, NotFound, Unavailable,
    ),
    extensions(("x-permission" = json!("purchases.read")))
)]
pub async fn get_supplier(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::PurchasesRead>,
    Id(id): Id,
) -> Result<Json<Supplier>, ApiError> {
    let s = app.supplier(auth.grant(), SupplierId(id)).await?;
    Ok(Json(Supplier::of(&auth.tenant, &s)))
}

/// A supplier's statement of account: purchases, purchase returns and payments with a running
/// balance.
#[utoipa::path(
    get,
    path = "/api/v1/suppliers/{id}/statement",
    tag = "Purchases",
    params(Id),
    responses(
        (status = 200, description = "OK", body = Statement),
        Unauthorized, Forbidden, NotFound, Unavailable,
    ),
    extensions(("x-permission" = json!("purchases.read")))
)]
pub async fn supplier_statement(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::PurchasesRead>,
    Id(id): Id,
) -> Result<Json<Statement>, ApiError> {
    let lines = app.supplier_statement(auth.grant(), SupplierId(id)).await?;
    Ok(Json(Statement::of(&auth.tenant, &lines)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct PurchaseLineBody {
    product_id: i64,
    quantity: Decimal,
    /// Per whole unit, before VAT.
    unit_cost: Decimal,
    /// Input VAT in percent; the product's own rate by default.
    vat_rate: Option<Decimal>,
    /// A fabric kept in rolls: the rolls the line brings in, adding up to its quantity (by
    /// default one roll labelled with the receipt's number and line).
    #[serde(default)]
    #[schema(max_items = 500)]
    rolls: Vec<super::workshop::NewRollBody>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct NewPurchase {
    supplier_id: i64,
    warehouse_id: i64,
    /// The supplier's own invoice number.
    supplier_ref: Option<String>,
    #[schema(min_items = 1, max_items = 500)]
    lines: Vec<PurchaseLineBody>,
}

/// Receive goods from a supplier at their cost: Dr Inventory, Dr VAT input / Cr Suppliers;
/// the moving average cost updates, and a product without a cost gets this one.
#[utoipa::path(
    post,
    path = "/api/v1/purchases",
    tag = "Purchases",
    params(IdempotencyKey),
    request_body = NewPurchase,
    responses(
        (status = 201, description = "Received", body = Purchase),
        BadJson, Unauthorized, Forbidden, NotFound, TimedOut, Conflict, TooLarge, Invalid,
        Unavailable,
    ),
    extensions(("x-permission" = json!("purchases.manage")))
)]
pub async fn create_purchase(
    State(app): State<Arc<Mizan>>,
    req: WriteRequest<perm::PurchasesManage>,
) -> Created<Purchase> {
    let b: NewPurchase = req.parse()?;
    let t = &req.auth.tenant;
    let lines = b
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            Ok(PurchaseLine {
                product: ProductId(l.product_id),
                qty: l.quantity.qty(&format!("lines[{i}].quantity"))?,
                unit_cost: l
                    .unit_cost
                    .money(&t.currency, &format!("lines[{i}].unit_cost"))?,
                vat_bp: l
                    .vat_rate
                    .as_ref()
                    .map(|v| v.percent_bp(&format!("lines[{i}].vat_rate")))
                    .transpose()?,
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    let rolls = b
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            super::workshop::new_rolls(&l.rolls, &format!("lines[{i}].rolls"), &t.currency)
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    let draft = PurchaseDraft::new(
        SupplierId(b.supplier_id),
        WarehouseId(b.warehouse_id),
        b.supplier_ref.as_deref(),
        lines,
    )
    .and_then(|d| d.with_rolls(rolls))
    .map_err(|e| ApiError::refusal(&e, Some(&t.currency)))?;
    let p = app
        .receive_purchase(req.auth.grant(), req.idempotency.clone(), draft)
        .await
        .map_err(|e| ApiError::app_in(e, &t.currency))?;
    Ok((StatusCode::CREATED, Json(Purchase::of(t, &p))))
}

/// A receipt with its lines.
#[utoipa::path(
    get,
    path = "/api/v1/purchases/{id}",
    tag = "Purchases",
    params(Id),
    responses(
        (status = 200, description = "OK", body = Purchase),
        Unauthorized, Forbidden, NotFound, Unavailable,
    ),
    extensions(("x-permission" = json!("purchases.read")))
)]
pub async fn get_purchase(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::PurchasesRead>,
    Id(id): Id,
) -> Result<Json<Purchase>, ApiError> {
    let p = app.purchase(auth.grant(), PurchaseId(id)).await?;
    Ok(Json(Purchase::of(&auth.tenant, &p)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct PurchaseReturnLineBody {
    /// The receipt line's `line_no`.
    line: usize,
    quantity: Decimal,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct NewPurchaseReturn {
    #[schema(min_items = 1, max_items = 500)]
    lines: Vec<PurchaseReturnLineBody>,
    #[schema(max_length = 200)]
    reason: String,
}

/// Send lines of a receipt back to the supplier: they leave at the moving average, the
/// supplier owes back the receipt's price for them, and never more than was bought less what
/// went back before (`return_exceeds_purchase`).
#[utoipa::path(
    post,
    path = "/api/v1/purchases/{id}/returns",
    tag = "Purchases",
    params(Id, IdempotencyKey),
    request_body = NewPurchaseReturn,
    responses(
        (status = 201, description = "Sent back", body = PurchaseReturn),
        BadJson, Unauthorized, Forbidden, NotFound, TimedOut, Conflict, TooLarge, Invalid,
        Unavailable,
    ),
    extensions(("x-permission" = json!("purchases.manage")))
)]
pub async fn create_purchase_return(
    State(app): State<Arc<Mizan>>,
    Id(id): Id,
    req: WriteRequest<perm::PurchasesManage>,
) -> Created<PurchaseReturn> {
    let b: NewPurchaseReturn = req.parse()?;
    let t = &req.auth.tenant;
    let lines = b
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            Ok(ReturnLine {
                line: l.line,
                qty: l.quantity.qty(&format!("lines[{i}].quantity"))?,
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    let draft = PurchaseReturnDraft::new(lines, &b.reason)
        .map_err(|e| ApiError::refusal(&e, Some(&t.currency)))?;
    let r = app
        .return_purchase(
            req.auth.grant(),
            req.idempotency.clone(),
            PurchaseId(id),
            draft,
        )
        .await
        .map_err(|e| ApiError::app_in(e, &t.currency))?;
    Ok((StatusCode::CREATED, Json(PurchaseReturn::of(t, &r))))
}

/// A purchase return with its lines.
#[utoipa::path(
    get,
    path = "/api/v1/purchase-returns/{id}",
    tag = "Purchases",
    params(Id),
    responses(
        (status = 200, description = "OK", body = PurchaseReturn),
        Unauthorized, Forbidden, NotFound, Unavailable,
    ),
    extensions(("x-permission" = json!("purchases.read")))
)]
pub async fn get_purchase_return(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::PurchasesRead>,
    Id(id): Id,
) -> Result<Json<PurchaseReturn>, ApiError> {
    let r = app.purchase_return(auth.grant(), id).await?;
    Ok(Json(PurchaseReturn::of(&auth.tenant, &r)))
}

/// Where a supplier payment's money comes from.
#[derive(Deserialize, ToSchema)]
#[serde(tag = "source", rename_all = "snake_case", deny_unknown_fields)]
enum PaidFromBody {
    Safe,
    /// Out of this register's drawer, in its open session (no more than it holds).
    Drawer {
        cash_register_id: i64,
    },
    Bank,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct NewSupplierPayment {
    supplier_id: i64,
    amount: Decimal,
    paid_from: PaidFromBody,
    #[schema(max_length = 200)]
    note: Option<String>,
}

/// Pay a supplier: Dr Suppliers / Cr the safe, a drawer (in its open session, within the cash
/// it expects: `insufficient_cash`) or the bank.
#[utoipa::path(
    post,
    path = "/api/v1/supplier-payments",
    tag = "Purchases",
    params(IdempotencyKey),
    request_body = NewSupplierPayment,
    responses(
        (status = 201, description = "Paid", body = SupplierPayment),
        BadJson, Unauthorized, Forbidden, NotFound, TimedOut, Conflict, TooLarge, Invalid,
        Unavailable,
    ),
    extensions(("x-permission" = json!("suppliers.pay")))
)]
pub async fn create_supplier_payment(
    State(app): State<Arc<Mizan>>,
    req: WriteRequest<perm::SuppliersPay>,
) -> Created<SupplierPayment> {
    let b: NewSupplierPayment = req.parse()?;
    let t = &req.auth.tenant;
    let from = match b.paid_from {
        PaidFromBody::Safe => PaidFrom::Safe,
        PaidFromBody::Bank => PaidFrom::Bank,
        PaidFromBody::Drawer { cash_register_id } => {
            PaidFrom::Drawer(CashRegisterId(cash_register_id))
        }
    };
    let payment = Payment::new(
        SupplierId(b.supplier_id),
        b.amount.money(&t.currency, "amount")?,
        from,
        b.note.as_deref(),
    )
    .map_err(|e| ApiError::refusal(&e, Some(&t.currency)))?;
    let p = app
        .pay_supplier(req.auth.grant(), req.idempotency.clone(), payment)
        .await
        .map_err(|e| ApiError::app_in(e, &t.currency))?;
    Ok((StatusCode::CREATED, Json(SupplierPayment::of(t, &p))))
}

/// A supplier payment.
#[utoipa::path(
    get,
    path = "/api/v1/supplier-payments/{id}",
    tag = "Purchases",
    params(Id),
    responses(
        (status = 200, description = "OK", body = SupplierPayment),
        Unauthorized, Forbidden, NotFound, Unavailable,
    ),
    extensions(("x-permission" = json!("purchases.read")))
)]
pub async fn get_supplier_payment(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::PurchasesRead>,
    Id(id): Id,
) -> Result<Json<SupplierPayment>, ApiError> {
    let p = app.supplier_payment(auth.grant(), id).await?;
    Ok(Json(SupplierPayment::of(&auth.tenant, &p)))
}
