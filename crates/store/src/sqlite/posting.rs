//! Posting on SQLite: load the snapshot a document needs, call the pure domain rule, and write
//! the document with all of its effects. Runs inside the writer's transaction, so the snapshot
//! cannot change underneath.

use std::collections::HashMap;

use mizan_domain::calendar::Date;
use mizan_domain::ledger::BalancedEntry;
use mizan_domain::opening::{OpeningAccounts, post_opening_stock as post_opening};
use mizan_domain::sales::{
    LineAmounts, NewSaleLine, Payment, ProductPolicy, SaleAccounts, SaleDraft, SaleEffects,
    SalePostingError, SaleSnapshot, post_sale,
};
use mizan_domain::stock::{StockLevel, StockMove};
use mizan_domain::{CustomerId, ProductId, SaleId, WarehouseId};
use rusqlite::{Connection, OptionalExtension, params};

use super::writer::WriterState;
use crate::{ResourceKind, StoreError, TenantScope, WriteError, Written};

pub(super) fn create_sale(
    conn: &Connection,
    state: &mut WriterState,
    scope: TenantScope,
    draft: &SaleDraft,
    post: bool,
    now_ms: i64,
) -> Result<Written, WriteError> {
    let t = scope.id();
    let snapshot = load_sale_snapshot(conn, state, t, draft)?;
    let effects = match post_sale(draft, &snapshot) {
        Ok(effects) => Some(effects),
        Err(e @ SalePostingError::UnknownReference { .. }) => return Err(e.into()),
        Err(e) if post => return Err(e.into()),
        Err(_) => None,
    };
    let (method, register, customer) = crate::payment_columns::encode(draft);
    let sale = match effects {
        Some(effects) if post => {
            let number = next_number(conn, t, "INV", now_ms)?;
            conn.prepare_cached(
                "INSERT INTO sales (tenant_id, number, status, payment_method, cash_register_id,
                     customer_id, net, vat, total, cost, created_at_ms, posted_at_ms)
                 VALUES (?1, ?2, 'posted', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
            )?
            .execute(params![
                t,
                number,
                method,
                register,
                customer,
                effects.net,
                effects.vat,
                effects.total,
                effects.cost,
                now_ms
            ])?;
            let sale = conn.last_insert_rowid();
            insert_sale_lines(conn, t, sale, draft, &effects.lines)?;
            write_effects(conn, t, sale, &number, &effects, now_ms)?;
            sale
        }
        _ => {
            conn.prepare_cached(
                "INSERT INTO sales (tenant_id, number, status, payment_method, cash_register_id,
                     customer_id, net, vat, total, cost, created_at_ms, posted_at_ms)
                 VALUES (?1, NULL, 'draft', ?2, ?3, ?4, 0, 0, 0, 0, ?5, NULL)",
            )?
            .execute(params![t, method, register, customer, now_ms])?;
            let sale = conn.last_insert_rowid();
            insert_sale_lines(conn, t, sale, draft, &[])?;
            sale
        }
    };
    Ok(Written::created(ResourceKind::Sale, sale))
}

/// Inserts a sale's lines in one statement, with their amounts when posted (zeros for a draft).
fn insert_sale_lines(
    conn: &Connection,
    t: i64,
    sale: i64,
    draft: &SaleDraft,
    amounts: &[LineAmounts],
) -> Result<(), WriteError> {
    let mut values = Vec::with_capacity(draft.lines().len() * 11);
    for (i, line) in draft.lines().iter().enumerate() {
        let l = line.get();
        let a = amounts.get(i).copied().unwrap_or_default();
        values.extend([
            t,
            sale,
            ordinal(i),
            l.product.0,
            l.warehouse.0,
            l.qty,
            l.unit_price,
            l.discount,
            a.net,
            a.vat,
            a.cost,
        ]);
    }
    insert_rows(
        conn,
        "INSERT INTO sale_lines (tenant_id, sale_id, line_no, product_id, warehouse_id, qty, \
         unit_price, discount, net, vat, cost)",
        "(?,?,?,?,?,?,?,?,?,?,?)",
        &values,
    )
}

fn ordinal(i: usize) -> i64 {
    i64::try_from(i).unwrap_or(i64::MAX)
}

