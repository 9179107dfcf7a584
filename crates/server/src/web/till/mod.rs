//! The till's pages: open a session, the cart (priced by the app on every scan or change,
//! carried in the page so that a refusal loses nothing) and completing the sale in one request;
//! the cart's form and pricing (`cart`), parked drafts (`drafts`), the receipt (`receipt`, on
//! A4 as a PDF in `receipt_pdf`),
//! the X/Z report with the close form (`session`) and returns of a scanned receipt (`returns`,
//! its form in `return_form`).

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::Response;
use mizan_app::{Mizan, idempotency, perm};
use mizan_domain::sales::{SaleDraft, Settlement, tender};
use mizan_domain::{CashRegisterId, CashierSessionId, CustomerId, SaleId};
use mizan_store::Page;
use mizan_web::{CartView, OpenSessionPage, TillPage, render};

use super::form::Form;
use super::{Signed, html, message, see_other};
use crate::ApiError;

mod cart;
mod drafts;
mod receipt;
mod receipt_pdf;
mod return_form;
mod returns;
mod session;

use cart::{Posted, add_code, add_pick, priced, read_cart, tendered};
pub use drafts::park;
use drafts::{drafts, recall, set_aside};
pub use receipt::receipt;
pub use receipt_pdf::receipt_pdf;
pub use returns::{
    find as find_return, new as new_return, post as post_return, receipt as return_receipt,
};
pub use session::{close, report};

fn all() -> Page {
    Page {
        after: 0,
        limit: Page::MAX,
    }
}

fn is_htmx(parts: &Parts) -> bool {
    parts.headers.contains_key("hx-request")
}

/// `GET /till`: the cart of the person's open session, or the form that opens one.
pub async fn show(State(app): State<Arc<Mizan>>, s: Signed) -> Response {
    let g = match s.grant::<perm::Sell>() {
        Ok(g) => g,
        Err(page) => return page,
    };
    let open = match app.cashier_sessions(&g, None, true, None).await {
        Ok(v) => v.into_iter().find(|x| x.opened_by == s.actor.username),
        Err(e) => return s.refused(e),
    };
    match open {
        Some(session) => {
            let cart = CartView {
                session_id: session.id.0,
                register_id: session.cash_register_id.0,
                sale_key: mizan_app::new_token(),
                ..CartView::default()
            };
            till_page(&app, &s, cart).await
        }
        None => open_page(&app, &s, None).await,
    }
}

async fn open_page(app: &Mizan, s: &Signed, error: Option<String>) -> Response {
    let registers = match s.grant::<perm::CatalogRead>() {
        Ok(g) => app.cash_registers(&g, all()).await.unwrap_or_default(),
        Err(page) => return page,
    };
    let page = OpenSessionPage {
        c: s.c.clone(),
        registers: registers.into_iter().map(|r| (r.id.0, r.name)).collect(),
        error,
    };
    let status = if page.error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    html(status, render(&page))
}

async fn till_page(app: &Mizan, s: &Signed, mut cart: CartView) -> Response {
    let session = match s.grant::<perm::Sell>() {
        Ok(g) => app
            .cashier_session(&g, CashierSessionId(cart.session_id))
            .await
            .ok(),
        Err(page) => return page,
    };
    let register = match s.grant::<perm::CatalogRead>() {
        Ok(g) => app
            .cash_register(&g, CashRegisterId(cart.register_id))
            .await
            .ok(),
        Err(page) => return page,
    };
    cart.customers = customers(app, s).await;
    cart.drafts = drafts(app, s, CashierSessionId(cart.session_id)).await;
    let page = TillPage {
        c: s.c.clone(),
        session_number: session.map(|x| x.number).unwrap_or_default(),
        register_name: register.map(|r| r.name).unwrap_or_default(),
        cart,
    };
    html(StatusCode::OK, render(&page))
}

