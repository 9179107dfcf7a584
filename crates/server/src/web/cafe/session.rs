//! A play session's page — the station, its state, time played and billed, its events with
//! who and when — and its buttons: start (on the floor), pause, resume, stop, and moving the
//! session's bill to a table's.

use std::sync::Arc;

use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use mizan_app::{Mizan, perm};
use mizan_domain::staff::Permission;
use mizan_domain::{PlaceId, PlaySessionId};
use mizan_store::{PlaceKind, PlayAction};
use mizan_web::{PlaySessionPage, format, render};

use crate::ApiError;
use crate::web::form::Form;
use crate::web::{Signed, html, message, see_other};

use super::{minutes, state_label};

async fn page(app: &Mizan, s: &Signed, id: i64, error: Option<&ApiError>) -> Response {
    let g = match s.grant::<perm::CafeOrder>() {
        Ok(g) => g,
        Err(page) => return page,
    };
    let x = match app.play_session(&g, PlaySessionId(id)).await {
        Ok(x) => x,
        Err(e) => return s.refused(e),
    };
    let c = &s.c;
    let off = s.tenant.utc_offset_minutes;
    let mut facts = vec![
        (
            "started",
            c.t("cafe_started"),
            format::local_time(x.started_at_ms, off),
        ),
        (
            "plan",
            c.t("cafe_plan"),
            format!("{} {}", c.money(x.rate_plan.hourly), c.t("cafe_per_hour")),
        ),
    ];
    if let (Some(played), Some(billed), Some(amount)) =
        (x.played_minutes, x.billed_minutes, x.amount)
    {
        facts.push(("played", c.t("cafe_played"), minutes(c, played)));
        facts.push(("billed", c.t("cafe_billed"), minutes(c, billed)));
        facts.push(("amount", c.t("amount"), c.money(amount)));
    } else if let Ok(floor) = app.floor(&g).await
        && let Some(r) = floor
            .places
            .iter()
            .find(|p| p.at.session.as_ref().is_some_and(|y| y.id == x.id))
            .and_then(|p| p.running)
    {
        facts.push(("played", c.t("cafe_played"), minutes(c, r.played_minutes)));
        facts.push(("so-far", c.t("cafe_so_far"), c.money(r.amount + r.vat)));
    }
    let tables = if s.actor.can(Permission::CafeSettle) && x.state != "stopped"
        || s.actor.can(Permission::CafeSettle)
    {
        app.places(&g)
            .await
            .map(|ps| {
                ps.into_iter()
                    .filter(|p| p.kind == PlaceKind::Table)
                    .map(|p| (p.id.0, p.name))
                    .collect()
            })
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    let p = PlaySessionPage {
        id,
        station: x.station_name.clone(),
        state_label: state_label(c, &x.state),
        state: x.state.clone(),
        facts: facts
            .into_iter()
            .map(|(i, l, v)| (i.to_owned(), l, v))
            .collect(),
        events: x
            .events
            .iter()
            .map(|e| {
                (
                    c.t(&format!("cafe_event_{}", e.kind)),
                    format::local_time(e.at_ms, off),
                    e.by.clone(),
                )
            })
            .collect(),
        bill_href: format!("/cafe/bills/{}", x.bill_id),
        tables,
        can_settle: s.actor.can(Permission::CafeSettle),
        key: mizan_app::new_token(),
        error: error.map(|e| message(c, e)),
        c: c.clone(),
    };
    html(error.map_or(StatusCode::OK, |e| e.status), render(&p))
}

/// `GET /cafe/sessions/{id}`.
pub async fn show(State(app): State<Arc<Mizan>>, s: Signed, Path(id): Path<i64>) -> Response {
    page(&app, &s, id, None).await
}

/// `POST /cafe/stations/{id}/start`: starts a session and opens its page.
pub async fn start(
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
    match app.start_play(&g, Some(key), PlaceId(id)).await {
        Ok(x) => see_other(&parts, &format!("/cafe/sessions/{}", x.id)),
        Err(e) => s.refused(e),
    }
}

/// `POST /cafe/sessions/{id}/{pause|resume|stop|link}`.
pub async fn act(
    State(app): State<Arc<Mizan>>,
    s: Signed,
    Path((id, action)): Path<(i64, String)>,
    req: Request,
) -> Response {
    let (parts, body) = req.into_parts();
    let done = async {
        let form = Form::read(body).await?;
        let k = form.key(&s, parts.uri.path())?;
        let session = PlaySessionId(id);
        let action = match action.as_str() {
            "pause" => PlayAction::Pause,
            "resume" => PlayAction::Resume,
            "stop" => PlayAction::Stop,
            "link" => {
                let g = s
                    .actor
                    .grant::<perm::CafeSettle>()
                    .map_err(ApiError::from)?;
                let table = form
                    .get("table")
                    .parse::<i64>()
                    .map_err(|_| ApiError::invalid("table", "choose a table"))?;
                let v = app
                    .link_session(&g, Some(k), session, PlaceId(table))
                    .await
                    .map_err(|e| s.error(e))?;
                return Ok(format!("/cafe/bills/{}", v.record.head.id));
            }
            _ => return Err(ApiError::invalid("action", "pause, resume, stop or link")),
        };
        let g = s.actor.grant::<perm::CafeOrder>().map_err(ApiError::from)?;
        app.time_play(&g, Some(k), session, action)
            .await
            .map_err(|e| s.error(e))?;
        Ok(format!("/cafe/sessions/{id}"))
    }
    .await;
    match done {
        Ok(to) => see_other(&parts, &to),
        Err(e) => page(&app, &s, id, Some(&e)).await,
    }
}
