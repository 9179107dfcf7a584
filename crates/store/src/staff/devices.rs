//! Devices: the tills and PCs a manager registered to a branch (each holds a credential, kept
//! hashed here), read by credential at sign-in, listed and revoked; and the branches a user is
//! limited to.

use mizan_domain::{BranchId, DeviceId, UserId};

use crate::tx::{Row, Tx, args};
use crate::write::Posting;
use crate::{ResourceKind, StoreError, TenantScope, WriteError, Written};

type R<T> = Result<T, StoreError>;

/// A registered device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    pub id: DeviceId,
    pub branch_id: BranchId,
    pub name: String,
    pub registered_by: String,
    pub registered_at_ms: i64,
    pub revoked_at_ms: Option<i64>,
}

/// A device to register (its credential's hash; the secret is shown once by the caller).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDevice {
    pub branch: BranchId,
    pub name: String,
    pub credential_hash: String,
    pub registered_by: String,
    pub now_ms: i64,
}

const DEVICE: &str = "SELECT id, branch_id, name, registered_by, registered_at_ms, revoked_at_ms
     FROM devices";

fn device_row(r: &dyn Row) -> R<Device> {
    Ok(Device {
        id: DeviceId(r.i64(0)?),
        branch_id: BranchId(r.i64(1)?),
        name: r.text(2)?,
        registered_by: r.text(3)?,
        registered_at_ms: r.i64(4)?,
        revoked_at_ms: r.opt_i64(5)?,
    })
}

/// The tenant's devices, newest first (at most 500).
pub(crate) fn devices(tx: &mut dyn Tx, s: TenantScope) -> R<Vec<Device>> {
    tx.rows(
        &format!("{DEVICE} WHERE tenant_id = $1 ORDER BY id DESC LIMIT 500"),
        args![s.id()],
        device_row,
    )
}

/// The tenant's unrevoked device holding the credential with this hash.
pub(crate) fn by_credential(tx: &mut dyn Tx, s: TenantScope, hash: &str) -> R<Option<Device>> {
    tx.opt(
        &format!(
            "{DEVICE} WHERE tenant_id = $1 AND credential_hash = $2 AND revoked_at_ms IS NULL"
        ),
        args![s.id(), hash],
        device_row,
    )
}

/// The branches each of the tenant's users (or one of them) is limited to.
pub(crate) fn user_branches(
    tx: &mut dyn Tx,
    s: TenantScope,
    user: Option<UserId>,
) -> R<Vec<(UserId, BranchId)>> {
    tx.rows(
        "SELECT user_id, branch_id FROM user_branches
         WHERE tenant_id = $1 AND (CAST($2 AS BIGINT) IS NULL OR user_id = $2)
         ORDER BY user_id, branch_id",
        args![s.id(), user.map(|u| u.0)],
        |r| Ok((UserId(r.i64(0)?), BranchId(r.i64(1)?))),
    )
}

/// Refuses a branch of the list that does not exist (`branches[i]`).
fn branches_exist(tx: &mut dyn Tx, t: i64, branches: &[BranchId]) -> Result<(), WriteError> {
    for (i, b) in branches.iter().enumerate() {
        if !tx.exists(
            "SELECT 1 FROM branches WHERE tenant_id = $1 AND id = $2",
            args![t, b.0],
        )? {
            return Err(WriteError::not_found(format!("branches[{i}]")));
        }
    }
    Ok(())
}

/// Limits `user` to `branches` (none: every branch), replacing what they had.
pub(crate) fn set_user_branches(
    tx: &mut dyn Tx,
    t: i64,
    user: i64,
    branches: &[BranchId],
) -> Result<(), WriteError> {
    branches_exist(tx, t, branches)?;
    tx.execute(
        "DELETE FROM user_branches WHERE tenant_id = $1 AND user_id = $2",
        args![t, user],
    )?;
    let mut unique = branches.to_vec();
    unique.sort_unstable();
    unique.dedup();
    for b in unique {
        tx.execute(
            "INSERT INTO user_branches (tenant_id, user_id, branch_id) VALUES ($1, $2, $3)",
            args![t, user, b.0],
        )?;
    }
    Ok(())
}

pub(crate) fn register(p: &mut Posting<'_>, d: &NewDevice) -> Result<Written, WriteError> {
    branches_exist(p.tx, p.t, &[d.branch]).map_err(|_| WriteError::not_found("branch_id"))?;
    let id = p.tx.insert_id(
        "INSERT INTO devices (tenant_id, branch_id, name, credential_hash, registered_by,
                              registered_at_ms)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        args![
            tenant_id = p.t,
            branch_id = d.branch.0,
            name = &d.name,
            credential_hash = &d.credential_hash,
            registered_by = &d.registered_by,
            registered_at_ms = d.now_ms,
        ],
    )?;
    Ok(Written::created(ResourceKind::Device, id))
}

/// Revokes a device (revoking twice keeps the first time); its sign-ins stop at once.
pub(crate) fn revoke(
    p: &mut Posting<'_>,
    device: DeviceId,
    now_ms: i64,
) -> Result<Written, WriteError> {
    let changed = p.tx.execute(
        "UPDATE devices SET revoked_at_ms = COALESCE(revoked_at_ms, $3)
         WHERE tenant_id = $1 AND id = $2",
        args![p.t, device.0, now_ms],
    )?;
    if changed == 0 {
        return Err(WriteError::not_found("device"));
    }
    Ok(Written::created(ResourceKind::Device, device.0))
}
