//! Installations in the store: teams of installers, visits scheduled for a team, and each
//! change of state written with who and when, by the pure rule's leave. Reaching completed or
//! modification completed writes the installation's archive record in the same transaction: one
//! statement that creates it the first time and appends the note after that (an upsert on the
//! installation's unique key — never a second record, never a duplicate-key failure). Read back:
//! an installation with its events and archive, and the list per day and team.

use mizan_domain::workshop::{InstallState, InstallStep, WorkshopError};
use mizan_domain::{CustomerId, UserId};
use serde::Serialize;

use crate::ledger::write::next_number;
use crate::tx::{Arg, Row, Tx, args};
use crate::write::Posting;
use crate::{ResourceKind, StoreError, TenantScope, WriteError, Written};

/// A visit as it is scheduled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewInstallation {
    pub team: i64,
    pub customer: Option<CustomerId>,
    pub cutting_order: Option<i64>,
    pub address: String,
    /// YYYYMMDD, local.
    pub day: i32,
    /// Minutes after local midnight.
    pub window: (i64, i64),
    pub note: Option<String>,
    pub by: String,
    pub now_ms: i64,
}

/// A change of an installation's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstallationMove {
    pub installation: i64,
    pub to: InstallState,
    pub note: Option<String>,
    pub by: String,
    /// Only a member of the installation's team may move it (an installer); `None`: anyone
    /// the permission lets (a manager).
    pub member: Option<UserId>,
    pub now_ms: i64,
}

/// A team of installers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InstallationTeam {
    pub id: i64,
    pub name: String,
    pub members: Vec<UserId>,
}

/// A change of state, with who and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InstallationEvent {
    pub status: String,
    pub note: Option<String>,
    pub by: String,
    pub at_ms: i64,
}

/// The archive record of an installation that was completed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InstallationArchive {
    pub status: String,
    /// Every note, oldest first, one per line.
    pub notes: String,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
}

/// An installation as it stands; `events` and `archive` only when one is read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Installation {
    pub id: i64,
    pub number: String,
    pub team_id: i64,
    pub team: String,
    pub customer_id: Option<CustomerId>,
    pub cutting_order_id: Option<i64>,
    pub address: String,
    pub day: i32,
    pub window: (i64, i64),
    pub status: String,
    pub note: Option<String>,
    pub created_by: String,
    pub updated_at_ms: i64,
    pub events: Vec<InstallationEvent>,
    pub archive: Option<InstallationArchive>,
}

type W = Result<Written, WriteError>;

fn text(field: &str, value: &str, max: usize) -> Result<String, WriteError> {
    let v = value.trim();
    if v.is_empty() || v.chars().count() > max || v.chars().any(char::is_control) {
        return Err(WorkshopError::InvalidField {
            field: field.into(),
            reason: format!("1 to {max} characters"),
        }
        .into());
    }
    Ok(v.to_owned())
}

