//! The chart of accounts over HTTP: add an account under a default group, rename one, read one
//! (the app's `accounts`); and the opening balances of customers and suppliers, posted against
//! opening balance equity.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use mizan_app::{Mizan, perm};
use mizan_domain::calendar::Date;
use mizan_domain::ledger::AccountKind;
use mizan_domain::ledger::accounts::{AccountNames, NewAccount};
use mizan_domain::opening::balances::{OpeningBalance as Opening, Party};
use mizan_domain::{AccountId, CustomerId, OpeningBalanceId, SupplierId};
use serde::Deserialize;
use utoipa::ToSchema;

use super::openapi::params::IdempotencyKey;
use super::openapi::refusals::{
    BadJson, Conflict, Forbidden, Invalid, NotFound, TimedOut, TooLarge, Unauthorized, Unavailable,
};
use super::views::{Account, OpeningBalance};
use crate::ApiError;
use crate::auth::Auth;
use crate::json::{Decimal, Id, WriteRequest};

/// The group an account is in.
#[derive(Deserialize, ToSchema, Clone, Copy)]
#[serde(rename_all = "snake_case")]
enum AccountGroup {
    Asset,
    Liability,
    Equity,
    Income,
    Expense,
}

impl From<AccountGroup> for AccountKind {
    fn from(g: AccountGroup) -> Self {
        match g {
            AccountGroup::Asset => Self::Asset,
            AccountGroup::Liability => Self::Liability,
            AccountGroup::Equity => Self::Equity,
            AccountGroup::Income => Self::Income,
            AccountGroup::Expense => Self::Expense,
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct NewAccountBody {
    /// Five digits starting with the group's: 1 assets, 2 liabilities, 3 equity, 4 income,
    /// 5 expenses; unique in the chart.
    #[schema(example = "54020")]
    code: String,
    kind: AccountGroup,
    #[schema(max_length = 100)]
    name_en: String,
    #[schema(max_length = 100)]
    name_ar: String,
    #[schema(max_length = 100)]
    name_ru: String,
}

/// The new names of an account (all three: its code and group never change).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct AccountPatch {
    #[schema(max_length = 100)]
    name_en: String,
    #[schema(max_length = 100)]
    name_ar: String,
    #[schema(max_length = 100)]
    name_ru: String,
}

/// Add an account to the chart, under one of the default groups. It posts like any other in
/// manual journal entries and never has a sub-ledger. A code another account has is refused
/// with 409 `account_code_taken`.
#[utoipa::path(
    post,
    path = "/api/v1/accounts",
    tag = "Ledger",
    params(IdempotencyKey),
    request_body = NewAccountBody,
    responses(
        (status = 201, description = "Created", body = Account),
        BadJson, Unauthorized, Forbidden, TimedOut, Conflict, TooLarge, Invalid, Unavailable,
    ),
    extensions(("x-permission" = json!("accounts.manage")))
)]
pub async fn create_account(
    State(app): State<Arc<Mizan>>,
    req: WriteRequest<perm::AccountsManage>,
) -> Result<(StatusCode, Json<Account>), ApiError> {
    let b: NewAccountBody = req.parse()?;
    let t = &req.auth.tenant;
    let refused = |e| ApiError::refusal(&e, Some(&t.currency));
    let names = AccountNames::parse(&b.name_en, &b.name_ar, &b.name_ru).map_err(refused)?;
    let account = NewAccount::parse(&b.code, b.kind.into(), names).map_err(refused)?;
    let a = app
        .create_account(req.auth.grant(), req.idempotency.clone(), account)
        .await?;
    Ok((StatusCode::CREATED, Json(Account::of(t, &a))))
}

/// Rename an account (any account, the default chart's too): its names in the three languages.
#[utoipa::path(
    patch,
    path = "/api/v1/accounts/{id}",
    tag = "Ledger",
    params(Id, IdempotencyKey),
    request_body = AccountPatch,
    responses(
        (status = 200, description = "Renamed", body = Account),
        BadJson, Unauthorized, Forbidden, NotFound, TimedOut, Conflict, TooLarge, Invalid,
        Unavailable,
    ),
    extensions(("x-permission" = json!("accounts.manage")))
)]
pub async fn rename_account(
    State(app): State<Arc<Mizan>>,
    Id(id): Id,
    req: WriteRequest<perm::AccountsManage>,
) -> Result<Json<Account>, ApiError> {
    let b: AccountPatch = req.parse()?;
    let t = &req.auth.tenant;
    let names = AccountNames::parse(&b.name_en, &b.name_ar, &b.name_ru)
        .map_err(|e| ApiError::refusal(&e, Some(&t.currency)))?;
    let a = app
        .rename_account(
            req.auth.grant(),
            req.idempotency.clone(),
            AccountId(id),
            names,
        )
        .await?;
    Ok(Json(Account::of(t, &a)))
}

