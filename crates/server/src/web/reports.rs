//! The reports as pages: the index of every report the role may read, and profit and loss
//! for a period (this month so far unless asked). Every report answers its CSV and XLSX at
//! the same path with `?format=csv` or `?format=xlsx`; the helpers here parse the common
//! query, build a [`ReportPage`] and answer it as HTML or as a download ([`export`]).

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use mizan_app::{Mizan, Period, perm};
use mizan_domain::calendar::day_text;
use mizan_domain::staff::Permission;
use mizan_web::{
    Cell, Ctx, Filter, ProfitLossPage, ReportLink, ReportPage, ReportsIndexPage, StatementRow,
    Table, TableRow, format, render,
};
use serde::Deserialize;

use super::export::{self, Export};
use super::{Signed, html, message};
use crate::ApiError;
use crate::json::query_day;

/// Every report's query: the days it covers, whose aging, and `format=csv` or `format=xlsx`
/// for a download.
#[derive(Deserialize, Default)]
pub struct ReportQuery {
    pub at: Option<String>,
    pub day: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub of: Option<String>,
    pub format: Option<String>,
}

impl ReportQuery {
    /// The business day in field `name` (blank is none).
    ///
    /// # Errors
    /// A date that is not `YYYY-MM-DD`.
    pub fn day(&self, name: &str) -> Result<Option<i32>, ApiError> {
        let v = match name {
            "at" => &self.at,
            "day" => &self.day,
            "from" => &self.from,
            _ => &self.to,
        };
        query_day(name, v.as_deref().filter(|v| !v.trim().is_empty()))
    }

    /// The page, or the download asked for.
    pub fn export(&self) -> Export {
        Export::of(self.format.as_deref())
    }
}

/// A date filter of the report form.
pub fn date_filter(c: &Ctx, name: &str, label: &str, day: Option<i32>) -> Filter {
    Filter {
        name: name.to_owned(),
        label: c.t(label),
        value: day.map(day_text).unwrap_or_default(),
        options: Vec::new(),
    }
}

/// A report page `id` (its path `/reports/{id}`) titled by the word `title`, not yet filled.
pub fn report(c: &Ctx, id: &str, title: &str, filters: Vec<Filter>, covers: String) -> ReportPage {
    ReportPage {
        c: c.clone(),
        id: id.to_owned(),
        title: c.t(title),
        action: format!("/reports/{id}"),
        filters,
        covers,
        charts: Vec::new(),
        tables: Vec::new(),
        checks: Vec::new(),
        error: None,
        csv_href: export::href(c, "csv"),
        xlsx_href: export::href(c, "xlsx"),
    }
}

/// A table with `head` words and `rows`; a head is aligned as its column's first cell is
/// (a number at the end), or, without rows, as a number unless it is the first or names words.
pub fn table(
    c: &Ctx,
    id: &str,
    caption: Option<&str>,
    head: &[&str],
    rows: Vec<TableRow>,
) -> Table {
    let mut t = Table {
        id: id.to_owned(),
        caption: caption.map(|k| c.t(k)),
        head: head
            .iter()
            .enumerate()
            .map(|(i, k)| Cell {
                num: i > 0
                    && !matches!(
                        *k,
                        "account"
                            | "name"
                            | "product"
                            | "warehouse"
                            | "code"
                            | "month"
                            | "hour"
                            | "cashier"
                    ),
                ..Cell::text(c.t(k))
            })
            .collect(),
        rows: Vec::new(),
    };
    align(&mut t, rows);
    t
}

/// Puts `rows` into `t`, its heads aligned as the first row's cells.
pub fn align(t: &mut Table, rows: Vec<TableRow>) {
    if let Some(first) = rows.first() {
        for (h, cell) in t.head.iter_mut().zip(&first.cells) {
            h.num = cell.num;
        }
    }
    t.rows = rows;
}

/// The page, or its tables as a download named after the report and what it covers.
pub fn answer(page: &ReportPage, out: Export) -> Response {
    let covers: String = page
        .covers
        .replace(" — ", "_")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .collect();
    export::answer(page, &format!("{}-{covers}", page.id), out)
}

/// A report whose query or use case was refused: the page with the refusal (the form kept),
/// or for a download the refusal page.
pub fn failed(s: &Signed, mut page: ReportPage, out: Export, e: &ApiError) -> Response {
    if out.file() {
        return s.refused_api(e);
    }
    page.error = Some(message(&s.c, e));
    html(e.status, render(&page))
}

