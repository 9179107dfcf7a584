//! Statements of account and aging. A customer's statement lists their credit sales, credit
//! refunds and payments with a running balance; a supplier's, their purchases, purchase
//! returns and payments. Aging sorts what is open by age (0-30, 31-60, 61-90, 90+ days): a
//! customer's open credit sales and opening balance (`open_items`), a supplier's opening balance
//! and purchases less their returns with the payments applied oldest first, each counting only
//! the documents up to the day it is as of. As of today, both totals equal their control
//! accounts. Opening balances are lines of the statements too (`opening_balance`).

use std::collections::BTreeMap;

use mizan_domain::calendar::day_number;
use mizan_domain::{CustomerId, SupplierId};
use serde::Serialize;

use super::open_items::{OPEN_OPENINGS, open_sales_sql};
use crate::tx::{Tx, args};
use crate::{StoreError, TenantScope};

type R<T> = Result<T, StoreError>;

/// One line of a statement of account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatementLine {
    pub business_day: i32,
    pub at_ms: i64,
    /// `sale`, `return`, `payment`, `purchase`, `purchase_return`, `opening_balance`.
    pub kind: String,
    pub number: String,
    /// What it adds to the balance (a customer's debt, what the shop owes a supplier).
    pub debit: i64,
    /// What it takes off.
    pub credit: i64,
    /// The balance after it.
    pub balance: i64,
}

fn statement(tx: &mut dyn Tx, sql: &str, t: i64, who: i64) -> R<Vec<StatementLine>> {
    let mut balance = 0i64;
    tx.rows(sql, args![t, who], |r| {
        let (debit, credit) = (r.i64(4)?, r.i64(5)?);
        balance += debit - credit;
        Ok(StatementLine {
            business_day: r.i32(0)?,
            at_ms: r.i64(1)?,
            kind: r.text(2)?,
            number: r.text(3)?,
            debit,
            credit,
            balance,
        })
    })
}

/// A customer's statement. The sales are read through the customer's index first (`CROSS
/// JOIN` keeps SQLite from scanning every payment of the tenant instead: 530 ms at a million
/// sales); PostgreSQL plans the join as an inner join either way.
pub(crate) fn customer_statement(
    tx: &mut dyn Tx,
    s: TenantScope,
    c: CustomerId,
) -> R<Vec<StatementLine>> {
    statement(
        tx,
        "SELECT business_day, at_ms, kind, number, debit, credit FROM (
             SELECT COALESCE(s.business_day, 0) AS business_day,
                    COALESCE(s.posted_at_ms, s.created_at_ms) AS at_ms, 'sale' AS kind,
                    COALESCE(s.number, '') AS number, CAST(SUM(p.amount) AS BIGINT) AS debit,
                    CAST(0 AS BIGINT) AS credit
             FROM sales s CROSS JOIN sale_payments p
             WHERE p.tenant_id = s.tenant_id AND p.sale_id = s.id
               AND s.tenant_id = $1 AND s.customer_id = $2 AND s.status = 'posted'
               AND p.method = 'credit'
             GROUP BY s.id, s.business_day, s.posted_at_ms, s.created_at_ms, s.number
             UNION ALL
             SELECT business_day, created_at_ms, 'return', number, 0, total FROM sale_returns
             WHERE tenant_id = $1 AND customer_id = $2 AND refund_method = 'credit'
             UNION ALL
             SELECT business_day, created_at_ms, 'payment', number, 0, amount
             FROM customer_payments WHERE tenant_id = $1 AND customer_id = $2
             UNION ALL
             SELECT business_day, posted_at_ms, 'opening_balance', number,
                    CASE WHEN amount > 0 THEN amount ELSE 0 END,
                    CASE WHEN amount < 0 THEN -amount ELSE 0 END
             FROM opening_balances WHERE tenant_id = $1 AND customer_id = $2
         ) x ORDER BY at_ms, number",
        s.id(),
        c.0,
    )
}

pub(crate) fn supplier_statement(
    tx: &mut dyn Tx,
    s: TenantScope,
    supplier: SupplierId,
) -> R<Vec<StatementLine>> {
    statement(
        tx,
        "SELECT business_day, at_ms, kind, number, debit, credit FROM (
             SELECT business_day, created_at_ms AS at_ms, 'purchase' AS kind, number,
                    total AS debit, CAST(0 AS BIGINT) AS credit
             FROM purchases WHERE tenant_id = $1 AND supplier_id = $2
             UNION ALL
             SELECT business_day, created_at_ms, 'purchase_return', number, 0, total
             FROM purchase_returns WHERE tenant_id = $1 AND supplier_id = $2
             UNION ALL
             SELECT business_day, created_at_ms, 'payment', number, 0, amount
             FROM supplier_payments WHERE tenant_id = $1 AND supplier_id = $2
             UNION ALL
             SELECT business_day, posted_at_ms, 'opening_balance', number,
                    CASE WHEN amount > 0 THEN amount ELSE 0 END,
                    CASE WHEN amount < 0 THEN -amount ELSE 0 END
             FROM opening_balances WHERE tenant_id = $1 AND supplier_id = $2
         ) x ORDER BY at_ms, number",
        s.id(),
        supplier.0,
    )
}

