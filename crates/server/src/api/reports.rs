//! Reports over HTTP: the daily sales report per branch and business day (the app's `books`).

use std::sync::Arc;

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use mizan_app::{Mizan, perm};
use mizan_domain::BranchId;
use mizan_domain::calendar::Date;
use serde::Deserialize;
use serde_json::Value;

use super::views;
use crate::ApiError;
use crate::auth::Auth;

#[derive(Deserialize)]
pub struct DayQuery {
    /// `YYYY-MM-DD`; today (in the shop's time) by default.
    date: Option<String>,
    branch_id: Option<i64>,
}

pub async fn daily_sales(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::ReportsRead>,
    q: Result<Query<DayQuery>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let Query(q) = q.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let day = q
        .date
        .as_deref()
        .map(|d| {
            Date::parse(d)
                .map(Date::yyyymmdd)
                .ok_or_else(|| ApiError::invalid("date", "must be a real date as YYYY-MM-DD"))
        })
        .transpose()?;
    let t = &auth.tenant;
    let report = app
        .daily_sales(auth.grant(), t, day, q.branch_id.map(BranchId))
        .await?;
    let day = report.day;
    let date = format!(
        "{:04}-{:02}-{:02}",
        day / 10_000,
        day / 100 % 100,
        day % 100
    );
    Ok(Json(Value::Array(
        report
            .rows
            .iter()
            .map(|r| views::daily_sales(t, &date, r))
            .collect(),
    )))
}
