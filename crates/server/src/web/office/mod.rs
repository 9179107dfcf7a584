//! The back office as pages: its index of the sections the role may open, and the helpers
//! every list and record shares — the list query (search text, filters, the page after or
//! before an id, `format=csv` or `format=xlsx`), links to the next page, and the answer as
//! HTML or a download. The
//! sections: products (`products`), customers and suppliers with their statements
//! (`parties`), every posted document with its entry and moves (`documents`), transfers and
//! counts (`stock_docs`), registers and
//! sessions, users and devices, settings (`people`); the café's tables and stations
//! (`places`); the rolls of fabrics kept in rolls (`rolls`); the forms that create master data
//! (`forms`), post documents (`post_forms`, their lines in `lines`), and change people and
//! settings (`staff_forms`).

mod documents;
mod forms;
mod lines;
mod parties;
mod people;
mod places;
mod post_forms;
mod products;
mod rolls;
mod staff_forms;
mod stock_docs;

use axum::Router;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use mizan_domain::staff::Permission;
use mizan_web::{Cell, Ctx, ListPage, RecordPage, ReportLink, SearchBox, Table, TableRow};
use serde::Deserialize;
use std::sync::Arc;

use super::export::{self, Export};
use super::{Signed, html, message};
use crate::ApiError;

/// Each section of the back office and the permission that opens it.
pub const SECTIONS: &[(&str, Permission)] = &[
    ("products", Permission::CatalogRead),
    ("customers", Permission::CatalogRead),
    ("suppliers", Permission::PurchasesRead),
    ("documents", Permission::BooksRead),
    ("transfers", Permission::StockRead),
    ("counts", Permission::StockRead),
    ("sessions", Permission::SessionsReadAll),
    ("users", Permission::UsersManage),
    ("devices", Permission::DevicesManage),
    ("settings", Permission::SettingsManage),
    ("places", Permission::CafeManage),
    ("rolls", Permission::StockRead),
];

/// Rows in one page of a list.
pub const PAGE_SIZE: i64 = 50;

/// The back office's routes.
pub fn routes() -> Router<Arc<mizan_app::Mizan>> {
    Router::new()
        .route("/office", get(index))
        .route(
            "/office/products/new",
            get(forms::product_form).post(forms::create_product),
        )
        .route(
            "/office/customers/new",
            get(forms::customer_form).post(forms::create_customer),
        )
        .route(
            "/office/suppliers/new",
            get(forms::supplier_form).post(forms::create_supplier),
        )
        .route(
            "/office/purchases/new",
            get(post_forms::purchase_form).post(post_forms::post_purchase),
        )
        .route(
            "/office/transfers/new",
            get(post_forms::transfer_form).post(post_forms::post_transfer),
        )
        .route(
            "/office/counts/new",
            get(post_forms::count_form).post(post_forms::post_count),
        )
        .route(
            "/office/supplier-payments/new",
            get(post_forms::supplier_payment_form).post(post_forms::post_supplier_payment),
        )
        .route(
            "/office/customer-payments/new",
            get(post_forms::customer_payment_form).post(post_forms::post_customer_payment),
        )
        .route(
            "/office/users/new",
            get(staff_forms::user_form).post(staff_forms::create_user),
        )
        .route(
            "/office/users/{id}",
            get(staff_forms::user).post(staff_forms::update_user),
        )
        .route(
            "/office/settings/edit",
            get(staff_forms::settings_form).post(staff_forms::update_settings),
        )
        .route("/office/transfers", get(stock_docs::transfers))
        .route("/office/counts", get(stock_docs::counts))
        .route(
            "/office/products/{id}/edit",
            get(forms::product_edit_form).post(forms::update_product),
        )
        .route("/office/products", get(products::list))
        .route("/office/products/{id}", get(products::show))
        .route("/office/customers", get(parties::customers))
        .route("/office/customers/{id}", get(parties::customer))
        .route("/office/suppliers", get(parties::suppliers))
        .route("/office/suppliers/{id}", get(parties::supplier))
        .route("/office/documents", get(documents::list))
        .route("/office/documents/{kind}/{id}", get(documents::show))
        .route("/office/sessions", get(people::sessions))
        .route("/office/users", get(people::users))
        .route("/office/devices", get(people::devices))
        .route("/office/settings", get(people::settings))
        .route("/office/places", get(places::list))
        .route("/office/rolls", get(rolls::list))
        .route(
            "/office/places/new",
            get(places::new_form).post(places::create),
        )
        .route(
            "/office/places/{id}",
            get(places::edit_form).post(places::update),
        )
}

/// Every list's query.
#[derive(Deserialize, Default)]
pub struct ListQuery {
    /// The search text.
    pub q: Option<String>,
    /// A document's kind; a session's register.
    pub kind: Option<String>,
    /// The page after this id (lists in id order).
    pub after: Option<i64>,
    /// The page before this id (lists newest first).
    pub before: Option<i64>,
    pub format: Option<String>,
}

impl ListQuery {
    /// The search text, when there is one.
    pub fn text(&self) -> Option<&str> {
        self.q.as_deref().map(str::trim).filter(|q| !q.is_empty())
    }

    /// The page, or the download asked for.
    pub fn export(&self) -> Export {
        Export::of(self.format.as_deref())
    }
}

