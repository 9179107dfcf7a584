//! The accounts' day balances (`account_days`): what each account was debited and credited on
//! each business day, added by every posting in its own transaction (`pending`), summed by the
//! reports over a range of days, and rebuilt from the journal by `mizan rebuild account-days`
//! (`mizan check` compares them with the journal: `account_day_debits`, `account_day_credits`).

use mizan_domain::AccountId;
use mizan_domain::ledger::statements::AccountTotals;
use mizan_domain::ledger::{AccountKind, AccountRole};

use crate::tx::{Tx, args};
use crate::{StoreError, TenantScope, WriteError};

/// Every account of the tenant with its debits and credits over the business days
/// `from..=to` (`from` none: from the start), in code order. Reads one row per account and day.
pub(crate) fn account_totals(
    tx: &mut dyn Tx,
    s: TenantScope,
    from: Option<i32>,
    to: i32,
) -> Result<Vec<AccountTotals>, StoreError> {
    tx.rows(
        "SELECT a.id, a.code, a.name_en, a.name_ar, a.name_ru, a.kind, a.role,
                CAST(COALESCE(SUM(d.debit), 0) AS BIGINT), CAST(COALESCE(SUM(d.credit), 0) AS BIGINT)
         FROM accounts a
         LEFT JOIN account_days d ON d.tenant_id = a.tenant_id AND d.account_id = a.id
                                 AND d.day >= $2 AND d.day <= $3
         WHERE a.tenant_id = $1
         GROUP BY a.id, a.code, a.name_en, a.name_ar, a.name_ru, a.kind, a.role
         ORDER BY a.code",
        args![s.id(), from.unwrap_or(0), to],
        |r| {
            let kind = r.text(5)?;
            let role = r.opt_text(6)?;
            Ok(AccountTotals {
                id: AccountId(r.i64(0)?),
                code: r.text(1)?,
                name_en: r.text(2)?,
                name_ar: r.text(3)?,
                name_ru: r.text(4)?,
                kind: AccountKind::parse(&kind)
                    .ok_or_else(|| StoreError::Corrupt(format!("account kind {kind:?}")))?,
                role: match role {
                    None => None,
                    Some(role) => Some(AccountRole::parse(&role).ok_or_else(|| {
                        StoreError::Corrupt(format!("account role {role:?}"))
                    })?),
                },
                debit: r.i64(7)?,
                credit: r.i64(8)?,
            })
        },
    )
}

/// Recomputes the tenant's account day balances from the journal; returns the number of rows.
pub(crate) fn rebuild(tx: &mut dyn Tx, t: i64) -> Result<u64, WriteError> {
    tx.execute("DELETE FROM account_days WHERE tenant_id = $1", args![t])?;
    tx.execute(
        "INSERT INTO account_days (tenant_id, account_id, day, debit, credit)
         SELECT l.tenant_id, l.account_id, e.business_day,
             CAST(SUM(CASE WHEN l.amount > 0 THEN l.amount ELSE 0 END) AS BIGINT),
             CAST(SUM(CASE WHEN l.amount < 0 THEN -l.amount ELSE 0 END) AS BIGINT)
         FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
         WHERE l.tenant_id = $1
         GROUP BY l.tenant_id, l.account_id, e.business_day",
        args![t],
    )?;
    let rows = tx.one(
        "SELECT COUNT(*) FROM account_days WHERE tenant_id = $1",
        args![t],
        |r| r.i64(0),
    )?;
    Ok(u64::try_from(rows).unwrap_or(0))
}
