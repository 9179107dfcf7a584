//! Writing the floor: a new table or station, changes to one (retiring it too), and a station's play session — started with a
//! bill of its own, paused and resumed with who and when, and stopped: the plan bills the
//! recorded time and the charge posts to the session's bill (wherever it has moved since).

use mizan_domain::cafe::{CafeError, RatePlan, SessionEvent, charge_play, played};
use mizan_domain::{PlaceId, PlaySessionId};

use super::tabs::{accounts, add_charge, lock_bill, open_bill};
use super::{NewPlace, PlaceChanges, PlaceKind, PlayAction};
use crate::tx::args;
use crate::write::Posting;
use crate::{ResourceKind, StoreError, WriteError, Written};

pub(crate) fn create_place(p: &mut Posting<'_>, n: &NewPlace) -> Result<Written, WriteError> {
    let t = p.t;
    if p.warehouse(n.warehouse.0)?.is_none() {
        return Err(WriteError::not_found("warehouse_id"));
    }
    if p.tx.exists(
        "SELECT 1 FROM cafe_places WHERE tenant_id = $1 AND name = $2",
        args![t, n.name.as_str()],
    )? {
        return Err(WriteError::Conflict {
            code: "duplicate_name",
            message: format!("a table or station named {} already exists", n.name),
        });
    }
    let plan = match (n.kind, n.rate_plan) {
        (PlaceKind::Station, Some(plan)) => Some(plan_json(&plan.checked()?)?),
        (PlaceKind::Station, None) => {
            return Err(CafeError::InvalidField {
                field: "rate_plan".into(),
                reason: "a station needs a rate plan".into(),
            }
            .into());
        }
        (PlaceKind::Table, _) => None,
    };
    let id = p.tx.insert_id(
        "INSERT INTO cafe_places (tenant_id, kind, area, name, seats, warehouse_id, rate_plan,
             vat_bp, created_at_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0) RETURNING id",
        args![
            tenant_id = t,
            kind = n.kind.as_str(),
            area = n.area.as_str(),
            name = n.name.as_str(),
            seats = n.seats,
            warehouse_id = n.warehouse.0,
            rate_plan = plan.as_deref(),
            vat_bp = n.vat_bp,
        ],
    )?;
    Ok(Written::created(ResourceKind::Place, id))
}

/// Changes a table or station. Its name stays unique; retiring it is refused while a bill is
/// open on it or a session plays there.
pub(crate) fn update_place(
    p: &mut Posting<'_>,
    place: PlaceId,
    c: &PlaceChanges,
) -> Result<Written, WriteError> {
    let t = p.t;
    let found = p.tx.lock_row(
        "SELECT kind, name FROM cafe_places WHERE tenant_id = $1 AND id = $2",
        args![t, place.0],
        |r| Ok((r.text(0)?, r.text(1)?)),
    )?;
    let Some((kind, name)) = found else {
        return Err(WriteError::not_found("place_id"));
    };
    if let Some(new) = c.name.as_deref().filter(|n| *n != name)
        && p.tx.exists(
            "SELECT 1 FROM cafe_places WHERE tenant_id = $1 AND name = $2",
            args![t, new],
        )?
    {
        return Err(WriteError::Conflict {
            code: "duplicate_name",
            message: format!("a table or station named {new} already exists"),
        });
    }
    let plan = match (kind.as_str(), c.rate_plan) {
        (_, None) => None,
        ("station", Some(plan)) => Some(plan_json(&plan.checked()?)?),
        (_, Some(_)) => {
            return Err(CafeError::InvalidField {
                field: "rate_plan".into(),
                reason: "a table has no rate plan".into(),
            }
            .into());
        }
    };
    if c.retired == Some(true)
        && p.tx.exists(
            "SELECT 1 FROM cafe_sessions WHERE tenant_id = $1 AND station_id = $2
                 AND state <> 'stopped'
             UNION ALL
             SELECT 1 FROM cafe_bills WHERE tenant_id = $1 AND place_id = $2
                 AND merged_into_id IS NULL AND NOT closed",
            args![t, place.0],
        )?
    {
        return Err(CafeError::PlaceInUse { place: name }.into());
    }
    p.tx.execute(
        "UPDATE cafe_places SET area = COALESCE($3, area), name = COALESCE($4, name),
             seats = COALESCE($5, seats), rate_plan = COALESCE($6, rate_plan),
             vat_bp = COALESCE($7, vat_bp), retired = COALESCE($8, retired)
         WHERE tenant_id = $1 AND id = $2",
        args![
            tenant_id = t,
            id = place.0,
            area = c.area.as_deref(),
            name = c.name.as_deref(),
            seats = c.seats,
            rate_plan = plan.as_deref(),
            vat_bp = c.vat_bp,
            retired = c.retired,
        ],
    )?;
    Ok(Written::created(ResourceKind::Place, place.0))
}

