//! The till's pages: open a session, the cart (priced by the app on every scan or change,
//! carried in the page so that a refusal loses nothing), completing the sale in one request,
//! the receipt, and the X/Z report with the close form.

use std::sync::Arc;

use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::Response;
use mizan_app::{Mizan, Scanned, idempotency, perm};
use mizan_domain::sales::{NewSaleLine, SaleDraft, Settlement, Tendered, tender};
use mizan_domain::sessions::session_report;
use mizan_domain::{CashRegisterId, CashierSessionId, CustomerId, ProductId, SaleId, WarehouseId};
use mizan_store::Page;
use mizan_web::{
    CartFragment, CartView, OpenSessionPage, ReceiptLine, ReceiptPage, SessionReportPage,
    TenderInput, TillPage, format, render,
};

use super::form::Form;
use super::{Signed, html, message, see_other};
use crate::ApiError;

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

/// The cart as the form carries it: its lines (unpriced) and the tender as typed.
struct Posted {
    session: CashierSessionId,
    register: CashRegisterId,
    lines: Vec<NewSaleLine>,
    tender: TenderInput,
    /// The sale's idempotency key, made with the cart: a second click replays the first sale.
    sale_key: String,
    /// Products that matched a typed name, to pick from.
    choices: Vec<mizan_store::Product>,
    /// The parked draft the cart was recalled from.
    draft: Option<SaleId>,
}

/// Value `i` of a repeated field, or empty.
fn at<'a>(values: &[&'a str], i: usize) -> &'a str {
    values.get(i).copied().unwrap_or("")
}

fn posted(s: &Signed, form: &Form) -> Result<Posted, ApiError> {
    let cur = &s.tenant.currency;
    let id = |name: &str| {
        form.get(name)
            .parse::<i64>()
            .map_err(|_| ApiError::invalid(name, "missing"))
    };
    let products: Vec<&str> = form.all("product_id").collect();
    let warehouses: Vec<&str> = form.all("warehouse_id").collect();
    let qtys: Vec<&str> = form.all("qty").collect();
    let discounts: Vec<&str> = form.all("discount").collect();
    let labels: Vec<&str> = form.all("label").collect();
    let mut lines = Vec::with_capacity(products.len());
    for (i, p) in products.iter().enumerate() {
        let field = |f: &str| format!("lines[{i}].{f}");
        let product = p
            .parse()
            .map_err(|_| ApiError::invalid(&field("product_id"), "not a product"))?;
        let warehouse = at(&warehouses, i)
            .parse()
            .map_err(|_| ApiError::invalid(&field("warehouse_id"), "not a warehouse"))?;
        let qty = mizan_domain::decimal::parse_scaled(at(&qtys, i), 3)
            .map_err(|e| ApiError::invalid(&field("qty"), e.to_string()))?;
        if qty <= 0 {
            return Err(ApiError::invalid(&field("qty"), "must be above zero"));
        }
        let discount = match at(&discounts, i) {
            "" => 0,
            d => cur
                .parse(d)
                .map_err(|e| ApiError::invalid(&field("discount"), e.to_string()))?,
        };
        let label_amount = match at(&labels, i) {
            "" => None,
            l => Some(
                l.parse()
                    .map_err(|_| ApiError::invalid(&field("label"), "not an amount"))?,
            ),
        };
        lines.push(NewSaleLine {
            product: ProductId(product),
            warehouse: WarehouseId(warehouse),
            qty,
            unit_price: None,
            discount,
            label_amount,
        });
    }
    Ok(Posted {
        session: CashierSessionId(id("session_id")?),
        register: CashRegisterId(id("register_id")?),
        lines,
        tender: TenderInput {
            card: form.get("card").to_owned(),
            bank_transfer: form.get("bank_transfer").to_owned(),
            credit: form.get("credit").to_owned(),
            cash_received: form.get("cash_received").to_owned(),
            customer_id: form.get("customer_id").to_owned(),
        },
        sale_key: form.get("sale_key").to_owned(),
        choices: Vec::new(),
        draft: form.get("draft_id").parse().ok().map(SaleId),
    })
}

