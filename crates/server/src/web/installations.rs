//! Installations in the browser (`installations.work`): the visits from today on, per day, each
//! with the steps it may take (the pure rule says which), and the form that takes one with a
//! note. An installer sees their own team's only.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use mizan_app::{Mizan, perm};
use mizan_domain::cafe::hours::clock_text;
use mizan_domain::calendar::{business_day, day_text};
use mizan_domain::workshop::{InstallState, InstallStep};
use mizan_store::{Installation, InstallationFilter};
use mizan_web::{Ctx, InstallCard, InstallationsPage, render};

use super::form::Form;
use super::{Signed, html, see_other};
use crate::ApiError;

pub fn routes() -> Router<Arc<Mizan>> {
    Router::new()
        .route("/installations", get(list))
        .route("/installations/{id}/status", post(move_to))
}

fn card(c: &Ctx, i: &Installation) -> InstallCard {
    let next = InstallState::parse(&i.status)
        .map(|now| {
            InstallState::ALL
                .into_iter()
                .filter(|to| matches!(now.step(*to), Ok(InstallStep::Move { .. })))
                .map(|to| (to.as_str().to_owned(), c.word("install", to.as_str())))
                .collect()
        })
        .unwrap_or_default();
    InstallCard {
        id: i.id,
        number: i.number.clone(),
        team: i.team.clone(),
        window: format!("{}–{}", clock_text(i.window.0), clock_text(i.window.1)),
        address: i.address.clone(),
        status_label: c.word("install", &i.status),
        status: i.status.clone(),
        next,
    }
}

async fn page(app: &Mizan, s: &Signed, error: Option<&ApiError>) -> Response {
    let g = match s.grant::<perm::InstallationsWork>() {
        Ok(g) => g,
        Err(page) => return page,
    };
    let today = business_day(app.now_ms(), s.tenant.utc_offset_minutes);
    let filter = InstallationFilter {
        from_day: Some(today),
        ..InstallationFilter::default()
    };
    let found = match app.installations(&g, filter).await {
        Ok(f) => f,
        Err(e) => return s.refused(e),
    };
    let c = &s.c;
    let mut days: Vec<(String, Vec<InstallCard>)> = Vec::new();
    for i in &found {
        let day = day_text(i.day);
        match days.last_mut() {
            Some((d, cards)) if *d == day => cards.push(card(c, i)),
            _ => days.push((day, vec![card(c, i)])),
        }
    }
    let p = InstallationsPage {
        c: c.clone(),
        error: error.map(|e| super::message(c, e)),
        key: mizan_app::new_token(),
        days,
    };
    let status = if error.is_some() {
        StatusCode::CONFLICT
    } else {
        StatusCode::OK
    };
    html(status, render(&p))
}

/// `GET /installations`.
pub async fn list(State(app): State<Arc<Mizan>>, s: Signed) -> Response {
    page(&app, &s, None).await
}

/// `POST /installations/{id}/status`: `status`, `note`.
pub async fn move_to(
    State(app): State<Arc<Mizan>>,
    s: Signed,
    Path(id): Path<i64>,
    req: Request,
) -> Response {
    let (parts, body) = req.into_parts();
    let g = match s.grant::<perm::InstallationsWork>() {
        Ok(g) => g,
        Err(page) => return page,
    };
    let read = async {
        let form = Form::read(body).await?;
        let key = form.key(&s, parts.uri.path())?;
        let to =
            InstallState::parse(form.get("status")).map_err(|e| ApiError::refusal(&e, None))?;
        let note = Some(form.get("note").to_owned()).filter(|n| !n.trim().is_empty());
        Ok::<_, ApiError>((key, to, note))
    };
    let (key, to, note) = match read.await {
        Ok(v) => v,
        Err(e) => return s.refused_api(&e),
    };
    match app.move_installation(&g, Some(key), id, to, note).await {
        Ok(_) => see_other(&parts, "/installations"),
        Err(e) => page(&app, &s, Some(&s.error(e))).await,
    }
}
