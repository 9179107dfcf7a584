//! The cart as the till's form carries it: its lines and tender parsed, a code, a pick or a
//! scale label added, and the cart priced and rendered with each refusal next to its line.

use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::Response;
use mizan_app::{Mizan, Scanned, perm};
use mizan_domain::sales::{NewSaleLine, Tendered, tender};
use mizan_domain::{CashRegisterId, CashierSessionId, ProductId, SaleId, WarehouseId};
use mizan_web::{CartFragment, CartView, TenderInput, render};

use super::{customers, is_htmx, till_page};
use crate::ApiError;
use crate::web::form::Form;
use crate::web::{Signed, html, message};

/// The cart as the form carries it: its lines (unpriced) and the tender as typed.
pub(super) struct Posted {
    pub(super) session: CashierSessionId,
    pub(super) register: CashRegisterId,
    pub(super) lines: Vec<NewSaleLine>,
    pub(super) tender: TenderInput,
    /// The sale's idempotency key, made with the cart: a second click replays the first sale.
    pub(super) sale_key: String,
    /// Products that matched a typed name, to pick from.
    pub(super) choices: Vec<mizan_store::Product>,
    /// The parked draft the cart was recalled from.
    pub(super) draft: Option<SaleId>,
}

/// Value `i` of a repeated field, or empty.
fn at<'a>(values: &[&'a str], i: usize) -> &'a str {
    values.get(i).copied().unwrap_or("")
}

pub(super) fn posted(s: &Signed, form: &Form) -> Result<Posted, ApiError> {
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

/// Reads the cart's form and what it carries.
///
/// # Errors
/// A body too large or cut off, or a malformed line.
pub(super) async fn read_cart(
    s: &Signed,
    body: axum::body::Body,
) -> Result<(Form, Posted), ApiError> {
    let form = Form::read(body).await?;
    let p = posted(s, &form)?;
    Ok((form, p))
}

/// The typed tender in minor units.
pub(super) fn tendered(s: &Signed, t: &TenderInput) -> Result<Tendered, ApiError> {
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
pub(super) async fn add_code(
    app: &Mizan,
    s: &Signed,
    p: &mut Posted,
    code: &str,
) -> Result<(), ApiError> {
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
                .find_products(&catalog, code, 12)
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
pub(super) async fn add_pick(
    app: &Mizan,
    s: &Signed,
    p: &mut Posted,
    id: i64,
) -> Result<(), ApiError> {
    let catalog = s
        .grant::<perm::CatalogRead>()
        .map_err(|_| forbidden_error())?;
    let product = app
        .product(&catalog, ProductId(id))
        .await
        .map_err(|e| s.error(e))?;
    add_scanned(app, s, p, Scanned::Plain(product)).await
}

pub(super) fn forbidden_error() -> ApiError {
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
pub(super) async fn priced(
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
