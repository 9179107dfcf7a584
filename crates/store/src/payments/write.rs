//! Writing a supplier payment: from a drawer, the register's open session is locked and its
//! expected cash checked by the pure rule; the payment, its entry, the drawer's cash move and
//! the session's payouts, and the supplier's balance are written in one transaction.

use mizan_domain::AccountId;
use mizan_domain::calendar::business_day;
use mizan_domain::payments::{
    PaidFrom, PaymentAccounts, SupplierPayment, SupplierPaymentSnapshot, post_supplier_payment,
};

use crate::ledger::subledgers::{add_to_supplier_debt, drawer_cash};
use crate::ledger::write::{Entry, next_number, write_entry};
use crate::sessions::drawer::{PaidOut, count_paid_out, open_session_cash};
use crate::tx::args;
use crate::write::Posting;
use crate::{ResourceKind, WriteError, Written};

pub(crate) fn pay_supplier(
    p: &mut Posting<'_>,
    pay: &SupplierPayment,
    paid_by: &str,
    now_ms: i64,
) -> Result<Written, WriteError> {
    let t = p.t;
    let supplier_exists = p.tx.exists(
        "SELECT 1 FROM suppliers WHERE tenant_id = $1 AND id = $2",
        args![t, pay.supplier().0],
    )?;
    let (drawer, session) = match pay.from() {
        PaidFrom::Drawer(register) => match p.register(register.0)? {
            Some((account, _)) => (Some(AccountId(account)), open_session_cash(p, register.0)?),
            None => (None, None),
        },
        PaidFrom::Safe | PaidFrom::Bank => (None, None),
    };
    let snapshot = SupplierPaymentSnapshot {
        supplier_exists,
        accounts: Some(PaymentAccounts {
            suppliers: p.role("suppliers")?,
            safe: p.role("cash")?,
            bank: p.role("bank")?,
        }),
        drawer,
        session,
    };
    let effects = post_supplier_payment(pay, &snapshot)?;
    let number = next_number(p, "SPY", now_ms)?;
    let day = business_day(now_ms, p.settings()?.utc_offset_minutes);
    let register = match pay.from() {
        PaidFrom::Drawer(r) => Some(r.0),
        PaidFrom::Safe | PaidFrom::Bank => None,
    };
    let id = p.tx.insert_id(
        "INSERT INTO supplier_payments (tenant_id, number, supplier_id, paid_from,
             cash_register_id, session_id, amount, note, paid_by, business_day, created_at_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        args![
            tenant_id = t,
            number = number.as_str(),
            supplier_id = pay.supplier().0,
            paid_from = pay.from().as_str(),
            cash_register_id = register,
            session_id = effects.session.map(|s| s.0),
            amount = pay.amount(),
            note = pay.note(),
            paid_by = paid_by,
            business_day = day,
            created_at_ms = now_ms,
        ],
    )?;
    if let Some((register, amount)) = effects.cash {
        drawer_cash(p, "supplier_payment", id, register.0, amount)?;
    }
    if let Some(session) = effects.session {
        count_paid_out(p, session, PaidOut::Payout, pay.amount())?;
    }
    add_to_supplier_debt(p, pay.supplier().0, -pay.amount())?;
    write_entry(
        p.tx,
        t,
        &Entry {
            id: None,
            doc_kind: "supplier_payment",
            doc: id,
            number: &number,
            memo: &format!("Supplier payment {number}"),
            lines: &effects.entry,
            now_ms,
        },
    )?;
    Ok(Written::created(ResourceKind::SupplierPayment, id))
}