/// The typed tender in minor units.
fn tendered(s: &Signed, t: &TenderInput) -> Result<Tendered, ApiError> {
    let cur = &s.tenant.currency;
    let amount = |v: &str, field: &str| match v {
        "" => Ok(0),
        v => cur
            .parse(v)
            .map_err(|e| ApiError::invalid(field, e.to_string())),
    };
    Ok(Tendered {
        card: amount(&t.card, "card")?,
        bank_transfer: amount(&t.bank_transfer, "bank_transfer")?,
        credit: amount(&t.credit, "credit")?,
        cash_received: match t.cash_received.as_str() {
            "" => None,
            v => Some(amount(v, "cash_received")?),
        },
    })
}

/// Adds what `code` names: one more of a product already in the cart, or a new line (a
/// scale label's line carries its quantity and amount).
async fn add_code(app: &Mizan, s: &Signed, p: &mut Posted, code: &str) -> Result<(), ApiError> {
    let catalog = s.grant::<perm::CatalogRead>().map_err(|_| {
        ApiError::from(mizan_app::AppError::Forbidden {
            permission: mizan_domain::staff::Permission::CatalogRead,
        })
    })?;
    let scanned = match app.scan(&catalog, &s.tenant, code).await {
        Ok(found) => found,
        // Not a code: part of a name. One match is added, several are offered.
        Err(mizan_app::AppError::NotFound { .. }) => {
            let mut found = app
                .find_products(&catalog, code)
                .await
                .map_err(|e| s.error(e))?;
            if found.len() != 1 {
                p.choices = found;
                return if p.choices.is_empty() {
                    Err(ApiError::not_found("product"))
                } else {
                    Ok(())
                };
            }
            Scanned::Plain(found.remove(0))
        }
        Err(e) => return Err(s.error(e)),
    };
    add_scanned(app, s, p, scanned).await
}

/// Adds product `id` (picked from the choices).
async fn add_pick(app: &Mizan, s: &Signed, p: &mut Posted, id: i64) -> Result<(), ApiError> {
    let catalog = s
        .grant::<perm::CatalogRead>()
        .map_err(|_| forbidden_error())?;
    let product = app
        .product(&catalog, ProductId(id))
        .await
        .map_err(|e| s.error(e))?;
    add_scanned(app, s, p, Scanned::Plain(product)).await
}

fn forbidden_error() -> ApiError {
    ApiError::from(mizan_app::AppError::Forbidden {
        permission: mizan_domain::staff::Permission::Sell,
    })
}

async fn add_scanned(
    app: &Mizan,
    s: &Signed,
    p: &mut Posted,
    scanned: Scanned,
) -> Result<(), ApiError> {
    let sell = s.grant::<perm::Sell>().map_err(|_| forbidden_error())?;
    let warehouse = app
        .till_warehouse(&sell, p.register)
        .await
        .map_err(|e| s.error(e))?;
    let (product, qty, label_amount) = match scanned {
        Scanned::Plain(product) => (product, 1000, None),
        Scanned::Scale {
            product,
            qty,
            amount,
            embedded,
            ..
        } => {
            let label = matches!(embedded, mizan_domain::barcode::Embedded::Price);
            (product, qty, label.then_some(amount))
        }
    };
    let same = p
        .lines
        .iter_mut()
        .find(|l| l.product == product.id && l.label_amount.is_none() && label_amount.is_none());
    match same {
        Some(l) if qty == 1000 => l.qty += 1000,
        _ => p.lines.push(NewSaleLine {
            product: product.id,
            warehouse,
            qty,
            unit_price: None,
            discount: 0,
            label_amount,
        }),
    }
    Ok(())
}

