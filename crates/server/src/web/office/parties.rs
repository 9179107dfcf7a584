//! Customers and suppliers in the back office: each list (search by name or phone, paging,
//! CSV) with what each owes or is owed, and one customer or supplier with their balance and
//! statement of account — every document that changed it, linked to the document's page, the
//! latest 100 on screen with a link to the earlier ones.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::response::Response;
use mizan_app::{Mizan, perm};
use mizan_domain::calendar::day_text;
use mizan_domain::staff::Permission;
use mizan_domain::{CustomerId, SupplierId};
use mizan_store::{Page, StatementLine};
use mizan_web::{Cell, Ctx, RecordPage, Table, TableRow};

use super::{
    ListQuery, PAGE_SIZE, answer_list, answer_record, fact, list_failed, list_page, paged, record,
    table,
};
use crate::web::Signed;

/// `GET /office/customers[?q=TEXT][&after=ID][&format=csv]`.
pub async fn customers(
    State(app): State<Arc<Mizan>>,
    s: Signed,
    Query(q): Query<ListQuery>,
) -> Response {
    let g = match s.grant::<perm::CatalogRead>() {
        Ok(g) => g,
        Err(page) => return page,
    };
    let c = &s.c;
    let head = ["name", "phone", "credit_limit", "balance"];
    let mut page = list_page(c, "customers", Some("search_people"), &q, &head);
    super::new_button(&s, &mut page, Permission::CustomersManage, "new_customer");
    let at = Page::after(q.after.unwrap_or(0), PAGE_SIZE);
    let found = match q.text() {
        Some(text) => app.find_customers(&g, text, at).await,
        None => app.customers(&g, at).await,
    };
    let customers = match found {
        Ok(p) => p,
        Err(e) => return list_failed(&s, page, q.export(), &s.error(e)),
    };
    let rows = customers
        .iter()
        .map(|p| {
            TableRow::of(vec![
                Cell::text(p.name.clone()).link(format!("/office/customers/{}", p.id.0)),
                Cell::code(p.phone.clone().unwrap_or_default()),
                limit(c, p.credit_limit),
                Cell::money(c, p.balance),
            ])
        })
        .collect();
    paged(
        &mut page,
        rows,
        "after",
        customers.last().map(|p| p.id.0),
        &q,
    );
    answer_list(&page, q.export())
}

/// A credit limit, or the word for none.
fn limit(c: &Ctx, l: Option<i64>) -> Cell {
    l.map_or_else(|| Cell::text(c.t("no_limit")), |l| Cell::money(c, l))
}

/// `GET /office/customers/{id}[?format=csv]`: the statement for a role that reads reports.
pub async fn customer(
    State(app): State<Arc<Mizan>>,
    s: Signed,
    Path(id): Path<i64>,
    Query(q): Query<ListQuery>,
) -> Response {
    let g = match s.grant::<perm::CatalogRead>() {
        Ok(g) => g,
        Err(page) => return page,
    };
    let c = &s.c;
    let p = match app.customer(&g, CustomerId(id)).await {
        Ok(p) => p,
        Err(e) => return s.refused(e),
    };
    let mut page = record(c, "customer", "customers", p.name.clone());
    page.facts = vec![
        fact(c, "phone", Cell::code(p.phone.clone().unwrap_or_default())),
        fact(c, "credit_limit", limit(c, p.credit_limit)),
        fact(c, "balance", Cell::money(c, p.balance)),
    ];
    if s.actor.can(Permission::ReportsRead) {
        let lines = match s.grant::<perm::ReportsRead>() {
            Ok(g) => app.customer_statement(&g, p.id).await,
            Err(page) => return page,
        };
        match lines {
            Ok(lines) => statement(&s, &mut page, &lines, &q),
            Err(e) => return s.refused(e),
        }
    }
    answer_record(&page, &format!("customer-{}", p.id.0), q.export())
}