/// One multi-row `INSERT`: `head VALUES row, row, ...` with `values` bound in order.
fn insert_rows(conn: &Connection, head: &str, row: &str, values: &[i64]) -> Result<(), WriteError> {
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

pub(super) fn post_draft_sale(
    conn: &Connection,
    state: &mut WriterState,
    scope: TenantScope,
    sale: SaleId,
    now_ms: i64,
) -> Result<Written, WriteError> {
    let t = scope.id();
    let head: Option<(String, String, Option<i64>, Option<i64>)> = conn
        .prepare_cached(
            "SELECT status, payment_method, cash_register_id, customer_id FROM sales
             WHERE tenant_id = ?1 AND id = ?2",
        )?
        .query_row(params![t, sale.0], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    let Some((status, method, register, customer)) = head else {
        return Err(WriteError::not_found("sale"));
    };
    if status == "posted" {
        return Ok(Written::replayed(ResourceKind::Sale, sale.0));
    }
    let payment = crate::payment_columns::decode(sale, &method, register, customer)?;
    let lines = conn
        .prepare_cached(
            "SELECT product_id, warehouse_id, qty, unit_price, discount FROM sale_lines
             WHERE tenant_id = ?1 AND sale_id = ?2 ORDER BY line_no",
        )?
        .query_map(params![t, sale.0], |r| {
            Ok(NewSaleLine {
                product: ProductId(r.get(0)?),
                warehouse: WarehouseId(r.get(1)?),
                qty: r.get(2)?,
                unit_price: r.get(3)?,
                discount: r.get(4)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let draft = SaleDraft::new(lines, payment, customer.map(CustomerId))
        .map_err(|e| StoreError::Corrupt(format!("stored draft sale {sale}: {e}")))?;
    let snapshot = load_sale_snapshot(conn, state, t, &draft)?;
    let effects = post_sale(&draft, &snapshot)?;
    let number = next_number(conn, t, "INV", now_ms)?;
    conn.prepare_cached(
        "UPDATE sales SET number = ?3, status = 'posted', net = ?4, vat = ?5, total = ?6,
             cost = ?7, posted_at_ms = ?8
         WHERE tenant_id = ?1 AND id = ?2",
    )?
    .execute(params![
        t,
        sale.0,
        number,
        effects.net,
        effects.vat,
        effects.total,
        effects.cost,
        now_ms
    ])?;
    let mut line_q = conn.prepare_cached(
        "UPDATE sale_lines SET net = ?4, vat = ?5, cost = ?6
         WHERE tenant_id = ?1 AND sale_id = ?2 AND line_no = ?3",
    )?;
    for (i, a) in effects.lines.iter().enumerate() {
        line_q.execute(params![t, sale.0, ordinal(i), a.net, a.vat, a.cost])?;
    }
    write_effects(conn, t, sale.0, &number, &effects, now_ms)?;
    Ok(Written::created(ResourceKind::Sale, sale.0))
}

// Lookups fill two maps (the snapshot and the writer's cache) with fallible queries in between,
// which the entry API cannot express.
#[allow(clippy::map_entry)]
fn load_sale_snapshot(
    conn: &Connection,
    state: &mut WriterState,
    t: i64,
    draft: &SaleDraft,
) -> Result<SaleSnapshot, WriteError> {
    let mut snap = SaleSnapshot::default();
    let mut product_q = conn.prepare_cached(
        "SELECT code, vat_bp, tracks_stock, allow_negative_stock, cost_price FROM products
         WHERE tenant_id = ?1 AND id = ?2",
    )?;
    let mut warehouse_q =
        conn.prepare_cached("SELECT 1 FROM warehouses WHERE tenant_id = ?1 AND id = ?2")?;
    let mut level_q = conn.prepare_cached(
        "SELECT qty, value FROM stock_levels
         WHERE tenant_id = ?1 AND warehouse_id = ?2 AND product_id = ?3",
    )?;
    for line in draft.lines() {
        let l = line.get();
        if !snap.products.contains_key(&l.product) {
            let key = (t, l.product.0);
            if !state.products.contains_key(&key)
                && let Some(p) = product_q
                    .query_row(params![t, l.product.0], |r| {
                        Ok(ProductPolicy {
                            code: r.get(0)?,
                            vat_bp: r.get(1)?,
                            tracks_stock: r.get(2)?,
                            allow_negative_stock: r.get(3)?,
                            cost_price: r.get(4)?,
                        })
                    })
                    .optional()?
            {
                state.products.insert(key, p);
            }
            if let Some(p) = state.products.get(&key) {
                snap.products.insert(l.product, p.clone());
            }
        }
        if !snap.warehouses.contains(&l.warehouse) {
            let key = (t, l.warehouse.0);
            if !state.warehouses.contains(&key)
                && warehouse_q
                    .query_row(params![t, l.warehouse.0], |_| Ok(()))
                    .optional()?
                    .is_some()
            {
                state.warehouses.insert(key);
            }
            if state.warehouses.contains(&key) {
                snap.warehouses.push(l.warehouse);
            }
        }
        let key = (l.warehouse, l.product);
        if let std::collections::hash_map::Entry::Vacant(slot) = snap.levels.entry(key)
            && let Some((qty, value)) = level_q
                .query_row(params![t, l.warehouse.0, l.product.0], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .optional()?
        {
            slot.insert(StockLevel { qty, value });
        }
    }
    let roles = role_accounts(conn, state, t)?;
    let role = |name: &str| roles.get(name).copied().map(mizan_domain::AccountId);
    snap.accounts = match (
        role("customers"),
        role("sales_revenue"),
        role("vat_payable"),
        role("cogs"),
        role("inventory"),
    ) {
        (Some(customers), Some(revenue), Some(vat), Some(cogs), Some(inventory)) => {
            Some(SaleAccounts {
                customers,
                revenue,
                vat,
                cogs,
                inventory,
            })
        }
        _ => None,
    };
    match draft.payment() {
        Payment::Cash { cash_register_id } => {
            let key = (t, cash_register_id.0);
            if !state.registers.contains_key(&key)
                && let Some(account) = conn
                    .prepare_cached(
                        "SELECT account_id FROM cash_registers WHERE tenant_id = ?1 AND id = ?2",
                    )?
                    .query_row(params![t, cash_register_id.0], |r| r.get(0))
                    .optional()?
            {
                state.registers.insert(key, account);
            }
            snap.register_account = state
                .registers
                .get(&key)
                .copied()
                .map(mizan_domain::AccountId);
            snap.customer_exists = true;
        }
        Payment::Credit { customer_id } => {
            snap.customer_exists = customer_exists(conn, t, customer_id)?;
        }
    }
    if let (Payment::Cash { .. }, Some(c)) = (draft.payment(), draft.customer())
        && !customer_exists(conn, t, c)?
    {
        return Err(WriteError::not_found("customer_id"));
    }
    Ok(snap)
}

fn customer_exists(conn: &Connection, t: i64, c: CustomerId) -> Result<bool, WriteError> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM customers WHERE tenant_id = ?1 AND id = ?2")?
        .query_row(params![t, c.0], |_| Ok(()))
        .optional()?
        .is_some())
}

#[allow(clippy::map_entry)]
fn role_accounts<'s>(
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

/// Writes a posted sale's stock moves, levels, journal entry and cash move.
fn write_effects(
    conn: &Connection,
    t: i64,
    sale: i64,
    number: &str,
    effects: &SaleEffects,
    now_ms: i64,
) -> Result<(), WriteError> {
    write_stock(conn, t, "sale", sale, &effects.stock_moves, &effects.levels)?;
    write_entry(
        conn,
        t,
        "sale",
        sale,
        number,
        &format!("Sale {number}"),
        &effects.entry,
        now_ms,
    )?;
    if let Some((register, amount)) = effects.cash {
        conn.prepare_cached(
            "INSERT INTO cash_moves (tenant_id, doc_kind, doc_id, cash_register_id, amount)
             VALUES (?1, 'sale', ?2, ?3, ?4)",
        )?
        .execute(params![t, sale, register.0, amount])?;
    }
    Ok(())
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
fn next_number(conn: &Connection, t: i64, prefix: &str, now_ms: i64) -> Result<String, WriteError> {
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

fn write_stock(
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
fn write_entry(
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
