//! The accountant's statements over HTTP: trial balance and balance sheet at a date, profit and
//! loss over a period, stock valuation at a date (the app's `reports`).

use std::sync::Arc;

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use mizan_app::{Mizan, perm};
use serde::Deserialize;
use utoipa::IntoParams;

use super::openapi::refusals::{Forbidden, Invalid, Unauthorized, Unavailable};
use super::views::{BalanceSheet, ProfitAndLoss, StockValuation, TrialBalance};
use crate::ApiError;
use crate::auth::Auth;
use crate::json::query_day;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AtQuery {
    /// The business day, `YYYY-MM-DD`; today (in the shop's time) by default.
    #[param(format = Date)]
    at: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodQuery {
    /// First business day, `YYYY-MM-DD`; the first of `to`'s month by default.
    #[param(format = Date)]
    from: Option<String>,
    /// Last business day, `YYYY-MM-DD`; today by default.
    #[param(format = Date)]
    to: Option<String>,
}

fn query<T>(q: Result<Query<T>, QueryRejection>) -> Result<T, ApiError> {
    q.map(|Query(q)| q)
        .map_err(|e| ApiError::invalid("query", e.body_text()))
}

/// The trial balance at the end of a business day: every account's debits, credits and
/// balance.
#[utoipa::path(
    get,
    path = "/api/v1/reports/trial-balance",
    tag = "Reports",
    params(AtQuery),
    responses(
        (status = 200, description = "OK", body = TrialBalance),
        Unauthorized, Forbidden, Invalid, Unavailable,
    ),
    extensions(("x-permission" = json!("books.read")))
)]
pub async fn trial_balance(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::BooksRead>,
    q: Result<Query<AtQuery>, QueryRejection>,
) -> Result<Json<TrialBalance>, ApiError> {
    let at = query_day("at", query(q)?.at.as_deref())?;
    let (at, tb) = app.trial_balance(auth.grant(), &auth.tenant, at).await?;
    Ok(Json(TrialBalance::of(&auth.tenant, at, &tb)))
}

/// Profit and loss over a period: sales, returns, cost of sales, gross profit and margin,
/// other income, expenses and the net profit.
#[utoipa::path(
    get,
    path = "/api/v1/reports/profit-and-loss",
    tag = "Reports",
    params(PeriodQuery),
    responses(
        (status = 200, description = "OK", body = ProfitAndLoss),
        Unauthorized, Forbidden, Invalid, Unavailable,
    ),
    extensions(("x-permission" = json!("reports.read")))
)]
pub async fn profit_and_loss(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::ReportsRead>,
    q: Result<Query<PeriodQuery>, QueryRejection>,
) -> Result<Json<ProfitAndLoss>, ApiError> {
    let q = query(q)?;
    let (from, to) = (
        query_day("from", q.from.as_deref())?,
        query_day("to", q.to.as_deref())?,
    );
    let (period, pl) = app
        .profit_and_loss(auth.grant(), &auth.tenant, from, to)
        .await?;
    Ok(Json(ProfitAndLoss::of(&auth.tenant, period, &pl)))
}

/// The balance sheet at the end of a business day: assets = liabilities + equity (with the
/// earnings so far).
#[utoipa::path(
    get,
    path = "/api/v1/reports/balance-sheet",
    tag = "Reports",
    params(AtQuery),
    responses(
        (status = 200, description = "OK", body = BalanceSheet),
        Unauthorized, Forbidden, Invalid, Unavailable,
    ),
    extensions(("x-permission" = json!("books.read")))
)]
pub async fn balance_sheet(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::BooksRead>,
    q: Result<Query<AtQuery>, QueryRejection>,
) -> Result<Json<BalanceSheet>, ApiError> {
    let at = query_day("at", query(q)?.at.as_deref())?;
    let (at, bs) = app.balance_sheet(auth.grant(), &auth.tenant, at).await?;
    Ok(Json(BalanceSheet::of(&auth.tenant, at, &bs)))
}

/// Stock quantities and values per warehouse and product at the end of a business day, with
/// the inventory account's balance that day.
#[utoipa::path(
    get,
    path = "/api/v1/reports/stock-valuation",
    tag = "Reports",
    params(AtQuery),
    responses(
        (status = 200, description = "OK", body = StockValuation),
        Unauthorized, Forbidden, Invalid, Unavailable,
    ),
    extensions(("x-permission" = json!("reports.read")))
)]
pub async fn stock_valuation(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::ReportsRead>,
    q: Result<Query<AtQuery>, QueryRejection>,
) -> Result<Json<StockValuation>, ApiError> {
    let at = query_day("at", query(q)?.at.as_deref())?;
    let v = app.stock_valuation(auth.grant(), &auth.tenant, at).await?;
    Ok(Json(StockValuation::of(&auth.tenant, &v)))
}