/// Refuses a guest at a retired place.
pub(crate) fn ensure_serving(retired: bool, name: &str) -> Result<(), WriteError> {
    if retired {
        return Err(CafeError::PlaceRetired {
            place: name.to_owned(),
        }
        .into());
    }
    Ok(())
}

pub(crate) fn plan_json(plan: &RatePlan) -> Result<String, WriteError> {
    serde_json::to_string(plan).map_err(|e| StoreError::Corrupt(e.to_string()).into())
}

pub(crate) fn parse_plan(json: &str) -> Result<RatePlan, StoreError> {
    serde_json::from_str(json).map_err(|e| StoreError::Corrupt(format!("rate plan: {e}")))
}

/// Starts a play session on `station` with a new bill named after it.
pub(crate) fn start_play(
    p: &mut Posting<'_>,
    station: PlaceId,
    by: &str,
    now_ms: i64,
) -> Result<Written, WriteError> {
    let t = p.t;
    // Sessions of one station take turns: its row is locked first.
    let found = p.tx.lock_row(
        "SELECT name, rate_plan, vat_bp, retired FROM cafe_places
         WHERE tenant_id = $1 AND id = $2 AND kind = 'station'",
        args![t, station.0],
        |r| Ok((r.text(0)?, r.opt_text(1)?, r.i64(2)?, r.bool(3)?)),
    )?;
    let Some((name, Some(plan), vat_bp, retired)) = found else {
        return Err(WriteError::not_found("station_id"));
    };
    ensure_serving(retired, &name)?;
    if p.tx.exists(
        "SELECT 1 FROM cafe_sessions WHERE tenant_id = $1 AND station_id = $2
         AND state <> 'stopped'",
        args![t, station.0],
    )? {
        return Err(CafeError::StationBusy { station: name }.into());
    }
    let bill = open_bill(p, None, &name, by, now_ms)?;
    let id = p.tx.insert_id(
        "INSERT INTO cafe_sessions (tenant_id, station_id, bill_id, rate_plan, vat_bp, state,
             started_at_ms, started_by)
         VALUES ($1, $2, $3, $4, $5, 'running', $6, $7) RETURNING id",
        args![t, station.0, bill, plan.as_str(), vat_bp, now_ms, by],
    )?;
    event(p, id, 0, "start", now_ms, by)?;
    Ok(Written::created(ResourceKind::PlaySession, id))
}

fn event(
    p: &mut Posting<'_>,
    session: i64,
    seq: i64,
    kind: &str,
    at_ms: i64,
    by: &str,
) -> Result<(), WriteError> {
    p.tx.execute(
        "INSERT INTO cafe_session_events (tenant_id, session_id, seq, kind, at_ms, by_user)
         VALUES ($1, $2, $3, $4, $5, $6)",
        args![p.t, session, seq, kind, at_ms, by],
    )?;
    Ok(())
}

