//! Every posted document in the back office: the list newest first (of one kind, or found by
//! its number — a number that names one document opens it), and one document with everything
//! it wrote: its journal entry line by line (debits = credits, shown), its stock moves at cost
//! and its cash moves by drawer — the `mizan check sale` trace as a page, for any kind; a sale
//! also shows the check's verdict to a role that may run it.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use mizan_app::{DOCUMENT_KINDS, Grant, Mizan, PostedDocument, perm};
use mizan_domain::staff::Permission;
use mizan_domain::{ProductId, SaleId};
use mizan_store::{JournalEntryView, Page};
use mizan_web::{Cell, Check, Ctx, Filter, TableRow, format};

use super::{
    ListQuery, PAGE_SIZE, answer_list, answer_record, fact, list_failed, list_page, paged, record,
    table,
};
use crate::web::Signed;

/// The total of a document's entry: the sum of its debits (for a sale: its total and its
/// cost).
fn amount(e: &JournalEntryView) -> i64 {
    e.lines.iter().map(|l| l.amount.max(0)).sum()
}

/// The page of document (`kind`, `id`).
fn href(kind: &str, id: i64) -> String {
    format!("/office/documents/{kind}/{id}")
}

/// `GET /office/documents[?kind=KIND][&q=NUMBER][&before=ID][&format=csv]`.
pub async fn list(
    State(app): State<Arc<Mizan>>,
    s: Signed,
    Query(q): Query<ListQuery>,
) -> Response {
    let g = match s.grant::<perm::BooksRead>() {
        Ok(g) => g,
        Err(page) => return page,
    };
    let c = &s.c;
    let head = ["date", "kind", "number", "memo", "entry_total"];
    let mut page = list_page(c, "documents", Some("search_number"), &q, &head);
    let kind = q.kind.as_deref().filter(|k| !k.is_empty());
    let mut options = vec![(String::new(), c.t("all_kinds"))];
    options.extend(
        DOCUMENT_KINDS
            .iter()
            .map(|k| ((*k).to_owned(), c.word("doc", k))),
    );
    page.filters = vec![Filter {
        name: "kind".to_owned(),
        label: c.t("kind"),
        value: kind.unwrap_or_default().to_owned(),
        options,
    }];
    let found = app.documents(&g, kind, q.text(), q.before, PAGE_SIZE).await;
    let entries = match found {
        Ok(e) => e,
        Err(e) => return list_failed(&s, page, q.export(), &s.error(e)),
    };
    if let ([one], Some(_), false) = (entries.as_slice(), q.text(), q.export().file()) {
        return Redirect::to(&href(&one.doc_kind, one.doc_id)).into_response();
    }
    let offset = s.tenant.utc_offset_minutes;
    let rows = entries
        .iter()
        .map(|e| {
            TableRow::of(vec![
                Cell::code(format::local_time(e.posted_at_ms, offset)),
                Cell::text(c.word("doc", &e.doc_kind)),
                Cell::code(e.number.clone()).link(href(&e.doc_kind, e.doc_id)),
                Cell::text(e.memo.clone()),
                Cell::money(c, amount(e)),
            ])
        })
        .collect();
    let oldest = entries.last().map(|e| e.id);
    paged(&mut page, rows, "before", oldest, &q);
    answer_list(&page, q.export())
}

