//! Reading supplier and customer payments.

use mizan_domain::{CashRegisterId, CashierSessionId, CustomerId, SaleId, SupplierId};

use super::{CustomerPaymentRecord, SupplierPaymentRecord};
use crate::tx::{Tx, args};
use crate::{StoreError, TenantScope};

pub(crate) fn supplier_payment(
    tx: &mut dyn Tx,
    s: TenantScope,
    id: i64,
) -> Result<Option<SupplierPaymentRecord>, StoreError> {
    tx.opt(
        "SELECT id, number, supplier_id, paid_from, cash_register_id, session_id, amount, note,
                paid_by, business_day, created_at_ms
         FROM supplier_payments WHERE tenant_id = $1 AND id = $2",
        args![s.id(), id],
        |r| {
            Ok(SupplierPaymentRecord {
                id: r.i64(0)?,
                number: r.text(1)?,
                supplier_id: SupplierId(r.i64(2)?),
                paid_from: r.text(3)?,
                cash_register_id: r.opt_i64(4)?.map(CashRegisterId),
                session_id: r.opt_i64(5)?.map(CashierSessionId),
                amount: r.i64(6)?,
                note: r.opt_text(7)?,
                paid_by: r.text(8)?,
                business_day: r.i32(9)?,
                created_at_ms: r.i64(10)?,
            })
        },
    )
}

pub(crate) fn customer_payment(
    tx: &mut dyn Tx,
    s: TenantScope,
    id: i64,
) -> Result<Option<CustomerPaymentRecord>, StoreError> {
    let found = tx.opt(
        "SELECT id, number, customer_id, method, cash_register_id, session_id, amount, note,
                received_by, business_day, created_at_ms
         FROM customer_payments WHERE tenant_id = $1 AND id = $2",
        args![s.id(), id],
        |r| {
            Ok(CustomerPaymentRecord {
                id: r.i64(0)?,
                number: r.text(1)?,
                customer_id: CustomerId(r.i64(2)?),
                method: r.text(3)?,
                cash_register_id: r.opt_i64(4)?.map(CashRegisterId),
                session_id: r.opt_i64(5)?.map(CashierSessionId),
                amount: r.i64(6)?,
                note: r.opt_text(7)?,
                received_by: r.text(8)?,
                business_day: r.i32(9)?,
                created_at_ms: r.i64(10)?,
                allocations: Vec::new(),
                opening_balance_settled: 0,
            })
        },
    )?;
    let Some(mut payment) = found else {
        return Ok(None);
    };
    payment.allocations = tx.rows(
        "SELECT sale_id, amount FROM customer_payment_allocations
         WHERE tenant_id = $1 AND payment_id = $2 ORDER BY sale_id",
        args![s.id(), id],
        |r| Ok((SaleId(r.i64(0)?), r.i64(1)?)),
    )?;
    payment.opening_balance_settled = tx.one(
        "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM opening_balance_settlements
         WHERE tenant_id = $1 AND payment_id = $2",
        args![s.id(), id],
        |r| r.i64(0),
    )?;
    Ok(Some(payment))
}
