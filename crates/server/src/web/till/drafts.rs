//! Parked carts: park the cart as a draft of the session, list the session's drafts, recall
//! one into the cart, and discard it once the cart is written as another document.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::response::Response;
use mizan_app::{Mizan, idempotency, perm};
use mizan_domain::sales::{NewSaleLine, SaleDraft};
use mizan_domain::{CashierSessionId, SaleId};
use mizan_web::format;

use super::cart::{Posted, forbidden_error, priced, read_cart};
use crate::ApiError;
use crate::web::{Signed, see_other};

/// Discards the draft a cart was recalled from, now that the cart is written as another
/// document (after it, so that a refusal keeps the draft). A draft already gone is fine.
pub(super) async fn set_aside(app: &Mizan, s: &Signed, draft: Option<SaleId>, reason: &str) {
    let (Some(draft), Ok(g)) = (draft, s.grant::<perm::Sell>()) else {
        return;
    };
    if let Err(e) = app.discard_sale(&g, None, draft, reason).await {
        tracing::info!(draft = draft.0, error = %e, "a recalled draft was not discarded");
    }
}

/// The session's parked drafts, newest first, as (id, label).
pub(super) async fn drafts(
    app: &Mizan,
    s: &Signed,
    session: CashierSessionId,
) -> Vec<(i64, String)> {
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
pub(super) async fn recall(
    app: &Mizan,
    s: &Signed,
    p: &mut Posted,
    id: SaleId,
) -> Result<(), ApiError> {
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
    let (_, p) = match read_cart(&s, body).await {
        Ok(read) => read,
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
