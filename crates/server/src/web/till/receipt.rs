//! The receipt page: on screen with the change, and for the 80 mm printer. `formatted` builds
//! the receipt as the reader reads it (names in their language, amounts in the tenant's
//! currency), once, for this page and for the A4 PDF (`receipt_pdf`).

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use mizan_app::{Mizan, perm};
use mizan_domain::SaleId;
use mizan_web::{ReceiptLine, ReceiptPage, format, render};

use crate::web::{Signed, html};

/// `GET /till/receipts/{id}`: the receipt, on screen with the change, and for the printer.
pub async fn receipt(State(app): State<Arc<Mizan>>, s: Signed, Path(id): Path<i64>) -> Response {
    match formatted(&app, &s, id).await {
        Ok(page) => html(StatusCode::OK, render(&page)),
        Err(refusal) => refusal,
    }
}

/// The sale's receipt as the signed-in cashier reads it, or the page refusing it (no right to
/// sell, no such sale in this tenant).
#[allow(
    clippy::result_large_err,
    reason = "the refusal is the page the handler answers"
)]
pub(super) async fn formatted(app: &Mizan, s: &Signed, id: i64) -> Result<ReceiptPage, Response> {
    let g = s.grant::<perm::Sell>()?;
    let r = app
        .receipt(&g, SaleId(id))
        .await
        .map_err(|e| s.refused(e))?;
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
    Ok(ReceiptPage {
        c: c.clone(),
        id,
        number: r.sale.number.clone().unwrap_or_default(),
        time: format::local_time(r.sale.posted_at_ms.unwrap_or(r.sale.created_at_ms), offset),
        branch: r.branch.map_or_else(|| s.tenant.name.clone(), |b| b.name),
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
    })
}
