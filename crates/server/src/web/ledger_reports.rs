//! The books as pages: the trial balance and the balance sheet at a business day
//! (`books.read`), and the stock valuation at a day (`reports.read`); each with account and
//! product names in the page's language, the check that it agrees with itself, and its CSV.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::response::Response;
use mizan_app::{Mizan, perm};
use mizan_domain::calendar::day_text;
use mizan_domain::ledger::statements::StatementLine;
use mizan_web::{Cell, Check, Ctx, TableRow};

use super::Signed;
use super::reports::{ReportQuery, answer, date_filter, failed, report, table};

fn check(c: &Ctx, id: &str, ok: bool, yes: &str, no: &str) -> Check {
    Check {
        id: id.to_owned(),
        text: c.t(if ok { yes } else { no }),
        ok,
    }
}

/// `GET /reports/trial-balance?at=YYYY-MM-DD[&format=csv|xlsx]`.
pub async fn trial_balance(
    State(app): State<Arc<Mizan>>,
    s: Signed,
    Query(q): Query<ReportQuery>,
) -> Response {
    let g = match s.grant::<perm::BooksRead>() {
        Ok(g) => g,
        Err(page) => return page,
    };
    let c = &s.c;
    let at = q.day("at");
    let filters = |at| vec![date_filter(c, "at", "as_of", at)];
    let mut page = report(
        c,
        "trial-balance",
        "trial_balance",
        filters(None),
        String::new(),
    );
    let result = match at {
        Ok(at) => app
            .trial_balance(&g, &s.tenant, at)
            .await
            .map_err(|e| s.error(e)),
        Err(e) => Err(e),
    };
    let (at, tb) = match result {
        Ok(r) => r,
        Err(e) => return failed(&s, page, q.export(), &e),
    };
    page.filters = filters(Some(at));
    page.covers = day_text(at);
    let mut rows: Vec<TableRow> = tb
        .accounts
        .iter()
        .filter(|a| a.debit != 0 || a.credit != 0)
        .map(|a| {
            TableRow::of(vec![
                Cell::code(a.code.clone()),
                Cell::text(c.name(&a.name_en, &a.name_ar, &a.name_ru)),
                Cell::money(c, a.debit),
                Cell::money(c, a.credit),
                Cell::money(c, a.balance()),
            ])
        })
        .collect();
    rows.push(TableRow::total(vec![
        Cell::blank(),
        Cell::text(c.t("total")),
        Cell::money(c, tb.total_debit),
        Cell::money(c, tb.total_credit),
        Cell::money(c, tb.total_debit.saturating_sub(tb.total_credit)),
    ]));
    page.tables = vec![table(
        c,
        "tb",
        None,
        &["code", "account", "debit", "credit", "balance"],
        rows,
    )];
    page.checks = vec![check(
        c,
        "balanced",
        tb.total_debit == tb.total_credit && tb.debit_balances == tb.credit_balances,
        "debits_equal_credits",
        "debits_differ",
    )];
    answer(&page, q.export())
}

