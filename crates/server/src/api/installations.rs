//! Installations over HTTP: teams, scheduling a visit, the list by day and team, one with its
//! history and archive, and moving it along. Handlers only parse and answer.

use std::sync::Arc;

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use mizan_app::{Mizan, perm};
use mizan_domain::workshop::InstallState;
use mizan_domain::{CustomerId, UserId};
use mizan_store::{InstallationFilter, NewInstallation};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::openapi::params::IdempotencyKey;
use super::openapi::refusals::{
    BadJson, Conflict, Forbidden, Invalid, NotFound, TimedOut, TooLarge, Unauthorized, Unavailable,
};
use super::views::{Installation, Team};
use crate::ApiError;
use crate::auth::Auth;
use crate::json::{Id, WriteRequest, query_day, time_of_day};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct NewTeamBody {
    #[schema(max_length = 100)]
    name: String,
    /// The installers (users) in the team.
    #[serde(default)]
    #[schema(max_items = 50)]
    user_ids: Vec<i64>,
}

/// Make a team of installers.
#[utoipa::path(
    post,
    path = "/api/v1/installation-teams",
    tag = "Workshop",
    params(IdempotencyKey),
    request_body = NewTeamBody,
    responses(
        (status = 201, description = "Created", body = Team),
        BadJson, Unauthorized, Forbidden, NotFound, TimedOut, Conflict, TooLarge, Invalid,
        Unavailable,
    ),
    extensions(("x-permission" = json!("installations.manage")))
)]
pub async fn create_installation_team(
    State(app): State<Arc<Mizan>>,
    req: WriteRequest<perm::InstallationsManage>,
) -> Result<(StatusCode, Json<Team>), ApiError> {
    let b: NewTeamBody = req.parse()?;
    if b.user_ids.len() > 50 {
        return Err(ApiError::invalid("user_ids", "at most 50 installers"));
    }
    let members = b.user_ids.into_iter().map(UserId).collect();
    let t = app
        .create_installation_team(req.auth.grant(), req.idempotency.clone(), b.name, members)
        .await?;
    Ok((StatusCode::CREATED, Json(Team::of(&t))))
}

/// The teams of installers.
#[utoipa::path(
    get,
    path = "/api/v1/installation-teams",
    tag = "Workshop",
    responses((status = 200, description = "OK", body = [Team]), Unauthorized, Forbidden, Unavailable),
    extensions(("x-permission" = json!("installations.work")))
)]
pub async fn list_installation_teams(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::InstallationsWork>,
) -> Result<Json<Vec<Team>>, ApiError> {
    let teams = app.installation_teams(auth.grant()).await?;
    Ok(Json(teams.iter().map(Team::of).collect()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct NewInstallationBody {
    team_id: i64,
    customer_id: Option<i64>,
    /// The cutting order whose curtains are installed.
    cutting_order_id: Option<i64>,
    #[schema(max_length = 300)]
    address: String,
    /// `YYYY-MM-DD`, local.
    day: String,
    /// The time window, `HH:MM` local.
    from: String,
    to: String,
    #[schema(max_length = 500)]
    note: Option<String>,
}

/// Schedule a team's visit; it starts `scheduled`.
#[utoipa::path(
    post,
    path = "/api/v1/installations",
    tag = "Workshop",
    params(IdempotencyKey),
    request_body = NewInstallationBody,
    responses(
        (status = 201, description = "Scheduled", body = Installation),
        BadJson, Unauthorized, Forbidden, NotFound, TimedOut, Conflict, TooLarge, Invalid,
        Unavailable,
    ),
    extensions(("x-permission" = json!("installations.manage")))
)]
pub async fn schedule_installation(
    State(app): State<Arc<Mizan>>,
    req: WriteRequest<perm::InstallationsManage>,
) -> Result<(StatusCode, Json<Installation>), ApiError> {
    let b: NewInstallationBody = req.parse()?;
    let day = query_day("day", Some(&b.day))?.unwrap_or(0);
    let n = NewInstallation {
        team: b.team_id,
        customer: b.customer_id.map(CustomerId),
        cutting_order: b.cutting_order_id,
        address: b.address,
        day,
        window: (time_of_day("from", &b.from)?, time_of_day("to", &b.to)?),
        note: b.note,
        by: String::new(),
        now_ms: 0,
    };
    let i = app
        .schedule_installation(req.auth.grant(), req.idempotency.clone(), n)
        .await?;
    Ok((StatusCode::CREATED, Json(Installation::of(&i))))
}

/// `?from=&to=&team_id=` of the installations list.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InstallationsQuery {
    /// First day, `YYYY-MM-DD`.
    from: Option<String>,
    /// Last day, `YYYY-MM-DD`.
    to: Option<String>,
    team_id: Option<i64>,
}

/// Installations by day, time and team (an installer sees their own team's only): the
/// workshop's calendar.
#[utoipa::path(
    get,
    path = "/api/v1/installations",
    tag = "Workshop",
    params(InstallationsQuery),
    responses((status = 200, description = "OK", body = [Installation]), Unauthorized, Forbidden, Invalid, Unavailable),
    extensions(("x-permission" = json!("installations.work")))
)]
pub async fn list_installations(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::InstallationsWork>,
    q: Result<Query<InstallationsQuery>, QueryRejection>,
) -> Result<Json<Vec<Installation>>, ApiError> {
    let Query(q) = q.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let filter = InstallationFilter {
        from_day: query_day("from", q.from.as_deref())?,
        to_day: query_day("to", q.to.as_deref())?,
        team: q.team_id,
        member: None,
    };
    let found = app.installations(auth.grant(), filter).await?;
    Ok(Json(found.iter().map(Installation::of).collect()))
}

/// An installation with every change of state and its archive record.
#[utoipa::path(
    get,
    path = "/api/v1/installations/{id}",
    tag = "Workshop",
    params(Id),
    responses((status = 200, description = "OK", body = Installation), Unauthorized, Forbidden, NotFound, Unavailable),
    extensions(("x-permission" = json!("installations.work")))
)]
pub async fn get_installation(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::InstallationsWork>,
    Id(id): Id,
) -> Result<Json<Installation>, ApiError> {
    Ok(Json(Installation::of(
        &app.installation(auth.grant(), id).await?,
    )))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct MoveBody {
    /// `in_progress`, `completed`, `modification_required` or `modification_completed`.
    status: String,
    #[schema(max_length = 500)]
    note: Option<String>,
}

/// Move an installation along: scheduled → in progress → completed; in progress, completed or
/// modification completed → modification required → modification completed. Reaching completed or modification
/// completed writes its one archive record (created the first time, the note appended after
/// that). Moving it where it is answers it unchanged.
#[utoipa::path(
    post,
    path = "/api/v1/installations/{id}/status",
    tag = "Workshop",
    params(Id, IdempotencyKey),
    request_body = MoveBody,
    responses(
        (status = 200, description = "Moved", body = Installation),
        BadJson, Unauthorized, Forbidden, NotFound, TimedOut, Conflict, TooLarge, Invalid,
        Unavailable,
    ),
    extensions(("x-permission" = json!("installations.work")))
)]
pub async fn move_installation(
    State(app): State<Arc<Mizan>>,
    Id(id): Id,
    req: WriteRequest<perm::InstallationsWork>,
) -> Result<Json<Installation>, ApiError> {
    let b: MoveBody = req.parse()?;
    let to = InstallState::parse(&b.status).map_err(|e| ApiError::refusal(&e, None))?;
    let i = app
        .move_installation(req.auth.grant(), req.idempotency.clone(), id, to, b.note)
        .await?;
    Ok(Json(Installation::of(&i)))
}