/// `GET /office`: the sections the role may open.
pub async fn index(s: Signed) -> Response {
    let c = &s.c;
    let links: Vec<ReportLink> = SECTIONS
        .iter()
        .filter(|(_, p)| s.actor.can(*p))
        .map(|(id, _)| ReportLink {
            id: format!("section-{id}"),
            href: format!("/office/{id}"),
            title: c.t(id),
            hint: c.t(&format!("{id}_hint")),
        })
        .chain(
            post_forms::links(&s)
                .into_iter()
                .map(|(id, href, word)| ReportLink {
                    id: format!("form-{id}"),
                    href,
                    title: c.t(word),
                    hint: c.t(&format!("{word}_hint")),
                }),
        )
        .collect();
    if links.is_empty() {
        return s.refused_api(&ApiError::from(mizan_app::AppError::Forbidden {
            permission: Permission::CatalogRead,
        }));
    }
    html(
        StatusCode::OK,
        mizan_web::render(&mizan_web::OfficeIndexPage {
            c: c.clone(),
            links,
        }),
    )
}

/// The page's own address with `key=value` instead of any `key`, and never `format`.
pub fn with_param(c: &Ctx, key: &str, value: &str) -> String {
    let (path, query) = c.path.split_once('?').unwrap_or((c.path.as_str(), ""));
    let mut kept: Vec<String> = query
        .split('&')
        .filter(|p| {
            !p.is_empty()
                && !p.starts_with("format=")
                && !p.starts_with(&format!("{key}="))
                && !p.starts_with("after=")
                && !p.starts_with("before=")
        })
        .map(str::to_owned)
        .collect();
    if !value.is_empty() {
        kept.push(format!("{key}={value}"));
    }
    if kept.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", kept.join("&"))
    }
}

/// A list page `/office/{id}` titled by the word `id`, with a search box when `search` names
/// what it searches; its table has the words `head` as column heads.
pub fn list_page(
    c: &Ctx,
    id: &str,
    search: Option<&str>,
    q: &ListQuery,
    head: &[&str],
) -> ListPage {
    ListPage {
        c: c.clone(),
        id: id.to_owned(),
        title: c.t(id),
        action: format!("/office/{id}"),
        search: search.map(|label| SearchBox {
            name: "q".to_owned(),
            label: c.t(label),
            value: q.q.clone().unwrap_or_default(),
        }),
        filters: Vec::new(),
        table: super::reports::table(c, id, None, head, Vec::new()),
        actions: Vec::new(),
        first_href: None,
        next_href: None,
        csv_href: with_param(c, "format", "csv"),
        xlsx_href: with_param(c, "format", "xlsx"),
        error: None,
    }
}

/// Fills a list's rows and its paging: a full page links to the next one by the last row's
/// `key` (`after` for lists in id order, `before` for newest first).
pub fn paged(
    page: &mut ListPage,
    rows: Vec<TableRow>,
    key: &str,
    last: Option<i64>,
    q: &ListQuery,
) {
    let full = i64::try_from(rows.len()).unwrap_or(i64::MAX) >= PAGE_SIZE;
    if let (true, Some(last)) = (full, last) {
        page.next_href = Some(with_param(&page.c, key, &last.to_string()));
    }
    if q.after.is_some() || q.before.is_some() {
        page.first_href = Some(with_param(&page.c, key, ""));
    }
    super::reports::align(&mut page.table, rows);
}

/// A list as HTML, or its rows as a download.
pub fn answer_list(page: &ListPage, out: Export) -> Response {
    export::answer(page, &page.id, out)
}

/// A list whose query or use case was refused: the page with the refusal, the form kept.
pub fn list_failed(s: &Signed, mut page: ListPage, out: Export, e: &ApiError) -> Response {
    if out.file() {
        return s.refused_api(e);
    }
    page.error = Some(message(&s.c, e));
    html(e.status, mizan_web::render(&page))
}

/// A record page of list `list`, titled `title`, not yet filled.
pub fn record(c: &Ctx, id: &str, list: &str, title: String) -> RecordPage {
    RecordPage {
        c: c.clone(),
        id: id.to_owned(),
        title,
        back: (format!("/office/{list}"), c.t(list)),
        facts: Vec::new(),
        links: Vec::new(),
        checks: Vec::new(),
        tables: Vec::new(),
        csv_href: Some(with_param(c, "format", "csv")),
        xlsx_href: Some(with_param(c, "format", "xlsx")),
    }
}

/// A fact of a record: the word `key` and its value.
pub fn fact(c: &Ctx, key: &str, value: Cell) -> mizan_web::Fact {
    mizan_web::Fact {
        id: key.to_owned(),
        label: c.t(key),
        value,
    }
}

/// A record as HTML, or its facts and tables as a download named `name`.
pub fn answer_record(page: &RecordPage, name: &str, out: Export) -> Response {
    export::answer(page, name, out)
}

/// A table of a record: its id, caption word, head words and rows.
pub fn table(c: &Ctx, id: &str, caption: &str, head: &[&str], rows: Vec<TableRow>) -> Table {
    super::reports::table(c, id, Some(caption), head, rows)
}

/// Yes or no in the page's language.
pub fn yes_no(c: &Ctx, b: bool) -> Cell {
    Cell::text(c.t(if b { "yes" } else { "no" }))
}

/// A list's button to the form that adds to it, for a role with `permission`.
pub fn new_button(s: &Signed, page: &mut ListPage, permission: Permission, word: &str) {
    if s.actor.can(permission) {
        page.actions.push((
            "new".to_owned(),
            format!("{}/new", page.action),
            s.c.t(word),
        ));
    }
}