/// `GET /reports/balance-sheet?at=YYYY-MM-DD[&format=csv|xlsx]`.
pub async fn balance_sheet(
    State(app): State<Arc<Mizan>>,
    s: Signed,
    Query(q): Query<ReportQuery>,
) -> Response {
    let g = match s.grant::<perm::BooksRead>() {
        Ok(g) => g,
        Err(page) => return page,
    };
    let c = &s.c;
    let filters = |at| vec![date_filter(c, "at", "as_of", at)];
    let mut page = report(
        c,
        "balance-sheet",
        "balance_sheet",
        filters(None),
        String::new(),
    );
    let result = match q.day("at") {
        Ok(at) => app
            .balance_sheet(&g, &s.tenant, at)
            .await
            .map_err(|e| s.error(e)),
        Err(e) => Err(e),
    };
    let (at, bs) = match result {
        Ok(r) => r,
        Err(e) => return failed(&s, page, q.export(), &e),
    };
    page.filters = filters(Some(at));
    page.covers = day_text(at);
    let lines = |lines: &[StatementLine]| -> Vec<TableRow> {
        lines
            .iter()
            .map(|l| {
                let a = &l.account;
                TableRow::of(vec![
                    Cell::code(a.code.clone()),
                    Cell::text(c.name(&a.name_en, &a.name_ar, &a.name_ru)),
                    Cell::money(c, l.amount),
                ])
            })
            .collect()
    };
    let total = |key: &str, v: i64| {
        TableRow::total(vec![Cell::blank(), Cell::text(c.t(key)), Cell::money(c, v)])
    };
    let head = ["code", "account", "amount"];
    let mut assets = lines(&bs.assets);
    assets.push(total("total_assets", bs.total_assets));
    let mut liabilities = lines(&bs.liabilities);
    liabilities.push(total("total_liabilities", bs.total_liabilities));
    let mut equity = lines(&bs.equity);
    equity.push(TableRow::of(vec![
        Cell::blank(),
        Cell::text(c.t("earnings")),
        Cell::money(c, bs.earnings),
    ]));
    equity.push(total("total_equity", bs.total_equity));
    equity.push(total(
        "liabilities_and_equity",
        bs.total_liabilities.saturating_add(bs.total_equity),
    ));
    page.tables = vec![
        table(c, "assets", Some("assets"), &head, assets),
        table(c, "liabilities", Some("liabilities"), &head, liabilities),
        table(c, "equity", Some("equity"), &head, equity),
    ];
    page.checks = vec![check(
        c,
        "balanced",
        bs.balances(),
        "balance_sheet_balances",
        "balance_sheet_differs",
    )];
    answer(&page, q.export())
}

/// `GET /reports/stock-valuation?at=YYYY-MM-DD[&format=csv|xlsx]`.
pub async fn stock_valuation(
    State(app): State<Arc<Mizan>>,
    s: Signed,
    Query(q): Query<ReportQuery>,
) -> Response {
    let g = match s.grant::<perm::ReportsRead>() {
        Ok(g) => g,
        Err(page) => return page,
    };
    let c = &s.c;
    let filters = |at| vec![date_filter(c, "at", "as_of", at)];
    let mut page = report(
        c,
        "stock-valuation",
        "stock_valuation",
        filters(None),
        String::new(),
    );
    let result = match q.day("at") {
        Ok(at) => app
            .stock_valuation(&g, &s.tenant, at)
            .await
            .map_err(|e| s.error(e)),
        Err(e) => Err(e),
    };
    let v = match result {
        Ok(v) => v,
        Err(e) => return failed(&s, page, q.export(), &e),
    };
    page.filters = filters(Some(v.day));
    page.covers = day_text(v.day);
    let mut rows: Vec<TableRow> = v
        .levels
        .iter()
        .map(|l| {
            let warehouse = v
                .warehouses
                .iter()
                .find(|w| w.id == l.warehouse_id)
                .map_or_else(|| l.warehouse_id.0.to_string(), |w| w.name.clone());
            let (code, name) = v
                .products
                .iter()
                .find(|p| p.id == l.product_id)
                .map_or_else(
                    || (l.product_id.0.to_string(), String::new()),
                    |p| {
                        (
                            p.code.clone(),
                            c.name(&p.name_en, &p.name_ar, "").to_owned(),
                        )
                    },
                );
            TableRow::of(vec![
                Cell::text(warehouse),
                Cell::code(code),
                Cell::text(name),
                Cell::qty(l.qty),
                Cell::money(c, l.value),
            ])
        })
        .collect();
    rows.push(TableRow::total(vec![
        Cell::text(c.t("total")),
        Cell::blank(),
        Cell::blank(),
        Cell::blank(),
        Cell::money(c, v.total_value),
    ]));
    page.tables = vec![table(
        c,
        "stock",
        None,
        &["warehouse", "code", "product", "quantity", "value"],
        rows,
    )];
    page.checks = vec![check(
        c,
        "balanced",
        v.total_value == v.inventory_account,
        "stock_agrees",
        "stock_differs",
    )];
    answer(&page, q.export())
}
