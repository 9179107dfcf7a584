//! Sales by product and by cashier as pages (`reports.read`, as `GET /api/v1/reports/sales`):
//! a period's sales less its returns per product (names in the page's language) or per
//! cashier — quantity or counts, net, VAT, total, cost, gross profit and margin — with a bar
//! chart of the ten largest by net revenue, the total, and its CSV and XLSX.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::response::Response;
use mizan_app::{Mizan, SalesReport, gross_profit, perm};
use mizan_domain::calendar::day_text;
use mizan_store::{Product, SalesBy, SalesGroup};
use mizan_web::{Cell, Ctx, TableRow};

use super::Signed;
use super::reports::{ReportQuery, answer, date_filter, failed, report, table};
use super::sales_reports::{chart, margin_cell};

/// Bars in the chart of the largest groups.
const TOP: usize = 10;

/// `GET /reports/sales-by-product?from=YYYY-MM-DD&to=YYYY-MM-DD[&format=csv|xlsx]`.
pub async fn by_product(
    State(app): State<Arc<Mizan>>,
    s: Signed,
    Query(q): Query<ReportQuery>,
) -> Response {
    sales_by(&app, &s, &q, SalesBy::Product).await
}

/// `GET /reports/sales-by-cashier?from=YYYY-MM-DD&to=YYYY-MM-DD[&format=csv|xlsx]`.
pub async fn by_cashier(
    State(app): State<Arc<Mizan>>,
    s: Signed,
    Query(q): Query<ReportQuery>,
) -> Response {
    sales_by(&app, &s, &q, SalesBy::Cashier).await
}

async fn sales_by(app: &Mizan, s: &Signed, q: &ReportQuery, by: SalesBy) -> Response {
    let g = match s.grant::<perm::ReportsRead>() {
        Ok(g) => g,
        Err(page) => return page,
    };
    let c = &s.c;
    let products = by == SalesBy::Product;
    let (id, title) = if products {
        ("sales-by-product", "sales_by_product")
    } else {
        ("sales-by-cashier", "sales_by_cashier")
    };
    let filters = |from, to| {
        vec![
            date_filter(c, "from", "from", from),
            date_filter(c, "to", "to", to),
        ]
    };
    let mut page = report(c, id, title, filters(None, None), String::new());
    let period = match (q.day("from"), q.day("to")) {
        (Ok(from), Ok(to)) => app
            .sales_period(&s.tenant, from, to)
            .map_err(|e| s.error(e)),
        (Err(e), _) | (_, Err(e)) => Err(e),
    };
    let result = match period {
        Ok(p) => app.sales_report(&g, by, p).await.map_err(|e| s.error(e)),
        Err(e) => Err(e),
    };
    let r = match result {
        Ok(r) => r,
        Err(e) => return failed(s, page, q.export(), &e),
    };
    let named = if products {
        let ids: Vec<_> = r.rows.iter().filter_map(|g| g.product_id).collect();
        match app.report_products(&g, &ids).await {
            Ok(p) => p,
            Err(e) => return failed(s, page, q.export(), &s.error(e)),
        }
    } else {
        Vec::new()
    };
    page.filters = filters(Some(r.period.from), Some(r.period.to));
    page.covers = format!("{} — {}", day_text(r.period.from), day_text(r.period.to));
    let name = |g: &SalesGroup| -> String {
        named
            .iter()
            .find(|p| Some(p.id) == g.product_id)
            .map_or_else(|| g.name.clone(), |p: &Product| name_of(c, p))
    };
    let (rows, bars) = if products {
        product_rows(c, &r, &name)
    } else {
        cashier_rows(c, &r)
    };
    let (chart_id, chart_title, head): (&str, &str, &[&str]) = if products {
        (
            "chart-top-products",
            "top_products",
            &[
                "code",
                "product",
                "quantity",
                "net_revenue",
                "vat",
                "total",
                "cost",
                "gross_profit",
                "margin",
            ],
        )
    } else {
        (
            "chart-top-cashiers",
            "top_cashiers",
            &[
                "cashier",
                "sales_count",
                "returns_count",
                "net_revenue",
                "vat",
                "total",
                "cost",
                "gross_profit",
                "margin",
            ],
        )
    };
    page.charts = vec![chart(c, chart_id, chart_title, &bars)];
    page.tables = vec![table(c, "sales", None, head, rows)];
    answer(&page, q.export())
}

/// A product's name in the page's language (its code when it has none).
fn name_of(c: &Ctx, p: &Product) -> String {
    let name = c.name(&p.name_en, &p.name_ar, "");
    if name.trim().is_empty() {
        p.code.clone()
    } else {
        name.to_owned()
    }
}

/// Net, VAT, total, cost, gross profit and margin of a group.
fn amounts(c: &Ctx, g: &SalesGroup) -> Vec<Cell> {
    let (profit, margin) = gross_profit(g);
    vec![
        Cell::money(c, g.net),
        Cell::money(c, g.vat),
        Cell::money(c, g.sales_total.saturating_sub(g.returns_total)),
        Cell::money(c, g.cost),
        Cell::money(c, profit),
        margin_cell(margin),
    ]
}

/// The `TOP` largest of `(label, net)` by net revenue, the largest first.
fn top(mut bars: Vec<(String, i64)>) -> Vec<(String, i64)> {
    bars.sort_by_key(|b| std::cmp::Reverse(b.1));
    bars.truncate(TOP);
    bars
}

type Rows = (Vec<TableRow>, Vec<(String, i64)>);

fn product_rows(c: &Ctx, r: &SalesReport, name: &dyn Fn(&SalesGroup) -> String) -> Rows {
    let mut rows: Vec<TableRow> = r
        .rows
        .iter()
        .map(|g| {
            let mut cells = vec![
                Cell::code(g.key.clone()),
                Cell::text(name(g)),
                Cell::qty(g.qty),
            ];
            cells.extend(amounts(c, g));
            TableRow::of(cells)
        })
        .collect();
    let mut total = vec![Cell::blank(), Cell::text(c.t("total")), Cell::blank()];
    total.extend(amounts(c, &r.total));
    rows.push(TableRow::total(total));
    let bars = r.rows.iter().map(|g| (name(g), g.net)).collect();
    (rows, top(bars))
}

fn cashier_rows(c: &Ctx, r: &SalesReport) -> Rows {
    let counts = |g: &SalesGroup| {
        vec![
            Cell::ltr(g.sales_count.to_string()),
            Cell::ltr(g.returns_count.to_string()),
        ]
    };
    let mut rows: Vec<TableRow> = r
        .rows
        .iter()
        .map(|g| {
            let mut cells = vec![Cell::code(g.key.clone())];
            cells.extend(counts(g));
            cells.extend(amounts(c, g));
            TableRow::of(cells)
        })
        .collect();
    let mut total = vec![Cell::text(c.t("total"))];
    total.extend(counts(&r.total));
    total.extend(amounts(c, &r.total));
    rows.push(TableRow::total(total));
    let bars = r.rows.iter().map(|g| (g.key.clone(), g.net)).collect();
    (rows, top(bars))
}
