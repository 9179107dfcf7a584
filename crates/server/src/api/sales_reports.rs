//! The sales reports and the old system's tools over HTTP: sales by product, cashier or
//! payment method, gross profit by month or product, one sale checked against everything it
//! wrote, and the COGS coverage and reconciliation of a period (the app's `sales_reports` and
//! `sale_check`).

use std::sync::Arc;

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use mizan_app::{DayRange, GrossProfitBy, Mizan, perm};
use mizan_domain::SaleId;
use mizan_store::{SalesBy, Tenant};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::openapi::refusals::{Forbidden, Invalid, NotFound, Unauthorized, Unavailable};
use super::views::{CogsCoverage, CogsReconcile, GrossProfit, SaleCheck, SalesReport};
use crate::ApiError;
use crate::auth::Auth;
use crate::json::Id;
use crate::json::query_day;

/// What a sales report groups by.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
enum SalesReportBy {
    Product,
    Cashier,
    PaymentMethod,
}

/// What the gross profit report groups by.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
enum GrossProfitReportBy {
    Month,
    Product,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SalesQuery {
    /// `product`, `cashier` (a return counts for who took it back) or `payment_method`.
    #[param(inline)]
    by: SalesReportBy,
    /// First business day, `YYYY-MM-DD` (the first of `to`'s month by default).
    #[param(format = Date)]
    from: Option<String>,
    /// Last business day, `YYYY-MM-DD` (today in the shop's time by default).
    #[param(format = Date)]
    to: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GrossProfitQuery {
    /// `month` (every month of the period) or `product`.
    #[param(inline)]
    by: GrossProfitReportBy,
    /// First business day, `YYYY-MM-DD` (the first of `to`'s month by default).
    #[param(format = Date)]
    from: Option<String>,
    /// Last business day, `YYYY-MM-DD` (today in the shop's time by default).
    #[param(format = Date)]
    to: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodQuery {
    /// First business day, `YYYY-MM-DD` (the first of `to`'s month by default).
    #[param(format = Date)]
    from: Option<String>,
    /// Last business day, `YYYY-MM-DD` (today in the shop's time by default).
    #[param(format = Date)]
    to: Option<String>,
}

/// `from..=to` of a query: `to` today by default, `from` the first of `to`'s month.
fn period(
    app: &Mizan,
    t: &Tenant,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<DayRange, ApiError> {
    let to = query_day("to", to)?;
    let from = query_day("from", from)?;
    Ok(app.sales_period(t, from, to)?)
}

/// Sales of a period less its returns, by product, cashier or payment method.
///
/// Read from the sales' and returns' own lines (each carries the cost it took); a return
/// counts on its own business day and takes off what it gave back.
#[utoipa::path(
    get,
    path = "/api/v1/reports/sales",
    tag = "Reports",
    params(SalesQuery),
    responses(
        (status = 200, description = "One row per group, and the total", body = SalesReport),
        Unauthorized, Forbidden, Invalid, Unavailable,
    ),
    extensions(("x-permission" = json!("reports.read")))
)]
pub async fn sales_report(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::ReportsRead>,
    q: Result<Query<SalesQuery>, QueryRejection>,
) -> Result<Json<SalesReport>, ApiError> {
    let Query(q) = q.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let t = &auth.tenant;
    let period = period(&app, t, q.from.as_deref(), q.to.as_deref())?;
    let by = match q.by {
        SalesReportBy::Product => SalesBy::Product,
        SalesReportBy::Cashier => SalesBy::Cashier,
        SalesReportBy::PaymentMethod => SalesBy::PaymentMethod,
    };
    let report = app.sales_report(auth.grant(), by, period).await?;
    Ok(Json(SalesReport::of(t, &report)))
}

/// Gross profit of a period by month or by product: revenue net of VAT and returns, the cost
/// the lines took, their difference and the margin.
#[utoipa::path(
    get,
    path = "/api/v1/reports/gross-profit",
    tag = "Reports",
    params(GrossProfitQuery),
    responses(
        (status = 200, description = "One row per month or product, and the total", body = GrossProfit),
        Unauthorized, Forbidden, Invalid, Unavailable,
    ),
    extensions(("x-permission" = json!("reports.read")))
)]
pub async fn gross_profit(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::ReportsRead>,
    q: Result<Query<GrossProfitQuery>, QueryRejection>,
) -> Result<Json<GrossProfit>, ApiError> {
    let Query(q) = q.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let t = &auth.tenant;
    let period = period(&app, t, q.from.as_deref(), q.to.as_deref())?;
    let by = match q.by {
        GrossProfitReportBy::Month => GrossProfitBy::Month,
        GrossProfitReportBy::Product => GrossProfitBy::Product,
    };
    let report = app.gross_profit(auth.grant(), by, period).await?;
    Ok(Json(GrossProfit::of(t, &report)))
}

