//! Sales: create a sale (completing it at once, or as a draft), complete a draft with its
//! payments (`/complete`, alias `/checkout`; `/post` pays it as a whole), read sales and a
//! sale's receipt.

use std::sync::Arc;

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use mizan_app::{Approval, Mizan, perm};
use mizan_domain::sales::{
    NewPayment, NewSaleLine, PaymentMethod, Payments, SaleDraft, SaleError, Settlement,
};
use mizan_domain::{CashRegisterId, CashierSessionId, CustomerId, ProductId, SaleId, WarehouseId};
use mizan_store::Tenant;
use serde::Deserialize;
use utoipa::ToSchema;

use super::openapi::params::IdempotencyKey;
use super::openapi::refusals::{
    BadJson, Conflict, Forbidden, Invalid, NotFound, TimedOut, TooLarge, Unauthorized, Unavailable,
};
use super::views::{PaymentMethodName, Receipt, Sale};
use crate::ApiError;
use crate::auth::Auth;
use crate::json::{BeforeQuery, Decimal, Id, WriteRequest};

/// One line to sell; a line without `unit_price` sells at the list price.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SaleLineBody {
    product_id: i64,
    warehouse_id: i64,
    quantity: Decimal,
    unit_price: Option<Decimal>,
    discount: Option<Decimal>,
    /// A scanned scale label's `amount` (`GET /products/lookup`): the line sells at exactly
    /// this, before discount and VAT, with the label's `quantity`. An amount other than what
    /// the quantity is worth at the price is another price (`catalog.manage`).
    label_amount: Option<Decimal>,
}

/// The shorthand of the first API version: one method for the whole sale.
#[derive(Deserialize, ToSchema)]
#[serde(tag = "method", rename_all = "snake_case", deny_unknown_fields)]
pub enum PaymentBody {
    Cash { cash_register_id: i64 },
    Credit { customer_id: i64 },
}

/// One payment as a till sends it.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PaymentLineBody {
    #[schema(value_type = PaymentMethodName)]
    payment_method: String,
    amount: Decimal,
    received_amount: Option<Decimal>,
}

/// A sale: its lines, who pays and how, and whether to complete it at once.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSaleBody {
    #[schema(min_items = 1)]
    lines: Vec<SaleLineBody>,
    payment: Option<PaymentBody>,
    cash_register_id: Option<i64>,
    customer_id: Option<i64>,
    /// The session the sale must land in (`session_closed` if it is closed); by default the
    /// register's open session.
    cashier_session_id: Option<i64>,
    /// Settles the whole sale by one method when it is completed without payments.
    #[schema(value_type = Option<PaymentMethodName>)]
    payment_method: Option<String>,
    /// Completes the sale at once with these payments.
    payments: Option<Vec<PaymentLineBody>>,
    /// Complete at once (default) or keep as a draft.
    #[schema(default = true)]
    post: Option<bool>,
    /// A manager's credentials, typed at the till, approving what the seller's role may not.
    approval: Option<ApprovalBody>,
}

/// A manager approving this one action at the same till with their own credentials (a
/// discount or price beyond the seller's role, a refund); the audit row names both.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApprovalBody {
    username: String,
    password: String,
}

impl From<ApprovalBody> for Approval {
    fn from(a: ApprovalBody) -> Self {
        Self {
            username: a.username,
            password: a.password,
        }
    }
}

/// Payments must add up to the total (`payment_mismatch`). Without payments the draft's
/// `payment_method` settles the whole sale; a draft with neither completes only when its total
/// is zero (`payments_required` otherwise).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CompleteBody {
    pub(super) payments: Option<Vec<PaymentLineBody>>,
    /// Completes a draft parked in a closed shift in this (open) session instead.
    pub(super) cashier_session_id: Option<i64>,
}

fn sale_error(e: &SaleError) -> ApiError {
    ApiError::refusal(e, None)
}

fn method(text: &str, field: &str) -> Result<PaymentMethod, ApiError> {
    PaymentMethod::parse(text).ok_or_else(|| {
        let mut e = ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown_payment_method",
            format!(
                "{field}: unknown payment method {text:?}; use cash, card, bank_transfer or credit"
            ),
        );
        e.details = serde_json::json!({ "field": field });
        e
    })
}

pub(super) fn payments(tenant: &Tenant, body: &[PaymentLineBody]) -> Result<Payments, ApiError> {
    let mut out = Vec::with_capacity(body.len());
    for (i, p) in body.iter().enumerate() {
        out.push(NewPayment {
            method: method(&p.payment_method, &format!("payments[{i}].payment_method"))?,
            amount: p
                .amount
                .money(&tenant.currency, &format!("payments[{i}].amount"))?,
            received: p
                .received_amount
                .as_ref()
                .map(|r| r.money(&tenant.currency, &format!("payments[{i}].received_amount")))
                .transpose()?,
        });
    }
    Payments::new(out).map_err(|e| sale_error(&e))
}