/// `GET /office/documents/{kind}/{id}[?format=csv]`.
pub async fn show(
    State(app): State<Arc<Mizan>>,
    s: Signed,
    Path((kind, id)): Path<(String, i64)>,
    Query(q): Query<ListQuery>,
) -> Response {
    let g = match s.grant::<perm::BooksRead>() {
        Ok(g) => g,
        Err(page) => return page,
    };
    let c = &s.c;
    let doc = match app.posted_document(&g, &kind, id).await {
        Ok(d) => d,
        Err(e) => return s.refused(e),
    };
    let names = match Names::load(&app, &s, &g, &doc).await {
        Ok(n) => n,
        Err(e) => return s.refused(e),
    };
    let e = &doc.entry;
    let title = format!("{} {}", c.word("doc", &e.doc_kind), e.number);
    let mut page = record(c, "document", "documents", title);
    page.facts = vec![
        fact(c, "kind", Cell::text(c.word("doc", &e.doc_kind))),
        fact(c, "number", Cell::code(e.number.clone())),
        fact(
            c,
            "date",
            Cell::code(format::local_time(
                e.posted_at_ms,
                s.tenant.utc_offset_minutes,
            )),
        ),
        fact(c, "memo", Cell::text(e.memo.clone())),
        fact(c, "entry_total", Cell::money(c, amount(e))),
    ];
    if e.doc_kind == "sale" {
        page.links.push((
            "receipt".to_owned(),
            format!("/till/receipts/{}", e.doc_id),
            c.t("receipt"),
        ));
        if s.actor.can(Permission::BooksCheck) {
            let verdict = match s.grant::<perm::BooksCheck>() {
                Ok(g) => app.check_sale(&g, SaleId(e.doc_id)).await,
                Err(page) => return page,
            };
            match verdict {
                Ok(v) => page.checks.push(Check {
                    id: "verdict".to_owned(),
                    ok: v.ok(),
                    text: if v.ok() {
                        c.t("sale_agrees")
                    } else {
                        let codes: Vec<&str> = v.problems.iter().map(|p| p.code).collect();
                        format!("{}: {}", c.t("sale_differs"), codes.join(", "))
                    },
                }),
                Err(err) => return s.refused(err),
            }
        }
    }
    if !doc.lines.is_empty() {
        page.tables.push(lines_table(c, &names, &doc));
    }
    let (debits, credits) = e.lines.iter().fold((0i64, 0i64), |(d, cr), l| {
        (d + l.amount.max(0), cr + (-l.amount).max(0))
    });
    page.checks.push(Check {
        id: "balanced".to_owned(),
        ok: debits == credits,
        text: c.t(if debits == credits {
            "entry_balances"
        } else {
            "entry_differs"
        }),
    });
    let blank_zero = |v: i64| {
        if v == 0 {
            Cell::ltr("")
        } else {
            Cell::money(c, v)
        }
    };
    let mut lines: Vec<TableRow> = e
        .lines
        .iter()
        .map(|l| {
            TableRow::of(vec![
                Cell::code(l.account_code.clone()),
                Cell::text(names.account(c, &l.account_code, &l.account_name)),
                blank_zero(l.amount.max(0)),
                blank_zero((-l.amount).max(0)),
            ])
        })
        .collect();
    lines.push(TableRow::total(vec![
        Cell::text(c.t("total")),
        Cell::blank(),
        Cell::money(c, debits),
        Cell::money(c, credits),
    ]));
    page.tables.push(table(
        c,
        "entry",
        "journal_entry",
        &["code", "account", "debit", "credit"],
        lines,
    ));
    let stock = doc
        .moves
        .stock
        .iter()
        .map(|m| {
            let (code, name) = names.product(m.product_id);
            TableRow::of(vec![
                Cell::text(names.warehouse(m.warehouse_id.0)),
                Cell::code(code).link(format!("/office/products/{}", m.product_id.0)),
                Cell::text(name),
                Cell::qty(m.qty),
                Cell::money(c, m.value),
            ])
        })
        .collect();
    page.tables.push(table(
        c,
        "stock-moves",
        "stock_moves",
        &["warehouse", "code", "product", "quantity", "value"],
        stock,
    ));
    let cash = doc
        .moves
        .cash
        .iter()
        .map(|(register, amount)| {
            TableRow::of(vec![
                Cell::text(names.register(register.0)),
                Cell::money(c, *amount),
            ])
        })
        .collect();
    page.tables.push(table(
        c,
        "cash-moves",
        "cash_moves",
        &["register", "amount"],
        cash,
    ));
    answer_record(&page, &format!("{}-{}", e.doc_kind, e.number), q.export())
}