/// `GET /office/suppliers[?q=TEXT][&after=ID][&format=csv]`.
pub async fn suppliers(
    State(app): State<Arc<Mizan>>,
    s: Signed,
    Query(q): Query<ListQuery>,
) -> Response {
    let g = match s.grant::<perm::PurchasesRead>() {
        Ok(g) => g,
        Err(page) => return page,
    };
    let c = &s.c;
    let head = ["name", "phone", "tax_number", "owed"];
    let mut page = list_page(c, "suppliers", Some("search_people"), &q, &head);
    super::new_button(&s, &mut page, Permission::PurchasesManage, "new_supplier");
    let at = Page::after(q.after.unwrap_or(0), PAGE_SIZE);
    let found = match q.text() {
        Some(text) => app.find_suppliers(&g, text, at).await,
        None => app.suppliers(&g, at).await,
    };
    let suppliers = match found {
        Ok(p) => p,
        Err(e) => return list_failed(&s, page, q.export(), &s.error(e)),
    };
    let rows = suppliers
        .iter()
        .map(|p| {
            TableRow::of(vec![
                Cell::text(p.name.clone()).link(format!("/office/suppliers/{}", p.id.0)),
                Cell::code(p.phone.clone().unwrap_or_default()),
                Cell::code(p.tax_number.clone().unwrap_or_default()),
                Cell::money(c, p.balance),
            ])
        })
        .collect();
    paged(
        &mut page,
        rows,
        "after",
        suppliers.last().map(|p| p.id.0),
        &q,
    );
    answer_list(&page, q.export())
}

/// `GET /office/suppliers/{id}[?format=csv]`: what the shop owes and the statement.
pub async fn supplier(
    State(app): State<Arc<Mizan>>,
    s: Signed,
    Path(id): Path<i64>,
    Query(q): Query<ListQuery>,
) -> Response {
    let g = match s.grant::<perm::PurchasesRead>() {
        Ok(g) => g,
        Err(page) => return page,
    };
    let c = &s.c;
    let (p, lines) = match (
        app.supplier(&g, SupplierId(id)).await,
        app.supplier_statement(&g, SupplierId(id)).await,
    ) {
        (Ok(p), Ok(lines)) => (p, lines),
        (Err(e), _) | (_, Err(e)) => return s.refused(e),
    };
    let mut page = record(c, "supplier", "suppliers", p.name.clone());
    page.facts = vec![
        fact(c, "phone", Cell::code(p.phone.clone().unwrap_or_default())),
        fact(
            c,
            "tax_number",
            Cell::code(p.tax_number.clone().unwrap_or_default()),
        ),
        fact(c, "owed", Cell::money(c, p.balance)),
    ];
    statement(&s, &mut page, &lines, &q);
    answer_record(&page, &format!("supplier-{}", p.id.0), q.export())
}

/// Statement lines a page shows.
const STATEMENT_PAGE: usize = 100;

/// A record's statement of account: on screen the latest [`STATEMENT_PAGE`] lines before line
/// `before` (by default the newest), with a link to the earlier ones; a download holds every
/// line.
fn statement(s: &Signed, page: &mut RecordPage, lines: &[StatementLine], q: &ListQuery) {
    if q.export().file() {
        page.tables.push(statement_table(s, lines));
        return;
    }
    let end = q
        .before
        .and_then(|b| usize::try_from(b).ok())
        .map_or(lines.len(), |b| b.min(lines.len()));
    let start = end.saturating_sub(STATEMENT_PAGE);
    if start > 0 {
        page.links.push((
            "earlier".to_owned(),
            super::with_param(&s.c, "before", &start.to_string()),
            s.c.t("earlier_lines"),
        ));
    }
    if end < lines.len() {
        page.links.push((
            "latest".to_owned(),
            super::with_param(&s.c, "before", ""),
            s.c.t("latest_lines"),
        ));
    }
    page.tables.push(statement_table(s, &lines[start..end]));
}

/// A statement of account: each document's day, kind and number (linked to its page for a
/// role that reads the books), what it added and took off, and the balance after it.
fn statement_table(s: &Signed, lines: &[StatementLine]) -> Table {
    let c = &s.c;
    let books = s.actor.can(Permission::BooksRead);
    let rows = lines
        .iter()
        .map(|l| {
            let number = Cell::code(l.number.clone());
            TableRow::of(vec![
                Cell::code(day_text(l.business_day)),
                Cell::text(c.word("doc", &l.kind)),
                if books {
                    number.link(format!("/office/documents?q={}", urlencoding(&l.number)))
                } else {
                    number
                },
                amount_or_blank(c, l.debit),
                amount_or_blank(c, l.credit),
                Cell::money(c, l.balance),
            ])
        })
        .collect();
    table(
        c,
        "statement",
        "statement",
        &["date", "kind", "number", "debit", "credit", "balance"],
        rows,
    )
}

/// An amount, blank when zero.
fn amount_or_blank(c: &Ctx, v: i64) -> Cell {
    if v == 0 {
        Cell::ltr("")
    } else {
        Cell::money(c, v)
    }
}

/// `text` for a query string.
pub fn urlencoding(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}
