//! The workshop in the browser: the cutting page (`workshop.cut`) — reserved items with the
//! roll each comes off and one button to mark it cut, pending items to reserve, the shortage
//! list — and its two buttons. The rules are the app's and the domain's; a refusal shows on the
//! page in the reader's language.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use mizan_app::{CuttingQueue, Mizan, perm};
use mizan_domain::staff::Permission;
use mizan_store::CuttingItem;
use mizan_web::{Cell, CutCard, CuttingPage, TableRow, format, render};

use super::form::Form;
use super::{Signed, html, see_other};
use crate::ApiError;

/// Items of each kind the page shows.
const SHOWN: i64 = 100;

pub fn routes() -> Router<Arc<Mizan>> {
    Router::new()
        .route("/workshop", get(cutting))
        .route("/workshop/items/{id}/reserve", post(reserve))
        .route("/workshop/items/{id}/cut", post(cut))
}

fn card(i: &CuttingItem, roll: Option<String>) -> CutCard {
    CutCard {
        id: i.id,
        order: i.order_number.clone(),
        fabric: i.product_code.clone(),
        length: format::qty(i.length),
        warehouse: i.warehouse_code.clone(),
        roll,
    }
}

async fn page(app: &Mizan, s: &Signed, error: Option<&ApiError>) -> Response {
    let g = match s.grant::<perm::WorkshopCut>() {
        Ok(g) => g,
        Err(page) => return page,
    };
    let queue: CuttingQueue = match app.cutting_queue(&g, SHOWN).await {
        Ok(q) => q,
        Err(e) => return s.refused(e),
    };
    let c = &s.c;
    let shortages = match s.grant::<perm::StockRead>() {
        Ok(read) if s.actor.can(Permission::StockRead) => match app.shortages(&read).await {
            Ok(found) => found,
            Err(e) => return s.refused(e),
        },
        _ => Vec::new(),
    };
    let rows = shortages
        .iter()
        .map(|x| {
            TableRow::of(vec![
                Cell::ltr(x.product_code.clone()),
                Cell::ltr(x.warehouse_code.clone()),
                Cell::qty(x.needed),
                Cell::qty(x.on_hand - x.reserved),
                Cell::qty(x.short),
            ])
        })
        .collect();
    let head = [
        "product",
        "warehouse",
        "workshop_needed",
        "workshop_free",
        "workshop_short",
    ];
    let p = CuttingPage {
        c: c.clone(),
        error: error.map(|e| super::message(c, e)),
        key: mizan_app::new_token(),
        to_cut: queue
            .to_cut
            .iter()
            .map(|q| {
                let roll = q
                    .roll
                    .as_ref()
                    .map(|(_, label, left)| format!("{label} · {} m", format::qty(*left)));
                card(&q.item, roll)
            })
            .collect(),
        to_reserve: queue.to_reserve.iter().map(|i| card(i, None)).collect(),
        shortages: super::reports::table(c, "shortages", Some("workshop_shortages"), &head, rows),
    };
    let status = if error.is_some() {
        StatusCode::CONFLICT
    } else {
        StatusCode::OK
    };
    html(status, render(&p))
}

/// `GET /workshop`.
pub async fn cutting(State(app): State<Arc<Mizan>>, s: Signed) -> Response {
    page(&app, &s, None).await
}

async fn step(app: &Mizan, s: &Signed, id: i64, req: Request, cut: bool) -> Response {
    let (parts, body) = req.into_parts();
    let g = match s.grant::<perm::WorkshopCut>() {
        Ok(g) => g,
        Err(page) => return page,
    };
    let key = match Form::read(body)
        .await
        .and_then(|f| f.key(s, parts.uri.path()))
    {
        Ok(k) => k,
        Err(e) => return s.refused_api(&e),
    };
    match app.work_cutting_item(&g, Some(key), id, cut).await {
        Ok(_) => see_other(&parts, "/workshop"),
        Err(e) => page(app, s, Some(&s.error(e))).await,
    }
}

/// `POST /workshop/items/{id}/reserve`.
pub async fn reserve(
    State(app): State<Arc<Mizan>>,
    s: Signed,
    Path(id): Path<i64>,
    req: Request,
) -> Response {
    step(&app, &s, id, req, false).await
}

/// `POST /workshop/items/{id}/cut`.
pub async fn cut(
    State(app): State<Arc<Mizan>>,
    s: Signed,
    Path(id): Path<i64>,
    req: Request,
) -> Response {
    step(&app, &s, id, req, true).await
}