/// A sale's, return's or purchase's own lines, with their totals.
fn lines_table(c: &Ctx, names: &Names, doc: &PostedDocument) -> mizan_web::Table {
    let opt = |v: Option<i64>| v.map_or_else(Cell::blank, |v| Cell::money(c, v));
    let mut rows: Vec<TableRow> = doc
        .lines
        .iter()
        .map(|l| {
            let (code, name) = names.product(l.product_id);
            TableRow::of(vec![
                Cell::code(code).link(format!("/office/products/{}", l.product_id.0)),
                Cell::text(name),
                Cell::qty(l.qty),
                opt(l.unit),
                Cell::money(c, l.net),
                Cell::money(c, l.vat),
                Cell::money(c, l.net + l.vat),
                opt(l.cost),
            ])
        })
        .collect();
    let sum = |f: fn(&mizan_app::DocumentLine) -> i64| doc.lines.iter().map(f).sum::<i64>();
    let cost = doc.lines.iter().map(|l| l.cost).sum::<Option<i64>>();
    rows.push(TableRow::total(vec![
        Cell::text(c.t("total")),
        Cell::blank(),
        Cell::blank(),
        Cell::blank(),
        Cell::money(c, sum(|l| l.net)),
        Cell::money(c, sum(|l| l.vat)),
        Cell::money(c, sum(|l| l.net + l.vat)),
        opt(cost),
    ]));
    table(
        c,
        "lines",
        "document_lines",
        &[
            "code",
            "product",
            "quantity",
            "unit_price",
            "net",
            "vat",
            "total",
            "cost",
        ],
        rows,
    )
}

/// The names a document's page shows for the ids its rows hold.
struct Names {
    /// Account code → (en, ar, ru).
    accounts: BTreeMap<String, (String, String, String)>,
    warehouses: BTreeMap<i64, String>,
    registers: BTreeMap<i64, String>,
    /// Product id → (code, name in the page's language).
    products: BTreeMap<i64, (String, String)>,
}

impl Names {
    async fn load(
        app: &Mizan,
        s: &Signed,
        g: &Grant<perm::BooksRead>,
        doc: &PostedDocument,
    ) -> Result<Self, mizan_app::AppError> {
        let accounts = app
            .accounts(g)
            .await?
            .into_iter()
            .map(|a| (a.code, (a.name_en, a.name_ar, a.name_ru)))
            .collect();
        let mut names = Self {
            accounts,
            warehouses: BTreeMap::new(),
            registers: BTreeMap::new(),
            products: BTreeMap::new(),
        };
        // Without `catalog.read` the moves show ids instead of names.
        let Ok(catalog) = s.actor.grant::<perm::CatalogRead>() else {
            return Ok(names);
        };
        let all = Page::first(Page::MAX);
        if !doc.moves.stock.is_empty() {
            for w in app.warehouses(&catalog, all).await? {
                names.warehouses.insert(w.id.0, w.name);
            }
        }
        if !doc.moves.cash.is_empty() {
            for r in app.cash_registers(&catalog, all).await? {
                names.registers.insert(r.id.0, r.name);
            }
        }
        let ids = doc.moves.stock.iter().map(|m| m.product_id);
        for id in ids.chain(doc.lines.iter().map(|l| l.product_id)) {
            if names.products.contains_key(&id.0) {
                continue;
            }
            if let Ok(p) = app.product(&catalog, id).await {
                let name = s.c.name(&p.name_en, &p.name_ar, "").to_owned();
                names.products.insert(p.id.0, (p.code, name));
            }
        }
        Ok(names)
    }

    fn account(&self, c: &Ctx, code: &str, fallback: &str) -> String {
        self.accounts.get(code).map_or_else(
            || fallback.to_owned(),
            |(en, ar, ru)| c.name(en, ar, ru).to_owned(),
        )
    }

    fn warehouse(&self, id: i64) -> String {
        self.warehouses
            .get(&id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }

    fn register(&self, id: i64) -> String {
        self.registers
            .get(&id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }

    fn product(&self, id: ProductId) -> (String, String) {
        self.products
            .get(&id.0)
            .cloned()
            .unwrap_or_else(|| (id.0.to_string(), String::new()))
    }
}
