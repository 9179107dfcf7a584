//! Adding postings to the daily sales report: a batch's sales once per day's row as it commits
//! (`pending`), sessions as they open and close.

use mizan_domain::CustomerId;
use mizan_domain::sales::SaleEffects;

use crate::WriteError;
use crate::pending::DailySums;
use crate::tx::{Tx, args};
use crate::write::Posting;

/// Adds a posted sale to its branch's row of `day` (as the batch commits: `pending`).
pub(crate) fn record_sale(
    p: &mut Posting<'_>,
    effects: &SaleEffects,
    customer: Option<CustomerId>,
    day: i32,
) -> Result<(), WriteError> {
    let branch = effects.branch.map_or(0, |b| b.0);
    let mut new_customer = 0_i64;
    if let Some(c) = customer {
        let n = p.tx.execute(
            "INSERT INTO daily_customers (tenant_id, branch_id, day, customer_id)
             VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
            args![p.t, branch, day, c.0],
        )?;
        new_customer = i64::from(n == 1);
    }
    let totals = &effects.totals;
    let sums = DailySums {
        sales_count: 1,
        total: effects.total,
        net: effects.net,
        vat: effects.vat,
        cash: totals.cash,
        card: totals.card,
        bank_transfer: totals.bank_transfer,
        credit: totals.credit,
        unique_customers: new_customer,
    };
    p.state.pending.add_to_day(p.t, branch, day, sums);
    Ok(())
}

/// Counts a session opened (`opened` 1) or closed (`closed` 1) in its branch's row of `day`.
pub(crate) fn record_session(
    tx: &mut dyn Tx,
    t: i64,
    branch: Option<i64>,
    day: i32,
    opened: i64,
    closed: i64,
) -> Result<(), WriteError> {
    tx.defer(
        "INSERT INTO daily_sales (tenant_id, branch_id, day, sessions_opened, sessions_closed)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (tenant_id, branch_id, day) DO UPDATE SET
             sessions_opened = daily_sales.sessions_opened + excluded.sessions_opened,
             sessions_closed = daily_sales.sessions_closed + excluded.sessions_closed",
        args![t, branch.unwrap_or(0), day, opened, closed],
    )?;
    Ok(())
}
