//! Returns at the till: the receipt's number scanned (or typed), the sale's lines to take back
//! with the refund, the restock and (for a role that needs it) a manager's approval, posted
//! once with the key the form was made with; a refusal shows the form again as typed, and the
//! return's receipt prints on 80 mm paper.

use std::sync::Arc;

use axum::extract::{Path, RawQuery, Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use mizan_app::{Grant, Mizan, ReturnableSale, idempotency, perm};
use mizan_web::{ReturnFindPage, ReturnReceiptLine, ReturnReceiptPage, format, render};

use super::all;
use super::return_form::{Place, Refusal, Typed, approval, draft, fingerprint, page, placed};
use crate::ApiError;
use crate::web::form::Form;
use crate::web::{Signed, html, message, see_other};

/// `GET /till/returns`: the form a receipt's number is scanned into.
pub async fn find(s: Signed) -> Response {
    if let Err(page) = s.grant::<perm::Sell>() {
        return page;
    }
    find_page(&s, String::new(), None, StatusCode::OK)
}

fn find_page(s: &Signed, receipt: String, error: Option<String>, status: StatusCode) -> Response {
    let page = ReturnFindPage {
        c: s.c.clone(),
        receipt,
        error,
    };
    html(status, render(&page))
}

/// The sale numbered `receipt`, or the find form again saying why there is none to take back.
#[allow(
    clippy::result_large_err,
    reason = "the page is what the handler answers"
)]
async fn sale(
    app: &Mizan,
    s: &Signed,
    g: &Grant<perm::Sell>,
    receipt: &str,
) -> Result<ReturnableSale, Response> {
    app.returnable_sale(g, receipt).await.map_err(|e| {
        let e = s.error(e);
        let text = if e.code == "not_found" {
            s.c.t("return_no_sale")
        } else {
            message(&s.c, &e)
        };
        find_page(s, receipt.trim().to_owned(), Some(text), e.status)
    })
}

/// The register of the person's open session and the warehouses goods may go back to.
async fn place(app: &Mizan, s: &Signed, g: &Grant<perm::Sell>) -> Place {
    let register = app
        .cashier_sessions(g, None, true, None)
        .await
        .unwrap_or_default()
        .into_iter()
        .find(|x| x.opened_by == s.actor.username)
        .map(|x| x.cash_register_id);
    let warehouses = match s.grant::<perm::CatalogRead>() {
        Ok(catalog) => app
            .warehouses(&catalog, all())
            .await
            .unwrap_or_default()
            .into_iter()
            .map(|w| (w.id.0, w.name))
            .collect(),
        Err(_) => Vec::new(),
    };
    Place {
        register,
        warehouses,
    }
}

/// `GET /till/returns/new?receipt=NUMBER`: the sale's lines to take back.
pub async fn new(State(app): State<Arc<Mizan>>, s: Signed, RawQuery(q): RawQuery) -> Response {
    let g = match s.grant::<perm::Sell>() {
        Ok(g) => g,
        Err(page) => return page,
    };
    let receipt = form_urlencoded::parse(q.unwrap_or_default().as_bytes())
        .find(|(k, _)| k == "receipt")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    let sale = match sale(&app, &s, &g, &receipt).await {
        Ok(sale) => sale,
        Err(page) => return page,
    };
    let place = place(&app, &s, &g).await;
    let typed = Typed::fresh(&s.c, &sale, &place);
    let p = page(
        &s,
        &sale,
        &place,
        typed,
        None,
        g.refunds_need_approval(),
        mizan_app::new_token(),
    );
    html(StatusCode::OK, render(&p))
}

/// `POST /till/returns`: takes the lines back with their refund in one request; a refusal
/// shows the form again with everything typed but the password.
pub async fn post(State(app): State<Arc<Mizan>>, s: Signed, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let g = match s.grant::<perm::Sell>() {
        Ok(g) => g,
        Err(page) => return page,
    };
    let form = match Form::read(body).await {
        Ok(form) => form,
        Err(e) => return s.refused_api(&e),
    };
    let sale = match sale(&app, &s, &g, form.get("receipt")).await {
        Ok(sale) => sale,
        Err(page) => return page,
    };
    let place = place(&app, &s, &g).await;
    let typed = Typed::posted(&form, &sale);
    let needs = g.refunds_need_approval();
    match take_back(&app, &s, &g, &sale, &place, &typed, &form).await {
        Ok(id) => see_other(&parts, &format!("/till/returns/{id}/receipt")),
        Err(r) => {
            let key = match form.get("return_key") {
                "" => mizan_app::new_token(),
                k => k.to_owned(),
            };
            let status = r.status;
            let p = page(&s, &sale, &place, typed, Some(r), needs, key);
            html(status, render(&p))
        }
    }
}

async fn take_back(
    app: &Mizan,
    s: &Signed,
    g: &Grant<perm::Sell>,
    sale: &ReturnableSale,
    place: &Place,
    typed: &Typed,
    form: &Form,
) -> Result<i64, Refusal> {
    let needs = g.refunds_need_approval();
    let (d, of) = draft(&s.c, s, typed, place)?;
    let refused = |e: ApiError| placed(&s.c, e, &of, Some(sale), needs);
    let replay = match form.get("return_key") {
        "" => None,
        key => Some(
            idempotency(key, "POST", "/till/returns", fingerprint(form).as_bytes())
                .map_err(|e| refused(s.error(e)))?,
        ),
    };
    let r = app
        .return_sale(g, replay, sale.sale.id, d, approval(needs, form, typed))
        .await
        .map_err(|e| refused(s.error(e)))?;
    Ok(r.id)
}

/// `GET /till/returns/{id}/receipt`: the return's receipt, with the refund large on screen.
pub async fn receipt(State(app): State<Arc<Mizan>>, s: Signed, Path(id): Path<i64>) -> Response {
    let g = match s.grant::<perm::Sell>() {
        Ok(g) => g,
        Err(page) => return page,
    };
    let rr = match app.return_receipt(&g, id).await {
        Ok(rr) => rr,
        Err(e) => return s.refused(e),
    };
    let c = &s.c;
    let r = &rr.sale_return;
    let lines = r
        .lines
        .iter()
        .zip(&rr.products)
        .map(|(l, p)| ReturnReceiptLine {
            name: p.as_ref().map_or_else(
                || format!("#{}", l.product_id.0),
                |p| c.name(&p.name_en, &p.name_ar, &p.name_en).to_owned(),
            ),
            qty: match p {
                Some(p) => format!("{} {}", format::qty(l.qty), c.word("unit", &p.unit)),
                None => format::qty(l.qty),
            },
            total: c.money(l.net + l.vat),
        })
        .collect();
    let page = ReturnReceiptPage {
        c: c.clone(),
        number: r.number.clone(),
        sale_number: rr.sale.number.clone().unwrap_or_default(),
        time: format::local_time(r.created_at_ms, r.utc_offset_minutes),
        branch: rr
            .branch
            .as_ref()
            .map(|b| b.name.clone())
            .unwrap_or_default(),
        register: rr
            .register
            .as_ref()
            .map(|x| x.name.clone())
            .unwrap_or_default(),
        returned_by: r.returned_by.clone(),
        customer: rr
            .customer
            .as_ref()
            .map(|x| x.name.clone())
            .unwrap_or_default(),
        reason: r.reason.clone(),
        lines,
        net: c.money(r.net),
        vat: c.money(r.vat),
        total: c.money(r.total),
        refund: c.t(&format!("refund_{}", r.refund_method)),
    };
    html(StatusCode::OK, render(&page))
}