/// The sale's lines as the client sent them (a line without a price sells at the list price).
fn lines(tenant: &Tenant, body: &[SaleLineBody]) -> Result<Vec<NewSaleLine>, ApiError> {
    let money = |d: &Option<Decimal>, field: String| {
        d.as_ref()
            .map(|d| d.money(&tenant.currency, &field))
            .transpose()
    };
    body.iter()
        .enumerate()
        .map(|(i, l)| {
            Ok(NewSaleLine {
                product: ProductId(l.product_id),
                warehouse: WarehouseId(l.warehouse_id),
                qty: l.quantity.qty(&format!("lines[{i}].quantity"))?,
                unit_price: money(&l.unit_price, format!("lines[{i}].unit_price"))?,
                discount: money(&l.discount, format!("lines[{i}].discount"))?.unwrap_or(0),
                label_amount: money(&l.label_amount, format!("lines[{i}].label_amount"))?,
            })
        })
        .collect()
}

/// Create a sale and complete it (default) or keep it as a draft.
#[utoipa::path(
    post,
    path = "/api/v1/sales",
    tag = "Sales",
    params(IdempotencyKey),
    request_body = NewSaleBody,
    responses(
        (status = 201, description = "Created", body = Sale),
        BadJson, Unauthorized, Forbidden, NotFound, TimedOut, Conflict, TooLarge, Invalid,
        Unavailable,
    ),
    extensions(("x-permission" = json!("sales.sell (catalog.manage for a price other than the product's; sessions.close_any for another's session; discounts within the role's limit)")))
)]
pub async fn create_sale(
    State(app): State<Arc<Mizan>>,
    req: WriteRequest<perm::Sell>,
) -> Result<(StatusCode, Json<Sale>), ApiError> {
    let body: NewSaleBody = req.parse()?;
    let tenant = &req.auth.tenant;
    let lines = lines(tenant, &body.lines)?;
    let (mut register, mut customer) = (
        body.cash_register_id.map(CashRegisterId),
        body.customer_id.map(CustomerId),
    );
    let mut default_method = body
        .payment_method
        .as_deref()
        .map(|m| method(m, "payment_method"))
        .transpose()?;
    let clash = |field: &str| ApiError::invalid(field, "differs from the payment's");
    match body.payment {
        Some(PaymentBody::Cash { cash_register_id }) => {
            if register.is_some_and(|r| r.0 != cash_register_id) {
                return Err(clash("cash_register_id"));
            }
            register = Some(CashRegisterId(cash_register_id));
            default_method = Some(PaymentMethod::Cash);
        }
        Some(PaymentBody::Credit { customer_id }) => {
            if customer.is_some_and(|c| c.0 != customer_id) {
                return Err(clash("customer_id"));
            }
            customer = Some(CustomerId(customer_id));
            default_method = Some(PaymentMethod::Credit);
        }
        None => {}
    }
    let draft = SaleDraft::at(
        lines,
        register,
        customer,
        body.cashier_session_id.map(CashierSessionId),
        default_method,
    )
    .map_err(|e| sale_error(&e))?;
    let complete = match (&body.payments, body.post.unwrap_or(true)) {
        (Some(_), false) => {
            return Err(ApiError::invalid(
                "payments",
                "a draft (post: false) takes no payments; send them when completing it",
            ));
        }
        (Some(p), true) => Some(Settlement::Payments(payments(tenant, p)?)),
        (None, true) => Some(default_method.map_or(Settlement::Unpaid, Settlement::Whole)),
        (None, false) => None,
    };
    let sale = app
        .create_sale(
            req.auth.grant(),
            req.idempotency.clone(),
            draft,
            complete,
            body.approval.map(Approval::from),
        )
        .await
        .map_err(|e| ApiError::app_in(e, &tenant.currency))?;
    Ok((StatusCode::CREATED, Json(Sale::of(tenant, &sale))))
}

/// Complete a draft as a whole by its payment method; completing a completed sale returns it
/// and writes nothing.
#[utoipa::path(
    post,
    path = "/api/v1/sales/{id}/post",
    tag = "Sales",
    params(Id, IdempotencyKey),
    responses(
        (status = 200, description = "Completed", body = Sale),
        Unauthorized, Forbidden, NotFound, TimedOut, Conflict, TooLarge, Invalid, Unavailable,
    ),
    extensions(("x-permission" = json!("sales.sell (sales.read_all for others' sales)")))
)]
pub async fn post_sale(
    State(app): State<Arc<Mizan>>,
    Id(id): Id,
    req: WriteRequest<perm::Sell>,
) -> Result<Json<Sale>, ApiError> {
    complete(&app, id, &req, None, None).await
}

