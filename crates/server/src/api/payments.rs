//! What customers owe over HTTP: a customer's payment on their debt (allocated to open credit
//! sales), their statement of account, and aging of customers and suppliers.

use std::sync::Arc;

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use mizan_app::{Mizan, perm};
use mizan_domain::payments::{CustomerPayment as Payment, ReceivedBy};
use mizan_domain::{CashRegisterId, CustomerId, SaleId};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::openapi::params::IdempotencyKey;
use super::openapi::refusals::{
    BadJson, Conflict, Forbidden, Invalid, NotFound, TimedOut, TooLarge, Unauthorized, Unavailable,
};
use super::views::{Aging, CustomerPayment, Statement};
use crate::ApiError;
use crate::auth::Auth;
use crate::json::{Decimal, Id, WriteRequest};

/// How the customer pays.
#[derive(Deserialize, ToSchema)]
#[serde(tag = "method", rename_all = "snake_case", deny_unknown_fields)]
enum ReceivedByBody {
    /// Into this register's drawer (its open session counts it as a pay-in).
    Cash {
        cash_register_id: i64,
    },
    Card,
    BankTransfer,
}

/// Part of the payment that settles one credit sale.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct AllocationBody {
    sale_id: i64,
    amount: Decimal,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct NewCustomerPayment {
    customer_id: i64,
    amount: Decimal,
    received: ReceivedByBody,
    /// Sales the cashier chose to settle; the rest goes to the oldest open ones.
    #[serde(default)]
    allocations: Vec<AllocationBody>,
    #[schema(max_length = 200)]
    note: Option<String>,
}

/// Take a customer's payment on their debt: Dr drawer, card clearing or bank / Cr Customers;
/// never more than they owe (`payment_exceeds_balance`), settling the chosen credit sales and
/// then the oldest.
#[utoipa::path(
    post,
    path = "/api/v1/customer-payments",
    tag = "Customers",
    params(IdempotencyKey),
    request_body = NewCustomerPayment,
    responses(
        (status = 201, description = "Received", body = CustomerPayment),
        BadJson, Unauthorized, Forbidden, NotFound, TimedOut, Conflict, TooLarge, Invalid,
        Unavailable,
    ),
    extensions(("x-permission" = json!("payments.receive")))
)]
pub async fn create_customer_payment(
    State(app): State<Arc<Mizan>>,
    req: WriteRequest<perm::PaymentsReceive>,
) -> Result<(StatusCode, Json<CustomerPayment>), ApiError> {
    let b: NewCustomerPayment = req.parse()?;
    let t = &req.auth.tenant;
    let by = match b.received {
        ReceivedByBody::Cash { cash_register_id } => {
            ReceivedBy::Cash(CashRegisterId(cash_register_id))
        }
        ReceivedByBody::Card => ReceivedBy::Card,
        ReceivedByBody::BankTransfer => ReceivedBy::Bank,
    };
    let chosen = b
        .allocations
        .iter()
        .enumerate()
        .map(|(i, a)| {
            Ok((
                SaleId(a.sale_id),
                a.amount
                    .money(&t.currency, &format!("allocations[{i}].amount"))?,
            ))
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    let payment = Payment::new(
        CustomerId(b.customer_id),
        b.amount.money(&t.currency, "amount")?,
        by,
        chosen,
        b.note.as_deref(),
    )
    .map_err(|e| ApiError::refusal(&e, Some(&t.currency)))?;
    let p = app
        .receive_customer_payment(req.auth.grant(), req.idempotency.clone(), payment)
        .await
        .map_err(|e| ApiError::app_in(e, &t.currency))?;
    Ok((StatusCode::CREATED, Json(CustomerPayment::of(t, &p))))
}

/// A customer payment with its allocations.
#[utoipa::path(
    get,
    path = "/api/v1/customer-payments/{id}",
    tag = "Customers",
    params(Id),
    responses(
        (status = 200, description = "OK", body = CustomerPayment),
        Unauthorized, Forbidden, NotFound, Unavailable,
    ),
    extensions(("x-permission" = json!("payments.receive")))
)]
pub async fn get_customer_payment(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::PaymentsReceive>,
    Id(id): Id,
) -> Result<Json<CustomerPayment>, ApiError> {
    let p = app.customer_payment(auth.grant(), id).await?;
    Ok(Json(CustomerPayment::of(&auth.tenant, &p)))
}

/// A customer's statement of account: credit sales, credit refunds and payments with a
/// running balance.
#[utoipa::path(
    get,
    path = "/api/v1/customers/{id}/statement",
    tag = "Customers",
    params(Id),
    responses(
        (status = 200, description = "OK", body = Statement),
        Unauthorized, Forbidden, NotFound, Unavailable,
    ),
    extensions(("x-permission" = json!("reports.read")))
)]
pub async fn customer_statement(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::ReportsRead>,
    Id(id): Id,
) -> Result<Json<Statement>, ApiError> {
    let lines = app.customer_statement(auth.grant(), CustomerId(id)).await?;
    Ok(Json(Statement::of(&auth.tenant, &lines)))
}

/// Whose debts to age.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
enum AgingOf {
    Customers,
    Suppliers,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AgingQuery {
    /// `customers` (what they owe; totals equal account 11030) or `suppliers` (what the shop
    /// owes; totals equal account 21020).
    #[param(inline)]
    of: AgingOf,
    /// `YYYY-MM-DD`; today (in the shop's time) by default.
    #[param(format = Date)]
    as_of: Option<String>,
}

/// Aging: what is open by age (0-30, 31-60, 61-90, over 90 days).
#[utoipa::path(
    get,
    path = "/api/v1/reports/aging",
    tag = "Reports",
    params(AgingQuery),
    responses(
        (status = 200, description = "OK", body = Aging),
        Unauthorized, Forbidden, Invalid, Unavailable,
    ),
    extensions(("x-permission" = json!("reports.read")))
)]
pub async fn aging(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::ReportsRead>,
    q: Result<Query<AgingQuery>, QueryRejection>,
) -> Result<Json<Aging>, ApiError> {
    let Query(q) = q.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let t = &auth.tenant;
    let as_of = crate::json::query_day("as_of", q.as_of.as_deref())?;
    let suppliers = matches!(q.of, AgingOf::Suppliers);
    let (as_of, rows) = app.aging(auth.grant(), suppliers, as_of).await?;
    let of = if suppliers { "suppliers" } else { "customers" };
    Ok(Json(Aging::of(t, of, as_of, &rows)))
}