/// Prices the cart and renders it, with `error` placed next to the line it names.
async fn priced(
    app: &Mizan,
    s: &Signed,
    parts: &Parts,
    p: Posted,
    error: Option<ApiError>,
) -> Response {
    let g = match s.grant::<perm::Sell>() {
        Ok(g) => g,
        Err(page) => return page,
    };
    let (session, register) = (p.session.0, p.register.0);
    let mut error = error;
    let mut view = match app.quote_cart(&g, p.lines.clone()).await {
        Ok(cart) => {
            let mut v = CartView::priced(&s.c, &cart, p.tender.clone());
            match tendered(s, &p.tender).and_then(|t| {
                tender(cart.total, t).map_err(|e| ApiError::refusal(&e, Some(&s.tenant.currency)))
            }) {
                Ok(t) => {
                    v.cash_due = s.c.money(t.cash);
                    v.change = (t.change > 0).then(|| s.c.money(t.change));
                }
                Err(e) if error.is_none() && !cart.lines.is_empty() => {
                    let typed = !p.tender.card.is_empty()
                        || !p.tender.bank_transfer.is_empty()
                        || !p.tender.credit.is_empty()
                        || !p.tender.cash_received.is_empty();
                    if typed {
                        error = Some(e);
                    }
                }
                Err(_) => {}
            }
            v
        }
        Err(e) => {
            error.get_or_insert(s.error(e));
            CartView {
                tender: p.tender.clone(),
                ..CartView::default()
            }
        }
    };
    view.session_id = session;
    view.register_id = register;
    view.draft_id = p.draft.map(|d| d.0.to_string()).unwrap_or_default();
    let arabic = s.c.tr.is("ar");
    view.choices = p
        .choices
        .iter()
        .map(|x| {
            let name = if arabic { &x.name_ar } else { &x.name_en };
            (
                x.id.0,
                name.clone(),
                x.code.clone(),
                s.c.money(x.sale_price),
            )
        })
        .collect();
    view.sale_key = if p.sale_key.is_empty() {
        mizan_app::new_token()
    } else {
        p.sale_key
    };
    if let Some(e) = &error {
        place(&mut view, e, message(&s.c, e));
    }
    if is_htmx(parts) {
        view.customers = customers(app, s).await;
        return html(
            StatusCode::OK,
            render(&CartFragment {
                c: s.c.clone(),
                cart: view,
            }),
        );
    }
    till_page(app, s, view).await
}

/// Puts a refusal next to the line it is about (`lines[i]…`, or the line of its product), or
/// on the cart.
fn place(view: &mut CartView, e: &ApiError, text: String) {
    let field = e.details["field"].as_str().unwrap_or_default();
    let by_field = field
        .strip_prefix("lines[")
        .and_then(|r| r.split_once(']'))
        .and_then(|(i, _)| i.parse::<usize>().ok());
    let code = e.details["product_code"].as_str();
    let line = by_field.or_else(|| code.and_then(|c| view.lines.iter().position(|l| l.code == c)));
    match line.and_then(|i| view.lines.get_mut(i)) {
        Some(l) => l.error = Some(text),
        None => view.error = Some(text),
    }
}