pub(crate) fn create_team(p: &mut Posting<'_>, name: &str, members: &[UserId], now_ms: i64) -> W {
    let name = text("name", name, 100)?;
    if p.tx.exists(
        "SELECT 1 FROM installation_teams WHERE tenant_id = $1 AND name = $2",
        args![p.t, name.as_str()],
    )? {
        return Err(WriteError::Conflict {
            code: "duplicate_name",
            message: format!("a team called {name} exists"),
        });
    }
    for (i, u) in members.iter().enumerate() {
        if !p.tx.exists(
            "SELECT 1 FROM users WHERE tenant_id = $1 AND id = $2",
            args![p.t, u.0],
        )? {
            return Err(WriteError::not_found(format!("user_ids[{i}]")));
        }
    }
    let id = p.tx.insert_id(
        "INSERT INTO installation_teams (tenant_id, name, created_at_ms) VALUES ($1, $2, $3)
         RETURNING id",
        args![p.t, name.as_str(), now_ms],
    )?;
    let mut members = members.to_vec();
    members.sort_unstable();
    members.dedup();
    let t = p.t;
    let mut values: Vec<Arg<'_>> = Vec::with_capacity(members.len() * 3);
    for u in &members {
        values.extend::<[Arg<'_>; 3]>([t.into(), id.into(), u.0.into()]);
    }
    p.tx.insert_many(
        "INSERT INTO installation_team_members (tenant_id, team_id, user_id)",
        3,
        &values,
        "",
    )?;
    Ok(Written::created(ResourceKind::InstallationTeam, id))
}

pub(crate) fn schedule(p: &mut Posting<'_>, n: &NewInstallation) -> W {
    let address = text("address", &n.address, 300)?;
    let note = n
        .note
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .map(|s| text("note", s, 500))
        .transpose()?;
    let window = mizan_domain::workshop::installation::window(n.window.0, n.window.1)?;
    let d = n.day;
    let written = format!("{:04}-{:02}-{:02}", d / 10_000, d / 100 % 100, d % 100);
    if d <= 0 || mizan_domain::calendar::Date::parse(&written).is_none() {
        return Err(WorkshopError::InvalidField {
            field: "day".into(),
            reason: "a real date".into(),
        }
        .into());
    }
    for (field, sql, id) in [
        (
            "team_id",
            "SELECT 1 FROM installation_teams WHERE tenant_id = $1 AND id = $2",
            Some(n.team),
        ),
        (
            "customer_id",
            "SELECT 1 FROM customers WHERE tenant_id = $1 AND id = $2",
            n.customer.map(|c| c.0),
        ),
        (
            "cutting_order_id",
            "SELECT 1 FROM cutting_orders WHERE tenant_id = $1 AND id = $2",
            n.cutting_order,
        ),
    ] {
        if let Some(id) = id
            && !p.tx.exists(sql, args![p.t, id])?
        {
            return Err(WriteError::not_found(field));
        }
    }
    let number = next_number(p, "INS", n.now_ms)?;
    let id = p.tx.insert_id(
        "INSERT INTO installations (tenant_id, number, team_id, customer_id, cutting_order_id,
             address, day, window_from, window_to, status, note, created_by, created_at_ms,
             updated_at_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id",
        args![
            tenant = p.t,
            number = number.as_str(),
            team = n.team,
            customer = n.customer.map(|c| c.0),
            order = n.cutting_order,
            address = address.as_str(),
            day = n.day,
            from = window.0,
            to = window.1,
            status = InstallState::Scheduled.as_str(),
            note = note.as_deref(),
            by = n.by.as_str(),
            at = n.now_ms,
        ],
    )?;
    event(
        p,
        id,
        InstallState::Scheduled,
        note.as_deref(),
        &n.by,
        n.now_ms,
    )?;
    Ok(Written::created(ResourceKind::Installation, id))
}

fn event(
    p: &mut Posting<'_>,
    id: i64,
    status: InstallState,
    note: Option<&str>,
    by: &str,
    at_ms: i64,
) -> Result<(), WriteError> {
    p.tx.insert_many(
        "INSERT INTO installation_events (tenant_id, installation_id, status, note, changed_by,
             at_ms)",
        6,
        &[
            p.t.into(),
            id.into(),
            status.as_str().into(),
            note.into(),
            by.into(),
            at_ms.into(),
        ],
        "",
    )?;
    Ok(())
}

pub(crate) fn move_to(p: &mut Posting<'_>, m: &InstallationMove) -> W {
    let found = p.tx.lock_row(
        "SELECT status, team_id, number FROM installations WHERE tenant_id = $1 AND id = $2",
        args![p.t, m.installation],
        |r| Ok((r.text(0)?, r.i64(1)?, r.text(2)?)),
    )?;
    let Some((status, team, number)) = found else {
        return Err(WriteError::not_found("installation"));
    };
    // An installer sees only their team's installations: another team's is not found.
    if let Some(user) = m.member
        && !p.tx.exists(
            "SELECT 1 FROM installation_team_members
             WHERE tenant_id = $1 AND team_id = $2 AND user_id = $3",
            args![p.t, team, user.0],
        )?
    {
        return Err(WriteError::not_found("installation"));
    }
    let note = m
        .note
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .map(|s| text("note", s, 500))
        .transpose()?;
    let archive = match InstallState::parse(&status)?.step(m.to)? {
        InstallStep::Repeat => {
            return Ok(Written::replayed(
                ResourceKind::Installation,
                m.installation,
            ));
        }
        InstallStep::Move { archive } => archive,
    };
    p.tx.execute(
        "UPDATE installations SET status = $3, updated_at_ms = $4 WHERE tenant_id = $1 AND id = $2",
        args![p.t, m.installation, m.to.as_str(), m.now_ms],
    )?;
    event(p, m.installation, m.to, note.as_deref(), &m.by, m.now_ms)?;
    if archive {
        let line = format!(
            "{} {} ({}): {}",
            number,
            m.to.as_str(),
            m.by,
            note.as_deref().unwrap_or("-")
        );
        p.tx.execute(
            "INSERT INTO installation_archives (tenant_id, installation_id, status, notes,
                 created_at_ms, updated_at_ms)
             VALUES ($1, $2, $3, $4, $5, $5)
             ON CONFLICT (tenant_id, installation_id) DO UPDATE
                 SET status = excluded.status,
                     notes = installation_archives.notes || $6 || excluded.notes,
                     updated_at_ms = excluded.updated_at_ms",
            args![
                p.t,
                m.installation,
                m.to.as_str(),
                line.as_str(),
                m.now_ms,
                "\n"
            ],
        )?;
    }
    Ok(Written::created(ResourceKind::Installation, m.installation))
}

