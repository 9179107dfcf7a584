//! Installations' use cases: teams and scheduling (`installations.manage`); the list per day
//! and team, one installation with its history and archive, and moving it along
//! (`installations.work`). An installer — who may not manage — sees and moves only their own
//! team's installations; another team's is not found.

use mizan_domain::UserId;
use mizan_domain::staff::{Permission, perm};
use mizan_domain::workshop::InstallState;
use mizan_store::{
    Command, Idempotency, Installation, InstallationFilter, InstallationMove, InstallationTeam,
    NewInstallation,
};

use crate::master::{found, written};
use crate::{AppError, Grant, Mizan};

/// The user whose team limits what `g` sees: none for whoever may manage installations.
fn member(g: &Grant<perm::InstallationsWork>) -> Option<UserId> {
    if g.can(Permission::InstallationsManage) {
        None
    } else {
        // An installer without a user (an operator's grant) sees nothing of any team.
        Some(g.user().unwrap_or(UserId(0)))
    }
}

impl Mizan {
    /// # Errors
    /// `duplicate_name`, an unknown user, `invalid_field`, or a store failure.
    pub async fn create_installation_team(
        &self,
        g: &Grant<perm::InstallationsManage>,
        idempotency: Option<Idempotency>,
        name: String,
        members: Vec<UserId>,
    ) -> Result<InstallationTeam, AppError> {
        let cmd = Command::CreateInstallationTeam {
            name,
            members,
            now_ms: self.now_ms(),
        };
        let w = self.write(g, idempotency, cmd).await?;
        let teams = self.store.installation_teams(g.scope()).await?;
        written(
            teams.into_iter().find(|t| t.id == w.id),
            "installation team",
        )
    }

    /// # Errors
    /// A store failure.
    pub async fn installation_teams(
        &self,
        g: &Grant<perm::InstallationsWork>,
    ) -> Result<Vec<InstallationTeam>, AppError> {
        Ok(self.store.installation_teams(g.scope()).await?)
    }

    /// Schedules a team's visit.
    ///
    /// # Errors
    /// An unknown team, customer or cutting order, `invalid_field` (address, day, window), or
    /// a store failure.
    pub async fn schedule_installation(
        &self,
        g: &Grant<perm::InstallationsManage>,
        idempotency: Option<Idempotency>,
        mut n: NewInstallation,
    ) -> Result<Installation, AppError> {
        n.by = g.username().to_owned();
        n.now_ms = self.now_ms();
        let w = self
            .write(g, idempotency, Command::ScheduleInstallation(n))
            .await?;
        written(
            self.store.installation(g.scope(), w.id, None).await?,
            "installation",
        )
    }

    /// Installations by day and team: an installer's own team's only.
    ///
    /// # Errors
    /// A store failure.
    pub async fn installations(
        &self,
        g: &Grant<perm::InstallationsWork>,
        mut filter: InstallationFilter,
    ) -> Result<Vec<Installation>, AppError> {
        filter.member = member(g);
        Ok(self.store.installations(g.scope(), filter).await?)
    }

    /// An installation with its history and archive.
    ///
    /// # Errors
    /// `not_found` (also another team's, for an installer), or a store failure.
    pub async fn installation(
        &self,
        g: &Grant<perm::InstallationsWork>,
        id: i64,
    ) -> Result<Installation, AppError> {
        found(
            self.store.installation(g.scope(), id, member(g)).await?,
            "installation",
        )
    }

    /// Moves an installation to `to`, with a note; reaching completed or modification
    /// completed writes its one archive record.
    ///
    /// # Errors
    /// `installation_state`, `not_found` (another team's, for an installer), or a store
    /// failure.
    pub async fn move_installation(
        &self,
        g: &Grant<perm::InstallationsWork>,
        idempotency: Option<Idempotency>,
        id: i64,
        to: InstallState,
        note: Option<String>,
    ) -> Result<Installation, AppError> {
        let cmd = Command::MoveInstallation(InstallationMove {
            installation: id,
            to,
            note,
            by: g.username().to_owned(),
            member: member(g),
            now_ms: self.now_ms(),
        });
        let w = self.write(g, idempotency, cmd).await?;
        written(
            self.store.installation(g.scope(), w.id, None).await?,
            "installation",
        )
    }
}
