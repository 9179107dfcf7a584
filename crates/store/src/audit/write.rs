//! Writing the audit trail: a write's row is appended with it (a refused write's row goes with
//! its savepoint); sealing takes the unsealed rows in id order and chains them after the head.

use mizan_domain::audit::{AuditRow, GENESIS, seal};

use super::Author;
use crate::tx::Col::{Int, Text};
use crate::tx::{Arg, Backend, Table, Tx, args};
use crate::{StoreError, Written};

static AUDIT: Table = Table {
    head: "INSERT INTO audit_log (tenant_id, at_ms, user_id, username, action, resource_kind,
         resource_id, device_id, branch_id, detail)",
    cols: &[Int, Int, Int, Text, Text, Text, Int, Int, Int, Text],
    tail: "",
};

/// Appends the row of a write that `by` did.
pub(crate) fn record(
    tx: &mut dyn Tx,
    t: i64,
    by: &Author,
    action: &'static str,
    written: &Written,
) -> Result<(), StoreError> {
    let values: [Arg<'_>; 10] = [
        t.into(),
        by.at_ms.into(),
        by.user.map(|u| u.0).into(),
        by.username.as_str().into(),
        action.into(),
        written.kind.as_str().into(),
        written.id.into(),
        by.device.map(|d| d.0).into(),
        by.branch.map(|b| b.0).into(),
        by.detail.as_str().into(),
    ];
    tx.append(&AUDIT, &values)
}

/// Most rows sealed in one transaction.
const SEAL_BATCH: i64 = 1_000;

/// Seals tenant `t`'s unsealed rows (up to [`SEAL_BATCH`]) onto its chain; returns how many.
/// Runs in a transaction of its own; when another process's sealer holds the chain's head,
/// this one seals nothing (it comes back a second later) rather than wait.
pub(crate) fn seal_tenant(tx: &mut dyn Tx, t: i64) -> Result<u64, StoreError> {
    tx.execute(
        "INSERT INTO audit_heads (tenant_id, seq, hash) VALUES ($1, 0, $2)
         ON CONFLICT (tenant_id) DO NOTHING",
        args![t, GENESIS],
    )?;
    // Differs per backend: SQLite's one writer needs no row lock.
    let head_sql = match tx.backend() {
        Backend::Sqlite => "SELECT seq, hash FROM audit_heads WHERE tenant_id = $1",
        Backend::Postgres => {
            "SELECT seq, hash FROM audit_heads WHERE tenant_id = $1 FOR UPDATE SKIP LOCKED"
        }
    };
    let Some((mut seq, mut prev)) = tx.opt(head_sql, args![t], |r| Ok((r.i64(0)?, r.text(1)?)))?
    else {
        return Ok(0);
    };
    let rows = tx.rows(
        "SELECT id, at_ms, user_id, username, action, resource_kind, resource_id, device_id,
                branch_id, detail
         FROM audit_log WHERE tenant_id = $1 AND seq IS NULL ORDER BY id LIMIT $2",
        args![t, SEAL_BATCH],
        |r| {
            Ok((
                r.i64(0)?,
                AuditRow {
                    seq: 0,
                    at_ms: r.i64(1)?,
                    user_id: r.opt_i64(2)?,
                    username: r.text(3)?,
                    action: r.text(4)?,
                    resource_kind: r.text(5)?,
                    resource_id: r.i64(6)?,
                    device_id: r.opt_i64(7)?,
                    branch_id: r.opt_i64(8)?,
                    detail: r.text(9)?,
                },
            ))
        },
    )?;
    let sealed = rows.len() as u64;
    for (id, mut row) in rows {
        seq += 1;
        row.seq = seq;
        let hash = seal(&prev, &row);
        tx.defer(
            "UPDATE audit_log SET seq = $3, prev_hash = $4, hash = $5
             WHERE tenant_id = $1 AND id = $2",
            args![t, id, seq, &prev, &hash],
        )?;
        prev = hash;
    }
    if sealed > 0 {
        tx.defer(
            "UPDATE audit_heads SET seq = $2, hash = $3 WHERE tenant_id = $1",
            args![t, seq, &prev],
        )?;
    }
    Ok(sealed)
}
