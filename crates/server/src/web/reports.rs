//! The accountant's statements as pages: profit and loss for a period (this month so far
//! unless asked), printable.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use mizan_app::{Mizan, Period, perm};
use mizan_domain::calendar::day_text;
use mizan_web::{ProfitLossPage, StatementRow, format, render};
use serde::Deserialize;

use super::{Signed, html, message};
use crate::json::query_day;

#[derive(Deserialize)]
pub struct Range {
    from: Option<String>,
    to: Option<String>,
}

/// `GET /reports/profit-and-loss?from=YYYY-MM-DD&to=YYYY-MM-DD`.
pub async fn profit_and_loss(
    State(app): State<Arc<Mizan>>,
    s: Signed,
    Query(q): Query<Range>,
) -> Response {
    let g = match s.grant::<perm::ReportsRead>() {
        Ok(g) => g,
        Err(page) => return page,
    };
    let mut error = None;
    let mut day = |v: Option<&str>, field: &str| match query_day(field, v.filter(|v| !v.is_empty()))
    {
        Ok(d) => d,
        Err(e) => {
            error = Some(message(&s.c, &e));
            None
        }
    };
    let (from, to) = (day(q.from.as_deref(), "from"), day(q.to.as_deref(), "to"));
    let c = &s.c;
    let mut rows = Vec::new();
    let mut margin = String::new();
    let mut period = (String::new(), String::new());
    match app.profit_and_loss(&g, &s.tenant, from, to).await {
        Ok((Period { from, to }, p)) => {
            period = (day_text(from), day_text(to));
            let row = |key: &str, v: i64, total: bool| StatementRow {
                label: c.t(key),
                amount: c.money(v),
                total,
            };
            rows = vec![
                row("gross_sales", p.gross_sales, false),
                row("returns", -p.returns, false),
                row("net_sales", p.net_sales, true),
                row("cost_of_sales", -p.cost_of_sales, false),
                row("gross_profit", p.gross_profit, true),
                row("other_income", p.total_other_income, false),
                row("expenses", -p.total_expenses, false),
                row("net_profit", p.net_profit, true),
            ];
            margin = p
                .gross_margin_bp
                .map(format::percent_bp)
                .unwrap_or_else(|| "—".to_owned());
        }
        Err(e) => error = Some(message(c, &s.error(e))),
    }
    let page = ProfitLossPage {
        c: c.clone(),
        from: period.0,
        to: period.1,
        rows,
        margin,
        error,
    };
    html(StatusCode::OK, render(&page))
}
