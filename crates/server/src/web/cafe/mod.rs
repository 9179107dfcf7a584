//! The café in the web UI: the floor (`/cafe`, refreshing itself), a bill's page and its
//! forms (`bill`), a play session's page and its buttons (`session`). Pages only parse and
//! render; every form carries an idempotency key, so a double submit changes nothing twice,
//! and a refusal shows on the page it came from, in the reader's language.

mod bill;
mod session;

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use mizan_app::{FloorEntry, Mizan, perm};
use mizan_domain::PlaceId;
use mizan_web::{Ctx, FloorPage, FloorTile, format, render};

use super::form::Form;
use super::{Signed, html, see_other};

/// The café's pages and forms.
pub fn routes() -> Router<Arc<Mizan>> {
    Router::new()
        .route("/cafe", get(floor))
        .route("/cafe/stations/{id}/start", post(session::start))
        .route("/cafe/tables/{id}/open", post(open_tab))
        .route("/cafe/bills/{id}", get(bill::show))
        .route("/cafe/bills/{id}/orders", post(bill::add_order))
        .route("/cafe/bills/{id}/orders/{order}/serve", post(bill::serve))
        .route("/cafe/bills/{id}/orders/{order}/void", post(bill::void))
        .route("/cafe/bills/{id}/pay", post(bill::pay))
        .route("/cafe/bills/{id}/merge", post(bill::merge))
        .route("/cafe/bills/{id}/split", post(bill::split))
        .route("/cafe/bills/{id}/note", post(bill::note))
        .route("/cafe/sessions/{id}", get(session::show))
        .route("/cafe/sessions/{id}/{action}", post(session::act))
}

/// Minutes as people read them: `1:05` for an hour and five minutes.
pub(super) fn minutes(c: &Ctx, m: i64) -> String {
    format!("{}:{:02} {}", m / 60, m % 60, c.t("cafe_minutes"))
}

/// The word for a state (`cafe_state_…`).
pub(super) fn state_label(c: &Ctx, state: &str) -> String {
    c.t(&format!("cafe_state_{state}"))
}

fn tile(c: &Ctx, e: &FloorEntry) -> FloorTile {
    let p = &e.at.place;
    let (state, href) = match (&e.at.session, &e.at.bill) {
        (Some(s), _) => (s.state.clone(), Some(format!("/cafe/sessions/{}", s.id))),
        (None, Some(b)) => (
            e.status.map_or("draft", |s| s.as_str()).to_owned(),
            Some(format!("/cafe/bills/{}", b.id)),
        ),
        (None, None) => ("free".to_owned(), None),
    };
    FloorTile {
        id: p.id.0,
        kind: p.kind.as_str().to_owned(),
        name: p.name.clone(),
        state_label: state_label(c, &state),
        state,
        href,
        seats: p.seats,
        timer: e.running.map(|r| minutes(c, r.played_minutes)),
        open_amount: (e.at.bill.is_some() || e.running.is_some()).then(|| c.money(e.open_amount)),
        bill_number: e.at.bill.as_ref().map(|b| b.number.clone()),
    }
}

/// `GET /cafe`: every table and station by area, free or busy, with timers and open amounts.
pub async fn floor(State(app): State<Arc<Mizan>>, s: Signed) -> Response {
    let g = match s.grant::<perm::CafeOrder>() {
        Ok(g) => g,
        Err(page) => return page,
    };
    let f = match app.floor(&g).await {
        Ok(f) => f,
        Err(e) => return s.refused(e),
    };
    let mut areas: Vec<(String, Vec<FloorTile>)> = Vec::new();
    for e in &f.places {
        let t = tile(&s.c, e);
        match areas.iter_mut().find(|(a, _)| *a == e.at.place.area) {
            Some((_, tiles)) => tiles.push(t),
            None => areas.push((e.at.place.area.clone(), vec![t])),
        }
    }
    let page = FloorPage {
        at: format::local_time(f.now_ms, s.tenant.utc_offset_minutes),
        c: s.c.clone(),
        areas,
        key: mizan_app::new_token(),
        error: None,
    };
    html(StatusCode::OK, render(&page))
}

/// `POST /cafe/tables/{id}/open`: opens the table's bill (or its unpaid one) and shows it.
pub async fn open_tab(
    State(app): State<Arc<Mizan>>,
    s: Signed,
    Path(id): Path<i64>,
    req: Request,
) -> Response {
    let (parts, body) = req.into_parts();
    let g = match s.grant::<perm::CafeOrder>() {
        Ok(g) => g,
        Err(page) => return page,
    };
    let key = match Form::read(body)
        .await
        .and_then(|f| f.key(&s, parts.uri.path()))
    {
        Ok(k) => k,
        Err(e) => return s.refused_api(&e),
    };
    match app.open_tab(&g, Some(key), PlaceId(id)).await {
        Ok(v) => see_other(&parts, &format!("/cafe/bills/{}", v.record.head.id)),
        Err(e) => s.refused(e),
    }
}