async fn customers(app: &Mizan, s: &Signed) -> Vec<(i64, String)> {
    match s.grant::<perm::CatalogRead>() {
        Ok(g) => app
            .customers(&g, all())
            .await
            .unwrap_or_default()
            .into_iter()
            .map(|c| (c.id.0, c.name))
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// `POST /till/open`: opens a session on the chosen register with the counted float.
pub async fn open(State(app): State<Arc<Mizan>>, s: Signed, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let g = match s.grant::<perm::SessionsOperate>() {
        Ok(g) => g,
        Err(page) => return page,
    };
    let opened = async {
        let form = Form::read(body).await?;
        let register = form
            .get("cash_register_id")
            .parse()
            .map_err(|_| ApiError::invalid("cash_register_id", "choose a register"))?;
        let float = s
            .tenant
            .currency
            .parse(form.get("float"))
            .map_err(|e| ApiError::invalid("float", e.to_string()))?;
        app.open_cashier_session(&g, None, CashRegisterId(register), float)
            .await
            .map_err(|e| s.error(e))
    }
    .await;
    match opened {
        Ok(_) => see_other(&parts, "/till"),
        Err(e) => open_page(&app, &s, Some(message(&s.c, &e))).await,
    }
}

/// `POST /till/cart`: scan a code, change a line or remove one; answers the priced cart.
pub async fn cart(State(app): State<Arc<Mizan>>, s: Signed, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let (form, mut p) = match read_cart(&s, body).await {
        Ok(read) => read,
        Err(e) => return s.refused_api(&e),
    };
    if let Ok(i) = form.get("drop_line").parse::<usize>()
        && i < p.lines.len()
    {
        p.lines.remove(i);
    }
    let code = form.get("code").to_owned();
    let error = if let Ok(id) = form.get("recall").parse::<i64>() {
        recall(&app, &s, &mut p, SaleId(id)).await.err()
    } else if let Ok(id) = form.get("pick").parse::<i64>() {
        add_pick(&app, &s, &mut p, id).await.err()
    } else if code.is_empty() {
        None
    } else {
        add_code(&app, &s, &mut p, &code).await.err()
    };
    priced(&app, &s, &parts, p, error).await
}

/// `POST /till/sale`: completes the cart as a sale with its payments, in one request; a
/// refusal shows on the cart, which keeps every line.
pub async fn complete(State(app): State<Arc<Mizan>>, s: Signed, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let (form, p) = match read_cart(&s, body).await {
        Ok(read) => read,
        Err(e) => return s.refused_api(&e),
    };
    let done = sell(&app, &s, &p, &form).await;
    match done {
        Ok(id) => see_other(&parts, &format!("/till/receipts/{id}")),
        Err(e) => priced(&app, &s, &parts, p, Some(e)).await,
    }
}

async fn sell(app: &Mizan, s: &Signed, p: &Posted, form: &Form) -> Result<i64, ApiError> {
    let g = s.grant::<perm::Sell>().map_err(|_| {
        ApiError::from(mizan_app::AppError::Forbidden {
            permission: mizan_domain::staff::Permission::Sell,
        })
    })?;
    let cart = app
        .quote_cart(&g, p.lines.clone())
        .await
        .map_err(|e| s.error(e))?;
    let t = tender(cart.total, tendered(s, &p.tender)?)
        .map_err(|e| ApiError::refusal(&e, Some(&s.tenant.currency)))?;
    let customer = match p.tender.customer_id.as_str() {
        "" => None,
        c => Some(CustomerId(c.parse().map_err(|_| {
            ApiError::invalid("customer_id", "choose a customer")
        })?)),
    };
    let draft = SaleDraft::at(
        p.lines.clone(),
        Some(p.register),
        customer,
        Some(p.session),
        None,
    )
    .map_err(|e| ApiError::refusal(&e, Some(&s.tenant.currency)))?;
    let key = form.get("sale_key");
    let replay = if key.is_empty() {
        None
    } else {
        let body: String = form.0.iter().map(|(k, v)| format!("{k}={v}&")).collect();
        Some(idempotency(key, "POST", "/till/sale", body.as_bytes()).map_err(|e| s.error(e))?)
    };
    let sale = app
        .create_sale(
            &g,
            replay,
            draft,
            Some(Settlement::Payments(t.payments)),
            None,
        )
        .await
        .map_err(|e| s.error(e))?;
    let number = sale.number.clone().unwrap_or_default();
    set_aside(
        app,
        s,
        p.draft,
        &format!("completed at the till as {number}"),
    )
    .await;
    Ok(sale.id.0)
}
