//! The sales reports as pages (`reports.read`): a business day's sales with charts by payment
//! method and by hour, gross profit by month over a period with its chart, and what
//! customers owe (or is owed to suppliers) by age; each printable and as CSV.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::response::Response;
use mizan_app::{DayRange, GrossProfitBy, Mizan, gross_profit, perm};
use mizan_domain::calendar::day_text;
use mizan_domain::staff::Language;
use mizan_web::charts::{BarChart, bar_chart};
use mizan_web::{Cell, Chart, Ctx, Filter, TableRow, format};

use super::Signed;
use super::reports::{ReportQuery, answer, date_filter, failed, report, table};

/// A bar chart `id` titled by the word `title`, in the page's direction.
pub fn chart(c: &Ctx, id: &str, title: &str, bars: &[(String, i64)]) -> Chart {
    let title = c.t(title);
    let svg = bar_chart(&BarChart {
        title: &title,
        bars,
        currency: &c.currency,
        rtl: c.tr.lang == Language::Ar,
        empty: &c.t("no_data"),
    });
    Chart {
        id: id.to_owned(),
        title,
        svg,
    }
}

/// A margin in basis points as a percentage (`—` without revenue; `25.00` in a download).
pub fn margin_cell(margin: Option<i64>) -> Cell {
    Cell {
        text: margin.map_or_else(|| "—".to_owned(), format::percent_bp),
        plain: margin.map_or_else(String::new, |m| mizan_domain::decimal::format_scaled(m, 2)),
        ..Cell::ltr("")
    }
}

/// `GET /reports/daily-sales?day=YYYY-MM-DD[&format=csv|xlsx]`.
pub async fn daily_sales(
    State(app): State<Arc<Mizan>>,
    s: Signed,
    Query(q): Query<ReportQuery>,
) -> Response {
    let g = match s.grant::<perm::ReportsRead>() {
        Ok(g) => g,
        Err(page) => return page,
    };
    let c = &s.c;
    let filters = |day| vec![date_filter(c, "day", "day", day)];
    let mut page = report(
        c,
        "daily-sales",
        "daily_sales",
        filters(None),
        String::new(),
    );
    let result = match q.day("day") {
        Ok(day) => app
            .daily_sales(&g, &s.tenant, day, None)
            .await
            .map_err(|e| s.error(e)),
        Err(e) => Err(e),
    };
    let r = match result {
        Ok(r) => r,
        Err(e) => return failed(&s, page, q.export(), &e),
    };
    page.filters = filters(Some(r.day));
    page.covers = day_text(r.day);
    let sum = |f: fn(&mizan_store::DailySales) -> i64| r.rows.iter().map(f).sum::<i64>();
    let summary: Vec<TableRow> = [
        ("sales_count", Cell::ltr(sum(|d| d.sales_count).to_string())),
        ("net", Cell::money(c, sum(|d| d.net))),
        ("vat", Cell::money(c, sum(|d| d.vat))),
        ("sales_total", Cell::money(c, sum(|d| d.total))),
        ("returns", Cell::money(c, -sum(|d| d.returns_total))),
        (
            "unique_customers",
            Cell::ltr(sum(|d| d.unique_customers).to_string()),
        ),
    ]
    .into_iter()
    .map(|(k, v)| TableRow::of(vec![Cell::text(c.t(k)), v]))
    .collect();
    let methods: Vec<(String, i64)> = [
        ("pay_cash", sum(|d| d.cash)),
        ("pay_card", sum(|d| d.card)),
        ("pay_bank_transfer", sum(|d| d.bank_transfer)),
        ("pay_credit", sum(|d| d.credit)),
    ]
    .into_iter()
    .filter(|(_, v)| *v != 0)
    .map(|(k, v)| (c.t(k), v))
    .collect();
    let mut by_method: Vec<TableRow> = methods
        .iter()
        .map(|(l, v)| TableRow::of(vec![Cell::text(l.clone()), Cell::money(c, *v)]))
        .collect();
    by_method.push(TableRow::total(vec![
        Cell::text(c.t("total")),
        Cell::money(c, methods.iter().map(|m| m.1).sum()),
    ]));
    let mut hours: Vec<(i32, i64, i64)> = Vec::new();
    for h in &r.hours {
        match hours.iter_mut().find(|x| x.0 == h.hour) {
            Some(x) => (x.1, x.2) = (x.1 + h.sales_count, x.2.saturating_add(h.total)),
            None => hours.push((h.hour, h.sales_count, h.total)),
        }
    }
    hours.sort_unstable();
    let hour_label = |h: i32| format!("{h:02}:00");
    let by_hour: Vec<TableRow> = hours
        .iter()
        .map(|(h, n, t)| {
            TableRow::of(vec![
                Cell::code(hour_label(*h)),
                Cell::ltr(n.to_string()),
                Cell::money(c, *t),
            ])
        })
        .collect();
    let hour_bars: Vec<(String, i64)> =
        hours.iter().map(|(h, _, t)| (hour_label(*h), *t)).collect();
    page.charts = vec![
        chart(c, "chart-by-method", "sales_by_payment_method", &methods),
        chart(c, "chart-by-hour", "sales_by_hour", &hour_bars),
    ];
    page.tables = vec![
        table(
            c,
            "summary",
            Some("daily_sales"),
            &["name", "amount"],
            summary,
        ),
        table(
            c,
            "by-method",
            Some("sales_by_payment_method"),
            &["payment_method", "amount"],
            by_method,
        ),
        table(
            c,
            "by-hour",
            Some("sales_by_hour"),
            &["hour", "sales_count", "sales_total"],
            by_hour,
        ),
    ];
    if r.cafe.sessions > 0 || r.cafe.play_revenue != 0 || r.cafe.item_revenue != 0 {
        page.tables.push(table(
            c,
            "cafe",
            Some("cafe_report"),
            &["name", "amount"],
            super::cafe_report::day_rows(c, &r.cafe),
        ));
    }
    answer(&page, q.export())
}

