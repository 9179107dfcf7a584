//! Answers about installations: teams, a visit with its history and archive record.

use mizan_domain::cafe::hours::clock_text;
use mizan_store::{Installation as InstallationRecord, InstallationTeam};
use serde::Serialize;
use utoipa::ToSchema;

use super::{Timestamp, day};

/// A team of installers.
#[derive(Debug, Serialize, ToSchema)]
pub struct Team {
    pub id: i64,
    pub name: String,
    pub user_ids: Vec<i64>,
}

impl Team {
    pub fn of(t: &InstallationTeam) -> Self {
        Self {
            id: t.id,
            name: t.name.clone(),
            user_ids: t.members.iter().map(|u| u.0).collect(),
        }
    }
}

/// A change of state, with who and when.
#[derive(Debug, Serialize, ToSchema)]
pub struct InstallationEvent {
    pub status: String,
    #[schema(required)]
    pub note: Option<String>,
    pub by: String,
    pub at: Timestamp,
}

/// The one archive record of an installation that was completed.
#[derive(Debug, Serialize, ToSchema)]
pub struct InstallationArchive {
    /// `completed` or `modification_completed`: the last state archived.
    pub status: String,
    /// Every note, oldest first, one per line.
    pub notes: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// An installation: a team's visit to an address on a day within a time window.
#[derive(Debug, Serialize, ToSchema)]
pub struct Installation {
    pub id: i64,
    /// `INS-…`, gapless.
    pub number: String,
    pub team_id: i64,
    pub team: String,
    #[schema(required)]
    pub customer_id: Option<i64>,
    #[schema(required)]
    pub cutting_order_id: Option<i64>,
    pub address: String,
    /// `YYYY-MM-DD`, local.
    pub day: String,
    /// `HH:MM`, local.
    pub from: String,
    pub to: String,
    /// `scheduled`, `in_progress`, `completed`, `modification_required` or
    /// `modification_completed`.
    pub status: String,
    #[schema(required)]
    pub note: Option<String>,
    pub created_by: String,
    pub updated_at: Timestamp,
    /// Every change of state, oldest first (only when one installation is asked for).
    pub events: Vec<InstallationEvent>,
    #[schema(required)]
    pub archive: Option<InstallationArchive>,
}

impl Installation {
    pub fn of(i: &InstallationRecord) -> Self {
        Self {
            id: i.id,
            number: i.number.clone(),
            team_id: i.team_id,
            team: i.team.clone(),
            customer_id: i.customer_id.map(|c| c.0),
            cutting_order_id: i.cutting_order_id,
            address: i.address.clone(),
            day: day(i.day),
            from: clock_text(i.window.0),
            to: clock_text(i.window.1),
            status: i.status.clone(),
            note: i.note.clone(),
            created_by: i.created_by.clone(),
            updated_at: Timestamp::at(i.updated_at_ms),
            events: i
                .events
                .iter()
                .map(|e| InstallationEvent {
                    status: e.status.clone(),
                    note: e.note.clone(),
                    by: e.by.clone(),
                    at: Timestamp::at(e.at_ms),
                })
                .collect(),
            archive: i.archive.as_ref().map(|a| InstallationArchive {
                status: a.status.clone(),
                notes: a.notes.clone(),
                created_at: Timestamp::at(a.created_at_ms),
                updated_at: Timestamp::at(a.updated_at_ms),
            }),
        }
    }
}
