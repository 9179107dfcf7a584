//! Reading the audit trail: a page of it newest first, the tenants with rows to seal, and the
//! chain's verification for `check`.

use mizan_domain::audit::{AuditRow, ChainBreak, verify};
use mizan_domain::{BranchId, DeviceId, TenantId, UserId};

use super::AuditEntry;
use crate::tx::{Tx, args};
use crate::{Finding, StoreError, TenantScope};

type R<T> = Result<T, StoreError>;

/// Rows newest first, below `before` when given, at most `limit`.
pub(crate) fn entries(
    tx: &mut dyn Tx,
    s: TenantScope,
    limit: i64,
    before: Option<i64>,
) -> R<Vec<AuditEntry>> {
    tx.rows(
        "SELECT id, at_ms, user_id, username, action, resource_kind, resource_id, seq,
                device_id, branch_id, detail
         FROM audit_log WHERE tenant_id = $1 AND (CAST($2 AS BIGINT) IS NULL OR id < $2)
         ORDER BY id DESC LIMIT $3",
        args![s.id(), before, limit],
        |r| {
            Ok(AuditEntry {
                id: r.i64(0)?,
                at_ms: r.i64(1)?,
                user_id: r.opt_i64(2)?.map(UserId),
                username: r.text(3)?,
                action: r.text(4)?,
                resource_kind: r.text(5)?,
                resource_id: r.i64(6)?,
                seq: r.opt_i64(7)?,
                device_id: r.opt_i64(8)?.map(DeviceId),
                branch_id: r.opt_i64(9)?.map(BranchId),
                detail: r.text(10)?,
            })
        },
    )
}

/// Tenants with rows waiting to be sealed.
pub(crate) fn unsealed_tenants(tx: &mut dyn Tx) -> R<Vec<TenantScope>> {
    tx.rows(
        "SELECT DISTINCT tenant_id FROM audit_log WHERE seq IS NULL",
        args![],
        |r| Ok(TenantScope::new(TenantId(r.i64(0)?))),
    )
}

/// The `audit_chain` findings: every place the sealed chain is broken, naming the row.
pub(crate) fn check_chain(tx: &mut dyn Tx, s: TenantScope) -> R<Vec<Finding>> {
    let rows = tx.rows(
        "SELECT id, seq, at_ms, user_id, username, action, resource_kind, resource_id,
                COALESCE(prev_hash, ''), COALESCE(hash, ''), device_id, branch_id, detail
         FROM audit_log WHERE tenant_id = $1 AND seq IS NOT NULL ORDER BY seq, id",
        args![s.id()],
        |r| {
            Ok((
                r.i64(0)?,
                AuditRow {
                    seq: r.i64(1)?,
                    at_ms: r.i64(2)?,
                    user_id: r.opt_i64(3)?,
                    username: r.text(4)?,
                    action: r.text(5)?,
                    resource_kind: r.text(6)?,
                    resource_id: r.i64(7)?,
                    device_id: r.opt_i64(10)?,
                    branch_id: r.opt_i64(11)?,
                    detail: r.text(12)?,
                },
                r.text(8)?,
                r.text(9)?,
            ))
        },
    )?;
    let head = tx.opt(
        "SELECT seq, hash FROM audit_heads WHERE tenant_id = $1",
        args![s.id()],
        |r| Ok((r.i64(0)?, r.text(1)?)),
    )?;
    let id_of = |seq: i64| {
        rows.iter()
            .find(|(_, r, _, _)| r.seq == seq)
            .map_or_else(|| "?".to_owned(), |(id, _, _, _)| id.to_string())
    };
    let mut out: Vec<Finding> = verify(rows.iter().map(|(_, r, p, h)| (r, p.as_str(), h.as_str())))
        .into_iter()
        .map(|b| match b {
            ChainBreak::Changed { seq } => Finding {
                check: "audit_chain",
                subject: format!("audit row {} (seq {seq}) was changed", id_of(seq)),
                expected: seq,
                actual: seq,
            },
            ChainBreak::Removed { expected, found } => Finding {
                check: "audit_chain",
                subject: format!(
                    "audit rows from seq {expected} to {} were removed",
                    found - 1
                ),
                expected,
                actual: found,
            },
            ChainBreak::Inserted { seq } => Finding {
                check: "audit_chain",
                subject: format!("audit row {} (seq {seq}) was inserted", id_of(seq)),
                expected: seq,
                actual: seq,
            },
        })
        .collect();
    // Rows removed from the end leave the head ahead of the last row; the newest row changed
    // (and its hash recomputed) no longer ends in the head's hash.
    let (last, last_hash) = rows
        .last()
        .map_or((0, ""), |(_, r, _, h)| (r.seq, h.as_str()));
    if let Some((head, head_hash)) = head {
        if head > last {
            out.push(Finding {
                check: "audit_chain",
                subject: format!("audit rows from seq {} to {head} were removed", last + 1),
                expected: head,
                actual: last,
            });
        } else if head == last && head > 0 && head_hash != last_hash {
            out.push(Finding {
                check: "audit_chain",
                subject: format!("audit row {} (seq {last}) was changed", id_of(last)),
                expected: last,
                actual: last,
            });
        }
    }
    Ok(out)
}
