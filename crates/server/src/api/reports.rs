//! Reports over HTTP: the daily sales report per branch and business day (the app's `books`).

use std::sync::Arc;

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use mizan_app::{Mizan, perm};
use mizan_domain::BranchId;
use serde::Deserialize;
use utoipa::IntoParams;

use super::openapi::refusals::{Forbidden, Invalid, Unauthorized, Unavailable};
use super::views::DailySales;
use crate::ApiError;
use crate::auth::Auth;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DayQuery {
    /// `YYYY-MM-DD`; today (in the shop's time) by default.
    #[param(format = Date)]
    date: Option<String>,
    /// One branch's row only.
    branch_id: Option<i64>,
}

/// Daily sales per branch for one business day.
#[utoipa::path(
    get,
    path = "/api/v1/reports/daily-sales",
    tag = "Reports",
    params(DayQuery),
    responses(
        (status = 200, description = "Rows, one per branch", body = Vec<DailySales>),
        Unauthorized, Forbidden, Invalid, Unavailable,
    ),
    extensions(("x-permission" = json!("reports.read")))
)]
pub async fn daily_sales(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::ReportsRead>,
    q: Result<Query<DayQuery>, QueryRejection>,
) -> Result<Json<Vec<DailySales>>, ApiError> {
    let Query(q) = q.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let day = crate::json::query_day("date", q.date.as_deref())?;
    let t = &auth.tenant;
    let report = app
        .daily_sales(auth.grant(), t, day, q.branch_id.map(BranchId))
        .await?;
    let day = report.day;
    let date = mizan_domain::calendar::day_text(day);
    Ok(Json(
        report
            .rows
            .iter()
            .map(|r| DailySales::of(t, &date, r))
            .collect(),
    ))
}
