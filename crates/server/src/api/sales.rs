//! Sales: create a sale (completing it at once, or as a draft), complete a draft with its
//! payments (`/complete`, alias `/checkout`; `/post` pays it as a whole), read sales and a
//! sale's receipt.

use std::sync::Arc;

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use mizan_app::{Mizan, Perm, perm};
use mizan_domain::sales::{
    NewPayment, NewSaleLine, PaymentMethod, Payments, SaleDraft, SaleError, Settlement,
};
use mizan_domain::staff::Permission;
use mizan_domain::{CashRegisterId, CashierSessionId, CustomerId, ProductId, SaleId, WarehouseId};
use mizan_store::{Command, Sale, Tenant};
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
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompleteBody {
    pub(super) payments: Option<Vec<PaymentLineBody>>,
    /// Completes a draft parked in a closed shift in this (open) session instead.
    pub(super) cashier_session_id: Option<i64>,
}

fn sale_error(e: &SaleError) -> ApiError {
    let mut err = ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e.code(), e.to_string());
    match e {
        SaleError::InvalidField { field, .. } => {
            err.details = serde_json::json!({ "field": field });
        }
        SaleError::ReceivedBelowAmount { payment, .. } => {
            err.details =
                serde_json::json!({ "field": format!("payments[{payment}].received_amount") });
        }
        SaleError::NoLines => {}
    }
    err
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

