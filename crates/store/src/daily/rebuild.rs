//! The daily sales report's rebuild: statements both backends run, in order, in one
//! transaction (`$1` is the tenant), recomputing every (branch, day) row from the postings
//! themselves — posted sales, their payments, and cashier sessions.

/// Recomputes a tenant's daily sales report from scratch.
const REBUILD_DAILY_SALES: &[&str] = &[
    "DELETE FROM daily_sales WHERE tenant_id = $1",
    "DELETE FROM daily_customers WHERE tenant_id = $1",
    "INSERT INTO daily_customers (tenant_id, branch_id, day, customer_id)
     SELECT DISTINCT tenant_id, COALESCE(branch_id, 0), business_day, customer_id
     FROM sales
     WHERE tenant_id = $1 AND status = 'posted' AND customer_id IS NOT NULL
       AND business_day IS NOT NULL",
    "INSERT INTO daily_sales (tenant_id, branch_id, day, sales_count, total, net, vat, cash,
         card, bank_transfer, credit)
     SELECT $1, x.b, x.d, COUNT(*), SUM(x.total), SUM(x.net), SUM(x.vat), SUM(x.cash),
            SUM(x.card), SUM(x.bank), SUM(x.credit)
     FROM (SELECT COALESCE(s.branch_id, 0) AS b, s.business_day AS d, s.total, s.net, s.vat,
                  COALESCE(SUM(CASE WHEN p.method = 'cash' THEN p.amount END), 0) AS cash,
                  COALESCE(SUM(CASE WHEN p.method = 'card' THEN p.amount END), 0) AS card,
                  COALESCE(SUM(CASE WHEN p.method = 'bank_transfer' THEN p.amount END), 0)
                      AS bank,
                  COALESCE(SUM(CASE WHEN p.method = 'credit' THEN p.amount END), 0) AS credit
           FROM sales s
           LEFT JOIN sale_payments p ON p.tenant_id = s.tenant_id AND p.sale_id = s.id
           WHERE s.tenant_id = $1 AND s.status = 'posted' AND s.business_day IS NOT NULL
           GROUP BY s.id, s.branch_id, s.business_day, s.total, s.net, s.vat) x
     GROUP BY x.b, x.d",
    "INSERT INTO daily_sales (tenant_id, branch_id, day, sessions_opened)
     SELECT $1, COALESCE(branch_id, 0), opened_day, COUNT(*) FROM cashier_sessions
     WHERE tenant_id = $1 GROUP BY COALESCE(branch_id, 0), opened_day
     ON CONFLICT (tenant_id, branch_id, day)
     DO UPDATE SET sessions_opened = excluded.sessions_opened",
    "INSERT INTO daily_sales (tenant_id, branch_id, day, sessions_closed)
     SELECT $1, COALESCE(branch_id, 0), closed_day, COUNT(*) FROM cashier_sessions
     WHERE tenant_id = $1 AND status = 'closed' GROUP BY COALESCE(branch_id, 0), closed_day
     ON CONFLICT (tenant_id, branch_id, day)
     DO UPDATE SET sessions_closed = excluded.sessions_closed",
    "INSERT INTO daily_sales (tenant_id, branch_id, day, returns_count, returns_total)
     SELECT $1, COALESCE(branch_id, 0), business_day, COUNT(*), SUM(total) FROM sale_returns
     WHERE tenant_id = $1 GROUP BY COALESCE(branch_id, 0), business_day
     ON CONFLICT (tenant_id, branch_id, day)
     DO UPDATE SET returns_count = excluded.returns_count, returns_total = excluded.returns_total",
    "UPDATE daily_sales SET unique_customers = (
         SELECT COUNT(*) FROM daily_customers c
         WHERE c.tenant_id = daily_sales.tenant_id AND c.branch_id = daily_sales.branch_id
           AND c.day = daily_sales.day)
     WHERE tenant_id = $1",
];

/// Recomputes the tenant's daily report from its postings; returns the number of rows.
pub(crate) fn rebuild(tx: &mut dyn crate::tx::Tx, t: i64) -> Result<u64, crate::WriteError> {
    for sql in REBUILD_DAILY_SALES {
        tx.execute(sql, crate::tx::args![t])?;
    }
    let rows = tx.one(
        "SELECT COUNT(*) FROM daily_sales WHERE tenant_id = $1",
        crate::tx::args![t],
        |r| r.i64(0),
    )?;
    Ok(u64::try_from(rows).unwrap_or(0))
}
