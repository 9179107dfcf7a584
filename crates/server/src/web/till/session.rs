//! The X report of an open session, the Z report of a closed one, and the close form (counted
//! cash, or the notes and coins counted one by one).

use std::sync::Arc;

use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use mizan_app::{Mizan, perm};
use mizan_domain::CashierSessionId;
use mizan_domain::sessions::session_report;
use mizan_web::{SessionReportPage, render};

use crate::ApiError;
use crate::web::form::Form;
use crate::web::{Signed, html, message, see_other};

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