/// The sale's lines. A price other than the product's own needs `catalog.manage` (a cashier
/// sells at the list price).
async fn lines(
    app: &Mizan,
    auth: &Auth<perm::Sell>,
    body: &[LineBody],
) -> Result<Vec<NewSaleLine>, ApiError> {
    let (scope, tenant) = (auth.scope(), &auth.tenant);
    let may_price = auth.actor.can(Permission::CatalogManage);
    let mut lines = Vec::with_capacity(body.len());
    for (i, l) in body.iter().enumerate() {
        let asked = l
            .unit_price
            .as_ref()
            .map(|p| p.money(&tenant.currency, &format!("lines[{i}].unit_price")))
            .transpose()?;
        let unit_price = match asked {
            Some(p) if may_price => p,
            _ => {
                let list = app
                    .store()
                    .product(scope, ProductId(l.product_id))
                    .await?
                    .ok_or_else(|| ApiError::not_found(&format!("lines[{i}].product_id")))?
                    .sale_price;
                if asked.is_some_and(|p| p != list) {
                    let mut e = ApiError::from(mizan_app::AppError::Forbidden {
                        permission: Permission::CatalogManage,
                    });
                    e.details["field"] = serde_json::json!(format!("lines[{i}].unit_price"));
                    return Err(e);
                }
                list
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
    Ok(lines)
}

/// Refuses a session that is not the caller's own, unless they may work in anyone's
/// (`sessions.close_any`: a manager).
async fn own_session(
    app: &Mizan,
    auth: &Auth<perm::Sell>,
    session: Option<CashierSessionId>,
) -> Result<(), ApiError> {
    let Some(id) = session else { return Ok(()) };
    if auth.actor.can(Permission::SessionsCloseAny) {
        return Ok(());
    }
    match app.store().cashier_session(auth.scope(), id).await? {
        Some(s) if s.opened_by != auth.username() => {
            Err(ApiError::from(mizan_app::AppError::Forbidden {
                permission: Permission::SessionsCloseAny,
            }))
        }
        // An unknown session is refused by the write itself, as before.
        _ => Ok(()),
    }
}

/// A sale the request just wrote (or completed).
async fn written_sale<P: Perm>(app: &Mizan, auth: &Auth<P>, id: i64) -> Result<Sale, ApiError> {
    app.store()
        .sale(auth.scope(), SaleId(id))
        .await?
        .ok_or_else(|| ApiError::not_found("sale"))
}

/// A sale the caller may see: their own, or anyone's with `sales.read_all`.
async fn read_sale(app: &Mizan, auth: &Auth, id: i64) -> Result<Sale, ApiError> {
    let sale = written_sale(app, auth, id).await?;
    auth.actor
        .may_see(&sale.cashier, Permission::SalesReadAll)?;
    Ok(sale)
}

pub async fn create_sale(
    State(app): State<Arc<Mizan>>,
    req: WriteRequest<perm::Sell>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let body: NewSaleBody = req.parse()?;
    let tenant = &req.auth.tenant;
    let lines = lines(&app, &req.auth, &body.lines).await?;
    own_session(
        &app,
        &req.auth,
        body.cashier_session_id.map(CashierSessionId),
    )
    .await?;
    let limits = req.auth.actor.role.limits;
    if let Some(i) = lines
        .iter()
        .position(|l| !limits.allows_discount(l.gross(), l.discount))
    {
        let max = limits
            .max_discount_bp
            .map(|bp| mizan_domain::decimal::format_scaled(bp, 2));
        let mut e = ApiError::new(
            StatusCode::FORBIDDEN,
            "discount_over_limit",
            format!(
                "lines[{i}].discount: your role may give at most {}% off a line",
                max.as_deref().unwrap_or("0")
            ),
        );
        e.details = serde_json::json!({
            "field": format!("lines[{i}].discount"), "max_discount_percent": max,
        });
        return Err(e);
    }
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
    let cmd = Command::CreateSale {
        draft,
        complete,
        cashier: req.auth.username().to_owned(),
        now_ms: app.now_ms(),
    };
    let w = app
        .write(req.auth.grant(), req.idempotency.clone(), cmd)
        .await
        .map_err(|e| ApiError::from_write_in(e, Some(&tenant.currency)))?;
    let sale = written_sale(&app, &req.auth, w.id).await?;
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
    // A cashier completes (or reads back) only the sales she rang up, in her own session.
    if !req.auth.actor.can(Permission::SalesReadAll)
        && let Some(sale) = app.store().sale(req.auth.scope(), SaleId(id)).await?
    {
        req.auth
            .actor
            .may_see(&sale.cashier, Permission::SalesReadAll)?;
    }
    own_session(app, &req.auth, session).await?;
    let cmd = Command::CompleteSale {
        sale: SaleId(id),
        payments,
        session,
        now_ms: app.now_ms(),
    };
    let w = app
        .write(req.auth.grant(), req.idempotency.clone(), cmd)
        .await
        .map_err(|e| match e {
            mizan_store::WriteError::NotFound { field } if field == "sale" => {
                ApiError::not_found("sale")
            }
            other => ApiError::from_write_in(other, Some(&req.auth.tenant.currency)),
        })?;
    let sale = written_sale(app, &req.auth, w.id).await?;
    Ok(Json(views::sale(&req.auth.tenant, &sale)))
}

pub async fn get_sale(
    State(app): State<Arc<Mizan>>,
    auth: Auth,
    Id(id): Id,
) -> Result<Json<Value>, ApiError> {
    let sale = read_sale(&app, &auth, id).await?;
    Ok(Json(views::sale(&auth.tenant, &sale)))
}

/// What a receipt prints: shop, branch, register, cashier, number, date, lines, taxes,
/// payments and change.
pub async fn receipt(
    State(app): State<Arc<Mizan>>,
    auth: Auth,
    Id(id): Id,
) -> Result<Json<Value>, ApiError> {
    let sale = read_sale(&app, &auth, id).await?;
    if sale.status != mizan_store::SaleStatus::Posted {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "sale_not_completed",
            "a draft sale has no receipt yet; complete it first",
        ));
    }
    let store = app.store();
    let branch = match sale.branch_id {
        Some(b) => store.branch(auth.scope(), b).await?,
        None => None,
    };
    let register = match sale.cash_register_id {
        Some(r) => store.cash_register(auth.scope(), r).await?,
        None => None,
    };
    let customer = match sale.customer_id {
        Some(c) => store.customer(auth.scope(), c).await?,
        None => None,
    };
    let mut products = Vec::with_capacity(sale.lines.len());
    for l in &sale.lines {
        products.push(store.product(auth.scope(), l.product_id).await?);
    }
    Ok(Json(views::receipt(
        &auth.tenant,
        &sale,
        branch.as_ref(),
        register.as_ref(),
        customer.as_ref(),
        &products,
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
    let sales = app
        .store()
        .sales(
            auth.scope(),
            limit,
            before.map(SaleId),
            auth.actor.only_own(Permission::SalesReadAll),
        )
        .await?;
    Ok(Json(Value::Array(
        sales.iter().map(|s| views::sale(&auth.tenant, s)).collect(),
    )))
}
