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
use serde_json::Value;

use super::views;
use crate::ApiError;
use crate::auth::Auth;
use crate::json::{BeforeQuery, Decimal, Id, WriteRequest};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineBody {
    product_id: i64,
    warehouse_id: i64,
    quantity: Decimal,
    unit_price: Option<Decimal>,
    discount: Option<Decimal>,
}

/// The shorthand of the first API version: one method for the whole sale.
#[derive(Deserialize)]
#[serde(tag = "method", rename_all = "snake_case", deny_unknown_fields)]
pub enum PaymentBody {
    Cash { cash_register_id: i64 },
    Credit { customer_id: i64 },
}

/// One payment as a till sends it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaymentLineBody {
    payment_method: String,
    amount: Decimal,
    received_amount: Option<Decimal>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewSaleBody {
    lines: Vec<LineBody>,
    payment: Option<PaymentBody>,
    cash_register_id: Option<i64>,
    customer_id: Option<i64>,
    cashier_session_id: Option<i64>,
    /// Settles the whole sale by one method when it is completed without payments.
    payment_method: Option<String>,
    /// Completes the sale at once with these payments.
    payments: Option<Vec<PaymentLineBody>>,
    /// Complete at once (default) or keep as a draft.
    post: Option<bool>,
    /// A manager's credentials, typed at the till, approving what the seller's role may not.
    approval: Option<ApprovalBody>,
}

/// A manager's credentials typed at the till (sales and returns).
#[derive(Deserialize)]
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

#[derive(Deserialize)]
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
fn lines(tenant: &Tenant, body: &[LineBody]) -> Result<Vec<NewSaleLine>, ApiError> {
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
            })
        })
        .collect()
}

pub async fn create_sale(
    State(app): State<Arc<Mizan>>,
    req: WriteRequest<perm::Sell>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
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
    Ok((StatusCode::CREATED, Json(views::sale(tenant, &sale))))
}

/// `POST /sales/{id}/post`: completes a draft as a whole by its payment method.
pub async fn post_sale(
    State(app): State<Arc<Mizan>>,
    Id(id): Id,
    req: WriteRequest<perm::Sell>,
) -> Result<Json<Value>, ApiError> {
    complete(&app, id, &req, None, None).await
}

/// `POST /sales/{id}/complete` and `/checkout`: completes a draft with its payments.
pub async fn complete_sale(
    State(app): State<Arc<Mizan>>,
    Id(id): Id,
    req: WriteRequest<perm::Sell>,
) -> Result<Json<Value>, ApiError> {
    let body: CompleteBody = req.parse()?;
    let payments = body
        .payments
        .as_deref()
        .map(|p| payments(&req.auth.tenant, p))
        .transpose()?;
    let session = body.cashier_session_id.map(CashierSessionId);
    complete(&app, id, &req, payments, session).await
}

pub(super) async fn complete(
    app: &Mizan,
    id: i64,
    req: &WriteRequest<perm::Sell>,
    payments: Option<Payments>,
    session: Option<CashierSessionId>,
) -> Result<Json<Value>, ApiError> {
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
    Ok(Json(views::sale(tenant, &sale)))
}

pub async fn get_sale(
    State(app): State<Arc<Mizan>>,
    auth: Auth,
    Id(id): Id,
) -> Result<Json<Value>, ApiError> {
    let sale = app.sale(auth.grant(), SaleId(id)).await?;
    Ok(Json(views::sale(&auth.tenant, &sale)))
}

/// What a receipt prints: shop, branch, register, cashier, number, date, lines, taxes,
/// payments and change.
pub async fn receipt(
    State(app): State<Arc<Mizan>>,
    auth: Auth,
    Id(id): Id,
) -> Result<Json<Value>, ApiError> {
    let r = app.receipt(auth.grant(), SaleId(id)).await?;
    Ok(Json(views::receipt(
        &auth.tenant,
        &r.sale,
        r.branch.as_ref(),
        r.register.as_ref(),
        r.customer.as_ref(),
        &r.products,
    )))
}

pub async fn list_sales(
    State(app): State<Arc<Mizan>>,
    auth: Auth,
    page: Result<Query<BeforeQuery>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let Query(page) = page.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let (limit, before) = (page.limit.unwrap_or(50), page.before);
    let limit = limit.clamp(1, 500);
    let sales = app.sales(auth.grant(), limit, before.map(SaleId)).await?;
    Ok(Json(Value::Array(
        sales.iter().map(|s| views::sale(&auth.tenant, s)).collect(),
    )))
}
