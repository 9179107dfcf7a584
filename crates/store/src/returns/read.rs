//! Reading returns: one return with its lines, and a sale's returns.

use mizan_domain::{CashRegisterId, CashierSessionId, CustomerId, ProductId, SaleId, WarehouseId};

use super::{SaleReturn, SaleReturnLine};
use crate::tx::{Tx, args};
use crate::{StoreError, TenantScope};

type R<T> = Result<T, StoreError>;

const RETURN: &str = "SELECT id, number, sale_id, warehouse_id, refund_method, cash_register_id,
            session_id, customer_id, reason, returned_by, net, vat, total, cost, business_day,
            created_at_ms, utc_offset_minutes, voids_sale
     FROM sale_returns";

fn with_lines(tx: &mut dyn Tx, s: TenantScope, mut r: SaleReturn) -> R<SaleReturn> {
    r.lines = tx.rows(
        "SELECT line_no, product_id, qty, net, vat, cost FROM sale_return_lines
         WHERE tenant_id = $1 AND return_id = $2 ORDER BY line_no",
        args![s.id(), r.id],
        |row| {
            Ok(SaleReturnLine {
                line_no: row.i64(0)?,
                product_id: ProductId(row.i64(1)?),
                qty: row.i64(2)?,
                net: row.i64(3)?,
                vat: row.i64(4)?,
                cost: row.i64(5)?,
            })
        },
    )?;
    Ok(r)
}

fn rows(tx: &mut dyn Tx, sql: &str, a: &[crate::tx::Arg<'_>]) -> R<Vec<SaleReturn>> {
    tx.rows(sql, a, |r| {
        Ok(SaleReturn {
            id: r.i64(0)?,
            number: r.text(1)?,
            sale_id: SaleId(r.i64(2)?),
            warehouse_id: r.opt_i64(3)?.map(WarehouseId),
            refund_method: r.text(4)?,
            cash_register_id: r.opt_i64(5)?.map(CashRegisterId),
            session_id: r.opt_i64(6)?.map(CashierSessionId),
            customer_id: r.opt_i64(7)?.map(CustomerId),
            reason: r.text(8)?,
            returned_by: r.text(9)?,
            net: r.i64(10)?,
            vat: r.i64(11)?,
            total: r.i64(12)?,
            cost: r.i64(13)?,
            business_day: r.i32(14)?,
            created_at_ms: r.i64(15)?,
            utc_offset_minutes: r.i32(16)?,
            voids_sale: r.bool(17)?,
            lines: Vec::new(),
        })
    })
}

pub(crate) fn sale_return(tx: &mut dyn Tx, s: TenantScope, id: i64) -> R<Option<SaleReturn>> {
    let found = rows(
        tx,
        &format!("{RETURN} WHERE tenant_id = $1 AND id = $2"),
        args![s.id(), id],
    )?;
    match found.into_iter().next() {
        Some(r) => Ok(Some(with_lines(tx, s, r)?)),
        None => Ok(None),
    }
}

/// A sale's returns, oldest first.
pub(crate) fn returns_of_sale(tx: &mut dyn Tx, s: TenantScope, sale: SaleId) -> R<Vec<SaleReturn>> {
    let found = rows(
        tx,
        &format!("{RETURN} WHERE tenant_id = $1 AND sale_id = $2 ORDER BY id"),
        args![s.id(), sale.0],
    )?;
    found.into_iter().map(|r| with_lines(tx, s, r)).collect()
}
