//! Reports: the daily sales report per branch and business day.

use std::sync::Arc;

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use mizan_app::{Mizan, perm};
use mizan_domain::calendar::{Date, business_day};
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
    let day = match &q.date {
        Some(d) => Date::parse(d)
            .ok_or_else(|| ApiError::invalid("date", "must be a real date as YYYY-MM-DD"))?
            .yyyymmdd(),
        None => business_day(app.now_ms(), auth.tenant.utc_offset_minutes),
    };
    let date = format!(
        "{:04}-{:02}-{:02}",
        day / 10_000,
        day / 100 % 100,
        day % 100
    );
    let rows = app.store().daily_sales(auth.scope(), day).await?;
    Ok(Json(Value::Array(
        rows.iter()
            .filter(|r| {
                q.branch_id
                    .is_none_or(|b| r.branch_id.map(|x| x.0) == Some(b))
            })
            .map(|r| views::daily_sales(&auth.tenant, &date, r))
            .collect(),
    )))
}
