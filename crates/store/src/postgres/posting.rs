//! Posting on PostgreSQL: what documents share (gapless numbers, locking stock levels in
//! (warehouse, product) order, role accounts, entry arrays) and opening stock, written with
//! all of its effects in one statement of data-modifying CTEs.

use std::collections::HashMap;

use mizan_domain::calendar::Date;
use mizan_domain::ledger::BalancedEntry;
use mizan_domain::opening::{OpeningAccounts, post_opening_stock as post_opening};
use mizan_domain::stock::StockLevel;
use mizan_domain::{AccountId, ProductId, WarehouseId};
use sqlx::PgConnection;

use super::PgStore;
use crate::{ResourceKind, StoreError, TenantScope, WriteError, Written};

/// Takes the next number of the gapless series `$2` (`INV-2026`) for tenant `$1` as `num`; the
/// counter moves in the posting's own transaction, so a refused posting leaves no gap.
macro_rules! next_number_cte {
    () => {
        "num AS (
             INSERT INTO number_series (tenant_id, series, last_value) VALUES ($1, $2, 1)
             ON CONFLICT (tenant_id, series)
             DO UPDATE SET last_value = number_series.last_value + 1
             RETURNING $2 || '-' || CASE WHEN last_value < 1000000
                 THEN lpad(CAST(last_value AS TEXT), 6, '0') ELSE CAST(last_value AS TEXT) END
                 AS number)"
    };
}

/// Posts opening stock in one statement: `$4`/`$5` warehouse/product, `$6` qty, `$7` unit cost,
/// `$8` value, `$9`/`$10` the level after, `$11`/`$12` journal accounts/amounts, `$13`/`$14`
/// the stock move's qty/value.
pub(super) use next_number_cte;

const INSERT_OPENING_STOCK: &str = concat!(
    "WITH ",
    next_number_cte!(),
    ",
     o AS (
         INSERT INTO opening_stocks (tenant_id, number, warehouse_id, product_id, qty, unit_cost,
             value, posted_at_ms)
         SELECT $1, num.number, $4, $5, $6, $7, $8, $3 FROM num
         RETURNING id, number),
     sm AS (
         INSERT INTO stock_moves (tenant_id, doc_kind, doc_id, line_no, warehouse_id,
             product_id, qty, value)
         SELECT $1, 'opening_stock', o.id, 0, $4, $5, $13, $14 FROM o),
     lv AS (
         UPDATE stock_levels SET qty = $9, value = $10
         WHERE tenant_id = $1 AND warehouse_id = $4 AND product_id = $5),
     je AS (
         INSERT INTO journal_entries (tenant_id, doc_kind, doc_id, number, memo, posted_at_ms)
         SELECT $1, 'opening_stock', o.id, o.number, 'Opening stock ' || o.number, $3 FROM o
         RETURNING id),
     jl AS (
         INSERT INTO journal_lines (tenant_id, entry_id, line_no, account_id, amount)
         SELECT $1, je.id, u.ord - 1, u.a, u.m
         FROM je, UNNEST($11::bigint[], $12::bigint[]) WITH ORDINALITY AS u(a, m, ord))
     SELECT id FROM o"
);

/// Creates or locks the levels of the (warehouse, product) pairs `$2`/`$3` (sorted, distinct)
/// and returns them; a pair seen for the first time starts empty.
pub(super) const LOCK_LEVELS: &str =
    "INSERT INTO stock_levels (tenant_id, warehouse_id, product_id, qty, value)
     SELECT $1, u.w, u.p, 0, 0
     FROM UNNEST($2::bigint[], $3::bigint[]) WITH ORDINALITY AS u(w, p, ord)
     ORDER BY u.ord
     ON CONFLICT (tenant_id, warehouse_id, product_id)
     DO UPDATE SET qty = stock_levels.qty
     RETURNING warehouse_id, product_id, qty, value";

pub(super) fn series(prefix: &str, now_ms: i64) -> String {
    format!("{prefix}-{}", Date::from_unix_ms(now_ms).year)
}