/// One sale checked against everything it wrote (as `mizan check sale`).
///
/// Its lines with the cost each took, revenue, cost, gross profit and margin, its journal
/// entry, stock and cash moves, payments, returns and the customer payments settling it, and
/// the verdict: `ok`, or each disagreement named.
#[utoipa::path(
    get,
    path = "/api/v1/sales/{id}/trace",
    tag = "Ledger",
    params(Id),
    responses(
        (status = 200, description = "The sale and its verdict", body = SaleCheck),
        Unauthorized, Forbidden, NotFound, Unavailable,
    ),
    extensions(("x-permission" = json!("books.check")))
)]
pub async fn sale_trace(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::BooksCheck>,
    Id(id): Id,
) -> Result<Json<SaleCheck>, ApiError> {
    let checked = app.check_sale(auth.grant(), SaleId(id)).await?;
    Ok(Json(SaleCheck::of(&auth.tenant, &checked)))
}

/// COGS coverage of a period (as `mizan cogs coverage`): sales and returns with and without a
/// COGS line, and how much of the stocked quantity sold carried a cost.
#[utoipa::path(
    get,
    path = "/api/v1/cogs/coverage",
    tag = "Ledger",
    params(PeriodQuery),
    responses(
        (status = 200, description = "OK", body = CogsCoverage),
        Unauthorized, Forbidden, Invalid, Unavailable,
    ),
    extensions(("x-permission" = json!("books.check")))
)]
pub async fn cogs_coverage(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::BooksCheck>,
    q: Result<Query<PeriodQuery>, QueryRejection>,
) -> Result<Json<CogsCoverage>, ApiError> {
    let Query(q) = q.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let period = period(&app, &auth.tenant, q.from.as_deref(), q.to.as_deref())?;
    let c = app.cogs_coverage(auth.grant(), period).await?;
    Ok(Json(CogsCoverage::of(period, &c)))
}

/// COGS reconciliation of a period (as `mizan cogs reconcile`): each sale's and return's COGS
/// in the journal, on its lines and out of stock, naming every document that disagrees.
#[utoipa::path(
    get,
    path = "/api/v1/cogs/reconcile",
    tag = "Ledger",
    params(PeriodQuery),
    responses(
        (status = 200, description = "Totals and the documents that disagree", body = CogsReconcile),
        Unauthorized, Forbidden, Invalid, Unavailable,
    ),
    extensions(("x-permission" = json!("books.check")))
)]
pub async fn cogs_reconcile(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::BooksCheck>,
    q: Result<Query<PeriodQuery>, QueryRejection>,
) -> Result<Json<CogsReconcile>, ApiError> {
    let Query(q) = q.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let t = &auth.tenant;
    let period = period(&app, t, q.from.as_deref(), q.to.as_deref())?;
    let r = app.cogs_reconcile(auth.grant(), period).await?;
    Ok(Json(CogsReconcile::of(t, period, &r)))
}