/// `GET /reports/gross-profit?from=YYYY-MM-DD&to=YYYY-MM-DD[&format=csv|xlsx]`: by month, the year
/// so far by default.
pub async fn gross_profit_by_month(
    State(app): State<Arc<Mizan>>,
    s: Signed,
    Query(q): Query<ReportQuery>,
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
    let mut page = report(
        c,
        "gross-profit",
        "gross_profit_by_month",
        filters(None, None),
        String::new(),
    );
    let period = match (q.day("from"), q.day("to")) {
        (Ok(from), Ok(to)) => {
            let to = to.unwrap_or_else(|| app.today(&s.tenant));
            DayRange::new(from.unwrap_or(to / 10_000 * 10_000 + 101), to).map_err(|e| s.error(e))
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
    };
    let result = match period {
        Ok(p) => app
            .gross_profit(&g, GrossProfitBy::Month, p)
            .await
            .map_err(|e| s.error(e)),
        Err(e) => Err(e),
    };
    let r = match result {
        Ok(r) => r,
        Err(e) => return failed(&s, page, q.export(), &e),
    };
    page.filters = filters(Some(r.period.from), Some(r.period.to));
    page.covers = format!("{} — {}", day_text(r.period.from), day_text(r.period.to));
    let month = |key: &str| match key.split_at_checked(4) {
        Some((y, m)) if key.len() == 6 => format!("{y}-{m}"),
        _ => key.to_owned(),
    };
    let row = |label: Cell, g: &mizan_store::SalesGroup| {
        let (profit, margin) = gross_profit(g);
        vec![
            label,
            Cell::ltr(g.sales_count.to_string()),
            Cell::money(c, g.net),
            Cell::money(c, g.cost),
            Cell::money(c, profit),
            margin_cell(margin),
        ]
    };
    let mut rows: Vec<TableRow> = r
        .rows
        .iter()
        .map(|g| TableRow::of(row(Cell::code(month(&g.key)), g)))
        .collect();
    rows.push(TableRow::total(row(Cell::text(c.t("total")), &r.total)));
    let bars: Vec<(String, i64)> = r
        .rows
        .iter()
        .map(|g| (month(&g.key), gross_profit(g).0))
        .collect();
    page.charts = vec![chart(c, "chart-by-month", "gross_profit_by_month", &bars)];
    page.tables = vec![table(
        c,
        "gp",
        None,
        &[
            "month",
            "sales_count",
            "net_revenue",
            "cost",
            "gross_profit",
            "margin",
        ],
        rows,
    )];
    answer(&page, q.export())
}

/// `GET /reports/aging?of=customers|suppliers&at=YYYY-MM-DD[&format=csv|xlsx]`.
pub async fn aging(
    State(app): State<Arc<Mizan>>,
    s: Signed,
    Query(q): Query<ReportQuery>,
) -> Response {
    let g = match s.grant::<perm::ReportsRead>() {
        Ok(g) => g,
        Err(page) => return page,
    };
    let c = &s.c;
    let suppliers = q.of.as_deref() == Some("suppliers");
    let filters = |at| {
        vec![
            Filter {
                name: "of".into(),
                label: c.t("aging_of"),
                value: if suppliers { "suppliers" } else { "customers" }.into(),
                options: vec![
                    ("customers".into(), c.t("aging_customers")),
                    ("suppliers".into(), c.t("aging_suppliers")),
                ],
            },
            date_filter(c, "at", "as_of", at),
        ]
    };
    let mut page = report(c, "aging", "aging", filters(None), String::new());
    let result = match q.day("at") {
        Ok(at) => app.aging(&g, suppliers, at).await.map_err(|e| s.error(e)),
        Err(e) => Err(e),
    };
    let (at, lines) = match result {
        Ok(r) => r,
        Err(e) => return failed(&s, page, q.export(), &e),
    };
    page.filters = filters(Some(at));
    page.covers = day_text(at);
    let row = |name: Cell, b: &[i64; 4], total: i64| {
        let mut cells = vec![name];
        cells.extend(b.iter().map(|v| Cell::money(c, *v)));
        cells.push(Cell::money(c, total));
        cells
    };
    let mut sums = [0i64; 4];
    let mut rows: Vec<TableRow> = lines
        .iter()
        .map(|l| {
            for (s, v) in sums.iter_mut().zip(l.buckets) {
                *s = s.saturating_add(v);
            }
            TableRow::of(row(Cell::text(l.name.clone()), &l.buckets, l.total))
        })
        .collect();
    let total = lines.iter().map(|l| l.total).sum();
    rows.push(TableRow::total(row(Cell::text(c.t("total")), &sums, total)));
    let caption = if suppliers {
        "aging_suppliers"
    } else {
        "aging_customers"
    };
    page.tables = vec![table(
        c,
        "aging-table",
        Some(caption),
        &[
            "name",
            "days_0_30",
            "days_31_60",
            "days_61_90",
            "days_over_90",
            "total",
        ],
        rows,
    )];
    answer(&page, q.export())
}