pub(super) fn line_no(i: usize) -> i64 {
    i64::try_from(i).unwrap_or(i64::MAX)
}

pub(super) fn entry_arrays(entry: &BalancedEntry) -> (Vec<i64>, Vec<i64>) {
    entry
        .lines()
        .iter()
        .map(|l| (l.account.0, l.amount))
        .unzip()
}

/// The account ids of `wanted` roles, from the per-tenant cache (loaded once).
pub(super) async fn role_accounts(
    store: &PgStore,
    c: &mut PgConnection,
    t: i64,
    wanted: &[&str],
) -> Result<Vec<Option<i64>>, WriteError> {
    let pick = |m: &HashMap<String, i64>| wanted.iter().map(|r| m.get(*r).copied()).collect();
    if let Ok(cache) = store.role_accounts.read()
        && let Some(m) = cache.get(&t)
    {
        return Ok(pick(m));
    }
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT role, id FROM accounts WHERE tenant_id = $1 AND role IS NOT NULL")
            .bind(t)
            .fetch_all(&mut *c)
            .await?;
    let map: HashMap<String, i64> = rows.into_iter().collect();
    let out = pick(&map);
    if let Ok(mut cache) = store.role_accounts.write() {
        cache.insert(t, map);
    }
    Ok(out)
}

#[allow(clippy::too_many_arguments)]
pub(super) async fn post_opening_stock(
    store: &PgStore,
    c: &mut PgConnection,
    scope: TenantScope,
    warehouse: WarehouseId,
    product: ProductId,
    qty: i64,
    unit_cost: i64,
    now_ms: i64,
) -> Result<Written, WriteError> {
    let t = scope.id();
    let (tracks, warehouse_exists): (Option<bool>, bool) = sqlx::query_as(
        "SELECT (SELECT tracks_stock FROM products WHERE tenant_id = $1 AND id = $2),
                EXISTS (SELECT 1 FROM warehouses WHERE tenant_id = $1 AND id = $3)",
    )
    .bind(t)
    .bind(product.0)
    .bind(warehouse.0)
    .fetch_one(&mut *c)
    .await?;
    match tracks {
        None => return Err(WriteError::not_found("product_id")),
        Some(false) => return Err(mizan_domain::opening::OpeningStockError::NotStocked.into()),
        Some(true) => {}
    }
    if !warehouse_exists {
        return Err(WriteError::not_found("warehouse_id"));
    }
    let (_, _, cur_qty, cur_value): (i64, i64, i64, i64) = sqlx::query_as(LOCK_LEVELS)
        .bind(t)
        .bind([warehouse.0].as_slice())
        .bind([product.0].as_slice())
        .fetch_one(&mut *c)
        .await?;
    let current = StockLevel {
        qty: cur_qty,
        value: cur_value,
    };
    let roles = role_accounts(store, c, t, &["inventory", "opening_equity", "cogs"]).await?;
    let [Some(inventory), Some(opening_equity), Some(cogs)] = roles.as_slice() else {
        return Err(
            StoreError::Corrupt("chart of accounts lacks inventory/equity/cogs".into()).into(),
        );
    };
    let accounts = OpeningAccounts {
        inventory: AccountId(*inventory),
        opening_equity: AccountId(*opening_equity),
        cogs: AccountId(*cogs),
    };
    let effects = post_opening(warehouse, product, qty, unit_cost, current, accounts)?;
    let (accounts, amounts) = entry_arrays(&effects.entry);
    let doc: i64 = sqlx::query_scalar(INSERT_OPENING_STOCK)
        .bind(t)
        .bind(series("OPN", now_ms))
        .bind(now_ms)
        .bind(warehouse.0)
        .bind(product.0)
        .bind(qty)
        .bind(unit_cost)
        .bind(effects.value)
        .bind(effects.level.qty)
        .bind(effects.level.value)
        .bind(accounts)
        .bind(amounts)
        .bind(effects.stock_move.qty)
        .bind(effects.stock_move.value)
        .fetch_one(&mut *c)
        .await?;
    Ok(Written::created(ResourceKind::OpeningStock, doc))
}