/// Complete a draft sale with its payments (cash with change, card, bank transfer, credit).
#[utoipa::path(
    post,
    path = "/api/v1/sales/{id}/complete",
    tag = "Sales",
    params(Id, IdempotencyKey),
    request_body = CompleteBody,
    responses(
        (status = 200, description = "Completed", body = Sale),
        BadJson, Unauthorized, Forbidden, NotFound, TimedOut, Conflict, TooLarge, Invalid,
        Unavailable,
    ),
    extensions(("x-permission" = json!("sales.sell (sales.read_all for others' sales)")))
)]
pub async fn complete_sale(
    State(app): State<Arc<Mizan>>,
    Id(id): Id,
    req: WriteRequest<perm::Sell>,
) -> Result<Json<Sale>, ApiError> {
    completed_with_body(&app, id, &req).await
}

/// Alias of `/complete`.
#[utoipa::path(
    post,
    path = "/api/v1/sales/{id}/checkout",
    tag = "Sales",
    params(Id, IdempotencyKey),
    request_body = CompleteBody,
    responses(
        (status = 200, description = "Completed", body = Sale),
        BadJson, Unauthorized, Forbidden, NotFound, TimedOut, Conflict, TooLarge, Invalid,
        Unavailable,
    ),
    extensions(("x-permission" = json!("sales.sell (sales.read_all for others' sales)")))
)]
pub async fn checkout_sale(
    State(app): State<Arc<Mizan>>,
    Id(id): Id,
    req: WriteRequest<perm::Sell>,
) -> Result<Json<Sale>, ApiError> {
    completed_with_body(&app, id, &req).await
}

/// Completes a draft with the payments of a [`CompleteBody`].
async fn completed_with_body(
    app: &Mizan,
    id: i64,
    req: &WriteRequest<perm::Sell>,
) -> Result<Json<Sale>, ApiError> {
    let body: CompleteBody = req.parse()?;
    let payments = body
        .payments
        .as_deref()
        .map(|p| payments(&req.auth.tenant, p))
        .transpose()?;
    let session = body.cashier_session_id.map(CashierSessionId);
    complete(app, id, req, payments, session).await
}

pub(super) async fn complete(
    app: &Mizan,
    id: i64,
    req: &WriteRequest<perm::Sell>,
    payments: Option<Payments>,
    session: Option<CashierSessionId>,
) -> Result<Json<Sale>, ApiError> {
    let tenant = &req.auth.tenant;
    let sale = app
        .complete_sale(
            req.auth.grant(),
            req.idempotency.clone(),
            SaleId(id),
            payments,
            session,
        )
        .await
        .map_err(|e| ApiError::app_in(e, &tenant.currency))?;
    Ok(Json(Sale::of(tenant, &sale)))
}

/// Get a sale.
#[utoipa::path(
    get,
    path = "/api/v1/sales/{id}",
    tag = "Sales",
    params(Id),
    responses(
        (status = 200, description = "OK", body = Sale),
        Unauthorized, Forbidden, NotFound, Unavailable,
    ),
    extensions(("x-permission" = json!("any signed-in user (sales.read_all for others' sales)")))
)]
pub async fn get_sale(
    State(app): State<Arc<Mizan>>,
    auth: Auth,
    Id(id): Id,
) -> Result<Json<Sale>, ApiError> {
    let sale = app.sale(auth.grant(), SaleId(id)).await?;
    Ok(Json(Sale::of(&auth.tenant, &sale)))
}

/// What the sale's receipt prints: shop, branch, register, cashier, number, date, lines,
/// taxes, payments and change.
#[utoipa::path(
    get,
    path = "/api/v1/sales/{id}/receipt",
    tag = "Sales",
    params(Id),
    responses(
        (status = 200, description = "Receipt", body = Receipt),
        Unauthorized, Forbidden, NotFound, Conflict, Unavailable,
    ),
    extensions(("x-permission" = json!("any signed-in user (sales.read_all for others' sales)")))
)]
pub async fn receipt(
    State(app): State<Arc<Mizan>>,
    auth: Auth,
    Id(id): Id,
) -> Result<Json<Receipt>, ApiError> {
    let r = app.receipt(auth.grant(), SaleId(id)).await?;
    Ok(Json(Receipt::of(&auth.tenant, &r)))
}

/// List sales, newest first (50 a page by default, 1 to 500; values outside are clamped).
#[utoipa::path(
    get,
    path = "/api/v1/sales",
    tag = "Sales",
    params(BeforeQuery),
    responses(
        (status = 200, description = "OK", body = Vec<Sale>),
        Unauthorized, Forbidden, Invalid, Unavailable,
    ),
    extensions(("x-permission" = json!("any signed-in user (sales.read_all for others' sales)")))
)]
pub async fn list_sales(
    State(app): State<Arc<Mizan>>,
    auth: Auth,
    page: Result<Query<BeforeQuery>, QueryRejection>,
) -> Result<Json<Vec<Sale>>, ApiError> {
    let Query(page) = page.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let (limit, before) = (page.limit.unwrap_or(50), page.before);
    let limit = limit.clamp(1, 500);
    let sales = app.sales(auth.grant(), limit, before.map(SaleId)).await?;
    Ok(Json(
        sales.iter().map(|s| Sale::of(&auth.tenant, s)).collect(),
    ))
}
