//! Transfers and stock counts in the back office: each list newest first, a page at a time,
//! with where the goods were, the note or reason, the value moved and who posted it; each
//! number opens the document's page for a role that reads the books. Listed from their own
//! tables, so a transfer that moved no value between accounts (no journal entry) is here too.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::response::Response;
use mizan_app::{Mizan, StockDocKind, perm};
use mizan_domain::calendar::day_text;
use mizan_domain::staff::Permission;
use mizan_store::Page;
use mizan_web::{Cell, TableRow};

use super::{ListQuery, PAGE_SIZE, answer_list, list_failed, list_page, paged};
use crate::web::Signed;

/// `GET /office/transfers[?before=ID][&format=csv]`.
pub async fn transfers(
    State(app): State<Arc<Mizan>>,
    s: Signed,
    Query(q): Query<ListQuery>,
) -> Response {
    list(&app, &s, &q, StockDocKind::Transfer).await
}

/// `GET /office/counts[?before=ID][&format=csv]`.
pub async fn counts(
    State(app): State<Arc<Mizan>>,
    s: Signed,
    Query(q): Query<ListQuery>,
) -> Response {
    list(&app, &s, &q, StockDocKind::Count).await
}

async fn list(app: &Mizan, s: &Signed, q: &ListQuery, kind: StockDocKind) -> Response {
    let g = match s.grant::<perm::StockRead>() {
        Ok(g) => g,
        Err(page) => return page,
    };
    let c = &s.c;
    let (id, doc_kind, word, head): (_, _, _, &[&str]) = match kind {
        StockDocKind::Transfer => (
            "transfers",
            "transfer",
            "transfer_stock",
            &[
                "date",
                "number",
                "from_warehouse_id",
                "to_warehouse_id",
                "note",
                "value",
                "by",
            ],
        ),
        StockDocKind::Count => (
            "counts",
            "count",
            "count_stock",
            &["date", "number", "warehouse_id", "reason", "value", "by"],
        ),
    };
    let mut page = list_page(c, id, None, q, head);
    super::new_button(s, &mut page, Permission::StockManage, word);
    let found = app.stock_documents(&g, kind, q.before, PAGE_SIZE).await;
    let docs = match found {
        Ok(d) => d,
        Err(e) => return list_failed(s, page, q.export(), &s.error(e)),
    };
    let mut places = BTreeMap::new();
    if let Ok(catalog) = s.actor.grant::<perm::CatalogRead>()
        && let Ok(ws) = app.warehouses(&catalog, Page::first(Page::MAX)).await
    {
        places.extend(ws.into_iter().map(|w| (w.id.0, w.name)));
    }
    let place = |id: i64| places.get(&id).cloned().unwrap_or_else(|| id.to_string());
    let books = s.actor.can(Permission::BooksRead);
    let rows = docs
        .iter()
        .map(|d| {
            let number = Cell::code(d.number.clone());
            let mut cells = vec![
                Cell::code(day_text(d.business_day)),
                if books {
                    number.link(format!("/office/documents/{doc_kind}/{}", d.id))
                } else {
                    number
                },
                Cell::text(place(d.warehouse_id.0)),
            ];
            if let Some(to) = d.to_warehouse_id {
                cells.push(Cell::text(place(to.0)));
            }
            cells.push(Cell::text(d.note.clone().unwrap_or_default()));
            cells.push(Cell::money(c, d.value));
            cells.push(Cell::code(d.by.clone()));
            TableRow::of(cells)
        })
        .collect();
    paged(&mut page, rows, "before", docs.last().map(|d| d.id), q);
    answer_list(&page, q.export())
}
