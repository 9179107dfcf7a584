//! The receipt as an A4 PDF: the receipt page's data (`receipt::formatted`) with the labels in
//! the reader's language, drawn by `mizan-pdf` on a blocking thread.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use mizan_app::Mizan;
use mizan_pdf::{Labels, Line, Receipt};
use mizan_web::ReceiptPage;

use super::receipt::formatted;
use crate::ApiError;
use crate::web::Signed;

/// `GET /till/receipts/{id}/pdf`: the receipt on A4, shown in the browser (`inline`), named
/// after its number; refused as the receipt page is.
pub async fn receipt_pdf(
    State(app): State<Arc<Mizan>>,
    s: Signed,
    Path(id): Path<i64>,
) -> Response {
    let page = match formatted(&app, &s, id).await {
        Ok(page) => page,
        Err(refusal) => return refusal,
    };
    let name = file_name(&page.number);
    let receipt = for_pdf(page);
    match tokio::task::spawn_blocking(move || mizan_pdf::receipt_pdf(&receipt)).await {
        Ok(Ok(bytes)) => pdf(&name, bytes),
        Ok(Err(e)) => s.refused_api(&ApiError::internal(&e)),
        Err(e) => s.refused_api(&ApiError::internal(&e)),
    }
}

/// The page's receipt with the words a printed receipt needs.
fn for_pdf(p: ReceiptPage) -> Receipt {
    let c = &p.c;
    Receipt {
        rtl: c.tr.dir() == "rtl",
        lang: c.tr.code().to_owned(),
        branch: p.branch,
        title: c.t("receipt"),
        number: p.number,
        time: p.time,
        register: p.register,
        cashier: p.cashier,
        customer: p.customer,
        lines: p
            .lines
            .into_iter()
            .map(|l| Line {
                name: l.name,
                qty: l.qty,
                unit_price: l.unit_price,
                total: l.total,
            })
            .collect(),
        net: p.net,
        vat: p.vat,
        total: p.total,
        payments: p.payments,
        received: p.received,
        change: p.change,
        footer: c.t("thank_you"),
        labels: Labels {
            time: c.t("date"),
            register: c.t("register"),
            cashier: c.t("cashier"),
            customer: c.t("customer"),
            item: c.t("product"),
            qty: c.t("quantity"),
            unit_price: c.t("unit_price"),
            line_total: c.t("line_total"),
            net: c.t("net"),
            vat: c.t("vat"),
            total: c.t("total"),
            received: c.t("cash_received"),
            change: c.t("change"),
            page: c.t("pdf_page"),
        },
    }
}

/// `R-1-000123.pdf`: the number with anything a header's quoted file name cannot hold dropped.
fn file_name(number: &str) -> String {
    let stem: String = number
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect();
    if stem.is_empty() {
        "receipt.pdf".to_owned()
    } else {
        format!("{stem}.pdf")
    }
}

fn pdf(name: &str, body: Vec<u8>) -> Response {
    let disposition = HeaderValue::from_str(&format!("inline; filename=\"{name}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("inline"));
    (
        StatusCode::OK,
        [
            (CONTENT_TYPE, HeaderValue::from_static("application/pdf")),
            (CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response()
}
