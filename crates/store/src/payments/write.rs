//! Writing payments. A supplier payment from a drawer locks the register's open session and
//! the pure rule checks its expected cash; a customer payment locks the customer, reads what is
//! open on their opening balance and credit sales and allocates to them. Each is written with
//! its entry, drawer cash and session figure, and the balance it settles, in one transaction.

use mizan_domain::calendar::business_day;
use mizan_domain::payments::{
    CustomerPayment, CustomerPaymentSnapshot, OpenSale, PaidFrom, PaymentAccounts, ReceivedBy,
    SupplierPayment, SupplierPaymentSnapshot, post_customer_payment, post_supplier_payment,
};
use mizan_domain::{AccountId, SaleId};

use super::open_items::open_sales_sql;
use crate::ledger::openings::CUSTOMER_OPENING_OPEN;
use crate::ledger::subledgers::{add_to_customer_debt, add_to_supplier_debt, drawer_cash};
use crate::ledger::write::{Entry, next_number, write_entry};
use crate::sessions::drawer::{PaidOut, count_paid_out, open_session_cash};
use crate::tx::{Arg, args};
use crate::write::Posting;
use crate::{ResourceKind, WriteError, Written};

fn accounts(p: &mut Posting<'_>) -> Result<PaymentAccounts, WriteError> {
    Ok(PaymentAccounts {
        suppliers: p.role("suppliers")?,
        customers: p.role("customers")?,
        card: p.role("card_clearing")?,
        safe: p.role("cash")?,
        bank: p.role("bank")?,
    })
}

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
        accounts: Some(accounts(p)?),
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
        p,
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

pub(crate) fn receive_customer_payment(
    p: &mut Posting<'_>,
    pay: &CustomerPayment,
    received_by: &str,
    now_ms: i64,
) -> Result<Written, WriteError> {
    let t = p.t;
    let c = pay.customer().0;
    // Payments of one customer take turns: the balance and what is open are read locked.
    let balance = p.tx.lock_row(
        "SELECT balance FROM customers WHERE tenant_id = $1 AND id = $2",
        args![t, c],
        |r| r.i64(0),
    )?;
    let open_sales = if balance.is_some() {
        // Everything so far: no business day is later than the largest.
        p.tx.rows(
            &open_sales_sql(true),
            args![t, i64::from(i32::MAX), c],
            |r| {
                Ok(OpenSale {
                    sale: SaleId(r.i64(0)?),
                    open: r.i64(3)?,
                })
            },
        )?
    } else {
        Vec::new()
    };
    let opening = if balance.is_some() {
        p.tx.opt(CUSTOMER_OPENING_OPEN, args![t, c], |r| {
            Ok((r.i64(0)?, r.i64(1)?))
        })?
    } else {
        None
    };
    let (drawer, session) = match pay.by() {
        ReceivedBy::Cash(register) => match p.register(register.0)? {
            Some((account, _)) => (
                Some(AccountId(account)),
                open_session_cash(p, register.0)?.map(|(s, _)| s),
            ),
            None => (None, None),
        },
        ReceivedBy::Card | ReceivedBy::Bank => (None, None),
    };
    let snapshot = CustomerPaymentSnapshot {
        balance,
        open_sales,
        opening_open: opening.map_or(0, |(_, open)| open),
        accounts: Some(accounts(p)?),
        drawer,
        session,
        require_open_session: p.settings()?.require_open_session,
    };
    let effects = post_customer_payment(pay, &snapshot)?;
    let number = next_number(p, "CPY", now_ms)?;
    let day = business_day(now_ms, p.settings()?.utc_offset_minutes);
    let register = match pay.by() {
        ReceivedBy::Cash(r) => Some(r.0),
        ReceivedBy::Card | ReceivedBy::Bank => None,
    };
    let id = p.tx.insert_id(
        "INSERT INTO customer_payments (tenant_id, number, customer_id, method, cash_register_id,
             session_id, amount, note, received_by, business_day, created_at_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        args![
            tenant_id = t,
            number = number.as_str(),
            customer_id = c,
            method = pay.by().as_str(),
            cash_register_id = register,
            session_id = effects.session.map(|s| s.0),
            amount = pay.amount(),
            note = pay.note(),
            received_by = received_by,
            business_day = day,
            created_at_ms = now_ms,
        ],
    )?;
    let mut values: Vec<Arg<'_>> = Vec::with_capacity(effects.allocations.len() * 4);
    for (sale, amount) in &effects.allocations {
        values.extend::<[Arg<'_>; 4]>([t.into(), id.into(), sale.0.into(), (*amount).into()]);
    }
    p.tx.insert_many(
        "INSERT INTO customer_payment_allocations (tenant_id, payment_id, sale_id, amount)",
        4,
        &values,
        "",
    )?;
    if let (Some((opening, _)), settled @ 1..) = (opening, effects.opening_settled) {
        p.tx.defer(
            "INSERT INTO opening_balance_settlements (tenant_id, payment_id, opening_id, amount)
             VALUES ($1, $2, $3, $4)",
            args![t, id, opening, settled],
        )?;
    }
    if let Some((register, amount)) = effects.cash {
        drawer_cash(p, "customer_payment", id, register.0, amount)?;
    }
    if let Some(session) = effects.session {
        p.tx.defer(
            "UPDATE cashier_sessions SET pay_ins = pay_ins + $3 WHERE tenant_id = $1 AND id = $2",
            args![t, session.0, pay.amount()],
        )?;
    }
    add_to_customer_debt(p, c, -pay.amount())?;
    write_entry(
        p,
        &Entry {
            id: None,
            doc_kind: "customer_payment",
            doc: id,
            number: &number,
            memo: &format!("Customer payment {number}"),
            lines: &effects.entry,
            now_ms,
        },
    )?;
    Ok(Written::created(ResourceKind::CustomerPayment, id))
}
