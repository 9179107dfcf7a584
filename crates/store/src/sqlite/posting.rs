//! Posting on SQLite: what every document writes the same way (stock moves and levels, journal
//! entries, gapless numbers, role accounts) and opening stock. Runs inside the writer's
//! transaction, so the snapshot a posting reads cannot change underneath.

use std::collections::HashMap;

use mizan_domain::calendar::Date;
use mizan_domain::ledger::BalancedEntry;
use mizan_domain::opening::{OpeningAccounts, post_opening_stock as post_opening};
use mizan_domain::stock::{StockLevel, StockMove};
use mizan_domain::{ProductId, WarehouseId};
use rusqlite::{Connection, OptionalExtension, params};

use super::writer::WriterState;
use crate::{ResourceKind, StoreError, TenantScope, WriteError, Written};

pub(super) fn ordinal(i: usize) -> i64 {
    i64::try_from(i).unwrap_or(i64::MAX)
}

/// One multi-row `INSERT`: `head VALUES row, row, ...` with `values` bound in order.
pub(super) fn insert_rows(
    conn: &Connection,
    head: &str,
    row: &str,
    values: &[i64],
) -> Result<(), WriteError> {
    let width = row.matches('?').count().max(1);
    let rows = values.len() / width;
    if rows == 0 {
        return Ok(());
    }
    let mut sql = String::with_capacity(head.len() + 8 + rows * (row.len() + 1));
    sql.push_str(head);
    sql.push_str(" VALUES ");
    for r in 0..rows {
        if r > 0 {
            sql.push(',');
        }
        sql.push_str(row);
    }
    conn.prepare_cached(&sql)?
        .execute(rusqlite::params_from_iter(values.iter()))?;
    Ok(())
}

#[allow(clippy::map_entry)]
pub(super) fn role_accounts<'s>(
    conn: &Connection,
    state: &'s mut WriterState,
    t: i64,
) -> Result<&'s HashMap<String, i64>, WriteError> {
    if !state.role_accounts.contains_key(&t) {
        let map = conn
            .prepare_cached(
                "SELECT role, id FROM accounts WHERE tenant_id = ?1 AND role IS NOT NULL",
            )?
            .query_map([t], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?
            .collect::<Result<HashMap<_, _>, _>>()?;
        state.role_accounts.insert(t, map);
    }
    state
        .role_accounts
        .get(&t)
        .ok_or_else(|| StoreError::Corrupt("role accounts".into()).into())
}

#[allow(clippy::too_many_arguments)]
pub(super) fn post_opening_stock(
    conn: &Connection,
    state: &mut WriterState,
    scope: TenantScope,
    warehouse: WarehouseId,
    product: ProductId,
    qty: i64,
    unit_cost: i64,
    now_ms: i64,
) -> Result<Written, WriteError> {
    let t = scope.id();
    let tracks: Option<bool> = conn
        .prepare_cached("SELECT tracks_stock FROM products WHERE tenant_id = ?1 AND id = ?2")?
        .query_row(params![t, product.0], |r| r.get(0))
        .optional()?;
    match tracks {
        None => return Err(WriteError::not_found("product_id")),
        Some(false) => return Err(mizan_domain::opening::OpeningStockError::NotStocked.into()),
        Some(true) => {}
    }
    if conn
        .prepare_cached("SELECT 1 FROM warehouses WHERE tenant_id = ?1 AND id = ?2")?
        .query_row(params![t, warehouse.0], |_| Ok(()))
        .optional()?
        .is_none()
    {
        return Err(WriteError::not_found("warehouse_id"));
    }
    let current = conn
        .prepare_cached(
            "SELECT qty, value FROM stock_levels
             WHERE tenant_id = ?1 AND warehouse_id = ?2 AND product_id = ?3",
        )?
        .query_row(params![t, warehouse.0, product.0], |r| {
            Ok(StockLevel {
                qty: r.get(0)?,
                value: r.get(1)?,
            })
        })
        .optional()?
        .unwrap_or_default();
    let roles = role_accounts(conn, state, t)?;
    let (Some(&inventory), Some(&opening_equity), Some(&cogs)) = (
        roles.get("inventory"),
        roles.get("opening_equity"),
        roles.get("cogs"),
    ) else {
        return Err(
            StoreError::Corrupt("chart of accounts lacks inventory/equity/cogs".into()).into(),
        );
    };
    let accounts = OpeningAccounts {
        inventory: mizan_domain::AccountId(inventory),
        opening_equity: mizan_domain::AccountId(opening_equity),
        cogs: mizan_domain::AccountId(cogs),
    };
    let effects = post_opening(warehouse, product, qty, unit_cost, current, accounts)?;
    let number = next_number(conn, t, "OPN", now_ms)?;
    conn.prepare_cached(
        "INSERT INTO opening_stocks (tenant_id, number, warehouse_id, product_id, qty, unit_cost,
             value, posted_at_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        t,
        number,
        warehouse.0,
        product.0,
        qty,
        unit_cost,
        effects.value,
        now_ms
    ])?;
    let doc = conn.last_insert_rowid();
    write_stock(
        conn,
        t,
        "opening_stock",
        doc,
        &[effects.stock_move],
        &[((warehouse, product), effects.level)],
    )?;
    write_entry(
        conn,
        t,
        "opening_stock",
        doc,
        &number,
        &format!("Opening stock {number}"),
        &effects.entry,
        now_ms,
    )?;
    Ok(Written::created(ResourceKind::OpeningStock, doc))
}