/// The recorded events of `session`, in order.
pub(crate) fn events(
    tx: &mut dyn crate::tx::Tx,
    t: i64,
    session: i64,
) -> Result<Vec<SessionEvent>, StoreError> {
    tx.rows(
        "SELECT kind, at_ms FROM cafe_session_events WHERE tenant_id = $1 AND session_id = $2
         ORDER BY seq",
        args![t, session],
        |r| event_of(&r.text(0)?, r.i64(1)?),
    )
}

pub(crate) fn event_of(kind: &str, at: i64) -> Result<SessionEvent, StoreError> {
    Ok(match kind {
        "start" => SessionEvent::Start(at),
        "pause" => SessionEvent::Pause(at),
        "resume" => SessionEvent::Resume(at),
        "stop" => SessionEvent::Stop(at),
        other => return Err(StoreError::Corrupt(format!("session event {other}"))),
    })
}

/// Pauses, resumes or stops a session. Pausing a paused session, resuming a running one and
/// stopping a stopped one answer with the session as it is and record nothing.
pub(crate) fn time_play(
    p: &mut Posting<'_>,
    session: PlaySessionId,
    action: PlayAction,
    by: &str,
    now_ms: i64,
) -> Result<Written, WriteError> {
    let t = p.t;
    let found = p.tx.lock_row(
        "SELECT state, bill_id, rate_plan, vat_bp FROM cafe_sessions
         WHERE tenant_id = $1 AND id = $2",
        args![t, session.0],
        |r| Ok((r.text(0)?, r.i64(1)?, r.text(2)?, r.i64(3)?)),
    )?;
    let Some((state, bill, plan, vat_bp)) = found else {
        return Err(WriteError::not_found("session_id"));
    };
    let same = Written::replayed(ResourceKind::PlaySession, session.0);
    let (kind, next, e) = match (action, state.as_str()) {
        (PlayAction::Stop, "stopped") => return Ok(same),
        (_, "stopped") => return Err(CafeError::SessionStopped.into()),
        (PlayAction::Pause, "paused") | (PlayAction::Resume, "running") => return Ok(same),
        (PlayAction::Pause, _) => ("pause", "paused", SessionEvent::Pause(now_ms)),
        (PlayAction::Resume, _) => ("resume", "running", SessionEvent::Resume(now_ms)),
        (PlayAction::Stop, _) => ("stop", "stopped", SessionEvent::Stop(now_ms)),
    };
    let mut recorded = events(p.tx, t, session.0)?;
    recorded.push(e);
    let time = played(&recorded, now_ms)?;
    let seq = i64::try_from(recorded.len() - 1).unwrap_or(i64::MAX);
    event(p, session.0, seq, kind, now_ms, by)?;
    if action != PlayAction::Stop {
        p.tx.execute(
            "UPDATE cafe_sessions SET state = $3 WHERE tenant_id = $1 AND id = $2",
            args![t, session.0, next],
        )?;
        return Ok(Written::created(ResourceKind::PlaySession, session.0));
    }
    let billed = parse_plan(&plan)?.bill(&time, p.settings()?.utc_offset_minutes)?;
    p.tx.execute(
        "UPDATE cafe_sessions SET state = 'stopped', stopped_at_ms = $3, played_minutes = $4,
             billed_minutes = $5, amount = $6
         WHERE tenant_id = $1 AND id = $2",
        args![
            t,
            session.0,
            now_ms,
            billed.played_minutes,
            billed.billed_minutes,
            billed.amount
        ],
    )?;
    let head = lock_bill(p, bill)?.ok_or_else(|| StoreError::Corrupt("session bill".into()))?;
    let charge = charge_play(&accounts(p)?, billed.amount, vat_bp)?;
    add_charge(p, &head, ("play", None, Some(session.0)), &charge, now_ms)?;
    Ok(Written::created(ResourceKind::PlaySession, session.0))
}
