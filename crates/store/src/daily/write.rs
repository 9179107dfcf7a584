//! Adding postings to the daily sales report. Every parameter that meets a NUMERIC column is
//! cast to BIGINT, so both databases bind it as an integer.

use mizan_domain::CustomerId;
use mizan_domain::sales::SaleEffects;

use crate::WriteError;
use crate::tx::{Tx, args};

/// Adds a posted sale to its branch's row of `day`.
pub(crate) fn record_sale(
    tx: &mut dyn Tx,
    t: i64,
    effects: &SaleEffects,
    customer: Option<CustomerId>,
    day: i32,
) -> Result<(), WriteError> {
    let branch = effects.branch.map_or(0, |b| b.0);
    let mut new_customer = 0_i64;
    if let Some(c) = customer {
        let n = tx.execute(
            "INSERT INTO daily_customers (tenant_id, branch_id, day, customer_id)
             VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
            args![t, branch, day, c.0],
        )?;
        new_customer = i64::from(n == 1);
    }
    let p = &effects.totals;
    tx.defer(
        "INSERT INTO daily_sales (tenant_id, branch_id, day, sales_count, total, net, vat, cash,
             card, bank_transfer, credit, unique_customers)
         VALUES ($1, $2, $3, 1, CAST($4 AS BIGINT), CAST($5 AS BIGINT), CAST($6 AS BIGINT),
             CAST($7 AS BIGINT), CAST($8 AS BIGINT), CAST($9 AS BIGINT), CAST($10 AS BIGINT),
             $11)
         ON CONFLICT (tenant_id, branch_id, day) DO UPDATE SET
             sales_count = daily_sales.sales_count + 1,
             total = daily_sales.total + excluded.total,
             net = daily_sales.net + excluded.net,
             vat = daily_sales.vat + excluded.vat,
             cash = daily_sales.cash + excluded.cash,
             card = daily_sales.card + excluded.card,
             bank_transfer = daily_sales.bank_transfer + excluded.bank_transfer,
             credit = daily_sales.credit + excluded.credit,
             unique_customers = daily_sales.unique_customers + excluded.unique_customers",
        args![
            tenant = t,
            branch = branch,
            day = day,
            total = effects.total,
            net = effects.net,
            vat = effects.vat,
            cash = p.cash,
            card = p.card,
            bank_transfer = p.bank_transfer,
            credit = p.credit,
            new_customer = new_customer,
        ],
    )?;
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
