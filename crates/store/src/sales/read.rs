//! Reading sales: one sale, or a page of them newest first, each with its lines and payments.

use mizan_domain::{
    AccountId, BranchId, CashRegisterId, CashierSessionId, CustomerId, ProductId, SaleId,
    WarehouseId,
};

use crate::tx::{Row, Tx, args};
use crate::{Sale, SaleLineRecord, SalePaymentRecord, SaleStatus, StoreError, TenantScope};

type R<T> = Result<T, StoreError>;

const SALE: &str = "SELECT id, number, status, payment_method, cash_register_id, customer_id,
    net, vat, total, cost, created_at_ms, posted_at_ms, session_id, branch_id, cashier,
    utc_offset_minutes,
    (SELECT r.id FROM sale_returns r
     WHERE r.tenant_id = sales.tenant_id AND r.sale_id = sales.id AND r.voids_sale)
        AS void_return_id
    FROM sales WHERE tenant_id = $1";

fn sale_row(r: &dyn Row) -> R<Sale> {
    Ok(Sale {
        id: SaleId(r.i64(0)?),
        number: r.opt_text(1)?,
        status: SaleStatus::parse(&r.text(2)?).unwrap_or(SaleStatus::Draft),
        payment_method: r.text(3)?,
        cash_register_id: r.opt_i64(4)?.map(CashRegisterId),
        customer_id: r.opt_i64(5)?.map(CustomerId),
        net: r.i64(6)?,
        vat: r.i64(7)?,
        total: r.i64(8)?,
        cost: r.i64(9)?,
        created_at_ms: r.i64(10)?,
        posted_at_ms: r.opt_i64(11)?,
        session_id: r.opt_i64(12)?.map(CashierSessionId),
        branch_id: r.opt_i64(13)?.map(BranchId),
        cashier: r.text(14)?,
        utc_offset_minutes: r.opt_i64(15)?.and_then(|m| i32::try_from(m).ok()),
        void_return_id: r.opt_i64(16)?,
        lines: Vec::new(),
        payments: Vec::new(),
    })
}

fn lines_and_payments(tx: &mut dyn Tx, s: TenantScope, sale: &mut Sale) -> R<()> {
    sale.lines = tx.rows(
        "SELECT line_no, product_id, warehouse_id, qty, unit_price, discount, net, vat, cost,
             label_amount
         FROM sale_lines WHERE tenant_id = $1 AND sale_id = $2 ORDER BY line_no",
        args![s.id(), sale.id.0],
        |r| {
            Ok(SaleLineRecord {
                line_no: r.i64(0)?,
                product_id: ProductId(r.i64(1)?),
                warehouse_id: WarehouseId(r.i64(2)?),
                qty: r.i64(3)?,
                unit_price: r.i64(4)?,
                discount: r.i64(5)?,
                net: r.i64(6)?,
                vat: r.i64(7)?,
                cost: r.i64(8)?,
                label_amount: r.opt_i64(9)?,
            })
        },
    )?;
    sale.payments = tx.rows(
        "SELECT method, amount, received, change_amount, account_id FROM sale_payments
         WHERE tenant_id = $1 AND sale_id = $2 ORDER BY line_no",
        args![s.id(), sale.id.0],
        |r| {
            Ok(SalePaymentRecord {
                method: r.text(0)?,
                amount: r.i64(1)?,
                received: r.i64(2)?,
                change: r.i64(3)?,
                account_id: AccountId(r.i64(4)?),
            })
        },
    )?;
    Ok(())
}

pub(crate) fn sale(tx: &mut dyn Tx, s: TenantScope, id: SaleId) -> R<Option<Sale>> {
    let Some(mut sale) = tx.opt(
        &format!("{SALE} AND id = $2"),
        args![s.id(), id.0],
        sale_row,
    )?
    else {
        return Ok(None);
    };
    lines_and_payments(tx, s, &mut sale)?;
    Ok(Some(sale))
}

/// Sales newest first, at most `limit`, with ids below `before` when given.
pub(crate) fn sales(
    tx: &mut dyn Tx,
    s: TenantScope,
    limit: i64,
    before: Option<SaleId>,
    cashier: Option<&str>,
) -> R<Vec<Sale>> {
    let mut out = tx.rows(
        &format!(
            "{SALE} AND id < $2 AND (CAST($4 AS TEXT) IS NULL OR cashier = $4)
             ORDER BY id DESC LIMIT $3"
        ),
        args![s.id(), before.map_or(i64::MAX, |b| b.0), limit, cashier],
        sale_row,
    )?;
    for sale in &mut out {
        lines_and_payments(tx, s, sale)?;
    }
    Ok(out)
}
