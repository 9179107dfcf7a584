//! Reading a supplier payment.

use mizan_domain::{CashRegisterId, CashierSessionId, SupplierId};

use super::SupplierPaymentRecord;
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