/// Takes the next number of a gapless series (`INV-2026-000042`); the counter moves in the
/// posting's own transaction, so a refused posting leaves no gap.
pub(super) fn next_number(
    conn: &Connection,
    t: i64,
    prefix: &str,
    now_ms: i64,
) -> Result<String, WriteError> {
    let series = format!("{prefix}-{}", Date::from_unix_ms(now_ms).year);
    let next: Option<i64> = conn
        .prepare_cached(
            "UPDATE number_series SET last_value = last_value + 1
             WHERE tenant_id = ?1 AND series = ?2 RETURNING last_value",
        )?
        .query_row(params![t, series], |r| r.get(0))
        .optional()?;
    let n = match next {
        Some(n) => n,
        None => {
            conn.prepare_cached(
                "INSERT INTO number_series (tenant_id, series, last_value) VALUES (?1, ?2, 1)",
            )?
            .execute(params![t, series])?;
            1
        }
    };
    Ok(format!("{series}-{n:06}"))
}

pub(super) fn write_stock(
    conn: &Connection,
    t: i64,
    doc_kind: &'static str,
    doc: i64,
    moves: &[StockMove],
    levels: &[((WarehouseId, ProductId), StockLevel)],
) -> Result<(), WriteError> {
    let mut values = Vec::with_capacity(moves.len() * 7);
    for (i, m) in moves.iter().enumerate() {
        values.extend([
            t,
            doc,
            ordinal(i),
            m.warehouse.0,
            m.product.0,
            m.qty,
            m.value,
        ]);
    }
    let row = match doc_kind {
        "sale" => "(?,'sale',?,?,?,?,?,?)",
        _ => "(?,'opening_stock',?,?,?,?,?,?)",
    };
    insert_rows(
        conn,
        "INSERT INTO stock_moves (tenant_id, doc_kind, doc_id, line_no, warehouse_id, product_id, \
         qty, value)",
        row,
        &values,
    )?;
    let mut level_q = conn.prepare_cached(
        "INSERT INTO stock_levels (tenant_id, warehouse_id, product_id, qty, value)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (tenant_id, warehouse_id, product_id)
         DO UPDATE SET qty = excluded.qty, value = excluded.value",
    )?;
    for ((w, p), l) in levels {
        level_q.execute(params![t, w.0, p.0, l.qty, l.value])?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub(super) fn write_entry(
    conn: &Connection,
    t: i64,
    doc_kind: &str,
    doc: i64,
    number: &str,
    memo: &str,
    entry: &BalancedEntry,
    now_ms: i64,
) -> Result<(), WriteError> {
    conn.prepare_cached(
        "INSERT INTO journal_entries (tenant_id, doc_kind, doc_id, number, memo, posted_at_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![t, doc_kind, doc, number, memo, now_ms])?;
    let id = conn.last_insert_rowid();
    let mut values = Vec::with_capacity(entry.lines().len() * 5);
    for (i, l) in entry.lines().iter().enumerate() {
        values.extend([t, id, ordinal(i), l.account.0, l.amount]);
    }
    insert_rows(
        conn,
        "INSERT INTO journal_lines (tenant_id, entry_id, line_no, account_id, amount)",
        "(?,?,?,?,?)",
        &values,
    )
}
