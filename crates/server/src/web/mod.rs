//! The web UI's routes: pages rendered on the server from the `mizan-web` templates, calling
//! the same `app` use cases as the API. A page only parses its request and renders; a person
//! signs in with the browser session cookie, and a page they may not see answers in their
//! language. Language: the `mizan_lang` cookie (the switch on every page), else the user's own,
//! else the browser's `Accept-Language`, else English.

mod assets;
mod cafe;
mod cafe_report;
mod export;
mod form;
mod installations;
mod ledger_reports;
mod office;
mod reports;
mod sales_by;
mod sales_reports;
mod session;
mod sign_in;
mod till;
mod workshop;

use std::sync::Arc;

use axum::Router;
use axum::http::header::{ACCEPT_LANGUAGE, CONTENT_TYPE, LOCATION};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use mizan_app::{Actor, Mizan, messages};
use mizan_domain::Currency;
use mizan_domain::staff::{Language, Permission};
use mizan_web::{Ctx, ErrorPage, Nav, Tr, render};

use crate::ApiError;
use crate::auth::cookie;

pub use session::Signed;

/// The cookie the language switch sets.
pub const LANG_COOKIE: &str = "mizan_lang";

/// Every page and asset of the web UI.
pub fn routes() -> Router<Arc<Mizan>> {
    Router::new()
        .route("/", get(sign_in::home))
        .route("/sign-in", get(sign_in::form).post(sign_in::submit))
        .route("/sign-out", post(sign_in::sign_out))
        .route("/lang/{code}", get(sign_in::language))
        .route("/assets/{name}", get(assets::serve))
        .route("/till", get(till::show))
        .route("/till/open", post(till::open))
        .route("/till/cart", post(till::cart))
        .route("/till/sale", post(till::complete))
        .route("/till/park", post(till::park))
        .route("/till/receipts/{id}", get(till::receipt))
        .route("/till/receipts/{id}/pdf", get(till::receipt_pdf))
        .route(
            "/till/returns",
            get(till::find_return).post(till::post_return),
        )
        .route("/till/returns/new", get(till::new_return))
        .route("/till/returns/{id}/receipt", get(till::return_receipt))
        .route("/till/sessions/{id}/report", get(till::report))
        .route("/till/sessions/{id}/close", post(till::close))
        .merge(office::routes())
        .merge(cafe::routes())
        .merge(workshop::routes())
        .merge(installations::routes())
        .route("/reports", get(reports::index))
        .route("/reports/profit-and-loss", get(reports::profit_and_loss))
        .route("/reports/trial-balance", get(ledger_reports::trial_balance))
        .route("/reports/balance-sheet", get(ledger_reports::balance_sheet))
        .route(
            "/reports/stock-valuation",
            get(ledger_reports::stock_valuation),
        )
        .route("/reports/aging", get(sales_reports::aging))
        .route("/reports/daily-sales", get(sales_reports::daily_sales))
        .route(
            "/reports/gross-profit",
            get(sales_reports::gross_profit_by_month),
        )
        .route("/reports/sales-by-product", get(sales_by::by_product))
        .route("/reports/sales-by-cashier", get(sales_by::by_cashier))
        .route("/reports/cafe", get(cafe_report::cafe_report))
}

/// The language a page is written in.
fn language(parts: &Parts, actor: Option<&Actor>) -> Language {
    cookie(parts, LANG_COOKIE)
        .and_then(|c| Language::parse(c).ok())
        .or_else(|| actor.map(|a| a.language))
        .or_else(|| {
            parts
                .headers
                .get(ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(messages::from_accept_language)
        })
        .unwrap_or_default()
}

/// The page context of a request: its language, path and who is signed in.
fn ctx(parts: &Parts, actor: Option<&Actor>, currency: Currency) -> Ctx {
    let nav = actor.map(|a| Nav {
        username: a.username.clone(),
        role: a.role.name.to_owned(),
        till: a.can(Permission::Sell),
        reports: a.can(Permission::ReportsRead),
        books: a.can(Permission::BooksRead),
        office: office::SECTIONS.iter().any(|(_, p)| a.can(*p)),
        cafe: a.can(Permission::CafeOrder),
        workshop: a.can(Permission::WorkshopCut),
        installations: a.can(Permission::InstallationsWork),
    });
    Ctx {
        tr: Tr::new(language(parts, actor)),
        path: parts
            .uri
            .path_and_query()
            .map_or_else(|| "/".to_owned(), |p| p.as_str().to_owned()),
        nav,
        currency,
    }
}

/// An HTML answer.
fn html(status: StatusCode, body: String) -> Response {
    (
        status,
        [(
            CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        )],
        body,
    )
        .into_response()
}

/// A redirect after a form (303: the browser follows with a GET, so back and reload are safe);
/// htmx requests get `HX-Redirect` instead.
fn see_other(parts: &Parts, to: &str) -> Response {
    let value = HeaderValue::from_str(to).unwrap_or_else(|_| HeaderValue::from_static("/"));
    if parts.headers.contains_key("hx-request") {
        let mut res = StatusCode::OK.into_response();
        res.headers_mut().insert("hx-redirect", value);
        return res;
    }
    let mut res = StatusCode::SEE_OTHER.into_response();
    res.headers_mut().insert(LOCATION, value);
    res
}

/// A refusal's message in the page's language.
fn message(c: &Ctx, e: &ApiError) -> String {
    crate::localize::message(c.tr.lang, e)
}

/// A refusal as a page of its own.
fn refused(c: Ctx, e: &ApiError) -> Response {
    let title = match e.status {
        StatusCode::NOT_FOUND => c.t("not_found_title"),
        StatusCode::FORBIDDEN => c.t("forbidden_title"),
        _ => c.t("refused_title"),
    };
    let message = message(&c, e);
    html(e.status, render(&ErrorPage { c, title, message }))
}
