//! The café report as a page (`reports.read`): per station the sessions, time played and
//! billed, utilisation of the opening hours (`opens`/`closes`, `HH:MM`; the café's setting by
//! default) and play revenue; per menu item what was served, its revenue and cost; printable
//! and as CSV.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::response::Response;
use mizan_app::{Mizan, perm};
use mizan_web::{Cell, Ctx, TableRow, format};
use serde::Deserialize;

use super::Signed;
use super::cafe::minutes;
use super::reports::{ReportQuery, answer, date_filter, failed, report, table};

#[derive(Deserialize)]
pub struct CafeQuery {
    #[serde(flatten)]
    period: ReportQuery,
    opens: Option<String>,
    closes: Option<String>,
}

/// The café's figures of a day as rows of the daily report.
pub fn day_rows(c: &Ctx, f: &mizan_store::CafeFigures) -> Vec<TableRow> {
    [
        ("cafe_play_revenue", Cell::money(c, f.play_revenue)),
        ("cafe_item_revenue", Cell::money(c, f.item_revenue)),
        ("cafe_sessions", Cell::ltr(f.sessions.to_string())),
        ("cafe_billed", Cell::ltr(minutes(c, f.billed_minutes))),
    ]
    .into_iter()
    .map(|(k, v)| TableRow::of(vec![Cell::text(c.t(k)), v]))
    .collect()
}

/// `GET /reports/cafe?from=&to=[&opens=HH:MM&closes=HH:MM][&format=csv|xlsx]`: today by default.
pub async fn cafe_report(
    State(app): State<Arc<Mizan>>,
    s: Signed,
    Query(q): Query<CafeQuery>,
) -> Response {
    let g = match s.grant::<perm::ReportsRead>() {
        Ok(g) => g,
        Err(page) => return page,
    };
    let c = &s.c;
    let filters = |from, to| {
        vec![
            date_filter(c, "from", "from", from),
            date_filter(c, "to", "to", to),
        ]
    };
    let mut page = report(c, "cafe", "cafe_report", filters(None, None), String::new());
    let result = async {
        let (from, to) = (q.period.day("from")?, q.period.day("to")?);
        let t = &s.tenant;
        let h = crate::json::opening_hours(
            ["opens", "closes"],
            q.opens.as_deref(),
            q.closes.as_deref(),
            t.cafe_hours,
        )?
        .unwrap_or(t.cafe_hours);
        app.cafe_report(&g, &s.tenant, from, to, h)
            .await
            .map_err(|e| s.error(e))
    }
    .await;
    let r = match result {
        Ok(r) => r,
        Err(e) => return failed(&s, page, q.period.export(), &e),
    };
    let f = &r.figures;
    page.filters = filters(Some(f.from), Some(f.to));
    let (opens, closes) = r.hours.clock_texts();
    page.covers = format!(
        "{} – {} · {opens}–{closes}",
        mizan_domain::calendar::day_text(f.from),
        mizan_domain::calendar::day_text(f.to)
    );
    let stations = f
        .stations
        .iter()
        .zip(&r.utilisation_bp)
        .map(|(x, u)| {
            TableRow::of(vec![
                Cell::text(x.name.clone()),
                Cell::ltr(x.sessions.to_string()),
                Cell::ltr(minutes(c, x.played_minutes)),
                Cell::ltr(minutes(c, x.billed_minutes)),
                Cell::ltr(format::percent_bp(*u)),
                Cell::money(c, x.revenue),
            ])
        })
        .collect();
    let items = f
        .items
        .iter()
        .map(|x| {
            TableRow::of(vec![
                Cell::text(x.name.clone()),
                Cell::ltr(format::qty(x.qty)),
                Cell::money(c, x.revenue),
                Cell::money(c, x.cost),
            ])
        })
        .collect();
    page.tables = vec![
        table(
            c,
            "cafe-summary",
            Some("cafe_report"),
            &["name", "amount"],
            day_rows(c, f),
        ),
        table(
            c,
            "by-station",
            Some("cafe_by_station"),
            &[
                "cafe_station",
                "cafe_sessions",
                "cafe_played",
                "cafe_billed",
                "cafe_utilisation",
                "net",
            ],
            stations,
        ),
        table(
            c,
            "by-item",
            Some("cafe_by_item"),
            &["product", "quantity", "net", "cost"],
            items,
        ),
    ];
    answer(&page, q.period.export())
}
