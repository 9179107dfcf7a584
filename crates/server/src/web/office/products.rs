//! Products in the back office: the list (search by code or name, paging, CSV) and one
//! product with its price, VAT and cost, and what each warehouse holds of it at what value
//! (for a role that may read stock).

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::response::Response;
use mizan_app::{Mizan, perm};
use mizan_domain::ProductId;
use mizan_domain::staff::Permission;
use mizan_domain::stock::StockLevel;
use mizan_store::{Page, Product};
use mizan_web::{Cell, Ctx, TableRow, format};

use super::{
    ListQuery, PAGE_SIZE, answer_list, answer_record, fact, list_failed, list_page, paged, record,
    table, yes_no,
};
use crate::web::Signed;

/// A product's name in the page's language.
pub fn product_name<'a>(c: &Ctx, p: &'a Product) -> &'a str {
    c.name(&p.name_en, &p.name_ar, "")
}

/// `GET /office/products[?q=TEXT][&after=ID][&format=csv]`.
pub async fn list(
    State(app): State<Arc<Mizan>>,
    s: Signed,
    Query(q): Query<ListQuery>,
) -> Response {
    let g = match s.grant::<perm::CatalogRead>() {
        Ok(g) => g,
        Err(page) => return page,
    };
    let c = &s.c;
    let mut page = list_page(
        c,
        "products",
        Some("search_products"),
        &q,
        &[
            "code",
            "name",
            "barcode",
            "unit",
            "sale_price",
            "vat",
            "cost_price",
        ],
    );
    super::new_button(&s, &mut page, Permission::CatalogManage, "new_product");
    let found = match q.text() {
        Some(text) => app.find_products(&g, text, PAGE_SIZE).await,
        None => {
            app.products(&g, Page::after(q.after.unwrap_or(0), PAGE_SIZE))
                .await
        }
    };
    let products = match found {
        Ok(p) => p,
        Err(e) => return list_failed(&s, page, q.export(), &s.error(e)),
    };
    let rows = products
        .iter()
        .map(|p| {
            let href = format!("/office/products/{}", p.id.0);
            TableRow::of(vec![
                Cell::code(p.code.clone()).link(href.clone()),
                Cell::text(product_name(c, p)).link(href),
                Cell::code(p.barcode.clone().unwrap_or_default()),
                Cell::text(c.word("unit", &p.unit)),
                Cell::money(c, p.sale_price),
                Cell::ltr(format::percent_bp(p.vat_bp)),
                p.cost_price
                    .map_or_else(|| Cell::text("—"), |cost| Cell::money(c, cost)),
            ])
        })
        .collect();
    // A search shows its matches in code order on one page; the catalogue pages by id.
    let last = if q.text().is_some() {
        None
    } else {
        products.last().map(|p| p.id.0)
    };
    paged(&mut page, rows, "after", last, &q);
    answer_list(&page, q.export())
}

/// `GET /office/products/{id}[?format=csv]`.
pub async fn show(
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
    let p = match app.product(&g, ProductId(id)).await {
        Ok(p) => p,
        Err(e) => return s.refused(e),
    };
    let mut page = record(c, "product", "products", product_name(c, &p).to_owned());
    if s.actor.can(Permission::CatalogManage) {
        page.links.push((
            "edit".to_owned(),
            format!("/office/products/{}/edit", p.id.0),
            c.t("edit_product"),
        ));
    }
    page.facts = vec![
        fact(c, "code", Cell::code(p.code.clone())),
        fact(
            c,
            "barcode",
            Cell::code(p.barcode.clone().unwrap_or_default()),
        ),
        fact(c, "plu", Cell::code(p.plu.clone().unwrap_or_default())),
        fact(c, "name_en", Cell::text(p.name_en.clone())),
        fact(c, "name_ar", Cell::text(p.name_ar.clone())),
        fact(c, "unit", Cell::text(c.word("unit", &p.unit))),
        fact(c, "sale_price", Cell::money(c, p.sale_price)),
        fact(c, "vat", Cell::ltr(format::percent_bp(p.vat_bp))),
        fact(
            c,
            "cost_price",
            p.cost_price
                .map_or_else(|| Cell::text("—"), |cost| Cell::money(c, cost)),
        ),
        fact(c, "tracks_stock", yes_no(c, p.tracks_stock)),
        fact(c, "allow_negative_stock", yes_no(c, p.allow_negative_stock)),
    ];
    if s.actor.can(Permission::StockRead) {
        let stock = match s.grant::<perm::StockRead>() {
            Ok(g) => app.product_stock(&g, p.id).await,
            Err(page) => return page,
        };
        let (levels, warehouses) = match (stock, app.warehouses(&g, Page::first(Page::MAX)).await) {
            (Ok(l), Ok(w)) => (l, w),
            (Err(e), _) | (_, Err(e)) => return s.refused(e),
        };
        let (mut qty, mut value) = (0i64, 0i64);
        let mut rows: Vec<TableRow> = levels
            .iter()
            .map(|l| {
                qty = qty.saturating_add(l.qty);
                value = value.saturating_add(l.value);
                let name = warehouses
                    .iter()
                    .find(|w| w.id == l.warehouse_id)
                    .map_or_else(|| l.warehouse_id.0.to_string(), |w| w.name.clone());
                TableRow::of(vec![
                    Cell::text(name),
                    Cell::qty(l.qty),
                    Cell::money(c, l.value),
                    average(c, l.qty, l.value),
                ])
            })
            .collect();
        if !rows.is_empty() {
            rows.push(TableRow::total(vec![
                Cell::text(c.t("total")),
                Cell::qty(qty),
                Cell::money(c, value),
                average(c, qty, value),
            ]));
        }
        page.tables.push(table(
            c,
            "stock",
            "stock_by_warehouse",
            &["warehouse", "quantity", "value", "average_cost"],
            rows,
        ));
    }
    answer_record(&page, &format!("product-{}", p.code), q.export())
}

/// The average cost of one unit of `qty` (thousandths) worth `value`, or a dash when none is
/// on hand.
fn average(c: &Ctx, qty: i64, value: i64) -> Cell {
    StockLevel { qty, value }
        .unit_cost()
        .map_or_else(|| Cell::text("—"), |v| Cell::money(c, v))
}
