//! Reading suppliers, receipts with their lines, and purchase returns with theirs.

use mizan_domain::{ProductId, PurchaseId, SupplierId, WarehouseId};

use super::{Purchase, PurchaseItem, PurchaseReturn, PurchaseReturnItem, Supplier};
use crate::tx::{Row, Tx, args};
use crate::{Page, StoreError, TenantScope};

type R<T> = Result<T, StoreError>;

const SUPPLIER: &str =
    "SELECT id, name, phone, tax_number, balance FROM suppliers WHERE tenant_id = $1";

fn supplier_row(r: &dyn Row) -> R<Supplier> {
    Ok(Supplier {
        id: SupplierId(r.i64(0)?),
        name: r.text(1)?,
        phone: r.opt_text(2)?,
        tax_number: r.opt_text(3)?,
        balance: r.i64(4)?,
    })
}

/// A page of suppliers in id order.
pub(crate) fn suppliers(tx: &mut dyn Tx, s: TenantScope, p: Page) -> R<Vec<Supplier>> {
    tx.rows(
        &format!("{SUPPLIER} AND id > $2 ORDER BY id LIMIT $3"),
        args![s.id(), p.after, p.limit],
        supplier_row,
    )
}

/// A page of the suppliers whose name, phone or tax number contains `text`, in id order.
pub(crate) fn suppliers_named(
    tx: &mut dyn Tx,
    s: TenantScope,
    text: &str,
    p: Page,
) -> R<Vec<Supplier>> {
    tx.rows(
        &format!(
            "{SUPPLIER} AND (LOWER(name) LIKE $2 ESCAPE '\\' OR LOWER(phone) LIKE $2 ESCAPE '\\'
                 OR LOWER(tax_number) LIKE $2 ESCAPE '\\')
             AND id > $3 ORDER BY id LIMIT $4"
        ),
        args![
            s.id(),
            crate::catalog::read::contains_pattern(text).as_str(),
            p.after,
            p.limit
        ],
        supplier_row,
    )
}

pub(crate) fn supplier(tx: &mut dyn Tx, s: TenantScope, id: SupplierId) -> R<Option<Supplier>> {
    tx.opt(
        &format!("{SUPPLIER} AND id = $2"),
        args![s.id(), id.0],
        supplier_row,
    )
}

pub(crate) fn purchase(tx: &mut dyn Tx, s: TenantScope, id: PurchaseId) -> R<Option<Purchase>> {
    let head = tx.opt(
        "SELECT id, number, supplier_id, warehouse_id, supplier_ref, received_by, net, vat, total,
                business_day, created_at_ms
         FROM purchases WHERE tenant_id = $1 AND id = $2",
        args![s.id(), id.0],
        |r| {
            Ok(Purchase {
                id: PurchaseId(r.i64(0)?),
                number: r.text(1)?,
                supplier_id: SupplierId(r.i64(2)?),
                warehouse_id: WarehouseId(r.i64(3)?),
                supplier_ref: r.opt_text(4)?,
                received_by: r.text(5)?,
                net: r.i64(6)?,
                vat: r.i64(7)?,
                total: r.i64(8)?,
                business_day: r.i32(9)?,
                created_at_ms: r.i64(10)?,
                lines: Vec::new(),
            })
        },
    )?;
    let Some(mut head) = head else {
        return Ok(None);
    };
    head.lines = tx.rows(
        "SELECT line_no, product_id, qty, unit_cost, vat_bp, net, vat FROM purchase_lines
         WHERE tenant_id = $1 AND purchase_id = $2 ORDER BY line_no",
        args![s.id(), id.0],
        |r| {
            Ok(PurchaseItem {
                line_no: r.i64(0)?,
                product_id: ProductId(r.i64(1)?),
                qty: r.i64(2)?,
                unit_cost: r.i64(3)?,
                vat_bp: r.i64(4)?,
                net: r.i64(5)?,
                vat: r.i64(6)?,
            })
        },
    )?;
    Ok(Some(head))
}

pub(crate) fn purchase_return(
    tx: &mut dyn Tx,
    s: TenantScope,
    id: i64,
) -> R<Option<PurchaseReturn>> {
    let head = tx.opt(
        "SELECT id, number, purchase_id, supplier_id, warehouse_id, reason, returned_by, net, vat,
                total, cost, business_day, created_at_ms
         FROM purchase_returns WHERE tenant_id = $1 AND id = $2",
        args![s.id(), id],
        |r| {
            Ok(PurchaseReturn {
                id: r.i64(0)?,
                number: r.text(1)?,
                purchase_id: PurchaseId(r.i64(2)?),
                supplier_id: SupplierId(r.i64(3)?),
                warehouse_id: WarehouseId(r.i64(4)?),
                reason: r.text(5)?,
                returned_by: r.text(6)?,
                net: r.i64(7)?,
                vat: r.i64(8)?,
                total: r.i64(9)?,
                cost: r.i64(10)?,
                business_day: r.i32(11)?,
                created_at_ms: r.i64(12)?,
                lines: Vec::new(),
            })
        },
    )?;
    let Some(mut head) = head else {
        return Ok(None);
    };
    head.lines = tx.rows(
        "SELECT line_no, product_id, qty, net, vat, cost FROM purchase_return_lines
         WHERE tenant_id = $1 AND return_id = $2 ORDER BY line_no",
        args![s.id(), id],
        |r| {
            Ok(PurchaseReturnItem {
                line_no: r.i64(0)?,
                product_id: ProductId(r.i64(1)?),
                qty: r.i64(2)?,
                net: r.i64(3)?,
                vat: r.i64(4)?,
                cost: r.i64(5)?,
            })
        },
    )?;
    Ok(Some(head))
}
