//! Manual journal entries and the period lock in the store: an entry's accounts are read (with
//! whether each is a drawer), the pure rule posts it, and it is written with its journal entry,
//! dated at noon of its business day in the shop's time; the lock day is a tenant setting.

use std::collections::HashMap;

use mizan_domain::calendar::day_number;
use mizan_domain::journal::{AccountUse, ManualEntry, post_manual_entry};
use mizan_domain::ledger::AccountRole;

use super::write::{Entry, next_number, write_entry};
use crate::tx::args;
use crate::write::Posting;
use crate::{ResourceKind, WriteError, Written};

/// Noon of business day `day` in a shop `offset` minutes east of UTC, in Unix milliseconds.
pub(crate) fn noon_of(day: i32, offset: i32) -> i64 {
    day_number(day) * 86_400_000 + 12 * 3_600_000 - i64::from(offset) * 60_000
}

pub(crate) fn post(
    p: &mut Posting<'_>,
    e: &ManualEntry,
    posted_by: &str,
    now_ms: i64,
) -> Result<Written, WriteError> {
    let t = p.t;
    let mut accounts = HashMap::with_capacity(e.lines().len());
    for (account, _) in e.lines() {
        if accounts.contains_key(account) {
            continue;
        }
        let found = p.tx.opt(
            "SELECT a.role, EXISTS (SELECT 1 FROM cash_registers r
                                    WHERE r.tenant_id = a.tenant_id AND r.account_id = a.id)
             FROM accounts a WHERE a.tenant_id = $1 AND a.id = $2",
            args![t, account.0],
            |r| Ok((r.opt_text(0)?, r.bool(1)?)),
        )?;
        if let Some((role, is_drawer)) = found {
            accounts.insert(
                *account,
                AccountUse {
                    role: role.as_deref().and_then(AccountRole::parse),
                    is_drawer,
                },
            );
        }
    }
    let settings = p.settings()?;
    let lines = post_manual_entry(e, &accounts, settings.lock_day)?;
    let at = noon_of(e.day(), settings.utc_offset_minutes);
    let number = next_number(p, "JRN", at)?;
    let id = p.tx.insert_id(
        "INSERT INTO manual_entries (tenant_id, number, business_day, memo, posted_by,
             created_at_ms)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        args![t, number.as_str(), e.day(), e.memo(), posted_by, now_ms],
    )?;
    write_entry(
        p,
        &Entry {
            id: None,
            doc_kind: "manual",
            doc: id,
            number: &number,
            memo: e.memo(),
            lines: &lines,
            now_ms: at,
        },
    )?;
    Ok(Written::created(ResourceKind::ManualEntry, id))
}

pub(crate) fn set_lock_day(
    p: &mut Posting<'_>,
    lock_day: Option<i32>,
) -> Result<Written, WriteError> {
    p.tx.execute(
        "UPDATE tenants SET lock_day = $2 WHERE id = $1",
        args![p.t, lock_day],
    )?;
    // The writer caches posting settings; the lock must be read afresh.
    p.state.settings.remove(&p.t);
    Ok(Written::created(ResourceKind::Tenant, p.t))
}