/// One account with its balance.
#[utoipa::path(
    get,
    path = "/api/v1/accounts/{id}",
    tag = "Ledger",
    params(Id),
    responses(
        (status = 200, description = "OK", body = Account),
        Unauthorized, Forbidden, NotFound, Unavailable,
    ),
    extensions(("x-permission" = json!("books.read")))
)]
pub async fn get_account(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::BooksRead>,
    Id(id): Id,
) -> Result<Json<Account>, ApiError> {
    let a = app.account(auth.grant(), AccountId(id)).await?;
    Ok(Json(Account::of(&auth.tenant, &a)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct NewOpeningBalance {
    /// Positive: what the customer owes the shop (what the shop owes the supplier); negative:
    /// an advance the other way (the customer paid ahead; the shop paid the supplier ahead).
    amount: Decimal,
    /// `YYYY-MM-DD`: the business day it is as of (not after today, not in a locked period);
    /// aging counts its age from it.
    #[schema(format = Date)]
    date: String,
}

async fn post_opening(
    app: &Mizan,
    req: &WriteRequest<perm::BooksPost>,
    party: Party,
) -> Result<(StatusCode, Json<OpeningBalance>), ApiError> {
    let b: NewOpeningBalance = req.parse()?;
    let t = &req.auth.tenant;
    let amount = b.amount.money(&t.currency, "amount")?;
    let day = Date::parse(&b.date)
        .map(Date::yyyymmdd)
        .ok_or_else(|| ApiError::invalid("date", "must be a real date as YYYY-MM-DD"))?;
    let opening =
        Opening::new(party, amount, day).map_err(|e| ApiError::refusal(&e, Some(&t.currency)))?;
    let o = app
        .post_opening_balance(req.auth.grant(), req.idempotency.clone(), opening)
        .await
        .map_err(|e| ApiError::app_in(e, &t.currency))?;
    Ok((StatusCode::CREATED, Json(OpeningBalance::of(t, &o))))
}

/// Post a customer's opening balance: Dr Customers / Cr Opening balance equity (a negative
/// amount, the customer's advance, the other way round). It shows in the customer's statement
/// and aging; a second one is refused with 409 `opening_balance_exists`, one on or before the
/// lock date with 409 `period_locked`.
#[utoipa::path(
    post,
    path = "/api/v1/customers/{id}/opening-balance",
    tag = "Ledger",
    params(Id, IdempotencyKey),
    request_body = NewOpeningBalance,
    responses(
        (status = 201, description = "Posted", body = OpeningBalance),
        BadJson, Unauthorized, Forbidden, NotFound, TimedOut, Conflict, TooLarge, Invalid,
        Unavailable,
    ),
    extensions(("x-permission" = json!("books.post")))
)]
pub async fn post_customer_opening(
    State(app): State<Arc<Mizan>>,
    Id(id): Id,
    req: WriteRequest<perm::BooksPost>,
) -> Result<(StatusCode, Json<OpeningBalance>), ApiError> {
    post_opening(&app, &req, Party::Customer(CustomerId(id))).await
}

/// Post a supplier's opening balance: Dr Opening balance equity / Cr Suppliers (a negative
/// amount, an advance paid to the supplier, the other way round). It shows in the supplier's
/// statement and aging; refusals as for customers.
#[utoipa::path(
    post,
    path = "/api/v1/suppliers/{id}/opening-balance",
    tag = "Ledger",
    params(Id, IdempotencyKey),
    request_body = NewOpeningBalance,
    responses(
        (status = 201, description = "Posted", body = OpeningBalance),
        BadJson, Unauthorized, Forbidden, NotFound, TimedOut, Conflict, TooLarge, Invalid,
        Unavailable,
    ),
    extensions(("x-permission" = json!("books.post")))
)]
pub async fn post_supplier_opening(
    State(app): State<Arc<Mizan>>,
    Id(id): Id,
    req: WriteRequest<perm::BooksPost>,
) -> Result<(StatusCode, Json<OpeningBalance>), ApiError> {
    post_opening(&app, &req, Party::Supplier(SupplierId(id))).await
}

/// Get an opening balance.
#[utoipa::path(
    get,
    path = "/api/v1/opening-balances/{id}",
    tag = "Ledger",
    params(Id),
    responses(
        (status = 200, description = "OK", body = OpeningBalance),
        Unauthorized, Forbidden, NotFound, Unavailable,
    ),
    extensions(("x-permission" = json!("books.read")))
)]
pub async fn get_opening_balance(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::BooksRead>,
    Id(id): Id,
) -> Result<Json<OpeningBalance>, ApiError> {
    let o = app
        .opening_balance(auth.grant(), OpeningBalanceId(id))
        .await?;
    Ok(Json(OpeningBalance::of(&auth.tenant, &o)))
}