/// `POST /till/cart`: scan a code, change a line or remove one; answers the priced cart.
pub async fn cart(State(app): State<Arc<Mizan>>, s: Signed, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let form = match Form::read(body).await {
        Ok(f) => f,
        Err(e) => return s.refused_api(&e),
    };
    let mut p = match posted(&s, &form) {
        Ok(p) => p,
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
    let form = match Form::read(body).await {
        Ok(f) => f,
        Err(e) => return s.refused_api(&e),
    };
    let p = match posted(&s, &form) {
        Ok(p) => p,
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

/// Discards the draft a cart was recalled from, now that the cart is written as another
/// document (after it, so that a refusal keeps the draft). A draft already gone is fine.
async fn set_aside(app: &Mizan, s: &Signed, draft: Option<SaleId>, reason: &str) {
    let (Some(draft), Ok(g)) = (draft, s.grant::<perm::Sell>()) else {
        return;
    };
    if let Err(e) = app.discard_sale(&g, None, draft, reason).await {
        tracing::info!(draft = draft.0, error = %e, "a recalled draft was not discarded");
    }
}

/// The session's parked drafts, newest first, as (id, label).
async fn drafts(app: &Mizan, s: &Signed, session: CashierSessionId) -> Vec<(i64, String)> {
    let Ok(g) = s.grant::<perm::Sell>() else {
        return Vec::new();
    };
    let offset = s.tenant.utc_offset_minutes;
    app.sales(&g, 200, None)
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|x| x.status == mizan_store::SaleStatus::Draft && x.session_id == Some(session))
        .map(|x| {
            let lines = x.lines.len();
            let at = format::local_time(x.created_at_ms, offset);
            (x.id.0, format!("#{} · {at} · {lines}", x.id.0))
        })
        .collect()
}

/// Loads parked draft `id` into the cart (after what is already there).
async fn recall(app: &Mizan, s: &Signed, p: &mut Posted, id: SaleId) -> Result<(), ApiError> {
    let g = s.grant::<perm::Sell>().map_err(|_| forbidden_error())?;
    let sale = app.sale(&g, id).await.map_err(|e| s.error(e))?;
    if sale.status != mizan_store::SaleStatus::Draft {
        return Err(ApiError::from(mizan_app::AppError::Conflict {
            code: "sale_already_completed",
            message: "this sale is no longer parked".into(),
        }));
    }
    p.lines.extend(sale.lines.iter().map(|l| NewSaleLine {
        product: l.product_id,
        warehouse: l.warehouse_id,
        qty: l.qty,
        unit_price: None,
        discount: l.discount,
        label_amount: l.label_amount,
    }));
    p.draft = Some(id);
    Ok(())
}

/// `POST /till/park`: parks the cart as a draft of the session and starts an empty one.
pub async fn park(State(app): State<Arc<Mizan>>, s: Signed, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let form = match Form::read(body).await {
        Ok(f) => f,
        Err(e) => return s.refused_api(&e),
    };
    let p = match posted(&s, &form) {
        Ok(p) => p,
        Err(e) => return s.refused_api(&e),
    };
    let parked = async {
        let g = s.grant::<perm::Sell>().map_err(|_| forbidden_error())?;
        let draft = SaleDraft::at(
            p.lines.clone(),
            Some(p.register),
            None,
            Some(p.session),
            None,
        )
        .map_err(|e| ApiError::refusal(&e, Some(&s.tenant.currency)))?;
        let key = format!("park-{}", p.sale_key);
        let replay = if p.sale_key.is_empty() {
            None
        } else {
            Some(idempotency(&key, "POST", "/till/park", key.as_bytes()).map_err(|e| s.error(e))?)
        };
        app.create_sale(&g, replay, draft, None, None)
            .await
            .map_err(|e| s.error(e))
    }
    .await;
    match parked {
        Ok(sale) => {
            set_aside(
                &app,
                &s,
                p.draft,
                &format!("parked again as #{}", sale.id.0),
            )
            .await;
            see_other(&parts, "/till")
        }
        Err(e) => priced(&app, &s, &parts, p, Some(e)).await,
    }
}

/// `GET /till/receipts/{id}`: the receipt, on screen with the change, and for the printer.
pub async fn receipt(State(app): State<Arc<Mizan>>, s: Signed, Path(id): Path<i64>) -> Response {
    let g = match s.grant::<perm::Sell>() {
        Ok(g) => g,
        Err(page) => return page,
    };
    let r = match app.receipt(&g, SaleId(id)).await {
        Ok(r) => r,
        Err(e) => return s.refused(e),
    };
    let c = &s.c;
    let arabic = c.tr.is("ar");
    let lines = r
        .sale
        .lines
        .iter()
        .zip(&r.products)
        .map(|(l, p)| ReceiptLine {
            name: p.as_ref().map_or_else(
                || format!("#{}", l.product_id.0),
                |p| {
                    if arabic {
                        p.name_ar.clone()
                    } else {
                        p.name_en.clone()
                    }
                },
            ),
            qty: format::qty(l.qty),
            unit_price: c.money(l.unit_price),
            total: c.money(l.net + l.vat),
        })
        .collect();
    let cash = r.sale.payments.iter().find(|p| p.method == "cash");
    let offset = r
        .sale
        .utc_offset_minutes
        .unwrap_or(s.tenant.utc_offset_minutes);
    let page = ReceiptPage {
        c: c.clone(),
        number: r.sale.number.clone().unwrap_or_default(),
        time: format::local_time(r.sale.posted_at_ms.unwrap_or(r.sale.created_at_ms), offset),
        branch: r.branch.map(|b| b.name).unwrap_or_default(),
        register: r.register.map(|x| x.name).unwrap_or_default(),
        cashier: r.sale.cashier.clone(),
        customer: r.customer.map(|x| x.name).unwrap_or_default(),
        lines,
        net: c.money(r.sale.net),
        vat: c.money(r.sale.vat),
        total: c.money(r.sale.total),
        payments: r
            .sale
            .payments
            .iter()
            .map(|p| (c.t(&format!("pay_{}", p.method)), c.money(p.amount)))
            .collect(),
        received: cash.map(|p| c.money(p.received)),
        change: cash.filter(|p| p.change > 0).map(|p| c.money(p.change)),
    };
    html(StatusCode::OK, render(&page))
}

/// `GET /till/sessions/{id}/report`: the X report while open, the Z report once closed.
pub async fn report(State(app): State<Arc<Mizan>>, s: Signed, Path(id): Path<i64>) -> Response {
    report_page(&app, &s, id, None).await
}

async fn report_page(app: &Mizan, s: &Signed, id: i64, error: Option<String>) -> Response {
    let g = match s.grant::<perm::Anyone>() {
        Ok(g) => g,
        Err(page) => return page,
    };
    match app.cashier_session(&g, CashierSessionId(id)).await {
        Ok(x) => {
            let r = session_report(&x.totals, x.counted);
            let mut page = SessionReportPage::of(s.c.clone(), id, x.number, &r);
            page.error = error;
            html(StatusCode::OK, render(&page))
        }
        Err(e) => s.refused(e),
    }
}

/// `POST /till/sessions/{id}/close`: closes the session with the counted cash; shows the Z
/// report.
pub async fn close(
    State(app): State<Arc<Mizan>>,
    s: Signed,
    Path(id): Path<i64>,
    req: Request,
) -> Response {
    let (parts, body) = req.into_parts();
    let g = match s.grant::<perm::SessionsOperate>() {
        Ok(g) => g,
        Err(page) => return page,
    };
    let closed = async {
        let form = Form::read(body).await?;
        let mut notes = Vec::new();
        for (k, v) in &form.0 {
            let (Some(value), false) = (k.strip_prefix("denom_"), v.trim().is_empty()) else {
                continue;
            };
            let value = value
                .parse::<i64>()
                .map_err(|_| ApiError::invalid(k, "not a denomination"))?;
            let count = v
                .trim()
                .parse::<i64>()
                .map_err(|_| ApiError::invalid(k, "a whole number of notes or coins"))?;
            notes.push((value, count));
        }
        let counted = match form.get("counted") {
            "" if !notes.is_empty() => None,
            typed => Some(
                s.tenant
                    .currency
                    .parse(typed)
                    .map_err(|e| ApiError::invalid("counted", e.to_string()))?,
            ),
        };
        app.close_cashier_session(&g, None, CashierSessionId(id), counted, notes)
            .await
            .map_err(|e| s.error(e))
    }
    .await;
    match closed {
        Ok(_) => see_other(&parts, &format!("/till/sessions/{id}/report")),
        Err(e) => report_page(&app, &s, id, Some(message(&s.c, &e))).await,
    }
}
