//! Reading the workshop back: rolls (with every cut of one), cutting orders with their items,
//! the cutting queue, and the shortage list (one grouped statement over the open items).

use mizan_domain::{AccountId, ProductId, WarehouseId};

use super::{CuttingItem, CuttingOrder, FabricRoll, RollCutRecord, Shortage};
use crate::tx::{Row, Tx, args};
use crate::{StoreError, TenantScope};

type R<T> = Result<T, StoreError>;

const ROLL: &str = "SELECT r.id, r.warehouse_id, r.product_id, p.code, r.label, r.width_mm,
        r.length, r.remaining, r.offcut, r.created_at_ms, w.code, r.written_off
    FROM fabric_rolls r JOIN products p ON p.tenant_id = r.tenant_id AND p.id = r.product_id
    JOIN warehouses w ON w.tenant_id = r.tenant_id AND w.id = r.warehouse_id
    WHERE r.tenant_id = $1";

fn roll_row(r: &dyn Row) -> R<FabricRoll> {
    Ok(FabricRoll {
        id: r.i64(0)?,
        warehouse_id: WarehouseId(r.i64(1)?),
        product_id: ProductId(r.i64(2)?),
        product_code: r.text(3)?,
        label: r.text(4)?,
        width_mm: r.opt_i64(5)?,
        length: r.i64(6)?,
        remaining: r.i64(7)?,
        offcut: r.bool(8)?,
        created_at_ms: r.i64(9)?,
        warehouse_code: r.text(10)?,
        written_off: r.opt_text(11)?,
        cuts: Vec::new(),
    })
}

/// Which rolls a list shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RollFilter {
    pub product: Option<ProductId>,
    pub warehouse: Option<WarehouseId>,
    /// Only offcuts.
    pub offcuts: bool,
    /// Used-up rolls too.
    pub empty: bool,
}

/// Rolls by fabric, warehouse and id, at most 500.
pub(crate) fn rolls(tx: &mut dyn Tx, s: TenantScope, f: RollFilter) -> R<Vec<FabricRoll>> {
    let sql = format!(
        "{ROLL} AND ($2 < 0 OR r.product_id = $2) AND ($3 < 0 OR r.warehouse_id = $3)
           AND ($4 = 0 OR r.offcut) AND ($5 = 1 OR r.remaining > 0)
         ORDER BY p.code, r.warehouse_id, r.id LIMIT 500"
    );
    tx.rows(
        &sql,
        args![
            s.id(),
            f.product.map_or(-1, |p| p.0),
            f.warehouse.map_or(-1, |w| w.0),
            i64::from(f.offcuts),
            i64::from(f.empty),
        ],
        roll_row,
    )
}

/// A roll with every cut taken from it.
pub(crate) fn roll(tx: &mut dyn Tx, s: TenantScope, id: i64) -> R<Option<FabricRoll>> {
    let Some(mut roll) = tx.opt(
        &format!("{ROLL} AND r.id = $2"),
        args![s.id(), id],
        roll_row,
    )?
    else {
        return Ok(None);
    };
    roll.cuts = tx.rows(
        "SELECT doc_kind, doc_id, length, created_at_ms FROM roll_cuts
         WHERE tenant_id = $1 AND roll_id = $2 ORDER BY id",
        args![s.id(), id],
        |r| {
            Ok(RollCutRecord {
                doc_kind: r.text(0)?,
                doc_id: r.i64(1)?,
                length: r.i64(2)?,
                created_at_ms: r.i64(3)?,
            })
        },
    )?;
    Ok(Some(roll))
}

const ITEM: &str = "SELECT i.id, i.order_id, o.number, i.line_no, i.product_id, p.code,
        i.warehouse_id, i.length, i.roll_id, i.status, i.cut_roll_id, r.label, i.cut_value,
        i.reason, i.updated_by, i.updated_at_ms, w.code
    FROM cutting_items i
    JOIN warehouses w ON w.tenant_id = i.tenant_id AND w.id = i.warehouse_id
    JOIN cutting_orders o ON o.tenant_id = i.tenant_id AND o.id = i.order_id
    JOIN products p ON p.tenant_id = i.tenant_id AND p.id = i.product_id
    LEFT JOIN fabric_rolls r ON r.tenant_id = i.tenant_id AND r.id = i.cut_roll_id
    WHERE i.tenant_id = $1";

