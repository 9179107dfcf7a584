//! Customers over HTTP: with their balances and credit limits.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use mizan_app::{Mizan, perm};
use mizan_domain::CustomerId;
use serde::Deserialize;
use serde_json::Value;
use utoipa::ToSchema;

use super::super::openapi::params::IdempotencyKey;
use super::super::openapi::refusals::{
    BadJson, Conflict, Forbidden, Invalid, NotFound, TimedOut, TooLarge, Unauthorized, Unavailable,
};
use super::super::views::Customer;
use super::{Created, Found, created};
use crate::ApiError;
use crate::auth::Auth;
use crate::json::{Decimal, Id, ListPage, PageQuery, WriteRequest};

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