const INSTALLATION: &str = "SELECT i.id, i.number, i.team_id, t.name, i.customer_id,
        i.cutting_order_id, i.address, i.day, i.window_from, i.window_to, i.status, i.note,
        i.created_by, i.updated_at_ms
    FROM installations i
    JOIN installation_teams t ON t.tenant_id = i.tenant_id AND t.id = i.team_id
    WHERE i.tenant_id = $1";

fn installation_row(r: &dyn Row) -> Result<Installation, StoreError> {
    Ok(Installation {
        id: r.i64(0)?,
        number: r.text(1)?,
        team_id: r.i64(2)?,
        team: r.text(3)?,
        customer_id: r.opt_i64(4)?.map(CustomerId),
        cutting_order_id: r.opt_i64(5)?,
        address: r.text(6)?,
        day: r.i32(7)?,
        window: (r.i64(8)?, r.i64(9)?),
        status: r.text(10)?,
        note: r.opt_text(11)?,
        created_by: r.text(12)?,
        updated_at_ms: r.i64(13)?,
        events: Vec::new(),
        archive: None,
    })
}

/// Which installations a list shows: days from..=to, one team, or the teams `member` is in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InstallationFilter {
    pub from_day: Option<i32>,
    pub to_day: Option<i32>,
    pub team: Option<i64>,
    pub member: Option<UserId>,
}

/// Installations by day, window and team, at most 500.
pub(crate) fn list(
    tx: &mut dyn Tx,
    s: TenantScope,
    f: InstallationFilter,
) -> Result<Vec<Installation>, StoreError> {
    tx.rows(
        &format!(
            "{INSTALLATION} AND i.day >= $2 AND i.day <= $3 AND ($4 < 0 OR i.team_id = $4)
               AND ($5 < 0 OR i.team_id IN (SELECT team_id FROM installation_team_members
                    WHERE tenant_id = $1 AND user_id = $5))
             ORDER BY i.day, i.window_from, t.name, i.id LIMIT 500"
        ),
        args![
            s.id(),
            f.from_day.unwrap_or(0),
            f.to_day.unwrap_or(i32::MAX),
            f.team.unwrap_or(-1),
            f.member.map_or(-1, |u| u.0),
        ],
        installation_row,
    )
}

/// An installation with its events and archive; `member`: only if it is one of their team's.
pub(crate) fn one(
    tx: &mut dyn Tx,
    s: TenantScope,
    id: i64,
    member: Option<UserId>,
) -> Result<Option<Installation>, StoreError> {
    let found = tx.opt(
        &format!(
            "{INSTALLATION} AND i.id = $2 AND ($3 < 0 OR i.team_id IN (SELECT team_id
                 FROM installation_team_members WHERE tenant_id = $1 AND user_id = $3))"
        ),
        args![s.id(), id, member.map_or(-1, |u| u.0)],
        installation_row,
    )?;
    let Some(mut i) = found else {
        return Ok(None);
    };
    i.events = tx.rows(
        "SELECT status, note, changed_by, at_ms FROM installation_events
         WHERE tenant_id = $1 AND installation_id = $2 ORDER BY id",
        args![s.id(), id],
        |r| {
            Ok(InstallationEvent {
                status: r.text(0)?,
                note: r.opt_text(1)?,
                by: r.text(2)?,
                at_ms: r.i64(3)?,
            })
        },
    )?;
    i.archive = tx.opt(
        "SELECT status, notes, created_at_ms, updated_at_ms FROM installation_archives
         WHERE tenant_id = $1 AND installation_id = $2",
        args![s.id(), id],
        |r| {
            Ok(InstallationArchive {
                status: r.text(0)?,
                notes: r.text(1)?,
                created_at_ms: r.i64(2)?,
                updated_at_ms: r.i64(3)?,
            })
        },
    )?;
    Ok(Some(i))
}

/// The teams with their members.
pub(crate) fn teams(tx: &mut dyn Tx, s: TenantScope) -> Result<Vec<InstallationTeam>, StoreError> {
    let mut teams = tx.rows(
        "SELECT id, name FROM installation_teams WHERE tenant_id = $1 ORDER BY name",
        args![s.id()],
        |r| {
            Ok(InstallationTeam {
                id: r.i64(0)?,
                name: r.text(1)?,
                members: Vec::new(),
            })
        },
    )?;
    let members = tx.rows(
        "SELECT team_id, user_id FROM installation_team_members WHERE tenant_id = $1
         ORDER BY user_id",
        args![s.id()],
        |r| Ok((r.i64(0)?, UserId(r.i64(1)?))),
    )?;
    for (team, user) in members {
        if let Some(t) = teams.iter_mut().find(|t| t.id == team) {
            t.members.push(user);
        }
    }
    Ok(teams)
}