/// `GET /reports`: every report the role may read.
pub async fn index(s: Signed) -> Response {
    let (reports, books) = (
        s.actor.can(Permission::ReportsRead),
        s.actor.can(Permission::BooksRead),
    );
    if !reports && !books {
        return match s.grant::<perm::ReportsRead>() {
            Err(page) => page,
            Ok(_) => html(StatusCode::OK, String::new()),
        };
    }
    let c = &s.c;
    let link = |id: &str, title: &str, hint: &str| ReportLink {
        id: format!("report-{id}"),
        href: format!("/reports/{id}"),
        title: c.t(title),
        hint: c.t(hint),
    };
    let mut links = Vec::new();
    if reports {
        links.push(link("daily-sales", "daily_sales", "daily_sales_hint"));
        links.push(link("profit-and-loss", "profit_and_loss", "pnl_hint"));
        links.push(link(
            "gross-profit",
            "gross_profit_by_month",
            "gross_profit_hint",
        ));
        links.push(link(
            "sales-by-product",
            "sales_by_product",
            "sales_by_product_hint",
        ));
        links.push(link(
            "sales-by-cashier",
            "sales_by_cashier",
            "sales_by_cashier_hint",
        ));
        links.push(link("cafe", "cafe_report", "cafe_report_hint"));
    }
    if books {
        links.push(link("trial-balance", "trial_balance", "trial_balance_hint"));
        links.push(link("balance-sheet", "balance_sheet", "balance_sheet_hint"));
    }
    if reports {
        links.push(link(
            "stock-valuation",
            "stock_valuation",
            "stock_valuation_hint",
        ));
        links.push(link("aging", "aging", "aging_hint"));
    }
    html(
        StatusCode::OK,
        render(&ReportsIndexPage {
            c: c.clone(),
            links,
        }),
    )
}

/// `GET /reports/profit-and-loss?from=YYYY-MM-DD&to=YYYY-MM-DD[&format=csv|xlsx]`.
pub async fn profit_and_loss(
    State(app): State<Arc<Mizan>>,
    s: Signed,
    Query(q): Query<ReportQuery>,
) -> Response {
    let g = match s.grant::<perm::ReportsRead>() {
        Ok(g) => g,
        Err(page) => return page,
    };
    let c = &s.c;
    let mut error = None;
    let mut day = |field: &str| match q.day(field) {
        Ok(d) => d,
        Err(e) => {
            error = Some(e);
            None
        }
    };
    let (from, to) = (day("from"), day("to"));
    let mut lines: Vec<(&str, i64, bool)> = Vec::new();
    let mut margin = String::new();
    let mut period = (String::new(), String::new());
    match app.profit_and_loss(&g, &s.tenant, from, to).await {
        Ok((Period { from, to }, p)) => {
            period = (day_text(from), day_text(to));
            lines = vec![
                ("gross_sales", p.gross_sales, false),
                ("returns", -p.returns, false),
                ("net_sales", p.net_sales, true),
                ("cost_of_sales", -p.cost_of_sales, false),
                ("gross_profit", p.gross_profit, true),
                ("other_income", p.total_other_income, false),
                ("expenses", -p.total_expenses, false),
                ("net_profit", p.net_profit, true),
            ];
            margin = p
                .gross_margin_bp
                .map(format::percent_bp)
                .unwrap_or_else(|| "—".to_owned());
        }
        Err(e) => error = Some(s.error(e)),
    }
    if q.export().file() {
        if let Some(e) = &error {
            return s.refused_api(e);
        }
        let mut rows: Vec<TableRow> = lines
            .iter()
            .map(|(k, v, _)| TableRow::of(vec![Cell::text(c.t(k)), Cell::money(c, *v)]))
            .collect();
        rows.push(TableRow::of(vec![
            Cell::text(c.t("gross_margin")),
            Cell::ltr(margin.replace(['%', '—'], "")),
        ]));
        let mut page = report(
            c,
            "profit-and-loss",
            "profit_and_loss",
            Vec::new(),
            String::new(),
        );
        page.covers = format!("{} — {}", period.0, period.1);
        page.tables = vec![table(c, "pnl", None, &["account", "amount"], rows)];
        return answer(&page, q.export());
    }
    let rows = lines
        .iter()
        .map(|(k, v, total)| StatementRow {
            label: c.t(k),
            amount: c.money(*v),
            total: *total,
        })
        .collect();
    let page = ProfitLossPage {
        c: c.clone(),
        from: period.0,
        to: period.1,
        rows,
        margin,
        error: error.map(|e| message(c, &e)),
        csv_href: export::href(c, "csv"),
        xlsx_href: export::href(c, "xlsx"),
    };
    html(StatusCode::OK, render(&page))
}
