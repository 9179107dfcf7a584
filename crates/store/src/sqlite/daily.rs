//! The daily sales report on SQLite: each posting adds to its (branch, day) row in the posting's
//! own transaction, and the rebuild recomputes the rows from the postings. The upkeep is plain
//! counter upserts with no constraint to violate (and SQLite turns an overflowing sum into a
//! REAL instead of failing), so it cannot make the sale that feeds it fail.

use mizan_domain::CustomerId;
use mizan_domain::sales::SaleEffects;
use rusqlite::{Connection, params};

use crate::WriteError;

/// Adds a posted sale to its branch's row of `day`.
pub(super) fn record_sale(
    conn: &Connection,
    t: i64,
    effects: &SaleEffects,
    customer: Option<CustomerId>,
    day: i32,
) -> Result<(), WriteError> {
    let branch = effects.branch.map_or(0, |b| b.0);
    let p = &effects.totals;
    conn.prepare_cached(
        "INSERT INTO daily_sales (tenant_id, branch_id, day, sales_count, total, net, vat, cash,
             card, bank_transfer, credit)
         VALUES (?1, ?2, ?3, 1, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (tenant_id, branch_id, day) DO UPDATE SET
             sales_count = sales_count + 1, total = total + excluded.total,
             net = net + excluded.net, vat = vat + excluded.vat, cash = cash + excluded.cash,
             card = card + excluded.card, bank_transfer = bank_transfer + excluded.bank_transfer,
             credit = credit + excluded.credit",
    )?
    .execute(params![
        t,
        branch,
        day,
        effects.total,
        effects.net,
        effects.vat,
        p.cash,
        p.card,
        p.bank_transfer,
        p.credit
    ])?;
    if let Some(c) = customer {
        let new = conn
            .prepare_cached(
                "INSERT OR IGNORE INTO daily_customers (tenant_id, branch_id, day, customer_id)
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![t, branch, day, c.0])?;
        if new == 1 {
            conn.prepare_cached(
                "UPDATE daily_sales SET unique_customers = unique_customers + 1
                 WHERE tenant_id = ?1 AND branch_id = ?2 AND day = ?3",
            )?
            .execute(params![t, branch, day])?;
        }
    }
    Ok(())
}

/// Counts a session opened (`opened` 1) or closed (`closed` 1) in its branch's row of `day`.
pub(super) fn record_session(
    conn: &Connection,
    t: i64,
    branch: Option<i64>,
    day: i32,
    opened: i64,
    closed: i64,
) -> Result<(), WriteError> {
    conn.prepare_cached(
        "INSERT INTO daily_sales (tenant_id, branch_id, day, sessions_opened, sessions_closed)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (tenant_id, branch_id, day) DO UPDATE SET
             sessions_opened = sessions_opened + excluded.sessions_opened,
             sessions_closed = sessions_closed + excluded.sessions_closed",
    )?
    .execute(params![t, branch.unwrap_or(0), day, opened, closed])?;
    Ok(())
}

/// Recomputes the tenant's daily report from its postings.
pub(super) fn rebuild(conn: &Connection, t: i64) -> Result<u64, WriteError> {
    for sql in crate::daily::REBUILD_DAILY_SALES {
        conn.prepare_cached(sql)?.execute([t])?;
    }
    let rows: i64 = conn
        .prepare_cached("SELECT COUNT(*) FROM daily_sales WHERE tenant_id = ?1")?
        .query_row([t], |r| r.get(0))?;
    Ok(u64::try_from(rows).unwrap_or(0))
}
