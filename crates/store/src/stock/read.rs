//! Reading stock: every level of a tenant, and an opening stock document.

use mizan_domain::{OpeningStockId, ProductId, WarehouseId};

use crate::tx::{Tx, args};
use crate::{OpeningStock, StockLevelRow, StoreError, TenantScope};

type R<T> = Result<T, StoreError>;

fn level_row(r: &dyn crate::tx::Row) -> R<StockLevelRow> {
    Ok(StockLevelRow {
        warehouse_id: WarehouseId(r.i64(0)?),
        product_id: ProductId(r.i64(1)?),
        qty: r.i64(2)?,
        value: r.i64(3)?,
    })
}

/// A page of levels in (warehouse, product) order after `after`, at most `limit`: it walks the
/// primary key, so a page costs its size.
pub(crate) fn stock_level_page(
    tx: &mut dyn Tx,
    s: TenantScope,
    after: (WarehouseId, ProductId),
    limit: i64,
) -> R<Vec<StockLevelRow>> {
    tx.rows(
        "SELECT warehouse_id, product_id, qty, value FROM stock_levels
         WHERE tenant_id = $1 AND (warehouse_id > $2 OR (warehouse_id = $2 AND product_id > $3))
         ORDER BY warehouse_id, product_id LIMIT $4",
        args![s.id(), after.0.0, after.1.0, limit],
        level_row,
    )
}

/// What each warehouse holds of `product`, in warehouse order (one level lookup per
/// warehouse, however many products the tenant has).
pub(crate) fn product_stock(
    tx: &mut dyn Tx,
    s: TenantScope,
    product: ProductId,
) -> R<Vec<StockLevelRow>> {
    tx.rows(
        "SELECT l.warehouse_id, l.product_id, l.qty, l.value FROM warehouses w
         JOIN stock_levels l ON l.tenant_id = w.tenant_id AND l.warehouse_id = w.id
              AND l.product_id = $2
         WHERE w.tenant_id = $1 ORDER BY w.id",
        args![s.id(), product.0],
        level_row,
    )
}

pub(crate) fn stock_levels(tx: &mut dyn Tx, s: TenantScope) -> R<Vec<StockLevelRow>> {
    tx.rows(
        "SELECT warehouse_id, product_id, qty, value FROM stock_levels WHERE tenant_id = $1
         ORDER BY warehouse_id, product_id",
        args![s.id()],
        |r| {
            Ok(StockLevelRow {
                warehouse_id: WarehouseId(r.i64(0)?),
                product_id: ProductId(r.i64(1)?),
                qty: r.i64(2)?,
                value: r.i64(3)?,
            })
        },
    )
}

/// Every (warehouse, product)'s quantity and value at the end of business day `day`: the sum
/// of its stock moves up to that day (each move keeps the business day it posted on).
pub(crate) fn stock_levels_at(tx: &mut dyn Tx, s: TenantScope, day: i32) -> R<Vec<StockLevelRow>> {
    tx.rows(
        "SELECT warehouse_id, product_id, CAST(SUM(qty) AS BIGINT), CAST(SUM(value) AS BIGINT)
         FROM stock_moves WHERE tenant_id = $1 AND business_day <= $2
         GROUP BY warehouse_id, product_id
         HAVING SUM(qty) <> 0 OR SUM(value) <> 0
         ORDER BY warehouse_id, product_id",
        args![s.id(), day],
        level_row,
    )
}

pub(crate) fn opening_stock(
    tx: &mut dyn Tx,
    s: TenantScope,
    id: OpeningStockId,
) -> R<Option<OpeningStock>> {
    tx.opt(
        "SELECT id, number, warehouse_id, product_id, qty, unit_cost, value, posted_at_ms
         FROM opening_stocks WHERE tenant_id = $1 AND id = $2",
        args![s.id(), id.0],
        |r| {
            Ok(OpeningStock {
                id: OpeningStockId(r.i64(0)?),
                number: r.text(1)?,
                warehouse_id: WarehouseId(r.i64(2)?),
                product_id: ProductId(r.i64(3)?),
                qty: r.i64(4)?,
                unit_cost: r.i64(5)?,
                value: r.i64(6)?,
                posted_at_ms: r.i64(7)?,
            })
        },
    )
}