fn item_row(r: &dyn Row) -> R<CuttingItem> {
    Ok(CuttingItem {
        id: r.i64(0)?,
        order_id: r.i64(1)?,
        order_number: r.text(2)?,
        line_no: r.i64(3)?,
        product_id: ProductId(r.i64(4)?),
        product_code: r.text(5)?,
        warehouse_id: WarehouseId(r.i64(6)?),
        length: r.i64(7)?,
        roll_id: r.opt_i64(8)?,
        status: r.text(9)?,
        cut_roll_id: r.opt_i64(10)?,
        cut_roll_label: r.opt_text(11)?,
        cut_value: r.opt_i64(12)?,
        reason: r.opt_text(13)?,
        updated_by: r.text(14)?,
        updated_at_ms: r.i64(15)?,
        warehouse_code: r.text(16)?,
    })
}

/// A cutting order with its items.
pub(crate) fn order(tx: &mut dyn Tx, s: TenantScope, id: i64) -> R<Option<CuttingOrder>> {
    let head = tx.opt(
        "SELECT id, number, note, charge_account_id, created_by, created_at_ms
         FROM cutting_orders WHERE tenant_id = $1 AND id = $2",
        args![s.id(), id],
        |r| {
            Ok(CuttingOrder {
                id: r.i64(0)?,
                number: r.text(1)?,
                note: r.opt_text(2)?,
                charge_account_id: AccountId(r.i64(3)?),
                created_by: r.text(4)?,
                created_at_ms: r.i64(5)?,
                items: Vec::new(),
            })
        },
    )?;
    let Some(mut order) = head else {
        return Ok(None);
    };
    order.items = tx.rows(
        &format!("{ITEM} AND i.order_id = $2 ORDER BY i.line_no"),
        args![s.id(), id],
        item_row,
    )?;
    Ok(Some(order))
}

/// One cutting item.
pub(crate) fn item(tx: &mut dyn Tx, s: TenantScope, id: i64) -> R<Option<CuttingItem>> {
    tx.opt(
        &format!("{ITEM} AND i.id = $2"),
        args![s.id(), id],
        item_row,
    )
}

/// Items in `status`, oldest first (the cutting queue: reserved items, next to cut), at most
/// `limit` (1 to 500).
pub(crate) fn items(
    tx: &mut dyn Tx,
    s: TenantScope,
    status: &str,
    limit: i64,
) -> R<Vec<CuttingItem>> {
    tx.rows(
        &format!(
            "{ITEM} AND i.status = $2 ORDER BY i.updated_at_ms, i.id LIMIT {}",
            limit.clamp(1, 500)
        ),
        args![s.id(), status],
        item_row,
    )
}

/// Fabrics that pending cutting items need more of than their warehouse has free (on hand −
/// reserved), most short first.
pub(crate) fn shortages(tx: &mut dyn Tx, s: TenantScope) -> R<Vec<Shortage>> {
    let mut all = tx.rows(
        "SELECT n.warehouse_id, n.product_id, p.code, n.needed,
                CAST(COALESCE(l.qty, 0) AS BIGINT),
                CAST(COALESCE((SELECT SUM(r.length) FROM cutting_items r
                     WHERE r.tenant_id = $1 AND r.warehouse_id = n.warehouse_id
                       AND r.product_id = n.product_id AND r.status = 'reserved'), 0) AS BIGINT),
                w.code
         FROM (SELECT warehouse_id, product_id, CAST(SUM(length) AS BIGINT) AS needed
               FROM cutting_items WHERE tenant_id = $1 AND status = 'pending'
               GROUP BY warehouse_id, product_id) n
         JOIN products p ON p.tenant_id = $1 AND p.id = n.product_id
         JOIN warehouses w ON w.tenant_id = $1 AND w.id = n.warehouse_id
         LEFT JOIN stock_levels l ON l.tenant_id = $1 AND l.warehouse_id = n.warehouse_id
              AND l.product_id = n.product_id",
        args![s.id()],
        |r| {
            let (needed, on_hand, reserved) = (r.i64(3)?, r.i64(4)?, r.i64(5)?);
            Ok(Shortage {
                warehouse_id: WarehouseId(r.i64(0)?),
                product_id: ProductId(r.i64(1)?),
                product_code: r.text(2)?,
                warehouse_code: r.text(6)?,
                needed,
                on_hand,
                reserved,
                short: needed - (on_hand - reserved).max(0),
            })
        },
    )?;
    all.retain(|s| s.short > 0);
    all.sort_by(|a, b| {
        b.short
            .cmp(&a.short)
            .then(a.product_code.cmp(&b.product_code))
    });
    Ok(all)
}
