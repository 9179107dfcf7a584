//! Devices and refusals: a manager registers a till or PC to a branch they work in (its
//! credential is shown once, kept hashed), lists and revokes the devices of their branches; and
//! every refusal of permission is written to the audit trail with who was refused what.

use mizan_domain::{BranchId, DeviceId};
use mizan_store::{Command, Device, NewDevice};

use super::{Actor, Grant, perm};
use crate::{AppError, Mizan, hash_token, new_token};

/// A device just registered, with its credential (shown this once).
#[derive(Debug, Clone)]
pub struct RegisteredDevice {
    pub device: Device,
    pub credential: String,
}

/// Most characters in a device's name.
const MAX_NAME: usize = 100;

impl Mizan {
    /// Registers a device named `name` to `branch`.
    ///
    /// # Errors
    /// An empty or overlong name, a branch the holder does not work in (`wrong_branch`), an
    /// unknown branch, a store failure.
    pub async fn register_device(
        &self,
        g: &Grant<perm::DevicesManage>,
        name: &str,
        branch: BranchId,
    ) -> Result<RegisteredDevice, AppError> {
        let name = crate::master::text(name, "name", MAX_NAME)?;
        if !g.works_in(branch) {
            return Err(AppError::WrongBranch {
                device: None,
                branch,
            });
        }
        let credential = new_token();
        let cmd = Command::RegisterDevice(NewDevice {
            branch,
            name,
            credential_hash: hash_token(&credential),
            registered_by: g.username().to_owned(),
            now_ms: self.now_ms(),
        });
        // No idempotency key: a replay could not show the credential again.
        let w = self.write(g, None, cmd).await?;
        let device = self.device(g, DeviceId(w.id)).await?;
        Ok(RegisteredDevice { device, credential })
    }

    /// The devices of the branches the holder works in, newest first.
    ///
    /// # Errors
    /// A store failure.
    pub async fn devices(&self, g: &Grant<perm::DevicesManage>) -> Result<Vec<Device>, AppError> {
        let mut all = self.store.devices(g.scope()).await?;
        all.retain(|d| g.works_in(d.branch_id));
        Ok(all)
    }

    /// Revokes a device: sessions and tokens signed in at it stop within a second.
    ///
    /// # Errors
    /// An unknown device (or one of a branch the holder does not work in: `not_found`), a store
    /// failure.
    pub async fn revoke_device(
        &self,
        g: &Grant<perm::DevicesManage>,
        id: DeviceId,
    ) -> Result<Device, AppError> {
        self.device(g, id).await?;
        let cmd = Command::RevokeDevice {
            device: id,
            now_ms: self.now_ms(),
        };
        let written = self.write(g, None, cmd).await;
        self.auth.clear();
        written?;
        self.device(g, id).await
    }

    async fn device(
        &self,
        g: &Grant<perm::DevicesManage>,
        id: DeviceId,
    ) -> Result<Device, AppError> {
        self.devices(g)
            .await?
            .into_iter()
            .find(|d| d.id == id)
            .ok_or(AppError::NotFound { what: "device" })
    }

    /// Writes a refusal of `permission` (or of a limit) to `actor` into the audit trail.
    ///
    /// # Errors
    /// A store failure.
    pub async fn record_refusal(&self, actor: &Actor, permission: &str) -> Result<(), AppError> {
        let cmd = Command::RecordRefusal {
            now_ms: self.now_ms(),
        };
        let mut by = actor.author(self.now_ms());
        by.detail = permission.to_owned();
        self.store.write_by(&actor.scope, &by, None, cmd).await?;
        Ok(())
    }
}