/// What one customer or supplier has open, by age.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AgingRow {
    /// The customer's or supplier's id.
    pub id: i64,
    pub name: String,
    /// 0-30, 31-60, 61-90 and over 90 days old (by business day).
    pub buckets: [i64; 4],
    pub total: i64,
}

fn bucket(as_of: i32, day: i32) -> usize {
    match day_number(as_of) - day_number(day) {
        ..=30 => 0,
        31..=60 => 1,
        61..=90 => 2,
        _ => 3,
    }
}

fn add(rows: &mut BTreeMap<i64, AgingRow>, id: i64, at: usize, amount: i64) {
    let row = rows.entry(id).or_insert_with(|| AgingRow {
        id,
        ..AgingRow::default()
    });
    row.buckets[at] += amount;
    row.total += amount;
}

fn named(tx: &mut dyn Tx, table: &str, t: i64, rows: BTreeMap<i64, AgingRow>) -> R<Vec<AgingRow>> {
    let names: BTreeMap<i64, String> = tx
        .rows(
            &format!("SELECT id, name FROM {table} WHERE tenant_id = $1"),
            args![t],
            |r| Ok((r.i64(0)?, r.text(1)?)),
        )?
        .into_iter()
        .collect();
    Ok(rows
        .into_values()
        .filter(|r| r.total != 0 || r.buckets.iter().any(|b| *b != 0))
        .map(|mut r| {
            r.name = names.get(&r.id).cloned().unwrap_or_default();
            r
        })
        .collect())
}

/// Customers' open credit sales by age at business day `as_of`.
pub(crate) fn customer_aging(tx: &mut dyn Tx, s: TenantScope, as_of: i32) -> R<Vec<AgingRow>> {
    let mut rows = BTreeMap::new();
    let day_end = i64::from(as_of);
    for (day, customer, open) in tx.rows(&open_sales_sql(false), args![s.id(), day_end], |r| {
        Ok((r.i32(1)?, r.i64(2)?, r.i64(3)?))
    })? {
        add(&mut rows, customer, bucket(as_of, day), open);
    }
    for (day, customer, open) in tx.rows(OPEN_OPENINGS, args![s.id(), day_end], |r| {
        Ok((r.i32(0)?, r.i64(1)?, r.i64(2)?))
    })? {
        add(&mut rows, customer, bucket(as_of, day), open);
    }
    named(tx, "customers", s.id(), rows)
}

/// What the shop owes its suppliers by age at business day `as_of`: each purchase less its
/// returns, with the supplier's payments applied to the oldest first (a payment beyond them
/// is an advance, shown in the newest bucket as a negative amount).
pub(crate) fn supplier_aging(tx: &mut dyn Tx, s: TenantScope, as_of: i32) -> R<Vec<AgingRow>> {
    let t = s.id();
    // A supplier's opening balance comes before their purchases (sort key 0).
    let purchases = tx.rows(
        "SELECT supplier_id, business_day, owed FROM (
             SELECT pu.supplier_id, pu.business_day, 1 AS sort, pu.id,
                    CAST(pu.total - COALESCE((SELECT SUM(r.total) FROM purchase_returns r
                                              WHERE r.tenant_id = $1 AND r.purchase_id = pu.id
                                                AND r.business_day <= $2), 0) AS BIGINT) AS owed
             FROM purchases pu WHERE pu.tenant_id = $1 AND pu.business_day <= $2
             UNION ALL
             SELECT o.supplier_id, o.business_day, 0, o.id, o.amount
             FROM opening_balances o
             WHERE o.tenant_id = $1 AND o.supplier_id IS NOT NULL AND o.business_day <= $2
         ) x ORDER BY supplier_id, sort, id",
        args![t, i64::from(as_of)],
        |r| Ok((r.i64(0)?, r.i32(1)?, r.i64(2)?)),
    )?;
    let mut paid: BTreeMap<i64, i64> = tx
        .rows(
            "SELECT supplier_id, CAST(SUM(amount) AS BIGINT) FROM supplier_payments
             WHERE tenant_id = $1 AND business_day <= $2 GROUP BY supplier_id",
            args![t, i64::from(as_of)],
            |r| Ok((r.i64(0)?, r.i64(1)?)),
        )?
        .into_iter()
        .collect();
    let mut rows = BTreeMap::new();
    for (supplier, day, owed) in purchases {
        let left = paid.entry(supplier).or_insert(0);
        if owed < 0 {
            // An opening advance to the supplier settles their purchases like a payment.
            *left -= owed;
            continue;
        }
        let settled = (*left).min(owed.max(0));
        *left -= settled;
        add(&mut rows, supplier, bucket(as_of, day), owed - settled);
    }
    for (supplier, advance) in paid.into_iter().filter(|(_, a)| *a > 0) {
        add(&mut rows, supplier, 0, -advance);
    }
    named(tx, "suppliers", t, rows)
}
